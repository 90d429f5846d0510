// `ctlens stats`: counts from the index alone (no record is re-read).

import type { EventStore } from '../core/store/eventStore';

function countsByValue(store: EventStore, ids: Uint32Array, field: 'eventName' | 'errorCode'): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const bucket of store.group(ids, field)) if (bucket.value !== null) counts[bucket.value] = bucket.count;
  return counts;
}

/** The stats object printed by `ctlens stats`. */
export function statsOf(store: EventStore, ids: Uint32Array) {
  const levels = { account: 0, bucket: 0, object: 0 };
  for (const bucket of store.group(ids, 'level')) if (bucket.value !== null) levels[bucket.value as keyof typeof levels] = bucket.count;
  const s3Events = store.group(ids, 'isS3').find((bucket) => bucket.value === 'true')?.count ?? 0;
  return {
    files: store.files().length,
    digests: store.digests().length,
    events: ids.length,
    s3Events,
    levels,
    eventNames: countsByValue(store, ids, 'eventName'),
    errors: countsByValue(store, ids, 'errorCode'),
    diagnostics: store.diagnostics().map(({ file, code, message }) => ({ file, code, message })),
  };
}
