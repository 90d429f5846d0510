// Bounded gunzip. Files that fit in memory compressed are inflated in one pass into one buffer (inflateInMemory);
// what that cannot finish (cut short, damaged) is inflated as a stream in two passes: the first only counts the
// inflated bytes (nothing kept), so a gzip bomb stops as soon as it passes the bound having cost no memory; the
// second writes the text into one buffer of the size counted, never collecting chunks and joining them. Multi-member gzip (RFC 1952 §2.2, https://www.rfc-editor.org/rfc/rfc1952) is inflated member after
// member by zlib.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, gunzipSync } from 'node:zlib';

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
