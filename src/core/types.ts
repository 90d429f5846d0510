// Shared vocabulary of the headless core. Every surface (CLI, VS Code, benchmarks) speaks these types.
// Nothing here imports `vscode`.

/** A CloudTrail record exactly as parsed from JSON. Every value is untrusted and may have any type. */
export type RawRecord = Record<string, unknown>;

/** Amazon S3 event level (S3 page: account-level, bucket-level, object-level tables). */
export type S3Level = 'account' | 'bucket' | 'object';

/** CloudTrail event category (`eventCategory` Management, Data, Insight, NetworkActivity): see eventCategory.ts. */
export type EventCategory = 'management' | 'data' | 'insight' | 'network-activity';

/** Stable identity kind ids used by the CLI and the UI. */
export type IdentityKind =
  | 'root'
  | 'iam-user'
  | 'assumed-role'
  | 'role'
  | 'federated-user'
  | 'saml-user'
  | 'web-identity-user'
  | 'identity-center-user'
  | 'directory'
  | 'aws-account'
  | 'anonymous'
  | 'aws-service'
  | 'unknown';

/** Class of the credential that signed the request, from the access key id prefix. */
export type CredentialClass = 'long-term' | 'temporary' | 'none' | 'unknown';

/** The input shapes the loader recognises. */
export type InputFormat =
  | 'records' // {"Records":[…]} as CloudTrail delivers it
  | 'lookup-events' // aws cloudtrail lookup-events: {"Events":[{"CloudTrailEvent":"<json>"}]}
  | 'cloudwatch-logs' // CloudWatch Logs events: {"events":[{"message":"<json>"}]}, or a subscription's {"logEvents":[…]}
  | 'jsonl' // JSON Lines of lookup events or of bare records
  | 'console-json' // console Event history download (JSON)
  | 'console-csv' // console Event history download (CSV)
  | 'single-record'
  | 'record-array'
  | 'digest'; // CloudTrail-Digest file: recognised, kept apart, never read as events

/** Why a file (or a part of one) did not load. Codes are stable; messages name the file and the place. */
export type DiagnosticCode =
  | 'file-unreadable'
  | 'empty-file'
  | 'binary-file'
  | 'truncated-gzip'
  | 'invalid-gzip'
  | 'invalid-json'
  | 'not-cloudtrail'
  | 'records-not-array'
  | 'invalid-record'
  | 'invalid-field'
  | 'invalid-csv'
  | 'too-large' // over the inflated-text bound (LoadOptions.maxTextBytes): the message names the bound and how to raise it
  | 'text-encoding' // UTF-16 (decoded, warning) or another encoding that is not UTF-8 (error): the message names it
  | 'duplicate-key' // a key such as "Records" appears twice in one object: JSON's last-wins rule applies (warning)
  | 'invalid-time' // eventTime that is not a real ISO 8601 instant (2023-02-31, +25:99)
  | 'path-loop' // a folder walk met a symbolic link back into a folder it is already inside
  | 'duplicate-path' // the same real file (device + inode) reached twice: read once (warning)
  | 'changed-since-load' // the file's size, mtime or record bytes differ from when it was indexed
  | 'calls-capped' // more trail calls or credential-issuing calls in one file than indexing keeps (warning)
  | 'cancelled';

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Absolute path of the file the diagnostic is about. */
  file: string;
  code: DiagnosticCode;
  severity: Severity;
  /** One sentence a person reads: what is wrong and where, naming the file. */
  message: string;
  /** 1-based line and column in the (decompressed) text, when known. */
  line?: number;
  column?: number;
  /** Byte offset in the (decompressed) text, when known. */
  offset?: number;
  /** Index of the record concerned, for record-level problems. */
  recordIndex?: number;
}

/** One piece of evidence behind a classification: which field said what. */
export interface Evidence {
  /** Dotted path in the record, e.g. `resources[0].type` or `requestParameters.bucketName`. */
  field: string;
  value: string;
  /** What this value means for the decision, in words. */
  meaning: string;
}

/** The S3 level of an event and why (src/core/s3). */
export interface Classification {
  /** True when eventSource is s3.amazonaws.com (or the S3 Control / S3 Express hosts). */
  isS3: boolean;
  level: S3Level | null;
  category: EventCategory | null;
  readOnly: boolean | null;
  /** True when the name is not in the catalogue and the level was inferred from the record's own fields. */
  inferred: boolean;
  /** One sentence: why this level and category. */
  reason: string;
  evidence: Evidence[];
  /** Id of the special case of the S3 page that applied (e.g. `list-objects-prefix`, `options-preflight`). */
  specialCase?: string;
  /** Link to the API reference for this event name, when known. */
  apiReference?: string;
}

/** The few identity facts the index keeps per event; must be cheap to compute. */
export interface IdentityKey {
  kind: IdentityKind;
  /** ARN when present, otherwise the best human name (userName, invokedBy, principalId…). */
  principal: string | null;
  /** Account the caller belongs to (userIdentity.accountId, or decoded from the access key id). */
  accountId: string | null;
  accessKeyId: string | null;
}
