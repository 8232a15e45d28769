#!/usr/bin/env bash
# Every model: same seed => byte-identical moments.csv for 1 and 2 threads, with one replica (threads
# inside the replica) and with three (threads over replicas).
set -euo pipefail
BIN=$1; ROOT=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
run_pair() {  # name, model lines, N, replicas, t_end
  local name=$1 model=$2 N=$3 R=$4 T=$5
  printf '[model]\n%b\n[initial]\nkind = "gaussian"\nN = %s\nvariances = [2.0, 0.5, 0.5]\n[run]\nt_end = %s\noutput_every = %s\nseed = 3\nreplicas = %s\n' \
    "$model" "$N" "$T" "$(awk "BEGIN{print $T/2}")" "$R" > "$TMP/$name.toml"
  "$BIN" run "$TMP/$name.toml" --out "$TMP/$name-1" --threads 1 -q
  "$BIN" run "$TMP/$name.toml" --out "$TMP/$name-2" --threads 2 -q
  cmp "$TMP/$name-1/moments.csv" "$TMP/$name-2/moments.csv"
  echo "ok: $name (N=$N, replicas=$R)"
}
for R in 1 3; do
  run_pair "mbc-$R" 'name = "mbc"\ngamma = -3.0\nh = 0.01' 3000 $R 0.1
  run_pair "mbc-rate-neg-$R" 'name = "mbc-rate"\ngamma = -3.0\nh = 0.05' 60 $R 0.02
  run_pair "mbc-rate-pos-$R" 'name = "mbc-rate"\ngamma = 1.0\nh = 0.01' 300 $R 0.2
  run_pair "tabary-split-$R" 'name = "tabary"\ngamma = -2.5\ndt = 1e-3' 300 $R 0.004
  run_pair "tabary-strang-$R" 'name = "tabary"\ngamma = -2.5\ndt = 1e-3\nsplitting = "strang"' 300 $R 0.004
  run_pair "tabary-em-$R" 'name = "tabary"\ngamma = -2.5\ndt = 1e-3\nscheme = "euler-maruyama"' 100 $R 0.004
  run_pair "tabary-independent-$R" 'name = "tabary-independent"\ngamma = -2.5\ndt = 1e-3' 100 $R 0.004
  run_pair "tabary-mckean-$R" 'name = "tabary-mckean"\ngamma = -2.5\ndt = 1e-3\nproject = true' 100 $R 0.004
  run_pair "landau-diffusion-$R" 'name = "landau-diffusion"\ngamma = -3.0\ndt = 1e-3' 300 $R 0.004
  run_pair "takizuka-abe-$R" 'name = "takizuka-abe"\ngamma = -3.0\ndt = 1e-3' 5000 $R 0.004
  run_pair "nanbu-$R" 'name = "nanbu"\ngamma = -3.0\ndt = 1e-3' 5000 $R 0.004
  run_pair "sbm-$R" 'name = "sbm"\ngamma = -3.0\ndt = 1e-3' 5000 $R 0.004
  run_pair "sbm-odd-$R" 'name = "sbm"\ngamma = -3.0\ndt = 1e-3' 4999 $R 0.004
done
# The clock option: tabary rescaled to C = 1/2 runs at half speed: its moments at t equal those of the
# unscaled run at t/2 (same seed, same steps).
printf '[model]\nname = "tabary"\ngamma = 0.0\ndt = 0.01\n[initial]\nkind = "gaussian"\nN = 20\nvariances = [2.0, 0.5, 0.5]\n[run]\nt_end = 0.1\noutput_every = 0.1\n' > "$TMP/clock.toml"
"$BIN" run "$TMP/clock.toml" --out "$TMP/clock-native" -q
"$BIN" run "$TMP/clock.toml" --out "$TMP/clock-half" --set model.landau_C=0.5 --set run.t_end=0.2 --set run.output_every=0.2 -q
diff <(cut -d, -f3- "$TMP/clock-native/moments.csv") <(cut -d, -f3- "$TMP/clock-half/moments.csv")
grep -q '"landau_C": 0.5' "$TMP/clock-half/run.json"
grep -q '"native_landau_C": 1.0' "$TMP/clock-half/run.json"
echo "ok: model.landau_C rescales the clock"
