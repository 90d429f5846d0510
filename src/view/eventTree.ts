// The Events tree as data: the filter and grouping, the groups (top level, then event name), the paged events
// and problems, and the words the rows show. src/treeView.ts only turns these nodes into TreeItems. Pure.
// An event delivered more than once (same eventID and recipient: two trails, a log copied twice) is one row and
// counts once; each group keeps how many records it holds, for its tooltip.
import { lensTerms, type DerivedTerms, type Diagnostic, type EventStore, type GroupBucket, type LensSettings, type NoiseLens } from '../core';
import { hiddenLensesText } from './noiseLensWords';
import {
  distinctLabels,
  elide,
  elideStart,
  fileName,
  formatCount,
  principalName,
  shortPrincipal,
  timeShownFor,
  type RowField,
  type TimeShown,
} from './eventLabels';
import { LEVEL_GROUPS, LEVEL_TEXT, isLevelGroup } from './levels';

export { countText, countWords, formatCount } from './eventLabels';

/** How the tree groups events at its top level (setting cloudtrailLens.groupBy). */
export type TreeGrouping = 'level' | 'identity' | 'origin' | 'bucket' | 'file' | 'errorCode';

export const TREE_GROUPINGS: readonly TreeGrouping[] = ['level', 'identity', 'origin', 'bucket', 'file', 'errorCode'];

/**
 * Each grouping: the store field it groups by, its name in sentences, the label of a group without a value, how a
 * value is shortened to leave its row room for the count (shortest first: a label another group shares takes the
 * next; the value itself comes last), and the field its event rows need not repeat.
 */
const GROUPINGS = {
  level: { storeField: 'level', words: 'S3 level', noValue: LEVEL_TEXT.other.label, shorten: [] },
  identity: { storeField: 'principal', words: 'identity', noValue: '(no principal)', shorten: [principalName, resourceName], rowOmits: 'principal' },
  // Not a store field: the principal at the origin of the credentials, from session lineage (DerivedViews.originGroups).
  // Its events were made by other principals (the sessions it started), so their rows keep theirs.
  origin: { storeField: 'principal', words: 'origin principal', noValue: '(unknown principal)', shorten: [principalName, resourceName] },
  bucket: { storeField: 'bucket', words: 'bucket', noValue: '(no bucket)', shorten: [elide], rowOmits: 'bucket' },
  file: { storeField: 'file', words: 'log file', noValue: '(unknown file)', shorten: [fileName] },
  errorCode: { storeField: 'errorCode', words: 'error code', noValue: 'Succeeded', shorten: [elide, elideStart], rowOmits: 'errorCode' },
} as const satisfies Record<
  TreeGrouping,
  { storeField: string; words: string; noValue: string; shorten: readonly ((value: string) => string | undefined)[]; rowOmits?: RowField }
>;

/** "user/bert-jan": a principal with its kind, for when its name alone is another group's label too. */
function resourceName(principal: string): string | undefined {
  const resource = shortPrincipal(principal);
  return resource === undefined ? undefined : elide(resource);
}

export function isTreeGrouping(value: unknown): value is TreeGrouping {
  return typeof value === 'string' && (TREE_GROUPINGS as readonly string[]).includes(value);
}

/** The grouping's name in a sentence ("group by log file"). */
export function groupingWords(grouping: TreeGrouping): string {
  return GROUPINGS[grouping].words;
}

/** The field an event row leaves out under this grouping, because its top-level group names it. */
export function rowOmits(grouping: TreeGrouping): RowField | undefined {
  const entry = GROUPINGS[grouping];
  return 'rowOmits' in entry ? entry.rowOmits : undefined;
}

export type TreeNode = GroupNode | EventNode | MoreNode | ProblemsNode | ProblemNode;

export interface GroupNode {
  kind: 'group';
  key: string;
  depth: 0 | 1;
  label: string;
  /** The group's events, each once (the first of its copies in the group): what it counts and pages. */
  ids: Uint32Array;
  /** Every record of the group, copies included (the ids of its subgroups come from these). */
  recordIds: Uint32Array;
  /** Set once the ids are in time order (done when the group first shows its events): how much of a time its rows show. */
  timeShown?: TimeShown;
  /** Events of the group (each once) with an errorCode. */
  errors: number;
  /** Top-level groups only: what they group by. */
  grouping?: TreeGrouping;
  /** The grouped value (the file, for the log-file grouping; the level or 'other' by level). */
  value: string | null;
}

