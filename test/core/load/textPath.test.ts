import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { deflateRawSync, deflateSync, gunzipSync, gzipSync, constants as zlibConstants } from 'node:zlib';
import { gzipDamagedAfter } from '../../../bench/hostileCases';
import fc from 'fast-check';
import { readLogHead, readLogText } from '../../../src/core/load/loadText';
import { loadFileBytes } from '../../../src/core/load/loadText';
import { loadPaths } from '../../../src/core/load/loadPaths';
import type { LoadResult } from '../../../src/core/load/loadedFile';
import { EventStore } from '../../../src/core/store/eventStore';
import type { Diagnostic } from '../../../src/core/types';
import { GOOD_LOG, GOOD_RECORDS, GOOD_TEXT } from './goodLog';
import { temporaryFolders } from './temporaryFolders';

const folders = temporaryFolders('ctlens-load-');
after(() => folders.removeAll());

/** A folder holding the good log and one hostile file; returns both paths. */
function beside(name: string, content: Uint8Array | string): { folder: string; good: string; bad: string } {
  const folder = folders.make();
  const good = path.join(folder, 'good.json');
  const bad = path.join(folder, name);
  writeFileSync(good, GOOD_TEXT);
  writeFileSync(bad, content);
  return { folder, good, bad };
}

function fileOf(result: LoadResult, file: string) {
  const loaded = result.files.find((candidate) => candidate.file === file);
  assert.ok(loaded, `${file} was loaded`);
  return loaded;
}

/** Every record of the good log is an event, re-readable with its own eventID. */
async function assertGoodLogComplete(result: LoadResult, good: string): Promise<void> {
  assert.equal(fileOf(result, good).index.count, GOOD_RECORDS.length);
  const store = new EventStore();
  store.add(result);
  const ids = [...store.allIds()].filter((id) => store.summary(id)?.file === good);
  const eventIDs = await Promise.all(ids.map(async (id) => (await store.readRecord(id)).record.eventID));
  assert.deepEqual(
    eventIDs,
    GOOD_RECORDS.map((record) => record.eventID),
  );
}

function codes(diagnostics: Diagnostic[], file: string): string[] {
  return diagnostics.filter((diagnostic) => diagnostic.file === file).map((diagnostic) => diagnostic.code);
}

