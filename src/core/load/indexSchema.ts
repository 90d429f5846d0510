// The compact per-file index a loader produces (in a worker or in-thread) and the store keeps.
// Everything is typed arrays plus small per-file string tables, so a worker can transfer it without copying
// and the store never holds one parsed record per event.

import { EVENT_CATEGORY_IDS } from '../eventCategory';
import type { EventCategory, IdentityKind, InputFormat, S3Level } from '../types';
import type { IndexedLink, KeptCalls } from './keptCalls';
import type { TransferColumn } from './bytesTransferred';

/** Fields with repeated values: kept as ids into a string table (id 0 = absent). */
export const INTERNED_FIELDS = [
  'eventName',
  'eventSource',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'recipientAccountId',
  'principal',
  'accessKeyId',
  'account',
  'bucket',
] as const;
/** Name of an interned field. */
export type InternedField = (typeof INTERNED_FIELDS)[number];

/** Fields unique (or nearly) per event: UTF-8 bytes in one buffer with offsets, UUIDs packed to 16 bytes. */
export const UNIQUE_FIELDS = ['eventID', 'requestID', 'objectKey'] as const;
/** Name of a unique-string field. */
export type UniqueField = (typeof UNIQUE_FIELDS)[number];

/** Ids into a string table, as wide as the table needs (an index cache entry keeps them so; a fresh load in 32 bits). */
export type TableIds = Uint8Array | Uint16Array | Uint32Array;

/** A column of interned values for one file: `ids[i]` indexes `values` (0 = absent, `values[0]` is unused). */
export interface InternedColumn {
  ids: TableIds;
  values: readonly string[];
}

/** A column of unique strings: value i is `bytes[offsets[i] .. offsets[i+1])` in the packed encoding of uniqueBytes.ts. */
export interface UniqueColumn {
  bytes: Uint8Array;
  offsets: Uint32Array;
}

/** The compact index of the events of one file. */
export interface FileIndex {
  count: number;
  /** Index of each event's record in its file (records that failed to load leave gaps). */
  recordIndex: Uint32Array;
  /** Byte range [start, end) of each record in the decompressed UTF-8 text. */
  start: Uint32Array;
  end: Uint32Array;
  /** eventTime in milliseconds since the epoch (UTC); NaN when absent or unreadable. */
  eventTime: Float64Array;
  /** Packed level, category, readOnly, isS3 and identity kind (see packFlags). */
  flags: Uint16Array;
  interned: Record<InternedField, InternedColumn>;
  unique: Record<UniqueField, UniqueColumn>;
  /** Trail calls kept whole (keptCalls.ts), at most MAX_KEPT_CALLS_PER_FILE. */
  keptCalls: KeptCalls;
  /** Link facts of the credential-issuing calls (core/lineage), at most MAX_LINKS_PER_FILE. */
  links: IndexedLink[];
  /** S3 bytes in/out of the events that give them (bytesTransferred.ts). */
  transfer: TransferColumn;
}

/**
 * `index` with other interned columns, its other fields read one by one: an index may keep them behind getters
 * (a prepared file's, store/segment.ts), which a spread would leave out.
 */
export function withInterned(index: FileIndex, interned: Record<InternedField, InternedColumn>): FileIndex {
  const { count, recordIndex, start, end, eventTime, flags, unique, keptCalls, links, transfer } = index;
  return { count, recordIndex, start, end, eventTime, flags, interned, unique, keptCalls, links, transfer };
}

const LEVELS: readonly (S3Level | null)[] = [null, 'account', 'bucket', 'object'];
const CATEGORIES: readonly (EventCategory | null)[] = [null, ...EVENT_CATEGORY_IDS];
const READ_ONLY: readonly (boolean | null)[] = [null, false, true];
/** Identity kinds in packed-code order (code 0 = unknown). */
export const IDENTITY_KINDS: readonly IdentityKind[] = [
  'unknown',
  'root',
  'iam-user',
  'assumed-role',
  'role',
  'federated-user',
  'saml-user',
  'web-identity-user',
  'identity-center-user',
  'directory',
  'aws-account',
  'anonymous',
  'aws-service',
];

