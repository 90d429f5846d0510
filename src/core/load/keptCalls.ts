// The few records indexing keeps whole: the CloudTrail calls that change a trail, from which trails are rebuilt
// (core/trail/history.ts). Keeping them at indexing spares re-reading (and re-inflating) every file that holds one.
// A log forged to hold millions of them keeps only the first MAX_KEPT_CALLS_PER_FILE, and says so. A worker packs the
// calls of the files of one message (packCalls); they are unpacked when trails are rebuilt.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Operations.html

import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { RawRecord } from '../types';
import type { LinkFacts } from '../lineage/linkFacts';

export const CLOUDTRAIL_SOURCE = 'cloudtrail.amazonaws.com';

/** The CloudTrail calls that change a trail. */
export const TRAIL_CHANGE_EVENTS: readonly string[] = [
  'CreateTrail',
  'UpdateTrail',
  'PutEventSelectors',
  'PutInsightSelectors',
  'StartLogging',
  'StopLogging',
  'DeleteTrail',
];

const TRAIL_CHANGES: ReadonlySet<string> = new Set(TRAIL_CHANGE_EVENTS);

/** More trail calls than any real trail's history; beyond it a file is forged or broken. */
export const MAX_KEPT_CALLS_PER_FILE = 10_000;

/** Credential-issuing calls whose link facts (core/lineage/linkFacts.ts) one file keeps at most. */
export const MAX_LINKS_PER_FILE = 100_000;

/** The link facts of one credential-issuing event, with the event's index in its file's index (not its record index). */
export interface IndexedLink {
  event: number;
  facts: LinkFacts;
}

/** A record kept whole, with its index in its file. */
export interface KeptCall {
  recordIndex: number;
  record: RawRecord;
}

/** The fields a trail's history is rebuilt from; the rest of the record (user agent, TLS details…) is not kept. */
const KEPT_FIELDS = [
  'eventVersion',
  'eventTime',
  'eventSource',
  'eventName',
  'eventID',
  'awsRegion',
  'recipientAccountId',
  'errorCode',
  'userIdentity',
  'requestParameters',
  'responseElements',
] as const;

/** The caller fields that name who made a call (identity/decode.ts identityKey); sessionContext and the rest are not kept. */
const KEPT_IDENTITY_FIELDS = ['type', 'arn', 'userName', 'invokedBy', 'principalId', 'accountId', 'accessKeyId', 'onBehalfOf'] as const;

function pick(source: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const field of fields) if (source[field] !== undefined) kept[field] = source[field];
  return kept;
}

/** The part of a trail call that is kept. */
export function keptPart(record: RawRecord): RawRecord {
  const kept = pick(record, KEPT_FIELDS);
  const identity = record.userIdentity;
  if (typeof identity === 'object' && identity !== null && !Array.isArray(identity))
    kept.userIdentity = pick(identity as Record<string, unknown>, KEPT_IDENTITY_FIELDS);
  return kept;
}

/** True for a call indexing keeps (called per record: two comparisons for nearly all of them). */
export function isKeptCall(eventSource: unknown, eventName: unknown): boolean {
  return eventSource === CLOUDTRAIL_SOURCE && typeof eventName === 'string' && TRAIL_CHANGES.has(eventName);
}

/**
 * The words trail calls repeat (field names of the calls' requests and responses, from the CloudTrail API reference,
 * and of their records), which deflate may refer back to from a file's first call on: the real trail calls of the
 * invictus-ir data set (541–1,082 bytes of JSON each) pack alone to 356–492 bytes without them, 205–286 with them. The
 * most frequent come last, where references to them are shortest. Packed calls
 * in the index cache were packed with this text, so changing it is a change of the cache's version.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_CreateTrail.html
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_PutEventSelectors.html
 */
const PACKING_DICTIONARY = Buffer.from(
  [
    '"insightSelectors":[{"insightType":"ApiCallRateInsight"},{"insightType":"ApiErrorRateInsight"}]',
    '"advancedEventSelectors":[{"name":"","fieldSelectors":[{"field":"eventCategory","equals":["Data"]},',
    '{"field":"resources.type","equals":["AWS::S3::Object"]},{"field":"resources.ARN","startsWith":["arn:aws:s3:::"]}]}]',
    '"eventSelectors":[{"readWriteType":"All","includeManagementEvents":true,"excludeManagementEventSources":[],',
    '"dataResources":[{"type":"AWS::S3::Object","values":["arn:aws:s3:::"]}]}],"trailName":"',
    '"s3KeyPrefix":"","snsTopicName":"","snsTopicARN":"arn:aws:sns:","cloudWatchLogsLogGroupArn":"arn:aws:logs:",',
    '"cloudWatchLogsRoleArn":"arn:aws:iam::","kmsKeyId":"arn:aws:kms:","tagsList":[],',
    '"includeGlobalServiceEvents":true,"isMultiRegionTrail":true,"isOrganizationTrail":false,',
    '"enableLogFileValidation":true,"logFileValidationEnabled":true,"s3BucketName":"',
    '"responseElements":{"trailARN":"arn:aws:cloudtrail:","name":"',
    '"userIdentity":{"type":"AssumedRole","principalId":"","arn":"arn:aws:sts::","accountId":"","accessKeyId":"ASIA',
    '"type":"IAMUser","arn":"arn:aws:iam::","userName":"","invokedBy":"","onBehalfOf":',
    '"errorCode":"","responseElements":null,"requestParameters":{"name":"arn:aws:cloudtrail:',
    '"eventSource":"cloudtrail.amazonaws.com","eventName":"CreateTrail","UpdateTrail","PutEventSelectors","PutInsightSelectors",',
    '"DeleteTrail","StartLogging","StopLogging","awsRegion":"us-east-1","recipientAccountId":"","eventID":"',
    '[{"eventVersion":"1.0","eventTime":"20',
  ].join(''),
);

