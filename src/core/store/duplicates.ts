// Duplicate deliveries: the same event delivered more than once (two trails writing to the same bucket, a log copied
// twice, an organization trail beside an account trail). A copy is a record with the same eventID and the same
// recipientAccountId; the copies CloudTrail sends to *other* accounts (the requester's and the bucket owner's of a
// cross-account S3 request) share `sharedEventID` but have their own eventID, so they are distinct events here.
// A copy must also agree on eventName and eventTime, which every real delivery does: records that reuse an eventID
// for another call (edited samples, or a forged record) are never folded into an event they are not, where a
// count that shows each event once would hide them.
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html
// (eventID: the GUID CloudTrail gives each event; sharedEventID: a GUID common to the copies of one action delivered
// to several accounts, absent when only one account receives it).
//
// Memory: only the records that have copies are listed here (12 B each, and 4 B per group). A load hashes its events'
// keys as its files join (Segment.keyHash, dropped once it has joined) and compares the loaded ones by hashing theirs
// again, in steps (planCopies) that the extension spreads over turns of the event loop.

import type { LoadCopies } from '../load/loadedFile';
import type { Segment } from './segment';
import { runToEnd, sortSteps, zeroedSteps } from './steps';
import { keyHashes } from './duplicateKey';

/** Where one copy of an event is: its store id, its file and its record's index in that file. */
export interface CopyLocation {
  id: number;
  file: string;
  recordIndex: number;
}

/** How many distinct events a set of records holds, and how many of its records are further copies of them. */
export interface CopyCounts {
  uniqueEvents: number;
  duplicateRecords: number;
}

/** A slot of the hash table that holds no event (slots hold event + 1). */
const EMPTY_SLOT = 0;

function hasKey(segment: Segment, i: number): boolean {
  const row = segment.at + i;
  return segment.unique.eventID.offsets[row] !== segment.unique.eventID.offsets[row + 1];
}

/** Same eventID (byte for byte in the packed encoding, which is one per string), recipient, eventName and eventTime. */
function sameKey(a: Segment, i: number, b: Segment, j: number): boolean {
  const r = a.at + i;
  const q = b.at + j;
  if (a.interned.recipientAccountId[r] !== b.interned.recipientAccountId[q]) return false;
  if (a.interned.eventName[r] !== b.interned.eventName[q] || !Object.is(a.eventTime[r], b.eventTime[q])) return false;
  const left = a.unique.eventID;
  const right = b.unique.eventID;
  const length = left.offsets[r + 1] - left.offsets[r];
  if (length === 0 || length !== right.offsets[q + 1] - right.offsets[q]) return false;
  for (let k = 0; k < length; k++) if (left.bytes[left.offsets[r] + k] !== right.bytes[right.offsets[q] + k]) return false;
  return true;
}

/** Hashes of the keys of a segment made again (duplicateKey.ts), once its load has joined the store. */
let scratchHashes = new Uint32Array(1024);

/** The hashes of `segment`'s keys: event i's at `hashesAt + i` of `hashes`, which stay valid until the next call. */
function hashesOf(segment: Segment): { hashes: Uint32Array; hashesAt: number } {
  if (segment.keyHash !== null) return { hashes: segment.keyHash, hashesAt: segment.at };
  if (scratchHashes.length < segment.count) scratchHashes = new Uint32Array(Math.max(segment.count, 2 * scratchHashes.length));
  const { unique, interned, at, count } = segment;
  keyHashes(unique.eventID, interned.recipientAccountId, interned.eventName, at, count, scratchHashes, 0);
  return { hashes: scratchHashes, hashesAt: 0 };
}

function binarySearch(sorted: Uint32Array, value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] === value) return middle;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle - 1;
  }
  return -1;
}

/** (group, id) pairs in two plain arrays of small integers: no object per pair. */
class GroupPairs {
  readonly groups: number[] = [];
  readonly ids: number[] = [];

