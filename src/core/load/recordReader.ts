// A record read without JSON.parse of the whole of it: the WebAssembly reader (wasm/recordRead.c) checks the
// record's JSON and places, in one call, the members indexing reads; this module makes a small object of them (the
// record as indexing sees it), taking strings met before from tables made once per thread. JSON.parse of a whole
// record makes every string and object of it (tlsDetails, responseElements, sessionContext…), most never read by the
// index. Where the module cannot vouch for a record (see recordRead.c) it says so, and the record is parsed as before.

import type { RawRecord } from '../types';
import { issuingCall } from '../lineage/issuers';
import { isKeptCall } from './keptCalls';
import { RECORD_READ_WASM } from './recordReadWasm';
import { compiledOnce } from './wasmModule';
import { INTERNED_FIELDS, type InternedField } from './indexSchema';

/**
 * Whether indexing needs the whole record, not the members the reader made: a trail call keeps part of its record, and
 * a lookup-events entry or a CloudWatch Logs event holds its record as a string.
 */
export function readsWhole(record: RawRecord): boolean {
  return record.CloudTrailEvent !== undefined || record.message !== undefined || isKeptCall(record.eventSource, record.eventName);
}

/**
 * Whether indexing needs the record as the issuing schema makes it (`RecordReader.readIssuing`): a credential-issuing
 * call's links read its caller's whole identity and its response (linkFacts.ts).
 */
export function readsIssuing(record: RawRecord): boolean {
  const { eventSource, eventName } = record;
  return typeof eventName === 'string' && typeof eventSource === 'string' && issuingCall(eventName, eventSource) !== undefined;
}

/** One member a schema places: `numbered` strings are made once per thread; `object`/`elements` are read by a schema. */
export interface MemberSpec {
  key: string;
  numbered?: boolean;
  object?: SchemaName;
  elements?: SchemaName;
}

export type SchemaName =
  | 'record'
  | 'userIdentity'
  | 'onBehalfOf'
  | 'requestParameters'
  | 'additionalEventData'
  | 'resource'
  | 'issuingRecord'
  | 'issuingIdentity'
  | 'sessionContext'
  | 'sessionAttributes'
  | 'sessionIssuer'
  | 'webIdFederation'
  | 'inScopeOf'
  | 'issuingRequest'
  | 'issuingEventData'
  | 'issuingResponse'
  | 'issued';

/**
 * The members indexing reads (extractEvent and what it calls: classification, identity, S3 target, noise, byte
 * counts), as documented: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
 * (record, resources), https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 * (userIdentity, with the lower-case names some edited data sets write) and
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-understanding-s3-entries.html (Amazon S3's
 * requestParameters and additionalEventData). Any other member is left out of the record made; `npm test` checks
 * that indexing reads no other (test/core/load/recordReader.test.ts). A record whose whole text indexing keeps or
 * reads further (trail calls, lookup-events entries) is parsed whole: see `readsWhole`. A credential-issuing call is
 * read a second time with `issuingRecord` as its root (see `readsIssuing`).
 */
const RECORD_MEMBERS: readonly MemberSpec[] = [
  { key: 'eventTime', numbered: true },
  { key: 'eventSource', numbered: true },
  { key: 'eventName', numbered: true },
  { key: 'awsRegion', numbered: true },
  { key: 'sourceIPAddress', numbered: true },
  { key: 'userAgent', numbered: true },
  { key: 'errorCode', numbered: true },
  { key: 'recipientAccountId', numbered: true },
  { key: 'eventID' },
  { key: 'requestID' },
  { key: 'eventCategory', numbered: true },
  { key: 'eventType', numbered: true },
  { key: 'readOnly', numbered: true },
  { key: 'managementEvent', numbered: true },
  { key: 'userIdentity', object: 'userIdentity' },
  { key: 'requestParameters', object: 'requestParameters' },
  { key: 'resources', elements: 'resource' },
  { key: 'additionalEventData', object: 'additionalEventData' },
  { key: 'CloudTrailEvent' },
  { key: 'message' },
];

