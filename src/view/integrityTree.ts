// The Integrity view's model and the file decorations of validated files: what a validation of log files against
// CloudTrail digest files found (core/integrity), as rows with counts, codicons and tones, and as badges. The
// procedure: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-custom-validation.html

import * as path from 'node:path';
import type { DigestStatus, DigestVerdict, Gap, IntegrityResult, LogStatus, LogVerdict, Missing } from '../core';
import { formatCount } from '../core';

/** error: content shown not to be what CloudTrail wrote; warning: something cannot be checked or is absent. */
export type IntegrityTone = 'error' | 'warning' | null;

export interface IntegrityTreeNode {
  label: string;
  description: string;
  tooltip: string;
  /** A codicon name. */
  icon: string;
  tone: IntegrityTone;
  /** The file a row stands for: the row opens it and carries its decoration. */
  file?: string;
  /** How many items a summary or group row stands for. */
  count?: number;
  /** Open at first: a row with a problem inside. */
  expanded: boolean;
  children: IntegrityTreeNode[];
}

/** Where a public key file came from: the setting, or found in a validated folder beside the logs. */
export interface KeySource {
  file: string;
  origin: 'setting' | 'folder';
}

export interface IntegrityTreeInput {
  result: IntegrityResult;
  keySources: readonly KeySource[];
  /** Problems reading the public keys (the engine's PublicKeys.problems). */
  keyProblems: readonly string[];
  /** A short name for a file (workspace-relative when inside it). */
  label(file: string): string;
}

interface StatusLooks {
  /** Words for one file of this status, e.g. "modified". */
  words: string;
  /** The group row's label. */
  group: string;
  icon: string;
  tone: IntegrityTone;
  /** At most two characters (VS Code's limit for a decoration badge). */
  badge: string;
  /** What the status means, for tooltips. */
  meaning: string;
}

/** Log statuses, worst first (the order of the rows). */
export const LOG_LOOKS: ReadonlyMap<LogStatus, StatusLooks> = new Map<LogStatus, StatusLooks>([
  [
    'modified',
    {
      words: 'modified',
      group: 'Modified',
      icon: 'error',
      tone: 'error',
      badge: 'M',
      meaning: 'its SHA-256 differs from the hash a digest lists: it changed after CloudTrail delivered it',
    },
  ],
  [
    'unreadable',
    { words: 'unreadable', group: 'Unreadable', icon: 'warning', tone: 'warning', badge: '!', meaning: 'it could not be read to the end' },
  ],
  [
    'not-covered',
    {
      words: 'not covered',
      group: 'Not covered by a digest',
      icon: 'question',
      tone: 'warning',
      badge: '?',
      meaning: 'no trusted digest given lists it, so nothing can say whether it is what CloudTrail wrote',
    },
  ],
  ['valid', { words: 'valid', group: 'Valid', icon: 'pass', tone: null, badge: '✓', meaning: 'its SHA-256 matches the hash a digest lists' }],
]);

/** Digest statuses, worst first. */
export const DIGEST_LOOKS: ReadonlyMap<DigestStatus, StatusLooks> = new Map<DigestStatus, StatusLooks>([
  [
    'signature-invalid',
    {
      words: 'signature invalid',
      group: 'Signature invalid',
      icon: 'error',
      tone: 'error',
      badge: 'S',
      meaning: 'its SHA256withRSA signature does not verify with the CloudTrail public key it names',
    },
  ],
  [
    'hash-mismatch',
    {
      words: 'hash mismatch in the chain',
      group: 'Hash mismatch in the chain',
      icon: 'error',
      tone: 'error',
      badge: 'H',
      meaning: 'the next digest’s previousDigestHashValue is not its SHA-256: it changed after delivery',
    },
  ],
  [
    'moved',
    {
      words: 'moved',
      group: 'Moved',
      icon: 'warning',
      tone: 'warning',
      badge: 'MV',
      meaning: 'it is not where its digestS3Object says, relative to the bucket root',
    },
  ],
  [
    'unreadable',
    { words: 'unreadable', group: 'Unreadable', icon: 'warning', tone: 'warning', badge: '!', meaning: 'it is not a readable digest file' },
  ],
  [
    'signature-unchecked',
    {
      words: 'signature unchecked',
      group: 'Signature unchecked',
      icon: 'unverified',
      tone: null,
      badge: '?',
      meaning: 'no public key or no signature to check it with (the newest digest’s signature is S3 metadata a download loses)',
    },
  ],
  ['valid', { words: 'valid', group: 'Valid', icon: 'verified', tone: null, badge: '✓', meaning: 'its signature verifies and the chain holds' }],
]);

