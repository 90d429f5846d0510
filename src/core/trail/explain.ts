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
    label: logging.sentence,
    outcome: LOGGING_OUTCOME[logging.state],
    condition: logging.condition,
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
  const field = 'recipientAccountId';
  if (trail.isOrganizationTrail) {
    return {
      passed: true,
      node: {
        label: 'An organization trail logs the management account and every member account, so it receives this copy.',
        outcome: 'info',
        field,
        condition: 'any account of the organization (IsOrganizationTrail true)',
        actual: recipient,
      },
    };
  }
  if (trail.accountId === null) {
    return {
      passed: true,
      node: {
        label: `The trail's account is unknown (its configuration has no TrailARN), so this copy${recipient === null ? '' : `, delivered to ${recipient},`} is taken to be its own.`,
        outcome: 'info',
        field,
        condition: "= the trail's account (unknown)",
        actual: recipient,
      },
    };
  }
  if (recipient === null) {
    return {
      passed: true,
      node: {
        label: `The record does not say which account received it (no recipientAccountId), so it is taken to be the trail's account ${trail.accountId}.`,
        outcome: 'info',
        field,
        condition: `= ${trail.accountId}`,
        actual: recipient,
      },
    };
  }
  if (trail.accountId === recipient) {
    return {
      passed: true,
      node: {
        label: `This copy went to ${recipient}, the trail's own account.`,
        outcome: 'matched',
        field,
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
        label: `This copy went to ${recipient}; the trail's account ${trail.accountId} is the ${role} and receives its own copy${
          shared === null ? '' : ` (same sharedEventID ${shared})`
        }, which this verdict is about.`,
        outcome: 'matched',
        field,
        condition: `= ${trail.accountId} or its copy`,
        actual: recipient,
      },
    };
  }
  return {
    passed: false,
    failure: `This copy of the event was delivered to account ${recipient}; the trail belongs to account ${trail.accountId}, which neither made the call nor owns the bucket, and is not an organization trail.`,
    node: {
      label: `This copy went to ${recipient}, but the trail belongs to ${trail.accountId}, which neither made the call nor owns the bucket.`,
      outcome: 'not-matched',
      field,
      condition: `= ${trail.accountId}`,
      actual: recipient,
    },
  };
}

/** What the trail's configuration says of its Regions, for the raw conditions beside the Region sentences. */
function regionFlags(trail: TrailConfig): string {
  const multi = trail.isMultiRegionTrail === null ? 'IsMultiRegionTrail not given' : `IsMultiRegionTrail ${trail.isMultiRegionTrail}`;
  return `${multi}, HomeRegion ${trail.homeRegion ?? 'not given'}`;
}

/** The condition on awsRegion that the trail's Regions make. */
function regionCondition(trail: TrailConfig): string {
  if (trail.isMultiRegionTrail === true) return `any Region (${regionFlags(trail)})`;
  if (trail.homeRegion === null) return `any Region assumed (${regionFlags(trail)})`;
  return `= ${trail.homeRegion}${trail.isMultiRegionTrail === null ? ' or any Region' : ''} (${regionFlags(trail)})`;
}

/** Global service events: delivered by IncludeGlobalServiceEvents before the Region matters (until 2021-11-22, to every Region's trail). */
function globalServiceEvents(record: RawRecord, trail: TrailConfig): Gate | null {
  if (!isGlobalServiceEvent(record)) return null;
  const source = String(text(record.eventSource));
  const region = { field: 'awsRegion', actual: text(record.awsRegion) };
  if (trail.includeGlobalServiceEvents === false) {
    return {
      passed: false,
      failure: `${source} is a global service event and the trail has IncludeGlobalServiceEvents false.`,
      node: {
        label: `${source} is a global service event, and this trail leaves them out.`,
        outcome: 'not-matched',
        field: 'eventSource',
        condition: 'is a global service (IncludeGlobalServiceEvents false)',
        actual: source,
      },
    };
  }
  if (trail.isMultiRegionTrail === true || trail.homeRegion === GLOBAL_EVENTS_REGION) {
    return {
      passed: true,
      node: {
        label: `${source} is a global service event, recorded in ${GLOBAL_EVENTS_REGION}, a Region this trail covers.`,
        outcome: 'matched',
        ...region,
        condition: `= ${GLOBAL_EVENTS_REGION} (${regionFlags(trail)})`,
      },
    };
  }
  if (trail.isMultiRegionTrail === null || trail.homeRegion === null) {
    return {
      passed: true,
      node: {
        label: `${source} is a global service event, recorded in ${GLOBAL_EVENTS_REGION}; the trail is taken to cover it, as its configuration does not say which Regions it covers.`,
        outcome: 'info',
        ...region,
        condition: `= ${GLOBAL_EVENTS_REGION} (${regionFlags(trail)})`,
      },
    };
  }
  const day = (text(record.eventTime) ?? '').slice(0, 10);
  if (day < GLOBAL_EVENTS_ONLY_IN_US_EAST_1_SINCE) {
    return {
      passed: true,
      node: {
        label: `${source} is a global service event: before ${GLOBAL_EVENTS_ONLY_IN_US_EAST_1_SINCE} they went to every trail with IncludeGlobalServiceEvents, this single-Region trail in ${trail.homeRegion} too.`,
        outcome: 'matched',
        field: 'eventTime',
        condition: `< ${GLOBAL_EVENTS_ONLY_IN_US_EAST_1_SINCE} (${regionFlags(trail)})`,
        actual: text(record.eventTime),
      },
    };
  }
  return {
    passed: false,
    failure: `Global service events are recorded in ${GLOBAL_EVENTS_REGION}; since ${GLOBAL_EVENTS_ONLY_IN_US_EAST_1_SINCE} a single-Region trail in ${trail.homeRegion} does not receive them.`,
    node: {
      label: `${source} is a global service event, recorded in ${GLOBAL_EVENTS_REGION}; since ${GLOBAL_EVENTS_ONLY_IN_US_EAST_1_SINCE} this single-Region trail in ${trail.homeRegion} no longer receives them.`,
      outcome: 'not-matched',
      ...region,
      condition: `= ${GLOBAL_EVENTS_REGION} (${regionFlags(trail)})`,
    },
  };
}

