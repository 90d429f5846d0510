// The panel's view of one record as the tests build it: a record of /logs/a.json, no trail, unless told otherwise.
import type { RawRecord } from '../../src/core';
import { buildEventView, type EventViewInput } from '../../src/view/eventView';
import type { EventView } from '../../src/view/messages';

export function viewOfRecord(record: RawRecord, overrides: Partial<EventViewInput> = {}): EventView {
  return buildEventView({
    record,
    text: JSON.stringify(record),
    source: { file: '/logs/a.json', recordIndex: 0, eventID: typeof record.eventID === 'string' ? record.eventID : null },
    fileLabel: 'a.json',
    trails: [],
    trailProblems: [],
    ...overrides,
  });
}
