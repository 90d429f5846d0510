// One loaded file's index as one binary entry, for the on-disk index cache (indexCache.ts), and back. Decoding is the
// warm path of a reopen, so the columns the store keeps are one run at the entry's end, copied out of it at once or
// read by the cache into a buffer of their own, and the columns the store reads once and drops are views of the entry
// (each section starts on an 8-byte boundary). An entry is data from disk: decoding checks a
// CRC-32 of the payload (any flipped or lost byte is a miss) and then every count, length, offset and id against the
// others, so even an entry written on purpose to be wrong decodes to undefined instead of an index that would crash
// the store or a view. Nothing in here throws for any input.

import { deserialize, serialize } from 'node:v8';
import * as zlib from 'node:zlib';
import type { Diagnostic, DiagnosticCode, IdentityKind, InputFormat } from '../types';
import type { TransferColumn } from './bytesTransferred';
import {
  FLAG_MASKS,
  FLAG_SHIFTS,
  FLAG_VALUE_CODES,
  IDENTITY_KINDS,
  INTERNED_FIELDS,
  UNIQUE_FIELDS,
  type FileIndex,
  type InternedColumn,
  type InternedField,
  type TableIds,
  type UniqueColumn,
  type UniqueField,
} from './indexSchema';
import { KeptCallReader, MAX_KEPT_CALLS_PER_FILE, MAX_LINKS_PER_FILE, packedAlone, type IndexedLink, type PackedCalls } from './keptCalls';
import type { LoadedFile } from './loadedFile';
import { alignUp, ColumnArena, OWN_COLUMNS_ROWS, type ColumnArray, type ColumnType } from './columnArena';
import { runToEnd } from '../store/steps';

/** Version of the entry layout below; any change to it bumps this, and older entries become misses. */
export const INDEX_CODEC_VERSION = 6;

const MAGIC = 0x49_4c_54_43; // "CTLI" read little-endian
const MAX_UINT32 = 0xffff_ffff;

/**
 * Position of each 32-bit header word; the last, UniqueBytes, is followed by one word per unique field, the length of
 * its byte buffer, then one per interned field, the bytes of each of its ids (1, 2 or 4).
 */
const Word = {
  Magic: 0,
  Version: 1,
  PayloadBytes: 2,
  Checksum: 3,
  Count: 4,
  TransferCount: 5,
  KeyBytes: 6,
  ObjectBytes: 7,
  /** Values of all the string tables together, and the bytes of their text. */
  ValueCount: 8,
  StringBytes: 9,
  StringEncoding: 10,
  /** How the objects are written: OBJECT_ENCODINGS. */
  ObjectEncoding: 11,
  UniqueBytes: 12,
} as const;
/** The header, padded so that the payload (and so every section) starts 8-byte aligned. */
const HEADER_BYTES = alignUp((Word.UniqueBytes + UNIQUE_FIELDS.length + INTERNED_FIELDS.length) * 4);
const ID_WIDTH_WORD = Word.UniqueBytes + UNIQUE_FIELDS.length;

/** The id arrays of each width, by bytes per id. */
const ID_TYPES: Partial<Record<number, ColumnType<TableIds>>> = { 1: Uint8Array, 2: Uint16Array, 4: Uint32Array };

/** `ids` in the narrowest array that holds ids into a table of `tableSize` values (a copy when narrower). */
function narrowestIds(ids: TableIds, tableSize: number): TableIds {
  const type = tableSize <= 0x100 ? Uint8Array : tableSize <= 0x10000 ? Uint16Array : Uint32Array;
  return ids.BYTES_PER_ELEMENT <= type.BYTES_PER_ELEMENT ? ids : idsOf(ids, type);
}

/** `ids` in an array of `type` (a copy unless they are one). */
function idsOf(ids: TableIds, type: ColumnType<TableIds>): TableIds {
  if (ids instanceof type) return ids;
  const copy = new type(ids.length);
  copy.set(ids);
  return copy;
}

/**
 * The parts of a LoadedFile that are neither typed arrays nor string tables, kept as JSON when JSON gives them back as
 * they are, else with V8's serializer, which keeps NaN (a link's time when absent), infinities, -0 and properties set
 * to undefined, so that the decoded file deep-equals the loaded one.
 */
interface EntryObjects {
  file: string;
  format: InputFormat | null;
  size: number;
  textSize: number;
  gzip: boolean;
  mtimeMs: number | undefined;
  diagnostics: Diagnostic[];
  /** The file's kept trail calls, packed alone (keptCalls.ts), or null for none. */
  keptCalls: { text: string; count: number } | null;
  links: IndexedLink[];
}

/**
 * Reads the kept calls of the files whose entries are written one by one, in the order they were loaded: the files of
 * a message come one after another, or nearly (a few writes at a time).
 */