describe('one bytes→text path for indexing and re-reading', () => {
  it('a truncated .json.gz: the records before the cut load, and every one of them re-reads (no "unexpected end of file")', async () => {
    const gzip = gzipSync(GOOD_TEXT);
    const { folder, good, bad } = beside('cut.json.gz', gzip.subarray(0, Math.floor(gzip.length * 0.6)));
    const result = await loadPaths([folder], { workers: 0 });
    const cut = fileOf(result, bad);
    assert.ok(cut.index.count > 0 && cut.index.count < GOOD_RECORDS.length, `loaded ${cut.index.count}`);
    assert.ok(codes(result.diagnostics, bad).includes('truncated-gzip'));
    const store = new EventStore();
    store.add(result);
    for (const id of store.allIds().filter((id) => store.summary(id)?.file === bad)) {
      const { record } = await store.readRecord(id);
      assert.equal(record.eventID, GOOD_RECORDS[store.summary(id)!.recordIndex].eventID);
    }
    const viewed = await readLogText(bad);
    const partial = gunzipSync(gzip.subarray(0, Math.floor(gzip.length * 0.6)), { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
    assert.equal(viewed, partial, 'the viewer shows the same text as indexing: what inflates before the cut');
    assert.equal(Buffer.byteLength(viewed), cut.textSize);
    await assertGoodLogComplete(result, good);
  });

  it('bytes in memory (a virtual workspace) decode exactly like the same bytes on disk', async () => {
    const gzip = gzipSync(GOOD_TEXT);
    const cut = gzip.subarray(0, Math.floor(gzip.length * 0.6));
    const { bad } = beside('cut.json.gz', cut);
    const fromDisk = fileOf(await loadPaths([bad], { workers: 0 }), bad);
    const fromMemory = (await loadFileBytes(bad, cut)).files[0];
    assert.equal(fromMemory.index.count, fromDisk.index.count);
    assert.equal(fromMemory.textSize, fromDisk.textSize);
    assert.equal(Buffer.from(fromMemory.text!).toString('utf8'), await readLogText(bad));
  });

  it('multi-member gzip (RFC 1952 §2.2) is read member after member', async () => {
    const middle = GOOD_TEXT.length >> 1;
    const { folder, good, bad } = beside('members.json.gz', Buffer.concat([gzipSync(GOOD_TEXT.slice(0, middle)), gzipSync(GOOD_TEXT.slice(middle))]));
    const result = await loadPaths([folder], { workers: 0 });
    assert.equal(fileOf(result, bad).index.count, GOOD_RECORDS.length);
    assert.deepEqual(codes(result.diagnostics, bad), []);
    assert.equal(await readLogText(bad), GOOD_TEXT);
    await assertGoodLogComplete(result, good);
  });

  it('bytes after a complete gzip that are not gzip are ignored as gzip -d does: the whole log loads, with a warning saying where', async () => {
    const gzip = gzipSync(GOOD_TEXT);
    const { folder, good, bad } = beside('trailing.json.gz', Buffer.concat([gzip, Buffer.from('garbage appended\n')]));
    const result = await loadPaths([folder], { workers: 0 });
    assert.equal(fileOf(result, bad).index.count, GOOD_RECORDS.length);
    const [warning, ...others] = result.diagnostics.filter((diagnostic) => diagnostic.file === bad);
    assert.deepEqual(others, []);
    assert.equal(warning.code, 'invalid-gzip');
    assert.equal(warning.severity, 'warning');
    assert.match(warning.message, new RegExp(`ends at byte ${gzip.length}, and the 17 bytes after it are not gzip`));
    assert.equal(await readLogText(bad), GOOD_TEXT, 'the viewer shows the same whole text');
    await assertGoodLogComplete(result, good);
  });

  it('a small gzip damaged in its middle keeps every byte of text before the damage (the streaming pass kept none of it)', async () => {
    const half = Buffer.from(GOOD_TEXT).subarray(0, Buffer.byteLength(GOOD_TEXT) >> 1);
    const { folder, good, bad } = beside('damaged.json.gz', gzipDamagedAfter(half));
    const result = await loadPaths([folder], { workers: 0 });
    const loaded = fileOf(result, bad);
    assert.equal(loaded.textSize, half.length);
    assert.equal(await readLogText(bad), half.toString('utf8'));
    const gzipProblem = result.diagnostics.find((diagnostic) => diagnostic.file === bad && diagnostic.code === 'invalid-gzip');
    assert.match(gzipProblem?.message ?? '', new RegExp(`damaged after ${half.length} decompressed bytes \\(invalid block type\\)`));
    const recordsBefore = GOOD_RECORDS.filter((record) => GOOD_TEXT.indexOf(JSON.stringify(record.eventID)) + 200 < half.length).length;
    assert.ok(
      loaded.index.count >= recordsBefore - 1 && loaded.index.count > 0,
      `${loaded.index.count} events, ${recordsBefore} records before the damage`,
    );
    await assertGoodLogComplete(result, good);
  });

  it("a gzip whose trailer's check fails loads all its text, with an error saying the text is damaged somewhere", async () => {
    const gzip = Buffer.from(gzipSync(GOOD_TEXT));
    gzip[gzip.length - 6] ^= 0xff;
    const { folder, bad } = beside('checksum.json.gz', gzip);
    const result = await loadPaths([folder], { workers: 0 });
    assert.equal(fileOf(result, bad).index.count, GOOD_RECORDS.length);
    const [problem] = result.diagnostics.filter((diagnostic) => diagnostic.file === bad);
    assert.equal(problem.code, 'invalid-gzip');
    assert.equal(problem.severity, 'error');
    assert.match(problem.message, /check does not match them \(incorrect data check\): the text is damaged somewhere/);
  });

  it('any bytes after a complete gzip but zeros and another member (fast-check): the text is the whole log, never more', async () => {
    const gzip = gzipSync(GOOD_TEXT);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 1, maxLength: 40 }).filter((tail) => tail[0] !== 0x00 && tail[0] !== 0x1f),
        async (tail) => {
          const raw = Buffer.concat([gzip, tail]);
          const result = await loadFileBytes('/tail.json.gz', raw);
          assert.equal(Buffer.from(result.files[0].text!).toString('utf8'), GOOD_TEXT);
          assert.deepEqual(
            result.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
            [['invalid-gzip', 'warning']],
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('gzip is recognised by its magic bytes, whatever the name', async () => {
    const { folder, good, bad } = beside('renamed.json', gzipSync(GOOD_TEXT));
    const result = await loadPaths([folder], { workers: 0 });
    assert.equal(fileOf(result, bad).index.count, GOOD_RECORDS.length);
    assert.equal(fileOf(result, bad).gzip, true);
    await assertGoodLogComplete(result, good);
  });
});

describe('the bound on one file’s text', () => {
  const BOUND = 256 * 1024;

  it('a gzip bomb stops at the bound: too-large names the bound, the setting and the CLI flag; the good log loads', async () => {
    const { folder, good, bad } = beside('bomb.json.gz', gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)));
    const result = await loadPaths([folder], { workers: 0, maxTextBytes: BOUND });
    const bomb = fileOf(result, bad);
    assert.equal(bomb.index.count, 0);
    const [tooLarge] = result.diagnostics.filter((diagnostic) => diagnostic.file === bad);
    assert.equal(tooLarge.code, 'too-large');
    assert.match(tooLarge.message, new RegExp(`${BOUND} bytes`));
    assert.match(tooLarge.message, /cloudtrailLens\.maxFileSizeMB/);
    assert.match(tooLarge.message, /--max-text-mb/);
    await assertGoodLogComplete(result, good);
  });

  it('the bound is in MB in the message when it is a whole number of MB', async () => {
    const { bad } = beside('bomb.json.gz', gzipSync(Buffer.alloc(3 * 1024 * 1024, 0x20)));
    const result = await loadPaths([bad], { workers: 0, maxTextBytes: 2 * 1024 * 1024 });
    assert.match(result.diagnostics[0].message, /more than 2 MB/);
  });

  it('a plain file over the bound gets the same diagnostic', async () => {
    const { folder, good, bad } = beside('big.json', GOOD_TEXT.repeat(Math.ceil((2 * BOUND) / GOOD_TEXT.length)));
    const result = await loadPaths([folder], { workers: 0, maxTextBytes: BOUND });
    assert.deepEqual(codes(result.diagnostics, bad), ['too-large']);
    await assertGoodLogComplete(result, good);
  });

  it('the bound reaches the worker threads', async () => {
    const { folder, good, bad } = beside('bomb.json.gz', gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20)));
    const result = await loadPaths([folder], { workers: 2, maxTextBytes: BOUND });
    assert.deepEqual(codes(result.diagnostics, bad), ['too-large']);
    assert.equal(fileOf(result, good).index.count, GOOD_RECORDS.length);
  });

  it('a bound that is not a positive number falls back to the default (the good log loads, nothing is too large)', async () => {
    const { folder, good } = beside('small.json.gz', gzipSync(Buffer.alloc(BOUND, 0x20)));
    for (const maxTextBytes of [0, -1, Number.NaN]) {
      const result = await loadPaths([folder], { workers: 0, maxTextBytes });
      assert.ok(!result.diagnostics.some((diagnostic) => diagnostic.code === 'too-large'), String(maxTextBytes));
      assert.equal(fileOf(result, good).index.count, GOOD_RECORDS.length);
    }
  });

  it('viewers get the same bound: readLogText rejects with the too-large message', async () => {
    const { bad } = beside('bomb.json.gz', gzipSync(Buffer.alloc(4 * 1024 * 1024, 0x20)));
    await assert.rejects(readLogText(bad, BOUND), new RegExp(`more than ${BOUND} bytes.*--max-text-mb`));
  });

  it('sniffing decodes like loading: UTF-16 comes out as text, binary as nothing', async () => {
    assert.equal(await readLogHead(Buffer.from('\ufeff' + GOOD_TEXT, 'utf16le').swap16(), 1002), GOOD_TEXT.slice(0, 500));
    assert.equal(await readLogHead(Buffer.from(Array.from({ length: 4096 }, (_, k) => k % 9)), 1000), '');
  });

  it('sniffing the start of a bomb reads only the start', async () => {
    const head = await readLogHead(gzipSync(Buffer.concat([Buffer.from(GOOD_TEXT), Buffer.alloc(20 * 1024 * 1024, 0x20)])), 1000);
    assert.equal(head, GOOD_TEXT.slice(0, 1000));
  });
});

