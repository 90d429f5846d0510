// V8's JSON.parse messages do not always carry a position, and never a line. When a record fails to parse,
// this strict validator (RFC 8259 grammar, https://www.rfc-editor.org/rfc/rfc8259) walks the record's bytes to say
// exactly where and why. It never throws: a failure is recorded and unwinds by return values, because a thrown
// error costs microseconds each (its stack is captured) and a hostile file can hold a million bad records.

import { isJsonWhitespace } from './jsonBytes';

/** Where a JSON text stops being valid. */
export interface SyntaxProblem {
  offset: number;
  message: string;
}

/** Deeper values are reported rather than followed: the validator recurses once per level. */
const MAX_DEPTH = 2_000;

/** The message of a nesting deeper than MAX_DEPTH, which JSON.parse itself may still accept. */
const TOO_DEEP = `nested more than ${MAX_DEPTH} levels deep, where this check stops`;

const LITERALS = new Map<number, string>([
  [0x74, 'true'],
  [0x66, 'false'],
  [0x6e, 'null'],
]);

const ESCAPES = new Set('"\\/bfnrt'.split('').map((char) => char.charCodeAt(0)));

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/** Each reading method returns false once a problem is recorded, so callers unwind without exceptions. */
class Validator {
  pos: number;
  problem: SyntaxProblem | null = null;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  private fail(message: string, offset = this.pos): false {
    this.problem = { offset, message };
    return false;
  }

  private expected(what: string): false {
    const found = this.pos >= this.end ? 'unexpected end of input' : `unexpected character '${String.fromCharCode(this.bytes[this.pos])}'`;
    return this.fail(`${found}, expected ${what}`);
  }

  whitespace(): void {
    while (this.pos < this.end && isJsonWhitespace(this.bytes[this.pos])) this.pos++;
  }

  value(depth: number): boolean {
    if (depth > MAX_DEPTH) return this.fail(TOO_DEEP);
    this.whitespace();
    if (this.pos >= this.end) return this.expected('a value');
    const byte = this.bytes[this.pos];
    if (byte === 0x7b) return this.object(depth);
    if (byte === 0x5b) return this.members(0x5d, ']', () => this.value(depth + 1));
    if (byte === 0x22) return this.string();
    if (byte === 0x2d || (byte >= 0x30 && byte <= 0x39)) return this.number();
    const literal = LITERALS.get(byte);
    if (literal === undefined) return this.expected('a value');
    for (let i = 0; i < literal.length; i++) {
      if (this.bytes[this.pos] !== literal.charCodeAt(i) || this.pos >= this.end) return this.expected(`'${literal}'`);
      this.pos++;
    }
    return true;
  }

  private object(depth: number): boolean {
    return this.members(0x7d, '}', () => {
      this.whitespace();
      if (this.bytes[this.pos] !== 0x22 || this.pos >= this.end) return this.expected('a property name in double quotes');
      if (!this.string()) return false;
      this.whitespace();
      if (this.bytes[this.pos] !== 0x3a || this.pos >= this.end) return this.expected("':'");
      this.pos++;
      return this.value(depth + 1);
    });
  }

  /** The members of an object or array from its opening bracket: `member` reads one. */
  private members(close: number, closeText: string, member: () => boolean): boolean {
    this.pos++;
    this.whitespace();
    if (this.bytes[this.pos] === close && this.pos < this.end) {
      this.pos++;
      return true;
    }
    for (;;) {
      if (!member()) return false;
      this.whitespace();
      const byte = this.pos < this.end ? this.bytes[this.pos] : -1;
      if (byte !== 0x2c && byte !== close) return this.expected(`',' or '${closeText}'`);
      this.pos++;
      if (byte === close) return true;
    }
  }

