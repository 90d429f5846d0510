// Finding a string's id among many: open addressing in one typed array of [hash, id] pairs, for the string tables of a
// load (stringTables.ts) and the store's dictionaries. A Map's lookup reads its bucket, its entry and the key's string
// apart, and in a table of hundreds of thousands of values (principals, access keys, addresses) most of those reads
// miss the processor's caches; here the hash and the id share a slot, and the string is read only when the hash matches.

import { randomInt } from 'node:crypto';

/**
 * Slots a lookup steps over at most before the value goes to the index's Map instead: the hash is seeded per process,
 * but a bound keeps values whose hashes collide (by chance or by a crafted log) from making lookups walk long runs.
 */
const MAX_PROBES = 32;
const FIRST_SLOTS = 1024;
/** The hash's seed: values cannot be chosen to collide without it. Ids do not depend on it (they are given in order). */
const HASH_SEED = randomInt(0x7fff_ffff);

/** A 32-bit hash of the UTF-16 code units of `value` (FNV-1a, then a finalising mix); exported for tests that make values collide. */
export function hashOf(value: string): number {
  let hash = HASH_SEED ^ value.length;
  for (let i = 0; i < value.length; i++) hash = Math.imul(hash ^ value.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  return hash ^ (hash >>> 12);
}

/** The ids of the strings of `values` (id → value, kept by the owner) that were added to it. */
export class StringIndex {
  /**
   * Slot k is [hash, id] at 2k, 2k + 1 (id 0: empty); at most three quarters of the slots are taken. At most half, the
   * store's dictionaries held 11 bytes of every event at a million (300,000 principals); loading was no slower so.
   */
  private slots = new Int32Array(2 * FIRST_SLOTS);
  private mask = FIRST_SLOTS - 1;
  /** Ids in the slots. */
  private placed = 0;
  /** Values whose `maxProbes` slots were all taken when they were placed. */
  private readonly overflow = new Map<string, number>();

  /** `maxProbes`: tests make it 0 or 1, so that values go to the overflow. */
  constructor(
    private readonly values: readonly string[],
    private readonly maxProbes = MAX_PROBES,
  ) {}

  /** The id of `value` (whose hashOf is `hash`), or 0 when it was not added. */
  idOf(value: string, hash: number): number {
    const slots = this.slots;
    const mask = this.mask;
    let at = hash & mask;
    for (let probes = 0; probes < this.maxProbes; probes++) {
      const id = slots[2 * at + 1];
      if (id === 0) break;
      if (slots[2 * at] === hash && this.values[id] === value) return id;
      at = (at + 1) & mask;
    }
    // A value in the overflow may have a free slot in its run now that the slots have grown.
    return this.overflow.size > 0 ? (this.overflow.get(value) ?? 0) : 0;
  }

  /** Adds `id`, of `value` (not added before, whose hashOf is `hash`). */
  add(value: string, hash: number, id: number): void {
    if (!this.place(this.slots, this.mask, hash, id)) this.overflow.set(value, id);
    else if (4 * ++this.placed > 3 * this.mask) this.grow();
  }

  /** Puts [hash, id] in the first free slot of its run; false when none is within `maxProbes`. */
  private place(slots: Int32Array, mask: number, hash: number, id: number): boolean {
    let at = hash & mask;
    for (let probes = 0; probes < this.maxProbes; probes++) {
      if (slots[2 * at + 1] === 0) {
        slots[2 * at] = hash;
        slots[2 * at + 1] = id;
        return true;
      }
      at = (at + 1) & mask;
    }
    return false;
  }

  /** Twice the slots, each value placed again (one that no longer finds a free slot in reach joins the overflow). */
  private grow(): void {
    const old = this.slots;
    const mask = 2 * this.mask + 1;
    const slots = new Int32Array(2 * (mask + 1));
    for (let k = 0; k < old.length; k += 2) {
      const id = old[k + 1];
      if (id === 0 || this.place(slots, mask, old[k], id)) continue;
      this.overflow.set(this.values[id], id);
      this.placed--;
    }
    this.slots = slots;
    this.mask = mask;
  }
}
