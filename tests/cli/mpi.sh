#!/usr/bin/env bash
# MPI (docs/parallel.md): moments.csv (and particles.h5) byte-identical for 1, 2 and 3 processes —
# ensembles of mbc and tabary, distributed N for mbc, tabary (pair splitting) and landau-diffusion, with
# 3 processes gathering the velocities in chunks of 37 particles (GRAZING_GATHER_CHUNK); studies over
# 2, 3 and 4 processes (points spread over processes, and a point's replicas or particles over a group)
# give the one-process tables; an input error exits 2 on every process with nothing written; a process
# killed mid-run ends the job with a non-zero exit and no run.json.
set -euo pipefail
BIN=$1; ROOT=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
MPIRUN=(mpirun --oversubscribe --bind-to none)

config() {  # model-specific keys, N, replicas
  cat <<TOML
[model]
$1
[initial]
kind = "gaussian"
variances = [2.0, 0.5, 0.5]
N = $2
[run]
t_end = 0.2
output_every = 0.1
seed = 11
replicas = $3
threads = 1
[output]
particles = true
TOML
}
config 'name = "mbc"
gamma = -3.0
h = 0.002' 1000 5 > "$TMP/mbc.toml"
config 'name = "tabary"
gamma = -3.0
dt = 0.01
splitting = "strang"' 101 3 > "$TMP/tabary.toml"
config 'name = "landau-diffusion"
gamma = 0.0
dt = 0.01' 100 2 > "$TMP/ld.toml"

"$BIN" run "$TMP/mbc.toml" --out "$TMP/one" -q
# A build without MPI (-DGRAZING_MPI=OFF) skips this test (CTest's SKIP_RETURN_CODE 77); the README's
# build has MPI, so there it runs.
grep -q '"built_with_mpi": true' "$TMP/one/run.json" || { echo "skipped: grazing was built without MPI"; exit 77; }
command -v mpirun > /dev/null || { echo "mpirun not found (bash scripts/install-deps.sh installs openmpi-bin)"; exit 1; }

same() {  # reference directory, directory: outputs, and run.json's event counts and drifts
  cmp "$1/moments.csv" "$2/moments.csv" && cmp "$1/particles.h5" "$2/particles.h5"
  /usr/bin/python3 - "$1/run.json" "$2/run.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:3])
for k in ("events", "counters", "max_rel_energy_drift", "max_momentum_drift"):
    assert a[k] == b[k], (k, a[k], b[k])
PY
}
for m in mbc tabary ld; do
  "$BIN" run "$TMP/$m.toml" --out "$TMP/$m-1" -q
  for P in 2 3; do
    modes="particles"
    [ "$m" != ld ] && modes="replicas particles"
    for D in $modes; do
      # 3 processes: velocities gathered to process 0 in chunks of 37 particles (not whole blocks of 64)
      chunk=""
      [ $P = 3 ] && chunk=37
      GRAZING_GATHER_CHUNK=$chunk "${MPIRUN[@]}" -np $P "$BIN" run "$TMP/$m.toml" --out "$TMP/$m-$P-$D" -q --set run.distribute=$D
      same "$TMP/$m-1" "$TMP/$m-$P-$D"
      grep -q "\"distribute\": \"$D\"" "$TMP/$m-$P-$D/run.json"
      grep -q "\"ranks\": $P" "$TMP/$m-$P-$D/run.json"
      echo "ok: $m, $P processes, distribute = $D: outputs identical to one process"
    done
  done
done
# two threads per process inside a distributed replica
"${MPIRUN[@]}" -np 2 "$BIN" run "$TMP/mbc.toml" --out "$TMP/mbc-2t" -q --set run.distribute=particles --threads 2
same "$TMP/mbc-1" "$TMP/mbc-2t"
echo "ok: mbc, 2 processes x 2 threads: identical"