export interface EventNode {
  kind: 'event';
  key: string;
  eventId: number;
  /** How much of the time the row shows: its siblings' span decides. */
  timeShown: TimeShown;
}

export interface MoreNode {
  kind: 'more';
  key: string;
  parentKey: string;
  remaining: number;
}

export interface ProblemsNode {
  kind: 'problems';
  key: string;
}

export interface ProblemNode {
  kind: 'problem';
  key: string;
  diagnostic: Diagnostic;
}

/** What the tree reads from the store. */
export type TreeStore = Pick<
  EventStore,
  'size' | 'allIds' | 'allIdsSteps' | 'query' | 'group' | 'groupSteps' | 'count' | 'sortByTime' | 'diagnostics' | 'uniqueIds' | 'summary'
>;

/** What session lineage adds, when the surface has it: the origin grouping and the origin: / session: terms. */
export interface DerivedViews {
  originGroups(ids: Uint32Array): GroupBucket[];
}

export class EventTreeModel {
  private filterText: string | undefined;
  /** The events of the filter's origin: and session: terms, worked out by the surface. */
  private derivedTerms: DerivedTerms | undefined;
  /** How many children each pageable node shows, by node key (grows with "Show more"). */
  private readonly shown = new Map<string, number>();
  private readonly groups = new Map<string, GroupNode>();
  /** One object, so "Show more" under Problems can refresh it. */
  readonly problemsNode: ProblemsNode = { kind: 'problems', key: 'problems' };
  /** The ids the tree shows (all, or the filter's matches), computed once per change. */
  private baseIds: Uint32Array | undefined;
  /** How many distinct events are loaded, and how many of them the tree shows, computed once per change. */
  private eventCounts: { loaded: number; shown: number } | undefined;
  /** The top-level buckets grouped ahead in steps (prepareRootsSteps), until the next change. */
  private preparedBuckets: GroupBucket[] | undefined;
  /** Counts the changes, so that grouping ahead begun before one does not keep its buckets. */
  private changes = 0;
  /** The noise lenses on, hiding their events (core/noise), with the monitoring lens's patterns. */
  private lenses: readonly NoiseLens[] = [];
  private lensSettings: LensSettings | undefined;

  constructor(
    private readonly store: TreeStore,
    private readonly pageSize: () => number,
    private groupingValue: TreeGrouping,
    private readonly derived?: DerivedViews,
  ) {}

  get filter(): string | undefined {
    return this.filterText;
  }

  get grouping(): TreeGrouping {
    return this.groupingValue;
  }

  /** Sets the filter (undefined or blank clears it), with the events of its derived terms. The caller has checked that the query parses. */
  setFilter(query: string | undefined, derived?: DerivedTerms): void {
    this.filterText = query?.trim() || undefined;
    this.derivedTerms = derived;
    this.reset();
  }

  setGrouping(grouping: TreeGrouping): void {
    this.groupingValue = grouping;
    this.reset();
  }

  /** Hides the events of these noise lenses (none: hides nothing). */
  setLenses(lenses: readonly NoiseLens[], settings: LensSettings): void {
    this.lenses = lenses;
    this.lensSettings = settings;
    this.reset();
  }

  /** True when a filter or a lens narrows what the tree shows. */
  private get narrowed(): boolean {
    return this.filterText !== undefined || this.lenses.length > 0;
  }

  /** Forgets every computed group and page (the loaded logs, filter or grouping changed). */
  reset(): void {
    this.changes++;
    this.baseIds = undefined;
    this.eventCounts = undefined;
    this.preparedBuckets = undefined;
    this.groups.clear();
    this.shown.clear();
  }

  /** The ids the tree shows now (all events, or the filter's matches). */
  get visibleIds(): Uint32Array {
    if (!this.baseIds) {
      const query = this.query();
      const result = query ? this.store.query(query, this.derivedTerms, this.lensSettings) : undefined;
      this.baseIds = result === undefined ? this.store.allIds() : result.ok ? result.ids : new Uint32Array(0);
    }
    return this.baseIds;
  }

  /** The filter and the lenses' terms, as one query ('' when the tree shows every event). */
  private query(): string {
    return [this.filterText, lensTerms(this.lenses)].filter(Boolean).join(' ');
  }

  /** Distinct events loaded and shown (a copy delivered again is not another event). */
  private counts(): { loaded: number; shown: number } {
    if (!this.eventCounts) {
      const loaded = this.store.uniqueIds(this.store.allIds()).length;
      this.eventCounts = { loaded, shown: this.narrowed ? this.store.uniqueIds(this.visibleIds).length : loaded };
    }
    return this.eventCounts;
  }

