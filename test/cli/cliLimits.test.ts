import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseArguments } from '../../src/cli/args';
import { loadInputs } from '../../src/cli/loadInputs';
import { REPO_ROOT } from '../core/engineFixtures';
import { GOOD_LOG, GOOD_RECORDS } from '../core/load/goodLog';
import { tempFolder } from '../core/load/temporaryFolders';

const MB = 1024 * 1024;

describe('ctlens limits: --max-text-mb and --workers', () => {
  it('--max-text-mb N is the bound in bytes; anything but a whole number of MB from 1 is a usage error', () => {
    const parsed = parseArguments(['stats', 'x.json', '--max-text-mb', '3']);
    assert.equal(parsed.kind === 'run' && parsed.args.maxTextBytes, 3 * MB);
    for (const wrong of ['0', '-1', '1.5', 'many', '4096'])
      assert.equal(parseArguments(['stats', 'x.json', '--max-text-mb', wrong]).kind, 'usage-error', wrong);
    assert.equal(parseArguments(['stats', 'x.json', '--max-text-mb']).kind, 'usage-error');
  });

  it('the bound reaches the load: a bomb over it is too-large, the good log beside it loads completely', async (t) => {
    const folder = tempFolder(t, 'ctlens-load-');
    const bomb = path.join(folder, 'bomb.json.gz');
    writeFileSync(bomb, gzipSync(Buffer.alloc(3 * MB, 0x20)));
    const store = await loadInputs([folder, GOOD_LOG], 0, MB);
    assert.equal(store.size, GOOD_RECORDS.length);
    assert.deepEqual(
      store.diagnostics().map((diagnostic) => [diagnostic.file, diagnostic.code]),
      [[bomb, 'too-large']],
    );
    assert.match(store.diagnostics()[0].message, /more than 1 MB.*--max-text-mb/);
  });

  it(`--workers above the machine's parallelism (${availableParallelism()}) is capped, and stderr says so`, () => {
    const requested = availableParallelism() + 48;
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'out/src/cli.js'), 'stats', GOOD_LOG, '--workers', String(requested)], {
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`--workers ${requested} capped at ${availableParallelism()}`));
    assert.equal(JSON.parse(run.stdout).events, GOOD_RECORDS.length);
  });
});
