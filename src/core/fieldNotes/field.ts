// Hover notes on the fields of a CloudTrail record, in plain text (the VS Code layer escapes it).
// One note writer per field, chosen from tables; any ARN value anywhere gets its parts.
// Field meanings: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html

import { isIPv4, isIPv6 } from 'node:net';
import { describeArnParts, parseArn } from '../arn';
import { describeAccessKey, ID_PREFIX_REFERENCE } from '../identity/accessKey';
import { decodeIdentity } from '../identity/decode';
import { describeKind } from '../identity/kinds';
import { decodePrincipalId } from '../identity/principalId';
import { classifyEvent } from '../s3/classify';
import { apiOperationOf } from '../s3/operation';
import { SPECIAL_CASES, type SpecialCaseId } from '../s3/specialCases';
import type { RawRecord } from '../types';
import { describeErrorCode } from './errorCodes';
import { EVENT_CATEGORIES, EVENT_SOURCES, EVENT_TYPES, EVENT_VERSIONS, isServiceHostName, RECORD_CONTENTS_URL, RESOURCE_TYPES } from './glossary';
import { eventCategoryWords } from '../eventCategory';
import { callStory } from './callStory';

export interface FieldLink {
  label: string;
  url: string;
}

export interface FieldNote {
  title: string;
  lines: string[];
  links?: FieldLink[];
}

type Path = ReadonlyArray<string | number>;
type NoteWriter = (record: RawRecord, value: unknown, now: Date) => FieldNote | undefined;

const USER_IDENTITY_URL = 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html';
const S3_EVENTS_URL = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html';
const RECORD_CONTENTS: FieldLink = { label: 'CloudTrail record contents', url: RECORD_CONTENTS_URL };

/**
 * The value at `path`, reading own properties only: a record key such as `__proto__` or `constructor` is the
 * record's data, never something inherited (and `record['__proto__']` would return the prototype).
 */
function valueAt(record: RawRecord, path: Path): unknown {
  let value: unknown = record;
  for (const step of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = Object.getOwnPropertyDescriptor(value, step)?.value;
  }
  return value;
}

