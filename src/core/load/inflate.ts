// Bounded gunzip. Files that fit in memory compressed are inflated in one pass into one buffer (inflateInMemory);
// what that cannot finish (cut short, damaged) is inflated as a stream in two passes: the first only counts the
// inflated bytes (nothing kept), so a gzip bomb stops as soon as it passes the bound having cost no memory; the
// second writes the text into one buffer of the size counted, never collecting chunks and joining them. A small file
// that did not end well is then searched for all of its text before the damage (recovered). Multi-member gzip
// (RFC 1952 §2.2, https://www.rfc-editor.org/rfc/rfc1952) is inflated member after member by zlib.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { gunzipToScratch } from './gunzipScratch';

/**
 * How inflating ended: the whole stream; cut short (the data ends inside a member: what came before is kept);
 * over the bound (the bytes hold a prefix of the text, up to the bound); or damaged (what came before the damage is kept).
 */
export type InflateEnd = 'complete' | 'truncated' | 'over-bound' | 'invalid';

export interface Inflated {
  bytes: Buffer;
  end: InflateEnd;
  /** zlib's reason when the end is `invalid`. */
  reason?: string;
  /**
   * With end `complete`: where the gzip data ended in a file that goes on with bytes that are not gzip (ignored, as
   * `gzip -d` ignores trailing garbage; zlib itself skips only trailing zeros).
   */
  trailingFrom?: number;
}

/** Compressed bytes fed to zlib per step, the same for files and for bytes in memory so both inflate alike. */
export const COMPRESSED_CHUNK_BYTES = 64 * 1024;
const INFLATED_CHUNK_BYTES = 256 * 1024;

/** Splits bytes in memory into the chunks a file stream would deliver. */
export function chunksOf(bytes: Uint8Array): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += COMPRESSED_CHUNK_BYTES) yield bytes.subarray(at, at + COMPRESSED_CHUNK_BYTES);
    })(),
  );
}

