#!/usr/bin/env bash
# Times kaohe on a synthetic site: a full build, then a rebuild with
# nothing changed. The default size is 40 periods of 50 tables of 40 items
# marked by 3 experts: 2,000 scorecards. Wall time, processor time (user
# and system) and peak memory come from GNU time (/usr/bin/time -v). Run
# it on an otherwise idle machine: wall time counts waiting for the cores.
#
#   bench/run.sh                         # the default site
#   PERIODS=10 TABLES=5 bench/run.sh     # another size
set -euo pipefail
cd "$(dirname "$0")/.."

periods=${PERIODS:-40}
tables=${TABLES:-50}
items=${ITEMS:-40}
experts=${EXPERTS:-3}

if [ ! -x /usr/bin/time ]; then
  echo "bench: GNU time is missing; install it with: apt-get install time" >&2
  exit 1
fi

cargo build --release --quiet --bin kaohe --example gen_site
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

target/release/examples/gen_site --periods "$periods" --tables "$tables" \
  --items "$items" --experts "$experts" "$work/site" >/dev/null
echo "site: $periods periods × $tables tables × $items items, $experts experts" \
  "($(find "$work/site" -type f | wc -l) files, $(du -sh "$work/site" | cut -f1))"

# Runs one build under GNU time and prints its figures with the build's
# own summary line.
measure() {
  local label=$1
  /usr/bin/time -v -o "$work/time.txt" target/release/kaohe build \
    --root "$work/site" --out "$work/public" >"$work/out.txt" 2>&1 || {
    echo "bench: $label failed:" >&2
    cat "$work/out.txt" "$work/time.txt" >&2
    exit 1
  }
  local wall rss cpu
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/time.txt" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time.txt")
  cpu=$(sed -n 's/.*\(User\|System\) time (seconds): //p' "$work/time.txt" |
    awk '{ s += $1 } END { printf "%.2f", s }')
  printf '%-8s wall %s s, cpu %s s, peak memory %d MiB\n' "$label" "$wall" "$cpu" $((rss / 1024))
  printf '         %s\n' "$(tail -n 1 "$work/out.txt")"
}

measure build
measure rebuild
echo "output: $(find "$work/public" -type f | wc -l) files, $(du -sh "$work/public" | cut -f1)"
