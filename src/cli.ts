#!/usr/bin/env node
// ctlens: the command-line face of the headless engine (see src/cli/args.ts for the usage text). Every text it
// prints that may come from a record goes through cli/terminalText.ts.

import { availableParallelism } from 'node:os';
import { OWN_ARGUMENT_COMMANDS, parseArguments, USAGE, type CliArguments } from './cli/args';
import { runAthenaTable } from './cli/athenaTableCommand';
import { printEvents } from './cli/eventsCommand';
import { printExplanation } from './cli/explainCommand';
import { loadInputs, selectIds } from './cli/loadInputs';
import { LineWriter } from './cli/output';
import { runSql } from './cli/sqlCommand';
import { statsOf } from './cli/statsCommand';
import { printTimeline } from './cli/timelineCommand';
import { topLines } from './cli/topCommand';
import { terminalJson, terminalLines, terminalText } from './cli/terminalText';
import { printChain, printKeyActivity } from './cli/traceCommand';
import { printTrails } from './cli/trailsCommand';
import { runVerify } from './cli/verifyCommand';
import {
  judgeableTrails,
  loadTrailConfigurationFiles,
  SessionLinks,
  TooManyBinsError,
  trailsFromLogs,
  type OverviewField,
  formatCount,
  RereadWorkers,
  type EventStore,
} from './core';

const EXIT_OK = 0;
const EXIT_INPUT_PROBLEMS = 1;
const EXIT_USAGE = 2;

/**
 * Text the records to print must come from before threads read them again: starting two took 70–90 ms, about what
 * inflating 64 MB costs one thread.
 */
const REREAD_WORKERS_FROM_BYTES = 64 * 1024 * 1024;

/**
 * Threads that read again the records `ids` ahead of the main thread (one per core: the main thread only formats the
 * lines meanwhile), or none with `--workers 0`, on one core, or for records of little text.
 */
function rereadWorkers(store: EventStore, ids: Uint32Array, workers: number | undefined): RereadWorkers | undefined {
  const count = workers === undefined ? availableParallelism() : Math.min(workers + 1, availableParallelism());
  if (workers === 0 || count < 2 || store.textBytesOf(ids) < REREAD_WORKERS_FROM_BYTES) return undefined;
  return new RereadWorkers(count);
}

async function run(args: CliArguments): Promise<number> {
  const store = await loadInputs(args.paths, args.workers, args.maxTextBytes, args.cacheDir);
  const links = new SessionLinks(store);
  const selected = await selectIds(store, args.filter, links, args);
  if (!selected.ok) {
    process.stderr.write(`ctlens: ${terminalText(selected.message)}\n`);
    return EXIT_USAGE;
  }
  const out = new LineWriter();
  let problems = store.diagnostics().length > 0;
  const trailConfig = args.trails.length > 0 ? await loadTrailConfigurationFiles(args.trails) : { trails: [], errors: [] };
  for (const error of trailConfig.errors)
    process.stderr.write(`ctlens: ${terminalText(`${error.file}:${error.line}:${error.column}: ${error.message}`)}\n`);
  problems ||= trailConfig.errors.length > 0;
  const rebuilt = args.command === 'trails' || args.trailsFromLogs ? trailsFromLogs(store) : [];
  const judged = [...trailConfig.trails, ...(args.trailsFromLogs ? judgeableTrails(rebuilt) : [])];
  if (args.command === 'events' || args.command === 'trace') await links.update();
  if (args.command === 'stats') await out.line(terminalJson(statsOf(store, selected.ids), 2));
  else if (args.command === 'top')
    await out.line(terminalJson(await topLines(store, selected.ids, args.by ?? 'principal', args.rows, args.sortBy, links), 2));
  else if (args.command === 'timeline') {
    let noTime: number;
    try {
      noTime = await printTimeline(store, selected.ids, { by: (args.by ?? 'level') as OverviewField, binMs: args.binMs }, out);
    } catch (error) {
      if (!(error instanceof TooManyBinsError)) throw error;
      process.stderr.write(`ctlens: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (noTime > 0) process.stderr.write(`ctlens: events in no bin (no eventTime): ${formatCount(noTime)}\n`);
  } else if (args.command === 'trails') await printTrails([...trailConfig.trails, ...rebuilt], out);
  else if (args.command === 'events' || (args.command === 'trace' && args.accessKeyId !== undefined)) {
    const readers = rereadWorkers(store, selected.ids, args.workers);
    try {
      if (args.command === 'events') await printEvents(store, selected.ids, judged, out, args.unique, links, readers?.reread);
      else await printKeyActivity(store, links, args.accessKeyId as string, out, readers?.reread);
    } finally {
      await readers?.close();
    }
  } else if (args.command === 'trace' && args.eventId !== undefined) {
    const outcome = await printChain(store, links, args.eventId, out);
    if (outcome === 'no-such-event') process.stderr.write(`ctlens: no loaded event has the eventID ${terminalText(args.eventId)}\n`);
    problems ||= outcome !== 'printed';
  } else if (args.eventId !== undefined) {
    const outcome = await printExplanation(store, args.eventId, judged, args.json, out);
    if (outcome === 'no-such-event') process.stderr.write(`ctlens: no loaded event has the eventID ${terminalText(args.eventId)}\n`);
    problems ||= outcome !== 'printed';
  }
  await out.flush();
  // Re-reading records (events, explain) can find a log rewritten since it was loaded: a problem too.
  problems ||= store.diagnostics().length > 0;
  if (args.command !== 'stats') for (const diagnostic of store.diagnostics()) process.stderr.write(`ctlens: ${terminalText(diagnostic.message)}\n`);
  return problems ? EXIT_INPUT_PROBLEMS : EXIT_OK;
}

/**
 * Commands with their own arguments: verify reads digests and logs as files, not through the event index; sql and
 * athena-table read no logs at all.
 */
const OWN_ARGUMENT_RUNS: Readonly<Record<(typeof OWN_ARGUMENT_COMMANDS)[number], (argv: readonly string[]) => number | Promise<number>>> = {
  verify: runVerify,
  sql: runSql,
  'athena-table': runAthenaTable,
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const ownRun = Object.hasOwn(OWN_ARGUMENT_RUNS, argv[0] ?? '') ? OWN_ARGUMENT_RUNS[argv[0] as keyof typeof OWN_ARGUMENT_RUNS] : undefined;
  if (ownRun !== undefined) {
    process.exitCode = await ownRun(argv.slice(1));
    return;
  }
  const parsed = parseArguments(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (parsed.kind === 'usage-error') {
    process.stderr.write(`ctlens: ${terminalText(parsed.message)}\n\n${USAGE}\n`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  process.exitCode = await run(parsed.args);
}

main().catch((error: unknown) => {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`ctlens: internal error: ${terminalLines(detail.split('\n'))}\n`);
  process.exitCode = 3;
});
