// The trails the loaded logs configure, rebuilt from the trail calls indexing kept whole (load/keptCalls.ts): no
// log file is read again.

import type { EventStore } from '../store/eventStore';
import { rebuildTrails, rebuildTrailsSteps } from './history';
import type { TrailConfig } from './types';

/** Every trail whose calls are in the store, rebuilt as a timeline of configurations. */
export function trailsFromLogs(store: EventStore): TrailConfig[] {
  return rebuildTrails(store.keptCalls());
}

/** Trails a verdict can be asked of: every trail from a file, and those rebuilt from the logs that have a change (not only failed calls). */
export function judgeableTrails(trails: ReadonlyArray<TrailConfig>): TrailConfig[] {
  return trails.filter((trail) => trail.source === 'file' || trail.timeline.length > 0);
}

/** trailsFromLogs in steps, for a caller that spreads the work over turns of the event loop (runInSlices). */
export function trailsFromLogsSteps(store: EventStore): Generator<void, TrailConfig[]> {
  return rebuildTrailsSteps(store.keptCalls());
}