/** Inflates a gzip stream, handing each inflated chunk to `take`; `take` returns false to stop (over the bound). */
async function inflateEach(compressed: Readable, take: (chunk: Buffer) => boolean): Promise<Omit<Inflated, 'bytes'>> {
  let stopped = false;
  try {
    await pipeline(compressed, createGunzip({ chunkSize: INFLATED_CHUNK_BYTES }), async (inflated: AsyncIterable<Buffer>) => {
      for await (const chunk of inflated) {
        if (take(chunk)) continue;
        stopped = true;
        throw new Error('over the bound');
      }
    });
    return { end: 'complete' };
  } catch (error) {
    if (stopped) return { end: 'over-bound' };
    if ((error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') return { end: 'truncated' };
    return { end: 'invalid', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The first `maxBytes` bytes of a gzip stream's text, for sniffing; the rest is not inflated. */
export async function inflateHead(compressed: Readable, maxBytes: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafe(maxBytes);
  let length = 0;
  await inflateEach(compressed, (chunk) => {
    length += chunk.copy(buffer, length);
    return length < maxBytes;
  });
  return buffer.subarray(0, length);
}

/**
 * One-pass inflate of a whole gzip file in memory, the fast path for well-formed files: zlib writes into one buffer
 * of the size the trailer declares (ISIZE, RFC 1952 §2.3.1: the size mod 2^32 of the last member), so the text is
 * neither inflated twice nor joined from chunks. The declared size is also the limit: a file whose text is larger
 * (a crafted trailer, several members, over 4 GiB) or over the bound costs at most that one buffer and is left to
 * inflateBounded, like a file cut short or damaged, which then says where and keeps what came before. Undefined
 * whenever this path cannot give the whole text.
 */
export function inflateInMemory(raw: Uint8Array, bound: number): Inflated | undefined {
  if (raw.length < 18) return undefined;
  const declared = Buffer.from(raw.buffer, raw.byteOffset, raw.length).readUInt32LE(raw.length - 4);
  if (declared === 0 || declared > bound) return undefined;
  try {
    return { bytes: gunzipSync(raw, { maxOutputLength: declared, chunkSize: declared + 1 }), end: 'complete' };
  } catch {
    return undefined;
  }
}

/**
 * Inflates a gzip stream (opened once per pass by `open`) into its text, or stops with `over-bound` as soon as the
 * text passes `bound` bytes. Never rejects for bad data.
 */
export async function inflateBounded(open: () => Readable, bound: number): Promise<Inflated> {
  let size = 0;
  const counted = await inflateEach(open(), (chunk) => (size += chunk.length) <= bound);
  if (counted.end === 'over-bound') return { bytes: Buffer.alloc(0), ...counted };
  const buffer = Buffer.allocUnsafe(size);
  let length = 0;
  let grew = false;
  const written = await inflateEach(open(), (chunk) => {
    grew = chunk.length > size - length;
    if (!grew) length += chunk.copy(buffer, length);
    return !grew;
  });
  const bytes = buffer.subarray(0, length);
  return grew ? { bytes, end: 'invalid', reason: 'the file changed while it was read' } : { bytes, ...written };
}

/** Compressed files up to this size, whose damaged text is up to RECOVERY_MAX_TEXT_BYTES, are searched by recovered. */
const RECOVERY_MAX_BYTES = 2 * 1024 * 1024;
const RECOVERY_MAX_TEXT_BYTES = 32 * 1024 * 1024;
/**
 * How far past the end of the gzip data the longest prefix that inflates can reach: zlib waits for a next member's
 * 10-byte header (RFC 1952 §2.3) before it can tell that trailing bytes are not one.
 */
const HEADER_BYTES = 10;

/** A member's trailer: CRC-32 and length of its text (RFC 1952 §2.3.1). */
const TRAILER_BYTES = 8;
/** The least a gzip member takes: its header, an empty deflate block and its trailer. */
const MEMBER_MIN_BYTES = 18;
/**
 * zlib's reasons when a gzip member inflates to its end but its trailer disagrees with the text: the damage is
 * somewhere in the text, not at the point where inflating stopped.
 */
export const CHECK_FAILURES: ReadonlySet<string> = new Set(['incorrect data check', 'incorrect length check']);

/** The text of the first `length` bytes of `raw`, inflated to a member's end (FINISH) or as far as they go; null on an error. */
function inflatedPrefix(raw: Uint8Array, length: number, bound: number, flush: number): Buffer | null {
  try {
    return gunzipSync(raw.subarray(0, length), { finishFlush: flush, maxOutputLength: bound });
  } catch {
    return null;
  }
}

/**
 * The whole text when the gzip data ends at most HEADER_BYTES before `limit` and the bytes after it are not gzip. An end
 * is tried only where the 4 bytes before it, the last member's length (ISIZE), are no more than the text found.
 */
function endedBefore(raw: Uint8Array, limit: number, textLength: number, bound: number): Inflated | undefined {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.length);
  for (let end = Math.min(limit, raw.length - 1); end >= Math.max(MEMBER_MIN_BYTES, limit - HEADER_BYTES); end--) {
    if (raw[end] === 0x1f || bytes.readUInt32LE(end - 4) > textLength) continue;
    const whole = inflatedPrefix(raw, end, bound, constants.Z_FINISH);
    if (whole !== null) return { bytes: whole, end: 'complete', trailingFrom: end };
  }
  return undefined;
}

/**
 * A damaged file's text up to the exact point of the damage: the streaming pass loses the chunk of text it was filling
 * when zlib failed (up to 256 KB, so a small log's whole text), and it calls a complete gzip followed by bytes that are
 * not gzip damaged (or cut short, when they are too few to be a header). The longest prefix of the compressed bytes
 * that inflates without an error is found by bisection (inflating a prefix can only fail once it holds the damage),
 * then whether the gzip data ended just before the bytes that broke it. That costs up to 22 inflations of a prefix, so
 * only files up to 2 MB are searched (a log as CloudTrail delivers it is most often a few kilobytes, its text then lost
 * whole); larger ones keep what the streaming pass kept.
 */
function recovered(raw: Uint8Array, bound: number, failed: Inflated): Inflated {
  if (raw.length > RECOVERY_MAX_BYTES || failed.bytes.length > RECOVERY_MAX_TEXT_BYTES) return failed;
  if (failed.end === 'truncated') return endedBefore(raw, raw.length, failed.bytes.length, bound) ?? failed;
  if (CHECK_FAILURES.has(failed.reason ?? '')) {
    // The last member inflated to its end but for its trailer: all of the text, unchecked, in one pass.
    const unchecked = inflatedPrefix(raw, raw.length - TRAILER_BYTES, bound, constants.Z_SYNC_FLUSH);
    if (unchecked !== null && unchecked.length >= failed.bytes.length) return { ...failed, bytes: unchecked };
  }
  let good = 0;
  let text = failed.bytes;
  let bad = raw.length + 1;
  while (bad - good > 1) {
    const middle = Math.floor((good + bad) / 2);
    const prefix = inflatedPrefix(raw, middle, bound, constants.Z_SYNC_FLUSH);
    if (prefix === null) bad = middle;
    else [good, text] = [middle, prefix];
  }
  if (text.length < failed.bytes.length) return failed;
  return endedBefore(raw, good, text.length, bound) ?? { ...failed, bytes: text };
}

/**
 * A whole gzip file in memory inflated: in one pass when it is well formed (into the thread's scratch memory when the
 * text is `transient`, see gunzipToScratch; else inflateInMemory), else by the bounded stream, and a small file that
 * did not end well then searched for all the text before its damage (recovered).
 */
export async function inflateWhole(raw: Uint8Array, bound: number, transient = false): Promise<Inflated> {
  const scratch = transient ? gunzipToScratch(raw, bound) : undefined;
  if (scratch !== undefined) return { bytes: scratch, end: 'complete' };
  const inflated = inflateInMemory(raw, bound) ?? (await inflateBounded(() => chunksOf(raw), bound));
  return inflated.end === 'invalid' || inflated.end === 'truncated' ? recovered(raw, bound, inflated) : inflated;
}
