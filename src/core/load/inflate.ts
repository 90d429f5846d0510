// Bounded streaming gunzip. The inflated text goes straight into one buffer sized up front and is never collected
// in chunks and joined, so a file costs at most its bound in memory, and a gzip bomb stops as soon as it passes the
// bound instead of after exhausting memory. Multi-member gzip (RFC 1952 §2.2, https://www.rfc-editor.org/rfc/rfc1952)
// is inflated member after member by zlib.

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

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
/** Deflate cannot expand data more than about 1032:1 (https://zlib.net/zlib_tech.html), so a larger ISIZE lies. */
const MAX_DEFLATE_RATIO = 1032;

/**
 * Bytes to reserve for the inflated text: the gzip trailer's ISIZE (size of the last member mod 2^32) when it is
 * plausible for the compressed size, else the bound. Pages of a reservation are only committed once written,
 * so reserving the bound does not cost the bound.
 */
export function reservedBytes(compressedSize: number, trailerSize: number | undefined, bound: number): number {
  const plausible = trailerSize !== undefined && trailerSize > 0 && trailerSize <= compressedSize * MAX_DEFLATE_RATIO;
  return Math.max(1, Math.min(bound, plausible ? trailerSize : bound));
}

/** Splits bytes in memory into the chunks a file stream would deliver. */
export function chunksOf(bytes: Uint8Array): Readable {
  return Readable.from(
    (function* () {
      for (let at = 0; at < bytes.length; at += COMPRESSED_CHUNK_BYTES) yield bytes.subarray(at, at + COMPRESSED_CHUNK_BYTES);
    })(),
  );
}

/** Inflates a gzip stream into at most `bound` bytes, reserving `reserve` bytes first. Never rejects for bad data. */
export async function inflateBounded(compressed: Readable, bound: number, reserve: number): Promise<Inflated> {
  let buffer: Buffer = Buffer.allocUnsafe(Math.min(reserve, bound));
  let length = 0;
  let overBound = false;
  const append = (chunk: Buffer) => {
    const room = bound - length;
    if (chunk.length > room) {
      length += chunk.copy(buffer, length, 0, Math.min(room, buffer.length - length));
      overBound = true;
      throw new Error('over the bound');
    }
    if (length + chunk.length > buffer.length) buffer = grow(buffer, length, Math.min(bound, Math.max(2 * buffer.length, length + chunk.length)));
    chunk.copy(buffer, length);
    length += chunk.length;
  };
  let end: InflateEnd = 'complete';
  let reason: string | undefined;
  try {
    await pipeline(compressed, createGunzip({ chunkSize: INFLATED_CHUNK_BYTES }), async (inflated: AsyncIterable<Buffer>) => {
      for await (const chunk of inflated) append(chunk);
    });
  } catch (error) {
    if (overBound) end = 'over-bound';
    else if ((error as NodeJS.ErrnoException).code === 'Z_BUF_ERROR') end = 'truncated';
    else {
      end = 'invalid';
      reason = error instanceof Error ? error.message : String(error);
    }
  }
  return { bytes: fitted(buffer, length), end, reason };
}

function grow(buffer: Buffer, used: number, size: number): Buffer {
  if (size <= buffer.length) return buffer;
  const larger = Buffer.allocUnsafe(size);
  buffer.copy(larger, 0, 0, used);
  return larger;
}

/** The used part; copied out when most of the reservation went unused, so a small text does not pin a large one. */
function fitted(buffer: Buffer, used: number): Buffer {
  return used < buffer.length / 2 ? Buffer.from(buffer.subarray(0, used)) : buffer.subarray(0, used);
}
