// The elements of a log's records array found by the WebAssembly scanner (wasm/recordScan.c: 0.4–0.5 ns a byte
// against 1.8–3.8 for jsonBytes.ts's loop, 2026-11-30). The text goes through a small window of the module's memory
// a chunk at a time, so a thread holds the same 448 KB whatever the size of the file. When the scanner cannot vouch
// for an array (or WebAssembly's SIMD is not there), it says so and the JavaScript scanner reads the array.

import { RECORD_SCAN_WASM } from './recordScanWasm';
import { compiledOnce } from './wasmModule';

interface ScannerExports {
  memory: WebAssembly.Memory;
  __heap_base: WebAssembly.Global;
  scan_start(): void;
  scan_chunk(chunk: number, length: number, base: number, out: number): number;
  scan_found(): number;
  scan_array_end(): number;
}

const DONE = 0;
const NEED_MORE = 1;

/** Bytes handed to the scanner per call: a multiple of its 64-byte blocks. */
const DEFAULT_CHUNK_BYTES = 64 * 1024;

/** Offsets are 32-bit in the module. */
const LARGEST_TEXT = 0xffff_ffff;

const BLOCK = 64;
const WASM_PAGE = 65536;
const SPACE = 0x20;

const scannerModule = compiledOnce(RECORD_SCAN_WASM);

/** One instance of the scanner with its window; one array at a time. */
export class ElementScanner {
  private readonly chunkAt: number;
  private readonly outAt: number;
  private readonly window: Uint8Array;
  private readonly out: Uint32Array;

  private constructor(
    private readonly scanner: ScannerExports,
    private readonly chunkBytes: number,
  ) {
    const heapBase = scanner.__heap_base.value as number;
    this.chunkAt = Math.ceil(heapBase / BLOCK) * BLOCK;
    this.outAt = this.chunkAt + chunkBytes;
    // A chunk ends at most one element per two bytes, plus one begun before it.
    const outPairs = chunkBytes / 2 + 1;
    const needed = this.outAt + outPairs * 8;
    const { memory } = scanner;
    if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / WASM_PAGE));
    this.window = new Uint8Array(memory.buffer, this.chunkAt, chunkBytes);
    this.out = new Uint32Array(memory.buffer, this.outAt, outPairs * 2);
  }

  /** A scanner, or null where WebAssembly with SIMD cannot run. `chunkBytes` (a multiple of 64) is for tests. */
  static create(chunkBytes = DEFAULT_CHUNK_BYTES): ElementScanner | null {
    const module = scannerModule();
    if (module === null || chunkBytes <= 0 || chunkBytes % BLOCK !== 0) return null;
    try {
      return new ElementScanner(new WebAssembly.Instance(module, {}).exports as unknown as ScannerExports, chunkBytes);
    } catch {
      // No memory for the instance or its window: a load must not fail for want of the faster scanner.
      return null;
    }
  }

  /**
   * Pushes the [start, end) of each element of the array whose '[' is at `arrayStart` and returns the offset past
   * its ']'; or returns -1, with `starts` and `ends` as they were, when the array is not plainly a list of objects
   * or arrays, so that the JavaScript scanner reads it and reports what is wrong.
   */
  elements(bytes: Uint8Array, arrayStart: number, starts: number[], ends: number[]): number {
    if (bytes.length > LARGEST_TEXT) return -1;
    const kept = starts.length;
    const { scanner, window, out, chunkBytes } = this;
    scanner.scan_start();
    for (let from = arrayStart + 1; from < bytes.length; from += chunkBytes) {
      const length = Math.min(chunkBytes, bytes.length - from);
      window.set(bytes.subarray(from, from + length));
      if (length % BLOCK !== 0) window.fill(SPACE, length, Math.ceil(length / BLOCK) * BLOCK);
      const status = scanner.scan_chunk(this.chunkAt, length, from, this.outAt);
      const pairs = 2 * scanner.scan_found();
      for (let i = 0; i < pairs; i += 2) {
        starts.push(out[i]);
        ends.push(out[i + 1]);
      }
      if (status === DONE) return scanner.scan_array_end();
      if (status !== NEED_MORE) break;
    }
    starts.length = kept;
    ends.length = kept;
    return -1;
  }
}

let shared: ElementScanner | null | undefined;

/** The thread's scanner (created on first use), or null where WebAssembly with SIMD cannot run. */
export function elementScanner(): ElementScanner | null {
  if (shared === undefined) shared = ElementScanner.create();
  return shared;
}
