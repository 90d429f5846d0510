#!/usr/bin/env node
// `npm test`: everything, in order, with one closing line `N passed, N failed` summed over all suites.
//   1. build            node scripts/build.mjs (esbuild bundles into dist/)
//   1b. static          each check of STATIC_CHECKS (lint with the architecture rules, formatting, types of src,
//                       media and tests, the WebAssembly module against its C source), two at a time: one pass or
//                       one failure each
//   2. unit             npm run test:unit (node:test over out/test/core and out/test/cli)
//   3. setup            scripts/setup-vscode.sh: Debian chromium/ripgrep/libkrb5-dev + code-server under .vscode-test/
//   4. compile e2e      tsc -p test/e2e/tsconfig.json (out/test/e2e)
//   5. in-host          mocha inside VS Code's extension host (node out/test/e2e/runInhost.js)
//   6. ui               Playwright + chromium against the workbench (node --test out/test/e2e/ui/)
// Options: --only=static,unit,inhost,ui (a subset; build/setup/compile run as needed).  Env: CTLENS_UI_GREP=<regex>
// selects UI tests by name. A step that fails without reporting test counts (build error, compile error, crash)
// counts as one failure. Exit status 0 only if nothing failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(ROOT);
const onlyArg = process.argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice(7).split(',')) : null;
const want = (s) => !only || only.has(s);
const wantE2E = want('inhost') || want('ui');

// Each run starts with an empty .e2e-runs/ (run folders of failed tests from the previous run go away).
if (wantE2E) {
  const runs = path.join(ROOT, '.e2e-runs');
  if (fs.existsSync(runs)) for (const d of fs.readdirSync(runs)) fs.rmSync(path.join(runs, d), { recursive: true, force: true });
}

// The tests' temporary folders (os.tmpdir() in every child: logs written to load, caches, workspaces) go into one
// folder of this run, removed at its end: a run left hundreds behind, gigabytes over a day of runs.
const RUN_TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'ctlens-test-run-'));
process.env.TMPDIR = RUN_TMP;
const removeRunTmp = () => fs.rmSync(RUN_TMP, { recursive: true, force: true });

const summary = []; // { name, passed, failed, ms, note }
const T0 = Date.now();

const running = new Set(); // the running steps' children (each its own process group)
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    for (const child of running) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    removeRunTmp();
    process.exit(130);
  });
}

/** Runs a command in its own process group with output streamed through (and captured for parsing), or only
 *  captured when `held` (steps that run side by side print theirs when they end). A step that outlives `limitMin`
 *  minutes is killed with its whole group (servers, browsers) and fails. */
function run(cmd, args, { env = {}, limitMin = 15, held = false } = {}) {
  return new Promise((resolve) => {
    const t = Date.now();
    const child = spawn(cmd, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    running.add(child);
    let out = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      out += `\n[test-all] ${cmd} ${args.join(' ')}: no end after ${limitMin} min, killed\n`;
      console.error(`[test-all] step timed out after ${limitMin} min: stopping its process group`);
      // SIGTERM first: the e2e harness then stops the code-server groups it started; SIGKILL what is left
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      setTimeout(() => {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }, 10_000).unref();
    }, limitMin * 60_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (!held) process.stdout.write(d);
    });
    child.stderr.on('data', (d) => {
      out += d;
      if (!held) process.stderr.write(d);
    });
    child.on('error', (e) => {
      out += String(e);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      running.delete(child);
      resolve({ code: timedOut ? 124 : (code ?? 1), out, ms: Date.now() - t });
    });
  });
}

function banner(s) {
  console.log(`\n━━━ ${s} ━━━`);
}