  push(group: number, id: number): void {
    this.groups.push(group);
    this.ids.push(id);
  }
}

/**
 * How many events planCopies hashes or probes between two yields: 0.4 ms of work once compiled, so a caller that
 * yields to the event loop between steps (EventStore.addAsync) keeps it free while a million events are compared.
 * The first steps of a host's first load run before V8 has compiled them: 16,384 events took 149 ms there.
 */
export const EVENTS_PER_STEP = 0x800;
/** Groups of copies numbered, or sorted, between two yields of copiesAmongSteps. */
const GROUPS_PER_STEP = 4096;

/**
 * What comparing new segments with each other and with the loaded ones finds, before the index changes. Per new
 * event (id - firstNewId): the first new event with its key + 1 (0: no key), and, per first one, the first loaded
 * event with that key + 1 (loaded groups are complete, so one is enough). `copied` lists, ascending, the new events
 * that join a group: those whose key two or more new events share, or a loaded one.
 */
export interface CopyPlan {
  firstNewId: number;
  classOf: Uint32Array;
  loadedMatch: Uint32Array;
  copied: Uint32Array;
}

/**
 * Events of one partition of planCopies: the new events are spread by the top bits of their key's hash into partitions
 * whose hash table (16 bytes an event) stays within the core's cache. One table of a million events is 16 MB, and
 * its inserts missed the cache: planCopies of ctlens stats on the generator's million events took 193–224 ms so,
 * 146–149 ms in 32 partitions (CPU profiles, two runs each, 2026-12-01), and its memory went from 16 to 8.5 MB.
 */
const EVENTS_PER_PARTITION = 1 << 15;

/** The partition bits planCopies picks for `newCount` new events. */
function partitionBitsFor(newCount: number): number {
  let bits = 0;
  while (bits < 16 && newCount >> bits > EVENTS_PER_PARTITION) bits++;
  return bits;
}

/**
 * Events of some segments spread by partition, in the segments' order within each: partition p holds entries
 * `starts[p] .. starts[p + 1]` of `events` (an event's number among those segments, counting from 0) and `hashes`.
 */
interface Partitioned {
  starts: Uint32Array;
  events: Uint32Array;
  hashes: Uint32Array;
}

/**
 * Spreads the events with a key of `segments` by the top `bits` of their hash, in two passes, yielding as planCopies
 * does. A loaded segment's hashes, made again by hashesOf, are kept from the first pass for the second.
 */
function* partitioned(segments: readonly Segment[], bits: number): Generator<void, Partitioned> {
  const partitionOf = (hash: number) => (bits === 0 ? 0 : hash >>> (32 - bits));
  const starts = new Uint32Array((1 << bits) + 1);
  const hashed: { hashes: Uint32Array; hashesAt: number }[] = [];
  let sinceYield = 0;
  for (const segment of segments) {
    const made = hashesOf(segment);
    const { hashes, hashesAt } =
      segment.keyHash !== null ? made : { hashes: made.hashes.slice(made.hashesAt, made.hashesAt + segment.count), hashesAt: 0 };
    hashed.push({ hashes, hashesAt });
    for (let i = 0; i < segment.count; i++) {
      if (++sinceYield === EVENTS_PER_STEP) {
        sinceYield = 0;
        yield;
      }
      if (hasKey(segment, i)) starts[partitionOf(hashes[hashesAt + i]) + 1]++;
    }
  }
  for (let p = 1; p < starts.length; p++) starts[p] += starts[p - 1];
  const filled = starts.slice(0, -1);
  const events = yield* zeroedSteps(starts[starts.length - 1]);
  const hashes = yield* zeroedSteps(events.length);
  let number = 0;
  for (const [k, segment] of segments.entries()) {
    const own = hashed[k];
    for (let i = 0; i < segment.count; i++, number++) {
      if (++sinceYield === EVENTS_PER_STEP) {
        sinceYield = 0;
        yield;
      }
      if (!hasKey(segment, i)) continue;
      const hash = own.hashes[own.hashesAt + i];
      const at = filled[partitionOf(hash)]++;
      events[at] = number;
      hashes[at] = hash;
    }
  }
  return { starts, events, hashes };
}

