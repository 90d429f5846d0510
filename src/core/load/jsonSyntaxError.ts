// V8's JSON.parse messages do not always carry a position, and never a line. When a record fails to parse,
// this strict validator (RFC 8259 grammar) walks the record's bytes to say exactly where and why.

import { isJsonWhitespace, JsonScanError } from './jsonBytes';

/** Where a JSON text stops being valid. */
export interface SyntaxProblem {
  offset: number;
  message: string;
}

const LITERALS: Record<number, string> = { 0x74: 'true', 0x66: 'false', 0x6e: 'null' };

class Validator {
  pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly end: number,
  ) {
    this.pos = start;
  }

  private describe(): string {
    return this.pos >= this.end ? 'unexpected end of input' : `unexpected character '${String.fromCharCode(this.bytes[this.pos])}'`;
  }

  private fail(expected: string): never {
    throw new JsonScanError(`${this.describe()}, expected ${expected}`, this.pos);
  }

  whitespace(): void {
    while (this.pos < this.end && isJsonWhitespace(this.bytes[this.pos])) this.pos++;
  }

  value(depth: number): void {
    if (depth > 2_000) throw new JsonScanError('nesting too deep', this.pos);
    this.whitespace();
    const byte = this.bytes[this.pos];
    if (this.pos >= this.end) this.fail('a value');
    if (byte === 0x7b) return this.object(depth);
    if (byte === 0x5b) return this.array(depth);
    if (byte === 0x22) return this.string();
    if (byte === 0x2d || (byte >= 0x30 && byte <= 0x39)) return this.number();
    const literal = LITERALS[byte];
    if (literal !== undefined) {
      for (let i = 0; i < literal.length; i++) {
        if (this.bytes[this.pos] !== literal.charCodeAt(i)) this.fail(`'${literal}'`);
        this.pos++;
      }
      return;
    }
    this.fail('a value');
  }

  private object(depth: number): void {
    this.members(0x7d, '}', () => {
      this.whitespace();
      if (this.bytes[this.pos] !== 0x22) this.fail('a property name in double quotes');
      this.string();
      this.whitespace();
      if (this.bytes[this.pos] !== 0x3a) this.fail("':'");
      this.pos++;
      this.value(depth + 1);
    });
  }

  private array(depth: number): void {
    this.members(0x5d, ']', () => this.value(depth + 1));
  }

  /** The members of an object or array from its opening bracket: `member` reads one. */
  private members(close: number, closeText: string, member: () => void): void {
    this.pos++;
    this.whitespace();
    if (this.bytes[this.pos] === close) {
      this.pos++;
      return;
    }
    for (;;) {
      member();
      this.whitespace();
      if (this.bytes[this.pos] === 0x2c) {
        this.pos++;
        continue;
      }
      if (this.bytes[this.pos] === close) {
        this.pos++;
        return;
      }
      this.fail(`',' or '${closeText}'`);
    }
  }

  private string(): void {
    const open = this.pos;
    this.pos++;
    while (this.pos < this.end) {
      const byte = this.bytes[this.pos];
      if (byte === 0x22) {
        this.pos++;
        return;
      }
      if (byte < 0x20) throw new JsonScanError('control character inside a string', this.pos);
      if (byte === 0x5c) {
        const escaped = this.bytes[this.pos + 1];
        if (escaped === 0x75) {
          for (let i = 2; i < 6; i++) {
            const hex = this.bytes[this.pos + i];
            const isHex = (hex >= 0x30 && hex <= 0x39) || (hex >= 0x41 && hex <= 0x46) || (hex >= 0x61 && hex <= 0x66);
            if (!isHex) throw new JsonScanError('invalid \\u escape in a string', this.pos);
          }
          this.pos += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(String.fromCharCode(escaped))) throw new JsonScanError('invalid escape in a string', this.pos);
        this.pos += 2;
        continue;
      }
      this.pos++;
    }
    throw new JsonScanError('unterminated string', open);
  }

  private number(): void {
    const start = this.pos;
    if (this.bytes[this.pos] === 0x2d) this.pos++;
    const digits = () => {
      const from = this.pos;
      while (this.bytes[this.pos] >= 0x30 && this.bytes[this.pos] <= 0x39) this.pos++;
      if (this.pos === from) this.fail('a digit');
    };
    if (this.bytes[this.pos] === 0x30) this.pos++;
    else digits();
    if (this.bytes[this.pos] === 0x2e) {
      this.pos++;
      digits();
    }
    if (this.bytes[this.pos] === 0x65 || this.bytes[this.pos] === 0x45) {
      this.pos++;
      if (this.bytes[this.pos] === 0x2b || this.bytes[this.pos] === 0x2d) this.pos++;
      digits();
    }
    if (this.pos === start) this.fail('a number');
  }
}

/** The first syntax error in bytes [start, end), or null when they hold exactly one valid JSON value. */
export function findJsonSyntaxError(bytes: Uint8Array, start: number, end: number): SyntaxProblem | null {
  const validator = new Validator(bytes, start, end);
  try {
    validator.value(0);
    validator.whitespace();
    if (validator.pos < end) return { offset: validator.pos, message: 'unexpected content after the JSON value' };
    return null;
  } catch (error) {
    if (error instanceof JsonScanError) return { offset: error.offset, message: error.message };
    throw error;
  }
}
