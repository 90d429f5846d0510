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
  if (!config.exists) return { state: 'stopped', sentence: `The trail had been deleted${how}.`, decidedBy: setter };
  if (config.isLogging === false) {
    const why = setter?.eventName === 'CreateTrail' ? 'was not logging yet: created, and no StartLogging seen since' : 'was stopped';
    return { state: 'stopped', sentence: `The trail ${why}${how}.`, decidedBy: setter };
  }
  if (config.isLogging === true) return { state: 'logging', sentence: `The trail was logging${how}.`, decidedBy: setter };
  return {
    state: 'unknown',
    sentence: 'The loaded logs do not show whether the trail was logging then (no StartLogging, StopLogging or CreateTrail before the event).',
    decidedBy: null,
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
      return { config: trail, logging: { state: 'stopped', sentence, decidedBy: first }, inForce: null, unknown: null };
    }
    const unknown = Number.isNaN(time)
      ? 'The event has no readable eventTime, so the configuration in force cannot be picked from the timeline.'
      : `The event is older than the first change of this trail in the loaded logs${first === undefined ? '' : ` (${describeChange(first)})`}: its configuration then is not known.`;
    return { config: trail, logging: { state: 'unknown', sentence: unknown, decidedBy: null }, inForce: null, unknown };
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

/**
 * Logging state from get-trail-status: IsLogging now, with the latest start and stop. Only the latest of each is
 * known, so each answer says which of them it rests on.
 */
function fromStatus(trail: TrailConfig, record: RawRecord): LoggingAtEvent {
  const started = trail.startedLoggingAt === null ? Number.NaN : Date.parse(trail.startedLoggingAt);
  const stopped = trail.stoppedLoggingAt === null ? Number.NaN : Date.parse(trail.stoppedLoggingAt);
  const time = eventMs(record);
  const none = { decidedBy: null };
  if (trail.isLogging === null && Number.isNaN(started) && Number.isNaN(stopped)) {
    return {
      state: 'assumed',
      sentence: 'Logging state not given (assumed logging; a CLI-created trail logs nothing until start-logging).',
      ...none,
    };
  }
  const loggingNow = trail.isLogging ?? (!Number.isNaN(started) && (Number.isNaN(stopped) || started > stopped));
  if (Number.isNaN(time)) {
    return loggingNow
      ? { state: 'assumed', sentence: 'The event has no readable eventTime; the trail is logging now (assumed then too).', ...none }
      : {
          state: 'unknown',
          sentence: 'The event has no readable eventTime and the trail is stopped now: whether it was logging then is not known.',
          ...none,
        };
  }
  const at = (ms: number) => new Date(ms).toISOString();
  if (!Number.isNaN(stopped) && time > stopped && (Number.isNaN(started) || started <= stopped)) {
    return {
      state: 'stopped',
      sentence: `The trail was stopped at ${at(stopped)} (get-trail-status StopLoggingTime) and not restarted before the event.`,
      ...none,
    };
  }
  if (!Number.isNaN(started) && time >= started) {
    return { state: 'logging', sentence: `The trail had been logging since ${at(started)} (get-trail-status StartLoggingTime).`, ...none };
  }
  if (!Number.isNaN(started) && time < started) {
    if (!Number.isNaN(stopped) && stopped <= started && time > stopped) {
      return { state: 'stopped', sentence: `The trail was stopped from ${at(stopped)} until it was restarted at ${at(started)}.`, ...none };
    }
    if (Number.isNaN(stopped)) {
      return {
        state: 'stopped',
        sentence: `The trail only started logging at ${at(started)} and has not been stopped since: it was not logging before.`,
        ...none,
      };
    }
  }
  if (!Number.isNaN(stopped) && time <= stopped) {
    return {
      state: 'logging',
      sentence: `The trail was logging until it was stopped at ${at(stopped)} (get-trail-status StopLoggingTime; earlier stops are not reported).`,
      ...none,
    };
  }
  // Stopped now, but since when is not given: the event may predate the stop.
  return loggingNow
    ? { state: 'assumed', sentence: 'The trail is logging now (IsLogging true); assumed logging at the event’s time too.', ...none }
    : {
        state: 'unknown',
        sentence:
          'The trail is stopped now (IsLogging false), but no StopLoggingTime says since when: whether it was logging at the event’s time is not known (add the get-trail-status output).',
        ...none,
      };
}

/** The trail as it was when the event happened. */
export function trailAt(trail: TrailConfig, record: RawRecord): TrailMoment {
  if (trail.source === 'logs') return fromTimeline(trail, record);
  return { config: trail, logging: fromStatus(trail, record), inForce: null, unknown: null };
}
