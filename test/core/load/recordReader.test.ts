// The WebAssembly record reader (wasm/recordRead.c, load/recordReader.ts) against JSON.parse, the authority: every
// text indexes to the same index and the same diagnostics either way (real logs, the benchmark's generator, records
// of 2–4 KB, generated hostile records), and indexing reads no member of a record that the reader leaves out.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { makeRandom, makeRecords, Pools } from '../../../bench/generate';
import { enlargeRecord } from '../../../bench/shapes';
import { FileDiagnostics } from '../../../src/core/load/diagnostics';
import { extractEvent } from '../../../src/core/load/extractEvent';
import { indexLogBytes, type RecordReading } from '../../../src/core/load/indexLog';
import { INTERNED_SOURCES, READER_SCHEMAS, RecordReader, readsIssuing, readsWhole, type SchemaName } from '../../../src/core/load/recordReader';
import { INTERNED_FIELDS } from '../../../src/core/load/indexSchema';
import * as recordSpans from '../../../src/core/load/recordSpans';
import { EMBEDDED_RECORD_KEYS } from '../../../src/core/load/embeddedRecords';
import { ISSUING_CALLS } from '../../../src/core/lineage/issuers';
import { findRecordSpans } from '../../../src/core/load/recordSpans';
import { LoadTables } from '../../../src/core/load/stringTables';
import type { RawRecord } from '../../../src/core/types';

const REPO = path.join(__dirname, '../../../..');
const SHARED_DATA = path.join(REPO, '..', 'shared', 'data');

function indexed(text: Buffer, reading: RecordReading) {
  const diagnostics = new FileDiagnostics('log.json');
  const { format, index } = indexLogBytes(text, diagnostics, new LoadTables(), reading);
  return { format, index, diagnostics: diagnostics.list };
}

/** The same index and diagnostics read by the reader (ranges found by reading, or found first) and by JSON.parse. */
function assertSameIndex(text: Buffer, label: string): void {
  const parsed = indexed(text, 'json-parse');
  assert.deepStrictEqual(indexed(text, 'reader'), parsed, label);
  assert.deepStrictEqual(indexed(text, 'reader-after-spans'), parsed, `${label}, ranges found first`);
}

/** Every JSON text under `folder` (gzip inflated; a broken gzip left out), with its path. */
function textsUnder(folder: string): { file: string; text: Buffer }[] {
  if (!fs.existsSync(folder)) return [];
  const found: { file: string; text: Buffer }[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true })) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(json|jsonl)(\.gz)?$/.test(entry.name)) {
        const raw = fs.readFileSync(full);
        try {
          found.push({ file: full, text: full.endsWith('.gz') ? zlib.gunzipSync(raw) : raw });
        } catch {
          // A fixture of a broken gzip: its text is the loader's business, not the reader's.
        }
      }
    }
  };
  walk(folder);
  return found;
}

/** The benchmark's generated records, as a delivery file's text; `large` grows each to 2–4 KB. */
function generatedText(seed: number, count: number, large: boolean): Buffer {
  const random = makeRandom(seed);
  const records = makeRecords(random, new Pools(random), '111122223333', 'us-east-1', Date.UTC(2026, 10, 30), count);
  return Buffer.from(JSON.stringify({ Records: large ? records.map((record) => enlargeRecord(random, record)) : records }));
}

const CORPUS = [
  ...textsUnder(path.join(REPO, 'test', 'fixtures')),
  ...textsUnder(SHARED_DATA),
  { file: 'generator', text: generatedText(1, 3000, false) },
  { file: 'large records', text: generatedText(2, 500, true) },
];

function isPlainObject(value: unknown): value is RawRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The records of a text parsed by JSON.parse, those that are not parsed whole by the reader's caller. */
function readableRecords(text: Buffer): RawRecord[] {
  const spans = findRecordSpans(text);
  const records: RawRecord[] = [];
  for (let i = 0; i < spans.starts.length; i++) {
    try {
      const value: unknown = JSON.parse(text.toString('utf8', spans.starts[i], spans.ends[i]));
      if (isPlainObject(value) && !readsWhole(value)) records.push(value);
    } catch {
      // Not JSON: the reader hands such a record back.
    }
  }
  return records;
}

/**
 * `object` watched as a schema's object: a read of a member the schema leaves out, or a question the reader's
 * objects answer differently (has, keys), is listed in `strays`.
 */