/**
 * The copies among new segments (ids from the first one's base, above every loaded id) and between them and the
 * segments loaded before: per partition of the keys' hashes (EVENTS_PER_PARTITION), a hash table of its new events,
 * then one probe per loaded event of the partition. Reads only the segments, so it can run in steps (it yields every
 * EVENTS_PER_STEP events) while the store stays as it was; DuplicateIndex.apply then changes the index at once.
 * Undefined when there is no new event. `partitionBits` is for tests (the result does not depend on it).
 */
export function* planCopies(added: readonly Segment[], loaded: readonly Segment[], partitionBits?: number): Generator<void, CopyPlan | undefined> {
  let newCount = 0;
  for (const segment of added) newCount += segment.count;
  if (newCount === 0) return undefined;
  const firstNewId = added[0].base;
  const bits = partitionBits ?? partitionBitsFor(newCount);
  const fresh = yield* partitioned(added, bits);
  const old = yield* partitioned(loaded, bits);
  // Where each new or loaded event is, by its number among its segments, found without a search.
  const segmentOfNew = yield* zeroedSteps(newCount);
  added.forEach((segment, index) => segmentOfNew.fill(index, segment.base - firstNewId, segment.base - firstNewId + segment.count));
  const loadedCount = loaded.reduce((sum, segment) => sum + segment.count, 0);
  const segmentOfLoaded = yield* zeroedSteps(loadedCount);
  const firstOfLoaded = new Uint32Array(loaded.length);
  for (let k = 0, first = 0; k < loaded.length; first += loaded[k].count, k++) {
    firstOfLoaded[k] = first;
    segmentOfLoaded.fill(k, first, first + loaded[k].count);
  }
  const sameAsNew = (k: number, segment: Segment, i: number): boolean => {
    const other = added[segmentOfNew[k]];
    return sameKey(other, firstNewId + k - other.base, segment, i);
  };
  const sameNew = (first: number, k: number): boolean => {
    const segment = added[segmentOfNew[k]];
    return sameAsNew(first, segment, firstNewId + k - segment.base);
  };
  // The table of one partition: slot → new event + 1 (0: empty) and its hash side by side, one cache line per probe.
  let largest = 0;
  for (let p = 0; p + 1 < fresh.starts.length; p++) largest = Math.max(largest, fresh.starts[p + 1] - fresh.starts[p]);
  let capacity = 16;
  while (capacity < largest * 2) capacity *= 2;
  const mask = capacity - 1;
  const wrap = 2 * mask + 1;
  const table = new Int32Array(2 * capacity);
  yield;
  // Written at random from the first partition on: their pages are written ahead, in steps.
  const classOf = yield* zeroedSteps(newCount);
  const classSizes = yield* zeroedSteps(newCount);
  const loadedMatch = yield* zeroedSteps(newCount);
  let sinceYield = 0;
  for (let p = 0; p + 1 < fresh.starts.length; p++) {
    if (fresh.starts[p + 1] === fresh.starts[p]) continue;
    table.fill(EMPTY_SLOT);
    for (let e = fresh.starts[p]; e < fresh.starts[p + 1]; e++) {
      if (++sinceYield === EVENTS_PER_STEP) {
        sinceYield = 0;
        yield;
      }
      const k = fresh.events[e];
      const hash = fresh.hashes[e] | 0;
      let at = (hash & mask) << 1;
      while (table[at] !== EMPTY_SLOT && !(table[at + 1] === hash && sameNew(table[at] - 1, k))) at = (at + 2) & wrap;
      if (table[at] === EMPTY_SLOT) {
        table[at] = k + 1;
        table[at + 1] = hash;
      }
      classOf[k] = table[at];
      classSizes[table[at] - 1]++;
    }
    for (let e = old.starts[p]; e < old.starts[p + 1]; e++) {
      if (++sinceYield === EVENTS_PER_STEP) {
        sinceYield = 0;
        yield;
      }
      const number = old.events[e];
      const hash = old.hashes[e] | 0;
      const s = segmentOfLoaded[number];
      const segment = loaded[s];
      const i = number - firstOfLoaded[s];
      for (let at = (hash & mask) << 1; table[at] !== EMPTY_SLOT; at = (at + 2) & wrap) {
        if (table[at + 1] !== hash || !sameAsNew(table[at] - 1, segment, i)) continue;
        if (loadedMatch[table[at] - 1] === 0) loadedMatch[table[at] - 1] = segment.base + i + 1;
        break;
      }
    }
  }
  // Listed here, in steps, so that apply (which changes the index at once) takes time in the copies, not the events.
  const copied: number[] = [];
  for (let k = 0; k < newCount; k++) {
    if (++sinceYield === EVENTS_PER_STEP) {
      sinceYield = 0;
      yield;
    }
    const first = classOf[k] - 1;
    if (first >= 0 && (classSizes[first] > 1 || loadedMatch[first] !== 0)) copied.push(k);
  }
  return { firstNewId, classOf, loadedMatch, copied: Uint32Array.from(copied) };
}

