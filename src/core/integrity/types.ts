// The verdicts of log integrity validation: one per log file, one per digest file, and what is missing.
// Procedure: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html

/** A log file's hash matches a digest (`valid`), differs (`modified`), no digest lists it, or it cannot be read. */
export type LogStatus = 'valid' | 'modified' | 'not-covered' | 'unreadable';

/**
 * A digest's signature verifies (`valid`) or not; no key or no signature to check it with; the next digest's
 * `previousDigestHashValue` differs from its hash (`hash-mismatch`); it sits elsewhere than its `digestS3Object`
 * says (`moved`); or it is not a readable digest at all (`unreadable`).
 */
export type DigestStatus = 'valid' | 'signature-invalid' | 'signature-unchecked' | 'hash-mismatch' | 'moved' | 'unreadable';

export interface LogVerdict {
  file: string;
  status: LogStatus;
  /** Hex SHA-256 of the inflated bytes, or null when they could not be read to the end. */
  sha256: string | null;
  /** The digest file that lists this log (the one whose hash matched, else the first that lists it). */
  digest: string | null;
  reasons: string[];
}

export interface DigestVerdict {
  file: string;
  status: DigestStatus;
  /** Hex SHA-256 of the inflated digest, or null when it could not be read. */
  sha256: string | null;
  /** The next digest in the chain, which carries this one's hash and signature (null for the newest). */
  next: string | null;
  reasons: string[];
}

/** A UTC window, as ISO 8601 texts taken from the digests. */
export interface TimeWindow {
  start: string;
  end: string;
}

/** A log file a digest lists that is not present, or a digest the chain names that is not present. */
export interface Missing {
  kind: 'log' | 'digest';
  /** The S3 key the digest names. */
  s3Object: string;
  /** The digest file that names it. */
  listedBy: string;
  window: TimeWindow | null;
  reason: string;
}

/** Time no digest covers between two digests of one trail and Region: logging stopped or validation disabled. */
export interface Gap {
  /** Account, Region, trail and home Region, as in the digest file name. */
  stream: string;
  window: TimeWindow;
  before: string;
  after: string;
  reason: string;
}

export interface IntegrityResult {
  logs: LogVerdict[];
  digests: DigestVerdict[];
  missing: Missing[];
  gaps: Gap[];
  /** Paths that could not be walked, and similar problems outside any one verdict. */
  problems: string[];
}

export interface IntegrityProgress {
  filesDone: number;
  filesTotal: number;
  bytesDone: number;
  bytesTotal: number;
}
