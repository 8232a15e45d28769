#!/usr/bin/env bash
# Run directories that cannot be corrupted (docs/commands/run.md, "The directory lock", "Checkpoint and
# resume", "When a write fails"):
#  1. one process at a time: a resume (or a run, --force included) in a directory another grazing holds
#     is refused with exit 2 naming that process, and the holder finishes byte-identical to a reference;
#  2. --resume checks the outputs against the checkpoint: a moments.csv cut short or changed, a truncated
#     particles.h5 and a checkpoint copied from another run (another seed, another model) are refused with
#     exit 2, and the directory is left exactly as it was (run.json included);
#  3. a damaged checkpoint (one velocity changed by one ulp) is refused with exit 2;
#  4. a full disk (a small tmpfs, where this machine lets us mount one): exit 1, no file under a final
#     name, no temporaries, and after space is freed --resume finishes byte-identical to a reference;
#  5. an output directory that cannot be written (a read-only tmpfs): exit 2 before anything runs;
#  6. --force removes exactly the files it lists.
# Every interruption comes from the run itself at a point it reaches (GRAZING_RAISE); the process that
# holds the lock stops itself (SIGSTOP) and Python's waitpid(WUNTRACED) waits for that, with no delay.
set -euo pipefail
BIN=$1; ROOT=$2
TMP=$(mktemp -d)
MOUNTS=()
cleanup() {
  for m in "${MOUNTS[@]}"; do umount "$m" 2> /dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

cat > "$TMP/mbc.toml" <<'TOML'
[model]
name = "mbc"
gamma = -3.0
h = 1e-3
[initial]
kind = "gaussian"
N = 2000
variances = [2.0, 0.5, 0.5]
[run]
t_end = 1.0
output_every = 0.1
seed = 7
replicas = 2
checkpoint_every = 1
[output]
particles = true
TOML
"$BIN" run "$TMP/mbc.toml" --out "$TMP/ref" -q
same_as_ref() {  # DIR
  cmp "$TMP/ref/moments.csv" "$1/moments.csv" && cmp "$TMP/ref/particles.h5" "$1/particles.h5"
  grep -q '"status": "complete"' "$1/run.json"
  test ! -e "$1/checkpoint.h5" && test ! -e "$1/.grazing-lock"
}
# expect_refused DIR PATTERN COMMAND...: exit 2, PATTERN in the message, DIR unchanged (names, sizes, bytes;
# a killed run's stale .grazing-lock, the record of a holder that is gone, may be cleared).
expect_refused() {
  local dir=$1 pattern=$2; shift 2
  local before after rc
  before=$(cd "$dir" && find . -type f ! -name .grazing-lock -exec md5sum {} + | sort)
  set +e
  "$@" > "$TMP/out" 2> "$TMP/err"; rc=$?
  set -e
  [ "$rc" -eq 2 ] || { echo "FAIL: exit $rc, expected 2: $*"; cat "$TMP/err"; exit 1; }
  grep -q -- "$pattern" "$TMP/err" || { echo "FAIL: message lacks '$pattern':"; cat "$TMP/err"; exit 1; }
  after=$(cd "$dir" && find . -type f ! -name .grazing-lock -exec md5sum {} + | sort)
  [ "$before" = "$after" ] || { echo "FAIL: the directory changed: $*"; diff <(echo "$before") <(echo "$after"); exit 1; }
}
interrupted() {  # DIR [--set ...]: a run stopped by SIGTERM once output 3 is written
  local dir=$1; shift
  set +e
  GRAZING_RAISE=TERM:3 "$BIN" run "$TMP/mbc.toml" --out "$dir" -q "$@" 2> /dev/null
  local rc=$?
  set -e
  [ "$rc" -eq 143 ] || { echo "FAIL: interrupted run exited $rc"; exit 1; }
}
killed() {  # DIR: a run killed (SIGKILL) once output 3 is written and checkpointed
  set +e
  GRAZING_RAISE=KILL:3 "$BIN" run "$TMP/mbc.toml" --out "$1" -q 2> /dev/null
  local rc=$?
  set -e
  [ "$rc" -eq 137 ] || { echo "FAIL: killed run exited $rc"; exit 1; }
}

# 1. The lock.
interrupted "$TMP/lock"
/usr/bin/python3 - "$BIN" "$TMP" <<'PY'
import os, signal, subprocess, sys
B, T = sys.argv[1], sys.argv[2]
d = T + "/lock"
a = subprocess.Popen([B, "run", "--resume", d, "-q"], env=dict(os.environ, GRAZING_RAISE="STOP:5"))
_, status = os.waitpid(a.pid, os.WUNTRACED)  # returns once the resume has stopped itself, holding the lock
assert os.WIFSTOPPED(status), status
try:
    for args, key in (([B, "run", "--resume", d, "-q"], "--resume"),
                      ([B, "run", T + "/mbc.toml", "--out", d, "--force", "-q"], "output.dir")):
        r = subprocess.run(args, capture_output=True, text=True)
        assert r.returncode == 2, (args, r.returncode, r.stderr)
        want = f"grazing: error: {key}: '{d}' is in use by process {a.pid} on "
        assert r.stderr.startswith(want) and "run --resume" in r.stderr, r.stderr
        print("ok: refused while held:", " ".join(args[1:3]))
finally:
    os.kill(a.pid, signal.SIGCONT)
assert a.wait() == 0
PY
same_as_ref "$TMP/lock"
echo "ok: the holder finished, identical to the reference"

# 2. Outputs that do not match the checkpoint.
killed "$TMP/cut"
truncate -s 1200 "$TMP/cut/moments.csv.part"
expect_refused "$TMP/cut" "moments.csv.part has 1200 bytes, fewer than the" "$BIN" run --resume "$TMP/cut" -q
echo "ok: moments.csv cut short after the checkpoint"
killed "$TMP/changed"
printf '9' | dd of="$TMP/changed/moments.csv.part" bs=1 seek=300 conv=notrunc status=none
expect_refused "$TMP/changed" "moments.csv.part does not begin with the rows checkpoint.h5 recorded" \
  "$BIN" run --resume "$TMP/changed" -q
echo "ok: a byte of moments.csv changed"
interrupted "$TMP/trunc"
truncate -s 50000 "$TMP/trunc/particles.h5"
expect_refused "$TMP/trunc" "particles.h5: it does not open as an HDF5 file" "$BIN" run --resume "$TMP/trunc" -q
grep -q '"status": "interrupted"' "$TMP/trunc/run.json"
echo "ok: truncated particles.h5 refused, run.json kept"
interrupted "$TMP/seed7"
interrupted "$TMP/seed8" --set run.seed=8
cp "$TMP/seed7/checkpoint.h5" "$TMP/seed8/checkpoint.h5"
expect_refused "$TMP/seed8" "or the checkpoint belongs to another run" "$BIN" run --resume "$TMP/seed8" -q
grep -q '"seed": 8' "$TMP/seed8/run.json"
echo "ok: a checkpoint of seed 7 in a seed-8 directory"
# another model, stopped before its first interval (so moments.csv holds the same t = 0 rows): run.json
# names the directory's run
set +e
GRAZING_RAISE=TERM:0 "$BIN" run "$TMP/mbc.toml" --out "$TMP/m0" -q 2> /dev/null
sed '/^h = /d' "$TMP/mbc.toml" > "$TMP/ld.toml"
GRAZING_RAISE=TERM:0 "$BIN" run "$TMP/ld.toml" --out "$TMP/t0" -q --set model.name=landau-diffusion 2> /dev/null
set -e
cmp "$TMP/m0/moments.csv" "$TMP/t0/moments.csv"
cp "$TMP/m0/checkpoint.h5" "$TMP/t0/checkpoint.h5"
expect_refused "$TMP/t0" "run.json describes another run than checkpoint.h5" "$BIN" run --resume "$TMP/t0" -q
grep -q '"model": "landau-diffusion"' "$TMP/t0/run.json"
echo "ok: an mbc checkpoint in a landau-diffusion directory"
# both names present
killed "$TMP/both"
cp "$TMP/both/moments.csv.part" "$TMP/both/moments.csv"
expect_refused "$TMP/both" "has both moments.csv and moments.csv.part" "$BIN" run --resume "$TMP/both" -q
rm "$TMP/both/moments.csv"
"$BIN" run --resume "$TMP/both" -q
same_as_ref "$TMP/both"
echo "ok: both names refused; the killed run then resumes identical"

# 3. A damaged checkpoint.
interrupted "$TMP/ulp"
/usr/bin/python3 - "$TMP/ulp/checkpoint.h5" <<'PY'
import sys, h5py, numpy as np
with h5py.File(sys.argv[1], "r+") as f:
    d = f["velocities"]
    d[1, 17, 2] = np.nextafter(d[1, 17, 2], np.inf)
PY
expect_refused "$TMP/ulp" "its contents do not match the digest written with them" "$BIN" run --resume "$TMP/ulp" -q
echo "ok: one velocity of the checkpoint changed by one ulp"

# 4. A full disk.
if mkdir -p "$TMP/small" && mount -t tmpfs -o size=400k tmpfs "$TMP/small" 2> /dev/null; then
  MOUNTS+=("$TMP/small")
  set +e
  "$BIN" run "$TMP/mbc.toml" --out "$TMP/small/r" -q 2> "$TMP/err"; rc=$?
  set -e
  [ "$rc" -eq 1 ] || { echo "FAIL: full disk: exit $rc"; cat "$TMP/err"; exit 1; }
  grep -q "No space left on device.*the outputs keep their .part names.*continue with: grazing run --resume" "$TMP/err" \
    || { echo "FAIL: full disk message:"; cat "$TMP/err"; exit 1; }
  test ! -e "$TMP/small/r/moments.csv" && test ! -e "$TMP/small/r/particles.h5"
  test -z "$(find "$TMP/small/r" -name '*.tmp')"
  mount -o remount,size=16m "$TMP/small"
  "$BIN" run --resume "$TMP/small/r" -q
  same_as_ref "$TMP/small/r"
  echo "ok: full disk with particles.h5: exit 1, .part names kept, resumed identical after space was freed"
  # 8 KB and no checkpoint: moments.csv fills the disk; nothing under a final name, no temporaries
  mkdir -p "$TMP/tiny" && mount -t tmpfs -o size=8k tmpfs "$TMP/tiny"
  MOUNTS+=("$TMP/tiny")
  set +e
  "$BIN" run "$TMP/mbc.toml" --out "$TMP/tiny/r" -q --set output.particles=false --set run.checkpoint_every=0 \
    --set run.output_every=0.01 --set initial.N=100 2> "$TMP/err"; rc=$?
  set -e
  [ "$rc" -eq 1 ] && grep -q "no checkpoint could be written: run the config again with --force" "$TMP/err" \
    || { echo "FAIL: 8 KB disk: exit $rc"; cat "$TMP/err"; exit 1; }
  [ "$(cd "$TMP/tiny/r" && ls -A)" = "moments.csv.part" ] || { echo "FAIL: 8 KB disk left:"; ls -A "$TMP/tiny/r"; exit 1; }
  echo "ok: full disk without a checkpoint: only moments.csv.part left"
else
  echo "skipped: full disk (this machine does not let the test mount a tmpfs)"
fi

# 5. A directory that cannot be written.
if mkdir -p "$TMP/ro" && mount -t tmpfs -o ro,size=64k tmpfs "$TMP/ro" 2> /dev/null; then
  MOUNTS+=("$TMP/ro")
  expect_refused "$TMP/ro" "output.dir: cannot write in directory '$TMP/ro': Read-only file system" \
    "$BIN" run "$TMP/mbc.toml" --out "$TMP/ro" -q
  "$BIN" check "$TMP/mbc.toml" --out "$TMP/ro" | grep -q "# note: $TMP/ro cannot be written"
  echo "ok: read-only output directory refused with exit 2"
else
  echo "skipped: read-only directory (this machine does not let the test mount a tmpfs)"
fi

# 6. --force removes what it lists and nothing else.
mkdir -p "$TMP/force"
for f in moments.csv particles.h5 run.json checkpoint.h5 moments.csv.part particles.h5.part run.json.tmp \
         checkpoint.h5.tmp moments.png histograms.png notes.txt other.part; do echo x > "$TMP/force/$f"; done
"$BIN" run "$TMP/mbc.toml" --out "$TMP/force" --force -q --set output.particles=false --set run.t_end=0.1
[ "$(cd "$TMP/force" && ls -A | tr '\n' ' ')" = "moments.csv notes.txt other.part run.json " ] \
  || { echo "FAIL: --force left:"; ls -A "$TMP/force"; exit 1; }
echo "ok: --force"
echo "run_directory: ok"
