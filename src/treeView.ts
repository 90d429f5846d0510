// The Events view: events grouped by S3 level (or identity, bucket, log file, error code), then by event name,
// then the events themselves, paged. Children are computed when a node expands, from the store's compact index;
// tooltips that need the record (why an event has its level) are resolved only when hovered.
import * as vscode from 'vscode';
import { classifyEvent, lineageTerms, originGroups, runInSlices, usesLineageTerms, type DerivedTerms } from './core';
import type { LogSet } from './logSet';
import type { NoiseLenses } from './noiseLenses';
import type { SessionLineage } from './sessionLineage';
import { fileLabel, uriOfFileKey } from './logUris';
import { escapeMarkdown } from './view/markdown';
import { eventNameLabel, eventRow, eventSentence } from './view/eventLabels';
import {
  countText,
  countWords,
  deliveredText,
  EventTreeModel,
  formatCount,
  groupingWords,
  isTreeGrouping,
  recordsText,
  rowOmits,
  TREE_GROUPINGS,
  type EventNode,
  type GroupNode,
  type ProblemNode,
  type TreeGrouping,
  type TreeNode,
} from './view/eventTree';
import { isLevelGroup, LEVEL_TEXT } from './view/levels';
import { queryProblem } from './view/query';

/** Slices of grouping the top level ahead (EventTreeModel.prepareRootsSteps). */
const ROOTS_SLICE_MS = 10;