  /**
   * The view's description: the filter and the noise lenses hiding events, with how many events are shown, and the
   * grouping when it is not the default. Hidden events are always named, so nobody forgets they are there.
   */
  description(): { description: string | undefined; message: string | undefined } {
    const grouping = this.groupingValue === 'level' ? undefined : `by ${groupingWords(this.groupingValue)}`;
    if (!this.narrowed) return { description: grouping, message: undefined };
    const matches = `${formatCount(this.counts().shown)} of ${formatCount(this.counts().loaded)} events`;
    const hidden = hiddenLensesText(this.lenses);
    const narrowing = [this.filterText && `Filter: ${this.filterText}`, hidden && `hiding ${hidden}`].filter(Boolean).join(' · ');
    const message = [this.filterText && `Filtered by “${this.filterText}”`, hidden && `noise lenses hide ${hidden}`].filter(Boolean).join('; ');
    return {
      description: [`${narrowing} (${matches})`, grouping].filter(Boolean).join(' · '),
      message: `${message[0].toUpperCase()}${message.slice(1)}: ${matches}.`,
    };
  }

  /** One more page under a group or Problems; returns the node to refresh, or undefined for an unknown key. */
  showMore(parentKey: string): GroupNode | ProblemsNode | undefined {
    const parent = parentKey === this.problemsNode.key ? this.problemsNode : this.groups.get(parentKey);
    if (parent) this.shown.set(parentKey, this.limitOf(parentKey) + this.pageSize());
    return parent;
  }

  /** The parent of a node shown so far (for revealing it); undefined at the top level. */
  parent(node: TreeNode): TreeNode | undefined {
    if (node.kind === 'problem') return this.problemsNode;
    if (node.kind === 'group' && node.depth === 1) return this.groups.get(node.key.slice(0, node.key.lastIndexOf('/name:')));
    if (node.kind === 'more') return node.parentKey === this.problemsNode.key ? this.problemsNode : this.groups.get(node.parentKey);
    return undefined;
  }

  children(node?: TreeNode): TreeNode[] {
    if (!node) return this.roots();
    if (node.kind === 'group') return node.depth === 0 ? this.nameGroups(node) : this.eventPage(node);
    if (node.kind === 'problems') return this.problemPage();
    return [];
  }

  private roots(): TreeNode[] {
    const problems = this.store.diagnostics().length;
    if (this.store.size === 0 && problems === 0) return [];
    const nodes: TreeNode[] = this.topGroups();
    if (problems > 0) nodes.push(this.problemsNode);
    return nodes;
  }

  private limitOf(key: string): number {
    return this.shown.get(key) ?? this.pageSize();
  }

  /** A folder of thousands of broken files pages its problems like a large group pages its events. */
  private problemPage(): TreeNode[] {
    const diagnostics = this.store.diagnostics();
    const limit = Math.min(diagnostics.length, this.limitOf(this.problemsNode.key));
    const nodes: TreeNode[] = diagnostics.slice(0, limit).map((diagnostic, index) => ({ kind: 'problem', key: `problem:${index}`, diagnostic }));
    if (limit < diagnostics.length) nodes.push(moreNode(this.problemsNode.key, diagnostics.length - limit));
    return nodes;
  }

  /**
   * Groups the top level ahead, in steps, for a surface that asks for the roots once the steps are done (a million
   * events grouped at once blocked the extension host 52-86 ms after each load). The origin grouping is not done ahead.
   */
  *prepareRootsSteps(): Generator<void, void> {
    if (this.preparedBuckets !== undefined || this.originViews !== undefined) return;
    const changes = this.changes;
    if (!this.baseIds && this.query() === '') {
      const all = yield* this.store.allIdsSteps();
      if (changes !== this.changes) return;
      this.baseIds = all;
    }
    const ids = this.visibleIds;
    yield;
    const buckets = yield* this.store.groupSteps(ids, GROUPINGS[this.groupingValue].storeField);
    if (changes === this.changes) this.preparedBuckets = buckets;
  }

  /** Lineage's views when the tree is grouped by origin principal (which only they can group by). */
  private get originViews(): DerivedViews | undefined {
    return this.groupingValue === 'origin' ? this.derived : undefined;
  }

