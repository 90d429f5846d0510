// Everything `ctlens explain` shows for one event: the facts a responder reads first (error, network origin, TLS,
// bytes, which account's copy it is), its S3 level, who made it, each trail's verdict, the defaults with no trail,
// and cross-account delivery. JSON-serialisable (`--json`).

import { decodeIdentity, type DecodedIdentity } from '../identity';
import { classifyEvent } from '../s3/classify';
import type { Classification, RawRecord } from '../types';
import { crossAccountDelivery, type CrossAccountDelivery } from './crossAccount';
import { explainDefaults, type DefaultsExplanation } from './defaults';
import { explainTrail } from './explain';
import type { TrailConfig, TrailVerdict } from './types';

/**
 * The record's own facts a responder asks for, each only when the record has it. Field meanings:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * (errorCode, errorMessage, sourceIPAddress, userAgent, vpcEndpointId, tlsDetails, recipientAccountId, sharedEventID)
 * and https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html
 * (additionalEventData.bytesTransferredIn/Out of S3 data events). Every value is the record's, attacker-written.
 */
export interface EventFacts {
  errorCode?: string;
  errorMessage?: string;
  sourceIPAddress?: string;
  userAgent?: string;
  vpcEndpointId?: string;
  tlsDetails?: TlsDetails;
  bytesTransferredIn?: number;
  bytesTransferredOut?: number;
  recipientAccountId?: string;
  sharedEventID?: string;
}

/** tlsDetails as the record has it; partial values are possible. */
export interface TlsDetails {
  tlsVersion?: string;
  cipherSuite?: string;
  clientProvidedHostHeader?: string;
  keyExchange?: string;
}

type StringFact = Exclude<keyof EventFacts, 'tlsDetails' | 'bytesTransferredIn' | 'bytesTransferredOut'>;

const STRING_FACTS: readonly StringFact[] = [
  'errorCode',
  'errorMessage',
  'sourceIPAddress',
  'userAgent',
  'vpcEndpointId',
  'recipientAccountId',
  'sharedEventID',
];
const TLS_FIELDS: readonly (keyof TlsDetails)[] = ['tlsVersion', 'cipherSuite', 'clientProvidedHostHeader', 'keyExchange'];
const BYTE_FACTS = ['bytesTransferredIn', 'bytesTransferredOut'] as const;

export interface EventExplanation {
  eventName: string | null;
  eventTime: string | null;
  eventID: string | null;
  facts: EventFacts;
  classification: Classification;
  identity: DecodedIdentity;
  verdicts: TrailVerdict[];
  defaults: DefaultsExplanation;
  crossAccount: CrossAccountDelivery;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function objectOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** A byte count: a whole number, as CloudTrail writes it (a numeric string is read too; anything else is not one). */
function byteCount(value: unknown): number | undefined {
  const count = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

/** The facts of EventFacts that the record states (an empty string states nothing). */
export function eventFacts(record: RawRecord): EventFacts {
  const facts: EventFacts = {};
  for (const key of STRING_FACTS) {
    const value = text(record[key]);
    if (value) facts[key] = value;
  }
  const tls = objectOf(record.tlsDetails);
  if (tls !== undefined) {
    const details: TlsDetails = {};
    for (const key of TLS_FIELDS) {
      const value = text(tls[key]);
      if (value) details[key] = value;
    }
    if (Object.keys(details).length > 0) facts.tlsDetails = details;
  }
  const additional = objectOf(record.additionalEventData);
  for (const key of BYTE_FACTS) {
    const count = byteCount(additional?.[key]);
    if (count !== undefined) facts[key] = count;
  }
  return facts;
}

export function explainEvent(record: RawRecord, trails: ReadonlyArray<TrailConfig>, now: Date = new Date()): EventExplanation {
  return {
    eventName: text(record.eventName),
    eventTime: text(record.eventTime),
    eventID: text(record.eventID),
    facts: eventFacts(record),
    classification: classifyEvent(record),
    identity: decodeIdentity(record),
    verdicts: trails.map((trail) => explainTrail(record, trail)),
    defaults: explainDefaults(record, now),
    crossAccount: crossAccountDelivery(record),
  };
}
