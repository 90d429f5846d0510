// Every real record through every fixture trail, the defaults, delivery and every hover: no throw, plain data.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fieldNote } from '../../../src/core/fieldNotes/field';
import { explainEvent } from '../../../src/core/trail/eventExplanation';
import { explanationLines } from '../../../src/core/trail/format';
import { parseTrailConfigurations } from '../../../src/core/trail/parse';
import type { TrailConfig } from '../../../src/core/trail/types';
import type { RawRecord } from '../../../src/core/types';
import { realRecords, TRAIL_FIXTURES } from '../s3/domainFixtures';

/** An explanation as the CLI prints it, one line after another. */
const formatExplanation = (...args: Parameters<typeof explanationLines>): string => explanationLines(...args).join('\n');

function fixtureTrails(): TrailConfig[] {
  return readdirSync(TRAIL_FIXTURES)
    .filter((name) => name.includes('.trail.'))
    .flatMap((name) => parseTrailConfigurations(readFileSync(join(TRAIL_FIXTURES, name), 'utf8'), name).trails);
}

/** Every path to a scalar inside the record. */
function scalarPaths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries: Array<[string | number, unknown]> = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return entries.flatMap(([key, item]) => scalarPaths(item, [...prefix, key]));
}

describe('real records through the whole domain engine', () => {
  const trails = fixtureTrails();

  it('explains every real record against every fixture trail', () => {
    assert.ok(trails.length >= 7);
    for (const { source, record } of realRecords()) {
      const explanation = explainEvent(record, trails, new Date('2026-01-01T00:00:00Z'));
      assert.equal(explanation.verdicts.length, trails.length);
      for (const verdict of explanation.verdicts) assert.ok(verdict.reasons.length > 0, `${source} ${String(record.eventID)} ${verdict.name}`);
      const text = formatExplanation(explanation);
      assert.doesNotMatch(text, /undefined|\[object Object\]/, `${source} ${String(record.eventID)}`);
      assert.doesNotThrow(() => JSON.stringify(explanation));
    }
  });

  it('gives hovers on every scalar of every real record without throwing', () => {
    for (const { record } of realRecords()) {
      for (const path of scalarPaths(record as RawRecord)) {
        const explanation = fieldNote(record, path);
        if (explanation) {
          assert.ok(explanation.title.length > 0);
          for (const line of explanation.lines) assert.equal(typeof line, 'string');
        }
      }
    }
  });
});
