// `ctlens stats`: counts from the index alone (no record is re-read).

import type { Diagnostic, EventStore } from '../core';

/** Counts by value, in an object without prototype: a value named `__proto__` or `constructor` is a key like any other. */
function countsByValue(store: EventStore, ids: Uint32Array, field: 'eventName' | 'errorCode'): Record<string, number> {
  const counts: Record<string, number> = Object.create(null);
  for (const bucket of store.count(ids, field)) if (bucket.value !== null) counts[bucket.value] = bucket.count;
  return counts;
}

/** A diagnostic as stats print it: where (line and column when known, null otherwise), what, and how bad. */
function diagnosticEntry({ file, line, column, recordIndex, code, severity, message }: Diagnostic) {
  return { file, line: line ?? null, column: column ?? null, recordIndex: recordIndex ?? null, code, severity, message };
}

/** Counts per S3 level (events of none are left out). */
function levelCounts(store: EventStore, ids: Uint32Array) {
  const levels = { account: 0, bucket: 0, object: 0 };
  for (const bucket of store.count(ids, 'level')) if (bucket.value !== null) levels[bucket.value as keyof typeof levels] = bucket.count;
  return levels;
}

/** The stats object printed by `ctlens stats`. */
export function statsOf(store: EventStore, ids: Uint32Array) {
  const levels = levelCounts(store, ids);
  const s3Events = store.count(ids, 'isS3').find((bucket) => bucket.value === 'true')?.count ?? 0;
  // `events` counts records, as every other count here does; a log delivered twice doubles them.
  const { uniqueEvents, duplicateRecords } = store.countCopies(ids);
  return {
    files: store.files().length,
    digests: store.digests().length,
    events: ids.length,
    uniqueEvents,
    duplicateRecords,
    s3Events,
    levels,
    // The Events tree's level groups: each event once, however many times it was delivered.
    uniqueLevels: duplicateRecords === 0 ? levels : levelCounts(store, store.uniqueIds(ids)),
    eventNames: countsByValue(store, ids, 'eventName'),
    errors: countsByValue(store, ids, 'errorCode'),
    diagnostics: store.diagnostics().map(diagnosticEntry),
  };
}
