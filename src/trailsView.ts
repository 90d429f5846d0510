// The Trails view: trails from configuration files and rebuilt from the logs, each with its timeline; a change that
// hides activity (StopLogging, DeleteTrail, narrowed selectors, moved log bucket, validation off) and a failed
// attempt on a trail are warnings. Selecting a change opens its CloudTrail call in the detail panel.
import * as vscode from 'vscode';
import type { LogSet } from './logSet';
import type { LogTrails } from './logTrails';
import type { TrailSettings } from './trailSettings';
import { TRAIL_PAGE, trailChildrenPage, trailTree, type TrailTreeNode } from './view/trailTree';

const WARNING_COLOUR = new vscode.ThemeColor('list.warningForeground');

export class TrailsTree implements vscode.TreeDataProvider<TrailTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TrailTreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<TrailTreeNode>;
  private roots: TrailTreeNode[] = [];
  /** How many children each trail shows, by its key (grows with "Show more"; every refresh starts again). */
  private readonly shown = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  constructor(
    private readonly logs: LogSet,
    private readonly fileTrails: TrailSettings,
    private readonly logTrails: LogTrails,
  ) {
    this.view = vscode.window.createTreeView('cloudtrailLens.trails', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      fileTrails.onDidChange(() => this.refresh()),
      logTrails.onDidChange(() => this.refresh()),
      vscode.commands.registerCommand('cloudtrailLens.trails.showMore', (key: unknown) => typeof key === 'string' && this.showMore(key)),
    );
    this.refresh();
  }

  /** The nodes shown at the top level (the in-host tests read them). */
  get trails(): TrailTreeNode[] {
    return this.roots;
  }

  private refresh(): void {
    this.roots = trailTree(this.fileTrails.trails, this.logTrails.trails);
    this.shown.clear();
    const warnings = this.roots.filter((node) => node.warning).length;
    this.view.description = warnings > 0 ? `${warnings} with warnings` : undefined;
    this.view.badge =
      warnings > 0 ? { value: warnings, tooltip: `${warnings} trail(s) with changes that hide activity or failed attempts` } : undefined;
    void vscode.commands.executeCommand('setContext', 'cloudtrailLens.hasTrails', this.roots.length > 0);
    this.emitter.fire(undefined);
  }

  private showMore(key: string): void {
    const trail = this.roots.find((node) => node.key === key);
    if (trail === undefined) return;
    this.shown.set(key, (this.shown.get(key) ?? TRAIL_PAGE) + TRAIL_PAGE);
    this.emitter.fire(trail);
  }

  getChildren(node?: TrailTreeNode): TrailTreeNode[] {
    if (node === undefined) return this.roots;
    return node.key === undefined ? node.children() : trailChildrenPage(node, this.shown.get(node.key) ?? TRAIL_PAGE);
  }

  getTreeItem(node: TrailTreeNode): vscode.TreeItem {
    const item = new vscode.TreeItem(
      node.label,
      node.childCount > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
    );
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.warning ? WARNING_COLOUR : undefined);
    // An id keeps a trail expanded when its page grows (the view refreshes that trail).
    if (node.key !== undefined) item.id = node.key;
    if (node.moreOf !== undefined) {
      item.command = { command: 'cloudtrailLens.trails.showMore', title: 'Show More', arguments: [node.moreOf] };
      item.contextValue = 'more';
      return item;
    }
    item.contextValue = node.call === undefined ? 'trail' : 'trailCall';
    const id = node.call === undefined ? undefined : this.logs.store.findByRecord(node.call.file, node.call.recordIndex);
    if (id !== undefined) item.command = { command: 'cloudtrailLens.showEvent', title: 'Show Event', arguments: [id] };
    return item;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
