// Bin widths of the activity timeline: picked from the span so a chart keeps about 150 bars, or given by the user
// ("--bin 1h"). Bins start on UTC boundaries (CloudTrail writes eventTime in UTC), weeks on Mondays.

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

/** A width offered for the timeline, by name. */
export interface BinWidth {
  name: string;
  ms: number;
}

/** The widths a picked bin has, smallest first. */
export const BIN_WIDTHS: readonly BinWidth[] = [
  { name: '1m', ms: MINUTE },
  { name: '5m', ms: 5 * MINUTE },
  { name: '15m', ms: 15 * MINUTE },
  { name: '1h', ms: HOUR },
  { name: '6h', ms: 6 * HOUR },
  { name: '1d', ms: DAY },
  { name: '1w', ms: WEEK },
];

/** The most bins a picked width gives: enough to see a burst, few enough for a chart of bars. */
export const MAX_PICKED_BINS = 150;
/** The most bins a timeline holds, whatever width is asked (a minute over years would be millions). */
export const MAX_BINS = 100_000;

const UNIT_MS: Readonly<Record<string, number>> = { s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: WEEK };
/** Units from the largest, for naming a width. */
const UNITS_LARGEST_FIRST = Object.entries(UNIT_MS).sort((a, b) => b[1] - a[1]);
/** 1970-01-05, the first Monday after the epoch: weeks are aligned on it (ISO weeks start on Monday). */
const FIRST_MONDAY = 4 * DAY;

/** The width in ms of a text such as "1h", "15m", "2d" or "1w" (a whole number and a unit s, m, h, d, w); undefined when it is not one. */
export function parseBinWidth(text: string): number | undefined {
  const match = /^([1-9]\d{0,5})([smhdw])$/.exec(text.trim());
  return match === null ? undefined : Number(match[1]) * UNIT_MS[match[2]];
}

/** The name of a width in its largest whole unit: 3600000 → "1h", 90000 → "90s". */
export function formatBinWidth(ms: number): string {
  const [unit, size] = UNITS_LARGEST_FIRST.find(([, size]) => ms % size === 0) ?? ['s', SECOND];
  return `${ms / size}${unit}`;
}

/** The start of the bin of width `binMs` that holds `time`: whole weeks start on a Monday, other widths on multiples of it since the epoch (UTC). */
export function binStartOf(time: number, binMs: number): number {
  const origin = binMs % WEEK === 0 ? FIRST_MONDAY : 0;
  return Math.floor((time - origin) / binMs) * binMs + origin;
}

/** How many bins of width `binMs` cover [first, last], aligned. */
export function binCount(first: number, last: number, binMs: number): number {
  return Math.floor((last - binStartOf(first, binMs)) / binMs) + 1;
}

/** The smallest width giving at most MAX_PICKED_BINS bins over [first, last]; past the widest, a number of weeks. */
export function pickBinWidth(first: number, last: number): number {
  const picked = BIN_WIDTHS.find((width) => binCount(first, last, width.ms) <= MAX_PICKED_BINS);
  if (picked !== undefined) return picked.ms;
  let weeks = Math.ceil((last - first) / (MAX_PICKED_BINS * WEEK));
  while (binCount(first, last, weeks * WEEK) > MAX_PICKED_BINS) weeks++;
  return weeks * WEEK;
}
