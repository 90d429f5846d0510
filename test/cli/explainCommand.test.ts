import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { printExplanation } from '../../src/cli/explainCommand';
import { LineWriter } from '../../src/cli/output';
import { loadPaths } from '../../src/core/load/loadPaths';
import { EventStore } from '../../src/core/store/eventStore';

function record(eventID: string, eventName: string) {
  return { eventVersion: '1.08', eventTime: '2024-02-01T00:00:00Z', eventSource: 's3.amazonaws.com', eventName, awsRegion: 'us-east-1', eventID };
}

describe('printExplanation', () => {
  it('a log rewritten since it was loaded: nothing printed, the outcome and a changed-since-load diagnostic say why', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'ctlens-explain-'));
    try {
      const log = path.join(folder, 'log.json');
      const other = path.join(folder, 'other.json');
      writeFileSync(log, JSON.stringify({ Records: [record('11111111-1111-4111-8111-111111111111', 'GetObject')] }));
      writeFileSync(other, JSON.stringify({ Records: [record('22222222-2222-4222-8222-222222222222', 'PutObject')] }));
      const store = new EventStore();
      store.add(await loadPaths([folder], { workers: 0 }));
      writeFileSync(log, JSON.stringify({ Records: [record('11111111-1111-4111-8111-111111111111', 'DeleteObjectRewritten')] }));
      utimesSync(log, new Date(), new Date(Date.now() + 5000));
      const stream = new PassThrough();
      let printed = '';
      stream.on('data', (chunk: Buffer) => (printed += chunk.toString('utf8')));
      const out = new LineWriter(stream);
      assert.equal(await printExplanation(store, '11111111-1111-4111-8111-111111111111', [], false, out), 'changed-since-load');
      assert.equal(await printExplanation(store, '33333333-3333-4333-8333-333333333333', [], false, out), 'no-such-event');
      await out.flush();
      assert.equal(printed, '');
      assert.deepEqual(
        store.diagnostics().map(({ file, code }) => [file, code]),
        [[log, 'changed-since-load']],
      );
      assert.equal(await printExplanation(store, '22222222-2222-4222-8222-222222222222', [], false, out), 'printed');
      await out.flush();
      assert.match(printed, /^Event PutObject at 2024-02-01T00:00:00Z/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
