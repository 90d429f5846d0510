// Basic event selectors (EventSelectors): ReadWriteType, IncludeManagementEvents, ExcludeManagementEventSources and
// DataResources (AWS::S3::Object, AWS::Lambda::Function, AWS::DynamoDB::Table) whose Values are ARN prefixes.
// An event is logged when it matches any selector.
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_EventSelector.html
// https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_DataResource.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html

import { S3_CATALOGUE } from '../s3/catalogue';
import { DATA_SELECTION_CASES, ruleInForce, SPECIAL_CASES } from '../s3/specialCases';
import type { RawRecord } from '../types';
import { readOnlyValue, resourceArns } from './eventFields';
import type { BasicEventSelector, DataResource, ExplanationNode, ReadWriteType } from './types';

/** Category of the event as far as selectors are concerned. */
export type SelectorCategory = 'Management' | 'Data' | 'Insight' | 'NetworkActivity' | 'other';

const READ_WRITE_TESTS: Readonly<Record<ReadWriteType, (readOnly: boolean | null) => boolean>> = {
  All: () => true,
  ReadOnly: (readOnly) => readOnly === true,
  WriteOnly: (readOnly) => readOnly === false,
};

const READ_WRITE_WORDS: Readonly<Record<ReadWriteType, string>> = {
  All: 'read and write events',
  ReadOnly: 'read-only events',
  WriteOnly: 'write events only',
};

/** The readOnly values each ReadWriteType accepts, as the raw condition. */
const READ_WRITE_CONDITIONS: Readonly<Record<ReadWriteType, string>> = { All: 'true or false', ReadOnly: '= true', WriteOnly: '= false' };

/** Categories basic selectors have no field for. */
const NOT_SELECTABLE_BY_BASIC: Readonly<Record<Exclude<SelectorCategory, 'Management' | 'Data'>, string>> = {
  Insight: 'Insights events (they need insight selectors)',
  NetworkActivity: 'network activity events (they need advanced selectors)',
  other: 'this kind of event',
};

/** Values that select every S3 bucket: the current API text uses `arn:aws:s3`, older docs `arn:aws:s3:::` (reference F17). */
function describeDataValue(value: string): string {
  if (/^arn:[a-z-]+:s3(:::)?$/.test(value)) return `${value} (all buckets, including your principals' calls on other accounts' buckets)`;
  if (value.endsWith('/') && value.indexOf('/') === value.length - 1) return `${value} (the whole bucket)`;
  return value;
}

interface SelectorResult {
  matched: boolean;
  node: ExplanationNode;
  reason: string;
}

interface ReadOnlyFact {
  value: boolean | null;
  note?: string;
}

/** "The selector takes write events only, but this call was a read". */
function readWriteSentence(type: ReadWriteType, readOnly: boolean | null, passed: boolean): string {
  const takes = `The selector takes ${READ_WRITE_WORDS[type]}`;
  if (readOnly === null)
    return type === 'All'
      ? `${takes}, so it does not matter that the record does not say whether the call was read-only`
      : `${takes}, and the record does not say whether the call was read-only`;
  return `${takes}, ${passed ? 'and' : 'but'} this call was a ${readOnly ? 'read' : 'write'}`;
}

function readWriteNode(
  selector: BasicEventSelector,
  { value: readOnly, note }: ReadOnlyFact,
): { passed: boolean; node: ExplanationNode; failure: string } {
  const passed = READ_WRITE_TESTS[selector.ReadWriteType](readOnly);
  const actual = readOnly === null ? null : String(readOnly);
  return {
    passed,
    failure:
      readOnly === null
        ? `ReadWriteType is ${selector.ReadWriteType} and the record does not say whether the call was read-only`
        : `ReadWriteType is ${selector.ReadWriteType} but the event is a ${readOnly ? 'read' : 'write'} (readOnly=${readOnly}${note ? `, ${note}` : ''})`,
    node: {
      label: `${readWriteSentence(selector.ReadWriteType, readOnly, passed)}${note ? ` (${note})` : ''}.`,
      outcome: passed ? 'matched' : 'not-matched',
      field: 'readOnly',
      condition: `${READ_WRITE_CONDITIONS[selector.ReadWriteType]} (ReadWriteType ${selector.ReadWriteType})`,
      actual,
    },
  };
}

