// `ctlens events`: one JSON line per record, re-reading each for the decoded identity (and trail verdicts); with
// --unique, one line per event delivered more than once, listing where each of its copies is. Each line names the
// event's origin (src/core/lineage): who is behind the credentials it was made with.

import {
  decodeIdentity,
  explainTrail,
  lineageOfRecord,
  originSummary,
  type EventStore,
  type SessionLinks,
  type Rereader,
  type TrailConfig,
} from '../core';
import type { LineWriter } from './output';
import { terminalJson } from './terminalText';

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * Prints the selected events, skipping those of files rewritten since they were loaded; stops early if stdout is
 * closed. `unique`: each event once (the first of its copies among `ids`), with `copies`, every copy loaded. With
 * `links`, each line has `origin`: principal, kind, accountId, hops and whether the chain is complete. With `reread`,
 * the records to come are read meanwhile on other threads (EventStore.readRecordsAhead).
 */
export async function printEvents(
  store: EventStore,
  ids: Uint32Array,
  trails: TrailConfig[],
  out: LineWriter,
  unique = false,
  links?: SessionLinks,
  reread?: Rereader,
): Promise<void> {
  const selected = unique ? store.uniqueIds(ids) : ids;
  const reads = reread === undefined ? undefined : store.readRecordsAhead(selected, reread);
  for (const id of selected) {
    if (out.isClosed) return;
    // A file rewritten since it was loaded gives no record; the store holds its diagnostic, the other files print.
    const read = reads === undefined ? await store.readRecordIfUnchanged(id) : (await reads.next()).value;
    const summary = store.summary(id);
    if (summary === undefined || read === undefined) continue;
    const { record } = read;
    const identity = decodeIdentity(record);
    const line: Record<string, unknown> = {
      file: summary.file,
      index: summary.recordIndex,
      eventID: summary.eventID,
      eventTime: typeof record.eventTime === 'string' ? record.eventTime : summary.eventTime,
      eventName: summary.eventName,
      eventSource: summary.eventSource,
      level: summary.level,
      category: summary.eventCategory,
      identity,
      error: summary.errorCode,
      errorMessage: text(record.errorMessage),
      region: summary.awsRegion,
      sourceIPAddress: summary.sourceIPAddress,
      userAgent: summary.userAgent,
      recipientAccountId: summary.recipientAccountId,
      sharedEventID: text(record.sharedEventID),
    };
    const chain = links === undefined ? undefined : lineageOfRecord(links, id, record, identity);
    if (chain !== undefined) line.origin = originSummary(chain);
    if (unique) line.copies = store.copiesOf(id).map((copy) => ({ file: copy.file, index: copy.recordIndex }));
    if (trails.length > 0) {
      line.trails = trails.map((trail) => {
        const verdict = explainTrail(record, trail);
        return { name: verdict.name, file: verdict.file, logged: verdict.logged, reasons: verdict.reasons };
      });
    }
    await out.line(terminalJson(line));
  }
}
