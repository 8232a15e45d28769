#!/usr/bin/env bash
# Two builds of grazing compared on a shared or noisy machine: `grazing bench --json` of OLD and NEW
# alternately, ROUNDS times (so that a slow spell of the machine hits both alike), then per row the
# median rate of each and the ratio NEW / OLD. Rows are matched by (what, N, threads); rows only one
# build has are listed with the other column empty.
# Usage: bash bench/ab.sh OLD_BINARY NEW_BINARY [ROUNDS (3)] [--quick]
set -euo pipefail
OLD=${1:?usage: bench/ab.sh OLD_BINARY NEW_BINARY [ROUNDS] [--quick]}
NEW=${2:?usage: bench/ab.sh OLD_BINARY NEW_BINARY [ROUNDS] [--quick]}
ROUNDS=${3:-3}
QUICK=${4:-}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT
echo "A/B of $OLD and $NEW, $ROUNDS rounds, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
for r in $(seq "$ROUNDS"); do
  "$OLD" bench $QUICK --json "$DIR/old-$r.json" > /dev/null
  "$NEW" bench $QUICK --json "$DIR/new-$r.json" > /dev/null
done
/usr/bin/python3 - "$DIR" "$ROUNDS" <<'EOF'
import json, statistics, sys
d, rounds = sys.argv[1], int(sys.argv[2])
def load(tag):
    rows = {}
    for r in range(1, rounds + 1):
        for row in json.load(open(f"{d}/{tag}-{r}.json"))["rows"]:
            rows.setdefault((row["what"], row["N"], row["threads"]), []).append(row["rate"])
    return rows
old, new = load("old"), load("new")
keys = list(dict.fromkeys(list(new) + list(old)))
print(f"{'row':<62} {'N':>7} {'thr':>3} {'old':>10} {'new':>10} {'new/old':>8}")
for k in keys:
    o = statistics.median(old[k]) if k in old else None
    n = statistics.median(new[k]) if k in new else None
    ratio = f"{n / o:8.2f}" if o and n else ""
    fmt = lambda x: f"{x:10.4g}" if x is not None else " " * 10
    print(f"{k[0]:<62} {k[1]:>7g} {k[2]:>3} {fmt(o)} {fmt(n)} {ratio}")
EOF
