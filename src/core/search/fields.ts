// The query language's field names: what each searches and how values match. One table drives the parser,
// the evaluator and the help text.

import { EVENT_CATEGORY_IDS } from '../eventCategory';
import type { InternedField, UniqueField } from '../load/indexSchema';
import { IDENTITY_KINDS } from '../load/indexSchema';
import { NOISE_LENS_NAMES } from '../noise/lenses';

/** How a value compares with a stored value. Both are case-insensitive (see fold.ts) and accept `*` wildcards. */
export type MatchMode =
  /** The whole stored value must match (`name:GetObject`, `name:Get*`). */
  | 'whole'
  /** Without `*`, the value may appear anywhere in the stored value (`principal:alice`). */
  | 'contains';

/** What a query field reads. */
export type FieldTarget =
  | { kind: 'interned'; fields: readonly InternedField[] }
  | { kind: 'unique'; field: UniqueField }
  | { kind: 'flag'; flag: 'level' | 'category' | 'readOnly' | 'identityKind'; values: readonly string[] }
  /** A noise lens (core/noise/lenses.ts), or `hide` for the events no lens of machine noise marks. */
  | { kind: 'noise'; values: readonly string[] }
  | { kind: 'file' }
  | { kind: 'time'; bound: 'after' | 'before' }
  /** Not in the index: the events are worked out beforehand by whoever holds them (session lineage, core/lineage). */
  | { kind: 'derived'; field: DerivedField };

/** Query fields the index cannot answer alone. */
export type DerivedField = 'origin' | 'session';

/** One query field: what it reads, how values match, and a line of help. */
export interface QueryField {
  target: FieldTarget;
  mode: MatchMode;
  help: string;
}

/** Every query field by name (lower case). */
export const QUERY_FIELDS: Readonly<Record<string, QueryField>> = {
  name: {
    target: { kind: 'interned', fields: ['eventName'] },
    mode: 'whole',
    help: 'eventName, e.g. name:GetObject, name:Get*; name:ListObjectsV2 also finds ListObjects with list-type 2',
  },
  source: { target: { kind: 'interned', fields: ['eventSource'] }, mode: 'whole', help: 'eventSource; source:s3 means s3.amazonaws.com' },
  region: { target: { kind: 'interned', fields: ['awsRegion'] }, mode: 'whole', help: 'awsRegion' },
  ip: { target: { kind: 'interned', fields: ['sourceIPAddress'] }, mode: 'whole', help: 'sourceIPAddress, e.g. ip:203.0.113.*' },
  agent: { target: { kind: 'interned', fields: ['userAgent'] }, mode: 'contains', help: 'userAgent (substring)' },
  error: { target: { kind: 'interned', fields: ['errorCode'] }, mode: 'whole', help: 'errorCode; error:* any error, -error:* no error' },
  principal: { target: { kind: 'interned', fields: ['principal'] }, mode: 'contains', help: 'caller ARN or best name (substring)' },
  key: { target: { kind: 'interned', fields: ['accessKeyId'] }, mode: 'whole', help: 'access key id, e.g. key:AKIA*' },
  account: { target: { kind: 'interned', fields: ['account', 'recipientAccountId'] }, mode: 'whole', help: "caller's or recipient account id" },
  recipient: { target: { kind: 'interned', fields: ['recipientAccountId'] }, mode: 'whole', help: 'recipientAccountId' },
  bucket: { target: { kind: 'interned', fields: ['bucket'] }, mode: 'whole', help: 'S3 bucket name' },
  object: { target: { kind: 'unique', field: 'objectKey' }, mode: 'whole', help: 'S3 object key, e.g. object:*.pdf' },
  id: { target: { kind: 'unique', field: 'eventID' }, mode: 'whole', help: 'eventID (any case)' },
  request: { target: { kind: 'unique', field: 'requestID' }, mode: 'whole', help: 'requestID (any case)' },
  level: {
    target: { kind: 'flag', flag: 'level', values: ['account', 'bucket', 'object', 'none'] },
    mode: 'whole',
    help: 'S3 level: account, bucket, object, none',
  },
  category: {
    target: { kind: 'flag', flag: 'category', values: [...EVENT_CATEGORY_IDS, 'none'] },
    mode: 'whole',
    help: 'management, data, insight',
  },
  readonly: { target: { kind: 'flag', flag: 'readOnly', values: ['true', 'false', 'none'] }, mode: 'whole', help: 'true or false' },
  identity: {
    target: { kind: 'flag', flag: 'identityKind', values: IDENTITY_KINDS },
    mode: 'whole',
    help: `identity kind: ${IDENTITY_KINDS.join(', ')}`,
  },
  noise: {
    target: { kind: 'noise', values: [...NOISE_LENS_NAMES, 'hide'] },
    mode: 'whole',
    help: `noise lenses: ${NOISE_LENS_NAMES.join(', ')}; -noise:service hides calls by AWS services, noise:hide hides service, delivery and monitoring noise`,
  },
  file: { target: { kind: 'file' }, mode: 'contains', help: 'file path (substring)' },
  after: { target: { kind: 'time', bound: 'after' }, mode: 'whole', help: 'events at or after an ISO time, e.g. after:2023-07-10T12:00' },
  before: { target: { kind: 'time', bound: 'before' }, mode: 'whole', help: 'events before an ISO time' },
  origin: {
    target: { kind: 'derived', field: 'origin' },
    mode: 'contains',
    help: 'the principal at the origin of the credentials (session lineage), e.g. origin:temp-user (substring)',
  },
  session: {
    target: { kind: 'derived', field: 'session' },
    mode: 'whole',
    help: 'events of an access key or of the credentials an issuing event minted, transitively: session:ASIA…, session:<eventID>',
  },
};

/** The query field called `name` (lower case); undefined for any other name, `constructor` and `__proto__` included. */
export function queryField(name: string): QueryField | undefined {
  return Object.hasOwn(QUERY_FIELDS, name) ? QUERY_FIELDS[name] : undefined;
}

/** Interned fields searched by bare words (free text). */
export const FREE_TEXT_INTERNED: readonly InternedField[] = [
  'eventName',
  'eventSource',
  'awsRegion',
  'sourceIPAddress',
  'userAgent',
  'errorCode',
  'principal',
  'accessKeyId',
  'account',
  'recipientAccountId',
  'bucket',
];

/** Unique fields searched by bare words. */
export const FREE_TEXT_UNIQUE: readonly UniqueField[] = ['objectKey', 'requestID', 'eventID'];

/** Service short names: `source:s3` also matches `s3.amazonaws.com`. */
export const SERVICE_HOST_SUFFIX = '.amazonaws.com';
