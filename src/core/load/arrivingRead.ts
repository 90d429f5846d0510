// A file read a few megabytes at a time into memory its reader may use as the bytes arrive (a whole load's entry of
// the index cache, decoded while it is read: indexCache.ts), some of its ranges each into a buffer apart, the rest
// into one buffer of the file's size.

import { open } from 'node:fs/promises';
import { alignUp } from './columnArena';

/** A file's bytes as they arrive: `bytes` has the file's size, and its first `filled` bytes are read. */
export interface ArrivingBytes {
  readonly bytes: Buffer;
  readonly filled: number;
  /** Why the read stopped short, if it failed. */
  readonly failure: unknown;
  /** Resolves once the first `end` bytes are in, or once the read has stopped short of them (a read error, a file cut). */
  until(end: number): Promise<void>;
  /** The buffer of its own that the range of the split starting at `start` was read into (its bytes in `bytes` are not read). */
  apart(start: number): Buffer | undefined;
}

/**
 * Which ranges of a file to read into buffers of their own: `headerBytes` tells from the file's first `first` bytes how
 * many make its header (undefined: none, nothing is read apart), and `ranges` the ranges from the header.
 */
export interface Split {
  first: number;
  headerBytes(first: Uint8Array): number | undefined;
  ranges(header: Uint8Array, size: number): readonly { start: number; end: number }[];
}

/** Bytes of a whole load's entry read at a time: the decoding of the members already in goes on meanwhile. */
const ARRIVAL_BYTES = 4 << 20;

/** Bytes of the buffers that hold the ranges read apart, several ranges to a buffer. */
const SLAB_BYTES = 4 << 20;
const rangeBytes = ({ start, end }: { start: number; end: number }) => end - start;

/** Buffers filled by one readv call at most (Linux's IOV_MAX is 1024). */
const MOST_BUFFERS_PER_READ = 512;

/** Bytes [from, to) of a file, to be read into the shared buffer, or into the buffer of its own of `range`. */
interface ReadPiece {
  from: number;
  to: number;
  range?: { start: number; end: number };
}

/** Consecutive pieces of a file, read by one readv call. */
interface ReadGroup {
  position: number;
  end: number;
  pieces: ReadPiece[];
}

/** [from, size) of a file as reads of about ARRIVAL_BYTES each, the bytes of each of `ranges` apart from the rest. */
function readGroups(from: number, size: number, ranges: readonly { start: number; end: number }[]): ReadGroup[] {
  const groups: ReadGroup[] = [];
  let group: ReadGroup = { position: from, end: from, pieces: [] };
  const add = (start: number, end: number, range?: { start: number; end: number }) => {
    for (let at = start; at < end;) {
      if (group.end - group.position >= ARRIVAL_BYTES || group.pieces.length === MOST_BUFFERS_PER_READ) {
        groups.push(group);
        group = { position: group.end, end: group.end, pieces: [] };
      }
      const to = Math.min(end, at + ARRIVAL_BYTES - (group.end - group.position));
      group.pieces.push({ from: at, to, range });
      group.end = to;
      at = to;
    }
  };
  let at = from;
  for (const range of ranges) {
    add(at, range.start);
    add(range.start, range.end, range);
    at = range.end;
  }
  add(at, size);
  if (group.pieces.length > 0) groups.push(group);
  return groups;
}

/** Of `ranges`, those that lie in [from, size), each past the one before (the others are read as the rest is). */
function inOrder(ranges: readonly { start: number; end: number }[], from: number, size: number): { start: number; end: number }[] {
  const kept: { start: number; end: number }[] = [];
  let at = from;
  for (const range of ranges)
    if (range.start >= at && range.end > range.start && range.end <= size) {
      kept.push(range);
      at = range.end;
    }
  return kept;
}

/**
 * Reads `file` ARRIVAL_BYTES at a time into one buffer of its size, whose caller may use what is in meanwhile
 * (readFile would read in 512 KB chunks, a round trip to the thread pool each); the ranges `split` names go each into
 * a buffer of its own, in the same reads (readv), which saves copying them out later (a fresh page costs 12 µs on a
 * small virtual machine, and each page of the shared buffer would be touched twice: read, then copied).
 */
