// SHA-256 of a file's inflated bytes, streamed: CloudTrail hashes log files after gunzip
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html), and a
// log may be larger than memory. Gzip is recognised by its magic bytes (RFC 1952, https://www.rfc-editor.org/rfc/rfc1952),
// so a copy saved already inflated hashes the same as the original.

import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

const GZIP_MAGIC = [0x1f, 0x8b];
const READ_CHUNK_BYTES = 256 * 1024;

export type InflatedHash =
  | { ok: true; sha256: string; gzip: boolean; compressedBytes: number; inflatedBytes: number }
  /** `io`: the file cannot be read; `gzip`: the gzip data is damaged or cut short. */
  | { ok: false; failure: 'io' | 'gzip'; reason: string; compressedBytes: number };

function isZlibError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && code.startsWith('Z_');
}

/** Hashes `file` inflated (or as is when it is not gzip). Rejects only when `signal` aborts. */
export async function hashInflated(file: string, signal?: AbortSignal, onBytes?: (compressed: number) => void): Promise<InflatedHash> {
  let compressedBytes = 0;
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    return { ok: false, failure: 'io', reason: (error as Error).message, compressedBytes };
  }
  try {
    const head = Buffer.alloc(GZIP_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    const gzip = bytesRead === GZIP_MAGIC.length && GZIP_MAGIC.every((byte, at) => head[at] === byte);
    const hash = createHash('sha256');
    let inflatedBytes = 0;
    const source = handle.createReadStream({ start: 0, highWaterMark: READ_CHUNK_BYTES, autoClose: false });
    source.on('data', (chunk: Buffer | string) => {
      compressedBytes += chunk.length;
      onBytes?.(chunk.length);
    });
    const sink = async (chunks: AsyncIterable<Buffer>) => {
      for await (const chunk of chunks) {
        hash.update(chunk);
        inflatedBytes += chunk.length;
      }
    };
    if (gzip) await pipeline(source, createGunzip({ chunkSize: READ_CHUNK_BYTES }), sink, { signal });
    else await pipeline(source, sink, { signal });
    return { ok: true, sha256: hash.digest('hex'), gzip, compressedBytes, inflatedBytes };
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    const failure = isZlibError(error) ? 'gzip' : 'io';
    return { ok: false, failure, reason: (error as Error).message, compressedBytes };
  } finally {
    await handle.close();
  }
}
