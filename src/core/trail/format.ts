// Plain-text rendering of explanations for a person (`ctlens explain`): an indented tree, one line per node.

import type { DefaultsExplanation } from './defaults';
import type { EventExplanation } from './eventExplanation';
import type { ExplanationNode, NodeOutcome, TrailVerdict } from './types';

const MARKS: Readonly<Record<NodeOutcome, string>> = {
  matched: '✓',
  'not-matched': '✗',
  info: '•',
};

/** The tree as indented lines. */
function formatTree(node: ExplanationNode, depth = 0): string[] {
  const lines = [`${'  '.repeat(depth)}${MARKS[node.outcome]} ${node.label}`];
  for (const child of node.children ?? []) lines.push(...formatTree(child, depth + 1));
  return lines;
}

function formatVerdict(verdict: TrailVerdict): string[] {
  return [
    `${verdict.logged ? 'LOGGED' : 'NOT LOGGED'} by trail "${verdict.name}" (${verdict.file})`,
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