function excludedSentence(source: string | null, excluded: boolean, exclusions: number): string {
  if (excluded) return `The selector leaves out the management events of ${source}.`;
  if (exclusions === 0) return 'The selector leaves out no event source.';
  return source === null
    ? 'The record names no eventSource, so no exclusion applies.'
    : `${source} is not among the event sources the selector leaves out.`;
}

function managementSelector(
  record: RawRecord,
  selector: BasicEventSelector,
  readOnly: ReadOnlyFact,
): Omit<SelectorResult, 'node'> & { children: ExplanationNode[] } {
  const children: ExplanationNode[] = [];
  const includes = selector.IncludeManagementEvents;
  children.push({
    label: includes ? 'The selector takes management events.' : 'The selector leaves management events out.',
    outcome: includes ? 'matched' : 'not-matched',
    field: 'eventCategory',
    condition: `= Management (IncludeManagementEvents ${includes})`,
    actual: 'Management',
  });
  const readWrite = readWriteNode(selector, readOnly);
  children.push(readWrite.node);
  const source = typeof record.eventSource === 'string' ? record.eventSource : null;
  const excluded = source !== null && selector.ExcludeManagementEventSources.includes(source);
  children.push({
    label: excludedSentence(source, excluded, selector.ExcludeManagementEventSources.length),
    outcome: excluded ? 'not-matched' : 'matched',
    field: 'eventSource',
    condition: `not in ${JSON.stringify(selector.ExcludeManagementEventSources)}`,
    actual: source,
  });
  let reason: string;
  if (!includes) reason = 'IncludeManagementEvents is false';
  else if (!readWrite.passed) reason = readWrite.failure;
  else if (excluded) reason = `eventSource ${source} is in ExcludeManagementEventSources`;
  else reason = `management events are included, ReadWriteType ${selector.ReadWriteType} accepts it and ${source ?? 'its source'} is not excluded`;
  return { matched: includes && readWrite.passed && !excluded, reason, children };
}

function dataResourceSentence(type: string, arns: string[], matchedValue: string | null): string {
  if (arns.length === 0) return `The event names no ${type} resource, so these data resources do not select it`;
  if (matchedValue !== null) return `The selector's ${type} values cover ${arns.join(', ')}`;
  return `None of the selector's ${type} values covers ${arns.join(', ')}`;
}

function dataResourceNode(
  record: RawRecord,
  resource: DataResource,
): { matched: boolean; node: ExplanationNode; matchedValue: string | null; arns: string[] } {
  const { values: arns, note } = resourceArns(record, [resource.Type]);
  const matchedValue = resource.Values.find((value) => arns.some((arn) => arn.startsWith(value))) ?? null;
  const valueNodes: ExplanationNode[] = resource.Values.map((value) => {
    const hit = arns.some((arn) => arn.startsWith(value));
    return {
      label: `${describeDataValue(value)} ${hit ? 'covers' : 'does not cover'} the event's ARN.`,
      outcome: hit ? 'matched' : 'not-matched',
      field: 'resources.ARN',
      condition: `StartsWith ${JSON.stringify(value)}`,
      actual: arns.length === 1 ? (arns[0] as string) : arns.length === 0 ? null : arns,
    };
  });
  return {
    matched: matchedValue !== null,
    matchedValue,
    arns,
    node: {
      label: `${dataResourceSentence(resource.Type, arns, matchedValue)}${note ? ` (${note})` : ''}.`,
      outcome: matchedValue !== null ? 'matched' : 'not-matched',
      field: 'resources.ARN',
      condition: `StartsWith any of ${JSON.stringify(resource.Values)} (Type ${resource.Type})`,
      actual: arns.length === 1 ? (arns[0] as string) : arns.length === 0 ? null : arns,
      children: valueNodes,
    },
  };
}

