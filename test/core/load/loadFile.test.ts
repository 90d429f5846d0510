// A file read with blocking calls is inflated into memory the thread reuses for the next file (gunzipScratch.ts): what
// its load gives back must hold nothing of that memory.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadFile } from '../../../src/core/load/loadFile';
import { GOOD_RECORDS, GOOD_TEXT } from './goodLog';
import { tempFolder } from './temporaryFolders';

test('a file loaded with blocking reads keeps its index whole while the next files are inflated in the same memory', async (t) => {
  const folder = tempFolder(t, 'ctlens-load-');
  const first = path.join(folder, 'first.json.gz');
  writeFileSync(first, gzipSync(GOOD_TEXT));
  const loaded = await loadFile(first, undefined, true);
  assert.equal(loaded.index.count, GOOD_RECORDS.length);
  const snapshot = structuredClone(loaded);
  // The same records, in the other order and spaced out: a longer text whose bytes differ from the first one's.
  const other = path.join(folder, 'other.json.gz');
  const otherText = JSON.stringify({ Records: [...GOOD_RECORDS].reverse() }, null, 2);
  assert.ok(otherText.length > GOOD_TEXT.length);
  writeFileSync(other, gzipSync(otherText));
  assert.equal((await loadFile(other, undefined, true)).index.count, GOOD_RECORDS.length);
  assert.deepEqual(loaded, snapshot);
  assert.deepEqual(await loadFile(first, undefined, false), snapshot);
});