export class EventsTree implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<TreeNode>;
  private readonly model: EventTreeModel;
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the filter or the grouping changes (the status bar follows it). */
  readonly onDidChangeFilter = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter, this.changed];

  constructor(
    private readonly logs: LogSet,
    private readonly lineage: SessionLineage,
    private readonly lenses: NoiseLenses,
  ) {
    this.model = new EventTreeModel(logs.store, pageSize, configuredGrouping(), { originGroups: (ids) => originGroups(lineage.links, ids) });
    this.model.setLenses(lenses.enabled, lenses.settings);
    this.view = vscode.window.createTreeView('cloudtrailLens.events', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      logs.onDidChange(() => this.refresh()),
      vscode.commands.registerCommand('cloudtrailLens.showProblems', () => this.revealProblems()),
      // Chains change after the logs do: the origin grouping and an origin: or session: filter follow them.
      lineage.onDidChange(() => this.followLineage()),
      lenses.onDidChange(() => this.applyLenses()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('cloudtrailLens.groupBy')) this.setGrouping(configuredGrouping());
        if (event.affectsConfiguration('cloudtrailLens.pageSize')) this.refresh();
      }),
    );
    this.updateDescription();
  }

  get filter(): string | undefined {
    return this.model.filter;
  }

  get groupBy(): TreeGrouping {
    return this.model.grouping;
  }

  /** The ids the tree shows now (all events, or the filter's matches). */
  get visibleIds(): Uint32Array {
    return this.model.visibleIds;
  }

  /**
   * Sets the tree's filter (an empty text clears it); refuses a wrong query with a message naming the term. A query
   * without origin: or session: terms applies at once; with them, once session lineage has worked them out.
   */
  async setFilter(text: string): Promise<boolean> {
    const query = text.trim();
    const problem = query ? queryProblem(query) : undefined;
    if (problem) {
      void vscode.window.showErrorMessage(`Filter not applied: ${problem}`);
      return false;
    }
    const derived = query && usesLineageTerms(query) ? await this.lineageTermsOf(query) : undefined;
    this.model.setFilter(query, derived);
    void vscode.commands.executeCommand('setContext', 'cloudtrailLens.filterActive', this.model.filter !== undefined);
    this.announce();
    return true;
  }

  private async lineageTermsOf(query: string): Promise<DerivedTerms> {
    await this.lineage.whenUpdated();
    return lineageTerms(this.lineage.links, query);
  }

  private followLineage(): void {
    const filter = this.model.filter;
    if (filter !== undefined && usesLineageTerms(filter)) void this.setFilter(filter);
    else if (this.model.grouping === 'origin') this.refresh();
  }

  setGrouping(grouping: TreeGrouping): void {
    this.model.setGrouping(grouping);
    this.announce();
  }

  private applyLenses(): void {
    this.model.setLenses(this.lenses.enabled, this.lenses.settings);
    this.announce();
  }

  showMore(parentKey: string): void {
    const parent = this.model.showMore(parentKey);
    if (parent) this.emitter.fire(parent);
  }

  refresh(): void {
    this.model.reset();
    this.announce();
  }

  private announce(): void {
    this.updateDescription();
    this.changed.fire();
    this.emitter.fire(undefined);
  }

  private updateDescription(): void {
    const { description, message } = this.model.description();
    this.view.description = description;
    // A single view's header hides its description: the message above the rows keeps the filter in sight.
    this.view.message = message;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    return this.model.parent(node);
  }

  /** Brings the Problems group forward, open (after a load some of whose files failed). */
  async revealProblems(): Promise<void> {
    await vscode.commands.executeCommand('cloudtrailLens.events.focus');
    await this.view.reveal(this.model.problemsNode, { expand: true, focus: true, select: true });
  }

  /** The top level is grouped ahead in slices, so that a million events do not block the host after a load. */
  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (node === undefined) await runInSlices(this.model.prepareRootsSteps(), ROOTS_SLICE_MS);
    return this.model.children(node);
  }

  /** The top-level rows as they are now (grouped at once when not grouped ahead). */
  topNodes(): TreeNode[] {
    return this.model.children();
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'group':
        return this.groupItem(node);
      case 'event':
        return this.eventItem(node);
      case 'more': {
        const item = new vscode.TreeItem(`Show ${formatCount(Math.min(pageSize(), node.remaining))} more…`);
        item.id = node.key;
        item.description = `${formatCount(node.remaining)} not shown`;
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { command: 'cloudtrailLens.showMore', title: 'Show More', arguments: [node.parentKey] };
        item.contextValue = 'more';
        return item;
      }
      case 'problems': {
        const count = this.logs.store.diagnostics().length;
        const item = new vscode.TreeItem('Problems', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.key;
        item.description = `${formatCount(count)} ${count === 1 ? 'problem' : 'problems'}`;
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
    item.id = `${node.key}|${this.model.filter ?? ''}`;
    item.description = countText(node.ids.length, node.errors);
    // Without it, screen readers (and the row's aria-label) would read the tooltip instead of the label. It says the
    // long form: the full value the label may shorten, and the count in words.
    item.accessibilityInformation = { label: `${this.fullName(node)}, ${countWords(node.ids.length, node.errors)}` };
    if (node.depth === 1) {
      item.iconPath =
        node.errors > 0 ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : new vscode.ThemeIcon('symbol-event');
      item.contextValue = 'eventName';
      // Left unset: resolveTreeItem fills it on hover, from the record (VS Code resolves only what is unset).
      return item;
    }
    this.describeGroup(item, node);
    return item;
  }

  /** A top-level group's icon, tooltip and context, by what the tree groups by. */
  private describeGroup(item: vscode.TreeItem, node: GroupNode): void {
    let tooltip: string | undefined;
    switch (node.grouping) {
      case 'level': {
        const level = LEVEL_TEXT[isLevelGroup(node.value) ? node.value : 'other'];
        item.iconPath = new vscode.ThemeIcon(level.icon);
        tooltip = level.tooltip;
        item.contextValue = 'level';
        break;
      }
      case 'file': {
        const pinned = node.value !== null && this.logs.isPinned(node.value);
        item.iconPath = new vscode.ThemeIcon(pinned ? 'pinned' : 'file');
        tooltip = node.value ? fileLabel(node.value) : undefined;
        item.resourceUri = node.value ? uriOfFileKey(node.value) : undefined;
        item.contextValue = pinned ? 'logFilePinned' : 'logFile';
        break;
      }
      case 'identity':
        item.iconPath = new vscode.ThemeIcon('account');
        tooltip = node.value ?? 'Events whose identity names no principal.';
        item.contextValue = 'identity';
        break;
      case 'origin':
        tooltip = node.value ?? undefined;
        item.contextValue = 'origin';
        break;
      case 'bucket':
        item.iconPath = new vscode.ThemeIcon('database');
        tooltip = node.value ?? undefined;
        item.contextValue = 'bucket';
        break;
      case 'errorCode':
        item.iconPath = node.value ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')) : new vscode.ThemeIcon('pass');
        item.contextValue = 'errorCode';
        break;
    }
    item.tooltip = groupTooltip(tooltip, node);
  }

  private eventItem(node: EventNode): vscode.TreeItem {
    const summary = this.logs.store.summary(node.eventId);
    if (!summary) return new vscode.TreeItem('(closed)');
    const row = eventRow(summary, node.timeShown, rowOmits(this.model.grouping));
    const item = new vscode.TreeItem(row.label);
    item.id = `${node.key}|${this.model.filter ?? ''}|${this.model.grouping}`;
    const delivered = deliveredText(this.logs.store.copyCount(node.eventId));
    item.description = [row.description, delivered].filter(Boolean).join(' · ');
    item.iconPath = summary.errorCode
      ? new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'))
      : new vscode.ThemeIcon('symbol-event');
    // An event that issued credentials (AssumeRole…) offers "Show Activity of These Credentials".
    item.contextValue = this.lineage.links.issuedBy(node.eventId) === undefined ? 'event' : 'event.issuing';
    item.command = { command: 'cloudtrailLens.showEvent', title: 'Show Event Details', arguments: [node.eventId] };
    item.accessibilityInformation = { label: [eventSentence(summary), delivered].filter(Boolean).join(', ') };
    return item;
  }

  /** What a group's label shortens: the principal's ARN, the bucket, the log file's path. */
  private fullName(node: GroupNode): string {
    if (node.depth === 1 || node.value === null || node.grouping === 'level' || node.grouping === 'errorCode') return node.label;
    return node.grouping === 'file' ? fileLabel(node.value) : node.value;
  }

  /**
   * The tooltip of an event says why it has its level; it needs the record, so it is read only on hover. A log
   * rewritten since it was loaded gets only the row's long form: the log set has already offered to reload it.
   */
  async resolveTreeItem(item: vscode.TreeItem, node: TreeNode): Promise<vscode.TreeItem> {
    const summary = node.kind === 'event' ? this.logs.store.summary(node.eventId) : undefined;
    if (node.kind === 'event' && summary) {
      const read = await this.logs.store.readRecordIfUnchanged(node.eventId);
      // Without the record, the row's long form still says what the row shortens.
      if (!read) {
        item.tooltip = item.accessibilityInformation?.label;
        return item;
      }
      const classification = classifyEvent(read.record);
      const level = classification.level ? LEVEL_TEXT[classification.level].label : classification.isS3 ? 'S3, level unknown' : 'not an S3 event';
      const copies = this.logs.store.copiesOf(node.eventId);
      const where =
        copies.length > 1
          ? `${deliveredText(copies.length)}: ${copies.map((copy) => `${fileLabel(copy.file)} (record ${copy.recordIndex + 1})`).join(', ')}`
          : fileLabel(summary.file);
      item.tooltip = new vscode.MarkdownString(
        [
          `**${escapeMarkdown(eventNameLabel(summary.eventName, summary.apiOperation))}** — ${escapeMarkdown(level)}`,
          escapeMarkdown(eventSentence(summary)),
          escapeMarkdown(classification.reason),
          escapeMarkdown(where),
        ].join('\n\n'),
      );
    } else if (node.kind === 'group' && node.depth === 1) {
      const read = node.ids.length > 0 ? await this.logs.store.readRecordIfUnchanged(node.ids[0]) : undefined;
      item.tooltip = new vscode.MarkdownString(escapeMarkdown(groupTooltip(read && classifyEvent(read.record).reason, node)));
    }
    return item;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** A group's tooltip with its count in words and, when some of its events were delivered more than once, how many records it holds. */
function groupTooltip(tooltip: string | undefined, node: GroupNode): string {
  return [tooltip, countWords(node.ids.length, node.errors), recordsText(node.ids.length, node.recordIds.length)].filter(Boolean).join('\n\n');
}

export function registerGroupByCommand(tree: EventsTree): vscode.Disposable {
  return vscode.commands.registerCommand('cloudtrailLens.groupBy', async (grouping?: unknown) => {
    if (isTreeGrouping(grouping)) {
      tree.setGrouping(grouping);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      TREE_GROUPINGS.map((value) => ({
        label: groupingWords(value)[0].toUpperCase() + groupingWords(value).slice(1),
        description: value === tree.groupBy ? 'current' : undefined,
        value,
      })),
      { title: 'Group Events By', placeHolder: 'How the Events view groups events at its top level' },
    );
    if (picked) tree.setGrouping(picked.value);
  });
}

function configuredGrouping(): TreeGrouping {
  const value = vscode.workspace.getConfiguration('cloudtrailLens').get<string>('groupBy', 'level');
  return isTreeGrouping(value) ? value : 'level';
}

function pageSize(): number {
  const value = vscode.workspace.getConfiguration('cloudtrailLens').get<number>('pageSize', 500);
  return Number.isFinite(value) && value >= 1 ? Math.floor(value) : 500;
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