const RECORD_REQUEST_MEMBERS: readonly MemberSpec[] = [
  { key: 'bucketName', numbered: true },
  { key: 'key', numbered: true },
  { key: 'Host', numbered: true },
  { key: 'host', numbered: true },
  { key: 'accountId', numbered: true },
  { key: 'prefix', numbered: true },
  { key: 'list-type', numbered: true },
  { key: 'encryptionContext' },
  { key: 'Access-Control-Request-Method', numbered: true },
];
const RECORD_EVENT_DATA_MEMBERS: readonly MemberSpec[] = [{ key: 'bytesTransferredIn' }, { key: 'bytesTransferredOut' }];

/**
 * What a credential-issuing call's links read (lineage/linkFacts.ts, lineage/issuers.ts, identity/decode.ts), as
 * documented: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (and the other calls of
 * issuers.ts) and https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html:
 * what decodeIdentity reads of the caller, the request's role, session and principal names, a sign-in's MFA; of the
 * response, which holds the long session token, only the key id, the principal and the sign-in outcome.
 */
const ISSUING_OBJECTS = new Map<string, SchemaName>([
  ['userIdentity', 'issuingIdentity'],
  ['requestParameters', 'issuingRequest'],
  ['additionalEventData', 'issuingEventData'],
]);
const ISSUING_RECORD_MEMBERS: readonly MemberSpec[] = [
  ...RECORD_MEMBERS.map((spec) => {
    const object = ISSUING_OBJECTS.get(spec.key);
    return object === undefined ? spec : { ...spec, object };
  }),
  { key: 'responseElements', object: 'issuingResponse' },
  { key: 'errorMessage' },
  { key: 'sessionCredentialFromConsole' },
];

/** `specs`, and each again under its key in lower case (decode.ts reads those where the documented key is absent). */
function withLowerCase(specs: readonly MemberSpec[]): MemberSpec[] {
  const lower = specs.filter(({ key }) => key.toLowerCase() !== key).map((spec) => ({ ...spec, key: spec.key.toLowerCase() }));
  return [...specs, ...lower];
}

const SCHEMAS: Record<SchemaName, readonly MemberSpec[]> = {
  record: RECORD_MEMBERS,
  userIdentity: [
    { key: 'type', numbered: true },
    { key: 'principalId', numbered: true },
    { key: 'arn', numbered: true },
    { key: 'accountId', numbered: true },
    { key: 'accessKeyId', numbered: true },
    { key: 'userName', numbered: true },
    { key: 'invokedBy', numbered: true },
    { key: 'onBehalfOf', object: 'onBehalfOf' },
    { key: 'principalid', numbered: true },
    { key: 'accountid', numbered: true },
    { key: 'accesskeyid', numbered: true },
    { key: 'username', numbered: true },
    { key: 'invokedby', numbered: true },
    { key: 'onbehalfof', object: 'onBehalfOf' },
  ],
  onBehalfOf: [
    { key: 'userId', numbered: true },
    { key: 'userid', numbered: true },
    { key: 'identityStoreArn', numbered: true },
    { key: 'identitystorearn', numbered: true },
  ],
  requestParameters: RECORD_REQUEST_MEMBERS,
  additionalEventData: RECORD_EVENT_DATA_MEMBERS,
  resource: [
    { key: 'type', numbered: true },
    { key: 'ARN', numbered: true },
    { key: 'ARNPrefix', numbered: true },
    { key: 'accountId', numbered: true },
  ],
  issuingRecord: ISSUING_RECORD_MEMBERS,
  issuingIdentity: withLowerCase([
    { key: 'type', numbered: true },
    { key: 'principalId', numbered: true },
    { key: 'arn', numbered: true },
    { key: 'accountId', numbered: true },
    { key: 'accessKeyId', numbered: true },
    { key: 'userName', numbered: true },
    { key: 'invokedBy', numbered: true },
    { key: 'identityProvider', numbered: true },
    { key: 'sessionContext', object: 'sessionContext' },
    { key: 'inScopeOf', object: 'inScopeOf' },
    { key: 'onBehalfOf', object: 'onBehalfOf' },
  ]),
  sessionContext: withLowerCase([
    { key: 'attributes', object: 'sessionAttributes' },
    { key: 'sessionIssuer', object: 'sessionIssuer' },
    { key: 'webIdFederationData', object: 'webIdFederation' },
    { key: 'sourceIdentity', numbered: true },
    { key: 'ec2RoleDelivery', numbered: true },
    { key: 'assumedRoot', numbered: true },
  ]),
  sessionAttributes: withLowerCase([{ key: 'creationDate' }, { key: 'mfaAuthenticated', numbered: true }]),
  sessionIssuer: withLowerCase([
    { key: 'type', numbered: true },
    { key: 'principalId', numbered: true },
    { key: 'arn', numbered: true },
    { key: 'accountId', numbered: true },
    { key: 'userName', numbered: true },
  ]),
  webIdFederation: withLowerCase([{ key: 'federatedProvider', numbered: true }]),
  inScopeOf: withLowerCase([
    { key: 'issuerType', numbered: true },
    { key: 'credentialsIssuedTo', numbered: true },
  ]),
  issuingRequest: [
    ...RECORD_REQUEST_MEMBERS,
    { key: 'roleArn', numbered: true },
    { key: 'roleSessionName', numbered: true },
    { key: 'targetPrincipal', numbered: true },
    { key: 'name', numbered: true },
    { key: 'roleName', numbered: true },
    { key: 'sourceIdentity', numbered: true },
  ],
  issuingEventData: [
    ...RECORD_EVENT_DATA_MEMBERS,
    ...withLowerCase([
      { key: 'MFAUsed', numbered: true },
      { key: 'MFAIdentifier', numbered: true },
    ]),
  ],
  issuingResponse: [
    { key: 'credentials', object: 'issued' },
    { key: 'accessKey', object: 'issued' },
    { key: 'roleCredentials', object: 'issued' },
    { key: 'assumedRoleUser', object: 'issued' },
    { key: 'federatedUser', object: 'issued' },
    ...withLowerCase([{ key: 'ConsoleLogin', numbered: true }]),
    { key: 'sourceIdentity' },
  ],
  /** The credentials (accessKeyId) or the principal (arn) a call issued. */
  issued: [{ key: 'accessKeyId' }, { key: 'arn' }],
};

