// A trail as it was at an event's time. A trail rebuilt from the logs uses the last change at or before the event
// (the event that is itself the change is judged against the configuration before it: CloudTrail records the
// StopLogging call of the trail it stops). A trail from a file uses get-trail-status's latest start and stop:
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_GetTrailStatus.html

import { parseEventTime } from '../load/eventTime';
import type { RawRecord } from '../types';
import type { TrailChange, TrailConfig } from './types';

export type LoggingState = 'logging' | 'stopped' | 'unknown' | 'assumed';

export interface LoggingAtEvent {
  state: LoggingState;
  sentence: string;
  /** The call that set the state (trails rebuilt from the logs). */
  decidedBy: TrailChange | null;
  /** The raw facts the state rests on (get-trail-status fields, or the call that set it), for the secondary text. */
  condition: string;
}

export interface TrailMoment {
  /** The configuration in force, as the gates and selectors judge it. */
  config: TrailConfig;
  logging: LoggingAtEvent;
  /** The latest change at or before the event (trails rebuilt from the logs). */
  inForce: TrailChange | null;
  /** Why nothing can be said at the event's time, or null. */
  unknown: string | null;
}

/** `StopLogging at 2023-07-10T12:01:27Z by arn:… (event 3f1…)`. */
export function describeChange(change: TrailChange): string {
  return `${change.eventName} at ${change.from} by ${change.by ?? 'an unnamed principal'}${change.eventID === null ? '' : ` (event ${change.eventID})`}`;
}

const LOGGING_CALLS: ReadonlySet<string> = new Set(['CreateTrail', 'StartLogging', 'StopLogging', 'DeleteTrail']);

function eventMs(record: RawRecord): number {
  return typeof record.eventTime === 'string' ? parseEventTime(record.eventTime) : Number.NaN;
}

function loggingFromTimeline(changes: ReadonlyArray<TrailChange>, last: TrailChange): LoggingAtEvent {
  const { config } = last;
  const setter = [...changes].reverse().find((change) => LOGGING_CALLS.has(change.eventName)) ?? null;
  const how = setter === null ? '' : ` (${describeChange(setter)})`;
  const condition =
    setter === null ? 'no CreateTrail, StartLogging, StopLogging or DeleteTrail before eventTime' : `${setter.eventName} at ${setter.from}`;
  const known = { decidedBy: setter, condition };
  if (!config.exists) return { state: 'stopped', sentence: `The trail had been deleted before the event${how}.`, ...known };
  if (config.isLogging === false) {
    const why =
      setter?.eventName === 'CreateTrail' ? 'not logging yet: it was created, and no StartLogging is seen since' : 'not logging: it had been stopped';
    return { state: 'stopped', sentence: `The trail was ${why}${how}.`, ...known };
  }
  if (config.isLogging === true) return { state: 'logging', sentence: `The trail was logging when the event happened${how}.`, ...known };
  return {
    state: 'unknown',
    sentence:
      'Whether the trail was logging then cannot be told: the loaded logs hold no StartLogging, StopLogging or CreateTrail of it before the event.',
    decidedBy: null,
    condition,
  };
}

function fromTimeline(trail: TrailConfig, record: RawRecord): TrailMoment {
  const time = eventMs(record);
  const eventID = typeof record.eventID === 'string' ? record.eventID : null;
  const changes = trail.timeline.filter((change) => change.eventID !== eventID && parseEventTime(change.from) <= time);
  const first = trail.timeline[0];
  const last = changes[changes.length - 1];
  if (last === undefined) {
    if (first?.eventName === 'CreateTrail' && !Number.isNaN(time)) {
      const sentence = `The trail did not exist yet: ${describeChange(first)} created it.`;
      const logging: LoggingAtEvent = {
        state: 'stopped',
        sentence,
        decidedBy: first,
        condition: `eventTime before ${first.eventName} at ${first.from}`,
      };
      return { config: trail, logging, inForce: null, unknown: null };
    }
    const unknown = Number.isNaN(time)
      ? 'The event has no readable eventTime, so the configuration in force cannot be picked from the timeline.'
      : `The event is older than the first change of this trail in the loaded logs${first === undefined ? '' : ` (${describeChange(first)})`}: its configuration then is not known.`;
    const condition = first === undefined ? 'no change of the trail in the loaded logs' : `eventTime before ${first.eventName} at ${first.from}`;
    return { config: trail, logging: { state: 'unknown', sentence: unknown, decidedBy: null, condition }, inForce: null, unknown };
  }
  const { config } = last;
  const selectorsKnown = config.eventSelectors !== null || config.advancedEventSelectors !== null;
  return {
    config: {
      ...trail,
      isLogging: config.exists ? config.isLogging : false,
      isMultiRegionTrail: config.isMultiRegionTrail,
      includeGlobalServiceEvents: config.includeGlobalServiceEvents,
      isOrganizationTrail: config.isOrganizationTrail === true,
      eventSelectors: selectorsKnown ? config.eventSelectors : null,
      advancedEventSelectors: config.advancedEventSelectors,
    },
    logging: loggingFromTimeline(changes, last),
    inForce: last,
    unknown: null,
  };
}

