// Plain-text rendering of explanations for a person (`ctlens explain`): an indented tree, one line per node.

import type { DefaultsExplanation } from './defaults';
import type { EventExplanation, EventFacts, TlsDetails } from './eventExplanation';
import type { ExplanationNode, NodeOutcome, TrailVerdict } from './types';

const MARKS: Readonly<Record<NodeOutcome, string>> = {
  matched: '✓',
  'not-matched': '✗',
  info: '•',
};

/** A verdict's first word; null: the logs do not tell (a trail rebuilt from them, before its first change seen). */
const VERDICT_WORDS: Readonly<Record<string, string>> = { true: 'LOGGED', false: 'NOT LOGGED', null: 'UNKNOWN whether logged' };

/**
 * A node's raw condition and the event's value, the secondary text beside its sentence: `awsRegion = us-east-1
 * (IsMultiRegionTrail false, HomeRegion us-east-1) · event: us-east-1`. Empty when the node has neither.
 */
export function conditionText(node: ExplanationNode): string {
  const actual = Array.isArray(node.actual) ? node.actual.join(', ') : node.actual;
  const condition = node.condition === undefined ? undefined : node.field === undefined ? node.condition : `${node.field} ${node.condition}`;
  const value =
    actual === undefined
      ? undefined
      : actual === null
        ? `the record has no ${node.field ?? 'value'}`
        : condition === undefined && node.field !== undefined
          ? `${node.field}: ${actual}`
          : `event: ${actual}`;
  return [condition, value].filter((part) => part !== undefined).join(' · ');
}

/** The tree as indented lines: each sentence, then its raw condition in brackets. */
function formatTree(node: ExplanationNode, depth = 0): string[] {
  const condition = conditionText(node);
  const lines = [`${'  '.repeat(depth)}${MARKS[node.outcome]} ${node.label}${condition === '' ? '' : `  [${condition}]`}`];
  for (const child of node.children ?? []) lines.push(...formatTree(child, depth + 1));
  return lines;
}

function formatVerdict(verdict: TrailVerdict): string[] {
  return [
    `${VERDICT_WORDS[String(verdict.logged)]} by trail "${verdict.name}" (${verdict.file ?? 'rebuilt from the logs'})`,
    ...verdict.reasons.map((reason) => `  ${reason}`),
    ...formatTree(verdict.tree, 1),
  ];
}

function formatDefaults(defaults: DefaultsExplanation): string[] {
  const lines = ['With no trail configured:', ...defaults.reasons.map((reason) => `  ${reason}`)];
  if (defaults.selectionNeeded.length > 0) {
    lines.push('  To log it, a trail needs:', ...defaults.selectionNeeded.map((selection) => `    - ${selection}`));
  }
  return lines;
}

/** One line per fact the record states, in the order a responder reads them. */
const FACT_LINES: readonly ((facts: EventFacts) => string | undefined)[] = [
  ({ errorCode, errorMessage }) =>
    errorCode !== undefined
      ? `Error: ${errorCode}${errorMessage !== undefined ? ` (${errorMessage})` : ''}`
      : errorMessage && `Error message: ${errorMessage}`,
  ({ sourceIPAddress }) => sourceIPAddress && `Source IP address: ${sourceIPAddress}`,
  ({ userAgent }) => userAgent && `User agent: ${userAgent}`,
  ({ vpcEndpointId }) => vpcEndpointId && `VPC endpoint: ${vpcEndpointId}`,
  ({ tlsDetails }) => tlsDetails && `TLS: ${tlsText(tlsDetails)}`,
  ({ bytesTransferredIn, bytesTransferredOut }) =>
    bytesTransferredIn === undefined && bytesTransferredOut === undefined
      ? undefined
      : `Bytes transferred: in ${bytesTransferredIn ?? '(not stated)'}, out ${bytesTransferredOut ?? '(not stated)'}`,
  ({ recipientAccountId }) => recipientAccountId && `Recipient account (whose copy this record is): ${recipientAccountId}`,
  ({ sharedEventID }) => sharedEventID && `Shared event ID: ${sharedEventID} (the same call delivered to more than one account)`,
];

/** "TLSv1.3, cipher TLS_AES_128_GCM_SHA256, host s3.amazonaws.com": the parts the record has. */
export function tlsText(tls: TlsDetails): string {
  return [
    tls.tlsVersion,
    tls.cipherSuite && `cipher ${tls.cipherSuite}`,
    tls.keyExchange && `key exchange ${tls.keyExchange}`,
    tls.clientProvidedHostHeader && `host ${tls.clientProvidedHostHeader}`,
  ]
    .filter(Boolean)
    .join(', ');
}

/** The facts as lines (none when the record states none of them). */
export function factLines(facts: EventFacts): string[] {
  return FACT_LINES.map((line) => line(facts)).filter((line): line is string => Boolean(line));
}

function isVerdict(value: EventExplanation | TrailVerdict | DefaultsExplanation): value is TrailVerdict {
  return 'logged' in value && 'tree' in value && 'name' in value;
}

function isDefaults(value: EventExplanation | TrailVerdict | DefaultsExplanation): value is DefaultsExplanation {
  return 'selectionNeeded' in value;
}

/**
 * The lines of an explanation, kept apart so a terminal printer can escape each one: a record's string may hold
 * a line break of its own, which must not look like one of ours.
 */
export function explanationLines(explanation: EventExplanation | TrailVerdict | DefaultsExplanation): string[] {
  if (isVerdict(explanation)) return formatVerdict(explanation);
  if (isDefaults(explanation)) return formatDefaults(explanation);
  const { classification, identity, crossAccount } = explanation;
  const lines: string[] = [
    `Event ${explanation.eventName ?? '(no eventName)'} at ${explanation.eventTime ?? '(no eventTime)'}${explanation.eventID ? ` [${explanation.eventID}]` : ''}`,
    ...factLines(explanation.facts).map((line) => `  ${line}`),
    '',
    `S3 level: ${classification.isS3 ? `${classification.level ?? 'none'}${classification.inferred ? ' (inferred)' : ''}` : 'not an S3 event'}; category: ${classification.category ?? 'none'}`,
    `  ${classification.reason}`,
  ];
  if (classification.apiReference) lines.push(`  API reference: ${classification.apiReference}`);
  lines.push(
    '',
    `Identity: ${identity.summary}`,
    `  Root or IAM user credentials? ${identity.questions.rootOrIamUser}`,
    `  Temporary credentials of a role or federated user? ${identity.questions.temporaryCredentials}`,
    `  Made by another AWS service? ${identity.questions.awsService}`,
    '',
  );
  if (explanation.verdicts.length === 0) lines.push('No trail configuration given.');
  for (const verdict of explanation.verdicts) lines.push(...formatVerdict(verdict), '');
  lines.push(...formatDefaults(explanation.defaults), '', `Delivery: ${crossAccount.thisCopy}`);
  for (const recipient of crossAccount.recipients) {
    lines.push(
      `  ${recipient.role} ${recipient.accountId ?? '(unknown account)'}: ${recipient.receives === 'yes' ? 'receives it' : 'may receive it'}. ${recipient.reason}`,
    );
  }
  for (const note of crossAccount.notes) lines.push(`  ${note}`);
  return lines;
}
