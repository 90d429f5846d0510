// Trails rebuilt from the logs themselves: every CloudTrail API call that configures a trail (CreateTrail,
// UpdateTrail, PutEventSelectors, PutInsightSelectors, StartLogging, StopLogging, DeleteTrail) becomes a change
// in that trail's timeline, with the configuration it left. Failed calls change nothing and are kept apart.
// Request and response shapes: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_Operations.html
// A trail created through the API or CLI logs nothing until StartLogging; the console calls StartLogging itself,
// and that call is recorded too: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-create-and-update-a-trail-by-using-the-aws-cli-create-trail.html

import { compareCodeUnits } from '../compareCodeUnits';
import { identityKey } from '../identity/decode';
import { parseEventTime } from '../load/eventTime';
import { runToEnd, sortSteps } from '../store/steps';
import { CLOUDTRAIL_SOURCE } from '../load/keptCalls';
import type { RawRecord } from '../types';
import { evasionOf } from './evasion';
import { defaultEventSelectors } from './parse';
import { selectorsInRecord } from './selectorsInRecord';
import { trailArnParts } from './trailArn';
import type { FailedTrailCall, TrailChange, TrailConfig, TrailState } from './types';

export { TRAIL_CHANGE_EVENTS } from '../load/keptCalls';

/** A record of a trail call and where it is. */
export interface TrailCallRecord {
  record: RawRecord;
  file: string;
  recordIndex: number;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function flag(value: unknown): boolean | null {
  return typeof value === 'boolean' ? value : null;
}

const UNKNOWN_STATE: TrailState = {
  exists: true,
  isLogging: null,
  isMultiRegionTrail: null,
  includeGlobalServiceEvents: null,
  isOrganizationTrail: null,
  eventSelectors: null,
  advancedEventSelectors: null,
  s3BucketName: null,
  logFileValidationEnabled: null,
};

/** Partition of a Region, for trail ARNs built from a name. */
function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/**
 * The trail's ARN: the response's trailARN, or the name parameter (a name or an ARN; a name is resolved in the
 * Region and account of the call, where the trail lives: https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_StartLogging.html).
 */
function trailArnOf(record: RawRecord, parameters: Json | null, response: Json | null): string | null {
  const fromResponse = text(response?.trailARN);
  if (fromResponse !== null) return fromResponse;
  const name = text(parameters?.name) ?? text(parameters?.trailName);
  if (name === null) return null;
  if (name.startsWith('arn:')) return name;
  const region = text(record.awsRegion);
  const account = text(record.recipientAccountId) ?? identityKey(record).accountId;
  return region === null || account === null ? null : `arn:${partitionOf(region)}:cloudtrail:${region}:${account}:trail/${name}`;
}

/** Trail fields of CreateTrail/UpdateTrail, from the response when present (it holds the result), else the request. */
function settingsOf(parameters: Json | null, response: Json | null): Partial<TrailState> {
  const read = (responseKey: string, requestKey: string = responseKey): boolean | null =>
    flag(response?.[responseKey]) ?? flag(parameters?.[requestKey]);
  const settings: Partial<TrailState> = {};
  const entries: Array<[keyof TrailState, boolean | string | null]> = [
    ['isMultiRegionTrail', read('isMultiRegionTrail')],
    ['includeGlobalServiceEvents', read('includeGlobalServiceEvents')],
    ['isOrganizationTrail', read('isOrganizationTrail')],
    ['logFileValidationEnabled', read('logFileValidationEnabled', 'enableLogFileValidation')],
    ['s3BucketName', text(response?.s3BucketName) ?? text(parameters?.s3BucketName)],
  ];
  for (const [key, value] of entries) if (value !== null) Object.assign(settings, { [key]: value });
  return settings;
}

const SETTING_WORDS: ReadonlyArray<[keyof TrailState, (value: unknown) => string]> = [
  ['isMultiRegionTrail', (value) => (value ? 'multi-Region' : 'single-Region')],
  ['includeGlobalServiceEvents', (value) => (value ? 'global service events included' : 'global service events excluded')],
  ['isOrganizationTrail', (value) => (value ? 'organization trail' : 'not an organization trail')],
  ['logFileValidationEnabled', (value) => (value ? 'log file validation on' : 'log file validation off')],
  ['s3BucketName', (value) => `logs to bucket ${String(value)}`],
];

function describeSettings(settings: Partial<TrailState>): string {
  return SETTING_WORDS.filter(([key]) => settings[key] !== undefined)
    .map(([key, words]) => words(settings[key]))
    .join(', ');
}

function describeSelectors(state: TrailState): string {
  if (state.advancedEventSelectors !== null) return `${state.advancedEventSelectors.length} advanced event selector(s)`;
  if (state.eventSelectors !== null) return `${state.eventSelectors.length} basic event selector(s)`;
  return 'selectors not given';
}

/** What one successful call does to the state, and the sentence that says it. */
type Apply = (before: TrailState, parameters: Json | null, response: Json | null) => { after: TrailState; change: string };

const APPLY: ReadonlyMap<string, Apply> = new Map<string, Apply>([
  [
    'CreateTrail',
    (_before, parameters, response) => {
      // API defaults: single-Region, global service events included, not an organization trail, no validation.
      const after: TrailState = {
        exists: true,
        isLogging: false,
        isMultiRegionTrail: false,
        includeGlobalServiceEvents: true,
        isOrganizationTrail: false,
        eventSelectors: defaultEventSelectors(),
        advancedEventSelectors: null,
        s3BucketName: null,
        logFileValidationEnabled: false,
        ...settingsOf(parameters, response),
      };
      return { after, change: `created (${describeSettings(after)}; default selector: all management events); not logging until StartLogging` };
    },
  ],
  [
    'UpdateTrail',
    (before, parameters, response) => {
      const settings = settingsOf(parameters, response);
      const words = describeSettings(settings);
      return {
        after: { ...before, exists: true, ...settings },
        change: words === '' ? 'updated (no setting the verdicts use)' : `updated: ${words}`,
      };
    },
  ],
  [
    'PutEventSelectors',
    (before, parameters, response) => {
      const selectors = selectorsInRecord(parameters, response);
      if (selectors === null)
        return {
          after: { ...before, eventSelectors: null, advancedEventSelectors: null },
          change: 'event selectors set (the record does not show them)',
        };
      const after = { ...before, exists: true, ...selectors };
      return { after, change: `event selectors set: ${describeSelectors(after)}` };
    },
  ],
  ['PutInsightSelectors', (before) => ({ after: before, change: 'Insights selectors set (they do not change which API calls are logged)' })],
  ['StartLogging', (before) => ({ after: { ...before, exists: true, isLogging: true }, change: 'logging started' })],
  ['StopLogging', (before) => ({ after: { ...before, isLogging: false }, change: 'logging stopped' })],
  ['DeleteTrail', (before) => ({ after: { ...before, exists: false, isLogging: false }, change: 'trail deleted' })],
]);

/**
 * Trail calls read, sorted or applied between two yields: a step of 1,000 applied took 11–26 ms alone and 36–55 ms in
 * an extension host busy with the rest of a load (32,874 calls of the benchmark's million events, 2026-11-30).
 */
const CALLS_PER_STEP = 250;

interface Building {
  arn: string;
  state: TrailState;
  timeline: TrailChange[];
  failedCalls: FailedTrailCall[];
}

/** Within one second, a trail is created before anything else happens to it and deleted after. */
const ORDER_WITHIN_A_SECOND: ReadonlyMap<string, number> = new Map([
  ['CreateTrail', 0],
  ['DeleteTrail', 2],
]);

function orderWithinASecond(record: RawRecord): number {
  return ORDER_WITHIN_A_SECOND.get(String(record.eventName)) ?? 1;
}

function timeOf(record: RawRecord): number {
  return typeof record.eventTime === 'string' ? parseEventTime(record.eventTime) : Number.NaN;
}

/**
 * What a copy of a call agrees on: its eventID, name, time and recipient. Strings are joined behind their lengths, so no
 * forged value can pass for two; any other value (a forged record's, or an absent recipient) is told apart by its JSON,
 * which starts with "[" where the joined strings start with a digit. With files ordered by compareCodeUnits (as the
 * folder walk orders them) instead of localeCompare, a rebuild of the benchmark's
 * 6,632 calls in a fresh process went from a median of 154 to 128 ms (12 runs each, 2026-12-02).
 */
function copyKeyOf(eventID: string, record: RawRecord): string {
  const { eventName, eventTime, recipientAccountId } = record;
  if (typeof eventName !== 'string' || typeof eventTime !== 'string' || typeof recipientAccountId !== 'string')
    return JSON.stringify([eventID, eventName, eventTime, recipientAccountId ?? null]);
  return `${eventID.length},${eventName.length},${eventTime.length},${eventID}${eventName}${eventTime}${recipientAccountId}`;
}

/** The trail a change or failed call is about, by ARN (`:trail/<name>`). */
function configOf(building: Building): TrailConfig {
  const fromArn = trailArnParts(building.arn);
  const { state } = building;
  const selectorsKnown = state.eventSelectors !== null || state.advancedEventSelectors !== null;
  return {
    name: fromArn.name ?? building.arn,
    source: 'logs',
    file: null,
    line: 0,
    trailArn: building.arn,
    accountId: fromArn.accountId,
    homeRegion: fromArn.homeRegion,
    isMultiRegionTrail: state.isMultiRegionTrail,
    includeGlobalServiceEvents: state.includeGlobalServiceEvents,
    isOrganizationTrail: state.isOrganizationTrail === true,
    isLogging: state.exists ? state.isLogging : false,
    startedLoggingAt: null,
    stoppedLoggingAt: null,
    timeline: building.timeline,
    failedCalls: building.failedCalls,
    eventSelectors: selectorsKnown ? state.eventSelectors : null,
    advancedEventSelectors: state.advancedEventSelectors,
    selectorsAssumed: false,
    hasCustomEventSelectors: null,
  };
}

/**
 * Every trail the calls configure, each with its timeline (oldest first). Calls are ordered by eventTime (then by
 * where they are); a call delivered twice (same eventID, name, time and recipient) counts once; a call with an unreadable time or no trail is skipped.
 */
export function rebuildTrails(calls: Iterable<TrailCallRecord>): TrailConfig[] {
  return runToEnd(rebuildTrailsSteps(calls));
}

/** rebuildTrails in steps: it yields every CALLS_PER_STEP calls (core/store/steps.ts runs it at once or in slices). */
export function* rebuildTrailsSteps(calls: Iterable<TrailCallRecord>): Generator<void, TrailConfig[]> {
  // Times are read in steps too: a forged log can hold tens of thousands of trail calls (reading and sorting
  // 32,874 of them in one step blocked the extension host 50–77 ms).
  const ordered: Array<{ call: TrailCallRecord; time: number; order: number }> = [];
  let read = 0;
  for (const call of calls) {
    if (++read % CALLS_PER_STEP === 0) yield;
    if (!APPLY.has(String(call.record.eventName)) || call.record.eventSource !== CLOUDTRAIL_SOURCE) continue;
    const time = timeOf(call.record);
    if (!Number.isNaN(time)) ordered.push({ call, time, order: orderWithinASecond(call.record) });
  }
  yield;
  const sorted = yield* sortSteps(
    ordered,
    (a, b) => a.time - b.time || a.order - b.order || compareCodeUnits(a.call.file, b.call.file) || a.call.recordIndex - b.call.recordIndex,
    CALLS_PER_STEP,
  );
  const trails = new Map<string, Building>();
  const seen = new Set<string>();
  yield;
  let sinceYield = 0;
  for (const { call } of sorted) {
    if (++sinceYield === CALLS_PER_STEP) {
      sinceYield = 0;
      yield;
    }
    const { record } = call;
    const eventID = text(record.eventID);
    if (eventID !== null) {
      // A copy agrees on more than the eventID: a forged record reusing a real call's id must not hide it.
      const copyKey = copyKeyOf(eventID, record);
      if (seen.has(copyKey)) continue;
      seen.add(copyKey);
    }
    const parameters = isObject(record.requestParameters) ? record.requestParameters : null;
    const response = isObject(record.responseElements) ? record.responseElements : null;
    const arn = trailArnOf(record, parameters, response);
    if (arn === null) continue;
    let building = trails.get(arn);
    if (building === undefined) {
      building = { arn, state: UNKNOWN_STATE, timeline: [], failedCalls: [] };
      trails.set(arn, building);
    }
    const eventName = String(record.eventName);
    const by = identityKey(record).principal;
    const errorCode = text(record.errorCode);
    const at = String(record.eventTime);
    if (errorCode !== null) {
      building.failedCalls.push({ at, eventID, eventName, errorCode, by, file: call.file, recordIndex: call.recordIndex });
      continue;
    }
    const { after, change } = (APPLY.get(eventName) as Apply)(building.state, parameters, response);
    const evasion = evasionOf(eventName, building.state, after);
    building.timeline.push({ from: at, eventID, eventName, change, by, file: call.file, recordIndex: call.recordIndex, evasion, config: after });
    building.state = after;
  }
  return [...trails.values()].map(configOf);
}
