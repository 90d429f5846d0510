// Everything the overview shows for a set of events, in two walks over the ids: one tallies every table's field and
// the timeline's series at once (with the time range), the second bins the timeline.

import { dimensionOf, OVERVIEW_FIELDS, type Dimension, type OverviewSource } from './dimensions';
import { tally } from './tally';
import { timelineFromTally, type Timeline, type TimelineOptions } from './timeline';
import { rankTally, type TopOptions, type TopValues } from './topValues';

/** The overview's tables: principals, buckets, source IPs, event names, error codes, and S3 bytes per principal and per bucket. */
export const DEFAULT_OVERVIEW_TABLES = {
  principals: { by: 'principal' },
  buckets: { by: 'bucket' },
  sourceIPs: { by: 'sourceIPAddress' },
  eventNames: { by: 'eventName' },
  errorCodes: { by: 'errorCode' },
  bytesOutByPrincipal: { by: 'principal', sortBy: 'bytesOut' },
  bytesOutByBucket: { by: 'bucket', sortBy: 'bytesOut' },
  bytesInByPrincipal: { by: 'principal', sortBy: 'bytesIn' },
  bytesInByBucket: { by: 'bucket', sortBy: 'bytesIn' },
} as const satisfies Record<string, TopOptions>;

/** The timeline, and the tables by name (DEFAULT_OVERVIEW_TABLES unless others are given). */
export interface OverviewOptions {
  timeline: TimelineOptions;
  tables?: Readonly<Record<string, TopOptions>>;
}

/** The overview of a set of events. */
export interface Overview {
  /** Events among the ids that are loaded. */
  events: number;
  timeline: Timeline;
  tables: Record<string, TopValues>;
}

/** The timeline and every table of `ids` (ascending event ids). */
export function overview(source: OverviewSource, ids: Uint32Array, options: OverviewOptions): Overview {
  const tables: Readonly<Record<string, TopOptions>> = options.tables ?? DEFAULT_OVERVIEW_TABLES;
  // One dimension per field, however many tables and words name it (principal by count and by bytes share a tally).
  const dimensionIndex = new Map<string, number>();
  const dimensions: Dimension[] = [];
  const indexOf = (by: TopOptions['by']): number => {
    const field = OVERVIEW_FIELDS[by];
    let index = dimensionIndex.get(field);
    if (index === undefined) {
      index = dimensions.push(dimensionOf(source, by)) - 1;
      dimensionIndex.set(field, index);
    }
    return index;
  };
  const seriesIndex = indexOf(options.timeline.by);
  const tableIndexes = Object.entries(tables).map(([name, table]) => [name, indexOf(table.by)] as const);
  const tallied = tally(source, ids, dimensions);
  return {
    events: tallied.events,
    timeline: timelineFromTally(source, ids, dimensions[seriesIndex], tallied.keys[seriesIndex].counts, tallied, options.timeline),
    tables: Object.fromEntries(tableIndexes.map(([name, index]) => [name, rankTally(tallied.keys[index], dimensions[index].label, tables[name])])),
  };
}
