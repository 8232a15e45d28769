#!/usr/bin/env bash
# Runs with [[species]] (docs/plasma.md): bad input exits 2 naming the key and writes nothing; the
# mixture's momentum and energy are conserved to round-off over 1e8 collisions of three species by
# mbc, sbm, takizuka-abe and nanbu; the t = 0 slopes of temperature exchange (m_i/m_e = 10 and 1836,
# and with unequal numbers by Takizuka & Abe's pairing), isotropisation and beam slowing meet the
# formulary's exact rates (tests/cli/plasma_rates.py, tolerance 5 standard errors).
set -uo pipefail
BIN=$1; ROOT=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
fail=0
species() {  # species NAME MASS_ME Z DENSITY T_EV N
  printf '[[species]]\nname = "%s"\nmass_me = %s\nZ = %s\ndensity = %s\nT_eV = %s\nN = %s\n' "$@"
}
base() {
  printf '[model]\nname = "mbc"\n'
  species e 1 -1 1e28 100 1000
  species i 10 1 1e28 50 1000
  printf '[plasma]\ncoulomb_log = 5\n[run]\nt_end = 1e-15\n[output]\ndir = "%s/out"\n' "$TMP"
}
# expect_from CONFIG_FUNCTION KEY SED_EXPR: the function's config edited by SED_EXPR exits 2 naming KEY,
# nothing written. expect KEY SED_EXPR: the same with the base config.
expect_from() {
  local config=$1 key=$2 expr=$3
  rm -rf "$TMP/out"
  "$config" | sed "$expr" > "$TMP/bad.toml"
  "$BIN" run "$TMP/bad.toml" -q > "$TMP/stdout" 2> "$TMP/stderr"
  local rc=$?
  if [[ $rc -ne 2 ]] || ! grep -qF -- "$key" "$TMP/stderr" || [[ -e $TMP/out ]]; then
    echo "FAIL ($expr): exit $rc, expected 2 naming $key:"; cat "$TMP/stderr"; fail=1
  fi
}
expect() { expect_from base "$@"; }
base > "$TMP/good.toml"
"$BIN" run "$TMP/good.toml" -q || { echo "FAIL: the base config does not run"; fail=1; }
expect "species[0].mass_me" '0,/mass_me = 1/s//mass_me = 0/'
expect "species[1].mass_me" 's/mass_me = 10/mass_me = -10/'
expect "species[1].Z" 's/Z = 1$/Z = 0/'
expect "species[0].density" '0,/density = 1e28/s//density = 0/'
expect "species[0].T_eV" '0,/T_eV = 100/s//T_eV = -1/'
expect "species[1].T_eV" 's/T_eV = 50/T_eV = [1, 2]/'
expect "species[0].mass_kg" '0,/mass_me = 1/s//mass_me = 1\nmass_kg = 1e-30/'
expect "plasma.coulomb_log.e-x" 's/coulomb_log = 5/coulomb_log = { "e-x" = 5 }/'
expect "plasma.coulomb_log" 's/coulomb_log = 5/coulomb_log = { "e-i" = 5 }/'
expect "plasma.coulomb_log" 's/coulomb_log = 5/coulomb_log = -1/'
expect "species[1].N" '0,/N = 1000/!s/N = 1000/N = 500/'
expect "same weight" '0,/N = 1000/!s/N = 1000/N = 500/'
expect "initial" '1i [initial]\nkind = "maxwellian"\nN = 10'
expect "model.name" 's/name = "mbc"/name = "tabary"/'

# A species' velocities from a file (m/s): every replica starts from them, species.csv's t = 0 row and
# run.json's T_eV and drift are the sample's (computed here with numpy), and the keys that would
# contradict the file are refused.
/usr/bin/python3 - "$TMP/e.csv" <<'PY'
import sys
import numpy as np
rng = np.random.default_rng(5)
v = rng.normal(size=(3000, 3)) * np.sqrt(100 * 1.602176634e-19 / 9.1093837015e-31) * [1.0, 0.8, 0.6] + [2e5, 0, -1e5]
np.savetxt(sys.argv[1], v, delimiter=",", header="vx,vy,vz", comments="")
PY
file_base() {
  printf '[model]\nname = "mbc"\n[[species]]\nname = "e"\nmass_me = 1\nZ = -1\ndensity = 1e28\nvelocities = "%s/e.csv"\n' "$TMP"
  species i 10 1 1e28 50 3000
  printf '[plasma]\ncoulomb_log = 5\n[run]\nt_end = 1e-16\nreplicas = 2\n[output]\ndir = "%s/out"\n' "$TMP"
}
rm -rf "$TMP/out"
file_base > "$TMP/file.toml"
"$BIN" run "$TMP/file.toml" -q || { echo "FAIL: the run with species velocities from a file"; fail=1; }
/usr/bin/python3 - "$TMP/e.csv" "$TMP/out" <<'PY' || fail=1
import csv, json, sys
import numpy as np
v = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1)
T = 9.1093837015e-31 * v.var(axis=0) / 1.602176634e-19
rows = [r for r in csv.DictReader(open(sys.argv[2] + "/species.csv")) if r["species"] == "e" and float(r["t"]) == 0]
sp = json.load(open(sys.argv[2] + "/run.json"))["plasma"]["species"][0]
ok = len(rows) == 2 and sp["N"] == 3000 and sp["velocities"].endswith("e.csv")
ok &= np.allclose(sp["T_eV"], T, rtol=1e-12) and np.allclose(sp["drift"], v.mean(axis=0), rtol=1e-12)
for r in rows:
    ok &= np.allclose([float(r[k]) for k in ("T_x", "T_y", "T_z")], T, rtol=1e-10)
    ok &= np.allclose([float(r[f"drift_{k}"]) for k in "xyz"], v.mean(axis=0), rtol=1e-10, atol=1e-6)