/**
 * True when `copies` can be the copies among the events of `added` (a load's segments in order, LoadCopies): groups
 * of two or more ascending members, no event in two groups, groups in the order of their first member, and every
 * member the same event as its group's first (sameKey). The cache's checksum catches damage; this keeps an entry
 * written on purpose from folding distinct events into one. An entry can still leave copies out: those events then
 * show once per delivery, which hides nothing.
 */
export function knownCopiesFit({ starts, members }: LoadCopies, added: readonly Segment[]): boolean {
  const count = added.reduce((sum, segment) => sum + segment.count, 0);
  if (starts.length < 1 || starts[0] !== 0 || starts[starts.length - 1] !== members.length) return false;
  const firstOf = new Uint32Array(added.length);
  for (let k = 1; k < added.length; k++) firstOf[k] = firstOf[k - 1] + added[k - 1].count;
  const locate = (number: number) => {
    let k = 0;
    for (let step = 1 << 30; step > 0; step >>= 1) if (k + step < added.length && firstOf[k + step] <= number) k += step;
    return { segment: added[k], i: number - firstOf[k] };
  };
  const grouped = new Uint8Array(count);
  let previousFirst = -1;
  for (let g = 0; g + 1 < starts.length; g++) {
    if (starts[g + 1] < starts[g] + 2 || starts[g + 1] > members.length || members[starts[g]] <= previousFirst) return false;
    previousFirst = members[starts[g]];
    if (previousFirst >= count) return false;
    const first = locate(previousFirst);
    for (let k = starts[g]; k < starts[g + 1]; k++) {
      const member = members[k];
      if (member >= count || grouped[member] === 1 || (k > starts[g] && member <= members[k - 1])) return false;
      grouped[member] = 1;
      const copy = locate(member);
      if (!sameKey(first.segment, first.i, copy.segment, copy.i)) return false;
    }
  }
  return true;
}

/** The groups of copies of the loaded events: only events delivered more than once are in a group. */
export class DuplicateIndex {
  /** The ids of all groups, group after group, each group ascending (its first copy first). */
  private members: Uint32Array = new Uint32Array(0);
  /** Group g is members[groupStarts[g] .. groupStarts[g + 1]). */
  private groupStarts: Uint32Array = new Uint32Array(1);
  /** The same ids ascending, with the group of each, to find an id's group by binary search. */
  private sortedIds = new Uint32Array(0);
  private groupOfSorted = new Uint32Array(0);

  get groupCount(): number {
    return this.groupStarts.length - 1;
  }

