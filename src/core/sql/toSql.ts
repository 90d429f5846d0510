// A query of the query language (search/parseQuery.ts) as SQL for Athena, CloudTrail Lake or DuckDB, with the same
// meaning as the index's evaluator (search/evaluate.ts): terms ANDed, a term's values ORed, negation, values
// compared case-insensitively (lower() on both sides) as a whole or as a substring, `*` wildcards as LIKE's %.
// A term a dialect cannot express exactly is written as closely as it can be and named in the `-- approximations:`
// comment at the top of the SQL (and in the result), never dropped silently.

import { LOGGED_UNDER_ANOTHER_NAME } from '../s3/operation';
import { FREE_TEXT_INTERNED, FREE_TEXT_UNIQUE, queryField, SERVICE_HOST_SUFFIX, type MatchMode, type QueryField } from '../search/fields';
import { foldCase } from '../search/fold';
import { parseQuery } from '../search/parseQuery';
import { compilePattern, matchString } from '../search/pattern';
import type { QueryTerm } from '../search/query';
import { HIDE_LENSES, isNoiseLens, type NoiseLens } from '../noise/lenses';
import { DIALECTS, sqlString, type Dialect, type SqlDialect } from './dialects';
import { EventExpressions, present } from './expressions';

export type { SqlDialect } from './dialects';

/** What toSql writes. */
export interface SqlOptions {
  dialect: SqlDialect;
  /** Table (Athena, DuckDB) or event data store ID (Lake); defaults: 'cloudtrail_logs' / '<event-data-store-id>'. */
  table?: string;
  /** A grouping turned into GROUP BY (value, events, errors): one of SQL_GROUPINGS. */
  groupBy?: string;
  /** The patterns of the monitoring noise lens (the setting cloudtrailLens.monitoringPrincipals); none by default. */
  monitoringPrincipals?: readonly string[];
}

/** toSql's answer: the SQL and what it approximates, or why the query or grouping cannot be translated. */
export type SqlResult = { ok: true; sql: string; approximations: string[] } | { ok: false; error: { message: string; term?: string } };

/** Values the index computes per event, each a named column of the `events` CTE. */
type ComputedValue =
  | 'principal'
  | 'account'
  | 'bucket'
  | 'objectKey'
  | 'level'
  | 'category'
  | 'readOnly'
  | 'identityKind'
  | 'byService'
  | 'trailDelivery'
  | 'eventTime'
  | 'file';

const COMPUTED_ALIASES: Readonly<Record<ComputedValue, string>> = {
  principal: 'ctl_principal',
  account: 'ctl_account',
  bucket: 'ctl_bucket',
  objectKey: 'ctl_object_key',
  level: 'ctl_level',
  category: 'ctl_category',
  readOnly: 'ctl_read_only',
  identityKind: 'ctl_identity_kind',
  byService: 'ctl_by_service',
  trailDelivery: 'ctl_trail_delivery',
  eventTime: 'ctl_event_time',
  file: 'ctl_file',
};

/** Index fields (interned and unique) as the value they are in SQL: a column of the record or a computed value. */
const FIELD_VALUES: Readonly<Record<string, { column: keyof Dialect['columns'] } | { computed: ComputedValue }>> = {
  eventName: { column: 'eventName' },
  eventSource: { column: 'eventSource' },
  awsRegion: { column: 'awsRegion' },
  sourceIPAddress: { column: 'sourceIPAddress' },
  userAgent: { column: 'userAgent' },
  errorCode: { column: 'errorCode' },
  recipientAccountId: { column: 'recipientAccountId' },
  principal: { computed: 'principal' },
  accessKeyId: { column: 'identityAccessKeyId' },
  account: { computed: 'account' },
  bucket: { computed: 'bucket' },
  objectKey: { computed: 'objectKey' },
  eventID: { column: 'eventID' },
  requestID: { column: 'requestID' },
};

