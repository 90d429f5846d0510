// Queries the surfaces build for the user (filter by this principal, go to this event, the log of a restored panel)
// and the wording of a query that does not parse. Pure: no `vscode` import.
import { parseQuery } from '../core';

const QUERY_FIELD_OF = {
  principal: 'principal',
  accessKeyId: 'key',
  bucket: 'bucket',
  eventID: 'id',
  file: 'file',
  session: 'session',
  eventName: 'name',
  sourceIPAddress: 'ip',
  errorCode: 'error',
} as const;

export type QueryableField = keyof typeof QUERY_FIELD_OF;

/** A query value quoted so any character of it is taken literally. */
export function quoted(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A query that selects one value of a summary field, quoted so any character of the value is taken literally. */
export function queryForValue(field: QueryableField, value: string): string {
  return `${QUERY_FIELD_OF[field]}:${quoted(value)}`;
}

/** The message of a wrong query, naming its term; undefined when the query parses. */
export function queryProblem(text: string): string | undefined {
  const parsed = parseQuery(text);
  return parsed.ok ? undefined : `${parsed.error.message} (in “${parsed.error.term}”)`;
}

/** A filter without its after:/before: terms (a time range the overview brushed, or the user typed), other terms kept as written. */
export function withoutTimeRange(filter: string | undefined): string {
  if (!filter) return '';
  const parsed = parseQuery(filter);
  if (!parsed.ok) return filter;
  let kept = '';
  let from = 0;
  for (const term of parsed.query.terms) {
    if (term.kind !== 'time' || term.negate) continue;
    kept += filter.slice(from, term.start);
    from = term.end;
  }
  return (kept + filter.slice(from)).replace(/\s+/g, ' ').trim();
}

/** An instant as a query time: ISO 8601 UTC to the second. */
function queryTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The filter narrowed to [after, before): earlier after:/before: terms are replaced, not added to. */
export function withTimeRange(filter: string | undefined, after: number, before: number): string {
  return [withoutTimeRange(filter), `after:${queryTime(after)}`, `before:${queryTime(before)}`].filter(Boolean).join(' ');
}
