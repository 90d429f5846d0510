// What happens to an event when no trail is configured, and which selection would make it appear.
// Event history: management events only, 90 days, per Region, free, always on:
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/view-cloudtrail-events.html
// Data events: off by default, must be selected on a trail (or event data store):
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
// Special S3 selections (prefix for listings, bucket with an empty prefix for HeadBucket and DeleteObjects):
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html

import { classifyEvent } from '../s3/classify';
import { recordBucket, requestParameters, stringField } from '../s3/recordFields';
import { ruleInForce, SPECIAL_CASES, type SpecialCaseId } from '../s3/specialCases';
import type { RawRecord } from '../types';
import { selectorCategory } from './explain';
import type { ExplanationNode } from './types';

export interface DefaultsExplanation {
  /** Visible in the Region's Event history (management events of the last 90 days). */
  inEventHistory: boolean;
  /** A trail with the default selector (all management events) would log it. */
  loggedByDefaultTrail: boolean;
  /** Why the event is or is not in Event history now, as one sentence. */
  historyReason: string;
  reasons: string[];
  /** Selections that would make a trail log this event (empty when the default already does). */
  selectionNeeded: string[];
  tree: ExplanationNode;
}

const EVENT_HISTORY_DAYS = 90;
/** The default selector of a trail, as the raw condition beside the sentences about it. */
const DEFAULT_SELECTOR = 'default selector: IncludeManagementEvents true, ReadWriteType All, no DataResources';
const DAY_MS = 86_400_000;

function ageInDays(eventTime: unknown, now: Date): number | null {
  if (typeof eventTime !== 'string') return null;
  const time = Date.parse(eventTime.includes('T') ? eventTime : `${eventTime.replace(' ', 'T')}Z`);
  return Number.isNaN(time) ? null : Math.floor((now.getTime() - time) / DAY_MS);
}

interface SelectionContext {
  bucketArn: string;
  key: string | null;
  prefix: string | null;
}

type SelectionText = (context: SelectionContext) => string;

const OBJECT_SELECTION: SelectionText = ({ bucketArn, key }) =>
  `Basic selector: DataResources Type AWS::S3::Object with Values ["${bucketArn}"] (the bucket)${key ? `, a prefix of "${key}"` : ''} or ["arn:aws:s3"] (all buckets).`;
const EMPTY_PREFIX_SELECTION: SelectionText = ({ bucketArn }) =>
  `Basic selector: DataResources Type AWS::S3::Object with the bucket and an empty prefix, Values ["${bucketArn}"], or all buckets ["arn:aws:s3"].`;

/** The basic selection each special case of the S3 page needs; other S3 data events use OBJECT_SELECTION. */
const BASIC_SELECTIONS: Partial<Record<SpecialCaseId, SelectionText>> = {
  'list-objects-prefix': ({ bucketArn, prefix }) =>
    `Basic selector: DataResources Type AWS::S3::Object with a prefix of the bucket that covers the listed prefix, e.g. Values ["${bucketArn}${prefix ?? ''}"], or ["${bucketArn}"] for the whole bucket, or ["arn:aws:s3"] for all buckets (the exact prefix comparison is not documented).`,
  'head-bucket-empty-prefix': EMPTY_PREFIX_SELECTION,
  'delete-objects-empty-prefix': EMPTY_PREFIX_SELECTION,
};

/** Selections for an S3 data event: the basic one of its special case, and the advanced equivalent. */
function s3Selections(specialCase: SpecialCaseId | undefined, context: SelectionContext): string[] {
  const basic = (specialCase === undefined ? undefined : BASIC_SELECTIONS[specialCase]) ?? OBJECT_SELECTION;
  return [
    basic(context),
    `Advanced selector: eventCategory Equals ["Data"], resources.type Equals ["AWS::S3::Object"], resources.ARN StartsWith ["${context.bucketArn}"].`,
  ];
}

