// A whole load (every file one loadPaths call found) as one entry of the index cache, and back. Its files' interned
// ids point into string tables the entry holds once, those of the store that held the load: reopening it gives the
// store tables to adopt (Dictionary.adopt) instead of a million per-file values to intern, which was a third of a
// warm reopen of a million events. The entry is its members one after another, each one indexCodec entry with its
// own checksum and checks: first the tables (an entry of no events whose tables are the shared ones), then the copies
// among the load's events (so that reopening it into an empty store need not compare its events again), then the
// files, each under its own key (file and version), so that a reopen of a folder where logs were added or changed
// still takes every file that is as it was.

import * as zlib from 'node:zlib';
import { INTERNED_FIELDS, UNIQUE_FIELDS, type FileIndex, type InternedColumn, type InternedField } from './indexSchema';
import { decodeLoadedFile, decodeLoadedFileSteps, encodeLoadedFileSteps, entryKey, keptStartOf } from './indexCodec';
import { packedAloneEachSteps } from './keptCalls';
import { alignUp, ColumnArena, COLUMN_ALIGNMENT, OWN_COLUMNS_ROWS } from './columnArena';
import type { LoadCopies, LoadedFile } from './loadedFile';
import type { Split } from './arrivingRead';

/** Version of the layout below; a change bumps it, and older entries become misses. */
export const LOAD_SET_CODEC_VERSION = 3;

const MAGIC = 0x53_4c_54_43; // "CTLS" read little-endian
/** Magic, version, member count, 0; then per member its length, then per member where its part apart starts (0: none). */
const HEADER_WORDS = 4;

/** The shared tables as a loaded file of no events, so that indexCodec keeps and checks them like any file's. */
function tablesFile(tables: Record<InternedField, readonly string[]>): LoadedFile {
  const none = new Uint32Array(0);
  const interned = {} as Record<InternedField, InternedColumn>;
  for (const field of INTERNED_FIELDS) interned[field] = { ids: none, values: tables[field] };
  const index: FileIndex = {
    count: 0,
    recordIndex: none,
    start: none,
    end: none,
    eventTime: new Float64Array(0),
    flags: new Uint16Array(0),
    interned,
    unique: Object.fromEntries(
      UNIQUE_FIELDS.map((field) => [field, { bytes: new Uint8Array(0), offsets: new Uint32Array(1) }]),
    ) as FileIndex['unique'],
    keptCalls: [],
    links: [],
    transfer: { events: none, bytesIn: new Float64Array(0), bytesOut: new Float64Array(0) },
  };
  return { file: '', format: null, index, diagnostics: [], size: 0, textSize: 0, gzip: false };
}

/**
 * The entry of a load, as buffers to write one after another (no copy of the whole): `files` in the load's order,
 * their ids into `tables`, and the copies among their events; undefined when a member is too large for the codec.
 * `tablesKey` is what the cache checks the tables against (the load's paths and settings), `keyOf` each file's (its
 * version, as for its own entry).
 */
export function* encodeLoadSet(
  files: readonly LoadedFile[],
  tables: Record<InternedField, readonly string[]>,
  copies: LoadCopies,
  tablesKey: string,
  keyOf: (loaded: LoadedFile, position: number) => string,
): Generator<void, Buffer[] | undefined> {
  const members: Buffer[] = [];
  const tablesEntry = yield* encodeLoadedFileSteps(tablesFile(tables), tablesKey);
  if (tablesEntry === undefined) return undefined;
  members.push(tablesEntry, encodeCopies(copies));
  const calls = yield* packedAloneEachSteps(files.map((loaded) => loaded.index.keptCalls));
  for (const [position, loaded] of files.entries()) {
    yield;
    const entry = yield* encodeLoadedFileSteps(loaded, keyOf(loaded, position), true, calls[position]);
    if (entry === undefined) return undefined;
    members.push(entry);
  }
  // The kept columns of a file the store takes as they are are read apart (apartRanges); a smaller file's rows are
  // copied into the store's groups, and its columns are copied out of the entry, several files to a buffer.
  const apartAt = members.map((member, k) => (k >= 2 && files[k - 2].index.count > OWN_COLUMNS_ROWS ? (keptStartOf(member, true) ?? 0) : 0));
  const header = Buffer.alloc(headerBytes(members.length));
  [MAGIC, LOAD_SET_CODEC_VERSION, members.length, 0, ...members.map((member) => member.length), ...apartAt].forEach((word, k) =>
    header.writeUInt32LE(word, k * 4),
  );
  const parts: Buffer[] = [header];
  for (const member of members) {
    parts.push(member);
    const padding = alignUp(member.length) - member.length;
    if (padding > 0) parts.push(Buffer.alloc(padding));
  }
  return parts;
}