/** Flag facts of the query language and the computed value each reads. */
const FLAG_VALUES: Readonly<Record<'level' | 'category' | 'readOnly' | 'identityKind', ComputedValue>> = {
  level: 'level',
  category: 'category',
  readOnly: 'readOnly',
  identityKind: 'identityKind',
};

/** Groupings toSql turns into GROUP BY: the tree's groupings and the store's group fields, by the names both use. */
export const SQL_GROUPINGS: Readonly<Record<string, string>> = {
  level: 'level',
  identity: 'principal',
  principal: 'principal',
  bucket: 'bucket',
  errorCode: 'errorCode',
  file: 'file',
  eventName: 'eventName',
  eventSource: 'eventSource',
  awsRegion: 'awsRegion',
  sourceIPAddress: 'sourceIPAddress',
  userAgent: 'userAgent',
  recipientAccountId: 'recipientAccountId',
  accessKeyId: 'accessKeyId',
  account: 'account',
  category: 'category',
  readOnly: 'readOnly',
  identityKind: 'identityKind',
};

/** What each approximation says, by cause. */
const APPROXIMATIONS = {
  account: 'account: a caller account decoded from the access key id (when userIdentity has no accountId) is not computed in SQL',
  objectPrefix: "object:/bucket: the Athena table's resources have no ARNPrefix, so a key or bucket named only by an ARN prefix is not seen",
  managementEvent:
    "category:/level: the table has no managementEvent column; records without eventCategory (before eventVersion 1.07) fall back to the S3 catalogue's default",
  nestedParameters:
    "level:/noise:delivery: requestParameters is a map of strings; a nested value (the older records' host array, KMS's encryptionContext) is read from its entry's JSON text",
  file: (dialect: string) => `file: ${dialect} cannot tell which log file an event came from; the term is left out (the SQL matches more)`,
  derived: (field: string) =>
    `${field}: session lineage is worked out from the issuing calls, not expressible in SQL; the term is left out (the SQL matches more)`,
} as const;

const withoutArnPrefix = (dialect: Dialect) => (dialect.resourceArnPrefix ? null : APPROXIMATIONS.objectPrefix);
const withoutManagementEvent = (dialect: Dialect) => (dialect.managementEventText === null ? APPROXIMATIONS.managementEvent : null);
const nestedParameters = (dialect: Dialect) => (dialect.requestParametersAreText ? null : APPROXIMATIONS.nestedParameters);

/** The approximation a computed value brings in a dialect, if any. */
const VALUE_APPROXIMATIONS: Partial<Record<ComputedValue, (dialect: Dialect) => string | null>> = {
  account: () => APPROXIMATIONS.account,
  objectKey: withoutArnPrefix,
  bucket: withoutArnPrefix,
  category: withoutManagementEvent,
  level: (dialect) => withoutManagementEvent(dialect) ?? nestedParameters(dialect),
  trailDelivery: nestedParameters,
};

/** The SQL text of a value pattern (search/pattern.ts compilePattern): = for a whole literal, else LIKE with escaped % and _. */
function matches(value: string, pattern: string, mode: MatchMode): string {
  const folded = foldCase(pattern);
  const hasWildcard = folded.includes('*');
  const anchored = mode === 'whole' || hasWildcard;
  const parts = folded.split('*').filter((part) => part !== '');
  if (parts.length === 0) return `${value} IS NOT NULL`;
  const anchoredStart = anchored && !folded.startsWith('*');
  const anchoredEnd = anchored && !folded.endsWith('*');
  if (parts.length === 1 && anchoredStart && anchoredEnd) return `lower(${value}) = ${sqlString(parts[0])}`;
  return `lower(${value}) LIKE ${sqlString(likePattern(parts, anchoredStart, anchoredEnd))} ESCAPE '\\'`;
}

/** A LIKE pattern: the literal parts in order, % between them and at an end that is not anchored, \\ escaping % _ and \\. */
function likePattern(parts: readonly string[], anchoredStart: boolean, anchoredEnd: boolean): string {
  const escaped = parts.filter((part) => part !== '').map((part) => part.replace(/[\\%_]/g, (char) => `\\${char}`));
  return `${anchoredStart ? '' : '%'}${escaped.join('%')}${anchoredEnd ? '' : '%'}`;
}

