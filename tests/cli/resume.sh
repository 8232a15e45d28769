#!/usr/bin/env bash
# Interrupted runs lose nothing: a run stopped by SIGTERM (or SIGINT) part-way writes its outputs and a
# checkpoint and exits 143 (130); `grazing run --resume DIR` then finishes it, and moments.csv and
# particles.h5 are byte-identical to an uninterrupted run. Also: a run killed by SIGKILL resumes from its
# last periodic checkpoint (run.checkpoint_every) to the same bytes; bad --resume uses exit 2.
# Models: mbc (replicas in parallel, and one replica on two threads: the exact parallel schedule),
# tabary pair splitting, tabary Euler-Maruyama, landau-diffusion, mbc-rate (sum tree and thinning),
# takizuka-abe (the binary pairing step that nanbu shares).
# The signals come from the run itself at a point it reaches (GRAZING_RAISE, docs/commands/run.md
# "Testing hooks"), never after a delay: SIGTERM/SIGINT at the 3rd look at the stop flag inside the
# interval after output 1 (so replicas stop inside an interval), SIGKILL once output 3 is written.
set -euo pipefail
BIN=$1; ROOT=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT

check_case() {  # name, signal, expected exit code, config text
  local name=$1 sig=$2 want=$3
  printf '%s\n' "$4" > "$TMP/$name.toml"
  "$BIN" run "$TMP/$name.toml" --out "$TMP/$name-ref" -q
  local at=1:3
  [ "$sig" = KILL ] && at=3  # output 3 of two replicas written: the checkpoint of output 2 exists
  set +e
  GRAZING_RAISE="$sig:$at" "$BIN" run "$TMP/$name.toml" --out "$TMP/$name" -q 2> "$TMP/$name.err"
  local rc=$?
  set -e
  if [ "$sig" = KILL ]; then
    [ "$rc" -eq 137 ] || { echo "$name: exit $rc after SIGKILL"; exit 1; }
    test -f "$TMP/$name/checkpoint.h5" || { echo "$name: no periodic checkpoint"; exit 1; }
    test ! -e "$TMP/$name/run.json" && test -f "$TMP/$name/moments.csv.part"
  else
    [ "$rc" -eq "$want" ] || { echo "$name: exit $rc, expected $want"; cat "$TMP/$name.err"; exit 1; }
    grep -q '"status": "interrupted"' "$TMP/$name/run.json"
    test -f "$TMP/$name/checkpoint.h5" && test -f "$TMP/$name/moments.csv"
    grep -q "stopped by signal .* at t = 0.[0-9]* (2 of" "$TMP/$name.err" \
      || { echo "$name: not stopped inside the second interval:"; cat "$TMP/$name.err"; exit 1; }
  fi
  "$BIN" run --resume "$TMP/$name" -q
  grep -q '"status": "complete"' "$TMP/$name/run.json"
  test ! -e "$TMP/$name/checkpoint.h5"
  cmp "$TMP/$name-ref/moments.csv" "$TMP/$name/moments.csv"
  if [ -f "$TMP/$name-ref/particles.h5" ]; then cmp "$TMP/$name-ref/particles.h5" "$TMP/$name/particles.h5"; fi
  echo "ok: $name (stopped by SIG$sig, resumed, identical)"
}

MBC='[model]
name = "mbc"
gamma = -3.0
h = 1e-3
[initial]
kind = "gaussian"
N = 20000
variances = [2.0, 0.5, 0.5]
[run]
t_end = 1.5
output_every = 0.1
seed = 3
[output]
particles = true'
check_case mbc-replicas TERM 143 "${MBC/seed = 3/seed = 3
replicas = 2
threads = 2}"
check_case mbc-one-replica-two-threads INT 130 "${MBC/seed = 3/seed = 3
replicas = 1
threads = 2}"
check_case mbc-killed KILL 0 "${MBC/seed = 3/seed = 3
replicas = 2
checkpoint_every = 2}"

TAB='[model]
name = "tabary"
gamma = -2.5
dt = 1e-3
[initial]
kind = "gaussian"
N = 300
variances = [2.0, 0.5, 0.5]
[run]
t_end = 0.6
output_every = 0.04
seed = 5
replicas = 2
[output]
particles = true'
check_case tabary-splitting TERM 143 "$TAB"
check_case tabary-euler-maruyama TERM 143 "${TAB/dt = 1e-3/dt = 1e-3
scheme = \"euler-maruyama\"}"
check_case landau-diffusion TERM 143 "${TAB/tabary\"
gamma = -2.5/landau-diffusion\"
gamma = -3.0}"

# mbc-rate stops inside an interval too (its clock time is in the checkpoint): the sum tree (gamma < 0)
# and thinning (gamma >= 0).
MR='[model]
name = "mbc-rate"
gamma = -3.0
[initial]
kind = "gaussian"
N = 200
variances = [2.0, 0.5, 0.5]
[run]
t_end = 0.6
output_every = 0.1
seed = 5
replicas = 2
[output]
particles = true'
check_case mbc-rate-tree TERM 143 "$MR"
check_case mbc-rate-thinning TERM 143 "${MR/gamma = -3.0/gamma = 0.5}"

TA=${MBC/name = \"mbc\"/name = \"takizuka-abe\"}
check_case takizuka-abe TERM 143 "${TA/h = 1e-3/dt = 1e-3}"

# mbc-rate at gamma = -10, N = 7: an output interval that would take days. The first SIGTERM stops it
# inside the interval with a checkpoint (it used to be ignored), and so does one after a resume.
printf '[model]\nname = "mbc-rate"\ngamma = -10.0\n[initial]\nkind = "maxwellian"\nN = 7\n[run]\nt_end = 1.0\nreplicas = 3\n' \
  > "$TMP/slow.toml"
for round in 1 2; do
  set +e
  if [ $round = 1 ]; then GRAZING_RAISE=TERM:0:5 "$BIN" run "$TMP/slow.toml" --out "$TMP/slow" -q 2> "$TMP/slow.err"
  else GRAZING_RAISE=TERM:0:5 "$BIN" run --resume "$TMP/slow" -q 2> "$TMP/slow.err"; fi
  rc=$?
  set -e
  [ "$rc" -eq 143 ] && grep -q '"status": "interrupted"' "$TMP/slow/run.json" && test -f "$TMP/slow/checkpoint.h5" \
    || { echo "mbc-rate gamma = -10, round $round: exit $rc"; cat "$TMP/slow.err"; exit 1; }
done
echo "ok: mbc-rate at gamma = -10 stops at the first signal, also after a resume"

# --resume misuse: exit 2, nothing changed.
set +e
"$BIN" run --resume "$TMP/nowhere" -q 2> "$TMP/err"; rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "checkpoint" "$TMP/err"
set +e
"$BIN" run "$TMP/mbc-killed.toml" --resume "$TMP/mbc-killed" -q 2> "$TMP/err"; rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q -- "--resume" "$TMP/err"
# an existing run directory is refused without --force, replaced with it
set +e
"$BIN" run "$TMP/mbc-killed.toml" --out "$TMP/mbc-killed" -q 2> "$TMP/err"; rc=$?
set -e
[ "$rc" -eq 2 ] && grep -q "output.dir" "$TMP/err" && grep -q -- "--force" "$TMP/err"
"$BIN" run "$TMP/tabary-splitting.toml" --out "$TMP/mbc-killed" --force -q
grep -q '"model": "tabary"' "$TMP/mbc-killed/run.json"
echo "resume: ok"
