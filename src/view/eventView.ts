// Builds what the detail panel shows for one record (an EventView of src/view/messages.ts) from the core's answers:
// classification, decoded identity and trail explanations. Plain data only: the webview renders every string as text.
import {
  apiOperationOf,
  classifyEvent,
  conditionText,
  crossAccountDelivery,
  decodeIdentity,
  describeAge,
  eventFacts,
  explainDefaults,
  explainTrail,
  tlsText,
  type DigestStatus,
  type Lineage,
  type LogVerdict,
  type RawRecord,
  type TrailConfig,
  type TrailVerdict,
  formatCount,
} from '../core';
import {
  isAwsDocsUrl,
  type EventView,
  type ExplanationView,
  type FieldView,
  type IntegrityView,
  type JsonNodeView,
  type LinkView,
  type PanelState,
  type TrailView,
} from './messages';
import { eventNameLabel } from './eventLabels';
import { recordJsonForReading } from './prettyJson';
import { LEVEL_TEXT } from './levels';
import { buildLineageView } from './lineageView';

type ExplanationNode = TrailVerdict['tree'];

/** A JSON tree in the panel stops here: past it the raw JSON section still has everything. */
const MAX_JSON_NODES = 2000;
/** Deeper values of a JSON tree are not drawn (the tree, its clipping and the webview all walk it recursively). */
const MAX_JSON_DEPTH = 32;

/**
 * Longer strings are cut in every section but the raw JSON (which has them whole): the webview takes seconds to
 * lay out a 100 KB value as wrapped text, and a record's strings are as long as whoever wrote them wanted.
 */
const MAX_SHOWN_CHARS = 2000;

export interface EventViewInput {
  record: RawRecord;
  text: string;
  source: PanelState;
  fileLabel: string;
  /** Every copy of the event (itself included) when it was delivered more than once, first loaded first. */
  copies?: CopyInput[];
  /** The configured trails; their `file` is already the path to show (workspace-relative). */
  trails: TrailConfig[];
  trailProblems: string[];
  /** The event's log file in the last integrity validation; absent: the panel has no integrity line. */
  integrity?: IntegrityInput;
  /** The event's session lineage (lineageOfRecord) and how the panel names log files; absent: no lineage section. */
  lineage?: { chain: Lineage; fileLabel: (file: string) => string };
}

/** The event's log file in the last integrity validation (core/integrity). */
export interface IntegrityInput {
  /** The log file's verdict; null when no validation included it. */
  verdict: LogVerdict | null;
  /** The digest that lists it, named as the panel shows files, with that digest's own verdict. */
  digest: { label: string; status: DigestStatus } | null;
}

/** The sentence for each log status; `digest` is the listing digest's label. */
const INTEGRITY_SENTENCES: Readonly<Record<LogVerdict['status'], (digest: string) => string>> = {
  valid: (digest) => `Log file validated: its SHA-256 matches the hash in the digest ${digest}.`,
  modified: (digest) => `Log file modified: its SHA-256 differs from the hash in the digest ${digest}. This is not the file CloudTrail delivered.`,
  'not-covered': () => 'Log file not covered: no digest given lists it, so its integrity cannot be checked.',
  unreadable: () => 'Log file unreadable: it could not be read to the end to check its integrity.',
};

/** What the panel says about the integrity of the event's log file (https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-intro.html). */
function integrityView(input: IntegrityInput): IntegrityView {
  const { verdict, digest } = input;
  if (verdict === null)
    return {
      status: 'not-validated',
      sentence: 'Log file not validated: run CloudTrail: Validate Log Integrity… on the folder holding it and its digest files.',
      reasons: [],
    };
  const sentence = INTEGRITY_SENTENCES[verdict.status](digest?.label ?? 'that lists it');
  // A match against a digest whose own signature was not checked proves only as much as that digest.
  const caveat =
    verdict.status === 'valid' && digest !== null && digest.status !== 'valid'
      ? ` The digest itself is ${digest.status.replace('-', ' ')}: the match proves only as much as it.`
      : '';
  return { status: verdict.status, sentence: sentence + caveat, reasons: verdict.reasons };
}

/** One copy of an event as the panel lists it. */
export interface CopyInput {
  fileLabel: string;
  recordIndex: number;
  /** Where the record starts in the file's text (inflated for gzip); null when the file could not be read again. */
  position: { line: number; column: number } | null;
  gzip: boolean;
  /** The copy the panel shows. */
  current: boolean;
}