function dataSelector(
  record: RawRecord,
  selector: BasicEventSelector,
  readOnly: ReadOnlyFact,
): Omit<SelectorResult, 'node'> & { children: ExplanationNode[] } {
  const children: ExplanationNode[] = [];
  const readWrite = readWriteNode(selector, readOnly);
  children.push(readWrite.node);
  if (selector.DataResources.length === 0) {
    children.push({
      label: 'The selector names no data resources, so it logs no data events.',
      outcome: 'not-matched',
      condition: 'DataResources []',
    });
    return { matched: false, reason: 'it selects no data resources', children };
  }
  const results = selector.DataResources.map((resource) => dataResourceNode(record, resource));
  children.push(...results.map((result) => result.node));
  const hit = results.find((result) => result.matched);
  const eventName = typeof record.eventName === 'string' ? record.eventName : '';
  const specialCase = S3_CATALOGUE.get(eventName)?.specialCase;
  if (specialCase !== undefined && DATA_SELECTION_CASES.has(specialCase)) {
    // The documented selection rule for bucket-scoped S3 data calls; the exact comparison is not documented (reference F5).
    children.push({ label: `Special case: ${ruleInForce(SPECIAL_CASES[specialCase], record.eventTime)}`, outcome: 'info' });
  }
  let reason: string;
  if (hit === undefined) {
    const arns = results.flatMap((result) => result.arns);
    reason =
      arns.length === 0
        ? `the event names no resource of the selected types (${selector.DataResources.map((resource) => resource.Type).join(', ')})`
        : `no value of DataResources is a prefix of ${arns.join(', ')}`;
  } else if (!readWrite.passed) reason = readWrite.failure;
  else reason = `${hit.matchedValue ?? ''} is a prefix of ${hit.arns.join(', ')} and ReadWriteType ${selector.ReadWriteType} accepts it`;
  return { matched: hit !== undefined && readWrite.passed, reason, children };
}

/** Evaluates every basic selector for the event. */
export function evaluateBasicSelectors(
  record: RawRecord,
  selectors: ReadonlyArray<BasicEventSelector>,
  category: SelectorCategory,
): { logged: boolean; reasons: string[]; nodes: ExplanationNode[] } {
  const readOnly = readOnlyValue(record);
  const nodes: ExplanationNode[] = [];
  const matchedReasons: string[] = [];
  const failedReasons: string[] = [];
  selectors.forEach((selector, index) => {
    const title = `Basic selector ${index + 1}`;
    if (category !== 'Management' && category !== 'Data') {
      const text = `basic event selectors cannot select ${NOT_SELECTABLE_BY_BASIC[category]}`;
      failedReasons.push(`${title} did not match: ${text}.`);
      nodes.push({
        label: `${title} does not select it: ${text}.`,
        outcome: 'not-matched',
        condition: 'basic selectors select management and data events',
      });
      return;
    }
    const result = category === 'Management' ? managementSelector(record, selector, readOnly) : dataSelector(record, selector, readOnly);
    (result.matched ? matchedReasons : failedReasons).push(`${title} ${result.matched ? 'matched' : 'did not match'}: ${result.reason}.`);
    const part = category === 'Management' ? 'a management event' : 'a data event';
    nodes.push({
      label: `${title} ${result.matched ? 'selects' : 'does not select'} the event as ${part}.`,
      outcome: result.matched ? 'matched' : 'not-matched',
      condition:
        category === 'Management'
          ? 'IncludeManagementEvents, ReadWriteType and ExcludeManagementEventSources all pass'
          : 'ReadWriteType and DataResources both pass',
      children: result.children,
    });
  });
  if (selectors.length === 0) failedReasons.push('The trail has no event selectors, so it logs nothing.');
  return { logged: matchedReasons.length > 0, reasons: [...matchedReasons, ...failedReasons], nodes };
}