/**
 * A multi-Region trail covers every Region of its partition; a single-Region trail only its home Region, the Region
 * in its ARN. When the configuration does not say which kind it is, an event in the home Region is covered either way.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/receive-cloudtrail-log-files-from-multiple-regions.html
 */
function regionGate(record: RawRecord, trail: TrailConfig): Gate {
  const global = globalServiceEvents(record, trail);
  if (global !== null) return global;
  const eventRegion = text(record.awsRegion);
  const where = eventRegion === null ? 'The record names no Region (no awsRegion)' : `The event happened in ${eventRegion}`;
  const node = { field: 'awsRegion', actual: eventRegion, condition: regionCondition(trail) };
  if (trail.isMultiRegionTrail === true) {
    return { passed: true, node: { label: `${where}; this multi-Region trail covers every Region of its partition.`, outcome: 'matched', ...node } };
  }
  if (trail.homeRegion !== null && eventRegion === trail.homeRegion) {
    const covered =
      trail.isMultiRegionTrail === false
        ? 'a Region this single-Region trail covers'
        : "the trail's home Region, covered whether or not the trail is multi-Region";
    return { passed: true, node: { label: `${where}, ${covered}.`, outcome: 'matched', ...node } };
  }
  if (trail.isMultiRegionTrail === null || trail.homeRegion === null) {
    const unknown =
      trail.homeRegion === null
        ? 'the trail is taken to cover it, as its configuration names neither its home Region nor whether it is multi-Region'
        : `outside the trail's home Region ${trail.homeRegion}, and the trail is taken to cover it, as its configuration does not say whether it is multi-Region`;
    return { passed: true, node: { label: `${where}; ${unknown}.`, outcome: 'info', ...node } };
  }
  return {
    passed: false,
    failure: `Single-Region trail in ${trail.homeRegion}; the event happened in ${eventRegion ?? '(no awsRegion)'}.`,
    node: { label: `${where}, but this single-Region trail covers only ${trail.homeRegion}.`, outcome: 'not-matched', ...node },
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

/** The sentence over the selectors' subtree: which selectors, and whether one of them selects the event. */
function selectorsSentence(config: TrailConfig, selected: boolean): string {
  if (config.selectorsAssumed) {
    return `The trail's selectors were not given, so all management events are assumed (the default selector): ${selected ? 'it selects this event' : 'it does not select this event'}.`;
  }
  const kind = config.advancedEventSelectors !== null ? 'advanced event selectors' : 'event selectors';
  return selected ? `At least one of the trail's ${kind} selects the event.` : `None of the trail's ${kind} selects the event.`;
}

/** The verdict as the end of the tree's first sentence. */
const TREE_VERDICTS: Readonly<Record<string, string>> = {
  true: 'logs this event',
  false: 'does not log this event',
  null: 'may or may not log this event: the loaded logs do not tell',
};

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
    children.push({
      label: `The configuration in force then was set by ${describeChange(moment.inForce)}: ${moment.inForce.change}`,
      outcome: 'info',
      condition: `latest change at or before eventTime: ${moment.inForce.eventName} at ${moment.inForce.from}`,
    });
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
    children.push({
      label: `${value ? `This is ${/^[AEIOU]/.test(value) ? 'an' : 'a'} ${value} event` : 'The record gives no event category'}${note ? ` (${note})` : ''}.`,
      outcome: 'info',
      field: 'eventCategory',
      actual: value || null,
    });
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
        label: selectorsSentence(config, evaluation.logged),
        outcome: evaluation.logged ? 'matched' : 'not-matched',
        condition: config.selectorsAssumed
          ? 'default selector: ReadWriteType All, IncludeManagementEvents true'
          : `any of ${evaluation.nodes.length} selector${evaluation.nodes.length === 1 ? '' : 's'} matches (selectors OR together)`,
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
  return {
    name: trail.name,
    source: trail.source,
    file: trail.file,
    logged,
    decidedBy,
    reasons,
    tree: {
      label: `${trailTitle(trail)} ${TREE_VERDICTS[String(logged)]}`,
      outcome: logged === true ? 'matched' : logged === false ? 'not-matched' : 'info',
      children,
    },
  };
}