function watched(object: RawRecord, schema: SchemaName, where: string, strays: Set<string>): RawRecord {
  const members = new Map(READER_SCHEMAS[schema].map((spec) => [spec.key, spec]));
  return new Proxy(object, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return value;
      const spec = members.get(key);
      if (spec === undefined) {
        strays.add(`${where}.${key}`);
        return value;
      }
      if (spec.object !== undefined && isPlainObject(value)) return watched(value, spec.object, `${where}.${key}`, strays);
      const elements = spec.elements;
      if (elements !== undefined && Array.isArray(value) && value.every(isPlainObject))
        return value.map((element: RawRecord) => watched(element, elements, `${where}.${key}[]`, strays));
      return value;
    },
    has(target, key) {
      strays.add(`${where}: has ${String(key)}`);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      strays.add(`${where}: keys`);
      return Reflect.ownKeys(target);
    },
    getOwnPropertyDescriptor(target, key) {
      strays.add(`${where}: own ${String(key)}`);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
  });
}

/** What the reader makes of a record JSON.parse made: each schema's members, undefined where absent. */
function projected(object: RawRecord, schema: SchemaName): RawRecord {
  const result: RawRecord = {};
  for (const { key, object: inner, elements } of READER_SCHEMAS[schema]) {
    const value = Object.hasOwn(object, key) ? object[key] : undefined;
    if (inner !== undefined && isPlainObject(value)) result[key] = projected(value, inner);
    else if (elements !== undefined && Array.isArray(value) && value.every(isPlainObject))
      result[key] = value.map((element: RawRecord) => projected(element, elements));
    else result[key] = value;
  }
  return result;
}

/** Calls `visit` with each record of the corpus the reader makes (read by its range), its file, index and text. */
function forEachRead(reader: RecordReader, visit: (made: RawRecord, file: string, i: number, recordText: string) => void): void {
  for (const { file, text } of CORPUS) {
    const spans = findRecordSpans(text);
    reader.begin(text);
    for (let i = 0; i < spans.starts.length; i++) {
      const made = reader.read(spans.starts[i], spans.ends[i]);
      if (made !== null) visit(made, file, i, text.toString('utf8', spans.starts[i], spans.ends[i]));
    }
  }
}

