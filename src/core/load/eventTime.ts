// eventTime is documented as an ISO 8601 UTC timestamp (`2023-07-10T12:11:15Z`,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
// but real exports also carry `2022-11-21 18:06:52` (no zone, meaning UTC) and lookup-events offsets
// (`2021-11-18T09:41:02-08:00`). Date.parse would read a zone-less value as local time, and Date.UTC rolls
// 2023-02-31 over to 3 March, so parse by hand and accept only real calendar dates, times and offsets
// (the ranges of RFC 3339, https://www.rfc-editor.org/rfc/rfc3339#section-5.7).

const DIGIT_0 = 0x30;
const HYPHEN = 0x2d;
const COLON = 0x3a;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZULU = 0x5a;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Date.UTC reads years 0-99 as 1900-1999; the Gregorian calendar repeats every 400 years, so shift and shift back.
const FOUR_CENTURIES_MS = 146_097 * 86_400_000;

function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const digit = text.charCodeAt(at + i) - DIGIT_0;
    if (!(digit >= 0 && digit <= 9)) return -1;
    value = value * 10 + digit;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** Minutes east of UTC of the zone at `at` ('Z', ±HH:MM or ±HHMM) and where it ends, or null when it is not one. */
function zoneAt(text: string, at: number): { minutes: number; end: number } | null {
  const sign = text.charCodeAt(at);
  if (sign === ZULU) return { minutes: 0, end: at + 1 };
  if (sign !== PLUS && sign !== HYPHEN) return null;
  const colon = text.charCodeAt(at + 3) === COLON ? 1 : 0;
  const hours = digits(text, at + 1, 2);
  const minutes = digits(text, at + 3 + colon, 2);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return null;
  return { minutes: (sign === PLUS ? 1 : -1) * (hours * 60 + minutes), end: at + 5 + colon };
}

/** Milliseconds since the epoch for a CloudTrail timestamp, or NaN when it is not a real instant. */
export function parseEventTime(text: string): number {
  if (text.length < 19) return NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const separator = text.charCodeAt(10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return NaN;
  if (text.charCodeAt(4) !== HYPHEN || text.charCodeAt(7) !== HYPHEN || (separator !== 0x54 && separator !== 0x20)) return NaN;
  if (text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON) return NaN;
  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === DOT) {
    const fractionStart = ++at;
    let scale = 100;
    while (at < text.length) {
      const digit = text.charCodeAt(at) - DIGIT_0;
      if (!(digit >= 0 && digit <= 9)) break;
      millis += digit * scale;
      scale /= 10;
      at++;
    }
    if (at === fractionStart) return NaN;
    millis = Math.floor(millis);
  }
  let offsetMinutes = 0;
  if (at < text.length) {
    const zone = zoneAt(text, at);
    if (zone === null || zone.end !== text.length) return NaN;
    offsetMinutes = zone.minutes;
  }
  return Date.UTC(year + 400, month - 1, day, hour, minute, second, millis) - FOUR_CENTURIES_MS - offsetMinutes * 60_000;
}

/** CloudTrail's own rendering of a time: `2023-07-10T12:11:15Z` (milliseconds only when present). */
export function formatEventTime(millis: number): string | null {
  if (Number.isNaN(millis)) return null;
  const iso = new Date(millis).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