function show(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

const DAY_MS = 86_400_000;

/** "3 hours", "12 days", "5 months", "2 years" — an age a person reads at a glance. */
export function describeAge(milliseconds: number): string {
  const future = milliseconds < 0;
  const absolute = Math.abs(milliseconds);
  let text: string;
  if (absolute < 60_000) text = 'less than a minute';
  else if (absolute < 3_600_000) text = plural(Math.floor(absolute / 60_000), 'minute');
  else if (absolute < DAY_MS) text = plural(Math.floor(absolute / 3_600_000), 'hour');
  else if (absolute < 60 * DAY_MS) text = plural(Math.floor(absolute / DAY_MS), 'day');
  else if (absolute < 730 * DAY_MS) text = plural(Math.floor(absolute / (30.44 * DAY_MS)), 'month');
  else text = plural(Math.floor(absolute / (365.25 * DAY_MS)), 'year');
  return future ? `in ${text} (in the future: check the clock or the data)` : `${text} ago`;
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}

/** ISO 8601 times as CloudTrail writes them; a few data sets write `YYYY-MM-DD HH:MM:SS` (read as UTC). */
function parseTime(value: string): { time: number; iso: boolean } | null {
  const iso = value.includes('T');
  const time = Date.parse(iso ? value : `${value.replace(' ', 'T')}Z`);
  return Number.isNaN(time) ? null : { time, iso };
}

function noteOnTime(title: string, value: unknown, now: Date, meaning: string): FieldNote {
  if (typeof value !== 'string') return { title, lines: [`Not a time string: ${show(value)}.`, meaning], links: [RECORD_CONTENTS] };
  const parsed = parseTime(value);
  if (parsed === null) return { title, lines: [`${value} is not a valid ISO 8601 time.`, meaning], links: [RECORD_CONTENTS] };
  const lines = [`${new Date(parsed.time).toISOString()} (UTC)`, `Age: ${describeAge(now.getTime() - parsed.time)}.`, meaning];
  if (!parsed.iso) lines.push('Written without the ISO 8601 "T" and "Z": read as UTC.');
  return { title, lines, links: [RECORD_CONTENTS] };
}

function noteOnEventName(record: RawRecord): FieldNote {
  const classification = classifyEvent(record);
  const operation = apiOperationOf(record);
  const eventName = typeof record.eventName === 'string' ? record.eventName : '(no eventName)';
  const name = operation === null ? eventName : `${eventName} (${operation.operation})`;
  const links: FieldLink[] = [];
  if (operation !== null) links.push({ label: `${operation.operation} API reference`, url: operation.reference });
  else if (classification.apiReference) links.push({ label: `${name} API reference`, url: classification.apiReference });
  const story = callStory(record);
  if (!classification.isS3) {
    const service = typeof record.eventSource === 'string' ? record.eventSource.replace(/\.amazonaws\.com$/, '') : 'unknown service';
    return {
      title: story.length === 0 ? `${name}: not an Amazon S3 event` : `${name}: what this ${service} call did`,
      lines: [...story, classification.reason],
      links: [...links, RECORD_CONTENTS],
    };
  }
  links.push({ label: 'Amazon S3 CloudTrail events', url: S3_EVENTS_URL });
  if (classification.specialCase !== undefined && classification.specialCase in SPECIAL_CASES) {
    const specialCase = SPECIAL_CASES[classification.specialCase as SpecialCaseId];
    links.push(...specialCase.links.filter((link) => !links.some((known) => known.url === link.url)));
  }
  const level = classification.level === null ? 'no level' : `${classification.level}-level`;
  const kind = classification.category === null ? 'event' : `${eventCategoryWords(classification.category)} event`;
  return {
    title: `${name}: ${level} S3 ${kind}${classification.inferred ? ' (inferred)' : ''}`,
    lines: [
      ...story,
      ...(operation === null ? [] : [listedAsWords(eventName, operation.operation, operation.evidence)]),
      classification.reason,
      `Read-only: ${classification.readOnly === null ? 'not stated' : classification.readOnly ? 'yes' : 'no (a write)'}.`,
      ...classification.evidence.map((evidence) => `${evidence.field}${evidence.value === '' ? '' : ` = ${evidence.value}`}: ${evidence.meaning}`),
    ],
    links,
  };
}

function listedAsWords(eventName: string, operation: string, evidence: string): string {
  return `A ${operation} call: CloudTrail logs ${operation} requests as ${eventName}; ${evidence} says which one this was.`;
}

/** What a principalId names, from the same decoding the identity summary uses. */
function principalIdLines(value: string, links: FieldLink[]): string[] {
  const decoded = decodePrincipalId(value);
  if (decoded === null) return ['Empty: an anonymous request carries no principal id.'];
  const lines = [`Names the ${decoded.words}.`];
  if (decoded.prefix) {
    lines.push(`Prefix ${decoded.prefix.prefix}: ${decoded.prefix.meaning}.`);
    links.push({ label: 'IAM unique id prefixes', url: ID_PREFIX_REFERENCE });
  }
  return lines;
}

/**
 * invokedBy "AWS Internal" names no service; with a temporary key it marks a forward access session.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_forward_access_sessions.html
 */
function invokedByLines(record: RawRecord, value: string): string[] {
  if (value !== 'AWS Internal') return [`${value} made this call on the principal's behalf.`];
  return decodeIdentity(record).forwardAccessSession
    ? [
        "An AWS service made this call on the principal's behalf with a forward access session: temporary credentials derived from the original request, not a session the principal opened.",
      ]
    : ["An AWS service made this call on the principal's behalf; CloudTrail does not name which."];
}

const IMDS_NOTES: Readonly<Record<string, string>> = {
  '1.0':
    'IMDSv1 delivered these EC2 instance role credentials: the older instance metadata service answers any GET from the instance, so an SSRF flaw can steal them. Require IMDSv2 (HttpTokens required).',
  '2.0': 'IMDSv2 delivered these EC2 instance role credentials: the session-oriented metadata service, which needs a token obtained with a PUT.',
};

function noteOnIdentity(record: RawRecord, path: Path, value: unknown): FieldNote {
  const identity = decodeIdentity(record);
  const lines = [
    identity.summary,
    `Root or IAM user credentials? ${identity.questions.rootOrIamUser}`,
    `Temporary credentials of a role or federated user? ${identity.questions.temporaryCredentials}`,
    `Made by another AWS service? ${identity.questions.awsService}`,
  ];
  const last = path[path.length - 1];
  const links: FieldLink[] = [{ label: 'CloudTrail userIdentity element', url: USER_IDENTITY_URL }];
  if (last === 'type') lines.push(`${show(value)}: ${describeKind(identity.kind).meaning}`);
  if (typeof value === 'string') {
    if (last === 'accessKeyId' && value !== '') lines.push(describeAccessKey(value).summary);
    if (last === 'principalId' || last === 'principalid') lines.push(...principalIdLines(value, links));
    if (last === 'invokedBy') lines.push(...invokedByLines(record, value));
    if (last === 'ec2RoleDelivery') {
      lines.push(Object.hasOwn(IMDS_NOTES, value) ? (IMDS_NOTES[value] as string) : `ec2RoleDelivery ${value}: a version AWS has not documented.`);
      links.push({
        label: 'Instance metadata service',
        url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configuring-instance-metadata-service.html',
      });
    }
    if (last === 'mfaAuthenticated')
      lines.push(value === 'true' ? 'The user behind these credentials signed in with MFA.' : 'No MFA was used to obtain these credentials.');
    if (last === 'creationDate') {
      const parsed = parseTime(value);
      if (parsed) lines.push(`Credentials issued at ${new Date(parsed.time).toISOString()} (UTC).`);
    }
    if (value.startsWith('arn:')) {
      const arn = parseArn(value);
      if (arn) lines.push(...describeArnParts(arn));
    }
  }
  return { title: `userIdentity: ${identity.kindLabel}`, lines, links };
}

function noteOnAccessKeyValue(value: unknown): FieldNote | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const key = describeAccessKey(value);
  const lines = [key.summary];
  if (key.prefix) lines.push(`Prefix ${key.prefix.prefix}: ${key.prefix.meaning}.`);
  if (key.decodedAccountId)
    lines.push(
      'The account is decoded offline from the key id itself (undocumented format; AWS STS GetAccessKeyInfo gives the authoritative answer).',
    );
  return {
    title: `Access key ${value}: ${key.credential}`,
    lines,
    links: [
      { label: 'IAM unique id prefixes', url: ID_PREFIX_REFERENCE },
      { label: 'STS GetAccessKeyInfo', url: 'https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html' },
    ],
  };
}