function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

/** `2024-05-01 01:00:00` from a digest's ISO time. */
function shortTime(time: string): string {
  return time.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}

function countBy<S extends string>(verdicts: readonly { status: S }[]): Map<S, number> {
  const counts = new Map<S, number>();
  for (const { status } of verdicts) counts.set(status, (counts.get(status) ?? 0) + 1);
  return counts;
}

/** "6 valid, 1 modified", in the order of `looks` (worst first). */
function countWords<S extends string>(verdicts: readonly { status: S }[], looks: ReadonlyMap<S, StatusLooks>): string {
  const counts = countBy(verdicts);
  return [...looks]
    .filter(([status]) => counts.has(status))
    .map(([status, look]) => `${counts.get(status)} ${look.words}`)
    .join(', ');
}

/** One line for the whole result: "7 logs: 1 modified, 6 valid; 3 digests: 3 valid; 2 missing; 1 gap". */
export function integritySummary(result: IntegrityResult): string {
  const parts = [
    `${plural(result.logs.length, 'log')}${result.logs.length ? `: ${countWords(result.logs, LOG_LOOKS)}` : ''}`,
    `${plural(result.digests.length, 'digest')}${result.digests.length ? `: ${countWords(result.digests, DIGEST_LOOKS)}` : ''}`,
  ];
  if (result.missing.length) parts.push(`${result.missing.length} missing`);
  if (result.gaps.length) parts.push(plural(result.gaps.length, 'gap'));
  return parts.join('; ');
}

/** True when every file present is valid and nothing is missing (the exit status 0 of `ctlens verify`). */
export function isAllValid(result: IntegrityResult): boolean {
  return (
    result.logs.every((verdict) => verdict.status === 'valid') &&
    result.digests.every((verdict) => verdict.status === 'valid') &&
    result.missing.length === 0 &&
    result.gaps.length === 0
  );
}

function worstTone(nodes: readonly IntegrityTreeNode[]): IntegrityTone {
  if (nodes.some((node) => node.tone === 'error')) return 'error';
  return nodes.some((node) => node.tone === 'warning') ? 'warning' : null;
}

function fileNode(
  verdict: LogVerdict | DigestVerdict,
  look: StatusLooks,
  linked: string | null,
  linkWords: string,
  input: IntegrityTreeInput,
): IntegrityTreeNode {
  return {
    label: path.basename(verdict.file),
    description: verdict.status === 'valid' && linked !== null ? `${linkWords} ${path.basename(linked)}` : (verdict.reasons[0] ?? look.words),
    tooltip: [
      input.label(verdict.file),
      `${look.words}: ${look.meaning}`,
      ...(linked === null ? [] : [`${linkWords} ${input.label(linked)}`]),
      ...verdict.reasons,
    ].join('\n'),
    icon: look.icon,
    tone: look.tone,
    file: verdict.file,
    expanded: false,
    children: [],
  };
}

function verdictGroups<V extends LogVerdict | DigestVerdict>(
  verdicts: readonly V[],
  looks: ReadonlyMap<V['status'], StatusLooks>,
  toNode: (verdict: V, look: StatusLooks) => IntegrityTreeNode,
): IntegrityTreeNode[] {
  const groups: IntegrityTreeNode[] = [];
  for (const [status, look] of looks) {
    const files = verdicts.filter((verdict) => verdict.status === status).sort((a, b) => a.file.localeCompare(b.file));
    if (files.length === 0) continue;
    groups.push({
      label: look.group,
      description: String(files.length),
      tooltip: `${plural(files.length, 'file')} ${look.words}: ${look.meaning}.`,
      icon: look.icon,
      tone: look.tone,
      count: files.length,
      expanded: look.tone !== null,
      children: files.map((verdict) => toNode(verdict, look)),
    });
  }
  return groups;
}

