// `ctlens athena-table`: prints the CREATE EXTERNAL TABLE for a trail's bucket, AWS's CloudTrail table with partition
// projection (core/sql/athenaTable.ts) over the accounts and Regions given. Reads no logs.

import { athenaTableDdl, DEFAULT_ATHENA_TABLE, type AthenaTableOptions } from '../core';
import { terminalText } from './terminalText';

export const ATHENA_TABLE_USAGE = `ctlens athena-table --bucket BUCKET [--prefix PREFIX] [--org-id o-…] --account ID... --region REGION...
      --from YYYY/MM/DD [--table NAME]
      The Athena CREATE EXTERNAL TABLE for the trail's logs in BUCKET (AWS's CloudTrail table with partition
      projection): partitions account, region and timestamp (the delivery day, from --from until today), read
      from s3://BUCKET/[PREFIX/]AWSLogs/[o-…/]<account>/CloudTrail/<region>/YYYY/MM/DD/. --org-id: the
      organization of an organization trail. --account and --region take several values (or a,b,c).
      --table: [database.]table (default ${DEFAULT_ATHENA_TABLE}).`;

const EXIT_OK = 0;
const EXIT_USAGE = 2;

/** Options with one value, and the field of the options each sets. */
const SINGLE_OPTIONS: ReadonlyMap<string, 'bucket' | 'prefix' | 'orgId' | 'from' | 'table'> = new Map([
  ['--bucket', 'bucket'],
  ['--prefix', 'prefix'],
  ['--org-id', 'orgId'],
  ['--from', 'from'],
  ['--table', 'table'],
]);
/** Options with a list of values, running to the next option. */
const LIST_OPTIONS: ReadonlyMap<string, 'accounts' | 'regions'> = new Map([
  ['--account', 'accounts'],
  ['--region', 'regions'],
]);

/** The options of the table, or what is wrong with the arguments. */
function parseAthenaTableArguments(argv: readonly string[]): AthenaTableOptions | string {
  const single: Partial<Record<'bucket' | 'prefix' | 'orgId' | 'from' | 'table', string>> = {};
  const lists = { accounts: [] as string[], regions: [] as string[] };
  let list: 'accounts' | 'regions' | undefined;
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    const field = SINGLE_OPTIONS.get(arg);
    if (field !== undefined) {
      const value = argv[k + 1];
      if (value === undefined || value.startsWith('--')) return `${arg} needs a value`;
      single[field] = value;
      list = undefined;
      k++;
    } else if (LIST_OPTIONS.has(arg)) list = LIST_OPTIONS.get(arg);
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else if (list === undefined) return `unexpected argument ${JSON.stringify(arg)}`;
    else lists[list].push(...arg.split(',').filter(Boolean));
  }
  for (const [option, field] of LIST_OPTIONS) if (lists[field].length === 0) return `athena-table needs ${option} with at least one value`;
  if (single.bucket === undefined) return 'athena-table needs --bucket BUCKET';
  if (single.from === undefined) return 'athena-table needs --from YYYY/MM/DD (the first delivery day to read)';
  return { ...single, bucket: single.bucket, from: single.from, ...lists };
}

/** Runs `ctlens athena-table` with the arguments after `athena-table`; returns the exit status. */
export function runAthenaTable(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`Usage:\n  ${ATHENA_TABLE_USAGE}\n`);
    return EXIT_OK;
  }
  const options = parseAthenaTableArguments(argv);
  if (typeof options === 'string') {
    err.write(`ctlens: ${terminalText(options)}\n\nUsage:\n  ${ATHENA_TABLE_USAGE}\n`);
    return EXIT_USAGE;
  }
  const result = athenaTableDdl(options);
  if (!result.ok) {
    for (const problem of result.problems) err.write(`ctlens: ${terminalText(problem)}\n`);
    return EXIT_USAGE;
  }
  out.write(result.ddl + '\n');
  return EXIT_OK;
}
