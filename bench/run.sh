#!/usr/bin/env bash
# Times kaohe on a synthetic site: a full build into a new folder, then a
# rebuild with nothing changed. The default size is 40 periods of 50
# tables of 40 items marked by 3 experts: 2,000 scorecards. Wall time,
# processor time (user and system) and peak memory come from GNU time
# (/usr/bin/time -v). Run it on an otherwise idle machine: wall time
# counts waiting for the cores.
#
#   bench/run.sh                         # the default site
#   PERIODS=10 TABLES=5 bench/run.sh     # another size
#
# Everything lives in target/bench/. The generated site is kept for the
# next run of the same size, and each run's output stays until the next
# run, which moves it aside and removes it half an hour later in the
# background. On ext4 without a journal, creating a file in the minutes
# after thousands were deleted is slow: the kernel passes over every inode
# freed in the last minutes before it takes one. Deleting the previous
# run's files just before (or just after) a run would time that, not
# kaohe.
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
bench=target/bench
mkdir -p "$bench"
site="$bench/site-$periods-$tables-$items-$experts"
out="$bench/public"
gen=target/release/examples/gen_site

# The site is made again only when gen_site has changed since.
if [ ! -f "$site/site.toml" ] || [ "$gen" -nt "$site/site.toml" ]; then
  rm -rf "$site"
  "$gen" --periods "$periods" --tables "$tables" --items "$items" \
    --experts "$experts" "$site" >/dev/null
fi
echo "site: $periods periods × $tables tables × $items items, $experts experts" \
  "($(find "$site" -type f | wc -l) files, $(du -sh "$site" | cut -f1))"

# The previous output goes aside, to be removed once this run and the
# next few are long over.
if [ -e "$out" ]; then
  trash="$bench/old-$(date +%s)-$$"
  mv "$out" "$trash"
  (sleep 1800 && rm -rf "$trash") </dev/null >/dev/null 2>&1 &
fi

# Runs one build under GNU time and prints its figures with the build's
# own summary line.
measure() {
  local label=$1
  /usr/bin/time -v -o "$bench/time.txt" target/release/kaohe build \
    --root "$site" --out "$out" >"$bench/out.txt" 2>&1 || {
    echo "bench: $label failed:" >&2
    cat "$bench/out.txt" "$bench/time.txt" >&2
    exit 1
  }
  local wall rss cpu
  wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$bench/time.txt" |
    awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }')
  rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$bench/time.txt")
  cpu=$(sed -n 's/.*\(User\|System\) time (seconds): //p' "$bench/time.txt" |
    awk '{ s += $1 } END { printf "%.2f", s }')
  printf '%-8s wall %s s, cpu %s s, peak memory %d MiB\n' "$label" "$wall" "$cpu" $((rss / 1024))
  printf '         %s\n' "$(tail -n 1 "$bench/out.txt")"
}

measure build
measure rebuild
echo "output: $(find "$out" -type f | wc -l) files, $(du -sh "$out" | cut -f1)"
