// The typed protocol between the detail panel's webview (media/panel.ts) and the extension (src/detailPanel.ts).
// Both sides import this module; every message is checked with the guards below when it arrives, because the
// webview renders attacker-controlled strings and must never be trusted to send well-formed data.

/** One labelled value of a section. Every string is plain text and is rendered as text. */
export interface FieldView {
  label: string;
  value: string;
  /** A short remark shown beside the value (e.g. what a prefix means). */
  note?: string;
}

/** A node of a trail-match explanation tree, as the panel draws it. */
export interface ExplanationView {
  label: string;
  detail?: string;
  /** true: this step lets the event through; false: this step drops it; undefined: neutral. */
  passed?: boolean;
  children: ExplanationView[];
}

export interface TrailView {
  name: string;
  /** The trail's configuration file; null for a trail rebuilt from the logs. */
  file: string | null;
  /** null: the logs do not tell (a trail rebuilt from them, before the first change of it they hold). */
  logged: boolean | null;
  reasons: string[];
  tree: ExplanationView;
}

export interface LinkView {
  label: string;
  url: string;
}

/** A JSON value drawn as a tree: objects and arrays have children, scalars a text value. */
export interface JsonNodeView {
  key: string;
  value?: string;
  children?: JsonNodeView[];
}

/** A log status of the last integrity validation, or `not-validated` when the event's log file was not in it. */
export type IntegrityStatus = 'valid' | 'modified' | 'not-covered' | 'unreadable' | 'not-validated';

/** Whether the event's log file was validated against CloudTrail digest files, and by which digest. */
export interface IntegrityView {
  status: IntegrityStatus;
  sentence: string;
  /** The steps of the validation that decided (hashes, digest, signature). */
  reasons: string[];
}

/** One issuing event of a session's chain, as the panel lists it: who called it, with what, and what it issued. */
export interface LineageHopView {
  /** Store id of the issuing event: the panel asks the extension to show it (showLineageEvent). */
  issuerId: number;
  eventName: string;
  /** "AssumeRole at 2023-07-10T11:54:47Z". */
  heading: string;
  /** What the caller did, e.g. "IAM user bert-jan of 123837392027 assumed role Admin as session alice". */
  sentence: string;
  fields: FieldView[];
  /** The caller's account differs from the account of the session it obtained. */
  crossAccount: boolean;
  /** Tied to the session by role, session name and creation time only (no access key): session names are not unique. */
  weakMatch: boolean;
}

/** Where a chain stops before its origin, and the issuing event to look for. */
export interface LineageBreakView {
  sentence: string;
  fields: FieldView[];
}

/** Who is really behind the event's credentials: the origin principal first, then each issuing event down to the event. */
export interface LineageView {
  /** One sentence from the origin down to the event's session. */
  sentence: string;
  /** OriginKind of src/core/lineage ('iam-user', 'aws-service', 'session' when the chain broke…). */
  originKind: string;
  /** The origin's principal, account, key, MFA; how the chain ends there. */
  origin: FieldView[];
  /** For a long-term key: the loaded CreateAccessKey event that created it. */
  keyCreatedBy: { issuerId: number; sentence: string } | null;
  /** The origin's end of the chain first, the event's own session last. */
  hops: LineageHopView[];
  /** True when the chain reaches an origin that needs no issuing event. */
  complete: boolean;
  missing: LineageBreakView | null;
}

/** Everything the panel shows for one event, computed by the extension from src/core. */
export interface EventView {
  eventName: string;
  /** Where the event came from, so the panel can be restored after a reload. */
  source: PanelState;
  fileLabel: string;
  summary: { sentence: string; fields: FieldView[]; failed: boolean };
  /** Where each copy of an event delivered more than once is (file, record, line); empty when it was delivered once. */
  copies: FieldView[];
  /** Absent when the extension has no integrity state to ask (unit tests of other sections). */
  integrity?: IntegrityView;
  identity: { sentence: string; fields: FieldView[]; chain: FieldView[] };
  /** Absent when the extension has no session links to walk (unit tests of other sections). */
  lineage?: LineageView;
  level: { label: string; reason: string; fields: FieldView[]; evidence: FieldView[] };
  /** Explanations for every configured trail; with none, `defaults` holds two verdicts: Event history now, and a trail with the default selector. */
  trails: TrailView[];
  defaults?: TrailView[];
  crossAccount: string[];
  trailProblems: string[];
  requestParameters?: JsonNodeView;
  responseElements?: JsonNodeView;
  resources?: JsonNodeView;
  rawJson: string;
  links: LinkView[];
}

