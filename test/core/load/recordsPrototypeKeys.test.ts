import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { FLAG_VALUE_CODES, flagCategory, flagIdentityKind } from '../../../src/core/load/indexSchema';
import { loadPaths } from '../../../src/core/load/loadPaths';
import { Dictionary } from '../../../src/core/store/dictionary';
import { EventStore } from '../../../src/core/store/eventStore';

const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('record values named like Object.prototype members are ordinary values', () => {
  it('eventName, errorCode, eventCategory and identity type __proto__, constructor… are indexed and counted like any other', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'ctlens-records-prototype-'));
    try {
      const file = path.join(folder, 'prototype.json');
      // Each name twice, and GetObject once, so that counts are checked, not only presence.
      const names = [...PROTOTYPE_NAMES, ...PROTOTYPE_NAMES, 'GetObject'];
      const records = names.map((name) => ({
        eventTime: '2023-07-10T12:00:00Z',
        // Not S3, so that the category can only come from eventCategory.
        eventSource: 'ec2.amazonaws.com',
        eventName: name,
        errorCode: name,
        eventCategory: name,
        awsRegion: name,
        userIdentity: { type: name, principalId: name },
      }));
      // JSON.stringify would drop a "__proto__" key made by an object literal, so the text is written as JSON directly.
      writeFileSync(file, `{"Records":[${records.map((record) => JSON.stringify(record)).join(',')}], "__proto__": {"Records": []}}`);
      const result = await loadPaths([file], { workers: 0 });
      assert.deepEqual(result.diagnostics, []);
      const index = result.files[0].index;
      assert.equal(index.count, names.length);
      const column = index.interned.eventName;
      assert.deepEqual(
        [...column.ids].map((id) => column.values[id]),
        names,
      );
      for (let i = 0; i < index.count; i++) {
        // An eventCategory that is not Management, Data or Insight gives no category (a prototype lookup gave corrupt flags).
        assert.equal(flagCategory(index.flags[i]), null);
        assert.equal(flagIdentityKind(index.flags[i]), 'unknown');
      }
      const store = new EventStore();
      store.add(result);
      for (const field of ['eventName', 'errorCode', 'awsRegion'] as const) {
        const counts = new Map(store.group(store.allIds(), field).map((bucket) => [bucket.value, bucket.count]));
        assert.deepEqual(counts, new Map([...PROTOTYPE_NAMES.map((name) => [name, 2] as const), ['GetObject', 1]]), field);
      }
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('the global dictionary interns them as values', () => {
    const dictionary = new Dictionary();
    const ids = PROTOTYPE_NAMES.map((name) => dictionary.intern(name));
    assert.deepEqual(ids, [1, 2, 3, 4, 5]);
    assert.deepEqual(
      PROTOTYPE_NAMES.map((name) => dictionary.idOf(name)),
      ids,
    );
    assert.equal(dictionary.idOf('isPrototypeOf'), undefined);
  });

  it('query words for flags find nothing for prototype names', () => {
    for (const table of Object.values(FLAG_VALUE_CODES)) {
      for (const name of PROTOTYPE_NAMES) assert.equal(table[name], undefined, name);
    }
    assert.equal(FLAG_VALUE_CODES.category.management, 1);
  });
});