/** `2023-07-10 12:01:27 UTC`: the way a responder reads a time aloud. */
function readableTime(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/(\.000)?Z$/, ' UTC');
}

/** The get-trail-status fields the answer rests on, as given, with the event's time. */
function statusCondition(trail: TrailConfig, record: RawRecord): string {
  const given = (value: string | boolean | null) => (value === null ? 'not given' : String(value));
  const eventTime = typeof record.eventTime === 'string' ? record.eventTime : 'not readable';
  return `IsLogging ${given(trail.isLogging)}, StartLoggingTime ${given(trail.startedLoggingAt)}, StopLoggingTime ${given(trail.stoppedLoggingAt)}; eventTime ${eventTime}`;
}

/**
 * Logging state from get-trail-status: IsLogging now, with the latest start and stop. Only the latest of each is
 * known, so each answer says which of them it rests on.
 */
function fromStatus(trail: TrailConfig, record: RawRecord): LoggingAtEvent {
  const started = trail.startedLoggingAt === null ? Number.NaN : Date.parse(trail.startedLoggingAt);
  const stopped = trail.stoppedLoggingAt === null ? Number.NaN : Date.parse(trail.stoppedLoggingAt);
  const time = eventMs(record);
  const none = { decidedBy: null, condition: statusCondition(trail, record) };
  if (trail.isLogging === null && Number.isNaN(started) && Number.isNaN(stopped)) {
    return {
      state: 'assumed',
      sentence:
        'The trail is taken to have been logging: its configuration gives no logging state (a trail created with the CLI logs nothing until start-logging).',
      ...none,
    };
  }
  const loggingNow = trail.isLogging ?? (!Number.isNaN(started) && (Number.isNaN(stopped) || started > stopped));
  if (Number.isNaN(time)) {
    return loggingNow
      ? {
          state: 'assumed',
          sentence: 'The trail is logging now, and is taken to have been logging then: the event has no readable eventTime.',
          ...none,
        }
      : {
          state: 'unknown',
          sentence: 'Whether the trail was logging then cannot be told: the event has no readable eventTime and the trail is stopped now.',
          ...none,
        };
  }
  const at = readableTime;
  if (!Number.isNaN(stopped) && time > stopped && (Number.isNaN(started) || started <= stopped)) {
    return { state: 'stopped', sentence: `The trail was not logging: it was stopped at ${at(stopped)} and not restarted before the event.`, ...none };
  }
  if (!Number.isNaN(started) && time >= started) {
    const since = Number.isNaN(stopped) || stopped <= started ? 'not stopped since' : `stopped only later, at ${at(stopped)}`;
    return { state: 'logging', sentence: `The trail was logging when the event happened (started ${at(started)}, ${since}).`, ...none };
  }
  if (!Number.isNaN(started) && time < started) {
    if (!Number.isNaN(stopped) && stopped <= started && time > stopped) {
      return {
        state: 'stopped',
        sentence: `The trail was not logging: it was stopped at ${at(stopped)} and only restarted at ${at(started)}, after the event.`,
        ...none,
      };
    }
    if (Number.isNaN(stopped)) {
      return { state: 'stopped', sentence: `The trail was not logging yet: it only started logging at ${at(started)}, after the event.`, ...none };
    }
  }
  if (!Number.isNaN(stopped) && time <= stopped) {
    return {
      state: 'logging',
      sentence: `The trail was logging when the event happened: it was stopped only later, at ${at(stopped)} (get-trail-status reports no earlier stops).`,
      ...none,
    };
  }
  // Stopped now, but since when is not given: the event may predate the stop.
  return loggingNow
    ? { state: 'assumed', sentence: 'The trail is logging now (IsLogging true) and is taken to have been logging at the event’s time too.', ...none }
    : {
        state: 'unknown',
        sentence:
          'Whether the trail was logging at the event’s time cannot be told: it is stopped now (IsLogging false) and no StopLoggingTime says since when (add the get-trail-status output).',
        ...none,
      };
}

/** The trail as it was when the event happened. */
export function trailAt(trail: TrailConfig, record: RawRecord): TrailMoment {
  if (trail.source === 'logs') return fromTimeline(trail, record);
  return { config: trail, logging: fromStatus(trail, record), inForce: null, unknown: null };
}