describe('encodings', () => {
  const userAgent = /"userAgent"\s*:\s*"/.exec(GOOD_TEXT)!;
  const at = userAgent.index + userAgent[0].length;
  const wide = GOOD_TEXT.slice(0, at) + 'Ā一丐'.repeat(40) + GOOD_TEXT.slice(at);
  const littleEndian = (text: string) => Buffer.from(text, 'utf16le');
  const bigEndian = (text: string) => Buffer.from(text, 'utf16le').swap16();
  const cases: [string, Buffer, string, string][] = [
    ['UTF-16LE with a byte order mark', littleEndian('\ufeff' + GOOD_TEXT), GOOD_TEXT, 'UTF-16LE'],
    ['UTF-16LE without a byte order mark', littleEndian(GOOD_TEXT), GOOD_TEXT, 'UTF-16LE'],
    ['UTF-16BE with a byte order mark', bigEndian('\ufeff' + GOOD_TEXT), GOOD_TEXT, 'UTF-16BE'],
    ['UTF-16BE without a byte order mark', bigEndian(GOOD_TEXT), GOOD_TEXT, 'UTF-16BE'],
    ['UTF-16LE with characters that have a zero byte (U+0100, U+4E00)', littleEndian(wide), wide, 'UTF-16LE'],
  ];
  for (const [what, bytes, text, name] of cases) {
    it(`${what}: decoded, every record loads and re-reads, a text-encoding warning names ${name}`, async () => {
      const { folder, good, bad } = beside('utf16.json', bytes);
      const result = await loadPaths([folder], { workers: 0 });
      const [warning] = result.diagnostics.filter((diagnostic) => diagnostic.file === bad);
      assert.equal(warning.code, 'text-encoding');
      assert.equal(warning.severity, 'warning');
      assert.match(warning.message, new RegExp(name));
      const store = new EventStore();
      store.add(result);
      const ids = store.allIds().filter((id) => store.summary(id)?.file === bad);
      assert.equal(ids.length, GOOD_RECORDS.length);
      for (const id of ids) assert.equal((await store.readRecord(id)).record.eventID, GOOD_RECORDS[store.summary(id)!.recordIndex].eventID);
      assert.equal(await readLogText(bad), text);
      await assertGoodLogComplete(result, good);
    });
  }

  it('a raw NUL byte in the first 8 KB costs its record only, not the whole file as binary', async () => {
    const withNul = Buffer.from(GOOD_TEXT);
    const eventName = /"eventName"\s*:\s*"/.exec(GOOD_TEXT)!;
    withNul[eventName.index + eventName[0].length + 1] = 0;
    const { bad } = beside('nul.json', withNul);
    const result = await loadPaths([bad], { workers: 0 });
    assert.ok(!codes(result.diagnostics, bad).includes('binary-file'));
    assert.equal(fileOf(result, bad).index.count, GOOD_RECORDS.length - 1);
  });

  it('a byte that is not UTF-8 (a value written as Latin-1) loads the log, with one text-encoding warning where it is', async () => {
    const at = GOOD_TEXT.indexOf('"userAgent":"') + '"userAgent":"'.length;
    const bytes = Buffer.concat([Buffer.from(GOOD_TEXT.slice(0, at)), Buffer.from([0xe9]), Buffer.from(GOOD_TEXT.slice(at))]);
    const { folder, good, bad } = beside('latin1.json', bytes);
    const result = await loadPaths([folder], { workers: 0 });
    assert.equal(fileOf(result, bad).index.count, GOOD_RECORDS.length);
    const [warning, ...others] = result.diagnostics.filter((diagnostic) => diagnostic.file === bad);
    assert.deepEqual(others, []);
    assert.equal(warning.code, 'text-encoding');
    assert.equal(warning.severity, 'warning');
    const lines = GOOD_TEXT.slice(0, at).split('\n');
    assert.deepEqual([warning.line, warning.column], [lines.length, lines[lines.length - 1].length + 1]);
    assert.match(warning.message, /not valid UTF-8 from here \(byte 0xe9/);
    await assertGoodLogComplete(result, good);
  });

  it('a UTF-8 byte order mark is fine', async () => {
    const { bad } = beside('bom.json', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(GOOD_TEXT)]));
    const result = await loadPaths([bad], { workers: 0 });
    assert.deepEqual(result.diagnostics, []);
    await assertGoodLogComplete(result, bad);
  });

  const binaries: [string, Buffer, RegExp][] = [
    ['a ZIP archive', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from(GOOD_TEXT)]), /ZIP archive/],
    ['a log gzipped twice', gzipSync(gzipSync(GOOD_TEXT)), /compressed twice/],
    // Every level: 0 stores the text (it would pass for text after the header), 2–5 start with the text "x^".
    ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((level): [string, Buffer, RegExp] => [
      `a log in a zlib stream (level ${level})`,
      deflateSync(GOOD_TEXT, { level }),
      /it is zlib-compressed data, not gzip/,
    ]),
    ['a zlib stream cut short', deflateSync(GOOD_TEXT).subarray(0, 300), /it is zlib-compressed data, not gzip/],
    ['a zlib stream with a small window', deflateSync(GOOD_TEXT, { windowBits: 9 }), /it is zlib-compressed data, not gzip/],
    ...[1, 6, 9].map((level): [string, Buffer, RegExp] => [
      `a log in raw deflate (level ${level})`,
      deflateRawSync(GOOD_TEXT, { level }),
      /it is raw deflate data, without gzip's header/,
    ]),
    // zlib of something that is not text is still binary, said by its bytes.
    ['a zlib stream of control bytes', deflateSync(Buffer.alloc(4096, 1)), /control characters or NUL/],
    ['random control bytes', Buffer.from(Array.from({ length: 4096 }, (_, k) => (k * 7) % 32)), /control characters or NUL/],
  ];
  it('text that starts as a zlib header does ("x^") is read as text, not taken for a stream', async () => {
    const { folder, good, bad } = beside('notes.json', `x^2 + y^2 = r^2, where the radius r ${'is a length '.repeat(50)}\n`);
    const result = await loadPaths([folder], { workers: 0 });
    assert.ok(!codes(result.diagnostics, bad).includes('binary-file'), JSON.stringify(result.diagnostics));
    assert.ok(codes(result.diagnostics, bad).length > 0, 'a text that is not JSON is reported');
    await assertGoodLogComplete(result, good);
  });

  for (const [what, bytes, reason] of binaries) {
    it(`${what} is binary, and the diagnostic says why`, async () => {
      const { folder, good, bad } = beside('binary.json', bytes);
      const result = await loadPaths([folder], { workers: 0 });
      const [binary] = result.diagnostics.filter((diagnostic) => diagnostic.file === bad);
      assert.equal(binary.code, 'binary-file');
      assert.match(binary.message, reason);
      await assertGoodLogComplete(result, good);
    });
  }
});

it('GOOD_LOG is a real log with records', () => {
  assert.ok(GOOD_RECORDS.length > 0, GOOD_LOG);
});