  private topGroups(): GroupNode[] {
    const grouping = this.groupingValue;
    let buckets =
      this.originViews?.originGroups(this.visibleIds) ?? this.preparedBuckets ?? this.store.group(this.visibleIds, GROUPINGS[grouping].storeField);
    if (grouping === 'level') {
      const byLevel = new Map(buckets.map((bucket) => [bucket.value ?? 'other', bucket]));
      buckets = LEVEL_GROUPS.flatMap((level) => {
        const bucket = byLevel.get(level);
        return bucket ? [{ ...bucket, value: level }] : [];
      });
    } else if (grouping === 'file') {
      buckets = [...buckets].sort((a, b) => (a.value ?? '').localeCompare(b.value ?? ''));
    }
    const labels = topLabels(
      grouping,
      buckets.map((bucket) => bucket.value),
    );
    return buckets.map((bucket, i) =>
      this.remember({
        kind: 'group',
        key: `top:${grouping}:${bucket.value}`,
        depth: 0,
        label: labels[i],
        ...this.eventsOf(bucket),
        grouping,
        value: bucket.value,
      }),
    );
  }

  private nameGroups(parent: GroupNode): GroupNode[] {
    return this.store.group(parent.recordIds, 'eventName').map((bucket) =>
      this.remember({
        kind: 'group',
        key: `${parent.key}/name:${bucket.value}`,
        depth: 1,
        label: bucket.value ?? '(no eventName)',
        ...this.eventsOf(bucket),
        value: bucket.value,
      }),
    );
  }

  /**
   * A bucket's records and its events, each once. Copies of one event share its level, identity, bucket, error and
   * name, so they fall in the same group; by log file, each file counts the copies it holds.
   */
  private eventsOf(bucket: GroupBucket): Pick<GroupNode, 'ids' | 'recordIds' | 'errors'> {
    const ids = this.store.uniqueIds(bucket.ids);
    if (ids.length === bucket.ids.length) return { ids, recordIds: bucket.ids, errors: bucket.errors };
    const errors = this.store.count(ids, 'isS3').reduce((sum, part) => sum + part.errors, 0);
    return { ids, recordIds: bucket.ids, errors };
  }

  private eventPage(group: GroupNode): TreeNode[] {
    if (group.timeShown === undefined) {
      group.ids = this.store.sortByTime(group.ids);
      group.timeShown = this.timeShownOf(group.ids);
    }
    const { timeShown } = group;
    const limit = Math.min(group.ids.length, this.limitOf(group.key));
    const nodes: TreeNode[] = [];
    for (let i = 0; i < limit; i++) nodes.push({ kind: 'event', key: `event:${group.ids[i]}`, eventId: group.ids[i], timeShown });
    if (limit < group.ids.length) nodes.push(moreNode(group.key, group.ids.length - limit));
    return nodes;
  }

  /** From the first and the last time of ids in time order (events without a time come last). */
  private timeShownOf(sorted: Uint32Array): TimeShown {
    const timeOf = (id: number): string | null => this.store.summary(id)?.eventTime ?? null;
    let last = sorted.length - 1;
    while (last > 0 && timeOf(sorted[last]) === null) last--;
    return sorted.length === 0 ? 'time' : timeShownFor(timeOf(sorted[0]), timeOf(sorted[last]));
  }

  private remember(group: GroupNode): GroupNode {
    this.groups.set(group.key, group);
    return group;
  }
}

function moreNode(parentKey: string, remaining: number): MoreNode {
  return { kind: 'more', key: `${parentKey}/more`, parentKey, remaining };
}

/** The labels of the top-level groups of these values: short, and distinct from each other. */
function topLabels(grouping: TreeGrouping, values: readonly (string | null)[]): string[] {
  if (grouping === 'level') return values.map((value) => LEVEL_TEXT[isLevelGroup(value) ? value : 'other'].label);
  const { noValue, shorten } = GROUPINGS[grouping];
  const labels = distinctLabels(
    values.map((value) => value ?? noValue),
    shorten,
  );
  return values.map((value, i) => (value === null ? noValue : labels[i]));
}

/** "12 events (15 records delivered)": said when copies of some events were delivered more than once. */
export function recordsText(events: number, records: number): string | undefined {
  if (records === events) return undefined;
  return `${formatCount(events)} ${events === 1 ? 'event' : 'events'} (${formatCount(records)} records delivered: some events more than once)`;
}

/** "delivered 2 times", for an event whose copies were delivered more than once. */
export function deliveredText(copies: number): string | undefined {
  return copies > 1 ? `delivered ${formatCount(copies)} times` : undefined;
}