/** What the webview keeps with vscode.setState and what the serializer receives after a reload. */
export interface PanelState {
  file: string;
  recordIndex: number;
  eventID: string | null;
}

export type SectionId = 'summary' | 'identity' | 'lineage' | 'level' | 'trails' | 'request' | 'raw';

export type PanelAction = 'revealInLog' | 'copyEventJson' | 'filterByPrincipal' | 'filterByAccessKey' | 'filterByBucket';

export type ExtensionToPanel = { type: 'show'; event: EventView; focus?: SectionId } | { type: 'unavailable'; message: string };

export type PanelToExtension =
  | { type: 'ready' }
  | { type: 'openLink'; url: string }
  | { type: 'action'; action: PanelAction }
  /** Show an issuing event of the shown event's lineage (the extension shows only ids the shown view names). */
  | { type: 'showLineageEvent'; id: number };

const panelActions: readonly PanelAction[] = ['revealInLog', 'copyEventJson', 'filterByPrincipal', 'filterByAccessKey', 'filterByBucket'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isPanelToExtension(value: unknown): value is PanelToExtension {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'openLink':
      return typeof value.url === 'string';
    case 'action':
      return panelActions.includes(value.action as PanelAction);
    case 'showLineageEvent':
      return isStoreId(value.id);
    default:
      return false;
  }
}

export function isPanelState(value: unknown): value is PanelState {
  return (
    isObject(value) &&
    typeof value.file === 'string' &&
    Number.isInteger(value.recordIndex) &&
    (value.recordIndex as number) >= 0 &&
    (value.eventID === null || typeof value.eventID === 'string')
  );
}

const integrityStatuses: readonly IntegrityStatus[] = ['valid', 'modified', 'not-covered', 'unreadable', 'not-validated'];

export function isIntegrityView(value: unknown): value is IntegrityView {
  return (
    isObject(value) &&
    integrityStatuses.includes(value.status as IntegrityStatus) &&
    typeof value.sentence === 'string' &&
    Array.isArray(value.reasons) &&
    value.reasons.every((reason) => typeof reason === 'string')
  );
}

function isFieldList(value: unknown): value is FieldView[] {
  return (
    Array.isArray(value) &&
    value.every(
      (field) =>
        isObject(field) &&
        typeof field.label === 'string' &&
        typeof field.value === 'string' &&
        (field.note === undefined || typeof field.note === 'string'),
    )
  );
}

function isStoreId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}

function isLineageHopView(value: unknown): value is LineageHopView {
  return (
    isObject(value) &&
    isStoreId(value.issuerId) &&
    typeof value.eventName === 'string' &&
    typeof value.heading === 'string' &&
    typeof value.sentence === 'string' &&
    isFieldList(value.fields) &&
    typeof value.crossAccount === 'boolean' &&
    typeof value.weakMatch === 'boolean'
  );
}

export function isLineageView(value: unknown): value is LineageView {
  return (
    isObject(value) &&
    typeof value.sentence === 'string' &&
    typeof value.originKind === 'string' &&
    isFieldList(value.origin) &&
    (value.keyCreatedBy === null ||
      (isObject(value.keyCreatedBy) && isStoreId(value.keyCreatedBy.issuerId) && typeof value.keyCreatedBy.sentence === 'string')) &&
    Array.isArray(value.hops) &&
    value.hops.every(isLineageHopView) &&
    typeof value.complete === 'boolean' &&
    (value.missing === null || (isObject(value.missing) && typeof value.missing.sentence === 'string' && isFieldList(value.missing.fields)))
  );
}

/** The store ids of the events a lineage view links to: the only ids the panel may ask to show. */
export function lineageEventIds(view: LineageView | undefined): number[] {
  if (view === undefined) return [];
  return [...view.hops.map((hop) => hop.issuerId), ...(view.keyCreatedBy === null ? [] : [view.keyCreatedBy.issuerId])];
}

