// Shared machinery of the real-VS-Code tests: code-server (installed by scripts/setup-vscode.sh) on a free
// 127.0.0.1 port with fresh state under .e2e-runs/, Debian's chromium driven by playwright-core, the workbench URL
// that loads the extension under development (and, for the in-host suite, the mocha entry point).
import { spawn, ChildProcess, execFileSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { chromium, Browser } from 'playwright-core';

/** Repository root: the nearest folder above this file (source or compiled) holding package.json. */
function findRoot(): string {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + __dirname);
    dir = up;
  }
  return dir;
}

export const ROOT = findRoot();
export const RUNS = path.join(ROOT, '.e2e-runs');
export const WORKSPACE = path.join(ROOT, 'test', 'fixtures', 'workspace');
export const CS_VERSION = process.env.CS_VERSION || '4.100.3';
export const CS_DIR = path.join(process.env.CS_HOME || path.join(ROOT, '.vscode-test'), `code-server-${CS_VERSION}`);
export const EXTENSION_ID = 'cloudtrail-lens.cloudtrail-lens';

/** A fresh run folder: .e2e-runs/<prefix>-<time>-<random>. */
export function newRunDir(prefix: string): string {
  fs.mkdirSync(RUNS, { recursive: true });
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
  return fs.mkdtempSync(path.join(RUNS, `${prefix}-${stamp}-`));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  port: number;
  base: string;
  authority: string;
  runDir: string;
  log: string;
  startMs: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Starts code-server in its own process group; resolves once /healthz answers. `env` reaches the extension host. */
export async function startServer(opts: { runDir: string; env?: Record<string, string>; args?: string[] }): Promise<Server> {
  const port = await freePort();
  const log = path.join(opts.runDir, 'server.log');
  const fd = fs.openSync(log, 'a');
  const t0 = Date.now();
  const proc = spawn(path.join(ROOT, 'scripts', 'start-code-server.sh'), [opts.runDir, String(port), ...(opts.args || [])], {
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', fd, fd],
    detached: true, // own process group: stop() kills server + extension hosts + pty host, nothing else
  });
  fs.closeSync(fd);
  let exited = false;
  const exitP = new Promise<void>((r) =>
    proc.on('exit', () => {
      exited = true;
      r();
    }),
  );
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited) throw new Error(`code-server exited at start; see ${log}`);
    if (Date.now() > deadline) {
      killGroup(proc);
      throw new Error(`code-server did not answer in 60 s; see ${log}`);
    }
    try {
      if ((await fetch(base + '/healthz')).ok) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const server: Server = {
    port,
    base,
    authority: `127.0.0.1:${port}`,
    runDir: opts.runDir,
    log,
    startMs: Date.now() - t0,
    proc,
    async stop() {
      if (exited) return;
      killGroup(proc, 'SIGTERM');
      const t = setTimeout(() => killGroup(proc, 'SIGKILL'), 5000);
      await exitP;
      clearTimeout(t);
    },
  };
  liveServers.add(server);
  exitP.then(() => liveServers.delete(server));
  return server;
}

function killGroup(proc: ChildProcess, sig: NodeJS.Signals = 'SIGTERM'): void {
  try {
    if (proc.pid) process.kill(-proc.pid, sig);
  } catch {
    /* already gone */
  }
}

// Whatever happens to the test process, take the servers it started with it.
const liveServers = new Set<Server>();
export async function stopAllServers(): Promise<void> {
  await Promise.all([...liveServers].map((s) => s.stop()));
}
process.on('exit', () => {
  for (const s of liveServers) killGroup(s.proc, 'SIGKILL');
});
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    for (const s of liveServers) killGroup(s.proc, 'SIGKILL');
    process.exit(130);
  });
}

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

export function launchBrowser(): Promise<Browser> {
  // chromium's crash reporter writes ~/.config/chromium unless the XDG folders point elsewhere
  const xdg = path.join(RUNS, 'chromium-xdg');
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    env: { ...process.env, XDG_CONFIG_HOME: path.join(xdg, 'config'), XDG_CACHE_HOME: path.join(xdg, 'cache') },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/** The workbench URL. code-server refuses --extensionDevelopmentPath on its command line but honours it (and
 *  extensionTestsPath) in the `payload` URL parameter, as vscode-remote:// URIs of the server's own files. */
export function workbenchUrl(server: Server, o: { folder: string; devPath?: string; testsPath?: string }): string {
  const remote = (p: string) => `vscode-remote://${server.authority}${p}`;
  const payload: [string, string][] = [];
  if (o.devPath) payload.push(['extensionDevelopmentPath', remote(o.devPath)]);
  if (o.testsPath) payload.push(['extensionTestsPath', remote(o.testsPath)]);
  let url = `${server.base}/?folder=${encodeURIComponent(o.folder)}`;
  if (payload.length) url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  return url;
}

/** Runs code-server's CLI (e.g. --install-extension) against a run folder's user-data and extensions dirs. */
export function codeServerCli(runDir: string, args: string[]): string {
  return execFileSync(
    path.join(CS_DIR, 'node_modules', '.bin', 'code-server'),
    ['--user-data-dir', path.join(runDir, 'user-data'), '--extensions-dir', path.join(runDir, 'extensions'), ...args],
    {
      env: {
        ...process.env,
        XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
        XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
        EXTENSIONS_GALLERY: '{}',
      },
      encoding: 'utf8',
    },
  );
}