function summaryNode(
  label: string,
  count: number,
  description: string,
  icon: string,
  tooltip: string,
  children: IntegrityTreeNode[],
): IntegrityTreeNode {
  const tone = worstTone(children);
  return { label, description, tooltip, icon: tone === null ? icon : tone, tone, count, expanded: tone !== null, children };
}

function missingNode(missing: Missing, input: IntegrityTreeInput): IntegrityTreeNode {
  const window = missing.window === null ? '' : `\nCovering ${missing.window.start} to ${missing.window.end}.`;
  return {
    label: path.basename(missing.s3Object),
    description: `${missing.kind === 'log' ? 'log file' : 'digest'} named by ${path.basename(missing.listedBy)}`,
    tooltip: `${missing.reason}${window}\nS3 key: ${missing.s3Object}\nNamed by ${input.label(missing.listedBy)}`,
    icon: 'circle-slash',
    tone: 'error',
    expanded: false,
    children: [],
  };
}

function gapNode(gap: Gap, input: IntegrityTreeInput): IntegrityTreeNode {
  return {
    label: `${shortTime(gap.window.start)} – ${shortTime(gap.window.end)}`,
    description: gap.stream,
    tooltip: `${gap.reason}\nBefore: ${input.label(gap.before)}\nAfter: ${input.label(gap.after)}`,
    icon: 'debug-disconnect',
    tone: 'warning',
    expanded: false,
    children: [],
  };
}

const KEY_ORIGIN_WORDS: Readonly<Record<KeySource['origin'], string>> = {
  setting: 'from cloudtrailLens.publicKeyFiles',
  folder: 'found in the validated folder: it proves only as much as the folder’s source',
};

function keysNode(input: IntegrityTreeInput): IntegrityTreeNode {
  const { keySources } = input;
  const children = [
    ...keySources.map((source) => ({
      label: path.basename(source.file),
      description: KEY_ORIGIN_WORDS[source.origin],
      tooltip: `${input.label(source.file)}\n${KEY_ORIGIN_WORDS[source.origin]}`,
      icon: 'key',
      tone: null,
      file: source.file,
      expanded: false,
      children: [],
    })),
    ...input.keyProblems.map((problem) => ({
      label: problem,
      description: '',
      tooltip: problem,
      icon: 'warning',
      tone: 'warning' as const,
      expanded: false,
      children: [],
    })),
  ];
  const none = keySources.length === 0;
  return {
    label: 'Public keys',
    description: none ? 'none: no signature checked' : plural(keySources.length, 'file'),
    tooltip: none
      ? 'No list-public-keys output was given (setting cloudtrailLens.publicKeyFiles, or a *public-keys*.json file in the validated folder): digest signatures were not checked.'
      : 'The outputs of `aws cloudtrail list-public-keys` the digest signatures were checked with.',
    icon: none ? 'warning' : 'key',
    tone: none || input.keyProblems.length > 0 ? 'warning' : null,
    count: keySources.length,
    expanded: none || input.keyProblems.length > 0,
    children,
  };
}

