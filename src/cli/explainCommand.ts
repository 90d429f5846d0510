// `ctlens explain`: everything about one event (S3 level, identity, each trail's verdict, defaults, delivery),
// as text for a person or as the JSON tree with --json, both with the record's control characters escaped. The
// explanation itself comes from src/core/trail.

import { explainEvent, explanationLines, type EventStore, type TrailConfig } from '../core';
import type { LineWriter } from './output';
import { terminalJson, terminalLines } from './terminalText';

/** What printExplanation did: printed it, found no event with that eventID, or found its log rewritten since loading. */
export type ExplanationOutcome = 'printed' | 'no-such-event' | 'changed-since-load';

/** Prints the explanation of the event with this eventID. */
export async function printExplanation(
  store: EventStore,
  eventId: string,
  trails: TrailConfig[],
  json: boolean,
  out: LineWriter,
): Promise<ExplanationOutcome> {
  const id = store.findByEventId(eventId);
  if (id === undefined) return 'no-such-event';
  // A log rewritten since it was loaded gives no record; the store holds its changed-since-load diagnostic.
  const read = await store.readRecordIfUnchanged(id);
  if (read === undefined) return 'changed-since-load';
  const explanation = explainEvent(read.record, trails);
  await out.line(json ? terminalJson(explanation, 2) : terminalLines(explanationLines(explanation)));
  return 'printed';
}
