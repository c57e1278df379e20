#!/usr/bin/env bash
# Builds the Debian package with cargo-deb: target/debian/article-review_VERSION-1_ARCH.deb.
#
#   scripts/package.sh [extra cargo-deb options, e.g. --install]
#
# The package holds the stripped binary, the desktop entry, the icon in the hicolor sizes, the MIME
# type for NAME.review.json, man pages and bash/zsh/fish completions (both generated from the clap
# definitions by examples/package_files.rs). Needs cargo-deb (`cargo install cargo-deb`); installs
# desktop-file-utils and imagemagick with apt-get when they are missing and we are root.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo deb --version >/dev/null 2>&1; then
  echo "package.sh: cargo-deb is missing; install it with: cargo install cargo-deb" >&2
  exit 1
fi
missing=()
command -v desktop-file-validate >/dev/null 2>&1 || missing+=(desktop-file-utils)
command -v convert >/dev/null 2>&1 || missing+=(imagemagick)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && apt-get install -y --no-install-recommends "${missing[@]}"
  else
    echo "package.sh: please install ${missing[*]}" >&2
    exit 1
  fi
fi

desktop-file-validate packaging/article-review.desktop

target=$(cargo metadata --format-version 1 --no-deps |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
cargo build --release --locked
files="$target/release/package-files"
rm -rf "$files"
cargo run --release --locked --quiet --example package_files -- "$files"
gzip -9n "$files"/man/*.1
for size in 16 24 32 48 64 128; do
  mkdir -p "$files/icons/${size}x${size}"
  convert icon.png -resize "${size}x${size}" -strip "$files/icons/${size}x${size}/article-review.png"
done

cargo deb --no-build --strip "$@"
deb=$(ls -t "$target"/debian/article-review_*.deb | head -n 1)
echo "built $deb ($(du -h "$deb" | cut -f1))"