/** The copies as fields: the file, then where in it ("record 3, line 1, column 2,041"). */
function copyFields(copies: readonly CopyInput[]): FieldView[] {
  if (copies.length < 2) return [];
  return copies.map((copy) => {
    const position = copy.position
      ? `, line ${formatCount(copy.position.line)}, column ${formatCount(copy.position.column)}${copy.gzip ? ' of the inflated text' : ''}`
      : '';
    return {
      label: copy.fileLabel,
      value: `record ${formatCount(copy.recordIndex + 1)}${position}`,
      ...(copy.current ? { note: 'shown here' } : {}),
    };
  });
}

export function buildEventView(input: EventViewInput): EventView {
  const { record } = input;
  const classification = classifyEvent(record);
  const identity = decodeIdentity(record);
  // ListObjects with list-type 2 is a ListObjectsV2 call: the panel names both.
  const eventName = eventNameLabel(text(record.eventName) ?? null, apiOperationOf(record)?.operation ?? null);
  const errorCode = text(record.errorCode);
  const links: LinkView[] = [];
  if (classification.apiReference) links.push({ label: `${eventName} API reference`, url: classification.apiReference });
  links.push({
    label: 'CloudTrail userIdentity element',
    url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html',
  });
  if (classification.isS3)
    links.push({
      label: 'Amazon S3 events in CloudTrail',
      url: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html',
    });

  const levelLabel = classification.level ? LEVEL_TEXT[classification.level].label : classification.isS3 ? 'S3, level unknown' : 'Not an S3 event';
  const trails = input.trails.map((trail) => trailView(explainTrail(record, trail)));
  const facts = eventFacts(record);
  const { source, rawJson, ...sections } = {
    eventName,
    source: input.source,
    fileLabel: input.fileLabel,
    summary: {
      sentence: summarySentence(record, identity.principal ?? identity.kindLabel, eventName, errorCode),
      failed: errorCode !== undefined,
      fields: compact([
        field('Time', text(record.eventTime), localTime(text(record.eventTime))),
        field('Event source', text(record.eventSource)),
        field('Region', text(record.awsRegion)),
        field('Source IP', facts.sourceIPAddress),
        field('User agent', facts.userAgent),
        field('Bucket', bucketOf(record)),
        field('Object key', text(path(record, 'requestParameters', 'key'))),
        facts.errorCode ? field('Error', facts.errorCode, facts.errorMessage) : field('Error message', facts.errorMessage),
        field('Event type', text(record.eventType)),
        field('Read-only', text(record.readOnly)),
        field('Recipient account', facts.recipientAccountId, 'the account whose copy of the event this record is'),
        field('Event ID', text(record.eventID)),
        field('Request ID', text(record.requestID)),
        field('Shared event ID', facts.sharedEventID, 'the same call delivered to more than one account: the copies share it'),
        field('VPC endpoint', facts.vpcEndpointId),
        field('TLS', facts.tlsDetails && tlsText(facts.tlsDetails)),
        field(
          'Bytes in',
          facts.bytesTransferredIn === undefined ? undefined : formatCount(facts.bytesTransferredIn),
          'additionalEventData.bytesTransferredIn',
        ),
        field(
          'Bytes out',
          facts.bytesTransferredOut === undefined ? undefined : formatCount(facts.bytesTransferredOut),
          'additionalEventData.bytesTransferredOut',
        ),
      ]),
    },
    copies: copyFields(input.copies ?? []),
    ...(input.integrity === undefined ? {} : { integrity: integrityView(input.integrity) }),
    identity: {
      sentence: identity.summary,
      fields: compact([
        field('Kind', identity.kindLabel, identity.type ? `userIdentity.type ${identity.type}` : 'no userIdentity.type'),
        field('Principal', identity.principal),
        field('ARN', identity.arn),
        field('User name', identity.userName),
        field('Principal ID', identity.principalId, identity.principalIdDecoded?.words ?? identity.principalIdPrefix?.meaning),
        field('Account', identity.accountId, identity.accountIdSource ? `from ${identity.accountIdSource}` : undefined),
        field('Access key', identity.accessKeyId, identity.accessKey?.summary),
        field(
          'Account in the key',
          identity.keyAccountMismatch?.keyAccountId,
          'not the record’s account: anonymised data, or a key of another account',
        ),
        field('Credential', identity.credential),
        field('MFA', identity.mfa === null ? 'not stated' : identity.mfa ? 'yes' : 'no'),
        identity.consoleSession ? field('Console session', 'yes') : undefined,
        identity.assumedRoot ? field('Assumed root', 'yes', 'privileged root session obtained with sts:AssumeRoot') : undefined,
        field('Invoked by', identity.invokedBy),
        field('Source identity', identity.sourceIdentity),
        field('Web identity provider', identity.webIdentityProvider),
        field('SAML provider', identity.samlProvider),
        field(
          'Identity Center',
          identity.identityCenter ? `permission set ${identity.identityCenter.permissionSet}` : undefined,
          identity.identityCenter?.userName ?? undefined,
        ),
        field('On behalf of', identity.onBehalfOf?.userId, identity.onBehalfOf?.identityStoreArn ?? undefined),
        field(
          'EC2 role delivery',
          identity.ec2RoleDelivery,
          identity.ec2RoleDelivery === '1.0'
            ? 'IMDSv1: instance credentials fetched without a session token, the version SSRF attacks can reach'
            : identity.ec2RoleDelivery === '2.0'
              ? 'IMDSv2'
              : undefined,
        ),
        field('In scope of', identity.inScopeOf),
        identity.crossAccount
          ? field(
              'Cross-account',
              `caller ${identity.crossAccount.callerAccountId} → recipient ${identity.crossAccount.recipientAccountId}`,
              'this copy of the event went to another account',
            )
          : undefined,
        identity.anonymous ? field('Anonymous', 'yes', 'unsigned request') : undefined,
        field('Root or IAM user credentials?', identity.questions.rootOrIamUser),
        field('Temporary credentials of a role or federated user?', identity.questions.temporaryCredentials),
        field('Made by another AWS service?', identity.questions.awsService),
      ]),
      chain: identity.sessionIssuer
        ? compact([
            field('Issuer type', identity.sessionIssuer.type),
            field('Issuer', identity.sessionIssuer.arn ?? identity.sessionIssuer.name),
            field('Issuer account', identity.sessionIssuer.accountId),
            field('Issuer principal ID', identity.sessionIssuer.principalId),
            field('Session name', identity.sessionName),
            field('Session created', identity.sessionCreated, localTime(identity.sessionCreated ?? undefined)),
          ])
        : compact([field('Session name', identity.sessionName), field('Session created', identity.sessionCreated)]),
    },
    ...(input.lineage === undefined ? {} : { lineage: buildLineageView(input.lineage.chain, input.lineage.fileLabel) }),
    level: {
      label: levelLabel,
      reason: classification.reason,
      fields: compact([
        field('Category', classification.category ?? undefined),
        field('Read-only', classification.readOnly === null ? undefined : String(classification.readOnly)),
        classification.inferred ? field('Inferred', 'yes', 'not in the catalogue: the level comes from the record’s own fields') : undefined,
        field('Special case', classification.specialCase),
      ]),
      evidence: classification.evidence.map((evidence) => ({ label: evidence.field, value: evidence.value, note: evidence.meaning })),
    },
    trails,
    defaults: trails.length === 0 ? defaultsView(record) : undefined,
    crossAccount: crossAccountLines(record, classification.isS3),
    trailProblems: input.trailProblems,
    requestParameters: jsonNode('requestParameters', record.requestParameters),
    responseElements: jsonNode('responseElements', record.responseElements),
    resources: jsonNode('resources', record.resources),
    rawJson: recordJsonForReading(input.text, record),
    links: links.filter((link) => isAwsDocsUrl(link.url)),
  };
  return { ...clipStrings(sections), source, rawJson };
}

