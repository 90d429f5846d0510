// The trails the loaded logs configure: the index finds the few CloudTrail calls that change a trail, and only
// those records are re-read. Records of files rewritten since loading are skipped (the store reports them).

import type { EventStore } from '../store/eventStore';
import { CLOUDTRAIL_SOURCE, rebuildTrails, TRAIL_CHANGE_EVENTS, type TrailCallRecord } from './history';
import type { TrailConfig } from './types';

const TRAIL_CALLS_QUERY = `source:${CLOUDTRAIL_SOURCE} name:${TRAIL_CHANGE_EVENTS.join(',')}`;

/** Every trail whose calls are in the store, rebuilt as a timeline of configurations. */
export async function trailsFromLogs(store: EventStore): Promise<TrailConfig[]> {
  const found = store.query(TRAIL_CALLS_QUERY);
  if (!found.ok) throw new Error(`trail calls query failed: ${found.error.message}`);
  const calls: TrailCallRecord[] = [];
  for (const id of found.ids) {
    const read = await store.readRecordIfUnchanged(id);
    const summary = store.summary(id);
    if (read !== undefined && summary !== undefined) calls.push({ record: read.record, file: summary.file, recordIndex: summary.recordIndex });
  }
  return rebuildTrails(calls);
}

/** Trails a verdict can be asked of: every trail from a file, and those rebuilt from the logs that have a change (not only failed calls). */
export function judgeableTrails(trails: ReadonlyArray<TrailConfig>): TrailConfig[] {
  return trails.filter((trail) => trail.source === 'file' || trail.timeline.length > 0);
}
