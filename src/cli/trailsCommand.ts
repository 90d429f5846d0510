// `ctlens trails`: one JSON object per trail, those rebuilt from the logs (with the timeline of their
// configurations) and those of the --trail files.

import type { TrailConfig } from '../core';
import type { LineWriter } from './output';
import { terminalJson } from './terminalText';

/** The object printed for one trail. */
export function trailLine(trail: TrailConfig) {
  return {
    name: trail.name,
    arn: trail.trailArn,
    source: trail.source,
    file: trail.file,
    homeRegion: trail.homeRegion,
    timeline: trail.timeline.map(({ from, eventID, eventName, change, by, evasion, file, recordIndex, config }) => ({
      from,
      eventID,
      eventName,
      change,
      by,
      evasion,
      file,
      index: recordIndex,
      config,
    })),
    failedCalls: trail.failedCalls.map(({ at, eventID, eventName, errorCode, by, file, recordIndex }) => ({
      at,
      eventID,
      eventName,
      errorCode,
      by,
      file,
      index: recordIndex,
    })),
  };
}

/** Prints the trails, those from files first. */
export async function printTrails(trails: ReadonlyArray<TrailConfig>, out: LineWriter): Promise<void> {
  for (const trail of trails) {
    if (out.isClosed) return;
    await out.line(terminalJson(trailLine(trail)));
  }
}
