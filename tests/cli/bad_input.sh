#!/usr/bin/env bash
# Bad input: exit code 2, a message naming the offending key, and nothing written. A table of malformed
# configs (docs/errors.md): wrong types, out-of-range values, unknown keys (with the closest valid one
# suggested), missing sections, an empty file, binary garbage, the memory guard; and `grazing check`.
set -uo pipefail
BIN=$1; ROOT=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
fail=0
good() {
  cat <<TOML
[model]
name = "mbc"
gamma = -3.0
h = 0.01
[initial]
kind = "maxwellian"
N = 100
[run]
t_end = 0.1
[output]
dir = "$TMP/out"
TOML
}
# expect KEY_TEXT ARGS...: run with ARGS, expect exit 2, stderr containing KEY_TEXT, no $TMP/out.
expect() {
  local key=$1; shift
  rm -rf "$TMP/out"
  "$BIN" "$@" > "$TMP/stdout" 2> "$TMP/stderr"
  local rc=$?
  if [[ $rc -ne 2 ]]; then echo "FAIL ($*): exit code $rc, expected 2"; cat "$TMP/stderr"; fail=1; return; fi
  if ! grep -qF -- "$key" "$TMP/stderr"; then echo "FAIL ($*): message does not name '$key':"; cat "$TMP/stderr"; fail=1; return; fi
  if [[ -e "$TMP/out" ]]; then echo "FAIL ($*): output directory was created"; fail=1; return; fi
  echo "ok: $key -> $(head -1 "$TMP/stderr")"
}
good > "$TMP/good.toml"
# sanity: the good config runs
"$BIN" run "$TMP/good.toml" -q || { echo "FAIL: good config did not run"; exit 1; }
rm -rf "$TMP/out"

expect "model.name" run "$TMP/good.toml" --set model.name=bogus
expect "initial.N" run "$TMP/good.toml" --set initial.N=-5
expect "initial.N" run "$TMP/good.toml" --set initial.N=1
expect "initial.N" run "$TMP/good.toml" --set initial.N=2.5
expect "model.h" run "$TMP/good.toml" --set model.h=0
expect "model.h" run "$TMP/good.toml" --set model.h=-1e-3
expect "run.t_end" run "$TMP/good.toml" --set run.t_end=0
expect "run.t_end" run "$TMP/good.toml" --set run.t_end=-1
expect "model.hh" run "$TMP/good.toml" --set model.hh=0.1
expect "run.output_evry" run "$TMP/good.toml" --set run.output_evry=0.1
expect "modle" run "$TMP/good.toml" --set modle.gamma=1
expect "model.gamma" run "$TMP/good.toml" --set 'model.gamma="minus three"'
expect "initial.kind" run "$TMP/good.toml" --set initial.kind=uniform
expect "initial.K0" run "$TMP/good.toml" --set initial.kind=bkw --set initial.K0=0.5
expect "initial.variances" run "$TMP/good.toml" --set initial.kind=gaussian --set 'initial.variances=[1,0,1]'
expect "initial.path" run "$TMP/good.toml" --set initial.kind=file --set initial.path=/nonexistent.csv
expect "initial.exact_moments" run "$TMP/good.toml" --set initial.kind=file --set initial.path=$ROOT/tests/data/four_planar.csv --set initial.exact_moments=true
expect "run.replicas" run "$TMP/good.toml" --set run.replicas=0
expect "run.seed" run "$TMP/good.toml" --set run.seed=-1
expect "run.output_every" run "$TMP/good.toml" --set run.output_every=0
expect "--threads" run "$TMP/good.toml" --threads -1
expect "nonexistent.toml" run "$TMP/nonexistent.toml"
printf '[model]\nname = "mbc"\ngamma = \n' > "$TMP/syntax.toml"
expect "syntax.toml" run "$TMP/syntax.toml"
# model-specific keys
expect "model.landau_C" run "$TMP/good.toml" --set model.landau_C=0
expect "model.landau_C" run "$TMP/good.toml" --set model.landau_C=-0.5
T=(--set model.name=tabary)
grep -v '^h = ' "$TMP/good.toml" > "$TMP/tab.toml"
expect "model.scheme" run "$TMP/tab.toml" "${T[@]}" --set model.scheme=rk4
expect "model.dt" run "$TMP/tab.toml" "${T[@]}" --set model.dt=0
expect "model.eta" run "$TMP/tab.toml" "${T[@]}" --set model.eta=-1
expect "model.eta" run "$TMP/tab.toml" "${T[@]}" --set model.eta=0 --set model.scheme=euler-maruyama
expect "model.splitting" run "$TMP/tab.toml" "${T[@]}" --set model.splitting=yoshida
expect "model.splitting" run "$TMP/tab.toml" "${T[@]}" --set model.splitting=strang --set model.scheme=euler-maruyama
expect "model.project" run "$TMP/tab.toml" "${T[@]}" --set model.project=true
expect "model.h" run "$TMP/tab.toml" "${T[@]}" --set model.h=0.1
expect "model.splitting" run "$TMP/tab.toml" --set model.name=tabary-mckean --set model.splitting=lie
expect "initial.N" run "$TMP/good.toml" --set model.name=mbc-rate --set initial.N=60000
# missing required key
grep -v '^gamma' "$TMP/good.toml" > "$TMP/nogamma.toml"
expect "model.gamma" run "$TMP/nogamma.toml"