/**
 * Several files' kept calls packed together: the JSON of their [recordIndex, record] pairs, deflated (with
 * PACKING_DICTIONARY), one character per byte.
 */
export interface CallPack {
  readonly text: string;
}

/** One file's calls in a pack: `count` of them (at least one) from the pack's `from`th. */
export interface PackedCalls {
  readonly pack: CallPack;
  readonly from: number;
  readonly count: number;
}

/**
 * A file's kept calls: as indexing made them (a file loaded on the calling thread) or packed (by a worker, for the
 * files of one message; by the index cache, per file). Kept as objects, the generator's 32,874 trail calls (a real log
 * holds a few) took about 780 bytes each, 26 of every one of its million events' bytes. Packed per file, they cost its
 * 10,000 small files 0.3 s more (deflate's setup, 11–18 µs a call, for three calls a file); packed per message, once
 * for some 16 files. A string, not a typed array: the file's facts are cloned to the main thread as they are, and a
 * typed array and its buffer cost some 200 bytes more.
 */
export type KeptCalls = readonly KeptCall[] | PackedCalls;

/** The calls of `files`, those that have some packed together; files with none keep theirs as they are. */
export function packCalls(files: readonly KeptCalls[]): KeptCalls[] {
  const pairs: Array<[number, RawRecord]> = [];
  const placed = files.map((calls) => {
    if (!Array.isArray(calls) || calls.length === 0) return calls;
    const from = pairs.length;
    for (const { recordIndex, record } of calls as readonly KeptCall[]) pairs.push([recordIndex, record]);
    return { from, count: calls.length };
  });
  if (pairs.length === 0) return [...files];
  const pack: CallPack = { text: deflateRawSync(JSON.stringify(pairs), { level: 1, dictionary: PACKING_DICTIONARY }).toString('latin1') };
  return placed.map((place) => ('from' in place ? { pack, ...place } : place));
}

/**
 * The calls of one file in a pack of their own (the index cache's entries are per file); null for none. `reader`
 * unpacks the file's message's pack, once for the files of it that it reads while holding it.
 */
export function packedAlone(kept: KeptCalls, reader: KeptCallReader): PackedCalls | null {
  const calls = reader.callsOf(kept);
  return calls.length === 0 ? null : (packCalls([calls])[0] as PackedCalls);
}

/**
 * packedAlone of each file, each pack unpacked once whatever the files' order: a load's files in their order come
 * from a different message nearly each time (10,000 small files: 9,639 changes of pack), and unpacking a pack per
 * file took writing their entries from 1.0–1.1 s (the calls as objects) to 2.4–2.6 s. It yields after each pack, for
 * a caller in steps (the index cache writes a whole load in slices of the extension host's thread).
 */
export function* packedAloneEachSteps(files: readonly KeptCalls[]): Generator<void, (PackedCalls | null)[]> {
  const byPack = new Map<CallPack | undefined, number[]>();
  files.forEach((kept, k) => {
    const pack = Array.isArray(kept) ? undefined : (kept as PackedCalls).pack;
    const group = byPack.get(pack);
    if (group === undefined) byPack.set(pack, [k]);
    else group.push(k);
  });
  const packed = new Array<PackedCalls | null>(files.length);
  const reader = new KeptCallReader();
  for (const group of byPack.values()) {
    for (const k of group) packed[k] = packedAlone(files[k], reader);
    yield;
  }
  return packed;
}

function isPair(value: unknown): value is [number, RawRecord] {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [recordIndex, record] = value as unknown[];
  return Number.isSafeInteger(recordIndex) && (recordIndex as number) >= 0 && typeof record === 'object' && record !== null && !Array.isArray(record);
}

/**
 * Every call of `pack`. A pack comes from packCalls, or from the index cache (checksummed); any other text (a cache
 * file rewritten on purpose) gives no calls rather than an error.
 */
function unpack(pack: CallPack): KeptCall[] {
  let pairs: unknown;
  try {
    pairs = JSON.parse(inflateRawSync(Buffer.from(pack.text, 'latin1'), { dictionary: PACKING_DICTIONARY }).toString('utf8'));
  } catch {
    return [];
  }
  if (!Array.isArray(pairs) || !pairs.every(isPair)) return [];
  return pairs.map(([recordIndex, record]) => ({ recordIndex, record }));
}

/**
 * Reads the kept calls of files one after another, unpacking a pack once while its files come: it holds the calls of
 * the `packsHeld` packs it read last.
 */
export class KeptCallReader {
  private readonly held = new Map<CallPack, readonly KeptCall[]>();

  constructor(private readonly packsHeld = 1) {}

  callsOf(kept: KeptCalls): readonly KeptCall[] {
    if (Array.isArray(kept)) return kept as readonly KeptCall[];
    const { pack, from, count } = kept as PackedCalls;
    let calls = this.held.get(pack);
    if (calls === undefined) {
      calls = unpack(pack);
      if (this.held.size === this.packsHeld) this.held.delete(this.held.keys().next().value as CallPack);
      this.held.set(pack, calls);
    }
    // A pack that does not hold the file's calls is not one packCalls made: none rather than some.
    return from + count <= calls.length ? calls.slice(from, from + count) : [];
  }
}