/**
 * A load's entry decoded, before or after it is known which of its files the load wants: each file member's key (its
 * file and version) and the file it holds (undefined when damaged, or left undecoded since no file wanted it), in the
 * entry's order, and the copies among them when their member is whole.
 */
export interface DecodedLoadSet {
  members: { key: string | undefined; loaded: LoadedFile | undefined }[];
  copies: LoadCopies | undefined;
}

/** Bytes of the header of an entry of `memberCount` members. */
const headerBytes = (memberCount: number) => alignUp((HEADER_WORDS + 2 * memberCount) * 4);

/** A member's place in a load's entry: [start, end), and where its part apart starts (0: it has none). */
interface MemberPlace {
  start: number;
  end: number;
  apartAt: number;
}

/**
 * The length of a load entry's header, from its first bytes (at least HEADER_WORDS words); undefined when they are not
 * the start of an entry of this version.
 */
function loadSetHeaderBytes(first: Uint8Array): number | undefined {
  if (first.length < HEADER_WORDS * 4) return undefined;
  const view = new DataView(first.buffer, first.byteOffset, HEADER_WORDS * 4);
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== LOAD_SET_CODEC_VERSION) return undefined;
  const memberCount = view.getUint32(8, true);
  return memberCount < 2 ? undefined : headerBytes(memberCount);
}

/** The members of an entry of `size` bytes whose header `header` holds; undefined when it does not add up. */
function placesOf(header: Uint8Array, size: number): MemberPlace[] | undefined {
  const bytes = loadSetHeaderBytes(header);
  if (bytes === undefined || bytes > size || bytes > header.length) return undefined;
  const view = new DataView(header.buffer, header.byteOffset, bytes);
  const word = (k: number) => view.getUint32(k * 4, true);
  const memberCount = word(2);
  const places: MemberPlace[] = [];
  let at = bytes;
  for (let k = 0; k < memberCount; k++) {
    const length = word(HEADER_WORDS + k);
    const apart = word(HEADER_WORDS + memberCount + k);
    if (at + length > size || (apart !== 0 && (k < 2 || apart % COLUMN_ALIGNMENT !== 0 || apart >= length))) return undefined;
    places.push({ start: at, end: at + length, apartAt: apart === 0 ? 0 : at + apart });
    at = alignUp(at + length);
  }
  return at === size ? places : undefined;
}

/**
 * The byte ranges of an entry of `size` bytes that a reader may read into buffers of their own (decodeLoadSetSteps's
 * `apart`): the kept columns of its larger files, which the store then keeps as they are. `header` holds at least
 * loadSetHeaderBytes of it. None when the header does not add up.
 */
export function apartRanges(header: Uint8Array, size: number): { start: number; end: number }[] {
  return (placesOf(header, size) ?? []).filter(({ apartAt }) => apartAt !== 0).map(({ apartAt, end }) => ({ start: apartAt, end }));
}

/** How a reader splits a load's entry (arrivingRead.ts): its header from its first words, then apartRanges. */
export const LOAD_SET_SPLIT: Split = { first: HEADER_WORDS * 4, headerBytes: loadSetHeaderBytes, ranges: apartRanges };

/**
 * Decodes a load's entry as its bytes arrive: `entry` has the entry's whole length, and its first `filled()` bytes
 * are in. A step that yields a number needs that many bytes: its caller resumes it once they are in, or once they
 * never will be, and the entry is then undefined. `apart` gives the buffer a range of apartRanges was read into (the
 * entry's own bytes there are then never read, nor any past them in that member), or undefined when it was read into
 * the entry. A member is decoded when `wants` its key (all of them while the load's versions are not known yet: the
 * entry is read and decoded while the folder is walked). Undefined when the entry is not one of this version, its
 * tables were written for another key, or its layout or tables are damaged; a damaged file member is left out. A step
 * per member (runInSlices keeps an extension host answering meanwhile). Never throws.
 */
