// "Would this trail have logged this event?" — a verdict and an explanation tree per trail, following the
// trail-match procedure (logging state, whose copy the record is, Region and global service events, then the
// event selectors) of https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-data-events-with-cloudtrail.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html
// https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html

import type { RawRecord } from '../types';
import { evaluateAdvancedSelectors } from './advanced';
import { evaluateBasicSelectors, type SelectorCategory } from './basic';
import { eventCategoryValue } from './eventFields';
import { deliveryAccounts } from './crossAccount';
import { describeChange, trailAt, type LoggingState, type TrailMoment } from './moment';
import type { ExplanationNode, NodeOutcome, TrailConfig, TrailVerdict } from './types';

/**
 * Global service events are recorded in us-east-1: IAM, the STS global endpoint, sign-in, CloudFront, Route 53,
 * Organizations and AWS WAF Classic. Until 2021-11-22 CloudTrail delivered them to every trail with
 * IncludeGlobalServiceEvents, whatever its Region; since then a single-Region trail outside us-east-1 no longer
 * receives them.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-concepts.html#cloudtrail-concepts-global-service-events
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-document-history.html
 */
const GLOBAL_SERVICE_SOURCES: ReadonlySet<string> = new Set([
  'iam.amazonaws.com',
  'sts.amazonaws.com',
  'signin.amazonaws.com',
  'cloudfront.amazonaws.com',
  'route53.amazonaws.com',
  'organizations.amazonaws.com',
  'waf.amazonaws.com',
]);
const GLOBAL_EVENTS_REGION = 'us-east-1';
const GLOBAL_EVENTS_ONLY_IN_US_EAST_1_SINCE = '2021-11-22';
/** A call to a Regional STS endpoint (sts.<region>.amazonaws.com) is a Regional event of that Region:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/cloudtrail-integration.html#stscloudtrailregion */
const REGIONAL_STS_HOST = /^sts(-fips)?\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

const CATEGORY_BY_NAME: ReadonlyMap<string, SelectorCategory> = new Map([
  ['Management', 'Management'],
  ['Data', 'Data'],
  ['Insight', 'Insight'],
  ['NetworkActivity', 'NetworkActivity'],
]);

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function hostHeader(record: RawRecord): string | null {
  const details = record.tlsDetails;
  return typeof details === 'object' && details !== null ? text((details as Record<string, unknown>).clientProvidedHostHeader) : null;
}

/** Global service events are those of a global service recorded in us-east-1, except calls to a Regional STS endpoint. */
function isGlobalServiceEvent(record: RawRecord): boolean {
  const source = text(record.eventSource);
  if (source === null || !GLOBAL_SERVICE_SOURCES.has(source) || text(record.awsRegion) !== GLOBAL_EVENTS_REGION) return false;
  const host = hostHeader(record);
  return !(source === 'sts.amazonaws.com' && host !== null && REGIONAL_STS_HOST.test(host));
}

interface Gate {
  passed: boolean;
  node: ExplanationNode;
  /** The sentence when the gate stops the event. */
  failure?: string;
  /** The sentence when the gate cannot tell, and the verdict is therefore not certain. */
  doubt?: string;
}

type GateCheck = (record: RawRecord, trail: TrailConfig, moment: TrailMoment) => Gate;

const LOGGING_OUTCOME: Readonly<Record<LoggingState, NodeOutcome>> = { logging: 'matched', stopped: 'not-matched', unknown: 'info', assumed: 'info' };

function loggingState(_record: RawRecord, _trail: TrailConfig, { logging }: TrailMoment): Gate {
  const node: ExplanationNode = {
    label: `Logging state at the event's time: ${logging.sentence}`,
    outcome: LOGGING_OUTCOME[logging.state],
    field: 'IsLogging',
  };
  if (logging.state === 'stopped') return { passed: false, failure: logging.sentence, node };
  return { passed: true, node, doubt: logging.state === 'unknown' ? logging.sentence : undefined };
}

