// `ctlens verify PATH... [--public-keys FILE...] [--signature FILE...]`: validates local log files against local
// digest files (core/integrity) and prints one JSON object per log file and digest, then a summary object.
// Exit status: 0 only when every file present is valid and nothing is missing, 1 otherwise, 2 usage error.

import { readPublicKeyFiles, readSignatureFiles, verifyIntegrity, type DigestVerdict, type IntegrityResult, type LogVerdict } from '../core';
import { LineWriter, progressReporter } from './output';
import { terminalJson, terminalText } from './terminalText';

export const VERIFY_USAGE = `ctlens verify PATH... [--public-keys FILE...] [--signature FILE...]
      Validates log files against CloudTrail digest files, offline. One JSON object per log file and digest
      (file, kind, status, digest, reasons; digest: for a log the digest listing it, for a digest the next one,
      which carries its hash and signature), then a summary (logs, digests, missing, gaps).
      --public-keys: output of \`aws cloudtrail list-public-keys\` (several files merge).
      --signature: the newest digest's signature (S3 metadata x-amz-meta-signature, lost by a download), as a
      <digest>.sig hex file or a JSON map {digest path or S3 key: hex}. <digest>.sig files beside digests are read.`;

const EXIT_OK = 0;
const EXIT_NOT_VALID = 1;
const EXIT_USAGE = 2;

interface VerifyArguments {
  paths: string[];
  publicKeys: string[];
  signatures: string[];
}

const LIST_OPTIONS: ReadonlyMap<string, keyof VerifyArguments> = new Map([
  ['--public-keys', 'publicKeys'],
  ['--signature', 'signatures'],
]);

/** Paths, then lists after each option (an option's list runs to the next option). */
function parseVerifyArguments(argv: readonly string[]): VerifyArguments | string {
  const args: VerifyArguments = { paths: [], publicKeys: [], signatures: [] };
  let target: keyof VerifyArguments = 'paths';
  for (const arg of argv) {
    const option = LIST_OPTIONS.get(arg);
    if (option !== undefined) target = option;
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else args[target].push(arg);
  }
  if (args.paths.length === 0) return 'verify needs at least one log file or folder';
  for (const [option, field] of LIST_OPTIONS) if (argv.includes(option) && args[field].length === 0) return `${option} needs at least one file`;
  return args;
}

function fileLine(verdict: LogVerdict | DigestVerdict, kind: 'log' | 'digest') {
  const digest = kind === 'log' ? (verdict as LogVerdict).digest : (verdict as DigestVerdict).next;
  return { file: verdict.file, kind, status: verdict.status, digest, reasons: verdict.reasons };
}

function tally(verdicts: readonly { status: string }[]): Record<string, number> {
  const counts: Record<string, number> = Object.create(null);
  for (const { status } of verdicts) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

function allValid(result: IntegrityResult): boolean {
  return (
    result.logs.every((verdict) => verdict.status === 'valid') &&
    result.digests.every((verdict) => verdict.status === 'valid') &&
    result.missing.length === 0 &&
    result.gaps.length === 0 &&
    result.problems.length === 0
  );
}

/** Runs `ctlens verify` with the arguments after `verify`; resolves to the exit status. */
export async function runVerify(
  argv: readonly string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    out.write(`Usage:\n  ${VERIFY_USAGE}\n`);
    return EXIT_OK;
  }
  const args = parseVerifyArguments(argv);
  if (typeof args === 'string') {
    err.write(`ctlens: ${terminalText(args)}\n\nUsage:\n  ${VERIFY_USAGE}\n`);
    return EXIT_USAGE;
  }
  const publicKeys = await readPublicKeyFiles(args.publicKeys);
  const signatures = await readSignatureFiles(args.signatures);
  const progress = progressReporter();
  const result = await verifyIntegrity(args.paths, {
    publicKeys,
    signatures: signatures.byName,
    notLogs: [...args.publicKeys, ...args.signatures],
    onProgress: ({ filesDone, filesTotal }) => progress(`verify: ${filesDone}/${filesTotal} files`),
  });
  progress.done();
  const writer = new LineWriter(out);
  for (const verdict of result.digests) await writer.line(terminalJson(fileLine(verdict, 'digest')));
  for (const verdict of result.logs) await writer.line(terminalJson(fileLine(verdict, 'log')));
  await writer.line(terminalJson({ logs: tally(result.logs), digests: tally(result.digests), missing: result.missing, gaps: result.gaps }));
  await writer.flush();
  const problems = [...publicKeys.problems, ...signatures.problems, ...result.problems];
  for (const problem of problems) err.write(`ctlens: ${terminalText(problem)}\n`);
  return allValid(result) && problems.length === 0 ? EXIT_OK : EXIT_NOT_VALID;
}