/** Every string inside a value, cut at MAX_SHOWN_CHARS with a note of how much was left out. */
function clipStrings<T>(value: T): T {
  if (typeof value === 'string') return clip(value) as T;
  if (Array.isArray(value)) return value.map(clipStrings) as T;
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, clipStrings(item)])) as T;
  return value;
}

function clip(text: string): string {
  if (text.length <= MAX_SHOWN_CHARS) return text;
  // Never split a surrogate pair: half of an emoji would render as a replacement character.
  const end = isHighSurrogate(text.charCodeAt(MAX_SHOWN_CHARS - 1)) ? MAX_SHOWN_CHARS - 1 : MAX_SHOWN_CHARS;
  return `${text.slice(0, end)}… (${formatCount(text.length - end)} more characters in the raw JSON)`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function trailView(verdict: TrailVerdict): TrailView {
  return { name: verdict.name, file: verdict.file, logged: verdict.logged, reasons: verdict.reasons, tree: explanationView(verdict.tree) };
}

/**
 * What CloudTrail does with the event when no trail is configured: two answers, drawn like trail verdicts, since one
 * badge cannot say both — whether Event history shows it now, and whether a trail with the default selector would log it.
 */
function defaultsView(record: RawRecord): TrailView[] {
  const defaults = explainDefaults(record);
  const history = {
    name: 'Event history now (no trail)',
    file: '',
    logged: defaults.inEventHistory,
    reasons: [defaults.historyReason],
    tree: { label: defaults.historyReason, passed: defaults.inEventHistory, children: [] },
  } satisfies TrailView;
  const defaultTrail = {
    name: 'A trail with the default selector',
    file: '',
    logged: defaults.loggedByDefaultTrail,
    reasons: [...defaults.reasons, ...defaults.selectionNeeded.map((selection) => `To log it: ${selection}`)],
    tree: explanationView(defaults.tree),
  } satisfies TrailView;
  return [history, defaultTrail];
}

/** Each node's sentence, with its raw condition and the event's value as the dimmer secondary text. */
function explanationView(node: ExplanationNode): ExplanationView {
  const detail = conditionText(node);
  return {
    label: node.label,
    detail: detail || undefined,
    passed: node.outcome === 'info' ? undefined : node.outcome === 'matched',
    children: (node.children ?? []).map(explanationView),
  };
}

/** Which accounts receive this event and whose copy this record is; for S3 events and cross-account requests. */
function crossAccountLines(record: RawRecord, isS3: boolean): string[] {
  const delivery = crossAccountDelivery(record);
  if (!isS3 && !delivery.crossAccount) return [];
  const recipients = delivery.crossAccount
    ? delivery.recipients.map(
        (recipient) =>
          `${recipient.role === 'requester' ? 'Requester' : 'Bucket owner'} ${recipient.accountId ?? '(account unknown)'}: ${recipient.receives === 'yes' ? 'receives it' : 'may receive it'}. ${recipient.reason}`,
      )
    : [];
  return [delivery.summary, delivery.thisCopy, ...recipients, ...delivery.notes];
}

function summarySentence(record: RawRecord, who: string, eventName: string, errorCode: string | undefined): string {
  const where = [text(record.eventSource), text(record.awsRegion)].filter(Boolean).join(' in ');
  const target = bucketOf(record);
  const key = text(path(record, 'requestParameters', 'key'));
  const on = target ? ` on ${key ? `${target}/${key}` : target}` : '';
  const when = text(record.eventTime);
  const result = errorCode ? `failed with ${errorCode}` : 'succeeded';
  return `${who} called ${eventName}${on}${where ? ` (${where})` : ''}${when ? ` at ${when}` : ''}: ${result}.`;
}

function bucketOf(record: RawRecord): string | undefined {
  return text(path(record, 'requestParameters', 'bucketName')) ?? text(path(record, 'additionalEventData', 'bucketName'));
}

function path(record: RawRecord, ...keys: string[]): unknown {
  let value: unknown = record;
  for (const key of keys) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A record's scalar as display text; objects are not fields. */
function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function field(label: string, value: string | null | undefined, note?: string | null): FieldView | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return note ? { label, value, note } : { label, value };
}

function compact(fields: (FieldView | undefined)[]): FieldView[] {
  return fields.filter((item): item is FieldView => item !== undefined);
}

/** eventTime as the reader's local time and its age, e.g. "21 Nov 2022, 19:06 local, 3 days ago". */
function localTime(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) return undefined;
  const local = new Date(millis).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  return `${local} local, ${describeAge(Date.now() - millis)}`;
}

function jsonNode(key: string, value: unknown): JsonNodeView | undefined {
  if (value === undefined) return undefined;
  const budget = { left: MAX_JSON_NODES };
  return toJsonNode(key, value, budget, 0);
}

function toJsonNode(key: string, value: unknown, budget: { left: number }, depth: number): JsonNodeView {
  budget.left--;
  if (value === null || typeof value !== 'object') return { key, value: JSON.stringify(value) ?? String(value) };
  if (depth >= MAX_JSON_DEPTH) return { key, value: `nested more than ${MAX_JSON_DEPTH} levels deep: see the raw JSON` };
  const entries: [string, unknown][] = Array.isArray(value) ? value.map((item, index) => [`[${index}]`, item]) : Object.entries(value);
  const children: JsonNodeView[] = [];
  for (const [childKey, child] of entries) {
    if (budget.left <= 0) {
      children.push({ key: '…', value: 'more in the raw JSON' });
      break;
    }
    children.push(toJsonNode(childKey, child, budget, depth + 1));
  }
  return { key, value: Array.isArray(value) ? `${entries.length} items` : entries.length === 0 ? '{}' : undefined, children };
}
