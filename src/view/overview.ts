// What the Overview shows for the tree's visible events, built from the core's aggregates (core/overview): the
// histogram's series in the surfaces' words, the top-N tables, and the filter a clicked row adds. Pure.
import { formatBinWidth, type EventStore, type TopOptions, type TopValues } from '../core';
import type { TreeGrouping } from './eventTree';
import { formatCount, shortPrincipal } from './eventLabels';
import { LEVEL_TEXT, isLevelGroup } from './levels';
import { hiddenLensesText } from './noiseLensWords';
import type { NoiseLens } from '../core';
import { OVERVIEW_BIN_CHOICES, type OverviewSplit, type OverviewTableId, type OverviewTableView, type OverviewView } from './messages';
import { queryForValue, quoted } from './query';

/** Rows of each table. */
export const OVERVIEW_TABLE_ROWS = 10;

/** The fields the core's tables count by. */
type TableField = 'principal' | 'bucket' | 'sourceIPAddress' | 'eventName' | 'errorCode';

interface TableSpec {
  title: string;
  field: TableField | 'origin';
  sortedBy: 'count' | 'bytesOut';
}

/** The tables the core tallies, in the order the view shows them (origins, from session lineage, comes second). */
const TABLES: Readonly<Record<Exclude<OverviewTableId, 'origins'>, TableSpec & { field: TableField }>> = {
  principals: { title: 'Principals', field: 'principal', sortedBy: 'count' },
  eventNames: { title: 'Event names', field: 'eventName', sortedBy: 'count' },
  buckets: { title: 'Buckets', field: 'bucket', sortedBy: 'count' },
  sourceIPs: { title: 'Source IP addresses', field: 'sourceIPAddress', sortedBy: 'count' },
  errorCodes: { title: 'Error codes', field: 'errorCode', sortedBy: 'count' },
  bytesOutByPrincipal: { title: 'S3 bytes out by principal', field: 'principal', sortedBy: 'bytesOut' },
  bytesOutByBucket: { title: 'S3 bytes out by bucket', field: 'bucket', sortedBy: 'bytesOut' },
};

/** The split the tree's grouping suggests (the groupings the histogram can split by), else the S3 level. */
export function splitOfGrouping(grouping: TreeGrouping): OverviewSplit {
  const splits: Partial<Record<TreeGrouping, OverviewSplit>> = { identity: 'principal', bucket: 'bucket', errorCode: 'errorCode' };
  return splits[grouping] ?? 'level';
}

export interface OverviewChoices {
  /** Bin width in ms; 0 picks it from the span. */
  binMs: number;
  split: OverviewSplit;
}

const ORIGINS: TableSpec = { title: 'Principals by origin (session lineage)', field: 'origin', sortedBy: 'count' };

export interface OverviewContext extends OverviewChoices {
  filter: string | null;
  lenses: readonly NoiseLens[];
  /** The events grouped by the principal at the origin of their credentials, when session lineage links some. */
  originGroups?: readonly { value: string | null; ids: Uint32Array }[];
}

/** "1 hour" for the widths the user can pick, the core's short name ("1w") for others. */
function binWords(binMs: number): string {
  return OVERVIEW_BIN_CHOICES.find((choice) => choice.ms === binMs)?.label ?? formatBinWidth(binMs);
}

function seriesLabel(split: OverviewSplit, key: string): string {
  return split === 'level' && isLevelGroup(key) ? LEVEL_TEXT[key].label : key;
}

function tableView(id: OverviewTableId, spec: TableSpec, table: TopValues): OverviewTableView {
  return {
    id,
    title: spec.title,
    sortedBy: spec.sortedBy,
    distinct: table.distinct,
    rows: table.rows
      // A bytes table lists only values that moved bytes: the others would be rows of zeros.
      .filter((row) => spec.sortedBy === 'count' || row.bytesOut + row.bytesIn > 0)
      .map(({ value, count, errors, bytesOut, bytesIn }) => ({
        value,
        label: spec.field === 'principal' || spec.field === 'origin' ? (shortPrincipal(value) ?? value) : value,
        count,
        errors,
        bytesOut,
        bytesIn,
      })),
  };
}

/** The origins table, when session lineage leads some events to another principal than the one that called. */
function originsTable(store: Pick<EventStore, 'topGroups'>, context: OverviewContext, principals: TopValues): OverviewTableView[] {
  if (context.originGroups === undefined) return [];
  const origins = store.topGroups(context.originGroups, { n: OVERVIEW_TABLE_ROWS });
  const same =
    origins.distinct === principals.distinct &&
    origins.rows.every((row, r) => row.value === principals.rows[r]?.value && row.count === principals.rows[r].count);
  return same ? [] : [tableView('origins', ORIGINS, origins)];
}

/** The overview of `ids` (the tree's visible events) as the webview draws it. */
export function buildOverview(store: Pick<EventStore, 'overview' | 'topGroups'>, ids: Uint32Array, context: OverviewContext): OverviewView {
  const tables = Object.fromEntries(
    Object.entries(TABLES).map(([id, spec]): [string, TopOptions] => [id, { by: spec.field, sortBy: spec.sortedBy, n: OVERVIEW_TABLE_ROWS }]),
  );
  const overview = store.overview(ids, { timeline: { by: context.split, binMs: context.binMs || undefined }, tables });
  const timeline = overview.timeline;
  const starts = Array.from({ length: timeline.bins }, (_, b) => timeline.start + b * timeline.binMs);
  return {
    heading: `${formatCount(overview.events)} ${overview.events === 1 ? 'event' : 'events'}`,
    filter: context.filter,
    hidden: hiddenLensesText(context.lenses) ?? null,
    split: context.split,
    timeline: {
      binMs: timeline.binMs,
      binLabel: binWords(timeline.binMs),
      auto: context.binMs === 0,
      starts,
      series: timeline.keys.map((key, s) => ({ label: seriesLabel(context.split, key), counts: Array.from(timeline.counts[s]) })),
      errors: Array.from(timeline.errors),
      noTime: timeline.noTime,
    },
    tables: [
      ...(Object.keys(TABLES) as (keyof typeof TABLES)[]).map((id) => tableView(id, TABLES[id], overview.tables[id])),
      ...originsTable(store, context, overview.tables.principals),
    ].sort((a, b) => TABLE_ORDER.indexOf(a.id) - TABLE_ORDER.indexOf(b.id)),
  };
}

const TABLE_ORDER: readonly OverviewTableId[] = [
  'principals',
  'origins',
  'eventNames',
  'buckets',
  'sourceIPs',
  'errorCodes',
  'bytesOutByPrincipal',
  'bytesOutByBucket',
];

/** The tree's filter with the value of a row the view showed added as a term; undefined when it showed no such row. */
export function filterForRow(view: OverviewView, table: OverviewTableId, value: string, filter: string | undefined): string | undefined {
  const shown = view.tables.find((candidate) => candidate.id === table)?.rows.some((row) => row.value === value);
  if (!shown) return undefined;
  const term = table === 'origins' ? `origin:${quoted(value)}` : queryForValue(TABLES[table].field, value);
  return [filter, term].filter(Boolean).join(' ');
}