export function* decodeLoadSetSteps(
  entry: Uint8Array,
  filled: () => number,
  tablesKey: string,
  wants: (memberKey: string) => boolean,
  apart: (start: number) => Uint8Array | undefined = () => undefined,
): Generator<number | void, DecodedLoadSet | undefined> {
  const arrived = function* (end: number): Generator<number, boolean> {
    if (filled() < end) yield end;
    return filled() >= end;
  };
  if (entry.length < HEADER_WORDS * 4 || !(yield* arrived(HEADER_WORDS * 4))) return undefined;
  const header = loadSetHeaderBytes(entry);
  if (header === undefined || header > entry.length || !(yield* arrived(header))) return undefined;
  const places = placesOf(entry.subarray(0, header), entry.length);
  if (places === undefined || !(yield* arrived(places[1].end))) return undefined;
  const member = ({ start, end }: MemberPlace) => entry.subarray(start, end);
  const tables = yield* decodeLoadedFileSteps(member(places[0]), tablesKey);
  if (tables === undefined || tables.index.count !== 0) return undefined;
  const shared = INTERNED_FIELDS.map((field) => tables.index.interned[field].values);
  const decoded: DecodedLoadSet = { members: [], copies: decodeCopies(member(places[1])) };
  const arena = new ColumnArena();
  for (const place of places.slice(2)) {
    if (!(yield* arrived(place.end))) return undefined;
    yield;
    const kept = place.apartAt === 0 ? undefined : apart(place.apartAt);
    // A part read apart is not in the entry's buffer: the member there is only what comes before it.
    const bytes = kept === undefined ? member(place) : entry.subarray(place.start, place.apartAt);
    const key = entryKey(bytes);
    decoded.members.push({ key, loaded: key !== undefined && wants(key) ? decodeLoadedFile(bytes, key, shared, arena, kept) : undefined });
  }
  return decoded;
}

/**
 * The files of a decoded entry in the version wanted now: `positionOf` gives, for a member's key, the file's position
 * in the load now, or -1 when that file or version is not wanted (changed, gone). The decoded file at each position
 * found and nothing elsewhere, and the copies when the load is in the entry's order.
 */
export function filesOfLoadSet(
  decoded: DecodedLoadSet,
  positionOf: (memberKey: string) => number,
): { files: (LoadedFile | undefined)[]; copies?: LoadCopies } {
  const found: (LoadedFile | undefined)[] = [];
  // The copies number the events across the files in the entry's order: they hold only if the load is in that order.
  let inOrder = true;
  for (const [k, { key, loaded }] of decoded.members.entries()) {
    const position = key === undefined ? -1 : positionOf(key);
    inOrder &&= position === k;
    if (position >= 0 && found[position] === undefined) found[position] = loaded;
  }
  return { files: found, copies: inOrder ? decoded.copies : undefined };
}

/** Copies as 32-bit words: a CRC-32 of the rest, the group count, the member count, the group starts, the members. */
function encodeCopies({ starts, members }: LoadCopies): Buffer {
  const words = new Uint32Array(3 + starts.length + members.length);
  words[1] = starts.length - 1;
  words[2] = members.length;
  words.set(starts, 3);
  words.set(members, 3 + starts.length);
  const bytes = Buffer.from(words.buffer);
  words[0] = zlib.crc32(bytes.subarray(4));
  return bytes;
}

/** The copies a member holds; undefined when it is damaged (the store then compares the events itself). */
function decodeCopies(member: Uint8Array): LoadCopies | undefined {
  if (member.length < 12 || member.length % 4 !== 0) return undefined;
  const view = new DataView(member.buffer, member.byteOffset, member.length);
  const groupCount = view.getUint32(4, true);
  const memberCount = view.getUint32(8, true);
  if (member.length !== 4 * (4 + groupCount + memberCount)) return undefined;
  if (zlib.crc32(member.subarray(4)) >>> 0 !== view.getUint32(0, true)) return undefined;
  const words = new Uint32Array(member.buffer.slice(member.byteOffset + 12, member.byteOffset + member.length));
  return { starts: words.subarray(0, groupCount + 1), members: words.subarray(groupCount + 1) };
}