/** A record of the reader's own schema, from its members' values (one literal: one shape). */
function recordOf(v: unknown[]): RawRecord {
  return {
    eventTime: v[0],
    eventSource: v[1],
    eventName: v[2],
    awsRegion: v[3],
    sourceIPAddress: v[4],
    userAgent: v[5],
    errorCode: v[6],
    recipientAccountId: v[7],
    eventID: v[8],
    requestID: v[9],
    eventCategory: v[10],
    eventType: v[11],
    readOnly: v[12],
    managementEvent: v[13],
    userIdentity: v[14],
    requestParameters: v[15],
    resources: v[16],
    additionalEventData: v[17],
    CloudTrailEvent: v[18],
    message: v[19],
  };
}

/**
 * Makes each schema's object from its members' values in schema order (undefined for a member absent): one literal
 * per schema, so every object of a schema has the same shape (V8 then reads its members at fixed offsets).
 */
const MAKERS_BY_NAME: Record<SchemaName, (v: unknown[]) => RawRecord> = {
  record: recordOf,
  userIdentity: (v) => ({
    type: v[0],
    principalId: v[1],
    arn: v[2],
    accountId: v[3],
    accessKeyId: v[4],
    userName: v[5],
    invokedBy: v[6],
    onBehalfOf: v[7],
    principalid: v[8],
    accountid: v[9],
    accesskeyid: v[10],
    username: v[11],
    invokedby: v[12],
    onbehalfof: v[13],
  }),
  onBehalfOf: (v) => ({ userId: v[0], userid: v[1], identityStoreArn: v[2], identitystorearn: v[3] }),
  requestParameters: (v) => ({
    bucketName: v[0],
    key: v[1],
    Host: v[2],
    host: v[3],
    accountId: v[4],
    prefix: v[5],
    'list-type': v[6],
    encryptionContext: v[7],
    'Access-Control-Request-Method': v[8],
  }),
  additionalEventData: (v) => ({ bytesTransferredIn: v[0], bytesTransferredOut: v[1] }),
  resource: (v) => ({ type: v[0], ARN: v[1], ARNPrefix: v[2], accountId: v[3] }),
  issuingRecord: (v) => {
    // The record's own members first, so issuing calls share the record's shape as far as it goes.
    const record = recordOf(v);
    record.responseElements = v[20];
    record.errorMessage = v[21];
    record.sessionCredentialFromConsole = v[22];
    return record;
  },
  issuingIdentity: (v) => ({
    type: v[0],
    principalId: v[1],
    arn: v[2],
    accountId: v[3],
    accessKeyId: v[4],
    userName: v[5],
    invokedBy: v[6],
    identityProvider: v[7],
    sessionContext: v[8],
    inScopeOf: v[9],
    onBehalfOf: v[10],
    principalid: v[11],
    accountid: v[12],
    accesskeyid: v[13],
    username: v[14],
    invokedby: v[15],
    identityprovider: v[16],
    sessioncontext: v[17],
    inscopeof: v[18],
    onbehalfof: v[19],
  }),
  sessionContext: (v) => ({
    attributes: v[0],
    sessionIssuer: v[1],
    webIdFederationData: v[2],
    sourceIdentity: v[3],
    ec2RoleDelivery: v[4],
    assumedRoot: v[5],
    sessionissuer: v[6],
    webidfederationdata: v[7],
    sourceidentity: v[8],
    ec2roledelivery: v[9],
    assumedroot: v[10],
  }),
  sessionAttributes: (v) => ({ creationDate: v[0], mfaAuthenticated: v[1], creationdate: v[2], mfaauthenticated: v[3] }),
  sessionIssuer: (v) => ({
    type: v[0],
    principalId: v[1],
    arn: v[2],
    accountId: v[3],
    userName: v[4],
    principalid: v[5],
    accountid: v[6],
    username: v[7],
  }),
  webIdFederation: (v) => ({ federatedProvider: v[0], federatedprovider: v[1] }),
  inScopeOf: (v) => ({ issuerType: v[0], credentialsIssuedTo: v[1], issuertype: v[2], credentialsissuedto: v[3] }),
  issuingRequest: (v) => ({
    bucketName: v[0],
    key: v[1],
    Host: v[2],
    host: v[3],
    accountId: v[4],
    prefix: v[5],
    'list-type': v[6],
    encryptionContext: v[7],
    'Access-Control-Request-Method': v[8],
    roleArn: v[9],
    roleSessionName: v[10],
    targetPrincipal: v[11],
    name: v[12],
    roleName: v[13],
    sourceIdentity: v[14],
  }),
  issuingEventData: (v) => ({
    bytesTransferredIn: v[0],
    bytesTransferredOut: v[1],
    MFAUsed: v[2],
    MFAIdentifier: v[3],
    mfaused: v[4],
    mfaidentifier: v[5],
  }),
  issuingResponse: (v) => ({
    credentials: v[0],
    accessKey: v[1],
    roleCredentials: v[2],
    assumedRoleUser: v[3],
    federatedUser: v[4],
    ConsoleLogin: v[5],
    consolelogin: v[6],
    sourceIdentity: v[7],
  }),
  issued: (v) => ({ accessKeyId: v[0], arn: v[1] }),
};

