// The Events view: events grouped by S3 level (or identity, bucket, log file, error code), then by event name,
// then the events themselves, paged. Children are computed when a node expands, from the store's compact index;
// tooltips that need the record (why an event has its level) are resolved only when hovered.
import * as vscode from 'vscode';
import { classifyEvent, type Diagnostic } from './core';
import { LEVEL_LABELS } from './eventView';
import type { LogSet } from './logSet';
import { fileLabel, uriOfFileKey } from './logUris';
import { escapeMarkdown } from './markdown';
import { eventDescription, eventTimeLabel } from './view/eventLabels';
import { queryProblem } from './view/query';

export type GroupField = 'level' | 'identity' | 'bucket' | 'file' | 'errorCode';
type Ids = Uint32Array;
type StoreGroupField = Parameters<LogSet['store']['group']>[1];

/** Largest group whose events are sorted by time when it expands. */
const SORT_LIMIT = 100_000;
const GROUP_FIELDS: readonly GroupField[] = ['level', 'identity', 'bucket', 'file', 'errorCode'];
const STORE_FIELDS: Record<GroupField, StoreGroupField> = {
  level: 'level',
  identity: 'principal',
  bucket: 'bucket',
  file: 'file',
  errorCode: 'errorCode',
};
const GROUP_LABELS: Record<GroupField, string> = {
  level: 'S3 level',
  identity: 'identity',
  bucket: 'bucket',
  file: 'log file',
  errorCode: 'error code',
};
const LEVEL_ORDER = ['account', 'bucket', 'object', 'other'] as const;
type LevelKey = (typeof LEVEL_ORDER)[number];
const LEVEL_TEXT: Record<LevelKey, string> = { ...LEVEL_LABELS, other: 'Other services' };
const LEVEL_ICONS: Record<LevelKey, string> = { account: 'organization', bucket: 'database', object: 'file-binary', other: 'cloud' };
const LEVEL_TOOLTIPS: Record<LevelKey, string> = {
  account:
    'Amazon S3 account-level events: requests about the account’s S3 configuration (ListBuckets, public access block of the account, Storage Lens, access points…). Management events.',
  bucket:
    'Amazon S3 bucket-level events: requests on a bucket and its configuration (CreateBucket, PutBucketPolicy, GetBucketAcl…). Management events, logged by default.',
  object:
    'Amazon S3 object-level events: requests on objects (GetObject, PutObject, DeleteObject…). Data events, logged only when a trail selects them.',
  other: 'Events of other AWS services (and S3 events whose level could not be decided).',
};

export type TreeNode = GroupNode | EventNode | MoreNode | ProblemsNode | ProblemNode;

interface GroupNode {
  kind: 'group';
  key: string;
  depth: 0 | 1;
  label: string;
  ids: Ids;
  /** True once the ids are in time order (done when the group first shows its events). */
  sorted?: boolean;
  errors: number;
  /** Top-level groups only: what they group by and the value (the file, for the log-file grouping). */
  field?: GroupField;
  value: string | null;
}

export interface EventNode {
  kind: 'event';
  key: string;
  eventId: number;
}

interface MoreNode {
  kind: 'more';
  key: string;
  parentKey: string;
  remaining: number;
}

interface ProblemsNode {
  kind: 'problems';
  key: string;
}

interface ProblemNode {
  kind: 'problem';
  key: string;
  diagnostic: Diagnostic;
}