function anyOf(conditions: readonly string[]): string {
  if (conditions.length === 0) return 'false';
  return conditions.length === 1 ? conditions[0] : `(${conditions.join(' OR ')})`;
}

class Translation {
  readonly expressions: EventExpressions;
  readonly used = new Set<ComputedValue>();
  readonly approximations = new Set<string>();
  readonly partitionPredicates: string[] = [];

  constructor(
    readonly dialect: Dialect,
    readonly options: SqlOptions,
  ) {
    this.expressions = new EventExpressions(dialect);
  }

  computed(value: ComputedValue): string {
    this.used.add(value);
    const approximation = VALUE_APPROXIMATIONS[value]?.(this.dialect);
    if (approximation) this.approximations.add(approximation);
    return COMPUTED_ALIASES[value];
  }

  fieldValue(field: string): string {
    const source = FIELD_VALUES[field];
    return 'column' in source ? present(this.dialect.columns[source.column]) : this.computed(source.computed);
  }

  valueMatches(fields: readonly string[], values: readonly string[], mode: MatchMode): string {
    return anyOf(fields.flatMap((field) => values.map((value) => matches(this.fieldValue(field), value, mode))));
  }

  /** `name:ListObjectsV2` also finds ListObjects requests with list-type 2 (s3/operation.ts), as the evaluator does. */
  otherOperations(values: readonly string[]): string[] {
    const patterns = values.map((value) => compilePattern(value, 'whole'));
    return LOGGED_UNDER_ANOTHER_NAME.filter((entry) => patterns.some((pattern) => matchString(foldCase(entry.operation), pattern))).map(
      (entry) =>
        `(lower(${this.dialect.columns.eventName}) = ${sqlString(foldCase(entry.eventName))} AND ${this.dialect.requestParameter([entry.parameter])} = ${sqlString(entry.value)})`,
    );
  }

  noise(values: readonly string[]): string {
    const words = values.map(foldCase);
    const hide = words.includes('hide');
    const lenses = new Set<NoiseLens>(hide ? HIDE_LENSES : []);
    for (const word of words) if (isNoiseLens(word)) lenses.add(word);
    const monitoring = this.options.monitoringPrincipals ?? [];
    const lensConditions: Record<NoiseLens, () => string> = {
      service: () => this.computed('byService'),
      delivery: () => this.computed('trailDelivery'),
      readonly: () => `${this.computed('readOnly')} = 'true'`,
      monitoring: () => anyOf(monitoring.map((pattern) => matches(this.computed('principal'), pattern, 'contains'))),
    };
    const marked = anyOf([...lenses].map((lens) => `coalesce(${lensConditions[lens]()}, false)`));
    return hide ? `NOT ${marked}` : marked;
  }

  field(definition: QueryField, field: string, values: string[]): string | null {
    const { target, mode } = definition;
    switch (target.kind) {
      case 'interned': {
        // `source:s3` is the short service name of s3.amazonaws.com (search/evaluate.ts fieldValues).
        const expanded =
          field === 'source'
            ? values.flatMap((value) => (value.includes('.') || value.includes('*') ? [value] : [value, value + SERVICE_HOST_SUFFIX]))
            : values;
        const others = field === 'name' ? this.otherOperations(values) : [];
        return anyOf([this.valueMatches(target.fields, expanded, mode), ...others]);
      }
      case 'unique':
        return this.valueMatches([target.field], values, mode);
      case 'flag': {
        const value = this.computed(FLAG_VALUES[target.flag]);
        const words = values.map(foldCase);
        const known = words.filter((word) => word !== 'none');
        return anyOf([
          ...(known.length > 0 ? [`${value} IN (${known.map(sqlString).join(', ')})`] : []),
          ...(words.includes('none') ? [`${value} IS NULL`] : []),
        ]);
      }
      case 'noise':
        return this.noise(values);
      case 'file':
        if (this.dialect.file === null) {
          this.approximations.add(APPROXIMATIONS.file(this.dialect.name));
          return null;
        }
        return anyOf(values.map((value) => matches(this.computed('file'), value, mode)));
      case 'derived':
        this.approximations.add(APPROXIMATIONS.derived(target.field));
        return null;
      case 'time':
        throw new Error('time terms are translated from their parsed time');
    }
  }

