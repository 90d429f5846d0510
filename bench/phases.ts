// `npm run bench:phases [-- --shapes a,b] [--events N] [--seed S] [--unplaced N]`: where `ctlens stats` spends its
// time, per phase and per log shape. For each shape it reads the folder's files once (a warm page cache), then runs
// `node --cpu-prof dist/cli.js stats --workers 0 FOLDER` once (one thread, so the main thread's profile is all the
// work), maps every sample's stack to a phase with PHASE_RULES, and prints the share of each phase and the profile's
// total time.
//
// A sample belongs to the phase of the innermost frame of its stack that a rule names; frames no rule names (helpers,
// Node internals such as Buffer decoding) take the phase of the nearest named frame above them. A stack no rule names
// is "other load" when a frame of it is in src/core/load (new loading code is counted there until a rule names it),
// else "other". Frames are located in the sources through dist/cli.js.map.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateShape, parseShapes, SHAPE_NAMES, type ShapeName } from './shapes';

const PHASES = ['startup', 'idle', 'read', 'inflate', 'scan', 'parse', 'extract', 'intern', 'merge', 'stats', 'gc', 'other load', 'other'] as const;
type Phase = (typeof PHASES)[number];

/**
 * Which frames are which phase: a frame matches a rule when its function name (esbuild's renaming suffix digits
 * dropped) matches `name` and its source file (src/…, node:…) matches `source`, each when given. First rule wins.
 * Extend it as the loader changes: a new function of src/core/load shows up under "other load" until named here.
 */
const PHASE_RULES: { phase: Phase; name?: RegExp; source?: RegExp }[] = [
  { phase: 'gc', name: /^\(garbage collector\)$/ },
  // The main thread waiting: for the disk, or for libuv's threads (async reads, zlib work handed to the thread pool).
  { phase: 'idle', name: /^\(idle\)$/ },
  // Node starting and compiling the bundle: part of every run a user makes.
  { phase: 'startup', source: /^node:internal\/(modules|bootstrap|process\/pre_execution|main)/ },
  { phase: 'inflate', name: /^(processChunkSync|zlibBufferSync|zlibBuffer|processCallback|inflateSync|gunzipSync)$/ },
  { phase: 'inflate', source: /src\/core\/load\/inflate\.ts$/ },
  // Before the read rules: the record reader has a method named read.
  { phase: 'parse', source: /src\/core\/load\/recordReader\.ts$/ },
  // The WebAssembly record reader's functions (wasm/recordRead.c), by the names its module keeps; numbering values is interning.
  { phase: 'intern', name: /^(number_of|table_grow|allocate)$/ },
  {
    phase: 'parse',
    name: /^(read_record|object_read|elements_read|value_end|container_end|string_end|number_end|digits_end|literal_end|skip_space|key_of|hash_bytes|same_bytes|places_for)$/,
  },
  { phase: 'read', source: /src\/core\/load\/(walk|textEncoding)\.ts$/ },
  { phase: 'read', name: /^(readAt|readLogFile|readLogBytes|readFileSync|readFile|tryReadSync|readSync|read|open|openSync|fstat|stat|readdir)$/ },
  // JSON.parse is a builtin: its time is its callers' self time.
  { phase: 'parse', name: /^(parseRecordAt|parseElements|parseVouched|recordFromBytes|lookupEventText|parse)$/ },
  { phase: 'parse', source: /src\/core\/load\/jsonSyntaxError\.ts$/ },
  {
    phase: 'scan',
    name: /^(skipValue|skipString|skipWhitespace|skipScalar|skipLiteral|findRecordSpans|scanTopObject|scanJsonLines|collectArray|forEachMember|forEachElement|memberOffsets|bytesEqualAscii)$/,
  },
  { phase: 'scan', source: /src\/core\/load\/(recordSpans|recordScan|jsonBytes)\.ts$/ },
  // The WebAssembly scanner's functions (wasm/recordScan.c), named by their exports in the profile.
  { phase: 'scan', name: /^\$?scan_(chunk|start|found|array_end)$/ },
  { phase: 'extract', name: /^(extractEvent|classifyEvent|identityKey|s3Target|readOnlyOf|checkFields|parseEventTime|bytesTransferredOf)$/ },
  {
    phase: 'extract',
    source: /src\/core\/(load\/(extractEvent|eventTime|bytesTransferred|keptCalls)\.ts|identity\/|s3\/|noise\/|arn\.ts|eventCategory\.ts)/,
  },
  { phase: 'intern', name: /^(InternTable|intern)$/ },
  { phase: 'intern', source: /src\/core\/load\/(fileIndexBuilder|uniqueBytes|indexSchema|stringTables)\.ts$/ },
  { phase: 'merge', name: /^(makeSegment|remap|keyHashes|DuplicateIndex)$/ },
  { phase: 'merge', source: /src\/core\/store\/(segment|dictionary|duplicates|duplicateKey|eventStore)\.ts$/ },
  { phase: 'stats', name: /^(statsOf|countsByValue|levelCounts|group)$/ },
  { phase: 'stats', source: /src\/(cli\/|core\/(store\/(group|summary)|overview|search)\/)/ },
];

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The source file of a frame: the original file for bundled code, the URL otherwise. */
function sourceLocator(bundle: string): (frame: CallFrame) => string {
  const map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  const bundleName = path.basename(bundle);
  return (frame) => {
    if (!frame.url.endsWith(bundleName)) return frame.url;
    const entry = map.findEntry(frame.lineNumber, frame.columnNumber) as { originalSource?: string };
    return entry.originalSource ?? frame.url;
  };
}

