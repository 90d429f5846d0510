// `ctlens explain`: everything about one event (S3 level, identity, each trail's verdict, defaults, delivery),
// as text for a person or as the JSON tree with --json, both with the record's control characters escaped. The
// explanation itself comes from src/core/trail.

import { explainEvent, explanationLines, type EventStore, type TrailConfig } from '../core';
import type { LineWriter } from './output';
import { terminalJson, terminalLines } from './terminalText';

/** Prints the explanation of the event with this eventID; false when no loaded event has it. */
export async function printExplanation(store: EventStore, eventId: string, trails: TrailConfig[], json: boolean, out: LineWriter): Promise<boolean> {
  const id = store.findByEventId(eventId);
  if (id === undefined) return false;
  const { record } = await store.readRecord(id);
  const explanation = explainEvent(record, trails);
  await out.line(json ? terminalJson(explanation, 2) : terminalLines(explanationLines(explanation)));
  return true;
}