/**
 * Whose copy: the trail's account must be one that receives a copy of the event. An S3 call across accounts (or
 * an anonymous or AWS-service call on a bucket) also goes to the bucket owner, in a copy of its own that shares
 * sharedEventID: https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html#cloudtrail-object-level-crossaccount
 */
function accountPerspective(record: RawRecord, trail: TrailConfig): Gate {
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
  if (trail.accountId === recipient) {
    return {
      passed: true,
      node: {
        label: `Account: this copy went to ${recipient}, the trail's account → matched`,
        outcome: 'matched',
        field: 'recipientAccountId',
        condition: `= ${trail.accountId}`,
        actual: recipient,
      },
    };
  }
  const { requester, bucketOwner } = deliveryAccounts(record);
  const role = trail.accountId === bucketOwner ? 'bucket owner' : trail.accountId === requester ? 'requester' : null;
  if (role !== null) {
    const shared = text(record.sharedEventID);
    return {
      passed: true,
      node: {
        label: `Account: this copy went to ${recipient}; the trail's account ${trail.accountId} is the ${role} and receives its own copy${
          shared === null ? '' : ` (same sharedEventID ${shared})`
        }: the verdict is about that copy`,
        outcome: 'matched',
        field: 'recipientAccountId',
        condition: `= ${trail.accountId} or its copy`,
        actual: recipient,
      },
    };
  }
  return {
    passed: false,
    failure: `This copy of the event was delivered to account ${recipient}; the trail belongs to account ${trail.accountId}, which neither made the call nor owns the bucket, and is not an organization trail.`,
    node: {
      label: `Account: this copy went to ${recipient}, the trail belongs to ${trail.accountId} → not matched`,
      outcome: 'not-matched',
      field: 'recipientAccountId',
      condition: `= ${trail.accountId}`,
      actual: recipient,
    },
  };
}