const FILE_BY_FILE = new KeptCallReader(4);

/** A file's kept calls as its entry keeps them: packed alone, whether the file's message packed them with others'. */
function entryCalls(packed: PackedCalls | null): EntryObjects['keptCalls'] {
  return packed === null ? null : { text: packed.pack.text, count: packed.count };
}

/**
 * The string tables of the interned fields, in INTERNED_FIELDS order, as one text cut by lengths: a reopen makes a
 * million or more table strings, and slicing them from one decoded text costs about half what deserializing each does.
 * The text is UTF-8 unless a value holds a lone surrogate (JSON can escape one), which only UTF-16 keeps as it was.
 */
interface StringTables {
  /** Values in each table. */
  tableSizes: Uint32Array;
  /** Length of each value in UTF-16 code units. */
  lengths: Uint32Array;
  text: Uint8Array;
  encoding: StringEncoding;
}
const STRING_ENCODINGS = ['utf8', 'utf16le'] as const;
const OBJECT_ENCODINGS = ['v8', 'json'] as const;

/** Nesting past which objects are kept with V8's serializer (as deep as any record, and more). */
const MAX_JSON_EXACT_DEPTH = 256;

/**
 * Whether JSON.parse(JSON.stringify(value)) deep-equals `value`: plain objects and dense arrays of strings, booleans,
 * null and finite numbers other than -0. Stops at the first thing that is not (a hole, a Map…), so that a sparse
 * array of 2^32 - 1 holes costs one step.
 */
