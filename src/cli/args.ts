// Command-line arguments of ctlens.

import { isNoiseLens, isOverviewField, NOISE_LENS_NAMES, parseBinWidth, type NoiseLens, type OverviewField, type TopSort } from '../core';
import { ATHENA_TABLE_USAGE } from './athenaTableCommand';
import { SQL_USAGE } from './sqlCommand';
import { VERIFY_USAGE } from './verifyCommand';

/** The --help text. */
export const USAGE = `ctlens — read AWS CloudTrail logs from the command line

Usage:
  ctlens events PATH... [--filter QUERY] [--trail FILE...] [--trails-from-logs] [--unique]
      One JSON object per line per record: file, index, eventID, eventTime, eventName, eventSource,
      level, category, identity, error, errorMessage, region, sourceIPAddress, userAgent,
      recipientAccountId, sharedEventID, origin (who is behind the credentials: principal, kind,
      accountId, hops, complete) (and trails with --trail or --trails-from-logs: name, file
      or null, logged true/false/null when the logs cannot tell, reasons).
      --unique: each event once, with copies: [{file, index}] of every record of it (same eventID and
      recipientAccountId: the event delivered more than once).
  ctlens stats PATH... [--filter QUERY]
      One JSON object: files, digests, events (records), uniqueEvents, duplicateRecords (records that
      repeat an event already counted), s3Events, levels, uniqueLevels (levels counting each event once),
      eventNames, errors, diagnostics.
  ctlens timeline PATH... [--filter QUERY] [--bin WIDTH] [--by FIELD]
      Events over time, one JSON object per bin, empty bins included: start, end (ISO, UTC), counts
      ({series: events}, the 8 largest values of FIELD, then "(others)"; "(none)": events without one),
      errors (events with an errorCode). --by: level (default: account, bucket, object, "S3 (level
      unknown)", other), eventName, principal, bucket, source, category or another field of top.
      --bin: 1m, 5m, 15m, 1h, 6h, 1d, 1w or any whole number of s, m, h, d, w (default: the smallest of
      the listed widths giving at most 150 bins). Bins start on UTC boundaries, weeks on Mondays.
  ctlens top PATH... --by FIELD [-n N] [--sort count|bytesOut|bytesIn] [--filter QUERY]
      A JSON array of the N (default 20; 0 for all) values of FIELD with the most events:
      [{value, count, errors, bytesOut, bytesIn}] (S3 bytes from additionalEventData.bytesTransferredOut/In;
      --sort bytesOut lists the values that moved S3 bytes, most first). FIELD: principal, origin (the
      principal behind the credentials, by session lineage), bucket, ip, eventName, errorCode, account,
      source, region, userAgent, key, recipient, level, category, readOnly, identity.
  ctlens explain PATH... --event EVENT_ID [--trail FILE...] [--trails-from-logs] [--json]
      Why an event was (or would be) logged by each trail, readable by a person (--json: the tree).
  ctlens trace PATH... --event EVENT_ID
      The chain of credentials behind an event, as JSON: event, hops (each issuing event nearest first:
      eventID, eventName, eventTime, principal, accessKeyId, accountId, crossAccount), origin, complete,
      missing (the issuing event to look for when the loaded logs do not hold it: names, time window, key).
  ctlens trace PATH... --key ACCESS_KEY
      Every event made with the key and with every credential it issued, transitively, one JSON line per
      event as events prints them.
  ctlens trails PATH... [--trail FILE...]
      One JSON object per trail: name, arn, source (file or logs), file, homeRegion, timeline (each
      change: from, eventID, eventName, change, by, evasion, file, index, config) and failedCalls, for
      the --trail files and every trail the CloudTrail calls in the logs configure.
  --trails-from-logs: also judge against the trails rebuilt from the logs, as each was at the event's time.
  --hide-noise LENS[,LENS] (events, stats, timeline, top): leave out the events of noise lenses, as the
      filter terms -noise:LENS do: service (calls AWS services made), delivery (CloudTrail writing its
      own logs), readonly, monitoring (principals matching a --monitoring PATTERN, repeatable; substring,
      * wildcards).
  ${VERIFY_USAGE}
  ${SQL_USAGE}
  ${ATHENA_TABLE_USAGE}
  ctlens --help

Options: --workers N      load on N worker threads beside the main thread (0: the main thread alone; default:
                          one fewer than the machine's parallelism for large inputs, else 0; at most the
                          machine's parallelism).
         --max-text-mb N  largest text of one file, inflated, in MB (default 256); a larger file is reported
                          (too-large) and not loaded.
         --cache-dir DIR  keep each file's index in DIR (created if needed) and reuse it while the file is
                          unchanged: a second run over the same logs does not read them again (off by default).

PATH: log files (.json, .json.gz, lookup-events output, JSON Lines, console CSV/JSON, logs concatenated by zcat,
records as Firehose delivers them, CloudTrail events from CloudWatch Logs: an export to S3, filter-log-events output,
a subscription's data) or folders (walked recursively, e.g. AWSLogs/…/CloudTrail/…). Gzip is detected by content.

QUERY: field:value terms ANDed: name:GetObject principal:alice key:AKIA* bucket:… object:*.pdf ip:…
  error:AccessDenied region:… source:s3 account:… level:object identity:assumed-role category:data
  readonly:true id:EVENT_ID file:… after:2023-07-10T12:00 before:2023-07-11 noise:service; a,b either value;
  -term negation; "quoted values"; bare words search the main fields.

Exit status: 0 all inputs loaded, 1 some input had problems (what loaded is still printed), 2 usage error.`;

