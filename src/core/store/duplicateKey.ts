// The key that makes two records copies of one event, eventID + recipientAccountId (see duplicates.ts), hashed per
// event when a file joins the store, so that its load finds copies without comparing eventIDs. The hashes are not
// kept (4 bytes an event): a later load hashes the loaded keys again.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The hash of the key (eventID bytes, global ids of its recipientAccountId and eventName) of each of the `count` events
 * at rows `at…` of the columns, written into `hashes` from `hashesAt` on (0 for no eventID).
 */
export function keyHashes(
  eventIDs: { bytes: Uint8Array; offsets: Uint32Array },
  recipients: ArrayLike<number>,
  eventNames: ArrayLike<number>,
  at: number,
  count: number,
  hashes: Uint32Array,
  hashesAt: number,
): void {
  const { bytes, offsets } = eventIDs;
  for (let i = at; i < at + count; i++) {
    const start = offsets[i];
    const end = offsets[i + 1];
    if (start === end) {
      hashes[hashesAt + i - at] = 0;
      continue;
    }
    let hash = FNV_OFFSET;
    for (let k = start; k < end; k++) hash = Math.imul(hash ^ bytes[k], FNV_PRIME);
    hash = Math.imul(hash ^ recipients[i], FNV_PRIME);
    hash = Math.imul(hash ^ eventNames[i], FNV_PRIME);
    // Murmur3's finaliser spreads the low bits, which pick the slot of the table in duplicates.ts.
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    hashes[hashesAt + i - at] = (hash ^ (hash >>> 16)) >>> 0;
  }
}
