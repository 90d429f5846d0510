import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../core/engineFixtures';
import { ctlens, jsonLines } from './runCtlens';

/** Real trail calls of the invictus-ir Stratus Red Team run (test/fixtures/domain/SOURCE.md). */
const CALLS = path.join(REPO_ROOT, 'test/fixtures/domain/trail-history/invictus-ir-trail-calls.json');
const TRAIL_FILE = path.join(REPO_ROOT, 'test/fixtures/trails/management-default.trail.json');
/** A DescribeInstances after both Stratus trails were deleted, and a DescribeAccountAttributes while one was narrowed. */
const AFTER_DELETION = 'd2418c93-a506-4385-b58a-a36c0d636d25';
const WHILE_NARROWED = '0e3e15ba-fc3d-4e0f-ade6-f3a3e719a826';

/** The CLI's exit status, its JSON lines and its streams. */
function runJson(args: string[]) {
  const result = ctlens(args);
  return { ...result, lines: jsonLines(result.stdout) };
}

describe('ctlens trails', () => {
  it('prints one object per trail: those of --trail files, then those the logs configure, with their timelines', () => {
    const run = runJson(['trails', CALLS, '--trail', TRAIL_FILE]);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(
      run.lines.map((trail) => `${trail.source} ${trail.name}`),
      [
        'file management-only',
        'logs stratus-red-team-cloudtraild-trail-aueolsaccp',
        'logs stratus-red-team-ctes-trail-qyxyekjbtk',
        'logs stratus-red-team-ctlr-trail-zqfsvooxqj',
        'logs stratus-red-team-ct-stop-trail-qzbgnfqisx',
      ],
    );
    const narrowed = run.lines.find((trail) => trail.name === 'stratus-red-team-ctes-trail-qyxyekjbtk');
    assert.equal(narrowed?.arn, 'arn:aws:cloudtrail:us-east-1:123837392027:trail/stratus-red-team-ctes-trail-qyxyekjbtk');
    assert.equal(narrowed?.homeRegion, 'us-east-1');
    assert.equal(narrowed?.file, null);
    const [created, , selectors] = narrowed?.timeline ?? [];
    assert.deepEqual(Object.keys(created).slice(0, 5), ['from', 'eventID', 'eventName', 'change', 'by']);
    assert.equal(created.from, '2023-07-10T12:00:05Z');
    assert.equal(created.config.isLogging, false);
    assert.equal(selectors.eventName, 'PutEventSelectors');
    assert.equal(selectors.config.eventSelectors[0].IncludeManagementEvents, false);
    assert.match(selectors.evasion, /stops recording management read events/);
  });

  it('--trails-from-logs: explain and events judge against the trail as it was, naming the deciding change', () => {
    const events = runJson(['events', CALLS, '--filter', `id:${AFTER_DELETION},${WHILE_NARROWED}`, '--trails-from-logs']);
    assert.equal(events.status, 0, events.stderr);
    assert.equal(events.lines.length, 2);
    for (const line of events.lines) {
      const names = line.trails.map((trail: { name: string }) => trail.name);
      assert.ok(!names.includes('stratus-red-team-ct-stop-trail-qzbgnfqisx'), 'a trail only failed calls name is not judged');
      for (const trail of line.trails) assert.deepEqual(Object.keys(trail), ['name', 'file', 'logged', 'reasons']);
    }
    const narrowed = events.lines
      .find((line) => line.eventID === WHILE_NARROWED)
      ?.trails.find((trail: { name: string }) => trail.name === 'stratus-red-team-ctes-trail-qyxyekjbtk');
    assert.equal(narrowed.logged, false);
    assert.equal(narrowed.file, null);
    assert.match(narrowed.reasons.join(' '), /Decided by PutEventSelectors at 2023-07-10T12:00:08Z/);
    const explained = runJson(['explain', CALLS, '--event', AFTER_DELETION, '--trails-from-logs', '--json']);
    const verdict = JSON.parse(explained.stdout).verdicts.find(
      (candidate: { name: string }) => candidate.name === 'stratus-red-team-ctlr-trail-zqfsvooxqj',
    );
    assert.equal(verdict.logged, false);
    assert.equal(verdict.decidedBy.eventName, 'DeleteTrail');
    assert.equal(verdict.source, 'logs');
  });

  it('without --trails-from-logs nothing is judged against the logs, and the flag is refused where it means nothing', () => {
    const plain = runJson(['events', CALLS, '--filter', `id:${AFTER_DELETION}`]);
    assert.equal(plain.lines[0]?.trails, undefined);
    const misuse = ctlens(['stats', CALLS, '--trails-from-logs']);
    assert.equal(misuse.status, 2);
    assert.match(misuse.stderr, /--trails-from-logs applies to events and explain/);
  });
});
