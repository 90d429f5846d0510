// Validates local copies of CloudTrail log files against local digest files, offline: the procedure of
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html applied
// to files on disk instead of S3 objects. Log files are hashed as streams a few at a time, so zlib inflates on
// several libuv threads while this thread hashes.

import { resolve } from 'node:path';
import { expandPaths, type WalkResult } from '../load/walk';
import { buildChain, type Chain, type ChainDigest } from './chain';
import { hashInflated } from './hashInflated';
import { judgeDigest, type Trust } from './judgeDigest';
import { judgeLog, type Listing } from './judgeLog';
import { FilesByName } from './layout';
import type { PublicKeys } from './publicKeys';
import { readDigest, type ReadDigest } from './readDigest';
import { readSignatureFiles, SIGNATURE_FILE_ENDING } from './signatures';
import type { DigestVerdict, IntegrityProgress, IntegrityResult, Missing } from './types';

/** Files read at once: enough to keep libuv's four threads inflating. */
const CONCURRENT_FILES = 4;

export interface IntegrityOptions {
  /** CloudTrail public keys (readPublicKeyFiles). Without them no signature is checked. */
  publicKeys?: PublicKeys;
  /** Signatures of digests by path, S3 key or file name (readSignatureFiles); `<digest>.sig` files found are added. */
  signatures?: ReadonlyMap<string, string>;
  /** Files given as public keys or signatures: when they sit among the logs, they are not logs to judge. */
  notLogs?: readonly string[];
  signal?: AbortSignal;
  onProgress?(progress: IntegrityProgress): void;
}

async function mapConcurrently<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let taken = 0;
  const worker = async () => {
    while (taken < items.length) {
      const at = taken++;
      results[at] = await work(items[at]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_FILES, items.length) }, worker));
  return results;
}

function unreadableDigest(read: Extract<ReadDigest, { ok: false }>): DigestVerdict {
  return { file: read.file, status: 'unreadable', sha256: read.sha256, next: null, reasons: [read.reason] };
}

/** Log files listed by each digest, by local copy; the entries with no local copy are missing. */
function listingsOf(digests: readonly ChainDigest[], verdicts: ReadonlyMap<string, DigestVerdict>, logFiles: readonly string[], missing: Missing[]) {
  const byName = new FilesByName(logFiles);
  const listings = new Map<string, Listing[]>();
  for (const digest of digests) {
    const digestStatus = verdicts.get(digest.file)?.status ?? 'unreadable';
    const window = { start: digest.fields.digestStartTime, end: digest.fields.digestEndTime };
    for (const entry of digest.fields.logFiles) {
      const copies = byName.copiesOf(entry.s3Object);
      if (copies.length === 0)
        missing.push({
          kind: 'log',
          s3Object: entry.s3Object,
          listedBy: digest.file,
          window,
          reason: `${digest.file} lists ${entry.s3Object}, which is not present`,
        });
      for (const copy of copies) {
        const list = listings.get(copy);
        const listing = { digest: digest.file, digestStatus, entry };
        if (list === undefined) listings.set(copy, [listing]);
        else list.push(listing);
      }
    }
  }
  return listings;
}

const isSignatureFile = (file: string) => file.endsWith(SIGNATURE_FILE_ENDING);

/** The signatures given, with the `.sig` files found among the paths walked (those given win). */
async function allSignatures(walk: WalkResult, given: ReadonlyMap<string, string> | undefined, problems: string[]): Promise<Map<string, string>> {
  const found = [...walk.digests, ...walk.skipped, ...walk.logs.map((log) => log.file)].filter(isSignatureFile);
  const siblings = await readSignatureFiles(found);
  problems.push(...siblings.problems);
  return new Map([...siblings.byName, ...(given ?? [])]);
}

function judgeDigests(reads: readonly ReadDigest[], chain: Chain, trust: Trust): Map<string, DigestVerdict> {
  const verdicts = new Map<string, DigestVerdict>();
  for (const read of reads) {
    const place = { previous: chain.previous.get(read.file), next: chain.next.get(read.file), notes: chain.notes.get(read.file) ?? [] };
    verdicts.set(read.file, read.ok ? judgeDigest(read, place, trust, read.problems) : unreadableDigest(read));
  }
  return verdicts;
}

/** Validates the log and digest files under `paths` (files or folders in the delivery layout). Rejects only on abort. */
export async function verifyIntegrity(paths: readonly string[], options: IntegrityOptions = {}): Promise<IntegrityResult> {
  const { signal } = options;
  const walk = await expandPaths(paths, signal);
  signal?.throwIfAborted();
  const problems = walk.diagnostics.map((diagnostic) => diagnostic.message);
  const trust: Trust = {
    keys: options.publicKeys ?? { byFingerprint: new Map(), problems: [] },
    signatures: await allSignatures(walk, options.signatures, problems),
  };
  const digestFiles = walk.digests.filter((file) => !isSignatureFile(file));
  const notLogs = new Set((options.notLogs ?? []).map((file) => resolve(file)));
  const logs = walk.logs.filter((log) => !isSignatureFile(log.file) && !notLogs.has(resolve(log.file)));
  const progress: IntegrityProgress = { filesDone: 0, filesTotal: digestFiles.length + logs.length, bytesDone: 0, bytesTotal: 0 };
  for (const log of logs) progress.bytesTotal += log.size;
  const fileDone = () => {
    progress.filesDone++;
    options.onProgress?.({ ...progress });
  };

  const reads = await mapConcurrently(digestFiles, async (file) => {
    signal?.throwIfAborted();
    const read = await readDigest(file);
    fileDone();
    return read;
  });
  const parsed = reads.filter((read): read is Extract<ReadDigest, { ok: true }> => read.ok);
  const chain = buildChain(parsed);
  const verdicts = judgeDigests(reads, chain, trust);
  const missing = [...chain.missing];
  const listings = listingsOf(
    parsed,
    verdicts,
    logs.map((log) => log.file),
    missing,
  );
  const logVerdicts = await mapConcurrently(logs, async ({ file }) => {
    signal?.throwIfAborted();
    const hash = await hashInflated(file, signal, (bytes) => (progress.bytesDone += bytes));
    fileDone();
    return judgeLog(file, hash, listings.get(file) ?? []);
  });
  return { logs: logVerdicts, digests: [...verdicts.values()], missing, gaps: chain.gaps, problems };
}