function isJsonExact(value: unknown, depth = 0): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (typeof value !== 'object' || depth > MAX_JSON_EXACT_DEPTH) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return false;
    for (let i = 0; i < value.length; i++) if (!(i in value) || !isJsonExact(value[i], depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  for (const item of Object.values(value)) if (!isJsonExact(item, depth + 1)) return false;
  return true;
}
type StringEncoding = (typeof STRING_ENCODINGS)[number];
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Longest text a JS string can hold (V8's limit, rounded down): tables past it are not cached. */
const MAX_STRING_LENGTH = 0x1fff_0000;

/**
 * Characters of table values joined and encoded per step: about a millisecond. A whole load's tables (424,262 values,
 * 10 M characters at a million events) took 50 ms to join at once, which blocked the extension host.
 */
const CHARACTERS_PER_STEP = 1 << 18;

/** Table values whose lengths packTablesSteps takes between two yields. */
const LENGTHS_PER_STEP = 1 << 16;

function* packTablesSteps(tables: readonly (readonly string[])[]): Generator<void, StringTables | undefined> {
  const lengths = new Uint32Array(tables.reduce((sum, table) => sum + table.length, 0));
  let k = 0;
  let total = 0;
  for (const table of tables)
    for (const value of table) {
      lengths[k++] = value.length;
      total += value.length;
      if (k % LENGTHS_PER_STEP === 0) yield;
    }
  if (total > MAX_STRING_LENGTH) return undefined;
  const chunks: string[] = [];
  // A surrogate pair split between two chunks counts as lone, which only makes the text UTF-16: it still round-trips.
  let lone = false;
  for (const table of tables) {
    let from = 0;
    let characters = 0;
    for (let i = 0; i < table.length; i++) {
      characters += table[i].length;
      if (characters < CHARACTERS_PER_STEP && i < table.length - 1) continue;
      const chunk = table.slice(from, i + 1).join('');
      chunks.push(chunk);
      lone ||= LONE_SURROGATE.test(chunk);
      from = i + 1;
      characters = 0;
      yield;
    }
  }
  const encoding: StringEncoding = lone ? 'utf16le' : 'utf8';
  const parts: Buffer[] = [];
  for (const chunk of chunks) {
    parts.push(Buffer.from(chunk, encoding));
    yield;
  }
  // Every byte is written below, so the text needs no zeroing.
  const text = Buffer.allocUnsafe(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    yield* copySteps(part, text, at);
    at += part.length;
  }
  return { tableSizes: Uint32Array.from(tables, (table) => table.length), lengths, text, encoding };
}

/**
 * The tables of packed strings, or undefined when the lengths and sizes do not cut the text exactly. The text is
 * decoded a step at a time (CHARACTERS_PER_STEP bytes, cut where a character starts), a value that straddles two
 * pieces taken across them: a whole load's 11 MB of tables decoded and cut in one go blocked the host 33–81 ms.
 */
function* unpackTablesSteps({ tableSizes, lengths, text, encoding }: StringTables): Generator<void, string[][] | undefined> {
  const bytes = Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  let piece = '';
  let at = 0;
  let decoded = 0;
  const nextPiece = () => {
    let end = Math.min(bytes.length, decoded + CHARACTERS_PER_STEP);
    if (encoding === 'utf8') while (end < bytes.length && end > decoded && (bytes[end] & 0xc0) === 0x80) end--;
    else end -= (end - decoded) % 2;
    if (end <= decoded) end = bytes.length;
    piece = bytes.toString(encoding, decoded, end);
    at = 0;
    decoded = end;
  };
  const tables: string[][] = [];
  let k = 0;
  for (const size of tableSizes) {
    if (size < 1 || k + size > lengths.length) return undefined;
    const table = new Array<string>(size);
    for (let i = 0; i < size; i++) {
      const length = lengths[k++];
      if (piece.length - at >= length) {
        table[i] = piece.slice(at, at + length);
        at += length;
        continue;
      }
      // A value across pieces: its parts joined (few values are; slicing from joined pieces made each piece a copy).
      let value = piece.slice(at);
      while (value.length < length) {
        if (decoded === bytes.length) return undefined;
        nextPiece();
        yield;
        at = Math.min(piece.length, length - value.length);
        value += piece.slice(0, at);
      }
      table[i] = value;
    }
    tables.push(table);
  }
  return k === lengths.length && at === piece.length && decoded === bytes.length ? tables : undefined;
}

/** The tables of an entry whose tables are kept apart: each only the absent value. */
const NO_VALUES: readonly string[] = [''];

/** A typed-array section: its element type and element count, from the header's counts. */
interface Section {
  type: ColumnType<ColumnArray>;
  length: number;
  /**
   * Not kept as they are (the string tables' parts, read once; the interned ids and the record index, which the store
   * copies into arrays of its own, segment.ts): viewed in the entry's buffer. The columns the store keeps lie after
   * them in one run, copied out of the entry or read into a buffer of their own (loadSetCodec.ts), so that no view pins
   * the whole entry (its ids, string text and kept calls: about a third more memory) for as long as the events are
   * loaded.
   */
  transient?: true;
}

/**
 * The sections of an entry, in the order their arrays are taken (assemble); layoutOf places them. `idsKept`: the ids
 * point into a whole load's tables (sharedTables), and are kept with the other columns.
 */
function sectionsOf(
  count: number,
  transferCount: number,
  uniqueBytes: readonly number[],
  idTypes: readonly ColumnType<TableIds>[],
  valueCount: number,
  stringBytes: number,
  idsKept: boolean,
): Section[] {
  const f64 = (length: number): Section => ({ type: Float64Array, length });
  const u32 = (length: number): Section => ({ type: Uint32Array, length });
  return [
    f64(count), // eventTime
    f64(transferCount), // transfer.bytesIn
    f64(transferCount), // transfer.bytesOut
    { ...u32(count), transient: true }, // recordIndex
    u32(count), // start
    u32(count), // end
    // The store remaps a file's own ids into new ones, so they are read once; ids into a whole load's tables it takes
    // as they are when it takes the file's other columns (store/columnGroup.ts takeIds).
    ...idTypes.map((type): Section => (idsKept ? { type, length: count } : { type, length: count, transient: true })),
    ...UNIQUE_FIELDS.map(() => u32(count + 1)),
    u32(transferCount), // transfer.events
    { ...u32(INTERNED_FIELDS.length), transient: true }, // tableSizes
    { ...u32(valueCount), transient: true }, // lengths
    { type: Uint16Array, length: count }, // flags
    ...uniqueBytes.map((length): Section => ({ type: Uint8Array, length })),
    { type: Uint8Array, length: stringBytes, transient: true }, // the string tables' text
  ];
}

/** Where an entry's parts lie in its payload (offsets from the payload's start). */
interface Layout {
  /** Per section (sectionsOf order), on an 8-byte boundary. */
  starts: number[];
  objectsAt: number;
  /** Where the kept sections start: one run from here to the payload's end. */
  keptAt: number;
  payloadBytes: number;
}

/** The key, the transient sections, the objects, then the kept sections: the columns the store keeps are one run. */
function layoutOf(keyBytes: number, sections: readonly Section[], objectBytes: number): Layout {
  const starts = new Array<number>(sections.length);
  let at = alignUp(keyBytes);
  const place = (transient: boolean) =>
    sections.forEach((section, k) => {
      if ((section.transient === true) !== transient) return;
      starts[k] = alignUp(at);
      at = starts[k] + section.length * section.type.BYTES_PER_ELEMENT;
    });
  place(true);
  const objectsAt = alignUp(at);
  const keptAt = alignUp(objectsAt + objectBytes);
  at = keptAt;
  place(false);
  return { starts, objectsAt, keptAt, payloadBytes: at };
}

function arraysOf(index: FileIndex, ids: readonly TableIds[], strings: StringTables): ColumnArray[] {
  return [
    index.eventTime,
    index.transfer.bytesIn,
    index.transfer.bytesOut,
    index.recordIndex,
    index.start,
    index.end,
    ...ids,
    ...UNIQUE_FIELDS.map((field) => index.unique[field].offsets),
    index.transfer.events,
    strings.tableSizes,
    strings.lengths,
    index.flags,
    ...UNIQUE_FIELDS.map((field) => index.unique[field].bytes),
    strings.text,
  ];
}

/**
 * Bytes copied into new memory between two yields: a 4 KB page costs 8–20 µs at its first write here. A whole load's
 * tables (11 MB at a million events) gathered into their text and copied into their entry in one step took 111–118 ms
 * of the thread (a load in process, 2026-12-02).
 */
const COPIED_BYTES_PER_STEP = 1 << 18;

/** Copies `from` into `into` at `at`, a step at a time. */
function* copySteps(from: Uint8Array, into: Uint8Array, at: number): Generator<void, void> {
  for (let done = 0; done < from.length; done += COPIED_BYTES_PER_STEP) {
    into.set(from.subarray(done, done + COPIED_BYTES_PER_STEP), at + done);
    yield;
  }
}

/** The CRC-32 of the payload (zlib's, in native code), a few megabytes a step; `from`: the CRC of the bytes before these. */
function* checksumSteps(bytes: Uint8Array, from = 0): Generator<void, number> {
  let crc = from;
  for (let at = 0; at < bytes.length; at += CHECKSUM_BYTES_PER_STEP) {
    crc = zlib.crc32(bytes.subarray(at, at + CHECKSUM_BYTES_PER_STEP), crc);
    yield;
  }
  return crc >>> 0;
}
const CHECKSUM_BYTES_PER_STEP = 4 << 20;

/**
 * The entry of a loaded file, with `key` (what the cache checks it against: the file's version and the load's
 * settings) stored in it, in steps (a whole load's tables are joined, encoded and copied a slice at a time); undefined
 * when the file is too large for the entry's 32-bit lengths. With `sharedTables`, the file's interned ids point into
 * tables kept apart (a whole load's, loadSetCodec.ts), which the entry leaves out. `calls`: the file's kept calls
 * packed alone, when the caller packed them (packedAloneEachSteps).
 */
export function* encodeLoadedFileSteps(
  loaded: LoadedFile,
  key: string,
  sharedTables = false,
  calls = packedAlone(loaded.index.keptCalls, FILE_BY_FILE),
): Generator<void, Buffer | undefined> {
  const { index } = loaded;
  const objects: EntryObjects = {
    file: loaded.file,
    format: loaded.format,
    size: loaded.size,
    textSize: loaded.textSize,
    gzip: loaded.gzip,
    mtimeMs: loaded.mtimeMs,
    diagnostics: loaded.diagnostics,
    keptCalls: entryCalls(calls),
    links: index.links,
  };
  const strings = yield* packTablesSteps(INTERNED_FIELDS.map((field) => (sharedTables ? NO_VALUES : index.interned[field].values)));
  if (strings === undefined) return undefined;
  const ids = INTERNED_FIELDS.map((field) => {
    const { ids: fileIds, values } = index.interned[field];
    // A file whose columns the store takes as they are takes its ids into a whole load's tables as they are too, if
    // they are as wide as the store's own ids would be (16 bits, or 32 past 65,536 values).
    if (sharedTables && index.count > OWN_COLUMNS_ROWS) return idsOf(fileIds, values.length <= 0x10000 ? Uint16Array : Uint32Array);
    return narrowestIds(fileIds, values.length);
  });
  const keyBytes = Buffer.from(key, 'utf8');
  const json = isJsonExact(objects) ? Buffer.from(JSON.stringify(objects), 'utf8') : null;
  const objectBytes = json ?? serialize(objects);
  const arrays = arraysOf(index, ids, strings);
  const uniqueBytes = UNIQUE_FIELDS.map((field) => index.unique[field].bytes.length);
  const idTypes = ids.map((column) => ID_TYPES[column.BYTES_PER_ELEMENT] as ColumnType<TableIds>);
  const sections = sectionsOf(
    index.count,
    index.transfer.events.length,
    uniqueBytes,
    idTypes,
    strings.lengths.length,
    strings.text.length,
    sharedTables,
  );
  // A column longer than its count says (none a load makes) would not fit its section: such a file is not kept.
  if (!arrays.every((array, k) => array.length === sections[k].length)) return undefined;
  const { starts, objectsAt, payloadBytes } = layoutOf(keyBytes.length, sections, objectBytes.length);
  if (payloadBytes > MAX_UINT32 || index.count >= MAX_UINT32) return undefined;
  const entry = Buffer.alloc(HEADER_BYTES + payloadBytes);
  const payload = entry.subarray(HEADER_BYTES);
  payload.set(keyBytes, 0);
  for (const [k, array] of arrays.entries()) yield* copySteps(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), payload, starts[k]);
  payload.set(objectBytes, objectsAt);
  const checksum = yield* checksumSteps(payload);
  const header = [MAGIC, INDEX_CODEC_VERSION, payloadBytes, checksum, index.count, index.transfer.events.length, keyBytes.length];
  header.push(objectBytes.length, strings.lengths.length, strings.text.length, STRING_ENCODINGS.indexOf(strings.encoding));
  header.push(OBJECT_ENCODINGS.indexOf(json === null ? 'v8' : 'json'));
  header.push(...uniqueBytes);
  header.push(...ids.map((column) => column.BYTES_PER_ELEMENT));
  header.forEach((word, k) => entry.writeUInt32LE(word, k * 4));
  return entry;
}

/** The key stored in an entry, or undefined when the entry is not one of this version (cheap: no checksum). */
export function entryKey(entry: Uint8Array): string | undefined {
  if (entry.length < HEADER_BYTES) return undefined;
  const view = new DataView(entry.buffer, entry.byteOffset, entry.length);
  if (view.getUint32(Word.Magic * 4, true) !== MAGIC || view.getUint32(Word.Version * 4, true) !== INDEX_CODEC_VERSION) return undefined;
  const keyBytes = view.getUint32(Word.KeyBytes * 4, true);
  if (HEADER_BYTES + keyBytes > entry.length) return undefined;
  return Buffer.from(entry.buffer, entry.byteOffset + HEADER_BYTES, keyBytes).toString('utf8');
}

/** The sections of an entry and where they lie, from its header; undefined when the header does not add up. */
function layoutOfEntry(word: (k: number) => number, idsKept: boolean): { sections: Section[]; layout: Layout } | undefined {
  const idTypes = INTERNED_FIELDS.map((_, k) => ID_TYPES[word(ID_WIDTH_WORD + k)]);
  if (!idTypes.every((type) => type !== undefined)) return undefined;
  const uniqueBytes = UNIQUE_FIELDS.map((_, k) => word(Word.UniqueBytes + k));
  const sections = sectionsOf(
    word(Word.Count),
    word(Word.TransferCount),
    uniqueBytes,
    idTypes,
    word(Word.ValueCount),
    word(Word.StringBytes),
    idsKept,
  );
  const layout = layoutOf(word(Word.KeyBytes), sections, word(Word.ObjectBytes));
  return layout.payloadBytes === word(Word.PayloadBytes) ? { sections, layout } : undefined;
}

/** 32-bit header words of an entry at least HEADER_BYTES long. */
function headerWords(entry: Uint8Array): (k: number) => number {
  const view = new DataView(entry.buffer, entry.byteOffset, HEADER_BYTES);
  return (k) => view.getUint32(k * 4, true);
}

/**
 * Where the columns the store keeps start in an entry (offset from the entry's start): they run from there to its end,
 * so that a reader can put them in a buffer of their own (decodeLoadedFile's `kept`). `sharedTables`: the entry was
 * encoded with its tables apart. Undefined when the entry is not one of this version or its header does not add up.
 */
export function keptStartOf(entry: Uint8Array, sharedTables: boolean): number | undefined {
  if (entryKey(entry) === undefined) return undefined;
  const layout = layoutOfEntry(headerWords(entry), sharedTables)?.layout;
  return layout === undefined || HEADER_BYTES + layout.payloadBytes !== entry.length ? undefined : HEADER_BYTES + layout.keptAt;
}

/**
 * The loaded file of an entry, or undefined when the entry is not one of this codec version, was written for another
 * key, is truncated or damaged (checksum), or holds anything a fresh load could not have produced. `sharedTables`:
 * the tables, by INTERNED_FIELDS position, of an entry encoded with its tables apart. `kept`: the entry's bytes from
 * keptStartOf on, read into a buffer of their own, which its kept columns then view; `entry` is then the bytes before
 * them. Without it the kept columns are copied out of the entry (into `arena` when given).
 */
export function decodeLoadedFile(
  entry: Uint8Array,
  key: string,
  sharedTables?: readonly (readonly string[])[],
  arena?: ColumnArena,
  kept?: Uint8Array,
): LoadedFile | undefined {
  return runToEnd(decodeLoadedFileSteps(entry, key, sharedTables, arena, kept));
}

/** decodeLoadedFile in steps: a whole load's string tables are checked and decoded a slice at a time. */
export function* decodeLoadedFileSteps(
  entry: Uint8Array,
  key: string,
  sharedTables?: readonly (readonly string[])[],
  arena?: ColumnArena,
  kept?: Uint8Array,
): Generator<void, LoadedFile | undefined> {
  try {
    return yield* decodeChecked(entry, key, sharedTables, arena, kept);
  } catch {
    // JSON.parse and V8's deserializer reject malformed data by throwing; a damaged entry is a miss like any other.
    return undefined;
  }
}

function* decodeChecked(
  entry: Uint8Array,
  key: string,
  sharedTables: readonly (readonly string[])[] | undefined,
  arena: ColumnArena | undefined,
  keptApart: Uint8Array | undefined,
): Generator<void, LoadedFile | undefined> {
  if (entryKey(entry) !== key) return undefined;
  const word = headerWords(entry);
  const parts = layoutOfEntry(word, sharedTables !== undefined);
  if (parts === undefined) return undefined;
  const { sections, layout } = parts;
  const head = HEADER_BYTES + (keptApart === undefined ? layout.payloadBytes : layout.keptAt);
  if (entry.length !== head || (keptApart !== undefined && keptApart.length !== layout.payloadBytes - layout.keptAt)) return undefined;
  const payload = entry.subarray(HEADER_BYTES);
  const kept = keptApart ?? payload.subarray(layout.keptAt);
  const crc = yield* checksumSteps(payload.subarray(0, layout.keptAt));
  if ((yield* checksumSteps(kept, crc)) !== word(Word.Checksum)) return undefined;
  const encoding = STRING_ENCODINGS[word(Word.StringEncoding)];
  const objectEncoding = OBJECT_ENCODINGS[word(Word.ObjectEncoding)];
  if (encoding === undefined || objectEncoding === undefined) return undefined;
  const keptRun = keptApart ?? ownCopy(kept, arena);
  const arrays = sections.map(({ type, length, transient }, k) =>
    transient ? arrayAt(payload, layout.starts[k], type, length) : arrayAt(keptRun, layout.starts[k] - layout.keptAt, type, length),
  );
  const objectBytes = payload.subarray(layout.objectsAt, layout.objectsAt + word(Word.ObjectBytes));
  const objects: unknown =
    objectEncoding === 'json'
      ? JSON.parse(Buffer.from(objectBytes.buffer, objectBytes.byteOffset, objectBytes.length).toString('utf8'))
      : deserialize(objectBytes);
  if (!isEntryObjects(objects, objectBytes.length)) return undefined;
  const loaded = yield* assemble(objects, word(Word.Count), arrays, encoding, sharedTables);
  return loaded !== undefined && isConsistent(loaded) ? loaded : undefined;
}

/** `length` elements at offset `at` of `bytes`: a view when the alignment allows, else a copy. */
function arrayAt<T extends ColumnArray>(bytes: Uint8Array, at: number, type: ColumnType<T>, length: number): T {
  const byteOffset = bytes.byteOffset + at;
  if (byteOffset % type.BYTES_PER_ELEMENT === 0) return new type(bytes.buffer, byteOffset, length);
  // ArrayBuffer.slice copies once; a new array then set() would zero-fill first.
  return new type(bytes.buffer.slice(byteOffset, byteOffset + length * type.BYTES_PER_ELEMENT), 0, length);
}

/**
 * The entry's kept columns copied out of it in one piece (into `arena` when given), each column then a view of the
 * copy. A plain Uint8Array, not the entry's Buffer: the arena makes a copy of an array's own type, and `new Buffer` is
 * deprecated (a warning on every warm reopen of ctlens) and zero-fills through a slower path.
 */
function ownCopy(kept: Uint8Array, arena: ColumnArena | undefined): Uint8Array {
  const plain = new Uint8Array(kept.buffer, kept.byteOffset, kept.length);
  return arena === undefined ? plain.slice() : arena.copy(plain);
}

/** The loaded file of an entry's parts, in the order of sectionsOf; undefined when the string tables do not add up. */
function* assemble(
  objects: EntryObjects,
  count: number,
  arrays: ColumnArray[],
  encoding: StringEncoding,
  sharedTables: readonly (readonly string[])[] | undefined,
): Generator<void, LoadedFile | undefined> {
  let next = 0;
  const take = <T extends ColumnArray>() => arrays[next++] as T;
  const eventTime = take<Float64Array>();
  const bytesIn = take<Float64Array>();
  const bytesOut = take<Float64Array>();
  const recordIndex = take<Uint32Array>();
  const start = take<Uint32Array>();
  const end = take<Uint32Array>();
  const ids = INTERNED_FIELDS.map(() => take<TableIds>());
  const offsets = UNIQUE_FIELDS.map(() => take<Uint32Array>());
  const transfer: TransferColumn = { events: take<Uint32Array>(), bytesIn, bytesOut };
  const tableSizes = take<Uint32Array>();
  const lengths = take<Uint32Array>();
  const flags = take<Uint16Array>();
  const unique = {} as Record<UniqueField, UniqueColumn>;
  UNIQUE_FIELDS.forEach((field, k) => (unique[field] = { bytes: take<Uint8Array>(), offsets: offsets[k] }));
  const ownTables = yield* unpackTablesSteps({ tableSizes, lengths, text: take<Uint8Array>(), encoding });
  if (ownTables === undefined || (sharedTables !== undefined && !ownTables.every((table) => table.length === 1))) return undefined;
  const tables = sharedTables ?? ownTables;
  if (tables.length !== INTERNED_FIELDS.length) return undefined;
  const interned = {} as Record<InternedField, InternedColumn>;
  INTERNED_FIELDS.forEach((field, k) => (interned[field] = { ids: ids[k], values: tables[k] }));
  const index: FileIndex = {
    count,
    recordIndex,
    start,
    end,
    eventTime,
    flags,
    interned,
    unique,
    keptCalls: objects.keptCalls === null ? [] : { pack: { text: objects.keptCalls.text }, from: 0, count: objects.keptCalls.count },
    links: objects.links,
    transfer,
  };
  const { file, format, diagnostics, size, textSize, gzip, mtimeMs } = objects;
  return { file, format, index, diagnostics, size, textSize, gzip, mtimeMs };
}

// ——— What a fresh load can produce: the checks every decoded entry passes. ———

/** Every input format (a Record, so the compiler flags a format added to the type and not here). */
const INPUT_FORMATS: Record<InputFormat, true> = {
  records: true,
  'lookup-events': true,
  'cloudwatch-logs': true,
  jsonl: true,
  'console-json': true,
  'console-csv': true,
  'single-record': true,
  'record-array': true,
  digest: true,
};
const DIAGNOSTIC_CODES: Record<DiagnosticCode, true> = {
  'file-unreadable': true,
  'empty-file': true,
  'binary-file': true,
  'truncated-gzip': true,
  'invalid-gzip': true,
  'invalid-json': true,
  'not-cloudtrail': true,
  'records-not-array': true,
  'invalid-record': true,
  'invalid-field': true,
  'invalid-csv': true,
  'too-large': true,
  'text-encoding': true,
  'duplicate-key': true,
  'invalid-time': true,
  'path-loop': true,
  'duplicate-path': true,
  'changed-since-load': true,
  'calls-capped': true,
  cancelled: true,
};
const SEVERITIES: ReadonlySet<unknown> = new Set(['error', 'warning']);
const CREDENTIAL_CLASSES: ReadonlySet<unknown> = new Set(['long-term', 'temporary', 'none', 'unknown']);
const IDENTITY_KIND_SET: ReadonlySet<unknown> = new Set<IdentityKind>(IDENTITY_KINDS);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
const hasOwn = (table: object, key: unknown) => typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key);
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isTextOrNull = (value: unknown) => value === null || typeof value === 'string';