export async function readArriving(file: string, split?: Split): Promise<ArrivingBytes> {
  const handle = await open(file, 'r');
  const size = await handle.stat().then(
    (info) => info.size,
    async (error: unknown) => {
      await handle.close();
      throw error;
    },
  );
  // Not zero-filled first: bytes past `filled`, and those of a range read apart, are never read (decodeLoadSetSteps
  // waits for them, and takes a range apart from `apart`). Pages never written are never touched.
  const bytes = Buffer.allocUnsafeSlow(size);
  const own = new Map<number, Buffer>();
  let filled = 0;
  let ended = false;
  let failure: unknown;
  const waiting = new Set<{ end: number; resolve: () => void }>();
  const settle = () => {
    for (const waiter of waiting)
      if (ended || waiter.end <= filled) {
        waiting.delete(waiter);
        waiter.resolve();
      }
  };
  let ranges: readonly { start: number; end: number }[] = [];
  /** The first of `ranges` that has no buffer yet. */
  let nextRange = 0;
  /**
   * Makes the buffers of the next ranges, as views of one slab of up to SLAB_BYTES (each on an 8-byte boundary, so that
   * a Float64Array can view it), when the first piece of one is read: 200 buffers of their own, made at once, held an
   * extension host 54 ms, the garbage collection that followed as long, and one made as its range was read still cost
   * 150-400 µs each (30-82 ms in all). A slab lives while a file whose columns it holds does.
   */
  const makeSlab = () => {
    let last = nextRange;
    let slabBytes = 0;
    while (last < ranges.length && (last === nextRange || alignUp(slabBytes) + rangeBytes(ranges[last]) <= SLAB_BYTES))
      slabBytes = alignUp(slabBytes) + rangeBytes(ranges[last++]);
    const slab = Buffer.allocUnsafeSlow(slabBytes);
    let at = 0;
    for (; nextRange < last; nextRange++) {
      at = alignUp(at);
      own.set(ranges[nextRange].start, slab.subarray(at, (at += rangeBytes(ranges[nextRange]))));
    }
  };
  /** Reads the group whole; false when the file ends first. */
  const readGroup = async ({ position, pieces }: ReadGroup) => {
    const buffers = pieces.map(({ from, to, range }) => {
      if (range === undefined) return bytes.subarray(from, to);
      if (!own.has(range.start)) makeSlab();
      return (own.get(range.start) as Buffer).subarray(from - range.start, to - range.start);
    });
    while (buffers.length > 0) {
      const { bytesRead } = await handle.readv(buffers, position);
      if (bytesRead === 0) return false;
      position += bytesRead;
      let read = bytesRead;
      while (buffers.length > 0 && read >= buffers[0].length) read -= buffers.shift()?.length ?? 0;
      if (read > 0) buffers[0] = buffers[0].subarray(read);
    }
    return true;
  };
  const readOn = async (groups: readonly ReadGroup[]) => {
    for (const group of groups) {
      if (!(await readGroup(group))) return false;
      filled = group.end;
      settle();
    }
    return true;
  };
  void (async () => {
    try {
      if (split !== undefined && (await readOn(readGroups(0, Math.min(split.first, size), [])))) {
        const header = split.headerBytes(bytes.subarray(0, filled));
        if (header !== undefined && header <= size && (await readOn(readGroups(filled, header, []))))
          ranges = inOrder(split.ranges(bytes.subarray(0, header), size), filled, size);
      }
      await readOn(readGroups(filled, size, ranges));
    } catch (error) {
      failure = error;
    } finally {
      ended = true;
      settle();
      await handle.close().catch(() => undefined);
    }
  })();
  return {
    bytes,
    get filled() {
      return filled;
    },
    get failure() {
      return failure;
    },
    until: (end) =>
      ended || end <= filled
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiting.add({ end, resolve });
          }),
    apart: (start) => {
      const buffer = own.get(start);
      return buffer !== undefined && start + buffer.length <= filled ? buffer : undefined;
    },
  };
}