  /** Forgets every group. */
  clear(): void {
    this.pack(new GroupPairs(), 0);
  }

  /** Drops the ids that are no longer loaded; a group left with one copy is no group any more. */
  retain(isLoaded: (id: number) => boolean): void {
    const pairs = new GroupPairs();
    let groupCount = 0;
    for (let g = 0; g < this.groupCount; g++) {
      let kept = 0;
      for (let k = this.groupStarts[g]; k < this.groupStarts[g + 1]; k++) if (isLoaded(this.members[k])) kept++;
      if (kept < 2) continue;
      for (let k = this.groupStarts[g]; k < this.groupStarts[g + 1]; k++) if (isLoaded(this.members[k])) pairs.push(groupCount, this.members[k]);
      groupCount++;
    }
    this.pack(pairs, groupCount);
  }

  /**
   * Adds the events of new segments, whose ids follow each other from the first one's base and are above every
   * loaded id: each is compared with the other new events and with the events of `loaded` (the segments loaded
   * before, each event once, through its hash).
   */
  add(added: readonly Segment[], loaded: readonly Segment[]): void {
    this.apply(runToEnd(planCopies(added, loaded)));
  }

  /**
   * Takes the copies of a load (checked by knownCopiesFit) whose events have the ids from `firstId`, into an index
   * that holds no group: what add would find for that load alone, without comparing its events.
   */
  adopt({ starts, members }: LoadCopies, firstId: number): void {
    this.setGroups(
      members.map((member) => member + firstId),
      starts.slice(),
    );
  }

  /**
   * The copies among the events of `runs` (a load's files as segments, in the load's order), numbered across them
   * (LoadCopies): what adding that load alone to an empty store finds. Copies in other files are left out. In steps
   * of GROUPS_PER_STEP groups, for a load with hundreds of thousands of copies.
   */
  *copiesAmongSteps(runs: ReadonlyArray<{ base: number; count: number }>): Generator<void, LoadCopies> {
    const { members, groupStarts } = this;
    // Only the run's place is copied: spreading whole segments took 95 ms for 10,000 files.
    const byBase = runs.map(({ base, count }, k) => ({ base, count, from: 0, k })).sort((a, b) => a.base - b.base);
    let from = 0;
    for (const run of [...byBase].sort((a, b) => a.k - b.k)) {
      run.from = from;
      from += run.count;
    }
    const numberOf = (id: number) => {
      let low = 0;
      let high = byBase.length - 1;
      while (low <= high) {
        const middle = (low + high) >> 1;
        const run = byBase[middle];
        if (id < run.base) high = middle - 1;
        else if (id >= run.base + run.count) low = middle + 1;
        else return run.from + id - run.base;
      }
      return -1;
    };
    const groups: number[][] = [];
    for (let g = 0; g + 1 < groupStarts.length; g++) {
      if (g % GROUPS_PER_STEP === GROUPS_PER_STEP - 1) yield;
      const numbers: number[] = [];
      for (let k = groupStarts[g]; k < groupStarts[g + 1]; k++) {
        const number = numberOf(members[k]);
        if (number >= 0) numbers.push(number);
      }
      if (numbers.length > 1) groups.push(numbers.sort((a, b) => a - b));
    }
    const sorted = yield* sortSteps(groups, (a, b) => a[0] - b[0], GROUPS_PER_STEP);
    const starts = new Uint32Array(sorted.length + 1);
    sorted.forEach((group, g) => (starts[g + 1] = starts[g] + group.length));
    const numbered = new Uint32Array(starts[sorted.length]);
    sorted.forEach((group, g) => numbered.set(group, starts[g]));
    return { starts, members: numbered };
  }