const SCHEMA_NAMES = Object.keys(SCHEMAS) as SchemaName[];
const SCHEMA_KEYS: readonly (readonly string[])[] = SCHEMA_NAMES.map((name) => SCHEMAS[name].map(({ key }) => key));
const MAKERS = SCHEMA_NAMES.map((name) => MAKERS_BY_NAME[name]);
const RECORD_SCHEMA = SCHEMA_NAMES.indexOf('record');
const ISSUING_RECORD_SCHEMA = SCHEMA_NAMES.indexOf('issuingRecord');

/** Per schema, per member: the schema of its object value, or of its array's elements (-1: none). */
const CHILD_SCHEMA: readonly Int8Array[] = SCHEMA_NAMES.map(
  (name) => new Int8Array(SCHEMAS[name].map(({ object, elements }) => SCHEMA_NAMES.indexOf((object ?? elements) as SchemaName))),
);

/**
 * Per interned field (INTERNED_FIELDS order), the members its value is taken from as it is, each a path from the
 * record, in the order indexing tries them: the principal is the caller's ARN, else its user name, the service that
 * called, its principal id or an Identity Center user's id (identityKey in identity/decode.ts; AWSService and
 * AWSAccount callers have no ARN). `numbersOfLast` gives the number of the first that holds a string, so that the
 * string tables find a value met before without hashing it (stringTables.ts's `idOfNumbered`).
 */