describe('the record reader', () => {
  it('indexes every text of the corpus as JSON.parse does, index and diagnostics', () => {
    assert.ok(CORPUS.length > 20, `a corpus (${CORPUS.length} texts)`);
    for (const { file, text } of CORPUS) assertSameIndex(text, file);
  });

  it('reads most records itself: the comparison above is of the reader, not of its fallback', () => {
    const reader = RecordReader.create();
    assert.ok(reader !== null, 'WebAssembly with SIMD and bulk memory runs here');
    for (const { file, text } of CORPUS.filter(({ file }) => file === 'generator' || file === 'large records' || file.includes('invictus'))) {
      const spans = findRecordSpans(text);
      reader.begin(text);
      let read = 0;
      for (let i = 0; i < spans.starts.length; i++) if (reader.read(spans.starts[i], spans.ends[i]) !== null) read++;
      assert.equal(read, spans.starts.length, `${file}: every record of a well-formed log is read`);
    }
  });

  it('finds where each record of a log ends by reading it, as the scan for ranges does, across its window', () => {
    const reader = RecordReader.create();
    assert.ok(reader !== null);
    let records = 0;
    for (const { file, text } of CORPUS.filter(({ file }) => file === 'generator' || file === 'large records')) {
      assert.ok(text.length > 1 << 20, `${file} holds more than one window of text`);
      const spans = findRecordSpans(text);
      reader.begin(text);
      for (let i = 0; i < spans.starts.length; i++) {
        assert.notEqual(reader.readFrom(spans.starts[i]), null, `${file} record ${i}`);
        assert.equal(reader.lastEnd, spans.ends[i], `${file} record ${i}`);
        records++;
      }
      reader.end();
    }
    assert.ok(records > 3000, `${records} records`);
  });

  it('indexes a log as CloudTrail writes it without scanning it for ranges first', () => {
    // The compiled modules are CommonJS: indexLog.ts calls the function through this exports object.
    const spanModule = recordSpans as { findRecordSpans: typeof findRecordSpans };
    const scan = spanModule.findRecordSpans;
    let scans = 0;
    spanModule.findRecordSpans = (bytes) => {
      scans++;
      return scan(bytes);
    };
    try {
      const text = generatedText(4, 200, false);
      indexed(text, 'reader');
      assert.equal(scans, 0, 'read without a scan');
      indexed(Buffer.from(`${text.toString()} `.replace('{"Records":', '{"x":1,"Records":')), 'reader');
      assert.equal(scans, 1, 'another shape is scanned');
    } finally {
      spanModule.findRecordSpans = scan;
    }
  });

  it('makes each record as JSON.parse would, restricted to its schemas, across resets of its tables', () => {
    // A bound of 4 KB: the tables are forgotten between nearly every two texts.
    const reader = RecordReader.create(4096);
    assert.ok(reader !== null);
    let compared = 0;
    let issuing = 0;
    forEachRead(reader, (made, file, i, recordText) => {
      const parsed: unknown = JSON.parse(recordText);
      assert.ok(isPlainObject(parsed));
      assert.deepStrictEqual(made, projected(parsed, 'record'), `${file} record ${i}`);
      compared++;
      if (!readsIssuing(made)) return;
      assert.deepStrictEqual(reader.readIssuing(), projected(parsed, 'issuingRecord'), `${file} record ${i}, read again as an issuing call`);
      assert.equal(reader.readIssuing(), null, 'a record is read again once');
      issuing++;
    });
    // The generated records alone are 3,500; ../shared/data adds thousands when it is there.
    assert.ok(compared > 3000, `${compared} records compared`);
    assert.ok(issuing > 300, `${issuing} issuing calls read again`);
  });

  it("numbers each interned field's source value as its table does: one number, one value", () => {
    const reader = RecordReader.create();
    assert.ok(reader !== null);
    const numbers = new Uint32Array(INTERNED_FIELDS.length);
    /** Per field, per number: the value it was given for. */
    const valueOf = INTERNED_FIELDS.map(() => new Map<number, string>());
    const numberOf = INTERNED_FIELDS.map(() => new Map<string, number>());
    let numbered = 0;
    let principalsNumbered = 0;
    let principalArns = 0;
    forEachRead(reader, (made, file, i) => {
      reader.numbersOfLast(numbers, 0);
      INTERNED_FIELDS.forEach((field, f) => {
        const valueAt = (path: readonly string[]) => path.reduce<unknown>((object, key) => (isPlainObject(object) ? object[key] : undefined), made);
        // The first source that holds a string other than "", as indexing takes it.
        const value = INTERNED_SOURCES[field].map(valueAt).find((held) => typeof held === 'string' && held !== '');
        if (field === 'principal' && typeof valueAt(['userIdentity', 'arn']) === 'string') principalArns++;
        const number = numbers[f];
        if (number === 0xffff_ffff) return;
        if (field === 'principal') principalsNumbered++;
        assert.equal(typeof value, 'string', `${file} record ${i}: ${field} numbered ${number}`);
        assert.equal(valueOf[f].get(number) ?? value, value, `${file} record ${i}: ${field} number ${number} given to two values`);
        assert.equal(numberOf[f].get(value as string) ?? number, number, `${file} record ${i}: ${field} ${String(value)} given two numbers`);
        valueOf[f].set(number, value as string);
        numberOf[f].set(value as string, number);
        numbered++;
      });
    });
    // Event names, sources, Regions, agents and accounts repeat: at least five numbered fields a record.
    assert.ok(numbered > 5 * 3000, `${numbered} values numbered`);
    // Callers without an ARN (a service, another account, a federated user) are numbered by their other members.
    assert.ok(principalsNumbered > principalArns, `${principalsNumbered} principals numbered, ${principalArns} ARNs`);
  });

  it('holds every member indexing reads: extractEvent reads no other, on every record of the corpus', () => {
    const strays = new Set<string>();
    let records = 0;
    let issuing = 0;
    for (const { text } of CORPUS) {
      for (const record of readableRecords(text)) {
        // A credential-issuing call's links read more of it: the reader reads it again with the issuing schema.
        const schema = readsIssuing(record) ? 'issuingRecord' : 'record';
        extractEvent(watched(record, schema, schema, strays), 0, 0, 0, new FileDiagnostics('log.json'), () => new Map());
        records++;
        if (schema === 'issuingRecord') issuing++;
      }
    }
    assert.ok(records > 3000, `${records} records`);
    assert.ok(issuing > 300, `${issuing} issuing calls`);
    assert.deepEqual([...strays], [], 'members read that the reader does not make');
  });

  it('keeps no text once it is indexed: the reader lives as long as its thread', async () => {
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const indexedText = () => {
      // Its own memory (not the pool's), and large enough to matter.
      const text = Buffer.alloc(2 << 20, 0x20);
      generatedText(3, 100, false).copy(text);
      indexLogBytes(text, new FileDiagnostics('log.json'), new LoadTables());
      return new WeakRef(text);
    };
    const text = indexedText();
    await new Promise((resolve) => setImmediate(resolve));
    collect();
    assert.equal(text.deref(), undefined, 'the text was collected');
  });

  it('gives back what it cannot vouch for, and the index is still JSON.parse’s', () => {
    const record = (extra: string) =>
      `{"eventTime":"2023-07-10T12:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject",${extra}"requestParameters":{"bucketName":"b","key":"k"}}`;
    const deep = `${'['.repeat(100)}1${']'.repeat(100)}`;
    const issuingCall = (extra: string) =>
      `{"eventTime":"2023-07-10T12:00:00Z","eventSource":"sts.amazonaws.com","eventName":"AssumeRole",${extra}"requestParameters":{"roleArn":"arn:aws:iam::111122223333:role/r","roleSessionName":"t"}}`;
    const cases: Record<string, string> = {
      'a key named twice': record('"eventName":"PutObject",'),
      'a nested key named twice': record('"userIdentity":{"arn":"a","arn":"b"},'),
      'an escaped key': record('"event\\u004eame":"DeleteObject",'),
      'nesting 100 deep in a member not read': record(`"responseElements":${deep},`),
      'a record over the window (128 KB)': record(`"userAgent":"${'a'.repeat(140_000)}",`),
      '300 resources': record(
        `"resources":[${Array.from({ length: 300 }, (_, k) => `{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::b/k${k}"}`).join(',')}],`,
      ),
      'resources that are not all objects': record('"resources":[{"ARN":"arn:aws:s3:::b/x","type":"AWS::S3::Object"},7],'),
      'numbers JSON.parse reads its own way': record('"additionalEventData":{"bytesTransferredIn":1e400,"bytesTransferredOut":-0.0},'),
      'counts of 1, 15 and 17 digits': record('"additionalEventData":{"bytesTransferredIn":0,"bytesTransferredOut":999999999999999},'),
      'a count past 2^53': record('"additionalEventData":{"bytesTransferredIn":12345678901234567,"bytesTransferredOut":9007199254740993},'),
      'wrong types': record('"awsRegion":7,"errorCode":{"a":1},"userIdentity":[1],"readOnly":"true",'),
      'invalid UTF-8 and escapes in values': `{"eventTime":"2023-07-10T12:00:00Z","eventName":"Get\xff\xfeObject","eventSource":"s3.amazonaws.com","userAgent":"a\\ud800b\\n\\"c"}`,
      'bad JSON in a member not read': record('"tlsDetails":{"a":01},'),
      'a control character in a string': record('"userAgent":"a\tb",'),
      'trailing garbage': `${record('')} x`,
      // A credential-issuing call read a second time: what only the issuing schemas read can still be given back.
      'an issuing call whose session context names a key twice': issuingCall(
        '"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::111122223333:assumed-role/r/s","sessionContext":{"attributes":{"mfaAuthenticated":"false","mfaAuthenticated":"true"}}},',
      ),
      'an issuing call whose response has an escaped key': issuingCall(
        '"responseElements":{"credentials":{"access\\u004beyId":"ASIAEXAMPLEKEY000001"},"assumedRoleUser":{"arn":"arn:aws:sts::111122223333:assumed-role/r/t"}},',
      ),
      'an issuing call with 300 resources': issuingCall(
        `"resources":[${Array.from({ length: 300 }, (_, k) => `{"type":"AWS::IAM::Role","ARN":"arn:aws:iam::111122223333:role/r${k}"}`).join(',')}],`,
      ),
    };
    for (const [label, body] of Object.entries(cases)) {
      const text = Buffer.from(`{"Records":[${body},${record('')}]}`, label.includes('UTF-8') ? 'latin1' : 'utf8');
      assertSameIndex(text, label);
      assertSameIndex(Buffer.from(`${body}\n${record('')}\n`), `${label}, JSON Lines`);
    }
  });

  it('indexes a log that turns out not to be as CloudTrail writes it as if its ranges were found first', () => {
    const record = (extra: string) => `{"eventTime":"2023-07-10T12:00:00Z","eventSource":"s3.amazonaws.com",${extra}"eventName":"GetObject"}`;
    // Records whose problems are reported before the one that makes the reading start again.
    const mistyped = Array.from({ length: 40 }, (_, k) => record(k % 3 === 0 ? '"awsRegion":7,"eventTime":[1],' : '')).join(',');
    const cases: Record<string, string> = {
      'a record the reader gives back after 40': `{"Records":[${mistyped},${record('"eventName":"PutObject",')},${record('')}]}`,
      'a second Records key after the array': `{"Records":[${mistyped}],"Records":[${record('')}]}`,
      'a member after the array': `{"Records":[${mistyped}],"x":1}`,
      'content after the top object': `{"Records":[${mistyped}]} x`,
      'an array cut short': `{"Records":[${mistyped},${record('')}`,
      'an element that is not an object': `{"Records":[${mistyped},7,${record('')}]}`,
      'a missing comma': `{"Records":[${mistyped} ${record('')}]}`,
      'whitespace everywhere': ` \n{ "Records" :\t[ ${mistyped.replaceAll('},{', '} ,\n {')} ] }\r\n`,
      'no records': '{"Records":[ ]}',
    };
    for (const [label, text] of Object.entries(cases)) assertSameIndex(Buffer.from(text), label);
  });
});

const STRING_VALUES = [
  'GetObject',
  'PutObject',
  'ListObjects',
  'DeleteObject',
  'StartLogging',
  'AssumeRole',
  'ConsoleLogin',
  'Encrypt',
  's3.amazonaws.com',
  'cloudtrail.amazonaws.com',
  'sts.amazonaws.com',
  'kms.amazonaws.com',
  'signin.amazonaws.com',
  'AWSService',
  'IAMUser',
  'AssumedRole',
  'AWSAccount',
  'anonymous',
  'arn:aws:s3:::bucket/AWSLogs/111122223333/CloudTrail/x.json.gz',
  'arn:aws:s3:::bucket',
  'AWS::S3::Object',
  'AWS::S3::Bucket',
  'AwsServiceEvent',
  'Data',
  'Management',
  '2023-07-10T12:00:00Z',
  '2025-07-10T12:00:00Z',
  'ASIAEXAMPLEKEY000001',
  '2',
  'true',
  '',
];

const scalar = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...STRING_VALUES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const anyValue = fc.oneof({ weight: 5, arbitrary: scalar }, fc.jsonValue({ maxDepth: 3 }), fc.constant({}), fc.constant([]));

/** An object with some of `keys` (and some other keys), each value drawn from `value`. */
function objectOf(keys: readonly string[], value: fc.Arbitrary<unknown>): fc.Arbitrary<RawRecord> {
  return fc
    .tuple(
      fc.subarray([...keys]),
      fc.array(fc.tuple(fc.constantFrom('sessionContext', 'x', 'Tagging', '__proto__', 'items'), anyValue), { maxLength: 2 }),
    )
    .chain(([chosen, others]) =>
      fc.tuple(...chosen.map(() => value)).map((values) => {
        const object: RawRecord = {};
        for (const [key, other] of others) Object.defineProperty(object, key, { value: other, enumerable: true, writable: true, configurable: true });
        chosen.forEach((key, k) => Object.defineProperty(object, key, { value: values[k], enumerable: true, writable: true, configurable: true }));
        return object;
      }),
    );
}

const keysOf = (schema: SchemaName) => READER_SCHEMAS[schema].map(({ key }) => key);
const onBehalfOf = objectOf(keysOf('onBehalfOf'), scalar);
const identity = objectOf(keysOf('userIdentity'), fc.oneof({ weight: 8, arbitrary: scalar }, onBehalfOf));
const parameters = objectOf(keysOf('requestParameters'), fc.oneof({ weight: 8, arbitrary: scalar }, fc.jsonValue({ maxDepth: 2 })));
const resource = objectOf(keysOf('resource'), scalar);
const recordArbitrary = objectOf(
  keysOf('record').filter((key) => !(EMBEDDED_RECORD_KEYS as readonly string[]).includes(key)),
  fc.oneof(
    { weight: 10, arbitrary: scalar },
    identity,
    parameters,
    fc.array(fc.oneof({ weight: 5, arbitrary: resource }, scalar), { maxLength: 3 }),
    objectOf(keysOf('additionalEventData'), scalar),
  ),
);

/** Runs put after colons and commas: whitespace, and bytes below a space that JSON does not allow there. */
const spacing = fc.array(fc.constantFrom(' ', '  ', '\t', '\n', '\r\n', ' \n    ', '\u0001', ' \u001f', '\u000b'), { minLength: 1, maxLength: 8 });

/** The text of one record, changed the ways a hostile log might: keys named twice or escaped, indentation, odd spacing. */
const recordText = fc
  .tuple(recordArbitrary, fc.constantFrom('none', 'twice', 'escaped', 'pretty', 'spaced'), spacing)
  .map(([record, change, runs]) => {
    const text = JSON.stringify(record, null, change === 'pretty' ? 2 : undefined);
    if (change === 'twice') return text.replace(/^\{"([^"]+)":/, '{"$1":"again","$1":');
    if (change === 'escaped') return text.replace('"eventName"', '"event\\u004eame"');
    if (change === 'spaced') {
      // Inside a string a run changes the value or breaks it; either way JSON.parse is the judge.
      let next = 0;
      return text.replace(/[:,]/g, (mark) => mark + runs[next++ % runs.length]);
    }
    return text;
  });

// Credential-issuing calls, read again with the issuing schemas: every documented member (and its lower-case spelling)
// may be there or not, of any type, with others beside it.
const issued = objectOf(keysOf('issued'), scalar);
const sessionContext = objectOf(
  keysOf('sessionContext'),
  fc.oneof(
    { weight: 4, arbitrary: scalar },
    objectOf(keysOf('sessionAttributes'), scalar),
    objectOf(keysOf('sessionIssuer'), scalar),
    objectOf(keysOf('webIdFederation'), scalar),
  ),
);
const issuingIdentity = objectOf(
  keysOf('issuingIdentity'),
  fc.oneof({ weight: 6, arbitrary: scalar }, sessionContext, objectOf(keysOf('inScopeOf'), scalar), onBehalfOf),
);
const issuingRecordArbitrary = fc
  .tuple(
    fc.constantFrom(...ISSUING_CALLS),
    objectOf(
      keysOf('issuingRecord').filter(
        (key) => !(EMBEDDED_RECORD_KEYS as readonly string[]).includes(key) && key !== 'eventName' && key !== 'eventSource',
      ),
      fc.oneof(
        { weight: 8, arbitrary: scalar },
        issuingIdentity,
        objectOf(keysOf('issuingRequest'), scalar),
        objectOf(keysOf('issuingResponse'), fc.oneof({ weight: 3, arbitrary: scalar }, issued)),
        objectOf(keysOf('issuingEventData'), scalar),
      ),
    ),
  )
  .map(([{ eventName, eventSource }, record]) => ({ ...record, eventName, eventSource }));

describe('the record reader, on generated hostile records', () => {
  it('indexes credential-issuing calls read again as JSON.parse does, and their links read nothing it leaves out', () => {
    fc.assert(
      fc.property(fc.array(issuingRecordArbitrary, { minLength: 1, maxLength: 6 }), (records) => {
        const texts = records.map((record) => JSON.stringify(record));
        assertSameIndex(Buffer.from(`{"Records":[${texts.join(',')}]}`), 'records array');
        assertSameIndex(Buffer.from(texts.join('\n')), 'JSON Lines');
        const strays = new Set<string>();
        for (const text of texts) {
          const parsed = JSON.parse(text) as RawRecord;
          extractEvent(watched(parsed, 'issuingRecord', 'issuingRecord', strays), 0, 0, 0, new FileDiagnostics('log.json'), () => new Map());
        }
        assert.deepEqual([...strays], [], 'members read that the reader does not make');
      }),
      { numRuns: 300 },
    );
  });

  it('indexes them as JSON.parse does, in a records array and as JSON Lines', () => {
    fc.assert(
      fc.property(fc.array(recordText, { minLength: 1, maxLength: 6 }), (records) => {
        assertSameIndex(Buffer.from(`{"Records":[${records.join(',')}]}`), 'records array');
        assertSameIndex(Buffer.from(records.map((text) => text.replace(/\n\s*/g, '')).join('\n')), 'JSON Lines');
      }),
      { numRuns: 300 },
    );
  });
});
