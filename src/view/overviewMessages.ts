// The typed messages between the extension and the Overview webview (media/overview.ts), with the guards each side
// runs on what it receives. Every string in them may come from a log: the webview binds them as text only.

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
export type OverviewTableId = 'principals' | 'origins' | 'buckets' | 'sourceIPs' | 'eventNames' | 'errorCodes' | 'bytesOutByPrincipal' | 'bytesOutByBucket';

export interface OverviewRowView {
  value: string;
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

const TABLE_IDS: readonly string[] = ['principals', 'origins', 'buckets', 'sourceIPs', 'eventNames', 'errorCodes', 'bytesOutByPrincipal', 'bytesOutByBucket'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isTime = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
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
