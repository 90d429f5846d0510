// What session lineage returns: plain JSON-serialisable data, so the panel, the tree, hovers and the CLI can each
// show it their own way.

import type { CredentialClass, IdentityKind } from '../types';

/** Where an event is: its store id (valid while its file stays loaded), its eventID and its record. */
export interface LineageEventRef {
  id: number;
  eventID: string | null;
  eventName: string | null;
  eventTime: string | null;
  file: string;
  recordIndex: number;
}

/**
 * How an issuing event was tied to the credentials: `key` when it minted the very access key id the session used
 * (keys are unique), `session` when only the role ARN, session name and creation time agree (session names are
 * not unique: a weaker match).
 */
export type LinkMatch = 'key' | 'session';

/** One step up the chain: the event that issued the credentials of the step below, and who called it. */
export interface LineageHop {
  issuer: LineageEventRef;
  match: LinkMatch;
  /** The access key id the issuing event minted (null when the log does not show it, e.g. Identity Center). */
  issuedKey: string | null;
  /** The principal that used the issued credentials, as the step below shows it (assumed-role or federated-user ARN…). */
  session: string | null;
  /** The caller of the issuing event. */
  principal: string | null;
  identityKind: IdentityKind;
  /** The credential the caller used (null when it used none, e.g. a SAML assertion). */
  accessKeyId: string | null;
  accountId: string | null;
  mfa: boolean | null;
  /** sourceIdentity set on (or carried into) the issued session. */
  sourceIdentity: string | null;
  /** The caller's account differs from the account of the session it obtained. */
  crossAccount: boolean;
}

/** What started the chain. */
export type OriginKind =
  | 'iam-user'
  | 'root'
  | 'aws-service'
  | 'ec2-instance'
  | 'saml-user'
  | 'web-identity-user'
  | 'identity-center-user'
  | 'anonymous'
  /** The chain broke: the top principal known is a session whose issuing event is not loaded. */
  | 'session'
  | 'unknown';

export interface LineageOrigin {
  kind: OriginKind;
  principal: string | null;
  accountId: string | null;
  accessKeyId: string | null;
  credential: CredentialClass;
  mfa: boolean | null;
  /** One sentence: who this is and how the chain ends here. */
  how: string;
  /** For a long-term key: the loaded CreateAccessKey event that created it, and who called it. */
  keyCreatedBy: { event: LineageEventRef; principal: string | null } | null;
}

/** Why a chain stops before its origin. */
export type BreakReason = 'not-loaded' | 'loop' | 'too-deep';

/** The issuing event to look for when the chain breaks. */
export interface LineageBreak {
  reason: BreakReason;
  /** The credential whose issuing event is missing. */
  accessKeyId: string | null;
  /** The principal (session) whose credentials the missing event issued. */
  session: string | null;
  accountId: string | null;
  /** API calls that could have issued the credentials. */
  eventNames: string[];
  /** ISO times bounding when the issuing call was made. */
  after: string | null;
  before: string | null;
  message: string;
}

/** The chain from an event up to its origin. */
export interface Lineage {
  event: LineageEventRef & { principal: string | null; accessKeyId: string | null; accountId: string | null };
  /** Nearest issuing event first. */
  hops: LineageHop[];
  origin: LineageOrigin;
  /** The first sourceIdentity met going up: the human or application the administrator required to be named. */
  sourceIdentity: string | null;
  /** True when the chain reaches an origin that needs no issuing event. */
  complete: boolean;
  missing: LineageBreak | null;
}

/** One set of credentials found by sessionActivity. */
export interface ActivitySession {
  /** The access key id (null for a session matched by name only). */
  accessKeyId: string | null;
  /** The principal its first event shows (the session the credentials act as). */
  session: string | null;
  /** The issuing event (null for the key sessionActivity was asked about when no loaded event issued it). */
  issuer: LineageEventRef | null;
  match: LinkMatch | null;
  /** The key of the session whose event issued this one (null for the first). */
  parentKey: string | null;
  depth: number;
  events: number;
}

/** Every event made with a set of credentials and with everything they issued, transitively. */
export interface SessionActivity {
  sessions: ActivitySession[];
  /** Store ids, ascending. */
  ids: number[];
  /** True when the walk stopped at its cap of sessions. */
  truncated: boolean;
}