/** What CloudTrail does with this event when no trail is configured. `now` is injectable for tests. */
export function explainDefaults(record: RawRecord, now: Date = new Date()): DefaultsExplanation {
  const { category, value } = selectorCategory(record);
  const classification = classifyEvent(record);
  const age = ageInDays(record.eventTime, now);
  const reasons: string[] = [];
  const selectionNeeded: string[] = [];
  const children: ExplanationNode[] = [];
  let inEventHistory = false;
  let loggedByDefaultTrail = false;
  let historyReason = `Not in Event history: it holds management events only, and this is ${value ? `a ${value}` : 'not a management'} event.`;

  if (category === 'Management') {
    const tooOld = age !== null && age > EVENT_HISTORY_DAYS;
    inEventHistory = !tooOld;
    historyReason = tooOld
      ? `Not in Event history any more: it keeps management events for ${EVENT_HISTORY_DAYS} days, and this one is ${age} days old.`
      : `In the Region's Event history now: management events stay there ${EVENT_HISTORY_DAYS} days, with no trail.`;
    loggedByDefaultTrail = true;
    reasons.push(
      tooOld
        ? `A management event: Event history keeps management events for ${EVENT_HISTORY_DAYS} days only, and this one is ${age} days old, so it is no longer there.`
        : `A management event: CloudTrail records it in the Region's Event history (free, for ${EVENT_HISTORY_DAYS} days) even with no trail.`,
      'Any trail logs management events by default (read and write); a trail is needed to keep them longer than 90 days.',
    );
    children.push(
      {
        label: inEventHistory
          ? `The event is in the Region's Event history, which keeps management events for ${EVENT_HISTORY_DAYS} days.`
          : `The event is no longer in Event history: it keeps management events for ${EVENT_HISTORY_DAYS} days, and this one is ${age} days old.`,
        outcome: inEventHistory ? 'matched' : 'not-matched',
        field: 'eventCategory',
        condition: `= Management, at most ${EVENT_HISTORY_DAYS} days old`,
        actual: value,
      },
      { label: 'A trail with the default selector logs all management events, this one too.', outcome: 'matched', condition: DEFAULT_SELECTOR },
    );
  } else if (category === 'Data') {
    reasons.push(
      'A data event: data events are never in Event history and no trail logs them by default; a trail (or event data store) must select them, at extra cost.',
    );
    children.push(
      { label: 'Event history never holds data events.', outcome: 'not-matched', field: 'eventCategory', condition: '= Management', actual: value },
      { label: 'A trail with the default selector logs no data events.', outcome: 'not-matched', condition: DEFAULT_SELECTOR },
    );
    const bucket = recordBucket(record);
    if (classification.isS3 && bucket !== null) {
      const parameters = requestParameters(record);
      const specialCase = classification.specialCase as SpecialCaseId | undefined;
      selectionNeeded.push(
        ...s3Selections(specialCase, {
          bucketArn: `arn:aws:s3:::${bucket}/`,
          key: stringField(parameters?.key),
          prefix: stringField(parameters?.prefix),
        }),
      );
      if (specialCase !== undefined && specialCase in SPECIAL_CASES) reasons.push(ruleInForce(SPECIAL_CASES[specialCase], record.eventTime));
    } else {
      selectionNeeded.push(
        'A trail data event selector for this resource type (basic DataResources, or an advanced selector with eventCategory Equals ["Data"] and resources.type).',
      );
    }
    children.push({
      label: 'A trail logs it with one of these selections:',
      outcome: 'info',
      children: selectionNeeded.map((label) => ({ label, outcome: 'info' as const })),
    });
  } else if (category === 'Insight') {
    reasons.push(
      'An Insights event: produced only when a trail or event data store enables CloudTrail Insights (insight selectors); not in Event history as an API event.',
    );
    selectionNeeded.push(
      'Insight selectors on a trail (ApiCallRateInsight and/or ApiErrorRateInsight), with the management events they analyse logged.',
    );
    children.push({
      label: 'Insights events are off by default.',
      outcome: 'not-matched',
      field: 'eventCategory',
      condition: '= Insight needs insight selectors',
      actual: value,
    });
  } else {
    reasons.push(`A ${value || 'non-API'} event: not logged by default; it needs an advanced selector with eventCategory Equals ["${value}"].`);
    selectionNeeded.push(`Advanced selector: eventCategory Equals ["${value}"] and eventSource Equals ["${String(record.eventSource)}"].`);
    children.push({
      label: `${value ? `${value} events are` : 'This kind of event is'} off by default.`,
      outcome: 'not-matched',
      field: 'eventCategory',
      condition: `= ${value || '(none)'} needs an advanced selector`,
      actual: value,
    });
  }
  return {
    inEventHistory,
    loggedByDefaultTrail,
    historyReason,
    reasons,
    selectionNeeded,
    tree: {
      label: 'With no trail configured, CloudTrail’s defaults apply.',
      outcome: inEventHistory || loggedByDefaultTrail ? 'matched' : 'not-matched',
      children,
    },
  };
}
