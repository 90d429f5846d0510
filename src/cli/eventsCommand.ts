// `ctlens events`: one JSON line per event, re-reading each record for the decoded identity (and trail verdicts).

import { decodeIdentity } from '../core/identity/decode';
import type { EventStore } from '../core/store/eventStore';
import { explainTrail } from '../core/trail/explain';
import type { TrailConfig } from '../core/trail/types';
import type { LineWriter } from './output';

/** Prints the selected events; stops early if stdout is closed. */
export async function printEvents(store: EventStore, ids: Uint32Array, trails: TrailConfig[], out: LineWriter): Promise<void> {
  for (const id of ids) {
    if (out.isClosed) return;
    const summary = store.summary(id);
    if (summary === undefined) continue;
    const { record } = await store.readRecord(id);
    const line: Record<string, unknown> = {
      file: summary.file,
      index: summary.recordIndex,
      eventID: summary.eventID,
      eventTime: typeof record.eventTime === 'string' ? record.eventTime : summary.eventTime,
      eventName: summary.eventName,
      eventSource: summary.eventSource,
      level: summary.level,
      category: summary.eventCategory,
      identity: decodeIdentity(record),
      error: summary.errorCode,
    };
    if (trails.length > 0) {
      line.trails = trails.map((trail) => {
        const verdict = explainTrail(record, trail);
        return { name: verdict.name, file: verdict.file, logged: verdict.logged, reasons: verdict.reasons };
      });
    }
    await out.line(JSON.stringify(line));
  }
}
