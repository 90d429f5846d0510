// Trails rebuilt from a loaded store: indexing keeps the trail calls whole (through worker threads too), so no file
// is read again, and a file forged to hold more of them than any real history is capped and reported.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { MAX_KEPT_CALLS_PER_FILE } from '../../../src/core/load/keptCalls';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { EventStore } from '../../../src/core/store/eventStore';
import { trailsFromLogs } from '../../../src/core/trail/trailsFromLogs';
import { DOMAIN_FIXTURES } from '../s3/domainFixtures';

const CALLS = join(DOMAIN_FIXTURES, 'trail-history', 'invictus-ir-trail-calls.json');

async function storeOf(paths: string[], workers: number): Promise<EventStore> {
  const store = new EventStore();
  store.add(await loadPaths(paths, { workers }));
  return store;
}

describe('trailsFromLogs', () => {
  const folder = mkdtempSync(join(tmpdir(), 'ctlens-kept-'));
  after(() => rmSync(folder, { recursive: true, force: true }));

  for (const workers of [0, 1]) {
    it(`rebuilds the real trails from the calls kept at indexing (${workers} worker threads)`, async () => {
      const store = await storeOf([CALLS], workers);
      assert.equal([...store.keptCalls()].length, 15, 'every trail call of the fixture, the failed ones too');
      const trails = trailsFromLogs(store);
      const narrowed = trails.find((trail) => trail.name === 'stratus-red-team-ctes-trail-qyxyekjbtk');
      assert.equal(narrowed?.timeline.length, 5);
      assert.equal(narrowed?.timeline[0]?.file, CALLS);
      assert.equal(store.summary(store.findByRecord(CALLS, narrowed?.timeline[0]?.recordIndex ?? -1) ?? -1)?.eventName, 'CreateTrail');
    });
  }

  it('follows logs closed: their calls leave with them', async () => {
    const store = await storeOf([CALLS], 0);
    store.removeFile(CALLS);
    assert.deepEqual(trailsFromLogs(store), []);
  });

  it('keeps at most MAX_KEPT_CALLS_PER_FILE calls of a forged file, with a warning naming the file', async () => {
    const forged = join(folder, 'forged.json');
    const records = Array.from({ length: MAX_KEPT_CALLS_PER_FILE + 5 }, (_, index) => ({
      eventVersion: '1.08',
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      eventTime: new Date(Date.UTC(2024, 0, 1) + index * 1000).toISOString(),
      eventID: `forged-${index}`,
      awsRegion: 'us-east-1',
      recipientAccountId: '111122223333',
      requestParameters: { name: 'audit' },
    }));
    writeFileSync(forged, JSON.stringify({ Records: records }));
    const store = await storeOf([forged], 0);
    assert.equal(store.size, MAX_KEPT_CALLS_PER_FILE + 5, 'every record is still indexed');
    assert.equal([...store.keptCalls()].length, MAX_KEPT_CALLS_PER_FILE);
    const warning = store.diagnostics().find((diagnostic) => diagnostic.code === 'calls-capped');
    assert.equal(warning?.severity, 'warning');
    assert.match(warning?.message ?? '', /forged\.json: 10,005 trail calls .* use the first 10,000/);
  });
});
