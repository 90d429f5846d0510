// What "Copy as … SQL" and "Open SQL in Editor" translate: the tree's filter, with the tree's grouping as GROUP BY
// when asked from the view's title, or the events of one group of the tree (its value becomes a query term, and an
// event-name group adds its parent's). The query is in the engine's language; core/sql's toSql turns it into SQL.
// Pure: no `vscode` import.
import { QUERY_FIELDS, SQL_GROUPINGS } from '../core';
import { groupingWords, type GroupNode, type TreeGrouping } from './eventTree';
import { quoted } from './query';

/** What to translate: a query of the engine's language, and the grouping that becomes GROUP BY (toSql's SQL_GROUPINGS), if any. */
export interface SqlTarget {
  query: string;
  groupBy?: string;
  /** Why the tree's grouping is not the GROUP BY, when it cannot be one. */
  ungrouped?: string;
}

/**
 * The query field each top-level grouping groups by, and the value of a group in that field's terms. The level
 * grouping's "Other services" group holds the events of no S3 level (level:none). A log file is named by its file
 * name, which is also the end of its S3 key ("$path" in Athena), not by the path it has on this machine.
 */
const GROUPING_FIELDS: Readonly<Record<TreeGrouping, { field: string; termValue?: (value: string) => string }>> = {
  level: { field: 'level', termValue: (value) => (value === 'other' ? 'none' : value) },
  identity: { field: 'principal' },
  origin: { field: 'origin' },
  bucket: { field: 'bucket' },
  file: { field: 'file', termValue: (value) => value.split(/[\\/]/).pop() || value },
  errorCode: { field: 'error' },
};

/** The query field of an event-name group (the tree's second level). */
const EVENT_NAME_FIELD = 'name';

/** A term selecting a field's value, or the events without one (`-field:*`) for a group of no value. */
function valueTerm(field: string, value: string | null): string {
  return value === null ? `-${field}:*` : `${field}:${quoted(value)}`;
}

/** The filter and the terms, ANDed (the query language ANDs terms side by side). */
function joined(filter: string | undefined, ...terms: string[]): string {
  return [filter?.trim(), ...terms].filter(Boolean).join(' ');
}

/**
 * The tree as it is: its filter, grouped by its top-level grouping (from the view's title). The origin grouping
 * comes from session lineage, which SQL cannot work out: that query is not grouped, and says why.
 */
export function sqlTargetOfTree(filter: string | undefined, grouping: TreeGrouping): SqlTarget {
  if (!Object.hasOwn(SQL_GROUPINGS, grouping))
    return { query: joined(filter), ungrouped: `the grouping by ${groupingWords(grouping)} comes from session lineage, which SQL cannot work out` };
  return { query: joined(filter), groupBy: grouping };
}

/** The tree's filter alone (the palette, or no tree grouping wanted). */
export function sqlTargetOfFilter(filter: string | undefined): SqlTarget {
  return { query: joined(filter) };
}

/**
 * One group's events: the tree's filter and the group's value as a term. An event-name group (depth 1) needs its
 * top-level parent, whose value narrows it too; undefined when the parent is not given.
 *
 * principal:, origin: and file: find their value anywhere in a longer one, so `principal:"bert-jan"` would also take
 * the events of `arn:…:user/bert-jan`. Those longer values are the other top-level groups (`topGroups`, the tree's
 * first level): each one holding the term's value is left out by a negated term, so the query selects the group's
 * events exactly among the loaded ones.
 */
export function sqlTargetOfGroup(
  filter: string | undefined,
  group: GroupNode,
  parent?: GroupNode,
  topGroups: readonly GroupNode[] = [],
): SqlTarget | undefined {
  const top = group.depth === 0 ? group : parent;
  if (top?.grouping === undefined || top.depth !== 0) return undefined;
  const terms = topGroupTerms(top.grouping, top.value, topGroups);
  return { query: joined(filter, ...terms, ...(group === top ? [] : [valueTerm(EVENT_NAME_FIELD, group.value)])) };
}

function topGroupTerms(grouping: TreeGrouping, value: string | null, topGroups: readonly GroupNode[]): string[] {
  const { field, termValue } = GROUPING_FIELDS[grouping];
  if (value === null) return [valueTerm(field, null)];
  const written = termValue ? termValue(value) : value;
  const term = valueTerm(field, written);
  if (QUERY_FIELDS[field].mode !== 'contains') return [term];
  // The query language folds case with toLowerCase (core/search/fold.ts).
  const folded = value.toLowerCase();
  const writtenFolded = written.toLowerCase();
  const longer = topGroups.flatMap((other) => {
    const otherFolded = other.value?.toLowerCase();
    return other.value !== null && otherFolded !== folded && otherFolded?.includes(writtenFolded) ? [`-${field}:${quoted(other.value)}`] : [];
  });
  return [term, ...longer];
}
