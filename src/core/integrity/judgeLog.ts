// The verdict on one log file: its inflated SHA-256 against the hashValue of every digest entry with its name
// (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html).
// A digest shown to be changed (hash mismatch in the chain, or a signature that does not verify) proves nothing
// about the logs it lists: an attacker who rewrites a log can rewrite its hashValue too.

import type { InflatedHash } from './hashInflated';
import { sitsAt } from './layout';
import type { DigestLogEntry } from './readDigest';
import type { DigestStatus, LogVerdict } from './types';

/** A digest entry naming a log file, with the digest and the digest's own verdict. */
export interface Listing {
  digest: string;
  digestStatus: DigestStatus;
  entry: DigestLogEntry;
}

const UNTRUSTED: ReadonlySet<DigestStatus> = new Set(['hash-mismatch', 'signature-invalid', 'unreadable']);

function digestNote(listing: Listing): string {
  const place = `${listing.digest} (digest ${listing.digestStatus})`;
  return listing.digestStatus === 'valid' ? place : `${place}: the match proves only as much as that digest`;
}

export function judgeLog(file: string, hash: InflatedHash, allListings: readonly Listing[]): LogVerdict {
  const listings = allListings.filter((listing) => !UNTRUSTED.has(listing.digestStatus));
  const reasons = allListings
    .filter((listing) => UNTRUSTED.has(listing.digestStatus))
    .map((listing) => `listed in ${listing.digest}, which is ${listing.digestStatus}: not trusted`);
  const first = listings[0];
  if (!hash.ok) {
    const cause = hash.failure === 'io' ? `cannot be read (${hash.reason})` : `its gzip data is damaged or cut short (${hash.reason})`;
    if (first === undefined || hash.failure === 'io')
      return { file, status: 'unreadable', sha256: null, digest: first?.digest ?? null, reasons: [cause, ...reasons] };
    return {
      file,
      status: 'modified',
      sha256: null,
      digest: first.digest,
      reasons: [`${cause}; CloudTrail wrote a whole gzip file`, `listed in ${digestNote(first)}`],
    };
  }
  reasons.unshift(`inflated SHA-256 ${hash.sha256}${hash.gzip ? '' : ' (read as is: not gzip)'}`);
  const match = listings.find((listing) => listing.entry.hashValue === hash.sha256);
  const chosen = match ?? first;
  if (chosen === undefined) {
    if (allListings.length === 0) reasons.push('no digest given lists this file name');
    return { file, status: 'not-covered', sha256: hash.sha256, digest: null, reasons };
  }
  if (!sitsAt(file, chosen.entry.s3Object)) reasons.push(`the digest lists it at ${chosen.entry.s3Object}; matched by file name`);
  if (match !== undefined)
    return { file, status: 'valid', sha256: hash.sha256, digest: match.digest, reasons: [...reasons, `matches hashValue in ${digestNote(match)}`] };
  for (const listing of listings) reasons.push(`${listing.digest} lists hashValue ${listing.entry.hashValue}`);
  return { file, status: 'modified', sha256: hash.sha256, digest: chosen.digest, reasons };
}