  term(term: QueryTerm): string | null {
    if (term.kind === 'time') {
      const comparison = term.bound === 'after' ? '>=' : '<';
      if (!term.negate) this.timePartition(term.bound, term.time);
      return `${this.computed('eventTime')} ${comparison} ${this.dialect.timeLiteral(term.time)}`;
    }
    if (term.kind === 'text') {
      const fields = [...FREE_TEXT_INTERNED, ...FREE_TEXT_UNIQUE];
      return this.valueMatches(fields, term.values, 'contains');
    }
    const definition = queryField(term.field);
    if (definition === undefined) throw new Error(`unknown query field ${JSON.stringify(term.field)}: parseQuery rejects it`);
    if (term.field === 'region' && !term.negate) this.regionPartition(term.values);
    return this.field(definition, term.field, term.values);
  }

  /** Athena reads only the Region partitions a region: term names (the partition is the awsRegion of the folder). */
  regionPartition(values: readonly string[]): void {
    const partitions = this.dialect.partitions;
    if (partitions === null) return;
    // Partition values are written as the folders name them (lower-case Region codes), and compared bare so Athena can prune.
    const patterns = values.map((value) => foldCase(value));
    this.partitionPredicates.push(
      anyOf(
        patterns.map((pattern) =>
          pattern.includes('*')
            ? `${partitions.region} LIKE ${sqlString(likePattern(pattern.split('*'), !pattern.startsWith('*'), !pattern.endsWith('*')))} ESCAPE '\\'`
            : `${partitions.region} = ${sqlString(pattern)}`,
        ),
      ),
    );
  }

  /**
   * Athena's `timestamp` partition is the day (yyyy/MM/dd) of the folder CloudTrail delivered the file to, which can
   * be the day after the event's (delivery within about 15 minutes): the range is widened by a day on each side.
   * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/get-and-view-cloudtrail-log-files.html
   */
  timePartition(bound: 'after' | 'before', time: number): void {
    const partitions = this.dialect.partitions;
    if (partitions === null || Number.isNaN(time)) return;
    const day = 24 * 60 * 60 * 1000;
    const folder = (ms: number) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '/');
    this.partitionPredicates.push(
      bound === 'after' ? `${partitions.day} >= ${sqlString(folder(time - day))}` : `${partitions.day} <= ${sqlString(folder(time + day))}`,
    );
  }

  computedColumn(value: ComputedValue): string {
    const expressions = this.expressions;
    const sources: Record<ComputedValue, () => string> = {
      principal: () => expressions.principal,
      account: () => expressions.account,
      bucket: () => expressions.bucket,
      objectKey: () => expressions.objectKey,
      level: () => expressions.level,
      category: () => expressions.category,
      readOnly: () => expressions.readOnly,
      identityKind: () => expressions.identityKind,
      byService: () => expressions.byService,
      trailDelivery: () => expressions.trailDelivery,
      eventTime: () => this.dialect.eventTime,
      file: () => this.dialect.file ?? 'NULL',
    };
    return `${sources[value]()} AS ${COMPUTED_ALIASES[value]}`;
  }
}

/** A table (db.table) or a Lake event data store ID or ARN: nothing that could end the FROM clause. */
const TABLE_NAME = /^[A-Za-z0-9_:/.-]+$/;

/**
 * Text inside a `--` comment. Query values come from log records (a group copied from the tree), and any line
 * terminator ends the comment — \n, but also \r, NEL and the Unicode line and paragraph separators — after which the
 * rest would run as SQL. Every control and line-breaking character becomes a space.
 */
