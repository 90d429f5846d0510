// Parses the query language shared by the CLI (--filter), the command palette and the tree filter:
//   field:value   name:GetObject  principal:alice  error:AccessDenied  level:object  source:s3
//   wildcards     name:Get*  object:*.pdf
//   either value  name:GetObject,PutObject
//   negation      -error:*  -name:List*
//   time          after:2023-07-10T12:00  before:2023-07-11
//   quoted        principal:"my role"  "arn:aws:iam::123456789012:user/alice"
//   bare words    free text over the main fields

import { parseEventTime } from '../load/eventTime';
import { QUERY_FIELDS, queryField } from './fields';
import { foldCase } from './fold';
import type { ParseResult, QueryError, QueryTerm } from './query';

/** A field name is letters (and underscores, so `__proto__:x` is reported as an unknown field, not searched as text). */
const FIELD_NAME = /^[a-z_]+$/i;

class QuerySyntaxError extends Error {
  constructor(readonly detail: QueryError) {
    super(detail.message);
  }
}

function isSpace(char: string): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

const TIME_PADDING: ReadonlyMap<number, string> = new Map([
  [10, 'T00:00:00'],
  [13, ':00:00'],
  [16, ':00'],
]);

/** Query times: a date, or a date and time (UTC unless an offset is given). */
export function parseQueryTime(value: string): number {
  return parseEventTime(value + (TIME_PADDING.get(value.length) ?? ''));
}

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  fail(message: string, start: number, end: number): never {
    throw new QuerySyntaxError({ message, term: this.text.slice(start, end), start, end });
  }

  /** End of the term starting at `start` (next unquoted whitespace), for error spans. */
  termEnd(start: number): number {
    let pos = start;
    let quoted = false;
    while (pos < this.text.length && (quoted || !isSpace(this.text[pos]))) {
      if (this.text[pos] === '"') quoted = !quoted;
      pos++;
    }
    return pos;
  }

  /** Reads comma-separated values (quoted or bare) up to the next whitespace. */
  values(termStart: number): string[] {
    const values: string[] = [];
    for (;;) {
      const valueStart = this.pos;
      let value = '';
      if (this.text[this.pos] === '"') {
        this.pos++;
        while (this.pos < this.text.length && this.text[this.pos] !== '"') {
          if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) this.pos++;
          value += this.text[this.pos++];
        }
        if (this.pos >= this.text.length) this.fail('Unterminated quoted value: add the closing ".', termStart, this.text.length);
        this.pos++;
      } else {
        while (this.pos < this.text.length && !isSpace(this.text[this.pos]) && this.text[this.pos] !== ',') value += this.text[this.pos++];
      }
      if (value === '' && this.text[valueStart] !== '"')
        this.fail('Empty value: write a value after the colon or comma.', termStart, this.termEnd(termStart));
      values.push(value);
      if (this.text[this.pos] !== ',') return values;
      this.pos++;
    }
  }

  term(): QueryTerm {
    const start = this.pos;
    let negate = false;
    if (this.text[this.pos] === '-' && this.pos + 1 < this.text.length && !isSpace(this.text[this.pos + 1])) {
      negate = true;
      this.pos++;
    }
    const end = this.termEnd(start);
    // Searched within the term only: searching the rest of the query for every term would be quadratic.
    const colon = this.text.slice(this.pos, end).indexOf(':') + this.pos;
    const prefix = colon >= this.pos ? this.text.slice(this.pos, colon) : '';
    if (prefix !== '' && FIELD_NAME.test(prefix)) {
      const field = foldCase(prefix);
      const definition = queryField(field);
      if (definition === undefined) {
        this.fail(
          `Unknown field "${prefix}". Known fields: ${Object.keys(QUERY_FIELDS).join(', ')}. Quote the term to search it as text.`,
          start,
          end,
        );
      }
      this.pos = colon + 1;
      if (this.pos >= this.text.length || isSpace(this.text[this.pos])) this.fail(`Missing value after "${prefix}:".`, start, end);
      const values = this.values(start);
      const position = { text: this.text.slice(start, this.pos), start, end: this.pos };
      const target = definition.target;
      if (target.kind === 'time') {
        if (values.length !== 1) this.fail(`${field}: takes one time, not a list.`, start, this.pos);
        const time = parseQueryTime(values[0]);
        if (Number.isNaN(time)) this.fail(`"${values[0]}" is not a time: use 2023-07-10, 2023-07-10T12:00 or 2023-07-10T12:00:00Z.`, start, this.pos);
        return { kind: 'time', bound: target.bound, time, negate, ...position };
      }
      if (target.kind === 'flag' || target.kind === 'noise') {
        for (const value of values) {
          if (!target.values.includes(foldCase(value))) this.fail(`${field}: "${value}" is not one of ${target.values.join(', ')}.`, start, this.pos);
        }
      }
      return { kind: 'field', field, values, negate, ...position };
    }
    const values = this.values(start);
    return { kind: 'text', values, negate, text: this.text.slice(start, this.pos), start, end: this.pos };
  }
}

/** Parses a query; errors point at the offending term with its offsets. An empty query matches everything. */
export function parseQuery(text: string): ParseResult {
  const scanner = new Scanner(text);
  const terms: QueryTerm[] = [];
  try {
    for (;;) {
      while (scanner.pos < text.length && isSpace(text[scanner.pos])) scanner.pos++;
      if (scanner.pos >= text.length) break;
      const term = scanner.term();
      if (scanner.pos < text.length && !isSpace(text[scanner.pos])) {
        scanner.fail('Unexpected text after a quoted value: separate terms with a space.', term.start, scanner.termEnd(term.start));
      }
      terms.push(term);
    }
  } catch (error) {
    if (error instanceof QuerySyntaxError) return { ok: false, error: error.detail };
    throw error;
  }
  return { ok: true, query: { terms } };
}