# Malformed files: empty, binary garbage, missing sections, a section that is not a table.
: > "$TMP/empty.toml"
expect "initial.kind" run "$TMP/empty.toml"
head -c 512 /dev/urandom > "$TMP/garbage.toml"; printf '\x00\xff[[' >> "$TMP/garbage.toml"
expect "garbage.toml" run "$TMP/garbage.toml"
sed '/^\[model\]/,/^h = /d' "$TMP/good.toml" > "$TMP/nomodel.toml"
expect "model.name" run "$TMP/nomodel.toml"
sed '/^\[run\]/,/^t_end/d' "$TMP/good.toml" > "$TMP/norun.toml"
expect "run.t_end" run "$TMP/norun.toml"
sed '/^\[initial\]/,/^N = /d' "$TMP/good.toml" > "$TMP/noinitial.toml"
expect "initial.kind" run "$TMP/noinitial.toml"
printf 'model = 3\n' > "$TMP/scalar.toml"
expect "model" run "$TMP/scalar.toml"
# Wrong types.
expect "initial.N" run "$TMP/good.toml" --set initial.N=1.5
expect "initial.N" run "$TMP/good.toml" --set 'initial.N=[100]'
expect "run.seed" run "$TMP/good.toml" --set run.seed=true
expect "run.replicas" run "$TMP/good.toml" --set run.replicas=two
expect "output.particles" run "$TMP/good.toml" --set output.particles=1
expect "output.dir" run "$TMP/good.toml" --set output.dir=3
expect "initial.variances" run "$TMP/good.toml" --set initial.kind=gaussian --set 'initial.variances=[1,2]'
expect "initial.mean" run "$TMP/good.toml" --set 'initial.mean=["a","b","c"]'
# Out of range.
expect "run.t_end" run "$TMP/good.toml" --set run.t_end=inf
expect "model.h" run "$TMP/good.toml" --set model.h=nan
expect "run.checkpoint_every" run "$TMP/good.toml" --set run.checkpoint_every=-1
expect "run.threads" run "$TMP/good.toml" --set run.threads=100000
expect "run.adapt_threads" run "$TMP/good.toml" --set run.adapt_threads=3
expect "initial.temperature" run "$TMP/good.toml" --set initial.temperature=0
# The memory guard: 1e12 particles do not fit. The key, then the message itself (src/io/config.cpp,
# docs/errors.md#memory-guard): what the run needs against what is available.
expect "initial.N: N = 1000000000000 with 1 replica(s) needs 2.4e+04 GB (particles 2.4e+04 GB" \
  run "$TMP/good.toml" --set initial.N=1000000000000 --set model.h=1
grep -qE 'model work space [0-9.e+-]+ GB\); this machine has [0-9.e+-]+ GB available' "$TMP/stderr" \
  || { echo "FAIL: the memory guard's message does not give the available memory:"; cat "$TMP/stderr"; fail=1; }
expect "run.replicas: N = 1000000000 with 100 replica(s) needs" \
  run "$TMP/good.toml" --set initial.N=1000000000 --set run.replicas=100 --set model.h=1
