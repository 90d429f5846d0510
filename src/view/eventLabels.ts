// How events and groups are named in lists (the tree, the search palette). A tree row has about 38 characters at the
// default sidebar width, so rows say what identifies them in short (the number first, then the names, elided to
// fit); the tooltip and the accessible name keep the long form. Pure.
import { formatCount, parseArn, type EventSummary } from '../core';

export { formatCount };

/** The longest a name in a tree row may be before it is elided in the middle (the count or the target follows it). */
export const ROW_NAME_MAX = 24;

/** "16,574 · 24 ✗": a group's size first, then how many of its events failed (only when some did). */
export function countText(count: number, errors: number): string {
  return errors > 0 ? `${formatCount(count)} · ${formatCount(errors)} ✗` : formatCount(count);
}

/** "16,574 events, 24 with an error": what countText abbreviates, for tooltips and screen readers. */
export function countWords(count: number, errors: number): string {
  const events = `${formatCount(count)} ${count === 1 ? 'event' : 'events'}`;
  return errors > 0 ? `${events}, ${formatCount(errors)} with an error` : events;
}

/** "AWSReservedS…AdanAlvarez": the head says what kind of name it is, the tail which one. */
export function elide(text: string, max: number = ROW_NAME_MAX): string {
  if (text.length <= max) return text;
  const head = Math.ceil((max - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (max - 1 - head))}`;
}

/** "…idRouteTableID.NotFound": the tail, for names that differ at their end (and whose heads elide alike). */
export function elideStart(text: string, max: number = ROW_NAME_MAX): string {
  return text.length <= max ? text : `…${text.slice(text.length - (max - 1))}`;
}

/** An event's time as the search shows it: UTC, to the second. */
export function eventTimeLabel(eventTime: string | null): string {
  return eventTime === null ? '(no time)' : eventTime.replace('T', ' ');
}

/**
 * How much of an event's time a tree row shows. Siblings on one UTC day differ only in the time of day; a group
 * that spans days needs the day, one that spans years the year too. The full time is in the tooltip.
 */
export type TimeShown = 'time' | 'day' | 'full';

/** What a group whose events run from `first` to `last` (normalised `YYYY-MM-DDTHH:MM:SSZ`) shows of each time. */
export function timeShownFor(first: string | null, last: string | null): TimeShown {
  if (first === null || last === null || first.slice(0, 4) !== last.slice(0, 4)) return 'full';
  return first.slice(0, 10) === last.slice(0, 10) ? 'time' : 'day';
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const TIME_FORMS: Record<TimeShown, (iso: string) => string> = {
  time: (iso) => iso.slice(11, 19),
  day: (iso) => `${MONTHS[Number(iso.slice(5, 7)) - 1] ?? iso.slice(5, 7)} ${Number(iso.slice(8, 10))} ${iso.slice(11, 19)}`,
  full: (iso) => `${iso.slice(0, 10)} ${iso.slice(11, 19)}`,
};

/** "12:11:15", "Jul 10 12:11:15" or "2023-07-10 12:11:15": an event's time in a tree row (UTC). */
export function rowTime(eventTime: string | null, shown: TimeShown): string {
  return eventTime === null ? '(no time)' : TIME_FORMS[shown](eventTime);
}

/**
 * An event's name as lists and titles show it. CloudTrail logs ListObjectsV2 requests as ListObjects; the core's
 * apiOperationOf tells them apart, and the label keeps the logged name first: "ListObjects (ListObjectsV2)".
 */
export function eventNameLabel(eventName: string | null, apiOperation: string | null = null): string {
  const name = eventName ?? '(no eventName)';
  return apiOperation === null || apiOperation === eventName ? name : `${name} (${apiOperation})`;
}

type LabelledSummary = Pick<EventSummary, 'principal' | 'bucket' | 'objectKey' | 'errorCode'>;

function targetOf(summary: Pick<EventSummary, 'bucket' | 'objectKey'>): string | undefined {
  return summary.bucket ? (summary.objectKey ? `${summary.bucket}/${summary.objectKey}` : summary.bucket) : undefined;
}

/** principal · bucket/key · error: what the search palette shows under an event's name and time. */
export function eventDescription(summary: LabelledSummary): string {
  return [shortPrincipal(summary.principal), targetOf(summary), summary.errorCode].filter(Boolean).join(' · ');
}

/** The resource part of an ARN (user/alice, assumed-role/Admin/session); other names as they are. */
export function shortPrincipal(principal: string | null | undefined): string | undefined {
  if (!principal) return undefined;
  return parseArn(principal)?.resource || principal;
}

/**
 * The name a principal goes by, by the ARN's resource type: a user's name without its path, a role session as
 * role/session, a federated user's name. https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
const NAME_OF_RESOURCE: Record<string, (id: string) => string> = {
  user: (id) => id.slice(id.lastIndexOf('/') + 1),
  'assumed-role': (id) => id,
  'federated-user': (id) => id,
};

/** AWS service principals (invokedBy) end so: "delivery.logs.amazonaws.com" is known by "delivery.logs". */
const SERVICE_SUFFIX = '.amazonaws.com';

/** A principal as short as a tree row needs it: "alice", "Admin/alice", "root", "delivery.logs"; elided to fit. */
export function principalName(principal: string | null | undefined): string | undefined {
  if (!principal) return undefined;
  const arn = parseArn(principal);
  const nameOf = arn?.resourceType ? NAME_OF_RESOURCE[arn.resourceType] : undefined;
  const name = arn ? (nameOf ? nameOf(arn.resourceId) : arn.resource) || principal : principal;
  return elide(name.endsWith(SERVICE_SUFFIX) && name.length > SERVICE_SUFFIX.length ? name.slice(0, -SERVICE_SUFFIX.length) : name);
}

/**
 * A delivered log file by what tells it from its siblings: the delivery time and the start of the unique string of
 * <AccountID>_CloudTrail_<Region>_<YYYYMMDD>T<HHmm>Z_<UniqueString>.json.gz (the account and Region are the
 * folder's; the unique string only prevents overwrites, so its start is enough).
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html
 */
export function fileName(file: string): string {
  const base = file.split(/[\\/]/).pop() || file;
  const delivered = /^\d{12}_CloudTrail_[a-z0-9-]+_(\d{8}T\d{4}Z_?[A-Za-z0-9]+)\.json(?:\.gz)?$/.exec(base);
  if (!delivered) return elide(base);
  const stampAndUnique = delivered[1];
  return stampAndUnique.length <= ROW_NAME_MAX ? stampAndUnique : `${stampAndUnique.slice(0, ROW_NAME_MAX - 1)}…`;
}

/** The fields an event row can leave out because its top-level group already names them. */
export type RowField = 'principal' | 'bucket' | 'errorCode';

export interface EventRow {
  /** "12:11:15 alice": when, and who. */
  label: string;
  /** "bucket/key · AccessDenied": what, and how it failed. */
  description: string;
}

/**
 * An event's tree row: time and short principal, then bucket/key and error. Its parent group is its eventName, so
 * the name is left out; so is what the top-level group names (the bucket, when grouped by bucket, leaves the key).
 */
export function eventRow(summary: LabelledSummary & Pick<EventSummary, 'eventTime'>, timeShown: TimeShown, groupedBy?: RowField): EventRow {
  const principal = groupedBy === 'principal' ? undefined : principalName(summary.principal);
  const target = groupedBy === 'bucket' ? (summary.objectKey ?? undefined) : targetOf(summary);
  const error = groupedBy === 'errorCode' ? undefined : summary.errorCode;
  return {
    label: [rowTime(summary.eventTime, timeShown), principal].filter(Boolean).join(' '),
    description: [target, error].filter(Boolean).join(' · '),
  };
}

/** "GetObject at 2023-07-10 12:11:15 UTC by arn:…:user/alice on bucket/key, error AccessDenied": a row's long form. */
export function eventSentence(summary: LabelledSummary & Pick<EventSummary, 'eventTime' | 'eventName' | 'apiOperation'>): string {
  const time = summary.eventTime === null ? 'at an unknown time' : `at ${rowTime(summary.eventTime, 'full')} UTC`;
  const target = targetOf(summary);
  return [
    `${eventNameLabel(summary.eventName, summary.apiOperation)} ${time}`,
    summary.principal ? ` by ${summary.principal}` : '',
    target ? ` on ${target}` : '',
    summary.errorCode ? `, error ${summary.errorCode}` : '',
  ].join('');
}

/**
 * Labels for sibling groups, short and distinct: each value takes its first shortening (an undefined one is skipped),
 * and values whose labels clash take the next, down to the value itself (two accounts' user "admin").
 */
export function distinctLabels(values: readonly string[], shortenings: readonly ((value: string) => string | undefined)[]): string[] {
  const labels = values.map((value) => shortenings[0]?.(value) ?? value);
  for (const shorten of [...shortenings.slice(1), (value: string) => value]) {
    const uses = new Map<string, number>();
    for (const label of labels) uses.set(label, (uses.get(label) ?? 0) + 1);
    const clashing = labels.flatMap((label, i) => ((uses.get(label) ?? 0) > 1 ? [i] : []));
    if (clashing.length === 0) break;
    for (const i of clashing) labels[i] = shorten(values[i]) ?? values[i];
  }
  return labels;
}
