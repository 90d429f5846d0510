#!/usr/bin/env node
// `npm start [-- /path/to/logs]`: builds the extension, installs code-server under .vscode-test/ if needed, and
// serves VS Code on 127.0.0.1 with CloudTrail Lens loaded as the extension under development, on the sample
// workspace of real logs (test/fixtures/workspace) or on the folder given. Prints the URL to open.
// esbuild keeps rebuilding dist/ on change (run "Developer: Reload Window" in the browser to pick it up).
// Ctrl-C stops everything it started (code-server's process group and the esbuild watcher).
// Env: PORT (default: 8080, or the next free port), CTLENS_START_NO_WATCH=1 to skip the watcher.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = process.argv.slice(2).find((a) => !a.startsWith('-'));
// npm runs scripts in the package folder; INIT_CWD is where the user typed `npm start -- ./logs`
const folder = arg ? path.resolve(process.env.INIT_CWD || process.cwd(), arg) : path.join(ROOT, 'test', 'fixtures', 'workspace');
if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) {
  console.error(`not a folder: ${folder}\nusage: npm start [-- /path/to/folder/of/logs]`);
  process.exit(2);
}

function must(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`[start] ${what} failed (exit ${r.status})`);
    process.exit(r.status || 1);
  }
}

function portFree(port) {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

console.log('[start] building the extension (scripts/build.mjs)');
must(process.execPath, ['scripts/build.mjs'], 'build');
must('bash', ['scripts/setup-vscode.sh', '--no-browser'], 'code-server setup');

let port = Number(process.env.PORT || 8080);
while (!(await portFree(port))) port++;
// A persistent profile (settings, opened editors) across `npm start` runs, inside the ignored .vscode-test/.
const runDir = path.join(ROOT, '.vscode-test', 'start-profile');
fs.mkdirSync(runDir, { recursive: true });
const log = path.join(runDir, 'server.log');
const fd = fs.openSync(log, 'w');
const children = [];
const server = spawn(path.join(ROOT, 'scripts', 'start-code-server.sh'), [runDir, String(port)], {
  cwd: ROOT,
  stdio: ['ignore', fd, fd],
  detached: true,
});
children.push(server);

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => {
  console.log('\n[start] stopping');
  stop(0);
});
process.on('SIGTERM', () => stop(0));
process.on('SIGHUP', () => stop(0));
server.on('exit', (code) => {
  if (!stopping) {
    console.error(`[start] code-server exited (${code}); see ${log}`);
    stop(1);
  }
});

const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(base + '/healthz')).ok) break;
  } catch {
    /* not yet */
  }
  if (i > 600) {
    console.error(`[start] code-server did not answer; see ${log}`);
    stop(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}

if (!process.env.CTLENS_START_NO_WATCH) {
  const watcher = spawn(process.execPath, ['scripts/build.mjs', '--watch'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  children.push(watcher);
}

const payload = JSON.stringify([['extensionDevelopmentPath', `vscode-remote://127.0.0.1:${port}${ROOT}`]]);
const url = `${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`;
console.log(`
CloudTrail Lens is running in VS Code (code-server) on ${folder}

  Open:  ${url}

  Server log: ${log}
  Ctrl-C stops it.
`);