function noteOnArnValue(value: string): FieldNote | undefined {
  const arn = parseArn(value);
  if (arn === null) return undefined;
  return {
    title: `ARN: ${arn.service}${arn.resourceType ? ` ${arn.resourceType}` : ''}`,
    lines: describeArnParts(arn),
    links: [{ label: 'Amazon Resource Names (ARNs)', url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html' }],
  };
}

const PRIVATE_IPV4_PREFIXES = ['10.', '192.168.', ...Array.from({ length: 16 }, (_, index) => `172.${16 + index}.`)];

function noteOnSourceIp(_record: RawRecord, value: unknown): FieldNote {
  const title = 'sourceIPAddress';
  const links = [RECORD_CONTENTS];
  if (typeof value !== 'string') return { title, lines: [`Not a string: ${show(value)}.`], links };
  if (isIPv4(value)) {
    const isPrivate = PRIVATE_IPV4_PREFIXES.some((prefix) => value.startsWith(prefix));
    return {
      title: `${title}: IPv4 address`,
      lines: [
        `${value} is an IPv4 address: the caller's address as AWS saw it.`,
        ...(isPrivate ? ['A private (RFC 1918) address: the request came from inside a VPC, typically through a VPC endpoint.'] : []),
      ],
      links,
    };
  }
  if (isIPv6(value)) return { title: `${title}: IPv6 address`, lines: [`${value} is an IPv6 address: the caller's address as AWS saw it.`], links };
  if (value.startsWith('AWS Internal')) {
    return {
      title: `${title}: AWS internal`,
      lines: [`"${value}": the call originated inside AWS; since 2022-02-24 console sessions that go through a proxy also show "AWS Internal".`],
      links,
    };
  }
  if (isServiceHostName(value)) {
    return {
      title: `${title}: AWS service`,
      lines: [`${value} is an AWS service: the service made the call (for AWS services CloudTrail shows only the DNS name).`],
      links,
    };
  }
  return {
    title,
    lines: [`${value}: neither an IP address nor an AWS service name (for console actions, the address of the underlying resource).`],
    links,
  };
}

function noteOnErrorCode(record: RawRecord, value: unknown): FieldNote {
  const code = show(value);
  const description = describeErrorCode(code);
  const message = typeof record.errorMessage === 'string' ? [`errorMessage: ${record.errorMessage}`] : [];
  if (description === null) {
    return { title: `errorCode ${code}`, lines: ['The service returned this error; the request failed.', ...message], links: [RECORD_CONTENTS] };
  }
  return {
    title: `errorCode ${code}`,
    lines: [description.meaning, ...(description.hint ? [description.hint] : []), ...message],
    links: [{ label: 'Error responses', url: description.reference }],
  };
}

function noteOnEventSource(_record: RawRecord, value: unknown): FieldNote {
  const source = show(value);
  const service = EVENT_SOURCES.get(source);
  return {
    title: `eventSource ${source}`,
    lines: [
      service
        ? `${service}.`
        : `The endpoint name of the AWS service that received the request${isServiceHostName(source) ? '' : ' (not an amazonaws.com name)'}.`,
    ],
    links: [RECORD_CONTENTS],
  };
}

function noteOnReadOnly(_record: RawRecord, value: unknown): FieldNote {
  return {
    title: `readOnly ${show(value)}`,
    lines: [
      value === true
        ? 'A read-only call: it reads but does not change anything.'
        : value === false
          ? 'A write call: it creates, changes or deletes something.'
          : 'Not a boolean.',
      'Trails with ReadWriteType ReadOnly or WriteOnly (or an advanced readOnly field) select events on this value.',
    ],
    links: [RECORD_CONTENTS],
  };
}

function noteFromTable(table: ReadonlyMap<string, string>, field: string): NoteWriter {
  return (_record, value) => ({
    title: `${field} ${show(value)}`,
    lines: [table.get(show(value)) ?? `Value of ${field} not described here.`],
    links: [RECORD_CONTENTS],
  });
}

function noteOnManagementEvent(_record: RawRecord, value: unknown): FieldNote {
  return {
    title: `managementEvent ${show(value)}`,
    lines: [
      value === true
        ? 'A management event: logged by default by trails and kept 90 days in Event history.'
        : value === false
          ? 'Not a management event: a data event (or another category), which a trail logs only when selected.'
          : 'Not a boolean.',
    ],
    links: [RECORD_CONTENTS],
  };
}

function noteOnRecipientAccount(record: RawRecord, value: unknown): FieldNote {
  const identity = decodeIdentity(record);
  const lines = [`Account ${show(value)} received this copy of the event.`];
  if (identity.crossAccount) {
    lines.push(
      `The caller belongs to account ${identity.crossAccount.callerAccountId}: this is a cross-account copy (resource owner's or caller's).`,
    );
  } else if (identity.accountId !== null) {
    lines.push('Same account as the caller.');
  }
  if (typeof record.sharedEventID === 'string')
    lines.push(`sharedEventID ${record.sharedEventID} ties together the copies delivered to several accounts.`);
  return { title: `recipientAccountId ${show(value)}`, lines, links: [RECORD_CONTENTS] };
}

function noteOnRegion(record: RawRecord, value: unknown): FieldNote {
  return {
    title: `awsRegion ${show(value)}`,
    lines: [
      'The Region the request went to. A single-Region trail only logs events of its home Region.',
      ...(value === 'us-east-1' && (record.eventSource === 'iam.amazonaws.com' || record.eventSource === 'sts.amazonaws.com')
        ? ['Global service events (IAM, STS global endpoint, CloudFront) are recorded in us-east-1.']
        : []),
    ],
    links: [RECORD_CONTENTS],
  };
}

/** A field explained by one fixed sentence, titled with its name and value. */
function fixedNote(field: string, note: string): NoteWriter {
  return (_record, value) => ({ title: `${field} ${show(value)}`, lines: [note], links: [RECORD_CONTENTS] });
}

/** Top-level fields with their noteWriters; looked up by a record key, so by own property only. */
const TOP_LEVEL: Readonly<Record<string, NoteWriter>> = {
  eventName: (record) => noteOnEventName(record),
  eventTime: (_record, value, now) =>
    noteOnTime('eventTime', value, now, 'When the request completed, in UTC, stamped by the host that served the API.'),
  sourceIPAddress: noteOnSourceIp,
  errorCode: noteOnErrorCode,
  errorMessage: (record) => noteOnErrorCode(record, record.errorCode),
  eventSource: noteOnEventSource,
  readOnly: noteOnReadOnly,
  eventCategory: noteFromTable(EVENT_CATEGORIES, 'eventCategory'),
  eventType: noteFromTable(EVENT_TYPES, 'eventType'),
  managementEvent: noteOnManagementEvent,
  recipientAccountId: noteOnRecipientAccount,
  awsRegion: noteOnRegion,
  eventVersion: noteFromTable(EVENT_VERSIONS, 'eventVersion'),
  sharedEventID: fixedNote(
    'sharedEventID',
    'The same action was delivered to more than one account (for example the requester and the bucket owner): every copy carries this id, each with its own eventID and recipientAccountId.',
  ),
  vpcEndpointId: fixedNote(
    'vpcEndpointId',
    'The request went through this VPC endpoint (for AWS-originated traffic the value can be "AWS Internal" or a service name).',
  ),
  sessionCredentialFromConsole: fixedNote(
    'sessionCredentialFromConsole',
    'The call was made with console session credentials, through a proxy or an external client; advanced selectors can select on it.',
  ),
  eventID: fixedNote('eventID', "CloudTrail's unique id of this record: use it to de-duplicate (the same event can be delivered twice)."),
};

const SIGN_IN_EVENTS: FieldLink = {
  label: 'Console sign-in events',
  url: 'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html',
};

function noteOnListType(record: RawRecord, value: unknown): FieldNote {
  const operation = apiOperationOf(record);
  if (operation === null) {
    return {
      title: `list-type ${show(value)}`,
      lines: ['The list API version: 2 selects ListObjectsV2; without it the request is the original ListObjects.'],
      links: [RECORD_CONTENTS],
    };
  }
  return {
    title: `list-type ${show(value)}: a ${operation.operation} request`,
    lines: [listedAsWords(String(record.eventName), operation.operation, operation.evidence)],
    links: [{ label: `${operation.operation} API reference`, url: operation.reference }],
  };
}

/** additionalEventData.MFAUsed of a ConsoleLogin: "Yes" or "No". */
function noteOnMfaUsed(record: RawRecord, value: unknown): FieldNote | undefined {
  if (record.eventName !== 'ConsoleLogin') return undefined;
  const identity = decodeIdentity(record);
  const used =
    identity.mfa === true ? 'MFA was used for this console sign-in.' : identity.mfa === false ? 'No MFA was used for this console sign-in.' : '';
  return { title: `MFAUsed ${show(value)}`, lines: [used || `Not "Yes" or "No": ${show(value)}.`, identity.summary], links: [SIGN_IN_EVENTS] };
}

/** responseElements.ConsoleLogin: Success or Failure. */
function noteOnConsoleLogin(record: RawRecord, value: unknown): FieldNote | undefined {
  if (record.eventName !== 'ConsoleLogin') return undefined;
  const identity = decodeIdentity(record);
  const signIn = identity.consoleSignIn;
  const outcome =
    signIn?.outcome === 'success'
      ? 'The console sign-in succeeded.'
      : signIn?.outcome === 'failure'
        ? `The console sign-in failed${signIn.errorMessage ? `: ${signIn.errorMessage}` : ''}.`
        : `Not "Success" or "Failure": ${show(value)}.`;
  return { title: `ConsoleLogin ${show(value)}`, lines: [outcome, identity.summary], links: [SIGN_IN_EVENTS] };
}

/** Fields one level down (parent.child), looked up by own property only. */
const NESTED: Readonly<Record<string, NoteWriter>> = {
  'requestParameters.list-type': noteOnListType,
  'additionalEventData.MFAUsed': noteOnMfaUsed,
  'responseElements.ConsoleLogin': noteOnConsoleLogin,
};

/** resources[i].type values. */
function noteOnResourceType(value: unknown): FieldNote {
  return {
    title: `Resource type ${show(value)}`,
    lines: [RESOURCE_TYPES.get(show(value)) ?? 'A resource type, written AWS::<service>::<type>.'],
    links: [RECORD_CONTENTS],
  };
}

/** A note on the value at `path` in the record, or undefined when there is nothing useful to say. */
export function fieldNote(record: RawRecord, path: (string | number)[], now: Date = new Date()): FieldNote | undefined {
  if (path.length === 0) return undefined;
  const value = valueAt(record, path);
  const top = path[0];
  const last = path[path.length - 1];
  if (top === 'userIdentity') return noteOnIdentity(record, path, value);
  if (path.length === 1 && typeof top === 'string') {
    const writer = Object.hasOwn(TOP_LEVEL, top) ? TOP_LEVEL[top] : undefined;
    if (writer) return writer(record, value, now);
  }
  if (path.length === 2) {
    const key = `${String(top)}.${String(last)}`;
    const writer = Object.hasOwn(NESTED, key) ? NESTED[key] : undefined;
    const note = writer?.(record, value, now);
    if (note) return note;
  }
  if (last === 'accessKeyId') return noteOnAccessKeyValue(value);
  if (top === 'resources' && last === 'type' && path.length === 3) return noteOnResourceType(value);
  if (typeof value === 'string' && value.startsWith('arn:')) return noteOnArnValue(value);
  return undefined;
}
