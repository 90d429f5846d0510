// A whole gzip file inflated into memory this thread keeps from file to file (wasm/gunzip.c, libdeflate's inflater):
// the text of each file Node's zlib inflates is a fresh buffer, whose pages fault in one at a time, and on this
// project's test machines a fault costs 8–14 µs (one-thread ctlens stats on a million events: 66 % of its 119,000 page
// faults were zlib writing text). The text given back lives only until the next file is inflated on the same thread,
// so only a reader that is done with it before then asks for it (decodeInput.ts's `transient`).

import { crc32 } from 'node:zlib';
import { GUNZIP_WASM } from './gunzipWasm';
import { compiledOnce } from './wasmModule';

interface GunzipExports {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  gunzip(input: number, size: number, output: number, room: number): number;
}

/**
 * Most memory a thread keeps for this (compressed file and text together): a delivered log is a few megabytes, and a
 * larger file is inflated by zlib into a buffer of its own, which goes with it.
 */
const SCRATCH_MAX_BYTES = 64 * 1024 * 1024;
const WASM_PAGE = 65536;
const ALIGN = 16;
/** A gzip member's trailer: CRC-32 and length of its text (RFC 1952 §2.3.1). */
const TRAILER_BYTES = 8;

const gunzipModule = compiledOnce(GUNZIP_WASM);
let instance: GunzipExports | null | undefined;

function inflater(): GunzipExports | null {
  if (instance === undefined) {
    const module = gunzipModule();
    try {
      instance = module === null ? null : (new WebAssembly.Instance(module, {}).exports as unknown as GunzipExports);
    } catch {
      // No memory for an instance: zlib inflates every file.
      instance = null;
    }
  }
  return instance;
}

const aligned = (offset: number) => Math.ceil(offset / ALIGN) * ALIGN;

/**
 * The text of `raw`, a gzip file of one member, inflated into this thread's scratch memory: a view valid until the next
 * call on this thread, to be read and let go of before anything else can inflate. Undefined whenever this path cannot
 * vouch for the whole text: the text over `bound` or too large to keep, several members or bytes after the member,
 * damaged deflate data, a length or CRC-32 that the trailer does not confirm. The caller then inflates with zlib,
 * which says what is wrong.
 */
export function gunzipToScratch(raw: Uint8Array, bound: number): Buffer | undefined {
  if (raw.length < TRAILER_BYTES) return undefined;
  const trailer = Buffer.from(raw.buffer, raw.byteOffset + raw.length - TRAILER_BYTES, TRAILER_BYTES);
  const declared = trailer.readUInt32LE(4);
  const gunzip = inflater();
  if (gunzip === null || declared === 0 || declared > bound) return undefined;
  const inputAt = aligned(gunzip.__heap_base.value as number);
  const outputAt = aligned(inputAt + raw.length);
  const needed = outputAt + declared;
  if (needed > SCRATCH_MAX_BYTES) return undefined;
  const { memory } = gunzip;
  try {
    if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / WASM_PAGE));
  } catch {
    return undefined;
  }
  new Uint8Array(memory.buffer, inputAt, raw.length).set(raw);
  const length = gunzip.gunzip(inputAt, raw.length, outputAt, declared);
  if (length !== declared) return undefined;
  const text = Buffer.from(memory.buffer, outputAt, length);
  return crc32(text) === trailer.readUInt32LE(0) ? text : undefined;
}
