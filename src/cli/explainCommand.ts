// `ctlens explain`: everything about one event (S3 level, identity, each trail's verdict, defaults, delivery),
// as text for a person or as the JSON tree with --json. The explanation itself comes from src/core/trail.

import type { EventStore } from '../core/store/eventStore';
import { explainEvent } from '../core/trail/event-explanation';
import { formatExplanation } from '../core/trail/format';
import type { TrailConfig } from '../core/trail/types';
import type { LineWriter } from './output';

/** Prints the explanation of the event with this eventID; false when no loaded event has it. */
export async function printExplanation(store: EventStore, eventId: string, trails: TrailConfig[], json: boolean, out: LineWriter): Promise<boolean> {
  const id = store.findByEventId(eventId);
  if (id === undefined) return false;
  const { record } = await store.readRecord(id);
  const explanation = explainEvent(record, trails);
  await out.line(json ? JSON.stringify(explanation, null, 2) : formatExplanation(explanation));
  return true;
}