/** Global service events: delivered by IncludeGlobalServiceEvents before the Region matters (until 2021-11-22, to every Region's trail). */
function globalServiceEvents(record: RawRecord, trail: TrailConfig): Gate | null {
  if (!isGlobalServiceEvent(record)) return null;
  const source = text(record.eventSource);
  if (trail.includeGlobalServiceEvents === false) {
    return {
      passed: false,
      failure: `${String(source)} is a global service event and the trail has IncludeGlobalServiceEvents false.`,
      node: {
        label: 'Global service events: excluded by IncludeGlobalServiceEvents false',
        outcome: 'not-matched',
        field: 'eventSource',
        actual: source,
      },
    };
  }
  if (trail.isMultiRegionTrail === true || trail.homeRegion === GLOBAL_EVENTS_REGION) {
    return {
      passed: true,
      node: {
        label: `Global service events: included (the trail covers ${GLOBAL_EVENTS_REGION})`,
        outcome: 'matched',
        field: 'eventSource',
        actual: source,
      },
    };
  }
  if (trail.isMultiRegionTrail === null || trail.homeRegion === null) {
    return {
      passed: true,
      node: {
        label: "Global service events: the trail's Regions are not known; not checked",
        outcome: 'info',
        field: 'awsRegion',
        actual: text(record.awsRegion),
      },
    };
  }
  const day = (text(record.eventTime) ?? '').slice(0, 10);
  if (day < GLOBAL_EVENTS_ONLY_IN_US_EAST_1_SINCE) {
    return {
      passed: true,
      node: {
        label: `Global service events: included (before ${GLOBAL_EVENTS_ONLY_IN_US_EAST_1_SINCE} they went to every trail with IncludeGlobalServiceEvents, here a single-Region trail in ${trail.homeRegion})`,
        outcome: 'matched',
        field: 'eventTime',
        actual: text(record.eventTime),
      },
    };
  }
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

function regionGate(record: RawRecord, trail: TrailConfig): Gate {
  const global = globalServiceEvents(record, trail);
  if (global !== null) return global;
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
}

/** Each gate is checked in order; the first failing one decides. */
const GATES: ReadonlyArray<GateCheck> = [loggingState, accountPerspective, regionGate];

/** The category selectors compare with: eventCategory, or derived from managementEvent / the catalogue. */
export function selectorCategory(record: RawRecord): { category: SelectorCategory; value: string; note?: string } {
  const { values, note } = eventCategoryValue(record);
  const value = values[0] ?? '';
  return { category: CATEGORY_BY_NAME.get(value) ?? 'other', value, note };
}

function trailTitle(trail: TrailConfig): string {
  return trail.file === null ? `Trail "${trail.name}" (rebuilt from the logs)` : `Trail "${trail.name}" (${trail.file}:${trail.line})`;
}

/** Verdict and explanation tree of one trail for one event, judged against the trail as it was at the event's time. */
export function explainTrail(record: RawRecord, trail: TrailConfig): TrailVerdict {
  const moment = trailAt(trail, record);
  const children: ExplanationNode[] = [];
  const reasons: string[] = [];
  const doubts: string[] = [];
  if (moment.inForce !== null) {
    children.push({ label: `Configuration in force: set by ${describeChange(moment.inForce)}: ${moment.inForce.change}`, outcome: 'info' });
  }
  let decidedBy = moment.inForce;
  let logged: boolean | null = false;
  let stopped = moment.unknown !== null;
  if (moment.unknown !== null) {
    reasons.push(moment.unknown);
    children.push({ label: moment.unknown, outcome: 'info' });
    logged = null;
  }
  for (const gate of stopped ? [] : GATES) {
    const result = gate(record, moment.config, moment);
    children.push(result.node);
    if (result.doubt !== undefined) doubts.push(result.doubt);
    if (!result.passed) {
      reasons.push(result.failure ?? result.node.label);
      if (gate === loggingState) decidedBy = moment.logging.decidedBy;
      stopped = true;
      break;
    }
  }
  if (!stopped) {
    const config = moment.config;
    const { category, value, note } = selectorCategory(record);
    children.push({ label: `Event category: ${value}${note ? ` (${note})` : ''}`, outcome: 'info', field: 'eventCategory', actual: value });
    if (config.eventSelectors === null && config.advancedEventSelectors === null) {
      const missing = 'The selectors in force then are not in the loaded logs (no CreateTrail or PutEventSelectors of this trail before the event).';
      reasons.push(missing);
      children.push({ label: missing, outcome: 'info' });
      logged = null;
    } else {
      const evaluation =
        config.advancedEventSelectors !== null
          ? evaluateAdvancedSelectors(record, config.advancedEventSelectors)
          : evaluateBasicSelectors(record, config.eventSelectors ?? [], category);
      logged = evaluation.logged && doubts.length > 0 ? null : evaluation.logged;
      if (logged === null) reasons.push(`Its selectors select the event, but: ${doubts.join(' ')}`);
      reasons.push(...evaluation.reasons);
      children.push({
        label: `${config.advancedEventSelectors !== null ? 'Advanced event selectors' : 'Event selectors'}${
          config.selectorsAssumed ? ' (none given: the default selector, all management events, is assumed)' : ''
        }: ${evaluation.logged ? 'at least one matched' : 'none matched'} (selectors OR together)`,
        outcome: evaluation.logged ? 'matched' : 'not-matched',
        children: evaluation.nodes,
      });
      if (config.selectorsAssumed) {
        reasons.push(
          config.hasCustomEventSelectors === true
            ? 'HasCustomEventSelectors is true but the selectors are not given: the default selector (all management events) was assumed, so this verdict may be wrong; add the get-event-selectors output of this trail.'
            : 'The configuration gives no event selectors, so the default selector (all management events, read and write) was assumed.',
        );
      }
    }
  }
  if (decidedBy !== null && !reasons.some((reason) => reason.includes(describeChange(decidedBy))))
    reasons.push(`Decided by ${describeChange(decidedBy)}.`);
  const verdict = logged === null ? 'not known' : logged ? 'logged' : 'not logged';
  return {
    name: trail.name,
    source: trail.source,
    file: trail.file,
    logged,
    decidedBy,
    reasons,
    tree: { label: `${trailTitle(trail)}: ${verdict}`, outcome: logged === true ? 'matched' : logged === false ? 'not-matched' : 'info', children },
  };
}