/** The rows of the Integrity view: log files, digest files, missing, gaps, public keys, other problems. */
export function integrityTree(input: IntegrityTreeInput): IntegrityTreeNode[] {
  const { result } = input;
  const digestStatus = new Map(result.digests.map((digest) => [digest.file, digest.status]));
  const logGroups = verdictGroups(result.logs, LOG_LOOKS, (verdict, look) => {
    const node = fileNode(verdict, look, verdict.digest, 'listed in', input);
    const listing = verdict.digest === null ? undefined : digestStatus.get(verdict.digest);
    // A log matching a digest whose own signature was not checked is as trustworthy as that digest.
    if (verdict.status === 'valid' && listing !== undefined && listing !== 'valid')
      node.description += ` (digest ${DIGEST_LOOKS.get(listing)?.words})`;
    return node;
  });
  const digestGroups = verdictGroups(result.digests, DIGEST_LOOKS, (verdict, look) => fileNode(verdict, look, verdict.next, 'vouched for by', input));
  const rows = [
    summaryNode(
      'Log files',
      result.logs.length,
      countWords(result.logs, LOG_LOOKS) || 'none',
      'file',
      'Each log file’s inflated SHA-256 against the hashValue of the digests that list it.',
      logGroups,
    ),
    summaryNode(
      'Digest files',
      result.digests.length,
      countWords(result.digests, DIGEST_LOOKS) || 'none',
      'file-binary',
      'Each digest’s signature (SHA256withRSA, CloudTrail’s public key) and its place in the chain (previousDigestHashValue, previousDigestSignature).',
      digestGroups,
    ),
  ];
  if (result.missing.length)
    rows.push(
      summaryNode(
        'Missing',
        result.missing.length,
        String(result.missing.length),
        'circle-slash',
        'Log files a digest lists and digests the chain names that are not present.',
        result.missing.map((missing) => missingNode(missing, input)),
      ),
    );
  if (result.gaps.length)
    rows.push(
      summaryNode(
        'Gaps',
        result.gaps.length,
        String(result.gaps.length),
        'debug-disconnect',
        'Time no digest covers between two digests of one trail and Region: logging stopped or log file validation was turned off.',
        result.gaps.map((gap) => gapNode(gap, input)),
      ),
    );
  rows.push(keysNode(input));
  if (result.problems.length)
    rows.push(
      summaryNode(
        'Problems',
        result.problems.length,
        String(result.problems.length),
        'warning',
        'Problems outside any one verdict.',
        result.problems.map((problem) => ({
          label: problem,
          description: '',
          tooltip: problem,
          icon: 'warning',
          tone: 'warning',
          expanded: false,
          children: [],
        })),
      ),
    );
  return rows;
}

export interface IntegrityDecorationLooks {
  /** At most two characters. */
  badge: string;
  tooltip: string;
  tone: IntegrityTone;
}

/** The decoration of a validated log or digest file. */
export function integrityDecoration(verdict: LogVerdict | DigestVerdict, kind: 'log' | 'digest'): IntegrityDecorationLooks {
  const look = kind === 'log' ? LOG_LOOKS.get(verdict.status as LogStatus) : DIGEST_LOOKS.get(verdict.status as DigestStatus);
  if (look === undefined) throw new Error(`No looks for ${kind} status ${verdict.status}`);
  return { badge: look.badge, tooltip: `Integrity: ${look.words}`, tone: look.tone };
}

/** Folders that hold logs of one Region in the delivery layout: `…/AWSLogs/…/CloudTrail/<region>`. */
const REGION_FOLDER = /^(.*[\\/]AWSLogs[\\/](?:.*[\\/])?)CloudTrail([\\/][^\\/]+)[\\/]\d{4}[\\/]\d{2}[\\/]\d{2}[\\/][^\\/]+$/;

/**
 * The folders to validate for loaded log files: for a log in the delivery layout, its Region's log folder and the
 * matching digest folder (`CloudTrail-Digest/<region>`, where CloudTrail delivers digests:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html),
 * so a digest's other log files are present and not reported missing; else the log's own folder. Folders inside
 * another are dropped. `exists` says whether a digest folder is there.
 */
export function integrityFoldersOf(logFiles: readonly string[], exists: (folder: string) => boolean): string[] {
  const folders = new Set<string>();
  for (const file of logFiles) {
    const match = REGION_FOLDER.exec(file);
    if (match === null) {
      folders.add(path.dirname(file));
      continue;
    }
    folders.add(`${match[1]}CloudTrail${match[2]}`);
    const digests = `${match[1]}CloudTrail-Digest${match[2]}`;
    if (exists(digests)) folders.add(digests);
  }
  const sorted = [...folders].sort();
  return sorted.filter((folder) => !sorted.some((other) => other !== folder && (folder.startsWith(`${other}/`) || folder.startsWith(`${other}\\`))));
}