# studies: the one-process tables byte for byte (summary.csv's wall_seconds and simulation_seconds aside).
# Six points (BKW reference, exact W2) over 2, 3 and 4 processes: the points spread, one process each;
# two points of 5 replicas over 3 processes: groups of 2 and 1, the group of 2 spreading the replicas, or
# (run.distribute = "particles") the particles, gathered in chunks of 7.
cat > "$TMP/sbase.toml" <<TOML
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
seed = 5
threads = 1
TOML
printf '[study]\nbase = "sbase.toml"\nreference = "bkw"\nN = [60, 130, 200]\nh = [0.01, 0.02]\nreplicas = 4\npooled_max = 300\nquantile_cells = 2048\nexact_w2 = true\nnear_diagonal_pairs = 500\n' > "$TMP/s.toml"
printf '[study]\nbase = "sbase.toml"\nreference = "bkw"\nN = [150, 250]\nreplicas = 5\npooled_max = 300\nquantile_cells = 2048\n' > "$TMP/s2.toml"
same_study() {  # reference directory, directory
  for f in points.csv fits.csv study.json; do cmp "$1/$f" "$2/$f"; done
  diff <(cut -d, -f1-11 "$1/summary.csv") <(cut -d, -f1-11 "$2/summary.csv")
  test "$(wc -l < "$2/summary.csv")" -eq "$(wc -l < "$1/summary.csv")"
}
"$BIN" study "$TMP/s.toml" --out "$TMP/s1" -q --no-plots
test "$(wc -l < "$TMP/s1/summary.csv")" -eq 7
for P in 2 3 4; do
  "${MPIRUN[@]}" -np $P "$BIN" study "$TMP/s.toml" --out "$TMP/s$P" -q --no-plots
  same_study "$TMP/s1" "$TMP/s$P"
  echo "ok: study of 6 points over $P processes: the one-process tables"
done
"$BIN" study "$TMP/s2.toml" --out "$TMP/t1" -q --no-plots
for D in replicas particles; do
  GRAZING_GATHER_CHUNK=7 "${MPIRUN[@]}" -np 3 "$BIN" study "$TMP/s2.toml" --out "$TMP/t3$D" -q --no-plots --set run.distribute=$D
  same_study "$TMP/t1" "$TMP/t3$D"
  echo "ok: study of 2 points over 3 processes, a point's $D over 2: the one-process tables"
done

# input error: exit 2, nothing written, said once
set +e
"${MPIRUN[@]}" -np 2 "$BIN" run "$TMP/mbc.toml" --out "$TMP/bad" -q --set run.distribute=pairs 2> "$TMP/err"; rc=$?
set -e
test $rc -eq 2 && test ! -e "$TMP/bad" && test "$(grep -c 'grazing: error: run.distribute' "$TMP/err")" -eq 1
set +e
"${MPIRUN[@]}" -np 2 "$BIN" run "$TMP/mbc.toml" --out "$TMP/bad" -q --set run.checkpoint_every=1 2> "$TMP/err"; rc=$?
set -e
test $rc -eq 2 && test ! -e "$TMP/bad" && grep -q 'run.checkpoint_every' "$TMP/err"
echo "ok: input errors under mpirun"

# a process killed mid-run: the job ends non-zero, nothing looks complete. Process 1 kills itself once
# output 1 is written (GRAZING_RAISE, a point the run reaches; an MPMD launch gives it alone the hook).
sed 's/^t_end = 0.2/t_end = 1000.0/; s/^output_every = 0.1/output_every = 1.0/' "$TMP/mbc.toml" > "$TMP/long.toml"
set +e
"${MPIRUN[@]}" -np 1 "$BIN" run "$TMP/long.toml" --out "$TMP/killed" -q \
  : -np 1 env GRAZING_RAISE=KILL:1 "$BIN" run "$TMP/long.toml" --out "$TMP/killed" -q > "$TMP/kill.log" 2>&1
rc=$?
set -e
test $rc -ne 0 || { echo "job exited 0 after a process was killed"; exit 1; }
test ! -e "$TMP/killed/run.json" && test ! -e "$TMP/killed/moments.csv" && test -e "$TMP/killed/moments.csv.part"
grep -q "rank 1" "$TMP/kill.log"
echo "ok: killed process ends the job (exit $rc), no run.json, outputs left as .part"
