#!/usr/bin/env bash
# Builds article-review and opens it, by default on the bundled sample article.
# On Debian/Ubuntu it first installs the few runtime libraries the window needs (X11/Wayland
# input, OpenGL/EGL with Mesa), when they are missing and we may install packages (root, or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."

runtime_packages=(libx11-6 libx11-xcb1 libxcursor1 libxi6 libxrandr2 libxkbcommon0 libxkbcommon-x11-0
  libgl1 libglx-mesa0 libegl1 libegl-mesa0 libgl1-mesa-dri libdbus-1-3)

if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${runtime_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing runtime libraries: ${missing[*]}"
    if [ "$(id -u)" -eq 0 ]; then
      apt-get update -qq && apt-get install -y --no-install-recommends "${missing[@]}"
    elif command -v sudo >/dev/null 2>&1; then
      sudo apt-get update -qq && sudo apt-get install -y --no-install-recommends "${missing[@]}"
    else
      echo "warning: cannot install ${missing[*]} (not root, no sudo); the window may not open" >&2
    fi
  fi
fi

if [ $# -eq 0 ]; then
  set -- assets/sample-article.txt
fi
exec cargo run --quiet -- "$@"
