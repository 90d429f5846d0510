// A global string table for one interned field: every distinct value once, ids dense from 1 (0 = absent).

import { foldCase } from '../search/fold';

/** Interned values of one field across all loaded files. */
export class Dictionary {
  private readonly idsByValue = new Map<string, number>();
  readonly values: string[] = [''];
  private lowerCache: string[] | null = null;

  get size(): number {
    return this.values.length;
  }

  /** The id of `value`, adding it when new. */
  intern(value: string): number {
    let id = this.idsByValue.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.idsByValue.set(value, id);
      this.lowerCache = null;
    }
    return id;
  }

  /** The id of `value`, or undefined when no event has it. */
  idOf(value: string): number | undefined {
    return this.idsByValue.get(value);
  }

  /** Values in lower case (cached until the next new value), for case-insensitive matching. */
  lowerValues(): string[] {
    if (this.lowerCache === null || this.lowerCache.length !== this.values.length) this.lowerCache = this.values.map(foldCase);
    return this.lowerCache;
  }

  /** A table with one byte per id: 1 where `predicate(value)` holds. Id 0 (absent) is tested with ''. */
  matchTable(predicate: (value: string, lower: string) => boolean): Uint8Array {
    const lower = this.lowerValues();
    const table = new Uint8Array(this.values.length);
    for (let id = 0; id < this.values.length; id++) table[id] = predicate(this.values[id], lower[id]) ? 1 : 0;
    return table;
  }
}
