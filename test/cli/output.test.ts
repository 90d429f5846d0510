// The CLI's stdout writer stops quietly when its reader goes away, also while it waits for a full pipe to drain
// (`ctlens events … | head` once hung there: the reader's end closed, 'drain' never came).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Writable } from 'node:stream';
import { LineWriter } from '../../src/cli/output';
import { REPO_ROOT } from '../core/engineFixtures';
import { COMPILED_CLI } from './runCtlens';

/** A stream whose writes never complete (a full pipe), so write() returns false and 'drain' never comes. */
function fullPipe(): Writable {
  return new Writable({ highWaterMark: 1, write: () => undefined });
}

describe('the CLI writing to a pipe whose reader goes away', () => {
  for (const [ending, end] of [
    ['an EPIPE error', (stream: Writable) => stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))],
    ['the close', (stream: Writable) => stream.emit('close')],
  ] as const)
    it(`a flush waiting for 'drain' ends at ${ending}`, async () => {
      const stream = fullPipe();
      const out = new LineWriter(stream);
      await out.line('x');
      const flushed = out.flush();
      end(stream);
      await flushed;
      assert.equal(out.isClosed, ending === 'an EPIPE error');
    });

  it('ctlens events exits once the reader has read its first lines and closed the pipe', async () => {
    const child = spawn(process.execPath, [COMPILED_CLI, 'events', path.join(REPO_ROOT, 'test', 'fixtures', 'logs')], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // The first chunk only: then the pipe is closed, as head does.
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    const timer = setTimeout(() => child.kill(), 20_000);
    const code = await exited;
    clearTimeout(timer);
    assert.notEqual(code, null, 'killed after 20 s: it hung');
  });
});
