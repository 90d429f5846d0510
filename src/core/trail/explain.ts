// "Would this trail have logged this event?" — a verdict and an explanation tree per trail, following the
// trail-match procedure (logging state, whose copy the record is, Region and global service events, then the
// event selectors) of https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html

import type { RawRecord } from '../types';
import { evaluateAdvancedSelectors } from './advanced';
import { evaluateBasicSelectors, type SelectorCategory } from './basic';
import { eventCategoryValue } from './eventFields';
import type { ExplanationNode, TrailConfig, TrailVerdict } from './types';

/**
 * Global service events (IAM, the STS global endpoint, CloudFront, Route 53, Organizations, AWS WAF Classic) are
 * recorded in us-east-1. Since 2021-11-22 a single-Region trail outside us-east-1 no longer receives them.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
 */
const GLOBAL_SERVICE_SOURCES: ReadonlySet<string> = new Set([
  'iam.amazonaws.com',
  'sts.amazonaws.com',
  'cloudfront.amazonaws.com',
  'route53.amazonaws.com',
  'organizations.amazonaws.com',
  'waf.amazonaws.com',
]);
const GLOBAL_EVENTS_REGION = 'us-east-1';
const GLOBAL_EVENTS_ONLY_IN_US_EAST_1_SINCE = '2021-11-22';

const CATEGORY_BY_NAME: ReadonlyMap<string, SelectorCategory> = new Map([
  ['Management', 'Management'],
  ['Data', 'Data'],
  ['Insight', 'Insight'],
  ['NetworkActivity', 'NetworkActivity'],
]);

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Global service events are those of a global service recorded in us-east-1 (regional STS endpoints log in their own Region). */
function isGlobalServiceEvent(record: RawRecord): boolean {
  const source = text(record.eventSource);
  return source !== null && GLOBAL_SERVICE_SOURCES.has(source) && text(record.awsRegion) === GLOBAL_EVENTS_REGION;
}

interface Gate {
  passed: boolean;
  node: ExplanationNode;
  /** The sentence when the gate stops the event. */
  failure?: string;
}

/** Each gate is checked in order; the first failing one decides. */
const GATES: ReadonlyArray<(record: RawRecord, trail: TrailConfig) => Gate> = [
  function loggingState(_record, trail) {
    if (trail.isLogging === false) {
      return {
        passed: false,
        failure: 'The trail is stopped (IsLogging is false), so it logs nothing.',
        node: { label: 'Logging state: stopped (IsLogging false)', outcome: 'not-matched', field: 'IsLogging', actual: 'false' },
      };
    }
    return {
      passed: true,
      node: {
        label:
          trail.isLogging === true
            ? 'Logging state: logging'
            : 'Logging state: not given (assumed logging; a CLI-created trail logs nothing until start-logging)',
        outcome: trail.isLogging === true ? 'matched' : 'info',
        field: 'IsLogging',
        actual: trail.isLogging === null ? null : String(trail.isLogging),
      },
    };
  },
  function accountPerspective(record, trail) {
    const recipient = text(record.recipientAccountId);
    if (trail.isOrganizationTrail) {
      return {
        passed: true,
        node: {
          label: 'Account: organization trail, logs the management account and every member account',
          outcome: 'info',
          field: 'recipientAccountId',
          actual: recipient,
        },
      };
    }
    if (trail.accountId === null || recipient === null) {
      return {
        passed: true,
        node: {
          label: `Account: ${trail.accountId === null ? "the trail's account is not known" : 'the record has no recipientAccountId'}; not checked`,
          outcome: 'info',
          field: 'recipientAccountId',
          actual: recipient,
        },
      };
    }
    const same = trail.accountId === recipient;
    return {
      passed: same,
      failure: `This copy of the event was delivered to account ${recipient}; the trail belongs to account ${trail.accountId} and is not an organization trail.`,
      node: {
        label: `Account: this copy went to ${recipient}, the trail belongs to ${trail.accountId} → ${same ? 'matched' : 'not matched'}`,
        outcome: same ? 'matched' : 'not-matched',
        field: 'recipientAccountId',
        condition: `= ${trail.accountId}`,
        actual: recipient,
      },
    };
  },
  function region(record, trail) {
    const eventRegion = text(record.awsRegion);
    if (trail.isMultiRegionTrail === true) {
      return {
        passed: true,
        node: { label: 'Region: multi-Region trail, every Region of the partition', outcome: 'matched', field: 'awsRegion', actual: eventRegion },
      };
    }
    if (trail.isMultiRegionTrail === null || trail.homeRegion === null) {
      return {
        passed: true,
        node: {
          label: 'Region: the configuration does not say which Regions the trail covers; not checked',
          outcome: 'info',
          field: 'awsRegion',
          actual: eventRegion,
        },
      };
    }
    const same = eventRegion === trail.homeRegion;
    return {
      passed: same,
      failure: `Single-Region trail in ${trail.homeRegion}; the event happened in ${eventRegion ?? '(no awsRegion)'}.`,
      node: {
        label: `Region: single-Region trail in ${trail.homeRegion}, event in ${eventRegion ?? '(absent)'} → ${same ? 'matched' : 'not matched'}`,
        outcome: same ? 'matched' : 'not-matched',
        field: 'awsRegion',
        condition: `= ${trail.homeRegion}`,
        actual: eventRegion,
      },
    };
  },
  function globalServiceEvents(record, trail) {
    if (!isGlobalServiceEvent(record)) return { passed: true, node: { label: 'Global service events: not a global service event', outcome: 'info' } };
    if (trail.includeGlobalServiceEvents === false) {
      return {
        passed: false,
        failure: `${String(record.eventSource)} is a global service event and the trail has IncludeGlobalServiceEvents false.`,
        node: {
          label: 'Global service events: excluded by IncludeGlobalServiceEvents false',
          outcome: 'not-matched',
          field: 'eventSource',
          actual: text(record.eventSource),
        },
      };
    }
    const eventTime = text(record.eventTime) ?? '';
    const singleRegionElsewhere = trail.isMultiRegionTrail === false && trail.homeRegion !== null && trail.homeRegion !== GLOBAL_EVENTS_REGION;
    if (singleRegionElsewhere && eventTime.slice(0, 10) >= GLOBAL_EVENTS_ONLY_IN_US_EAST_1_SINCE) {
      return {
        passed: false,
        failure: `Global service events are recorded in ${GLOBAL_EVENTS_REGION}; since ${GLOBAL_EVENTS_ONLY_IN_US_EAST_1_SINCE} a single-Region trail in ${trail.homeRegion} does not receive them.`,
        node: {
          label: `Global service events: only trails covering ${GLOBAL_EVENTS_REGION} receive them (since ${GLOBAL_EVENTS_ONLY_IN_US_EAST_1_SINCE})`,
          outcome: 'not-matched',
          field: 'awsRegion',
          actual: text(record.awsRegion),
        },
      };
    }
    return {
      passed: true,
      node: { label: 'Global service events: included', outcome: 'matched', field: 'eventSource', actual: text(record.eventSource) },
    };
  },
];