/** The per-event facts packed into one 16-bit flags value. */
export interface EventFlags {
  level: S3Level | null;
  category: EventCategory | null;
  readOnly: boolean | null;
  isS3: boolean;
  identityKind: IdentityKind;
  /** The request was another API operation than its eventName says: ListObjects with list-type 2 is ListObjectsV2 (s3/operation.ts). */
  otherOperation: boolean;
  /** An AWS service made the call (core/noise/noiseFacts.ts). */
  byService: boolean;
  /** CloudTrail delivering or encrypting its own log files (core/noise/noiseFacts.ts). */
  trailDelivery: boolean;
}

// Bit layout: level 0-1, category 2-4, readOnly 5-6, isS3 7, identity kind 8-11, other operation 12, by a service 13,
// CloudTrail's own delivery 14.
const IS_S3_BIT = 1 << 7;
const OTHER_OPERATION_BIT = 1 << 12;
/** Bits of the noise facts, for filters testing them without decoding. */
export const BY_SERVICE_BIT = 1 << 13;
export const TRAIL_DELIVERY_BIT = 1 << 14;

/** Packs the per-event facts into 16 bits. */
export function packFlags(facts: EventFlags): number {
  const kind = IDENTITY_KINDS.indexOf(facts.identityKind);
  return (
    LEVELS.indexOf(facts.level) |
    (CATEGORIES.indexOf(facts.category) << 2) |
    (READ_ONLY.indexOf(facts.readOnly) << 5) |
    (facts.isS3 ? IS_S3_BIT : 0) |
    ((kind < 0 ? 0 : kind) << 8) |
    (facts.otherOperation ? OTHER_OPERATION_BIT : 0) |
    (facts.byService ? BY_SERVICE_BIT : 0) |
    (facts.trailDelivery ? TRAIL_DELIVERY_BIT : 0)
  );
}

/** Unpacks one fact from a flags value. */
export const flagLevel = (flags: number): S3Level | null => LEVELS[flags & 3];
export const flagCategory = (flags: number): EventCategory | null => CATEGORIES[(flags >> 2) & 7] ?? null;
export const flagReadOnly = (flags: number): boolean | null => READ_ONLY[(flags >> 5) & 3];
export const flagIsS3 = (flags: number): boolean => (flags & IS_S3_BIT) !== 0;
export const flagIdentityKind = (flags: number): IdentityKind => IDENTITY_KINDS[(flags >> 8) & 15] ?? 'unknown';
export const flagOtherOperation = (flags: number): boolean => (flags & OTHER_OPERATION_BIT) !== 0;

/** A word → code table without a prototype: query words are user input, and "constructor" must find nothing. */
function codeTable(entries: [string, number][]): Record<string, number> {
  return Object.assign(Object.create(null) as Record<string, number>, Object.fromEntries(entries));
}

/** Query words → packed code of each flag fact ('none' for absent), derived from the tables above. */
export const FLAG_VALUE_CODES: Record<'level' | 'category' | 'readOnly' | 'identityKind', Record<string, number>> = {
  level: codeTable(LEVELS.map((value, code) => [value ?? 'none', code])),
  category: codeTable(CATEGORIES.map((value, code) => [value ?? 'none', code])),
  readOnly: codeTable(READ_ONLY.map((value, code) => [value === null ? 'none' : String(value), code])),
  identityKind: codeTable(IDENTITY_KINDS.map((kind, code) => [kind, code])),
};
/** Bit position and width mask of each packed fact, for filters comparing codes without decoding. */
export const FLAG_SHIFTS = { level: 0, category: 2, readOnly: 5, isS3: 7, identityKind: 8 } as const;
export const FLAG_MASKS = { level: 3, category: 7, readOnly: 3, isS3: 1, identityKind: 15 } as const;

/** Formats a loader recognises; re-exported for convenience. */
export type { InputFormat };