export const INTERNED_SOURCES: Readonly<Record<InternedField, readonly (readonly string[])[]>> = {
  eventName: [['eventName']],
  eventSource: [['eventSource']],
  awsRegion: [['awsRegion']],
  sourceIPAddress: [['sourceIPAddress']],
  userAgent: [['userAgent']],
  errorCode: [['errorCode']],
  recipientAccountId: [['recipientAccountId']],
  principal: [
    ['userIdentity', 'arn'],
    ['userIdentity', 'userName'],
    ['userIdentity', 'invokedBy'],
    ['userIdentity', 'principalId'],
    ['userIdentity', 'onBehalfOf', 'userId'],
  ],
  accessKeyId: [['userIdentity', 'accessKeyId']],
  account: [['userIdentity', 'accountId']],
  bucket: [['requestParameters', 'bucketName']],
};

/** Members on a source's path at most, and sources a field has at most. */
const SOURCE_DEPTH = 3;
const MOST_SOURCES = Math.max(...Object.values(INTERNED_SOURCES).map((sources) => sources.length));

/** Per field, per source: the member indexes of its path (SOURCE_DEPTH slots, -1 past its end). */
const SOURCE_PATHS = new Int8Array(INTERNED_FIELDS.length * MOST_SOURCES * SOURCE_DEPTH).fill(-1);
const SOURCE_COUNTS = new Uint8Array(INTERNED_FIELDS.length);
for (const [f, field] of INTERNED_FIELDS.entries()) {
  const sources = INTERNED_SOURCES[field];
  SOURCE_COUNTS[f] = sources.length;
  sources.forEach((path, k) => {
    let schema = RECORD_SCHEMA;
    path.forEach((key, depth) => {
      const member = SCHEMA_KEYS[schema].indexOf(key);
      if (member < 0 || depth >= SOURCE_DEPTH) throw new Error(`the reader does not make ${path.join('.')}`);
      SOURCE_PATHS[(f * MOST_SOURCES + k) * SOURCE_DEPTH + depth] = member;
      schema = CHILD_SCHEMA[schema][member];
    });
  });
}

/** The members the reader makes, by schema (record first): what recordReader.test.ts checks indexing's reads against. */
export const READER_SCHEMAS: Readonly<Record<SchemaName, readonly MemberSpec[]>> = SCHEMAS;

// recordRead.c's statuses, kinds and layouts.
const FAST = 0;
const ABSENT = 0;
const KIND_NULL = 1;
const KIND_FALSE = 2;
const KIND_TRUE = 3;
const KIND_NUMBER = 4;
const KIND_STRING = 5;
const ESCAPED = 8;
const PLACED = 16;
const KIND_OBJECT_PLACED = 6 + PLACED;
const KIND_ARRAY_PLACED = 7 + PLACED;
const NO_NUMBER = 0xffff_ffff;
const NO_SCHEMA = 0xff;
const MAX_KEYS = 32;
const MAX_PLACES = 512;

/**
 * Bytes of text the module holds at a time: a record longer than this is parsed as before. A window that stays in the
 * core's cache while it is read leaves the string tables there too: one-thread ctlens stats on the generator's million
 * events took 7.93-8.34 s with 128 KB against 8.39-8.61 s with 1 MB, 9.17-9.39 s against 9.43-9.54 s on pretty-printed
 * JSON, 14.47-14.57 s against 14.83-14.96 s on large records (alternate runs, 2026-12-01). 64 KB was no faster.
 */
const WINDOW_BYTES = 128 << 10;
/** The thread's tables of numbered values are forgotten between texts past this size (recordRead.c stops at twice it). */
const MOST_TABLE_BYTES = 8 << 20;

interface ReaderExports {
  memory: WebAssembly.Memory;
  window_allocate(bytes: number): number;
  tables_reset(): void;
  tables_bytes(): number;
  schema_add(): number;
  key_add(schema: number, at: number, length: number, numbered: number, objectSchema: number, elementsSchema: number): number;
  out_address(): number;
  fresh_address(): number;
  fresh_found(): number;
  read_object(start: number, windowEnd: number): number;
  read_as(start: number, end: number, schema: number): number;
  object_end_at(): number;
}