function phaseOfFrame(frame: CallFrame, source: string): Phase | undefined {
  const name = frame.functionName.replace(/\d+$/, '');
  return PHASE_RULES.find((rule) => (rule.name === undefined || rule.name.test(name)) && (rule.source === undefined || rule.source.test(source)))
    ?.phase;
}

interface Attribution {
  ms: Map<Phase, number>;
  totalMs: number;
  /** Self milliseconds of the leaf frames no rule placed ("other load", "other"), by `function (source)`. */
  unplaced: Map<string, number>;
}

/** Milliseconds of each phase in one profile, and the profile's total. */
function attribute(profile: CpuProfile, sourceOf: (frame: CallFrame) => string): Attribution {
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const phaseOfNode = new Map<number, Phase>();
  const phaseOf = (id: number): Phase => {
    const known = phaseOfNode.get(id);
    if (known !== undefined) return known;
    let inLoad = false;
    let phase: Phase | undefined;
    for (let at: number | undefined = id; at !== undefined && phase === undefined; at = parents.get(at)) {
      const frame = (nodes.get(at) as ProfileNode).callFrame;
      const source = sourceOf(frame);
      phase = phaseOfFrame(frame, source);
      inLoad ||= source.includes('src/core/load/');
    }
    const resolved = phase ?? (inLoad ? 'other load' : 'other');
    phaseOfNode.set(id, resolved);
    return resolved;
  };
  const ms = new Map<Phase, number>(PHASES.map((phase) => [phase, 0]));
  const unplaced = new Map<string, number>();
  profile.samples.forEach((id, k) => {
    const phase = phaseOf(id);
    const sampleMs = profile.timeDeltas[k] / 1000;
    ms.set(phase, (ms.get(phase) ?? 0) + sampleMs);
    if (phase !== 'other load' && phase !== 'other') return;
    const frame = (nodes.get(id) as ProfileNode).callFrame;
    const where = `${frame.functionName || '(anonymous)'} (${sourceOf(frame) || '-'})`;
    unplaced.set(where, (unplaced.get(where) ?? 0) + sampleMs);
  });
  return { ms, totalMs: (profile.endTime - profile.startTime) / 1000, unplaced };
}

/**
 * Reads every file of the folder once. This machine drops files it has not read for a while from its page cache: the
 * profile of a folder read cold puts the disk's time in "read" (10,000 small files: 36.6 % cold, 10.6 % warm), where
 * the whole-process rows, run several times, see a warm cache.
 */
function readOnce(folder: string): void {
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) readFileSync(path.join(entry.parentPath, entry.name));
}

/** Runs `ctlens stats --workers 0 folder` under --cpu-prof and reads its main thread's profile. */
function profileStats(cli: string, folder: string): CpuProfile {
  const dir = mkdtempSync(path.join(tmpdir(), 'ctlens-phases-'));
  try {
    execFileSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, cli, 'stats', '--workers', '0', folder], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const [file] = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
    return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  } catch (error) {
    // ctlens exits 1 when an input had problems; it still ran to the end.
    if ((error as { status?: number }).status !== 1) throw error;
    const [file] = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
    return JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface Options {
  shapes: ShapeName[];
  /** How many of the heaviest frames no rule placed to list per shape (--unplaced N), to extend PHASE_RULES. */
  unplaced: number;
  events: number;
  seed: number;
  root: string;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { shapes: [...SHAPE_NAMES], unplaced: 0, events: 1_000_000, seed: 42, root: path.resolve('bench-data') };
  for (let k = 0; k < argv.length; k += 2) {
    const value = argv[k + 1];
    if (value === undefined) throw new Error(`${argv[k]} needs a value`);
    if (argv[k] === '--shapes') options.shapes = parseShapes(value);
    else if (argv[k] === '--events' || argv[k] === '--seed' || argv[k] === '--unplaced') {
      const number = Number(value);
      if (!Number.isInteger(number) || number <= 0) throw new Error(`${argv[k]} needs a positive whole number`);
      if (argv[k] === '--events') options.events = number;
      else if (argv[k] === '--unplaced') options.unplaced = number;
      else options.seed = number;
    } else throw new Error(`unknown option ${argv[k]} (expected --shapes, --events, --seed, --unplaced)`);
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const cli = path.join(__dirname, 'cli.js');
  const sourceOf = sourceLocator(cli);
  const rows: string[][] = [];
  const unplacedLines: string[] = [];
  for (const shape of options.shapes) {
    const set = await generateShape(options.root, shape, options.seed, options.events, (line) => process.stderr.write(`\r\x1b[K${line}`));
    process.stderr.write(`\r\x1b[Kprofiling ctlens stats --workers 0 on ${shape} (${set.events.toLocaleString('en-US')} events)…\n`);
    readOnce(set.folder);
    const { ms, totalMs, unplaced } = attribute(profileStats(cli, set.folder), sourceOf);
    const heaviest = [...unplaced].sort((a, b) => b[1] - a[1]).slice(0, options.unplaced);
    for (const [where, selfMs] of heaviest) unplacedLines.push(`${shape}: ${selfMs.toFixed(0)} ms ${where}`);
    const sampled = [...ms.values()].reduce((sum, value) => sum + value, 0);
    rows.push([shape, ...PHASES.map((phase) => `${(((ms.get(phase) ?? 0) / sampled) * 100).toFixed(1)}`), totalMs.toFixed(0)]);
  }
  const header = ['shape', ...PHASES.map((phase) => `${phase} %`), 'total ms'];
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) =>
    cells.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ');
  console.log(line(header));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows) console.log(line(row));
  if (unplacedLines.length > 0) console.log(`\nheaviest frames no rule places (self time):\n${unplacedLines.join('\n')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
