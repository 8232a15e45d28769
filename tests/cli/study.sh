#!/usr/bin/env bash
# grazing study on a tiny sweep: tables with the documented columns, plots, and `grazing plot` on a run.
set -euo pipefail
BIN=$1; ROOT=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
cat > "$TMP/base.toml" <<TOML
[model]
name = "mbc"
gamma = 0.0
h = 0.01
[initial]
kind = "bkw"
K0 = 0.6
N = 100
[run]
t_end = 0.1
output_every = 0.05
replicas = 4
[output]
particles = true
TOML
cat > "$TMP/s.toml" <<TOML
[study]
base = "base.toml"
reference = "bkw"
N = [50, 200]
replicas = 4
pooled_max = 400
TOML
"$BIN" study "$TMP/s.toml" --out "$TMP/st" -q > "$TMP/out.txt"
for f in points.csv summary.csv fits.csv study.json w2_vs_N.png nvar.png moments_entropy_fisher.png near_diagonal.png; do
  test -s "$TMP/st/$f" || { echo "missing $f"; exit 1; }
done
head -1 "$TMP/st/points.csv" | grep -q '^point,N,h,replicas,t,mean_v4,mean_v4_se,ref_v4,w2_speed'
test "$(wc -l < "$TMP/st/points.csv")" -eq 7   # header + 2 points x 3 times
test "$(wc -l < "$TMP/st/summary.csv")" -eq 3
echo "ok: study tables and plots"
# radial reference at gamma = -3 from a Maxwellian, h schedule
sed 's/gamma = 0.0/gamma = -3.0/; s/kind = "bkw"/kind = "maxwellian"/; /K0/d' "$TMP/base.toml" > "$TMP/base3.toml"
printf '[study]\nbase = "base3.toml"\nreference = "radial"\nN = [50, 100]\nh_c = 0.5\nh_beta = 1.0\nreplicas = 3\nentropy_fisher = false\nradial_cells = 60\n' > "$TMP/s3.toml"
"$BIN" study "$TMP/s3.toml" --out "$TMP/st3" -q --no-plots > /dev/null
grep -q '^0,50,0.01,3,' "$TMP/st3/summary.csv"
echo "ok: radial reference with an h_N schedule"
# bad study input: exit 2 and the key named
set +e
printf '[study]\nbase = "base.toml"\nreference = "exact"\n' > "$TMP/bad.toml"
"$BIN" study "$TMP/bad.toml" --out "$TMP/bad" -q 2> "$TMP/err"; rc=$?
set -e
test $rc -eq 2 && grep -q 'study.reference' "$TMP/err" && test ! -e "$TMP/bad"
echo "ok: bad study input refused"
# grazing plot on a run directory with particles.h5
"$BIN" run "$TMP/base.toml" --out "$TMP/run" -q
"$BIN" plot "$TMP/run" > /dev/null
test -s "$TMP/run/moments.png" && test -s "$TMP/run/histograms.png"
echo "ok: plot of a run"