/** The subcommands. */
export type CommandName = 'events' | 'stats' | 'explain' | 'trails' | 'trace' | 'timeline' | 'top';

/** What `top --by` counts by: a field of the overview, or the origin principal of session lineage. */
export type TopField = OverviewField | 'origin';

/** Parsed arguments of a run. */
export interface CliArguments {
  command: CommandName;
  paths: string[];
  filter?: string;
  trails: string[];
  eventId?: string;
  /** trace: the access key id whose activity to print. */
  accessKeyId?: string;
  json: boolean;
  /** events: each event once, with where its copies are. */
  unique: boolean;
  /** Judge events against the trails rebuilt from the logs too. */
  trailsFromLogs: boolean;
  /** Worker threads for loading (default: decided by input size). */
  workers?: number;
  /** Bound on one file's inflated text, in bytes (LoadOptions.maxTextBytes). */
  maxTextBytes?: number;
  /** Folder of the on-disk index cache (LoadOptions.cache); no cache when absent. */
  cacheDir?: string;
  /** timeline: the bin width in ms (picked from the span when absent). */
  binMs?: number;
  /** timeline (default level) and top: what to count by. */
  by?: TopField;
  /** top: how many rows (Infinity for all). */
  rows: number;
  /** top: what ranks the rows. */
  sortBy: TopSort;
  /** Noise lenses whose events are left out. */
  hideNoise: NoiseLens[];
  /** Principal patterns of the monitoring lens. */
  monitoring: string[];
}

/** Help, a run, or a usage error with its message. */
export type ParsedArguments = { kind: 'help' } | { kind: 'run'; args: CliArguments } | { kind: 'usage-error'; message: string };

const COMMANDS: readonly CommandName[] = ['events', 'stats', 'explain', 'trails', 'trace', 'timeline', 'top'];
/** Commands that read their own arguments (src/cli.ts runs them before parseArguments). */
export const OWN_ARGUMENT_COMMANDS = ['verify', 'sql', 'athena-table'] as const;
/** Commands that select events with --filter, and so with --hide-noise. */
const FILTERING_COMMANDS: readonly CommandName[] = ['events', 'stats', 'timeline', 'top'];
const TOP_SORTS: readonly TopSort[] = ['count', 'bytesOut', 'bytesIn'];
/** Rows of top by default. */
const DEFAULT_TOP_ROWS = 20;
/** Offsets into a file's text are 32-bit. */
const MAX_TEXT_MB = 4095;

/** Parses argv (without node and script). */
export function parseArguments(argv: readonly string[]): ParsedArguments {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const [command, ...rest] = argv;
  if (!COMMANDS.includes(command as CommandName))
    return { kind: 'usage-error', message: `unknown command "${command}" (expected ${[...COMMANDS, ...OWN_ARGUMENT_COMMANDS].join(', ')})` };
  const args: CliArguments = {
    command: command as CommandName,
    paths: [],
    trails: [],
    json: false,
    unique: false,
    trailsFromLogs: false,
    rows: DEFAULT_TOP_ROWS,
    sortBy: 'count',
    hideNoise: [],
    monitoring: [],
  };
  let listTarget: string[] = args.paths;
  for (let k = 0; k < rest.length; k++) {
    const arg = rest[k];
    if (arg === '--filter' || arg === '--event' || arg === '--key') {
      const value = rest[k + 1];
      if (value === undefined) return { kind: 'usage-error', message: `${arg} needs a value` };
      if (arg === '--filter') args.filter = value;
      else if (arg === '--key') args.accessKeyId = value;
      else args.eventId = value;
      k++;
      listTarget = args.paths;
    } else if (arg === '--workers') {
      const count = Number(rest[k + 1]);
      if (!Number.isInteger(count) || count < 0)
        return { kind: 'usage-error', message: '--workers needs a whole number (0 parses in the main thread)' };
      args.workers = count;
      k++;
      listTarget = args.paths;
    } else if (arg === '--max-text-mb') {
      const megabytes = Number(rest[k + 1]);
      if (!Number.isInteger(megabytes) || megabytes < 1 || megabytes > MAX_TEXT_MB)
        return { kind: 'usage-error', message: `--max-text-mb needs a whole number of MB from 1 to ${MAX_TEXT_MB}` };
      args.maxTextBytes = megabytes * 1024 * 1024;
      k++;
      listTarget = args.paths;
    } else if (VALUE_OPTIONS.has(arg)) {
      const value = rest[k + 1];
      if (value === undefined) return { kind: 'usage-error', message: `${arg} needs a value` };
      const problem = VALUE_OPTIONS.get(arg)?.(args, value);
      if (problem !== undefined) return { kind: 'usage-error', message: problem };
      k++;
      listTarget = args.paths;
    } else if (arg === '--trail') {
      listTarget = args.trails;
    } else if (arg === '--json') {
      args.json = true;
    } else if (arg === '--trails-from-logs') {
      args.trailsFromLogs = true;
    } else if (arg === '--unique') {
      args.unique = true;
    } else if (arg.startsWith('--')) {
      return { kind: 'usage-error', message: `unknown option ${arg}` };
    } else listTarget.push(arg);
  }
  if (args.paths.length === 0) return { kind: 'usage-error', message: 'give at least one log file or folder' };
  if (args.command === 'explain' && args.eventId === undefined) return { kind: 'usage-error', message: 'explain needs --event EVENT_ID' };
  if (args.command === 'trace' && (args.eventId === undefined) === (args.accessKeyId === undefined))
    return { kind: 'usage-error', message: 'trace needs either --event EVENT_ID or --key ACCESS_KEY' };
  if (args.accessKeyId !== undefined && args.command !== 'trace') return { kind: 'usage-error', message: '--key applies to trace' };
  if (args.unique && args.command !== 'events') return { kind: 'usage-error', message: '--unique applies to events' };
  if (args.trailsFromLogs && args.command !== 'events' && args.command !== 'explain')
    return { kind: 'usage-error', message: '--trails-from-logs applies to events and explain' };
  if (args.command !== 'events' && args.command !== 'explain' && args.command !== 'trails' && args.trails.length > 0)
    return { kind: 'usage-error', message: '--trail applies to events, explain and trails' };
  const problem = overviewProblem(args);
  if (problem !== undefined) return { kind: 'usage-error', message: problem };
  return { kind: 'run', args };
}

