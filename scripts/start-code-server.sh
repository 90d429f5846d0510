#!/usr/bin/env bash
# usage: scripts/start-code-server.sh <rundir> <port> [extra code-server args...]
# Runs code-server (installed by scripts/setup-vscode.sh) in the foreground on 127.0.0.1:<port>: no auth, no
# telemetry, no update check, no extension gallery, and every state folder (user data, extensions, XDG config/data)
# inside <rundir>, so that a run never touches ~/.config or ~/.local. The callers start it in its own process
# group and stop it by that group (the server, its extension hosts and pty host all die together).
set -euo pipefail
RUN="$1"; PORT="$2"; shift 2
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CS_VERSION="${CS_VERSION:-4.100.3}"
CS="${CS_HOME:-$ROOT/.vscode-test}/code-server-$CS_VERSION/node_modules/.bin/code-server"
[ -x "$CS" ] || { echo "code-server $CS_VERSION is not installed: run scripts/setup-vscode.sh" >&2; exit 2; }
mkdir -p "$RUN/user-data/User" "$RUN/extensions" "$RUN/xdg-config" "$RUN/xdg-data"
# User settings: quiet, deterministic workbench (no welcome page, trust prompt, tips, AI chat, preview tabs),
# a dark theme (the screenshots in docs/ are taken with it), and a short hover delay. No automatic port forwarding:
# a code-server window is a remote one, and VS Code's default ("process") looks for ports to forward every few
# seconds from the extension host, running `ls -l /proc/[0-9]*/fd/[0-9]*` and `ps -F -A -l` (a fork of a host that
# holds a million events takes it 60 ms, and the children take the cores the load runs on). A desktop window on a
# local folder never does; npm run bench:host measured the cold load at 1.35-1.52 of the CLI's time with it, 0.99-1.46
# without (six runs each, alternately, 2026-12-02).
[ -f "$RUN/user-data/User/settings.json" ] || cat > "$RUN/user-data/User/settings.json" <<'JSON'
{
  "workbench.colorTheme": "Default Dark Modern",
  "window.autoDetectColorScheme": false,
  "workbench.startupEditor": "none",
  "workbench.welcomePage.walkthroughs.openOnInstall": false,
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "workbench.editor.enablePreview": false,
  "workbench.secondarySideBar.defaultVisibility": "hidden",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "git.enabled": false,
  "chat.commandCenter.enabled": false,
  "chat.disableAIFeatures": true,
  "window.commandCenter": false,
  "editor.hover.delay": 300,
  "editor.minimap.enabled": false,
  "remote.autoForwardPorts": false,
  "remote.autoForwardPortsSource": "output",
  "remote.restoreForwardedPorts": false
}
JSON
printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" > "$RUN/config.yaml"
# '{}' = no extension gallery (code-server's default, open-vsx.org, is unreachable here)
export EXTENSIONS_GALLERY="${EXTENSIONS_GALLERY:-{\}}"
export XDG_CONFIG_HOME="$RUN/xdg-config" XDG_DATA_HOME="$RUN/xdg-data"
exec "$CS" --config "$RUN/config.yaml" --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions" \
  --disable-telemetry --disable-update-check --disable-workspace-trust \
  --disable-getting-started-override --ignore-last-opened "$@"