export function isExtensionToPanel(value: unknown): value is ExtensionToPanel {
  if (!isObject(value)) return false;
  if (value.type === 'unavailable') return typeof value.message === 'string';
  return (
    value.type === 'show' &&
    isObject(value.event) &&
    isPanelState(value.event.source) &&
    (value.event.integrity === undefined || isIntegrityView(value.event.integrity)) &&
    (value.event.lineage === undefined || isLineageView(value.event.lineage))
  );
}

/** The only links the panel may open: AWS documentation over https. */
export function isAwsDocsUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (
      parsed.protocol === 'https:' &&
      parsed.hostname === 'docs.aws.amazon.com' &&
      parsed.username === '' &&
      parsed.password === '' &&
      parsed.port === ''
    );
  } catch {
    return false;
  }
}

/**
 * Logs whose events the panel showed, most recent first, kept by the extension in its workspace state: a panel
 * restored after a reload may load its log again only if it is one of these (or loaded now), never a path the
 * restored state names on its own (webview state is written by the webview).
 */
export const MAX_REMEMBERED_PANEL_LOGS = 20;

function rememberedList(remembered: unknown): string[] {
  return Array.isArray(remembered) ? remembered.filter((file): file is string => typeof file === 'string') : [];
}

/** The remembered list with `file` added in front (once), bounded to MAX_REMEMBERED_PANEL_LOGS. */
export function rememberPanelLog(remembered: unknown, file: string): string[] {
  return [file, ...rememberedList(remembered).filter((known) => known !== file)].slice(0, MAX_REMEMBERED_PANEL_LOGS);
}

/** True when the panel showed an event of `file` (the list comes from workspace state: checked, not trusted). */
export function isRememberedPanelLog(remembered: unknown, file: string): boolean {
  return rememberedList(remembered).includes(file);
}

// The Overview (media/overview.ts): what the extension draws, and what the webview may ask for.
/** One stacked series of the histogram: its events per bin. */
export interface OverviewSeriesView {
  label: string;
  counts: number[];
}

/** Events over time, in bins of `binMs` starting at `starts[b]` (ms since the epoch, UTC). */
export interface OverviewTimelineView {
  binMs: number;
  /** "1 hour", "5 minutes": the bin width in words. */
  binLabel: string;
  /** Whether the width was picked from the span ("auto") or by the user. */
  auto: boolean;
  starts: number[];
  series: OverviewSeriesView[];
  errors: number[];
  /** Events without a readable time, not drawn. */
  noTime: number;
}

/** The tables of the overview, each a top-N of one field. */
export type OverviewTableId =
  'principals' | 'origins' | 'buckets' | 'sourceIPs' | 'eventNames' | 'errorCodes' | 'bytesOutByPrincipal' | 'bytesOutByBucket';

export interface OverviewRowView {
  value: string;
  /** The value as the row shows it (a principal's ARN by its resource part); the full value is its tooltip. */
  label: string;
  count: number;
  errors: number;
  bytesOut: number;
  bytesIn: number;
}

export interface OverviewTableView {
  id: OverviewTableId;
  title: string;
  /** The column the table is sorted by. */
  sortedBy: 'count' | 'bytesOut';
  rows: OverviewRowView[];
  /** Distinct values in all (the rows are the first of them). */
  distinct: number;
}

/** What the histogram's stacks are split by. */
export type OverviewSplit = 'level' | 'eventName' | 'principal' | 'bucket' | 'errorCode';

/** The splits offered, with their words. */
export const OVERVIEW_SPLITS: readonly { split: OverviewSplit; label: string }[] = [
  { split: 'level', label: 'S3 level' },
  { split: 'eventName', label: 'event name' },
  { split: 'principal', label: 'principal' },
  { split: 'bucket', label: 'bucket' },
  { split: 'errorCode', label: 'error code' },
];

const isSplit = (value: unknown): value is OverviewSplit => OVERVIEW_SPLITS.some((choice) => choice.split === value);