/**
 * What the serialized objects can hold: each element or property took at least one of their bytes. A hostile entry
 * can declare a sparse array of 2^32 - 1 holes in a few bytes, which `every` would walk for minutes; this refuses it.
 */
interface Budget {
  left: number;
}

function spend(budget: Budget, items: number): boolean {
  budget.left -= items;
  return budget.left >= 0;
}

const OPTIONAL_DIAGNOSTIC_NUMBERS = ['line', 'column', 'offset', 'recordIndex'] as const;

function isDiagnostic(value: unknown, file: string): boolean {
  if (!isRecord(value) || value.file !== file || !hasOwn(DIAGNOSTIC_CODES, value.code) || !SEVERITIES.has(value.severity)) return false;
  return typeof value.message === 'string' && OPTIONAL_DIAGNOSTIC_NUMBERS.every((name) => value[name] === undefined || isCount(value[name]));
}

/** The type of each field of link facts (lineage/linkFacts.ts) and caller facts (lineage/caller.ts). */
type FieldCheck = (value: unknown) => boolean;
const LINK_FIELDS: Record<string, FieldCheck> = {
  eventName: (value) => typeof value === 'string',
  eventSource: (value) => typeof value === 'string',
  eventTimeMs: (value) => typeof value === 'number',
  issuedKey: isTextOrNull,
  session: isTextOrNull,
  sourceIdentity: isTextOrNull,
};
const CALLER_FIELDS: Record<string, FieldCheck> = {
  kind: (value) => IDENTITY_KIND_SET.has(value),
  principal: isTextOrNull,
  arn: isTextOrNull,
  accountId: isTextOrNull,
  accessKeyId: isTextOrNull,
  credential: (value) => CREDENTIAL_CLASSES.has(value),
  mfa: (value) => value === null || typeof value === 'boolean',
  sourceIdentity: isTextOrNull,
  sessionCreatedMs: (value) => typeof value === 'number',
  consoleSession: (value) => typeof value === 'boolean',
  assumedRoot: (value) => typeof value === 'boolean',
  ec2RoleDelivery: isTextOrNull,
  credentialsIssuedTo: isTextOrNull,
  inScopeOf: isTextOrNull,
  invokedBy: isTextOrNull,
  sessionName: isTextOrNull,
  samlProvider: isTextOrNull,
  webIdentityProvider: isTextOrNull,
};

