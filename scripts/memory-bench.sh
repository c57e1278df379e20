#!/usr/bin/env bash
# Peak memory and time per MB of `article-review extract` on 1, 2, 4 and 8 MB articles.
#
#   scripts/memory-bench.sh [BINARY] [RUNS]
#
# BINARY defaults to a release engine build (built here, without the window). The articles are the
# bundled sample article repeated up to the size (1 MB = 2^20 bytes of UTF-8 text). Each size runs
# RUNS times (default 3); the table shows the medians of peak RSS (from /usr/bin/time -v) and of the
# time, as wall-clock seconds and as CPU (user+sys) seconds per MB. CPU time is the steadier figure
# on a shared machine; the extraction of one article runs on one thread.
set -euo pipefail
cd "$(dirname "$0")/.."

binary=${1:-}
runs=${2:-3}
if [ -z "$binary" ]; then
  cargo build --release --quiet --no-default-features
  binary="${CARGO_TARGET_DIR:-target}/release/article-review"
fi
[ -x /usr/bin/time ] || { echo "memory-bench: needs GNU time (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import sys
sample = open("assets/sample-article.txt", encoding="utf-8").read().rstrip("\n") + "\n\n"
for mb in (1, 2, 4, 8):
    size = mb * 2**20
    text = sample * (size // len(sample.encode("utf-8")) + 1)
    data = text.encode("utf-8")[:size]
    data = data[: len(data.decode("utf-8", "ignore").encode("utf-8"))]  # whole code points only
    open(f"{sys.argv[1]}/article-{mb}mb.txt", "wb").write(data)
PY

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

printf '%-6s %12s %12s %10s %10s %12s\n' "size" "peak MiB" "MiB per MB" "wall s" "wall s/MB" "CPU s/MB"
for mb in 1 2 4 8; do
  : > "$work/rss" ; : > "$work/wall" ; : > "$work/cpu"
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$binary" extract "$work/article-${mb}mb.txt" > /dev/null 2> "$work/time.txt"
    awk -F': ' '/Maximum resident set size/ {print $2/1024}' "$work/time.txt" >> "$work/rss"
    awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' \
      "$work/time.txt" >> "$work/wall"
    awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {print u+s}' "$work/time.txt" >> "$work/cpu"
  done
  rss=$(median < "$work/rss"); wall=$(median < "$work/wall"); cpu=$(median < "$work/cpu")
  awk -v mb="$mb" -v rss="$rss" -v wall="$wall" -v cpu="$cpu" \
    'BEGIN {printf "%-6s %12.1f %12.1f %10.2f %10.3f %12.3f\n", mb " MB", rss, rss/mb, wall, wall/mb, cpu/mb}'
done