# An HDF5 velocity file whose dataset claims 1e10 rows (sparse: chunked, never written, 1.4 kB): the
# memory guard sees the file's N from its shape, before anything is allocated (it was std::bad_alloc,
# exit 1).
/usr/bin/python3 - "$TMP/huge.h5" <<'PY' || { echo "FAIL: cannot write the sparse HDF5 file (python3-h5py)"; fail=1; }
import sys, h5py
with h5py.File(sys.argv[1], "w") as f:
    f.create_dataset("velocities", shape=(10**10, 3), dtype="f8", chunks=(4096, 3))
PY
grep -v '^N = ' "$TMP/good.toml" | sed 's/^kind = "maxwellian"/kind = "file"/' > "$TMP/file.toml"
expect "initial.path: N = 10000000000 velocities in '$TMP/huge.h5' need 480 GB to read" \
  run "$TMP/file.toml" --set initial.path="$TMP/huge.h5"
expect "initial.path: N = 10000000000 velocities" check "$TMP/file.toml" --set initial.path="$TMP/huge.h5"
# --set takes one key: a newline (or any control character) would let the rest be parsed as more TOML
# lines and dropped; the message shows the argument with the character escaped.
expect "--set: 'model.gamma=1\u000abogus=5' contains a control character" run "$TMP/good.toml" --set $'model.gamma=1\nbogus=5'
expect "--set: 'model.gamma=1\u0009' contains a control character" run "$TMP/good.toml" --set $'model.gamma=1\t'
# Control characters in string values are shown escaped, not printed raw (a NUL cut the message short);
# a NUL is refused in every string: paths stop at it (output.dir "out\u0000x" would have written to out).
expect "output.dir: '$TMP/out\u0000x' contains a NUL character" run "$TMP/good.toml" --set "output.dir=\"$TMP/out\\u0000x\""
expect "model.name: 'mbc\u0000' contains a NUL character" run "$TMP/good.toml" --set 'model.name="mbc\u0000"'
expect "initial.path: '$TMP/huge.h5\u0000' contains a NUL" run "$TMP/file.toml" --set "initial.path=\"$TMP/huge.h5\\u0000\""
expect "model.name: unknown model 'mb\u0001c'" run "$TMP/good.toml" --set 'model.name="mb\u0001c"'
expect "model.name: unknown model 'mbc\u000a'" check "$TMP/good.toml" --set 'model.name="mbc\n"'
# Study lists: an empty N, h or replicas sweeps nothing (it wrote empty tables and a misleading plot error).
printf '[study]\nbase = "good.toml"\nreplicas = 2\nN = []\n' > "$TMP/s_n.toml"
printf '[study]\nbase = "good.toml"\nreplicas = 2\nh = []\n' > "$TMP/s_h.toml"
printf '[study]\nbase = "good.toml"\nreplicas = []\n' > "$TMP/s_r.toml"
expect "study.N: is an empty array" study "$TMP/s_n.toml" --out "$TMP/out" --no-plots -q
expect "study.h: is an empty array" study "$TMP/s_h.toml" --out "$TMP/out" --no-plots -q
expect "study.replicas: is an empty array" study "$TMP/s_r.toml" --out "$TMP/out" --no-plots -q
# Unknown keys, sections and names: the closest valid one is suggested.
expect "did you mean 'gamma'" run "$TMP/good.toml" --set model.gama=1
expect "did you mean 'output_every'" run "$TMP/good.toml" --set run.output_evry=0.1
expect "did you mean 'model'" run "$TMP/good.toml" --set modle.gamma=1
expect "did you mean 'mbc-rate'" run "$TMP/good.toml" --set model.name=mbc_rate
expect "did you mean 'maxwellian'" run "$TMP/good.toml" --set initial.kind=maxwelian
# `grazing check` validates the same way, and prints the resolved configuration when valid.
expect "model.gamma" check "$TMP/nogamma.toml"
expect "did you mean 'gamma'" check "$TMP/good.toml" --set model.gama=1
"$BIN" check "$TMP/good.toml" > "$TMP/check.out" || { echo "FAIL: check of the good config"; fail=1; }
grep -q '^h = 0.01' "$TMP/check.out" && grep -q '^replicas = 1' "$TMP/check.out" && grep -q '^temperature = 1' "$TMP/check.out" \
  || { echo "FAIL: check does not print the resolved configuration with its defaults"; cat "$TMP/check.out"; fail=1; }
[[ -e "$TMP/out" ]] && { echo "FAIL: check wrote the output directory"; fail=1; }
echo "cases: $(grep -c '^expect ' "$0")"
exit $fail