function fieldsMatch(value: unknown, fields: Record<string, FieldCheck>): value is Record<string, unknown> {
  return isRecord(value) && Object.entries(fields).every(([name, check]) => check(value[name]));
}

function isLink(value: unknown): boolean {
  return isRecord(value) && isCount(value.event) && fieldsMatch(value.facts, LINK_FIELDS) && fieldsMatch(value.facts.caller, CALLER_FIELDS);
}

/** True for the objects of an entry whose serialized form took `bytes`. */
function isEntryObjects(value: unknown, bytes: number): value is EntryObjects {
  const budget: Budget = { left: bytes };
  if (!isRecord(value) || typeof value.file !== 'string') return false;
  if (!(value.format === null || hasOwn(INPUT_FORMATS, value.format)) || typeof value.gzip !== 'boolean') return false;
  if (!isCount(value.size) || !isCount(value.textSize) || !(value.mtimeMs === undefined || typeof value.mtimeMs === 'number')) return false;
  const { diagnostics, keptCalls, links, file } = value;
  const within = (list: unknown, max: number): list is unknown[] => Array.isArray(list) && list.length <= max && spend(budget, list.length);
  if (!within(diagnostics, bytes) || !diagnostics.every((diagnostic) => isDiagnostic(diagnostic, file))) return false;
  // The calls themselves are checked when unpacked (keptCalls.ts).
  const isCallCount = (count: unknown) => isCount(count) && count > 0 && count <= MAX_KEPT_CALLS_PER_FILE;
  if (!(keptCalls === null || (isRecord(keptCalls) && typeof keptCalls.text === 'string' && isCallCount(keptCalls.count)))) return false;
  return within(links, MAX_LINKS_PER_FILE) && links.every(isLink);
}

