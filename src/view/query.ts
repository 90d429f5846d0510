// Queries the surfaces build for the user (filter by this principal, go to this event, the log of a restored panel)
// and the wording of a query that does not parse. Pure: no `vscode` import.
import { parseQuery } from '../core';

const QUERY_FIELD_OF = { principal: 'principal', accessKeyId: 'key', bucket: 'bucket', eventID: 'id', file: 'file', session: 'session' } as const;

export type QueryableField = keyof typeof QUERY_FIELD_OF;

/** A query that selects one value of a summary field, quoted so any character of the value is taken literally. */
export function queryForValue(field: QueryableField, value: string): string {
  return `${QUERY_FIELD_OF[field]}:"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The message of a wrong query, naming its term; undefined when the query parses. */
export function queryProblem(text: string): string | undefined {
  const parsed = parseQuery(text);
  return parsed.ok ? undefined : `${parsed.error.message} (in “${parsed.error.term}”)`;
}
