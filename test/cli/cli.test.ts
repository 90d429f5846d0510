import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BROKEN, EXPORTS, LOGS, REPO_ROOT } from '../core/engineFixtures';

/** The CLI compiled next to this test (out/src/cli.js), or the bundle in dist/ when asked. */
const COMPILED_CLI = path.join(REPO_ROOT, 'out/src/cli.js');
const BUNDLED_CLI = path.join(REPO_ROOT, 'dist/cli.js');
const TRAIL = path.join(REPO_ROOT, 'test/fixtures/trails/s3-basic.trail.jsonc');

function ctlens(args: string[], cli = COMPILED_CLI): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('ctlens', () => {
  it('stats: counts, levels, names, errors; digest kept apart; exit 0', () => {
    const run = ctlens(['stats', path.join(LOGS, 'AWSLogs')]);
    assert.equal(run.status, 0, run.stderr);
    const stats = JSON.parse(run.stdout);
    assert.equal(stats.files, 5);
    assert.equal(stats.digests, 1);
    assert.equal(stats.events, 1 + 10 + 1 + 5 + 1);
    assert.equal(stats.s3Events, stats.levels.account + stats.levels.bucket + stats.levels.object);
    assert.equal(
      Object.values(stats.eventNames as Record<string, number>).reduce((a, b) => a + b, 0),
      stats.events,
    );
    assert.deepEqual(stats.diagnostics, []);
  });

  it('stats --cache-dir: the second run reopens the load from the cache, prints the same and nothing on stderr', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'ctlens-cli-cache-'));
    try {
      const cold = ctlens(['stats', LOGS, '--cache-dir', cacheDir]);
      assert.ok(
        readdirSync(cacheDir).some((name) => name.endsWith('.ctset')),
        'the load was kept whole',
      );
      const warm = ctlens(['stats', LOGS, '--cache-dir', cacheDir]);
      assert.equal(warm.status, cold.status);
      assert.equal(warm.stdout, cold.stdout);
      // Nothing but the load's own problems, the same both times (a column copied as a Buffer warned that Buffer() is
      // deprecated, once a warm run).
      assert.equal(warm.stderr, cold.stderr);
      assert.doesNotMatch(warm.stderr, /DeprecationWarning/);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });

  it('events: one JSON line per event with the decoded identity, filtered', () => {
    const run = ctlens(['events', LOGS, '--filter', 'source:s3']);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    assert.ok(lines.length > 5);
    for (const event of lines) {
      assert.equal(event.eventSource, 's3.amazonaws.com');
      for (const key of ['file', 'index', 'eventID', 'eventTime', 'eventName', 'level', 'category', 'error']) assert.ok(key in event, key);
      for (const key of ['kind', 'credential', 'mfa', 'principal', 'accountId', 'summary']) assert.ok(key in event.identity, key);
      assert.ok(path.isAbsolute(event.file));
    }
  });

  it('events --trail adds each trail verdict', () => {
    const run = ctlens(['events', path.join(EXPORTS, 'console-event-history.csv'), '--trail', TRAIL]);
    assert.equal(run.status, 0, run.stderr);
    for (const line of run.stdout.trim().split('\n')) {
      const event = JSON.parse(line);
      assert.equal(event.trails.length >= 1, true);
      assert.equal(typeof event.trails[0].logged, 'boolean');
      assert.ok(Array.isArray(event.trails[0].reasons));
      assert.equal(event.trails[0].file, TRAIL);
    }
  });

  it('explain prints a readable explanation, --json the tree', () => {
    const eventId = '0f3b1c2d-1111-4a2b-9c3d-4e5f60718293';
    const text = ctlens(['explain', path.join(EXPORTS, 'console-event-history.csv'), '--event', eventId]);
    assert.equal(text.status, 0, text.stderr);
    assert.match(text.stdout, /PutBucketPolicy/);
    assert.match(text.stdout, /S3 level: bucket/);
    const json = JSON.parse(ctlens(['explain', path.join(EXPORTS, 'console-event-history.csv'), '--event', eventId, '--json']).stdout);
    assert.equal(json.eventID, eventId);
    const missing = ctlens(['explain', LOGS, '--event', '00000000-0000-4000-8000-000000000000']);
    assert.equal(missing.status, 1);
  });

  it('exit 1 with diagnostics when some input is broken, still printing what loaded', () => {
    const run = ctlens(['stats', BROKEN, path.join(EXPORTS, 'panther-slice.json')]);
    assert.equal(run.status, 1);
    const stats = JSON.parse(run.stdout);
    assert.ok(stats.events >= 6);
    assert.ok(stats.diagnostics.length >= 8);
    for (const diagnostic of stats.diagnostics) {
      assert.deepEqual(Object.keys(diagnostic).sort(), ['code', 'column', 'file', 'line', 'message', 'recordIndex', 'severity']);
    }
    assert.ok(
      stats.diagnostics.some((diagnostic: { line: number | null }) => Number.isInteger(diagnostic.line)),
      'positions are printed',
    );
  });

  it('exit 2 on usage errors, with a message pointing at the bad filter term', () => {
    assert.equal(ctlens(['frobnicate', LOGS]).status, 2);
    assert.equal(ctlens(['events']).status, 2);
    const bad = ctlens(['events', LOGS, '--filter', 'name:x colour:red']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /colour:red/);
    assert.match(ctlens(['--help']).stdout, /ctlens events PATH/);
  });

  it(
    'the bundled CLI loads on worker threads from dist/worker.js, same result as in-thread',
    { skip: existsSync(BUNDLED_CLI) ? false : 'dist/cli.js not built (npm run build)' },
    () => {
      assert.ok(existsSync(path.join(REPO_ROOT, 'dist/worker.js')));
      const onWorkers = ctlens(['stats', '--workers', '2', LOGS], BUNDLED_CLI);
      const inThread = ctlens(['stats', '--workers', '0', LOGS], BUNDLED_CLI);
      assert.equal(onWorkers.status, inThread.status);
      assert.deepEqual(JSON.parse(onWorkers.stdout), JSON.parse(inThread.stdout));
      assert.ok(JSON.parse(onWorkers.stdout).events > 30);
    },
  );
});