/** The category selectors compare with: eventCategory, or derived from managementEvent / the catalogue. */
export function selectorCategory(record: RawRecord): { category: SelectorCategory; value: string; note?: string } {
  const { values, note } = eventCategoryValue(record);
  const value = values[0] ?? '';
  return { category: CATEGORY_BY_NAME.get(value) ?? 'other', value, note };
}

function trailTitle(trail: TrailConfig): string {
  return `Trail "${trail.name}" (${trail.file}:${trail.line})`;
}

/** Verdict and explanation tree of one trail for one event. */
export function explainTrail(record: RawRecord, trail: TrailConfig): TrailVerdict {
  const children: ExplanationNode[] = [];
  const reasons: string[] = [];
  let stopped = false;
  for (const gate of GATES) {
    const result = gate(record, trail);
    children.push(result.node);
    if (!result.passed) {
      reasons.push(result.failure ?? result.node.label);
      stopped = true;
      break;
    }
  }
  let logged = false;
  if (!stopped) {
    const { category, value, note } = selectorCategory(record);
    children.push({ label: `Event category: ${value}${note ? ` (${note})` : ''}`, outcome: 'info', field: 'eventCategory', actual: value });
    const evaluation =
      trail.advancedEventSelectors !== null
        ? evaluateAdvancedSelectors(record, trail.advancedEventSelectors)
        : evaluateBasicSelectors(record, trail.eventSelectors ?? [], category);
    logged = evaluation.logged;
    reasons.push(...evaluation.reasons);
    children.push({
      label: `${trail.advancedEventSelectors !== null ? 'Advanced event selectors' : 'Event selectors'}${
        trail.selectorsAssumed ? ' (none given: the default selector, all management events, is assumed)' : ''
      }: ${logged ? 'at least one matched' : 'none matched'} (selectors OR together)`,
      outcome: logged ? 'matched' : 'not-matched',
      children: evaluation.nodes,
    });
    if (trail.selectorsAssumed) {
      reasons.push(
        trail.hasCustomEventSelectors === true
          ? 'HasCustomEventSelectors is true but the selectors are not given: the default selector (all management events) was assumed, so this verdict may be wrong; add the get-event-selectors output of this trail.'
          : 'The configuration gives no event selectors, so the default selector (all management events, read and write) was assumed.',
      );
    }
  }
  const verdict = logged ? 'logged' : 'not logged';
  return {
    name: trail.name,
    file: trail.file,
    logged,
    reasons,
    tree: { label: `${trailTitle(trail)}: ${verdict}`, outcome: logged ? 'matched' : 'not-matched', children },
  };
}