  /** Adds the copies a plan found (planCopies, against the segments loaded then and this index as it is now). */
  apply(plan: CopyPlan | undefined): void {
    if (plan === undefined || plan.copied.length === 0) return;
    const { firstNewId, classOf, loadedMatch, copied } = plan;
    const pairs = new GroupPairs();
    for (let g = 0; g < this.groupCount; g++) for (let k = this.groupStarts[g]; k < this.groupStarts[g + 1]; k++) pairs.push(g, this.members[k]);
    let groupCount = this.groupCount;
    /** The group of each class met so far, by its first new event. */
    const groupOfClass = new Map<number, number>();
    // A class's first event is its smallest, so the classes take their groups in the order of their first events; new
    // ids are above every loaded id, so appending them in order keeps each group ascending.
    for (const k of copied) {
      const first = classOf[k] - 1;
      let g = groupOfClass.get(first);
      if (g === undefined) {
        const match = loadedMatch[first] - 1;
        const existing = match < 0 ? -1 : this.groupOf(match);
        if (existing >= 0) g = existing;
        else {
          g = groupCount++;
          if (match >= 0) pairs.push(g, match);
        }
        groupOfClass.set(first, g);
      }
      pairs.push(g, firstNewId + k);
    }
    this.pack(pairs, groupCount);
  }

  /** The group of an id, or -1 when the event was delivered once. */
  groupOf(id: number): number {
    const at = binarySearch(this.sortedIds, id);
    return at < 0 ? -1 : this.groupOfSorted[at];
  }

  /** The ids of every copy of the event `id` (itself included), ascending. */
  copiesOf(id: number): number[] {
    const g = this.groupOf(id);
    return g < 0 ? [id] : this.group(g);
  }

  /** True unless another copy of the same event was loaded before this one. */
  isFirstCopy(id: number): boolean {
    const g = this.groupOf(id);
    return g < 0 || this.members[this.groupStarts[g]] === id;
  }

  /** `ids` with each event kept once: the first of its copies met in `ids`, in the order of `ids`. */
  uniqueIds(ids: Uint32Array): Uint32Array {
    if (this.groupCount === 0) return ids;
    const seen = new Uint8Array(this.groupCount);
    const kept = new Uint32Array(ids.length);
    let count = 0;
    for (const id of ids) {
      const g = this.groupOf(id);
      if (g >= 0) {
        if (seen[g]) continue;
        seen[g] = 1;
      }
      kept[count++] = id;
    }
    return count === ids.length ? ids : kept.slice(0, count);
  }

  /** How many distinct events `ids` holds, and how many of its records are further copies. */
  countCopies(ids: Uint32Array): CopyCounts {
    const uniqueEvents = this.uniqueIds(ids).length;
    return { uniqueEvents, duplicateRecords: ids.length - uniqueEvents };
  }

  private group(g: number): number[] {
    return Array.from(this.members.subarray(this.groupStarts[g], this.groupStarts[g + 1]));
  }

  /** Lays out (group, id) pairs: a counting sort by group keeps the pairs' order inside each group. */
  private pack({ groups: pairGroups, ids: pairIds }: GroupPairs, groupCount: number): void {
    const starts = new Uint32Array(groupCount + 1);
    for (const g of pairGroups) starts[g + 1]++;
    for (let g = 0; g < groupCount; g++) starts[g + 1] += starts[g];
    const members = new Uint32Array(pairIds.length);
    const next = starts.slice(0, groupCount);
    for (let k = 0; k < pairIds.length; k++) members[next[pairGroups[k]]++] = pairIds[k];
    this.setGroups(members, starts);
  }

  private setGroups(members: Uint32Array, starts: Uint32Array): void {
    const groupCount = starts.length - 1;
    const sortedIds = members.slice().sort();
    const groupOfSorted = new Uint32Array(members.length);
    for (let g = 0; g < groupCount; g++) for (let k = starts[g]; k < starts[g + 1]; k++) groupOfSorted[binarySearch(sortedIds, members[k])] = g;
    this.members = members;
    this.groupStarts = starts;
    this.sortedIds = sortedIds;
    this.groupOfSorted = groupOfSorted;
  }
}
