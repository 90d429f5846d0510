// Strings in the order of their UTF-16 code units: the same on every machine and locale, and far cheaper than
// localeCompare, whose collation took seconds on the 300,000 distinct values a hostile log can hold.

/** Negative, zero or positive as `a` sorts before, with or after `b`, code unit by code unit. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
