// The Trails view's model: every trail (from configuration files and rebuilt from the logs), each with its timeline
// of changes and failed calls; changes that hide activity and failed attempts on a trail are warnings.

import { describeChange, formatCount, type TrailChange, type TrailConfig } from '../core';

/** Where a node's CloudTrail call is, for opening it. */
export interface CallLocation {
  file: string;
  recordIndex: number;
}

export interface TrailTreeNode {
  label: string;
  description: string;
  tooltip: string;
  /** A codicon name. */
  icon: string;
  warning: boolean;
  call?: CallLocation;
  /** A trail's: what names it among the view's nodes (paging remembers it). */
  key?: string;
  /** A "Show more" item's: the key of the trail whose further changes it shows. */
  moreOf?: string;
  childCount: number;
  /**
   * The first `count` children (all without it), made when asked for: the view asks for a trail's changes a page at a
   * time when it is expanded (31,563 made at once took 100 ms).
   */
  children(count?: number): TrailTreeNode[];
}

const NO_CHILDREN = (): TrailTreeNode[] => [];

/** Codicon per trail call. */
const CALL_ICONS: ReadonlyMap<string, string> = new Map([
  ['CreateTrail', 'add'],
  ['UpdateTrail', 'edit'],
  ['PutEventSelectors', 'filter'],
  ['PutInsightSelectors', 'lightbulb'],
  ['StartLogging', 'debug-start'],
  ['StopLogging', 'debug-stop'],
  ['DeleteTrail', 'trash'],
]);

/** `2023-07-10 12:00:05` from a CloudTrail time. */
function shortTime(time: string): string {
  return time.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
}

function changeNode(change: TrailChange): TrailTreeNode {
  const warning = change.evasion !== null;
  return {
    label: `${shortTime(change.from)} ${change.eventName}`,
    description: warning ? `⚠ ${change.evasion}` : change.change,
    tooltip: [describeChange(change), change.change, ...(warning ? [`Defence evasion: ${change.evasion}`] : [])].join('\n'),
    icon: warning ? 'warning' : (CALL_ICONS.get(change.eventName) ?? 'circle-small'),
    warning,
    call: { file: change.file, recordIndex: change.recordIndex },
    childCount: 0,
    children: NO_CHILDREN,
  };
}

function failedNode(call: TrailConfig['failedCalls'][number]): TrailTreeNode {
  return {
    label: `${shortTime(call.at)} ${call.eventName} failed`,
    description: `${call.errorCode}${call.by === null ? '' : ` · ${call.by}`}`,
    tooltip: `${call.eventName} at ${call.at} by ${call.by ?? 'an unnamed principal'} failed with ${call.errorCode}: nothing changed, but someone tried.`,
    icon: 'error',
    warning: true,
    call: { file: call.file, recordIndex: call.recordIndex },
    childCount: 0,
    children: NO_CHILDREN,
  };
}

function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The state a trail was left in, in a few words. */
function stateWords(trail: TrailConfig): string {
  const last = trail.timeline[trail.timeline.length - 1];
  if (last !== undefined && !last.config.exists) return 'deleted';
  if (trail.isLogging === false) return 'stopped';
  if (trail.isLogging === true) return 'logging';
  return 'logging state unknown';
}

/** What orders a trail's changes and failed calls: the start of their labels, an ASCII time. */
function orderKey(time: string, eventName: string): string {
  return `${shortTime(time)} ${eventName}`.slice(0, 19);
}

/**
 * A trail's changes and failed calls in time order, each node made when first asked for. Stable: calls of one second
 * keep the timeline's order (a trail is created before it is started). The keys are ASCII times, so code units order
 * them: localeCompare took most of a refresh at 31,563 changes.
 */
function trailChildren(trail: TrailConfig): (count: number) => TrailTreeNode[] {
  const { timeline, failedCalls } = trail;
  const keys = [
    ...timeline.map((change) => orderKey(change.from, change.eventName)),
    ...failedCalls.map((call) => orderKey(call.at, call.eventName)),
  ];
  const order = keys.map((_, k) => k).sort((a, b) => compareCodeUnits(keys[a], keys[b]));
  const made: TrailTreeNode[] = [];
  return (count) => {
    for (let k = made.length; k < Math.min(count, order.length); k++) {
      const at = order[k];
      made.push(at < timeline.length ? changeNode(timeline[at]) : failedNode(failedCalls[at - timeline.length]));
    }
    return made.slice(0, count);
  };
}

function trailNode(trail: TrailConfig, position: number): TrailTreeNode {
  // Every failed call is a warning (failedNode).
  const warnings = trail.timeline.filter((change) => change.evasion !== null).length + trail.failedCalls.length;
  let children: ((count: number) => TrailTreeNode[]) | undefined;
  const source = trail.source === 'file' ? `from ${trail.file ?? 'a file'}` : 'from the logs';
  return {
    label: trail.name,
    description: `${source} · ${stateWords(trail)}${warnings > 0 ? ` · ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`,
    tooltip: [
      trail.trailArn ?? trail.name,
      `Home Region: ${trail.homeRegion ?? 'unknown (the configuration gives neither HomeRegion nor TrailARN)'}${
        trail.isMultiRegionTrail === null ? '' : trail.isMultiRegionTrail ? ', multi-Region trail' : ', single-Region trail'
      }`,
      `Account: ${trail.accountId ?? 'unknown'}`,
      trail.source === 'file' ? `Configuration file: ${trail.file ?? ''}:${trail.line}` : 'Rebuilt from the CloudTrail calls in the loaded logs.',
      ...(trail.source === 'logs' && trail.timeline.length === 0 ? ['Only failed calls name this trail.'] : []),
    ].join('\n'),
    icon: warnings > 0 ? 'warning' : 'shield',
    warning: warnings > 0,
    key: `${position}:${trail.source}:${trail.name}`,
    childCount: trail.timeline.length + trail.failedCalls.length,
    children: (count = Infinity) => (children ??= trailChildren(trail))(count),
  };
}

/** One node per trail: those from files first, then those rebuilt from the logs, each by name. */
export function trailTree(fileTrails: ReadonlyArray<TrailConfig>, logTrails: ReadonlyArray<TrailConfig>): TrailTreeNode[] {
  const byName = (a: TrailConfig, b: TrailConfig) => a.name.localeCompare(b.name);
  return [...[...fileTrails].sort(byName), ...[...logTrails].sort(byName)].map((trail, position) => trailNode(trail, position));
}

/** Changes a trail shows before a "Show more" item, and each item shows: a forged log can give one trail 200,000. */
export const TRAIL_PAGE = 500;

/** The first `shown` children of a trail node, then a "Show more" item when some are left. */
export function trailChildrenPage(trail: TrailTreeNode, shown: number): TrailTreeNode[] {
  const children = trail.children(shown);
  const remaining = trail.childCount - shown;
  if (remaining <= 0) return children;
  const more: TrailTreeNode = {
    label: `Show ${formatCount(Math.min(TRAIL_PAGE, remaining))} more…`,
    description: `${formatCount(remaining)} not shown`,
    tooltip: `${trail.label} has ${formatCount(trail.childCount)} changes and failed calls; ${formatCount(shown)} are shown.`,
    icon: 'ellipsis',
    warning: false,
    moreOf: trail.key,
    childCount: 0,
    children: NO_CHILDREN,
  };
  return [...children, more];
}
