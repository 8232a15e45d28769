#!/usr/bin/env bash
# The numerical guard (src/run/stepper.cpp check_replica_finite; docs/errors.md#numerical-guard-and-model-failures-exit-1):
# a velocity that becomes NaN or infinite stops the run with exit code 1, the message
#   grazing: failed: non-finite velocity (<vx>, <vy>, <vz>) at t = <t>, replica <r>, particle <i>: ...
# run.json "status": "failed" with the same "error", and moments.csv holding the outputs before t.
# Two legitimate ways Euler-Maruyama produces one (the exact models cannot):
#  A. A velocity file in which particles 5 and 6 differ by 1e-150 (in a component where both are 0:
#     |z|^2 = 1e-300 is still normal), tabary Euler-Maruyama at gamma = -3 with a regularisation
#     eta = 1e-300 below that distance: alpha = r^-3 overflows to +inf, so the first step makes exactly
#     particles 5 and 6 NaN (every particle is computed from the old state). Output at every step:
#     the guard names t = 0.001, replica 0, particle 5. Independent of the random numbers.
#  B. gamma = 1 with a step too large for it (dt = 0.1, temperature 0.5): the explicit drift
#     -2 |z| z overshoots and grows without bound; within one output interval of 40 steps replica 0's
#     velocities reach inf and then NaN (inf - inf), all of them in the step to t = 1.5 (checked at every
#     step; the lowest replica with one is reported, whichever thread found it first).
# Before the fix of TabaryPotential::alpha for NaN distances, case A crashed with SIGSEGV.
set -uo pipefail
BIN=$1; ROOT=$2
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
fail=0
# check NAME DIR EXPECTED_TAIL ROWS: exit 1, the message, run.json, and ROWS data rows kept in moments.csv.
check() {
  local name=$1 dir=$2 tail=$3 rows=$4 rc=$5
  [[ $rc -eq 1 ]] || { echo "FAIL ($name): exit code $rc, expected 1"; cat "$TMP/stderr"; fail=1; return; }
  local msg
  msg=$(grep '^grazing: failed: ' "$TMP/stderr")
  [[ "$msg" =~ ^grazing:\ failed:\ non-finite\ velocity\ \(.*\)\ at\ (t\ =\ .*)$ ]] \
    || { echo "FAIL ($name): not the non-finite velocity message:"; cat "$TMP/stderr"; fail=1; return; }
  [[ "${BASH_REMATCH[1]}" == "$tail" ]] \
    || { echo "FAIL ($name): message ends '${BASH_REMATCH[1]}', expected '$tail'"; fail=1; return; }
  /usr/bin/python3 - "$dir" "${msg#grazing: failed: }" "$rows" <<'PY' || { echo "FAIL ($name): run.json or moments.csv"; fail=1; return; }
import csv, json, sys
d, msg, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
j = json.load(open(d + "/run.json"))
assert j["status"] == "failed", j["status"]
assert j["error"] == msg, (j["error"], msg)
kept = list(csv.DictReader(open(d + "/moments.csv")))
assert len(kept) == rows, len(kept)
assert all(float(r["mean_v2"]) < 1e300 for r in kept)
PY
  echo "ok: $name -> $msg"
}

# A: near-coincident pair at particles 5 and 6.
cat > "$TMP/v.csv" <<'CSV'
vx,vy,vz
0.3,-1.1,0.4
-0.7,0.2,0.9
1.2,0.5,-0.3
-0.4,-0.6,-1.0
0.8,1.0,0.1
0.5,0.5,0
0.5,0.5,1e-150
-1.3,0.1,0.6
CSV
cat > "$TMP/a.toml" <<'TOML'
[model]
name = "tabary"
scheme = "euler-maruyama"
gamma = -3.0
eta = 1e-300
dt = 1e-3
[initial]
kind = "file"
path = "v.csv"
[run]
t_end = 0.01
output_every = 1e-3
replicas = 2
TOML
"$BIN" check "$TMP/a.toml" > /dev/null || { echo "FAIL (A): the config is not valid"; fail=1; }
"$BIN" run "$TMP/a.toml" --out "$TMP/a" -q > "$TMP/stdout" 2> "$TMP/stderr"
check "A, file with a pair 1e-150 apart" "$TMP/a" \
  "t = 0.001, replica 0, particle 5 (in the step where it appeared): the run stops (outputs up to the previous time are kept)" 2 $?
# A2: the same with one output interval of ten steps. By the second step the drift has spread the NaN to
# every particle, so a check at the output time would name particle 0; Euler-Maruyama checks every step
# and names the source, particle 5 at t = 0.001, whatever the output interval and the threads.
for threads in 1 2; do
  "$BIN" run "$TMP/a.toml" --out "$TMP/a2-$threads" --set run.output_every=0.01 --threads $threads -q \
    > "$TMP/stdout" 2> "$TMP/stderr"
  check "A2, one output interval of ten steps, $threads thread(s)" "$TMP/a2-$threads" \
    "t = 0.001, replica 0, particle 5 (in the step where it appeared): the run stops (outputs up to the previous time are kept)" 2 $?
done

# B: gamma = 1, dt too large.
cat > "$TMP/b.toml" <<'TOML'
[model]
name = "tabary"
scheme = "euler-maruyama"
gamma = 1.0
dt = 0.1
[initial]
kind = "maxwellian"
N = 8
temperature = 0.5
[run]
t_end = 4.0
output_every = 4.0
replicas = 4
TOML
"$BIN" run "$TMP/b.toml" --out "$TMP/b" -q > "$TMP/stdout" 2> "$TMP/stderr"
check "B, gamma = 1 with dt = 0.1" "$TMP/b" \
  "t = 1.5, replica 0, particle 0 (in the step where it appeared): the run stops (outputs up to the previous time are kept)" 4 $?

# C: mbc-rate at gamma = +-300: a clock far too fast to reach the output time (thinning bound
# N (2M)^300 / h; pair rates r^-300). It looped without end, ignoring signals; now the replica fails at
# its first draw with exit 1, the rate and the draws it would need, run.json "failed", the t = 0 row kept.
for g in 300 -300; do
  cat > "$TMP/c.toml" <<TOML
[model]
name = "mbc-rate"
gamma = $g
[initial]
kind = "maxwellian"
N = 7
[run]
t_end = 1.0
TOML
  "$BIN" run "$TMP/c.toml" --out "$TMP/c$g" -q > "$TMP/stdout" 2> "$TMP/stderr"
  rc=$?
  msg=$(grep '^grazing: failed: ' "$TMP/stderr")
  if [[ $rc -ne 1 || "$msg" != *"mbc-rate: the clock rate "*" at model time t = 0 (replica 0) would need about "*" draws to reach the output time 0.1 (at most 1e13 per output interval); gamma = $g is too extreme"* ]]; then
    echo "FAIL (C, gamma = $g): exit code $rc"; cat "$TMP/stderr"; fail=1
  elif ! /usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j["status"] == "failed" and "too extreme" in j["error"]' "$TMP/c$g/run.json" \
       || [[ $(wc -l < "$TMP/c$g/moments.csv") -ne 2 ]]; then
    echo "FAIL (C, gamma = $g): run.json or moments.csv"; fail=1
  else
    echo "ok: C, mbc-rate gamma = $g -> $msg"
  fi
done
exit $fail