/** Largest code of each packed fact (flag bits above the identity kind are single facts, always valid). */
const FLAG_LIMITS = (['level', 'category', 'readOnly', 'identityKind'] as const).map((fact) => ({
  shift: FLAG_SHIFTS[fact],
  mask: FLAG_MASKS[fact],
  max: Math.max(...Object.values(FLAG_VALUE_CODES[fact])),
}));
/** Bits no fact uses (packFlags never sets them). */
const UNUSED_FLAG_BITS = 0x8000;
/** 1 for each 16-bit value packFlags can produce: one lookup per event instead of four field tests. */
const VALID_FLAGS = Uint8Array.from({ length: 0x10000 }, (_, value) =>
  (value & UNUSED_FLAG_BITS) === 0 && FLAG_LIMITS.every(({ shift, mask, max }) => ((value >> shift) & mask) <= max) ? 1 : 0,
);

function validFlags(flags: Uint16Array): boolean {
  for (let i = 0; i < flags.length; i++) if (VALID_FLAGS[flags[i]] === 0) return false;
  return true;
}

/** Offsets from 0 up to the buffer's end, never decreasing. */
function validOffsets({ bytes, offsets }: UniqueColumn): boolean {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== bytes.length) return false;
  for (let i = 1; i < offsets.length; i++) if (offsets[i] < offsets[i - 1]) return false;
  return true;
}