/** Node's Buffer decodes through these, past toString's checks of its arguments (offsets here are the module's own). */
interface SlicingBuffer extends Buffer {
  utf8Slice(start: number, end: number): string;
}

const readerModule = compiledOnce(RECORD_READ_WASM);

/** Reads the records of one text after another; one per thread (`recordReader()`). */
export class RecordReader {
  private readonly windowAt: number;
  private memory: SlicingBuffer;
  private out: Uint32Array;
  private fresh: Uint32Array;
  private text: Buffer | null = null;
  /** Where the record readFrom made last ends in the text (past its '}'). */
  lastEnd = 0;
  /** The module's addresses of the last record made, for readIssuing (its start; 0: none since the last begin). */
  private madeAt = 0;
  private madeEnd = 0;
  /** Text offset of the window's first byte, and how many of the text's bytes it holds. */
  private windowStart = 0;
  private windowLength = 0;
  /** Per table (schema × MAX_KEYS + member): the numbered strings, by number. */
  private readonly values: string[][] = Array.from({ length: SCHEMA_NAMES.length * MAX_KEYS }, () => []);
  /** Per schema, the values of the object being made. */
  private readonly scratch: unknown[][] = SCHEMA_KEYS.map((keys) => new Array<unknown>(keys.length).fill(undefined));

  private constructor(
    private readonly module: ReaderExports,
    private readonly mostTableBytes: number,
  ) {
    this.windowAt = module.window_allocate(WINDOW_BYTES);
    if (this.windowAt === 0) throw new Error('no memory for the window');
    const encoder = new TextEncoder();
    for (const [schema, name] of SCHEMA_NAMES.entries()) {
      if (module.schema_add() !== schema || SCHEMAS[name].length > MAX_KEYS) throw new Error(`schema ${name} does not fit`);
      // An array's elements take one row of places each (recordRead.c's elements_read): no objects of their own.
      const nested = SCHEMAS[name].some(({ object, elements }) => object !== undefined || elements !== undefined);
      if (nested && SCHEMA_NAMES.some((other) => SCHEMAS[other].some(({ elements }) => elements === name))) throw new Error(`schema ${name} nests`);
      for (const [k, { key, numbered }] of SCHEMAS[name].entries()) {
        const keyBytes = encoder.encode(key);
        new Uint8Array(module.memory.buffer, this.windowAt, keyBytes.length).set(keyBytes);
        const child = CHILD_SCHEMA[schema][k];
        const object = SCHEMAS[name][k].object === undefined ? NO_SCHEMA : child;
        const elements = SCHEMAS[name][k].elements === undefined ? NO_SCHEMA : child;
        if (module.key_add(schema, this.windowAt, keyBytes.length, numbered === true ? 1 : 0, object, elements) === 0)
          throw new Error('key table full');
      }
    }
    this.memory = Buffer.from(module.memory.buffer) as SlicingBuffer;
    this.out = new Uint32Array(module.memory.buffer, module.out_address(), MAX_PLACES * 4);
    this.fresh = new Uint32Array(module.memory.buffer, module.fresh_address(), MAX_PLACES * 3);
  }

  /** A reader, or null where the module cannot run. `mostTableBytes` is for tests. */
  static create(mostTableBytes = MOST_TABLE_BYTES): RecordReader | null {
    const module = readerModule();
    if (module === null) return null;
    try {
      return new RecordReader(new WebAssembly.Instance(module, {}).exports as unknown as ReaderExports, mostTableBytes);
    } catch {
      // No memory for the instance: records are parsed with JSON.parse.
      return null;
    }
  }

  /** Starts on a new text (the window holds none of it yet); `end` lets it go. */
  begin(text: Buffer): void {
    this.text = text;
    this.windowLength = 0;
    this.madeAt = 0;
    if (this.module.tables_bytes() > this.mostTableBytes) {
      this.module.tables_reset();
      for (const values of this.values) values.length = 0;
    }
  }

  /** Lets the text go: the reader lives as long as its thread, and a file's text may be a gigabyte. */
  end(): void {
    this.text = null;
  }

