// `ctlens sql`: prints a query of the query language as SQL for Athena, CloudTrail Lake or DuckDB (core/sql's toSql),
// with what the dialect cannot say exactly in the SQL's `-- approximations:` comment. Reads no logs.

import { DEFAULT_ATHENA_TABLE, SQL_GROUPINGS, toSql, type SqlDialect } from '../core';
import { terminalText } from './terminalText';

const DIALECTS: readonly SqlDialect[] = ['athena', 'lake', 'duckdb'];

export const SQL_USAGE = `ctlens sql --dialect athena|lake|duckdb [--table NAME] [--group-by FIELD] [--monitoring PATTERN] QUERY
      The query as SQL: a SELECT of the matching events' main columns, or with --group-by the events and errors
      of each value of FIELD (${Object.keys(SQL_GROUPINGS).join(', ')}).
      What the dialect cannot say exactly is listed in the SQL's "-- approximations:" comment. athena: the table of
      ctlens athena-table (default ${DEFAULT_ATHENA_TABLE}), lake: FROM your event data store ID (--table), duckdb: the
      Athena table's shape loaded locally. --monitoring: the patterns of noise:monitoring (repeatable).
      The words after the options are the query (quote it for the shell); none selects every event.`;

const EXIT_OK = 0;
const EXIT_USAGE = 2;

interface SqlArguments {
  dialect?: SqlDialect;
  table?: string;
  groupBy?: string;
  monitoringPrincipals: string[];
  queryWords: string[];
}

/** Options with a value, each storing it or saying what is wrong with it. */
const VALUE_OPTIONS: ReadonlyMap<string, (args: SqlArguments, value: string) => string | undefined> = new Map([
  [
    '--dialect',
    (args: SqlArguments, value: string) => {
      if (!(DIALECTS as readonly string[]).includes(value)) return `--dialect needs one of ${DIALECTS.join(', ')}, not "${value}"`;
      args.dialect = value as SqlDialect;
      return undefined;
    },
  ],
  [
    '--table',
    (args: SqlArguments, value: string) => {
      args.table = value;
      return undefined;
    },
  ],
  [
    '--group-by',
    (args: SqlArguments, value: string) => {
      args.groupBy = value;
      return undefined;
    },
  ],
  [
    '--monitoring',
    (args: SqlArguments, value: string) => {
      args.monitoringPrincipals.push(value);
      return undefined;
    },
  ],
]);

/** The arguments, or what is wrong with them. Words that are not options make up the query. */
function parseSqlArguments(argv: readonly string[]): (SqlArguments & { dialect: SqlDialect }) | string {
  const args: SqlArguments = { monitoringPrincipals: [], queryWords: [] };
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    const store = VALUE_OPTIONS.get(arg);
    if (store === undefined) {
      // A negated term (-error:*) is a query word; only --words are options.
      if (arg.startsWith('--')) return `unknown option ${arg}`;
      args.queryWords.push(arg);
      continue;
    }
    const value = argv[k + 1];
    if (value === undefined) return `${arg} needs a value`;
    const problem = store(args, value);
    if (problem !== undefined) return problem;
    k++;
  }
  if (args.dialect === undefined) return `sql needs --dialect ${DIALECTS.join('|')}`;
  return { ...args, dialect: args.dialect };
}

/** Runs `ctlens sql` with the arguments after `sql`; returns the exit status. */
export function runSql(argv: readonly string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`Usage:\n  ${SQL_USAGE}\n`);
    return EXIT_OK;
  }
  const args = parseSqlArguments(argv);
  if (typeof args === 'string') {
    err.write(`ctlens: ${terminalText(args)}\n\nUsage:\n  ${SQL_USAGE}\n`);
    return EXIT_USAGE;
  }
  const query = args.queryWords.join(' ');
  const result = toSql(query, { dialect: args.dialect, table: args.table, groupBy: args.groupBy, monitoringPrincipals: args.monitoringPrincipals });
  if (!result.ok) {
    const where = result.error.term === undefined ? '' : ` (in “${result.error.term}”)`;
    err.write(`ctlens: ${terminalText(result.error.message + where)}\n`);
    return EXIT_USAGE;
  }
  out.write(result.sql.endsWith('\n') ? result.sql : result.sql + '\n');
  return EXIT_OK;
}