/** node:test's closing counts: TAP (`# pass N`) or spec (`ℹ pass N`); the last occurrence wins. */
function nodeTestCounts(out) {
  const last = (re) => {
    let m,
      v = null;
    while ((m = re.exec(out))) v = Number(m[1]);
    return v;
  };
  const pass = last(/^(?:#|ℹ) pass (\d+)$/gm),
    fail = last(/^(?:#|ℹ) fail (\d+)$/gm);
  return pass === null || fail === null ? null : { passed: pass, failed: fail };
}

/** Records a step. Counts come from the runner; a non-zero exit without any failed test counts as one failure. */
function record(name, r, counts, note) {
  const passed = counts ? counts.passed : 0;
  let failed = counts ? counts.failed : 0;
  if (r.code !== 0 && failed === 0) {
    failed = 1;
    note = note || `exit ${r.code} without a failed test (see output above)`;
  }
  summary.push({ name, passed, failed, ms: r.ms, note });
}

banner('build');
const build = await run(process.execPath, ['scripts/build.mjs'], { limitMin: 5 });
if (build.code !== 0) record('build', build, null, 'esbuild failed');
else summary.push({ name: 'build', passed: 0, failed: 0, ms: build.ms, note: 'ok' });

const STATIC_CHECKS = [
  ['lint (architecture rules)', 'node_modules/eslint/bin/eslint.js', ['.']],
  ['format', 'node_modules/prettier/bin/prettier.cjs', ['--check', '--log-level', 'warn', '.']],
  ['types: extension and core', 'node_modules/typescript/bin/tsc', ['-p', '.', '--noEmit']],
  ['types: webview', 'node_modules/typescript/bin/tsc', ['-p', 'media/tsconfig.json', '--noEmit']],
  ['types: tests and bench', 'node_modules/typescript/bin/tsc', ['-p', 'tsconfig.test.json', '--noEmit']],
  ['WebAssembly module built from its source', 'scripts/build-wasm.mjs', ['--check']],
];
// Two at a time (the machine's two cores), each check's output printed whole when it ends.
if (want('static')) {
  const pending = [...STATIC_CHECKS];
  const next = async () => {
    for (let check = pending.shift(); check; check = pending.shift()) {
      const [name, script, args] = check;
      const result = await run(process.execPath, [script, ...args], { limitMin: 5, held: true });
      banner(`static: ${name}`);
      process.stdout.write(result.out);
      record(`static: ${name}`, result, { passed: result.code === 0 ? 1 : 0, failed: result.code === 0 ? 0 : 1 });
    }
  };
  await Promise.all([next(), next()]);
}

if (want('unit')) {
  banner('unit tests (npm run test:unit)');
  const unit = await run('npm', ['run', '--silent', 'test:unit'], { limitMin: 15 });
  record('unit', unit, nodeTestCounts(unit.out));
}

if (wantE2E) {
  banner('real VS Code: setup (scripts/setup-vscode.sh)');
  const setup = await run('bash', ['scripts/setup-vscode.sh'], { limitMin: 15 });
  if (setup.code !== 0) {
    record('setup', setup, null, 'VS Code/chromium setup failed: in-host and UI suites not run');
  } else {
    summary.push({ name: 'setup', passed: 0, failed: 0, ms: setup.ms, note: 'ok' });
    banner('real VS Code: compile test/e2e');
    const tsc = await run(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'test/e2e/tsconfig.json'], { limitMin: 5 });
    if (tsc.code !== 0) record('compile e2e', tsc, null, 'type errors in test/e2e (outputs still emitted)');

    if (want('inhost')) {
      banner('real VS Code: in-host suite (mocha in the extension host)');
      const ih = await run(process.execPath, ['out/test/e2e/runInhost.js'], { limitMin: 8 });
      const m = [...ih.out.matchAll(/^in-host: (\d+) passed, (\d+) failed$/gm)].pop();
      record('in-host', ih, m ? { passed: +m[1], failed: +m[2] } : null);
    }
    if (want('ui')) {
      banner('real VS Code: UI suite (Playwright + chromium)');
      const args = ['--test', '--test-reporter=spec', '--test-concurrency=1'];
      if (process.env.CTLENS_UI_GREP) args.push(`--test-name-pattern=${process.env.CTLENS_UI_GREP}`);
      args.push('out/test/e2e/ui/');
      const ui = await run(process.execPath, args, { limitMin: 20 });
      record('ui', ui, nodeTestCounts(ui.out));
    }
  }
}

banner('summary');
let passed = 0,
  failed = 0;
for (const s of summary) {
  passed += s.passed;
  failed += s.failed;
  const counts = s.passed || s.failed ? `${s.passed} passed, ${s.failed} failed` : s.failed ? 'FAILED' : '';
  console.log(`  ${s.name.padEnd(12)} ${(s.ms / 1000).toFixed(1).padStart(6)} s  ${counts}${s.note && s.note !== 'ok' ? '  — ' + s.note : ''}`);
}
console.log(`  total        ${((Date.now() - T0) / 1000).toFixed(1).padStart(6)} s`);
console.log(`${passed} passed, ${failed} failed`);
removeRunTmp();
process.exit(failed ? 1 : 0);