  /** The members indexing reads of the record at [start, end) of the text given to `begin`, or null when JSON.parse must read it. */
  read(start: number, end: number): RawRecord | null {
    const text = this.text;
    if (text === null || end - start > WINDOW_BYTES) return null;
    if (start < this.windowStart || end > this.windowStart + this.windowLength) this.moveWindow(start);
    const shift = this.windowAt - this.windowStart;
    const record = this.made(this.module.read_as(start + shift, end + shift, RECORD_SCHEMA), RECORD_SCHEMA);
    this.madeAt = record === null ? 0 : start + shift;
    this.madeEnd = end + shift;
    return record;
  }

  /**
   * The record `read` or `readFrom` made last, read again as the issuing schema makes it (its identity, request and
   * additionalEventData whole, the parts of its response that name the credentials); null when none was made since
   * `begin`, or when JSON.parse must read it.
   */
  readIssuing(): RawRecord | null {
    if (this.madeAt === 0) return null;
    const record = this.made(this.module.read_as(this.madeAt, this.madeEnd, ISSUING_RECORD_SCHEMA), ISSUING_RECORD_SCHEMA);
    this.madeAt = 0;
    return record;
  }

  /**
   * The members indexing reads of the record that starts at `start` of the text (its '{'), read to its end, which
   * `lastEnd` then holds; null when JSON.parse must read it (`lastEnd` is then not set), or when it is longer than the
   * window.
   */
  readFrom(start: number): RawRecord | null {
    const text = this.text;
    if (text === null || start >= text.length) return null;
    if (start < this.windowStart || start >= this.windowStart + this.windowLength) this.moveWindow(start);
    let record = this.readObject(start);
    // A record that runs past the window's end is read again from a window that starts with it.
    if (record === null && start !== this.windowStart && this.windowStart + this.windowLength < text.length) {
      this.moveWindow(start);
      record = this.readObject(start);
    }
    return record;
  }

  private readObject(start: number): RawRecord | null {
    const shift = this.windowAt - this.windowStart;
    const record = this.made(this.module.read_object(start + shift, this.windowAt + this.windowLength), RECORD_SCHEMA);
    this.madeAt = 0;
    if (record !== null) {
      this.madeAt = start + shift;
      this.madeEnd = this.module.object_end_at();
      this.lastEnd = this.madeEnd - shift;
    }
    return record;
  }

  /**
   * Writes at `target[at…]`, per interned field, the number the record `read` or `readFrom` made last gave the value of
   * the field's first source that holds a string other than "" (INTERNED_SOURCES), times the field's count of sources,
   * plus that source's place among them (numbers of different members never meet); NO_NUMBER where that value has none
   * (no such source, or not numbered). Read before anything else is read.
   */
  numbersOfLast(target: Uint32Array, at: number): void {
    const out = this.out;
    for (let f = 0; f < SOURCE_COUNTS.length; f++) {
      const count = SOURCE_COUNTS[f];
      let number = NO_NUMBER;
      for (let k = 0; k < count; k++) {
        const place = this.placeOf((f * MOST_SOURCES + k) * SOURCE_DEPTH);
        if (place < 0 || (out[4 * place] & ~ESCAPED) !== KIND_STRING || out[4 * place + 2] - out[4 * place + 1] === 2) continue;
        const own = out[4 * place + 3];
        if (own !== NO_NUMBER) number = own * count + k;
        break;
      }
      target[at + f] = number;
    }
  }

  /** The place of the member at the end of the source path at SOURCE_PATHS[first…], or -1 where an object on it is not placed. */
  private placeOf(first: number): number {
    const out = this.out;
    let place = SOURCE_PATHS[first];
    for (let depth = 1; depth < SOURCE_DEPTH; depth++) {
      const member = SOURCE_PATHS[first + depth];
      if (member < 0) break;
      if (out[4 * place] !== KIND_OBJECT_PLACED) return -1;
      place = out[4 * place + 3] + member;
    }
    return place;
  }

  /** The window holds the text from `start` on, as much of it as fits. */
  private moveWindow(start: number): void {
    const text = this.text as Buffer;
    this.windowStart = start;
    this.windowLength = Math.min(WINDOW_BYTES, text.length - start);
    this.memory.set(text.subarray(start, start + this.windowLength), this.windowAt);
  }

