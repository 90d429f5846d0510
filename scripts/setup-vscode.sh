#!/usr/bin/env bash
# Installs what the real-VS-Code tests and `npm start` need, idempotently and offline-safe (Debian apt + npm only):
#   Debian: chromium (the browser Playwright drives), libkrb5-dev (headers for VS Code's `kerberos` native module)
#           and g++/make/python3 if absent (node-gyp), ripgrep (stands in for @vscode/ripgrep's GitHub download)
#   npm:    code-server (VS Code server + web workbench, with the real Node extension host) under .vscode-test/
# Usage: scripts/setup-vscode.sh [--no-browser]     (npm start does not need chromium)
# Env:   CS_VERSION (pinned below), CS_HOME (default <repo>/.vscode-test)
set -euo pipefail
# 4.100.3 is the newest code-server whose install accepts Node 20; it embeds VS Code 1.100.3 (engines.vscode ^1.100.0).
CS_VERSION="${CS_VERSION:-4.100.3}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CS_HOME="${CS_HOME:-$ROOT/.vscode-test}"
DEST="$CS_HOME/code-server-$CS_VERSION"
T0=$(date +%s)
WANT_BROWSER=1; [ "${1:-}" = "--no-browser" ] && WANT_BROWSER=0

# --- Debian packages -------------------------------------------------------------------------------------------
need=()
if [ "$WANT_BROWSER" = 1 ] && [ -z "${CHROMIUM_PATH:-}" ] && ! [ -x /usr/bin/chromium ]; then need+=(chromium); fi
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
# libkrb5-dev and a C++ toolchain are needed only to compile code-server's native modules (first install)
if ! [ -e "$DEST/.complete" ]; then
  dpkg -s libkrb5-dev >/dev/null 2>&1 || need+=(libkrb5-dev)
  command -v g++ >/dev/null 2>&1 || need+=(g++)
  command -v make >/dev/null 2>&1 || need+=(make)
  command -v python3 >/dev/null 2>&1 || need+=(python3)
fi
if ((${#need[@]})); then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "[setup] missing system packages: ${need[*]}" >&2
    echo "[setup] install them, then run again:  sudo apt-get install -y ${need[*]}" >&2
    exit 2
  fi
  echo "[setup] apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

# --- code-server -------------------------------------------------------------------------------------------------
if [ -x "$DEST/node_modules/.bin/code-server" ] && [ -e "$DEST/.complete" ]; then
  echo "[setup] code-server $CS_VERSION ready in ${DEST#$ROOT/}"; exit 0
fi
echo "[setup] installing code-server $CS_VERSION into ${DEST#$ROOT/} (once; about a minute)"
rm -rf "$DEST"; mkdir -p "$DEST"
echo '{"name":"code-server-host","private":true}' > "$DEST/package.json"
cd "$DEST"
# 1) fetch code-server and its dependency tree without running any install script
npm install --no-audit --no-fund --ignore-scripts --loglevel=error "code-server@$CS_VERSION" > "$DEST/install.log" 2>&1 \
  || { tail -40 "$DEST/install.log"; exit 1; }
# 2) code-server's postinstall installs VS Code's server dependencies, among them @vscode/ripgrep, whose own
#    postinstall downloads rg from GitHub (unreachable). Seed its download cache with Debian's rg under the exact
#    file name that the pinned @vscode/ripgrep version looks for.
RGV=$(node -p "(require('./node_modules/code-server/lib/vscode/npm-shrinkwrap.json').packages['node_modules/@vscode/ripgrep']||{}).version||''")
if [ -n "$RGV" ]; then
  TMPD=$(mktemp -d)
  TAG=$(cd "$TMPD" && tar -xzOf "$(npm pack --silent "@vscode/ripgrep@$RGV")" package/lib/postinstall.js | sed -n "s/^const VERSION = '\(.*\)';/\1/p")
  CACHE="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$RGV"; mkdir -p "$CACHE"
  cp "$(command -v rg)" "$TMPD/rg" && tar -czf "$CACHE/ripgrep-$TAG-x86_64-unknown-linux-musl.tar.gz" -C "$TMPD" rg
  rm -rf "$TMPD"
  echo "[setup] seeded @vscode/ripgrep@$RGV download cache ($TAG) with $(command -v rg)"
fi
# 3) now run the install scripts (argon2, code-server's postinstall: node-gyp builds against Node's headers).
#    As root npm demands unsafe-perm; node-pty's postinstall runs `npx node-gyp`, which needs yes=true without stdin.
npm_config_unsafe_perm=true npm_config_yes=true npm rebuild --foreground-scripts > "$DEST/postinstall.log" 2>&1 \
  || { tail -40 "$DEST/postinstall.log"; echo "[setup] failed; full log: $DEST/postinstall.log" >&2; exit 1; }
touch "$DEST/.complete"
echo "[setup] code-server $(XDG_CONFIG_HOME="$DEST/.xdg" "$DEST/node_modules/.bin/code-server" --version 2>/dev/null | tail -1 | cut -d" " -f1) installed in $(( $(date +%s) - T0 ))s, $(du -sh "$DEST" | cut -f1)"