function commentText(text: string): string {
  return text.replace(/[\p{Cc}\u2028\u2029]/gu, ' ');
}

/** The query as SQL in the dialect; the events' default columns, or a GROUP BY of `groupBy` with event and error counts. */
export function toSql(query: string, options: SqlOptions): SqlResult {
  const parsed = parseQuery(query);
  if (!parsed.ok) return { ok: false, error: { message: parsed.error.message, term: parsed.error.term } };
  const dialect = DIALECTS[options.dialect];
  if (dialect === undefined)
    return { ok: false, error: { message: `Unknown SQL dialect "${String(options.dialect)}": use athena, lake or duckdb.` } };
  if (options.table !== undefined && !TABLE_NAME.test(options.table)) {
    return {
      ok: false,
      error: { message: `"${commentText(options.table)}" is not a table name or event data store ID (letters, digits, _ - : / and dots).` },
    };
  }
  const groupField = options.groupBy === undefined ? undefined : SQL_GROUPINGS[options.groupBy];
  if (options.groupBy !== undefined && (groupField === undefined || !Object.hasOwn(SQL_GROUPINGS, options.groupBy))) {
    const why = options.groupBy === 'origin' ? 'origins come from session lineage, which SQL cannot work out; ' : '';
    return {
      ok: false,
      error: { message: `Cannot group by "${options.groupBy}" in SQL: ${why}use one of ${Object.keys(SQL_GROUPINGS).join(', ')}.` },
    };
  }
  const translation = new Translation(dialect, options);
  const conditions: string[] = [];
  for (const term of parsed.query.terms) {
    const condition = translation.term(term);
    if (condition === null) continue;
    // A term on a missing value is false, so its negation is true (the evaluator's hits are 0 or 1, never unknown).
    conditions.push(term.negate ? `NOT coalesce(${condition}, false)` : `coalesce(${condition}, false)`);
  }
  const select =
    groupField === undefined
      ? defaultColumns(translation)
      : `${groupValue(translation, groupField)} AS value, count(*) AS events, count(${present(dialect.columns.errorCode)}) AS errors`;
  const tail = groupField === undefined ? `ORDER BY ${dialect.columns.eventTime}` : 'GROUP BY 1\nORDER BY events DESC, value';
  const computed = [...translation.used].map((value) => `    ${translation.computedColumn(value)}`);
  const base = dialect.tableReference(options.table ?? dialect.defaultTable);
  const partitions = translation.partitionPredicates.length === 0 ? '' : `\n  WHERE ${translation.partitionPredicates.join('\n    AND ')}`;
  const approximations = [...translation.approximations];
  const header = [
    `-- CloudTrail Lens query: ${commentText(query)}`,
    `-- dialect: ${dialect.name}`,
    ...(approximations.length === 0 ? [] : ['-- approximations:', ...approximations.map((line) => `--   ${commentText(line)}`)]),
  ];
  const sql = [
    ...header,
    'WITH events AS (',
    `  SELECT *${computed.length === 0 ? '' : ',\n' + computed.join(',\n')}`,
    `  FROM ${base}${partitions}`,
    ')',
    `SELECT ${select}`,
    'FROM events',
    ...(conditions.length === 0 ? [] : [`WHERE ${conditions.join('\n  AND ')}`]),
    tail,
  ].join('\n');
  return { ok: true, sql, approximations };
}

function groupValue(translation: Translation, field: string): string {
  if (Object.hasOwn(FIELD_VALUES, field)) return translation.fieldValue(field);
  return translation.computed(field as ComputedValue);
}

function defaultColumns(translation: Translation): string {
  const columns = translation.dialect.columns;
  const plain = (['eventTime', 'eventID', 'eventName', 'eventSource', 'awsRegion', 'sourceIPAddress', 'errorCode'] as const).map(
    (name) => columns[name],
  );
  return [...plain, `${translation.computed('principal')} AS principal`].join(', ');
}