export class EventsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<TreeNode>;
  private filterText: string | undefined;
  private grouping: GroupField;
  /** How many events each group shows, by group key (grows with "Show more"). */
  private readonly shown = new Map<string, number>();
  private readonly groups = new Map<string, GroupNode>();
  /** One object, so "Show more" under Problems can refresh it. */
  private readonly problemsNode: ProblemsNode = { kind: 'problems', key: 'problems' };
  /** The ids the tree shows (all, or the filter's matches), computed once per change. */
  private baseIds: Ids | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the filter or the grouping changes (the status bar follows it). */
  readonly onDidChangeFilter = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter, this.changed];

  constructor(private readonly logs: LogSet) {
    this.grouping = configuredGrouping();
    this.view = vscode.window.createTreeView('cloudtrailLens.events', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      logs.onDidChange(() => this.refresh()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('cloudtrailLens.groupBy')) this.setGrouping(configuredGrouping());
        if (event.affectsConfiguration('cloudtrailLens.pageSize')) this.refresh();
      }),
    );
    this.updateDescription();
  }

  get filter(): string | undefined {
    return this.filterText;
  }

  get groupBy(): GroupField {
    return this.grouping;
  }

  /** The ids the tree shows now (all events, or the filter's matches). */
  get visibleIds(): Ids {
    if (!this.baseIds) {
      const result = this.filterText ? this.logs.store.query(this.filterText) : undefined;
      this.baseIds = result === undefined ? this.logs.store.allIds() : result.ok ? result.ids : new Uint32Array(0);
    }
    return this.baseIds;
  }

  /** Sets the tree's filter (an empty text clears it); refuses a wrong query with a message naming the term. */
  setFilter(text: string): boolean {
    const query = text.trim();
    const problem = query ? queryProblem(query) : undefined;
    if (problem) {
      void vscode.window.showErrorMessage(`Filter not applied: ${problem}`);
      return false;
    }
    this.filterText = query || undefined;
    void vscode.commands.executeCommand('setContext', 'cloudtrailLens.filterActive', this.filterText !== undefined);
    this.refresh();
    return true;
  }

  setGrouping(field: GroupField): void {
    this.grouping = field;
    this.refresh();
  }

  showMore(parentKey: string): void {
    const parent = parentKey === this.problemsNode.key ? this.problemsNode : this.groups.get(parentKey);
    if (!parent) return;
    this.shown.set(parentKey, (this.shown.get(parentKey) ?? pageSize()) + pageSize());
    this.emitter.fire(parent);
  }

  refresh(): void {
    this.baseIds = undefined;
    this.groups.clear();
    this.shown.clear();
    this.updateDescription();
    this.changed.fire();
    this.emitter.fire(undefined);
  }

  private updateDescription(): void {
    const grouping = this.grouping === 'level' ? undefined : `by ${GROUP_LABELS[this.grouping]}`;
    const matches = this.filterText
      ? `${this.visibleIds.length.toLocaleString('en-US')} of ${this.logs.store.size.toLocaleString('en-US')} events`
      : undefined;
    const filter = this.filterText ? `Filter: ${this.filterText} (${matches})` : undefined;
    this.view.description = [filter, grouping].filter(Boolean).join(' · ') || undefined;
    // A single view's header hides its description: the message above the rows keeps the filter in sight.
    this.view.message = this.filterText ? `Filtered by “${this.filterText}”: ${matches}.` : undefined;
  }

  getChildren(node?: TreeNode): TreeNode[] {
    if (!node) return this.rootNodes();
    switch (node.kind) {
      case 'group':
        return node.depth === 0 ? this.nameGroups(node) : this.eventPage(node);
      case 'problems':
        return this.problemPage(node);
      default:
        return [];
    }
  }

  private rootNodes(): TreeNode[] {
    const store = this.logs.store;
    if (store.size === 0 && store.diagnostics().length === 0) return [];
    const nodes: TreeNode[] = this.topGroups();
    if (store.diagnostics().length > 0) nodes.push(this.problemsNode);
    return nodes;
  }

  /** A folder of thousands of broken files pages its problems like a large group pages its events. */
  private problemPage(node: ProblemsNode): TreeNode[] {
    const diagnostics = this.logs.store.diagnostics();
    const limit = Math.min(diagnostics.length, this.shown.get(node.key) ?? pageSize());
    const nodes: TreeNode[] = diagnostics.slice(0, limit).map((diagnostic, index) => ({ kind: 'problem', key: `problem:${index}`, diagnostic }));
    if (limit < diagnostics.length) nodes.push({ kind: 'more', key: `${node.key}/more`, parentKey: node.key, remaining: diagnostics.length - limit });
    return nodes;
  }

  private topGroups(): GroupNode[] {
    const field = this.grouping;
    let buckets = this.logs.store.group(this.visibleIds, STORE_FIELDS[field]);
    if (field === 'level') {
      const byLevel = new Map(buckets.map((bucket) => [bucket.value ?? 'other', bucket]));
      buckets = LEVEL_ORDER.flatMap((level) => {
        const bucket = byLevel.get(level);
        return bucket ? [{ ...bucket, value: level }] : [];
      });
    } else if (field === 'file') {
      buckets = [...buckets].sort((a, b) => (a.value ?? '').localeCompare(b.value ?? ''));
    }
    return buckets.map((bucket) =>
      this.remember({
        kind: 'group',
        key: `top:${field}:${bucket.value}`,
        depth: 0,
        label: topLabel(field, bucket.value),
        ids: bucket.ids,
        errors: bucket.errors,
        field,
        value: bucket.value,
      }),
    );
  }

  private nameGroups(parent: GroupNode): GroupNode[] {
    return this.logs.store.group(parent.ids, 'eventName').map((bucket) =>
      this.remember({
        kind: 'group',
        key: `${parent.key}/name:${bucket.value}`,
        depth: 1,
        label: bucket.value ?? '(no eventName)',
        ids: bucket.ids,
        errors: bucket.errors,
        value: bucket.value,
      }),
    );
  }

  private eventPage(group: GroupNode): TreeNode[] {
    if (!group.sorted) {
      group.ids = this.chronological(group.ids);
      group.sorted = true;
    }
    const limit = Math.min(group.ids.length, this.shown.get(group.key) ?? pageSize());
    const nodes: TreeNode[] = [];
    for (let i = 0; i < limit; i++) nodes.push({ kind: 'event', key: `event:${group.ids[i]}`, eventId: group.ids[i] });
    if (limit < group.ids.length) nodes.push({ kind: 'more', key: `${group.key}/more`, parentKey: group.key, remaining: group.ids.length - limit });
    return nodes;
  }

  /** Events in time order; past a size where reading every summary would stall the view, in load order. */
  private chronological(ids: Ids): Ids {
    if (ids.length > SORT_LIMIT) return ids;
    const times = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const time = this.logs.store.summary(ids[i])?.eventTimeMs ?? Number.NaN;
      times[i] = Number.isNaN(time) ? Number.POSITIVE_INFINITY : time;
    }
    // Infinity - Infinity is NaN, so events without a time fall back to load order among themselves.
    const order = Array.from(ids.keys()).sort((a, b) => times[a] - times[b] || a - b);
    return Uint32Array.from(order, (index) => ids[index]);
  }

  private remember(group: GroupNode): GroupNode {
    this.groups.set(group.key, group);
    return group;
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group':
        return this.groupItem(node);
      case 'event':
        return this.eventItem(node);
      case 'more': {
        const item = new vscode.TreeItem(`Show ${Math.min(pageSize(), node.remaining).toLocaleString('en-US')} more…`);
        item.id = node.key;
        item.description = `${node.remaining.toLocaleString('en-US')} not shown`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'cloudtrailLens.showMore', title: 'Show More', arguments: [node.parentKey] };
        item.contextValue = 'more';
        return item;
      }
      case 'problems': {
        const count = this.logs.store.diagnostics().length;
        const item = new vscode.TreeItem('Problems', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.key;
        item.description = `${count.toLocaleString('en-US')} ${count === 1 ? 'problem' : 'problems'}`;
        item.tooltip = 'Files, or parts of files, that did not load. The same problems are in the Problems panel and the CloudTrail Lens log.';
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.accessibilityInformation = { label: `Problems, ${item.description}` };
        item.contextValue = 'problems';
        return item;
      }
      case 'problem':
        return problemItem(node);
    }
  }

  private groupItem(node: GroupNode): vscode.TreeItem {
    const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `${node.key}|${this.filterText ?? ''}`;
    item.description = countText(node.ids.length, node.errors);
    // Without it, screen readers (and the row's aria-label) would read the tooltip instead of the label.
    item.accessibilityInformation = { label: `${node.label}, ${item.description}` };
    if (node.depth === 1) {
      item.iconPath =
        node.errors > 0 ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('symbol-event');
      item.contextValue = 'eventName';
      return item;
    }
    switch (node.field) {
      case 'level': {
        const level = node.value as LevelKey;
        item.iconPath = new vscode.ThemeIcon(LEVEL_ICONS[level]);
        item.tooltip = LEVEL_TOOLTIPS[level];
        item.contextValue = 'level';
        break;
      }
      case 'file': {
        const pinned = node.value !== null && this.logs.isPinned(node.value);
        item.iconPath = new vscode.ThemeIcon(pinned ? 'pinned' : 'file');
        item.tooltip = node.value ? fileLabel(node.value) : undefined;
        item.resourceUri = node.value ? uriOfFileKey(node.value) : undefined;
        item.contextValue = pinned ? 'logFilePinned' : 'logFile';
        break;
      }
      case 'identity':
        item.iconPath = new vscode.ThemeIcon('account');
        item.tooltip = node.value ?? 'Events whose identity names no principal.';
        item.contextValue = 'identity';
        break;
      case 'bucket':
        item.iconPath = new vscode.ThemeIcon('database');
        item.contextValue = 'bucket';
        break;
      case 'errorCode':
        item.iconPath = node.value ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : new vscode.ThemeIcon('pass');
        item.contextValue = 'errorCode';
        break;
    }
    return item;
  }

  private eventItem(node: EventNode): vscode.TreeItem {
    const summary = this.logs.store.summary(node.eventId);
    if (!summary) return new vscode.TreeItem('(closed)');
    const item = new vscode.TreeItem(eventTimeLabel(summary.eventTime));
    item.id = `${node.key}|${this.filterText ?? ''}|${this.grouping}`;
    item.description = eventDescription(summary);
    item.iconPath = summary.errorCode
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
      : new vscode.ThemeIcon('symbol-event');
    item.contextValue = 'event';
    item.command = { command: 'cloudtrailLens.showEvent', title: 'Show Event Details', arguments: [node.eventId] };
    item.accessibilityInformation = {
      label: `${summary.eventName ?? 'event'} at ${eventTimeLabel(summary.eventTime)}, ${eventDescription(summary)}`,
    };
    return item;
  }

  /** The tooltip of an event says why it has its level; it needs the record, so it is read only on hover. */
  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode): Promise<vscode.TreeItem> {
    const summary = node.kind === 'event' ? this.logs.store.summary(node.eventId) : undefined;
    if (node.kind === 'event' && summary) {
      const { record } = await this.logs.store.readRecord(node.eventId);
      const classification = classifyEvent(record);
      const level = classification.level ? LEVEL_TEXT[classification.level] : classification.isS3 ? 'S3, level unknown' : 'not an S3 event';
      const who = `${summary.principal ?? 'unknown principal'}${summary.errorCode ? ` · ${summary.errorCode}` : ''}`;
      const tooltip = new vscode.MarkdownString(
        [
          `**${escapeMarkdown(summary.eventName ?? '(no eventName)')}** — ${escapeMarkdown(level)}`,
          escapeMarkdown(classification.reason),
          escapeMarkdown(who),
          escapeMarkdown(fileLabel(summary.file)),
        ].join('\n\n'),
      );
      item.tooltip = tooltip;
    } else if (node.kind === 'group' && node.depth === 1 && node.ids.length > 0) {
      const { record } = await this.logs.store.readRecord(node.ids[0]);
      item.tooltip = new vscode.MarkdownString(escapeMarkdown(classifyEvent(record).reason));
    }
    return item;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

export function registerGroupByCommand(tree: EventsTree): vscode.Disposable {
  return vscode.commands.registerCommand('cloudtrailLens.groupBy', async (field?: unknown) => {
    if (typeof field === 'string' && (GROUP_FIELDS as readonly string[]).includes(field)) {
      tree.setGrouping(field as GroupField);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      GROUP_FIELDS.map((value) => ({
        label: GROUP_LABELS[value][0].toUpperCase() + GROUP_LABELS[value].slice(1),
        description: value === tree.groupBy ? 'current' : undefined,
        value,
      })),
      { title: 'Group Events By', placeHolder: 'How the Events view groups events at its top level' },
    );
    if (picked) tree.setGrouping(picked.value);
  });
}

function configuredGrouping(): GroupField {
  const value = vscode.workspace.getConfiguration('cloudtrailLens').get<string>('groupBy', 'level');
  return (GROUP_FIELDS as readonly string[]).includes(value) ? (value as GroupField) : 'level';
}

function pageSize(): number {
  const value = vscode.workspace.getConfiguration('cloudtrailLens').get<number>('pageSize', 500);
  return Number.isFinite(value) && value >= 1 ? Math.floor(value) : 500;
}

function topLabel(field: GroupField, value: string | null): string {
  switch (field) {
    case 'level':
      return LEVEL_TEXT[value as LevelKey];
    case 'identity':
      return value ?? '(no principal)';
    case 'bucket':
      return value ?? '(no bucket)';
    case 'file':
      return value ? (value.split(/[\\/]/).pop() ?? value) : '(unknown file)';
    case 'errorCode':
      return value ?? 'Succeeded';
  }
}

function countText(count: number, errors: number): string {
  const events = `${count.toLocaleString('en-US')} ${count === 1 ? 'event' : 'events'}`;
  return errors > 0 ? `${events} · ${errors.toLocaleString('en-US')} ${errors === 1 ? 'error' : 'errors'}` : events;
}

function problemItem(node: ProblemNode): vscode.TreeItem {
  const { diagnostic } = node;
  const item = new vscode.TreeItem(fileLabel(diagnostic.file));
  item.id = node.key;
  // Core messages start with the file's path, which the label already shows.
  item.description = diagnostic.message.startsWith(diagnostic.file)
    ? diagnostic.message.slice(diagnostic.file.length).replace(/^[:\s]+/, '')
    : diagnostic.message;
  item.tooltip = new vscode.MarkdownString(
    escapeMarkdown(
      `${diagnostic.message}${diagnostic.line ? ` (line ${diagnostic.line}${diagnostic.column ? `, column ${diagnostic.column}` : ''})` : ''}`,
    ),
  );
  item.iconPath = new vscode.ThemeIcon(
    diagnostic.severity === 'error' ? 'error' : 'warning',
    new vscode.ThemeColor(diagnostic.severity === 'error' ? 'errorForeground' : 'list.warningForeground'),
  );
  item.accessibilityInformation = { label: `${fileLabel(diagnostic.file)}: ${diagnostic.message}` };
  item.contextValue = 'problem';
  if (!/\.gz$/i.test(diagnostic.file) && diagnostic.code !== 'too-large') {
    const line = Math.max(0, (diagnostic.line ?? 1) - 1);
    const column = Math.max(0, (diagnostic.column ?? 1) - 1);
    item.command = {
      command: 'vscode.open',
      title: 'Open File',
      arguments: [uriOfFileKey(diagnostic.file), { selection: new vscode.Range(line, column, line, column) }],
    };
  }
  return item;
}
