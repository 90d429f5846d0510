// Everything `ctlens explain` shows for one event: its S3 level, who made it, each trail's verdict, the defaults
// with no trail, and cross-account delivery. JSON-serialisable (`--json`).

import { decodeIdentity, type DecodedIdentity } from '../identity';
import { classifyEvent } from '../s3/classify';
import type { Classification, RawRecord } from '../types';
import { crossAccountDelivery, type CrossAccountDelivery } from './crossAccount';
import { explainDefaults, type DefaultsExplanation } from './defaults';
import { explainTrail } from './explain';
import type { TrailConfig, TrailVerdict } from './types';

export interface EventExplanation {
  eventName: string | null;
  eventTime: string | null;
  eventID: string | null;
  classification: Classification;
  identity: DecodedIdentity;
  verdicts: TrailVerdict[];
  defaults: DefaultsExplanation;
  crossAccount: CrossAccountDelivery;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

export function explainEvent(record: RawRecord, trails: ReadonlyArray<TrailConfig>, now: Date = new Date()): EventExplanation {
  return {
    eventName: text(record.eventName),
    eventTime: text(record.eventTime),
    eventID: text(record.eventID),
    classification: classifyEvent(record),
    identity: decodeIdentity(record),
    verdicts: trails.map((trail) => explainTrail(record, trail)),
    defaults: explainDefaults(record, now),
    crossAccount: crossAccountDelivery(record),
  };
}