export interface OverviewView {
  /** "12,345 events", with the filter and hidden noise named. */
  heading: string;
  /** The tree's filter, or null. */
  filter: string | null;
  /** Which noise lenses hide events, in words, or null. */
  hidden: string | null;
  split: OverviewSplit;
  timeline: OverviewTimelineView;
  tables: OverviewTableView[];
}

/** Bin widths the user can pick, in ms (0 = picked from the span). */
export const OVERVIEW_BIN_CHOICES: readonly { label: string; ms: number }[] = [
  { label: 'Auto', ms: 0 },
  { label: '1 minute', ms: 60_000 },
  { label: '5 minutes', ms: 300_000 },
  { label: '15 minutes', ms: 900_000 },
  { label: '1 hour', ms: 3_600_000 },
  { label: '6 hours', ms: 21_600_000 },
  { label: '1 day', ms: 86_400_000 },
];

export type ExtensionToOverview = { type: 'show'; overview: OverviewView } | { type: 'empty'; message: string };

export type OverviewToExtension =
  | { type: 'ready' }
  /** A brushed range: events at or after `after`, before `before` (ms). */
  | { type: 'brush'; after: number; before: number }
  | { type: 'clearBrush' }
  /** A table row clicked: filter by its value (checked against the tables the extension sent). */
  | { type: 'filterValue'; table: OverviewTableId; value: string }
  | { type: 'setBin'; ms: number }
  | { type: 'setSplit'; split: OverviewSplit };

const TABLE_IDS: readonly string[] = [
  'principals',
  'origins',
  'buckets',
  'sourceIPs',
  'eventNames',
  'errorCodes',
  'bytesOutByPrincipal',
  'bytesOutByBucket',
];

/** A time in ms that Date can hold (±8.64e15): a brush outside it could not be written as a query time. */
const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= 8.64e15;
const isNumbers = (value: unknown): value is number[] => Array.isArray(value) && value.every((n) => typeof n === 'number');

function isTimeline(value: unknown): value is OverviewTimelineView {
  return (
    isObject(value) &&
    isTime(value.binMs) &&
    typeof value.binLabel === 'string' &&
    typeof value.auto === 'boolean' &&
    isNumbers(value.starts) &&
    isNumbers(value.errors) &&
    typeof value.noTime === 'number' &&
    Array.isArray(value.series) &&
    value.series.every((series) => isObject(series) && typeof series.label === 'string' && isNumbers(series.counts))
  );
}

function isTable(value: unknown): value is OverviewTableView {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    TABLE_IDS.includes(value.id) &&
    typeof value.title === 'string' &&
    (value.sortedBy === 'count' || value.sortedBy === 'bytesOut') &&
    typeof value.distinct === 'number' &&
    Array.isArray(value.rows) &&
    value.rows.every(
      (row) =>
        isObject(row) &&
        typeof row.value === 'string' &&
        typeof row.label === 'string' &&
        typeof row.count === 'number' &&
        typeof row.errors === 'number' &&
        typeof row.bytesOut === 'number' &&
        typeof row.bytesIn === 'number',
    )
  );
}

export function isExtensionToOverview(value: unknown): value is ExtensionToOverview {
  if (!isObject(value)) return false;
  if (value.type === 'empty') return typeof value.message === 'string';
  if (value.type !== 'show' || !isObject(value.overview)) return false;
  const overview = value.overview;
  return (
    typeof overview.heading === 'string' &&
    (overview.filter === null || typeof overview.filter === 'string') &&
    (overview.hidden === null || typeof overview.hidden === 'string') &&
    isSplit(overview.split) &&
    isTimeline(overview.timeline) &&
    Array.isArray(overview.tables) &&
    overview.tables.every(isTable)
  );
}

export function isOverviewToExtension(value: unknown): value is OverviewToExtension {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'clearBrush':
      return true;
    case 'brush':
      return isTime(value.after) && isTime(value.before) && value.after < value.before;
    case 'filterValue':
      return typeof value.table === 'string' && TABLE_IDS.includes(value.table) && typeof value.value === 'string';
    case 'setBin':
      return OVERVIEW_BIN_CHOICES.some((choice) => choice.ms === value.ms);
    case 'setSplit':
      return isSplit(value.split);
    default:
      return false;
  }
}