ok &= all(rows[0][k] == rows[1][k] for k in rows[0] if k != "replica")
print("species velocities from a file:", "ok" if ok else f"FAIL {T} {v.mean(axis=0)} {rows} {sp}")
sys.exit(0 if ok else 1)
PY
expect_file() { expect_from file_base "$@"; }
expect_file "species[0].T_eV" '0,/density = 1e28/s//density = 1e28\nT_eV = 3/'
expect_file "species[0].drift" '0,/density = 1e28/s//density = 1e28\ndrift = [1, 0, 0]/'
expect_file "species[0].N" '0,/density = 1e28/s//density = 1e28\nN = 2999/'
expect_file "species[0].velocities" 's/e.csv/missing.csv/'
expect_file "species[0].velocities_dataset" '0,/density = 1e28/s//density = 1e28\nvelocities_dataset = "v"/'

# Conservation: three species (electrons, deuterons Z = 1, carbon Z = 6 at 1/6 of the density), ~1e8
# collisions in one replica for every model (landau-diffusion: one step of all 1.8e8 pairs); run.json's
# plasma.conservation. The pairing models on one
# thread (their steps' parallel loops gain nothing at this N on a shared CI machine).
for model in mbc sbm takizuka-abe nanbu landau-diffusion; do
  case $model in mbc) t_end=2.2e-13 ;; sbm) t_end=1.5e-14 ;; landau-diffusion) t_end=1e-18 ;; *) t_end=7.4e-14 ;; esac
  {
    printf '[model]\nname = "%s"\ntau = 0.01\n' "$model"
    species e 1 -1 1.2e28 100 12000
    species D 3670.48 1 6e27 80 6000
    species C 21874.7 6 1e27 60 1000
    printf '[plasma]\ncoulomb_log = 10\n[run]\nt_end = %s\noutput_every = %s\n[output]\ndir = "%s/cons-%s"\n' \
      "$t_end" "$t_end" "$TMP" "$model"
  } > "$TMP/cons.toml"
  "$BIN" run "$TMP/cons.toml" -q --threads 1 || { echo "FAIL: the conservation run ($model)"; fail=1; }
  /usr/bin/python3 - "$TMP/cons-$model/run.json" "$model" <<'PY' || fail=1
import json, sys
j = json.load(open(sys.argv[1]))
c, n = j["plasma"]["conservation"], j["events"]
print(f"{sys.argv[2]}: conservation over {n:.3g} collisions: energy {c['max_rel_energy_drift']:.2e}, momentum {c['max_rel_momentum_drift']:.2e}")
ok = n >= 1e8 and c["max_rel_energy_drift"] <= 1e-13 and c["max_rel_momentum_drift"] <= 1e-13
print("ok" if ok else "FAIL: more than 1e-13, or too few collisions")
sys.exit(0 if ok else 1)
PY
done

# Stopped and resumed: SIGTERM inside the interval after output 1 (the 3rd look at the stop flag) and
# SIGKILL once output 3 is written (periodic checkpoints), then --resume: moments.csv and species.csv
# byte-identical to an uninterrupted run, the same conservation record in run.json.
{
  printf '[model]\nname = "mbc"\ntau = 0.01\n'
  species e 1 -1 1e28 100 3000
  species i 10 1 1e28 50 3000
  printf '[plasma]\ncoulomb_log = 5\n[run]\nt_end = 5e-14\noutput_every = 1e-14\nreplicas = 2\ncheckpoint_every = 1\n'
} > "$TMP/resume.toml"
"$BIN" run "$TMP/resume.toml" --out "$TMP/ref" -q
for how in TERM:1:3 KILL:3; do
  rm -rf "$TMP/cut"
  GRAZING_RAISE=$how "$BIN" run "$TMP/resume.toml" --out "$TMP/cut" -q 2> "$TMP/cut.err"
  rc=$?
  want=143; [[ $how == KILL:3 ]] && want=137
  if [[ $rc -ne $want ]] || [[ ! -f $TMP/cut/checkpoint.h5 ]]; then
    echo "FAIL ($how): exit $rc (expected $want) or no checkpoint"; cat "$TMP/cut.err"; fail=1; continue
  fi
  "$BIN" run --resume "$TMP/cut" -q || { echo "FAIL ($how): --resume"; fail=1; continue; }
  for f in moments.csv species.csv; do
    cmp -s "$TMP/ref/$f" "$TMP/cut/$f" || { echo "FAIL ($how): $f differs after the resume"; fail=1; }
  done
  /usr/bin/python3 -c "import json,sys; a,b=(json.load(open(p))['plasma']['conservation'] for p in sys.argv[1:]); sys.exit(a!=b)" \
    "$TMP/ref/run.json" "$TMP/cut/run.json" || { echo "FAIL ($how): conservation record differs"; fail=1; }
  echo "resume after $how: identical"
done

/usr/bin/python3 "$ROOT/tests/cli/plasma_rates.py" "$BIN" "$TMP" || fail=1
exit $fail
