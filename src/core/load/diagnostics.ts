// Building Diagnostics: every message names the file, and record-level problems are capped per file so a
// million bad records do not become a million messages. Line and column are computed only for the diagnostics
// that are kept, by a cursor that moves forward through the text, so placing them costs one pass in all.

import type { Diagnostic, DiagnosticCode, Severity } from '../types';
import { utf8Sequence } from './textEncoding';

/**
 * 1-based line and column (in characters) of byte offsets in UTF-8 text. Each answer continues from the previous
 * one, so offsets asked in increasing order cost one pass over the text together; an earlier offset starts over.
 */
export class LinePositions {
  private offset = 0;
  private line = 1;
  /** Characters of the line before `offset`, counting only whole or abandoned UTF-8 sequences. */
  private column = 1;
  /** The UTF-8 sequence under way at `offset`: continuation bytes still expected, and the range the next must be in. */
  private pending = 0;
  private low = 0x80;
  private high = 0xbf;

  constructor(private readonly bytes: Uint8Array) {}

  at(offset: number): { line: number; column: number } {
    const target = Math.max(0, Math.min(offset, this.bytes.length));
    if (target < this.offset) {
      this.offset = 0;
      this.line = 1;
      this.column = 1;
      this.pending = 0;
    }
    // Searching a view that ends at the target keeps a text without newlines from being scanned to its end.
    const ahead = this.bytes.subarray(this.offset, target);
    let from = 0;
    const newline = ahead.lastIndexOf(0x0a);
    if (newline >= 0) {
      for (let at = ahead.indexOf(0x0a); at >= 0 && at <= newline; at = ahead.indexOf(0x0a, at + 1)) this.line++;
      this.column = 1;
      this.pending = 0;
      from = newline + 1;
    }
    for (let i = from; i < ahead.length; i++) this.count(ahead[i] as number);
    this.offset = target;
    // A sequence cut at the target reads as one replacement character, as a UTF-8 decoder stopping there gives.
    return { line: this.line, column: this.column + (this.pending > 0 ? 1 : 0) };
  }

  /**
   * Counts one byte the way the WHATWG UTF-8 decoder reads text (what Node and VS Code show): a whole sequence is one
   * character, and so is each invalid byte or sequence broken off (U+FFFD). https://encoding.spec.whatwg.org/#utf-8-decoder
   */
  private count(byte: number): void {
    if (this.pending > 0) {
      if (byte >= this.low && byte <= this.high) {
        this.low = 0x80;
        this.high = 0xbf;
        if (--this.pending === 0) this.column++;
        return;
      }
      // The sequence is broken off: one replacement character, and this byte starts afresh.
      this.pending = 0;
      this.column++;
    }
    const sequence = byte < 0x80 ? 0 : utf8Sequence(byte);
    if (sequence === 0) {
      this.column++;
      return;
    }
    this.pending = sequence & 3;
    this.low = (sequence >>> 8) & 0xff;
    this.high = sequence >>> 16;
  }
}

/** Where in a file a problem is, when known. */
export interface Place {
  line?: number;
  column?: number;
  offset?: number;
  recordIndex?: number;
}

/** A place known by its byte offset in the decompressed text. */
export interface OffsetPlace {
  offset: number;
  recordIndex?: number;
}

/** A diagnostic about `file`. */
export function makeDiagnostic(file: string, code: DiagnosticCode, message: string, place: Place = {}, severity: Severity = 'error'): Diagnostic {
  return { file, code, severity, message, ...place };
}

const RECORD_PROBLEMS_PER_CODE = 20;

/** What FileDiagnostics.mark notes. */
export interface DiagnosticsMark {
  length: number;
  perCode: ReadonlyMap<DiagnosticCode, number>;
}

/** Collects the diagnostics of one file, capping repeated record-level problems with a final count. */
export class FileDiagnostics {
  readonly list: Diagnostic[] = [];
  private perCode = new Map<DiagnosticCode, number>();
  private positions: LinePositions | null = null;

  constructor(readonly file: string) {}

  /** The decompressed text that offsets refer to, so that diagnostics placed by offset get a line and column. */
  setText(bytes: Uint8Array): void {
    this.positions = new LinePositions(bytes);
  }

  add(code: DiagnosticCode, message: string, place: Place = {}, severity: Severity = 'error'): void {
    this.list.push(makeDiagnostic(this.file, code, message, place, severity));
  }

  /** A problem at a byte offset of the text; the message becomes `file:line:column: detail`. */
  addAt(code: DiagnosticCode, detail: string, place: OffsetPlace, severity: Severity = 'error'): void {
    if (this.positions === null) {
      this.add(code, `${this.file}: ${detail}`, place, severity);
      return;
    }
    const { line, column } = this.positions.at(place.offset);
    this.add(code, `${this.file}:${line}:${column}: ${detail}`, { line, column, ...place }, severity);
  }

  /**
   * Counts one more problem of `code` with a record; true while it is among the first few of its code, which are
   * reported (the rest only counted), so that the caller builds and locates a message only when it is kept.
   */
  countRecordProblem(code: DiagnosticCode): boolean {
    const seen = (this.perCode.get(code) ?? 0) + 1;
    this.perCode.set(code, seen);
    return seen <= RECORD_PROBLEMS_PER_CODE;
  }

  /** A problem with one record; after a few of the same code only a count is kept (and nothing is located). */
  addRecordProblem(code: DiagnosticCode, detail: string, place: OffsetPlace, severity: Severity = 'warning'): void {
    if (this.countRecordProblem(code)) this.addAt(code, detail, place, severity);
  }

  /** Where the diagnostics stand, for `rollback`. */
  mark(): DiagnosticsMark {
    return { length: this.list.length, perCode: new Map(this.perCode) };
  }

  /** Takes back what was added since `mark`: the work that added it was given up and is done again another way. */
  rollback({ length, perCode }: DiagnosticsMark): void {
    this.list.length = length;
    this.perCode = new Map(perCode);
  }

  /** Appends "and N more" summaries for capped codes; returns the final list (and lets go of the text). */
  finish(): Diagnostic[] {
    this.positions = null;
    for (const [code, seen] of this.perCode) {
      if (seen > RECORD_PROBLEMS_PER_CODE) {
        this.add(code, `${this.file}: ${seen - RECORD_PROBLEMS_PER_CODE} more records with the same problem (${code}).`, {}, 'warning');
      }
    }
    return this.list;
  }
}
