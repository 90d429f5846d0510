// The digest chain of each trail and Region: every digest names the one before it (previousDigestS3Object) and
// carries its hash and signature; a starting digest names none. A chain restarts when logging was stopped or
// validation disabled, leaving time no digest covers
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html).

import { digestStream, FilesByName } from './layout';
import type { DigestFields } from './readDigest';
import type { Gap, Missing } from './types';

/** A digest that was read and parsed. */
export interface ChainDigest {
  file: string;
  sha256: string;
  fields: DigestFields;
}

export interface Chain {
  /** For each digest file, the digest that names it as previous. */
  next: Map<string, ChainDigest>;
  /** For each digest file, the digest it names as previous, when present. */
  previous: Map<string, ChainDigest>;
  /** Explanations about a digest's place in its chain, by digest file. */
  notes: Map<string, string[]>;
  missing: Missing[];
  gaps: Gap[];
}

function note(chain: Chain, file: string, text: string): void {
  const list = chain.notes.get(file);
  if (list === undefined) chain.notes.set(file, [text]);
  else list.push(text);
}

/** Chronological order by digestEndTime; a time that does not parse sorts by file name, after the rest. */
function byEndTime(a: ChainDigest, b: ChainDigest): number {
  const at = Date.parse(a.fields.digestEndTime);
  const bt = Date.parse(b.fields.digestEndTime);
  if (Number.isNaN(at) || Number.isNaN(bt))
    return Number(Number.isNaN(at)) - Number(Number.isNaN(bt)) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  return at - bt;
}

/** Links each digest to the previous one it names; returns the digests whose previous is named but not present. */
function link(chain: Chain, digests: readonly ChainDigest[]): Set<string> {
  const byName = new FilesByName(digests.map((digest) => digest.file));
  const byFile = new Map(digests.map((digest) => [digest.file, digest]));
  const unresolved = new Set<string>();
  for (const digest of digests) {
    const key = digest.fields.previousDigestS3Object;
    if (key === null) continue;
    const copy = byName.copiesOf(key).find((file) => file !== digest.file);
    const found = copy === undefined ? null : (byFile.get(copy) ?? null);
    if (found === null) {
      unresolved.add(digest.file);
      continue;
    }
    chain.previous.set(digest.file, found);
    const already = chain.next.get(found.file);
    if (already === undefined) chain.next.set(found.file, digest);
    else note(chain, found.file, `named as previous digest by both ${already.file} and ${digest.file}; checked against the first`);
  }
  return unresolved;
}

/** Links the digests, and lists digests missing from the middle of a chain and gaps in time. */
export function buildChain(digests: readonly ChainDigest[]): Chain {
  const chain: Chain = { next: new Map(), previous: new Map(), notes: new Map(), missing: [], gaps: [] };
  const unresolved = link(chain, digests);
  const streams = new Map<string, ChainDigest[]>();
  for (const digest of digests) {
    const stream = digestStream(digest.file);
    const list = streams.get(stream);
    if (list === undefined) streams.set(stream, [digest]);
    else list.push(digest);
  }
  for (const [stream, list] of streams) {
    list.sort(byEndTime);
    list.forEach((digest, at) => {
      const earlier = at > 0 ? list[at - 1] : null;
      const window = earlier === null ? null : { start: earlier.fields.digestEndTime, end: digest.fields.digestStartTime };
      const key = digest.fields.previousDigestS3Object;
      if (key === null) {
        note(chain, digest.file, 'starting digest: no previous digest (validation newly enabled, or restarted after a stop)');
        if (earlier !== null && window !== null)
          chain.gaps.push({
            stream,
            window,
            before: earlier.file,
            after: digest.file,
            reason: `the chain restarts at ${digest.file}: no digest covers ${window.start} – ${window.end} (logging stopped or log file validation disabled)`,
          });
      } else if (unresolved.has(digest.file)) {
        if (earlier === null) note(chain, digest.file, `its previous digest ${key} is not among the files given: the chain is checked from here on`);
        else
          chain.missing.push({
            kind: 'digest',
            s3Object: key,
            listedBy: digest.file,
            window,
            reason: `${digest.file} names ${key} as its previous digest, which is not present (the chain has ${earlier.file} before it)`,
          });
      }
    });
  }
  return chain;
}
