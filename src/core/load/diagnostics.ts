// Building Diagnostics: every message names the file, and record-level problems are capped per file so a
// million bad records do not become a million messages.

import type { Diagnostic, DiagnosticCode, Severity } from '../types';

/** 1-based line and column (in characters) of a byte offset in UTF-8 bytes. */
export function lineColumnAt(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let newline = bytes.indexOf(0x0a);
  while (newline >= 0 && newline < offset) {
    line++;
    lineStart = newline + 1;
    newline = bytes.indexOf(0x0a, lineStart);
  }
  let column = 1;
  for (let i = lineStart; i < offset && i < bytes.length; i++) if ((bytes[i] & 0xc0) !== 0x80) column++;
  return { line, column };
}

/** Where in a file a problem is, when known. */
export interface Place {
  line?: number;
  column?: number;
  offset?: number;
  recordIndex?: number;
}

/** A diagnostic about `file`. */
export function makeDiagnostic(file: string, code: DiagnosticCode, message: string, place: Place = {}, severity: Severity = 'error'): Diagnostic {
  return { file, code, severity, message, ...place };
}

const RECORD_PROBLEMS_PER_CODE = 20;

/** Collects the diagnostics of one file, capping repeated record-level problems with a final count. */
export class FileDiagnostics {
  readonly list: Diagnostic[] = [];
  private readonly perCode = new Map<DiagnosticCode, number>();

  constructor(readonly file: string) {}

  add(code: DiagnosticCode, message: string, place: Place = {}, severity: Severity = 'error'): void {
    this.list.push(makeDiagnostic(this.file, code, message, place, severity));
  }

  /** A problem with one record; after a few of the same code only a count is kept. */
  addRecordProblem(code: DiagnosticCode, message: string, place: Place, severity: Severity = 'warning'): void {
    const seen = (this.perCode.get(code) ?? 0) + 1;
    this.perCode.set(code, seen);
    if (seen <= RECORD_PROBLEMS_PER_CODE) this.add(code, message, place, severity);
  }

  /** Appends "and N more" summaries for capped codes; returns the final list. */
  finish(): Diagnostic[] {
    for (const [code, seen] of this.perCode) {
      if (seen > RECORD_PROBLEMS_PER_CODE) {
        this.add(code, `${this.file}: ${seen - RECORD_PROBLEMS_PER_CODE} more records with the same problem (${code}).`, {}, 'warning');
      }
    }
    return this.list;
  }
}