/** Options with a value: each stores it in the arguments, or says what is wrong with it. */
const VALUE_OPTIONS = new Map<string, (args: CliArguments, value: string) => string | undefined>([
  [
    '--cache-dir',
    (args, value) => {
      args.cacheDir = value;
      return value.trim() === '' ? '--cache-dir needs a folder' : undefined;
    },
  ],
  [
    '--bin',
    (args, value) => {
      args.binMs = parseBinWidth(value);
      return args.binMs === undefined ? `--bin needs a width such as 1m, 15m, 1h, 1d or 1w, not "${value}"` : undefined;
    },
  ],
  [
    '--by',
    (args, value) => {
      if (value !== 'origin' && !isOverviewField(value)) return `--by cannot count by "${value}" (see ctlens --help)`;
      args.by = value;
      return undefined;
    },
  ],
  [
    '-n',
    (args, value) => {
      const rows = Number(value);
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(rows)) return '-n needs a whole number of rows (0 for all)';
      args.rows = rows === 0 ? Number.POSITIVE_INFINITY : rows;
      return undefined;
    },
  ],
  [
    '--sort',
    (args, value) => {
      if (!(TOP_SORTS as readonly string[]).includes(value)) return `--sort needs one of ${TOP_SORTS.join(', ')}`;
      args.sortBy = value as TopSort;
      return undefined;
    },
  ],
  [
    '--hide-noise',
    (args, value) => {
      const lenses = value.split(',').map((lens) => lens.trim().toLowerCase());
      const unknown = lenses.find((lens) => !isNoiseLens(lens));
      if (unknown !== undefined) return `--hide-noise knows the lenses ${NOISE_LENS_NAMES.join(', ')}, not "${unknown}"`;
      args.hideNoise = [...new Set([...args.hideNoise, ...(lenses as NoiseLens[])])];
      return undefined;
    },
  ],
  [
    '--monitoring',
    (args, value) => {
      args.monitoring.push(value);
      return undefined;
    },
  ],
]);

/** What is wrong with the options of timeline, top and the noise lenses for this command, if anything. */
function overviewProblem(args: CliArguments): string | undefined {
  const { command } = args;
  if (args.binMs !== undefined && command !== 'timeline') return '--bin applies to timeline';
  if (args.by !== undefined && command !== 'timeline' && command !== 'top') return '--by applies to timeline and top';
  if (command === 'top' && args.by === undefined) return 'top needs --by FIELD';
  if (command === 'timeline' && args.by === 'origin') return 'timeline cannot count by origin (top can)';
  if ((args.rows !== DEFAULT_TOP_ROWS || args.sortBy !== 'count') && command !== 'top') return '-n and --sort apply to top';
  if ((args.hideNoise.length > 0 || args.monitoring.length > 0) && !FILTERING_COMMANDS.includes(command))
    return `--hide-noise and --monitoring apply to ${FILTERING_COMMANDS.join(', ')}`;
  if (args.hideNoise.includes('monitoring') && args.monitoring.length === 0) return '--hide-noise monitoring needs --monitoring PATTERN';
  return undefined;
}
