// eventTime is documented as an ISO 8601 UTC timestamp (`2023-07-10T12:11:15Z`,
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html),
// but real exports also carry `2022-11-21 18:06:52` (no zone, meaning UTC) and lookup-events offsets
// (`2021-11-18T09:41:02-08:00`). Date.parse would read a zone-less value as local time, so parse by hand.

const DIGIT_0 = 0x30;

function digits(text: string, at: number, count: number): number {
  let value = 0;
  for (let i = 0; i < count; i++) {
    const digit = text.charCodeAt(at + i) - DIGIT_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Milliseconds since the epoch for a CloudTrail timestamp, or NaN when it is not one. */
export function parseEventTime(text: string): number {
  if (text.length < 19) return NaN;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const separator = text.charCodeAt(10);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || second < 0) return NaN;
  if (text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || (separator !== 0x54 && separator !== 0x20)) return NaN;
  let at = 19;
  let millis = 0;
  if (text.charCodeAt(at) === 0x2e) {
    let scale = 100;
    at++;
    while (at < text.length) {
      const digit = text.charCodeAt(at) - DIGIT_0;
      if (digit < 0 || digit > 9) break;
      millis += digit * scale;
      scale /= 10;
      at++;
    }
    millis = Math.floor(millis);
  }
  let offsetMinutes = 0;
  const zone = text.charCodeAt(at);
  if (zone === 0x2b || zone === 0x2d) {
    const zoneHours = digits(text, at + 1, 2);
    const colon = text.charCodeAt(at + 3) === 0x3a ? 1 : 0;
    const zoneMinutes = digits(text, at + 3 + colon, 2);
    if (zoneHours < 0 || zoneMinutes < 0) return NaN;
    offsetMinutes = (zone === 0x2b ? 1 : -1) * (zoneHours * 60 + zoneMinutes);
    at += 5 + colon;
  } else if (zone === 0x5a) at++;
  if (at !== text.length) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

/** CloudTrail's own rendering of a time: `2023-07-10T12:11:15Z` (milliseconds only when present). */
export function formatEventTime(millis: number): string | null {
  if (Number.isNaN(millis)) return null;
  const iso = new Date(millis).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
