// The parsed form of a query: terms ANDed together, each a set of alternative values (ORed), maybe negated.

/** Position of a term in the query text, for error messages and highlighting. */
export interface TermPosition {
  /** The term as written. */
  text: string;
  start: number;
  end: number;
}

/** One term: a field comparison, free text, or a time bound. */
export type QueryTerm =
  | (TermPosition & { kind: 'field'; field: string; values: string[]; negate: boolean })
  | (TermPosition & { kind: 'text'; values: string[]; negate: boolean })
  | (TermPosition & { kind: 'time'; bound: 'after' | 'before'; time: number; negate: boolean });

/** A parsed query; no terms matches every event. */
export interface Query {
  terms: QueryTerm[];
}

/** Why a query could not be parsed, pointing at the offending term ([start, end) offsets in the query text). */
export interface QueryError {
  message: string;
  term: string;
  start: number;
  end: number;
}

/** parseQuery's answer. */
export type ParseResult = { ok: true; query: Query } | { ok: false; error: QueryError };
