import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { loadPaths } from '../../../src/core/load/loadPaths';
import type { Diagnostic } from '../../../src/core/types';
import { BROKEN, DELIVERY_DAY } from '../engineFixtures';
import { tempFolder } from './temporaryFolders';

async function diagnosticsOf(name: string): Promise<{ events: number; diagnostics: Diagnostic[] }> {
  const file = path.join(BROKEN, name);
  const result = await loadPaths([file], { workers: 0 });
  for (const diagnostic of result.diagnostics) {
    assert.equal(diagnostic.file, file);
    assert.ok(diagnostic.message.includes(file), `message names the file: ${diagnostic.message}`);
  }
  return { events: result.files.reduce((sum, loaded) => sum + loaded.index.count, 0), diagnostics: result.diagnostics };
}

describe('bad input gives typed diagnostics naming the file, never an exception', () => {
  const single: [string, string][] = [
    ['empty.json', 'empty-file'],
    ['binary.json', 'binary-file'],
    ['records-not-array.json', 'records-not-array'],
    ['not-cloudtrail.json', 'not-cloudtrail'],
    ['not-really-gzip.json.gz', 'invalid-gzip'],
  ];
  for (const [name, code] of single) {
    it(`${name} → ${code}`, async () => {
      const { events, diagnostics } = await diagnosticsOf(name);
      assert.equal(events, 0);
      assert.deepEqual(
        diagnostics.map((diagnostic) => diagnostic.code),
        [code],
      );
    });
  }

  it('a text file named explicitly is read and reported as not JSON, at line 1 column 1', async () => {
    const { diagnostics } = await diagnosticsOf('hello.txt');
    assert.equal(diagnostics[0].code, 'invalid-json');
    assert.equal(diagnostics[0].line, 1);
    assert.equal(diagnostics[0].column, 1);
  });

  it('invalid JSON in one record: line and column, the other records load', async () => {
    const { events, diagnostics } = await diagnosticsOf('invalid-record.json');
    assert.equal(events, 2);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'invalid-json');
    assert.equal(diagnostics[0].recordIndex, 1);
    assert.equal(diagnostics[0].line, 4);
    assert.equal(diagnostics[0].column, 16);
    assert.equal(readFileSync(path.join(BROKEN, 'invalid-record.json'), 'utf8').split('\n')[3][15], ',');
  });

  it('truncated gzip: diagnostic, and the records before the cut still load', async () => {
    const { events, diagnostics } = await diagnosticsOf('truncated.json.gz');
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'truncated-gzip'));
    assert.ok(events >= 1 && events < 5, `loaded ${events} of 5`);
  });

  it('truncated JSON text: records before the cut load, the cut is reported', async () => {
    const { events, diagnostics } = await diagnosticsOf('truncated.json');
    assert.ok(events >= 1 && events < 5);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'invalid-json');
    assert.match(diagnostics[0].message, /truncated/);
  });

  it('wrong field types and missing fields are reported per record; usable records still load', async () => {
    const { events, diagnostics } = await diagnosticsOf('wrong-field-types.json');
    assert.equal(events, 3);
    const codes = diagnostics.map((diagnostic) => `${diagnostic.recordIndex}:${diagnostic.code}`);
    assert.deepEqual(
      codes.sort(),
      ['0:invalid-field', '0:invalid-field', '1:invalid-field', '1:invalid-record', '2:invalid-time', '3:invalid-record'].sort(),
    );
    assert.ok(diagnostics.some((diagnostic) => /eventName is a number/.test(diagnostic.message)));
    assert.ok(diagnostics.some((diagnostic) => /awsRegion is an array/.test(diagnostic.message)));
  });

  it('a folder of broken files still loads its good files', async (t) => {
    const folder = tempFolder(t, 'ctlens-mixed-');
    writeFileSync(
      path.join(folder, 'good.json'),
      readFileSync(path.join(DELIVERY_DAY, '218007301253_CloudTrail_us-east-1_20230710T1205Z_nx9Yx1FyJdBaTqKj.json')),
    );
    for (const name of ['empty.json', 'binary.json', 'truncated.json.gz', 'records-not-array.json'])
      writeFileSync(path.join(folder, name), readFileSync(path.join(BROKEN, name)));
    const result = await loadPaths([folder], { workers: 2 });
    assert.equal(result.files.find((loaded) => loaded.file.endsWith('good.json'))?.index.count, 10);
    assert.deepEqual(
      new Set(result.diagnostics.map((diagnostic) => diagnostic.code)),
      new Set(['empty-file', 'binary-file', 'truncated-gzip', 'invalid-json', 'records-not-array']),
    );
  });

  it('a missing path is a file-unreadable diagnostic', async () => {
    const result = await loadPaths([path.join(BROKEN, 'does-not-exist.json')], { workers: 0 });
    assert.deepEqual(
      result.diagnostics.map((diagnostic) => diagnostic.code),
      ['file-unreadable'],
    );
  });

  it('files are only read: loading leaves them unchanged', async () => {
    const file = path.join(BROKEN, 'truncated.json.gz');
    const before = { bytes: readFileSync(file), mtime: statSync(file).mtimeMs };
    await loadPaths([BROKEN], { workers: 0 });
    assert.deepEqual(readFileSync(file), before.bytes);
    assert.equal(statSync(file).mtimeMs, before.mtime);
  });
});

describe('large single-line files', () => {
  it('loads a 50 MB minified log on one line', async () => {
    const record = JSON.parse(readFileSync(path.join(DELIVERY_DAY, '218007301253_CloudTrail_us-east-1_20230710T1205Z_lKy08gyrqqRJyzsn.json'), 'utf8'))
      .Records[0];
    const one = JSON.stringify(record);
    const count = Math.ceil((50 * 1024 * 1024) / one.length);
    const folder = mkdtempSync(path.join(tmpdir(), 'ctlens-big-'));
    const file = path.join(folder, 'big.json');
    try {
      writeFileSync(file, `{"Records":[${new Array(count).fill(one).join(',')}]}`);
      assert.ok(statSync(file).size >= 50 * 1024 * 1024);
      const result = await loadPaths([file], { workers: 0 });
      assert.deepEqual(result.diagnostics, []);
      assert.equal(result.files[0].index.count, count);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