  /** The record (of `schema`) the module read with `status`, after the values it numbered for the first time are made. */
  private made(status: number, schema: number): RawRecord | null {
    if (this.module.memory.buffer !== this.memory.buffer) this.remap();
    const freshCount = this.module.fresh_found();
    for (let i = 0; i < freshCount; i++) {
      const place = this.fresh[3 * i];
      this.values[this.fresh[3 * i + 1]][this.fresh[3 * i + 2]] = this.stringAt(place);
    }
    return status === FAST ? this.object(schema, 0) : null;
  }

  /** The object of `schema` whose members are at places `first`…. */
  private object(schema: number, first: number): RawRecord {
    const values = this.scratch[schema];
    const out = this.out;
    for (let k = 0; k < values.length; k++) {
      const at = 4 * (first + k);
      const kind = out[at];
      let value: unknown;
      if (kind === ABSENT) value = undefined;
      else if (kind === KIND_STRING) {
        const number = out[at + 3];
        value = number === NO_NUMBER ? this.memory.utf8Slice(out[at + 1] + 1, out[at + 2] - 1) : this.values[schema * MAX_KEYS + k][number];
      } else if (kind === KIND_NULL) value = null;
      else if (kind === KIND_TRUE) value = true;
      else if (kind === KIND_FALSE) value = false;
      else if (kind === KIND_NUMBER) value = this.number(out[at + 1], out[at + 2]);
      else if (kind === KIND_OBJECT_PLACED) value = this.object(CHILD_SCHEMA[schema][k], out[at + 3]);
      else if (kind === KIND_ARRAY_PLACED) value = this.elements(CHILD_SCHEMA[schema][k], out[at + 3], out[at + 2]);
      else if (kind === KIND_STRING + ESCAPED && out[at + 3] !== NO_NUMBER) value = this.values[schema * MAX_KEYS + k][out[at + 3]];
      else value = this.parsed(out[at + 1], out[at + 2]);
      values[k] = value;
    }
    return MAKERS[schema](values);
  }

  private elements(schema: number, first: number, count: number): RawRecord[] {
    const stride = SCHEMA_KEYS[schema].length;
    const elements = new Array<RawRecord>(count);
    for (let e = 0; e < count; e++) elements[e] = this.object(schema, first + e * stride);
    return elements;
  }

  /** The string at `place`, made for its table. */
  private stringAt(place: number): string {
    const at = 4 * place;
    const start = this.out[at + 1];
    const end = this.out[at + 2];
    return this.out[at] === KIND_STRING ? this.memory.utf8Slice(start + 1, end - 1) : (this.parsed(start, end) as string);
  }

  /**
   * The number at [start, end): a count of up to 15 digits (bytesTransferredIn…) is read here, exactly, since the module
   * checked its grammar; any other (a sign, a fraction, an exponent, more digits) by JSON.parse.
   */
  private number(start: number, end: number): unknown {
    if (end - start > 15) return this.parsed(start, end);
    const memory = this.memory;
    let value = 0;
    for (let at = start; at < end; at++) {
      const digit = memory[at] - 0x30;
      if (digit < 0 || digit > 9) return this.parsed(start, end);
      value = value * 10 + digit;
    }
    return value;
  }

  /** JSON.parse's value of [start, end) of the module's memory (a number, an escaped string, an object not placed). */
  private parsed(start: number, end: number): unknown {
    return JSON.parse(this.memory.utf8Slice(start, end)) as unknown;
  }

  /** The module's memory grew: its views are made again. */
  private remap(): void {
    const buffer = this.module.memory.buffer;
    this.memory = Buffer.from(buffer) as SlicingBuffer;
    this.out = new Uint32Array(buffer, this.module.out_address(), MAX_PLACES * 4);
    this.fresh = new Uint32Array(buffer, this.module.fresh_address(), MAX_PLACES * 3);
  }
}

let shared: RecordReader | null | undefined;

/** The thread's reader (created on first use), or null where the module cannot run. */
export function recordReader(): RecordReader | null {
  if (shared === undefined) shared = RecordReader.create();
  return shared;
}
