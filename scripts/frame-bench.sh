#!/usr/bin/env bash
# Measures the real window: start-up to the first painted frame on the sample article, and the
# frame interval while scrolling a 1 MB article (the sample repeated), with each renderer.
#
#   scripts/frame-bench.sh [FRAMES]      (default 300 frames per run)
#
# With no DISPLAY it runs under Xvfb (apt-get install xvfb xauth), where Mesa's llvmpipe
# rasterises on the CPU: the "no GPU" case. The numbers come from the app itself
# (ARTICLE_REVIEW_BENCH, see src/ui/bench.rs); report medians, the machine may be shared.
set -euo pipefail
cd "$(dirname "$0")/.."
frames="${1:-300}"

cargo build --release --quiet
bin="${CARGO_TARGET_DIR:-target}/release/article-review"
work="$(mktemp -d)"
trap 'rm -rf "$work"; [ -n "${xvfb_pid:-}" ] && kill "$xvfb_pid" 2>/dev/null || true' EXIT

# About 1 MB: the sample article repeated, one blank line between copies.
sample=assets/sample-article.txt
big="$work/article-1mb.txt"
while [ "$(stat -c %s "$big" 2>/dev/null || echo 0)" -lt 1000000 ]; do
  cat "$sample" >> "$big"
  printf '\n\n' >> "$big"
done

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  command -v Xvfb >/dev/null || { echo "no display and no Xvfb: apt-get install xvfb xauth" >&2; exit 1; }
  display=":$((90 + RANDOM % 9))"
  Xvfb "$display" -screen 0 1400x860x24 -nolisten tcp >/dev/null 2>&1 &
  xvfb_pid=$!
  export DISPLAY="$display"
  sleep 1
fi
export XDG_RUNTIME_DIR="$work/xdg"
mkdir -m 700 -p "$XDG_RUNTIME_DIR"
# A private data folder: no recovery offer or remembered window state from earlier runs.
export ARTICLE_REVIEW_DATA_DIR="$work/data" HOME="$work/home" XDG_DATA_HOME="$work/home/data"
mkdir -p "$HOME"

for renderer in glow wgpu; do
  for file in "$sample" "$big"; do
    echo "== renderer $renderer, $(basename "$file") ($(stat -c %s "$file") bytes)"
    ARTICLE_REVIEW_RENDERER=$renderer ARTICLE_REVIEW_BENCH="$frames" \
      timeout 300 "$bin" "$file" 2>&1 | grep '^bench:' || true
  done
  # With Ctrl+F hits on screen: "the" is highlighted tens of thousands of times in 1 MB.
  echo "== renderer $renderer, $(basename "$big") with search hits for \"the\""
  ARTICLE_REVIEW_RENDERER=$renderer ARTICLE_REVIEW_BENCH="$frames" ARTICLE_REVIEW_BENCH_SEARCH=the \
    timeout 300 "$bin" "$big" 2>&1 | grep '^bench:' || true
done