  private string(): boolean {
    const open = this.pos;
    this.pos++;
    while (this.pos < this.end) {
      const byte = this.bytes[this.pos];
      if (byte === 0x22) {
        this.pos++;
        return true;
      }
      if (byte < 0x20) return this.fail('control character inside a string');
      if (byte === 0x5c) {
        const escaped = this.bytes[this.pos + 1];
        if (escaped === 0x75) {
          for (let i = 2; i < 6; i++) {
            if (this.pos + i >= this.end || !isHexDigit(this.bytes[this.pos + i])) return this.fail('invalid \\u escape in a string');
          }
          this.pos += 6;
          continue;
        }
        if (this.pos + 1 >= this.end || !ESCAPES.has(escaped)) return this.fail('invalid escape in a string');
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    return this.fail('unterminated string', open);
  }

  private digits(): boolean {
    const from = this.pos;
    while (this.pos < this.end && this.bytes[this.pos] >= 0x30 && this.bytes[this.pos] <= 0x39) this.pos++;
    return this.pos > from || this.expected('a digit');
  }

  private number(): boolean {
    if (this.bytes[this.pos] === 0x2d) this.pos++;
    if (this.bytes[this.pos] === 0x30 && this.pos < this.end) this.pos++;
    else if (!this.digits()) return false;
    if (this.bytes[this.pos] === 0x2e && this.pos < this.end) {
      this.pos++;
      if (!this.digits()) return false;
    }
    if ((this.bytes[this.pos] === 0x65 || this.bytes[this.pos] === 0x45) && this.pos < this.end) {
      this.pos++;
      if ((this.bytes[this.pos] === 0x2b || this.bytes[this.pos] === 0x2d) && this.pos < this.end) this.pos++;
      if (!this.digits()) return false;
    }
    return true;
  }
}

/** The first syntax error in bytes [start, end), or null when they hold exactly one valid JSON value. Never throws. */
export function findJsonSyntaxError(bytes: Uint8Array, start: number, end: number): SyntaxProblem | null {
  const validator = new Validator(bytes, start, end);
  if (!validator.value(0)) return validator.problem;
  validator.whitespace();
  if (validator.pos < end) return { offset: validator.pos, message: 'unexpected content after the JSON value' };
  return null;
}

/** The outcome of parsing one JSON text: its value, or why it is not JSON (`problem` null when only JSON.parse knows). */
export type ParseOutcome = { ok: true; value: unknown } | { ok: false; problem: SyntaxProblem | null; error: string };

/** Valid texts in a row after which a suspect file is trusted again (JSON.parse alone, without validating first). */
const TRUSTED_AGAIN_AFTER = 1_024;

/**
 * JSON.parse for the many small texts of one file (records, CloudTrailEvent strings, CSV cells). Once one text has
 * been rejected, the file is suspect and the following texts are validated before JSON.parse sees them, so that a
 * file of a million bad records does not pay for a million exceptions (a few microseconds each, for the stack).
 * A run of valid texts ends the suspicion, so one bad record does not slow the rest of a large file.
 */
export class RecordJsonParser {
  private suspect = false;
  private validInARow = 0;

  /** The JSON value in bytes [start, end). */
  parseBytes(bytes: Buffer, start: number, end: number): ParseOutcome {
    const problem = this.suspect ? findJsonSyntaxError(bytes, start, end) : null;
    return this.parse(problem, () => bytes.toString('utf8', start, end));
  }

  /** The JSON value in a string; problem offsets count UTF-8 bytes of `text`. */
  parseText(text: string): ParseOutcome {
    const problem = this.suspect ? findJsonSyntaxError(Buffer.from(text, 'utf8'), 0, Buffer.byteLength(text, 'utf8')) : null;
    return this.parse(problem, () => text);
  }

  /** JSON.parse unless the validator already found `problem` (a nesting too deep for it is left to JSON.parse). */
  private parse(problem: SyntaxProblem | null, text: () => string): ParseOutcome {
    if (problem !== null && problem.message !== TOO_DEEP) {
      this.validInARow = 0;
      return { ok: false, problem, error: problem.message };
    }
    try {
      const value: unknown = JSON.parse(text());
      if (this.suspect && ++this.validInARow >= TRUSTED_AGAIN_AFTER) this.suspect = false;
      return { ok: true, value };
    } catch (error) {
      this.suspect = true;
      this.validInARow = 0;
      return { ok: false, problem: null, error: (error as Error).message };
    }
  }
}