/** Ids within the table, whose value 0 is the empty "absent". */
function idsInTable({ ids, values }: InternedColumn): boolean {
  if (values[0] !== '') return false;
  const limit = values.length;
  for (let i = 0; i < ids.length; i++) if (ids[i] >= limit) return false;
  return true;
}

/** Record ranges inside the text. */
function validRanges(start: Uint32Array, end: Uint32Array, textSize: number): boolean {
  for (let i = 0; i < start.length; i++) if (start[i] > end[i] || end[i] > textSize) return false;
  return true;
}

function validTransfer({ events, bytesIn, bytesOut }: TransferColumn, count: number): boolean {
  const validBytes = (bytes: number) => Number.isNaN(bytes) || (bytes >= 0 && bytes <= Number.MAX_SAFE_INTEGER);
  for (let k = 0; k < events.length; k++) {
    if (events[k] >= count || (k > 0 && events[k] <= events[k - 1])) return false;
    if (!validBytes(bytesIn[k]) || !validBytes(bytesOut[k])) return false;
  }
  return true;
}

function isConsistent({ index, textSize }: LoadedFile): boolean {
  return (
    validRanges(index.start, index.end, textSize) &&
    validFlags(index.flags) &&
    INTERNED_FIELDS.every((field) => idsInTable(index.interned[field])) &&
    UNIQUE_FIELDS.every((field) => validOffsets(index.unique[field])) &&
    validTransfer(index.transfer, index.count) &&
    index.links.every((link) => link.event < index.count)
  );
}
