// The Overview view in the panel area: a webview (strict CSP with a nonce, nothing remote, typed messages of
// view/messages.ts) showing the tree's visible events over time and their top talkers. It follows the tree's
// filter, its noise lenses and the loaded logs; brushing a range sets after:/before: on the tree's filter.
import * as vscode from 'vscode';
import { originGroups, TooManyBinsError } from './core';
import type { LogSet } from './logSet';
import type { EventsTree } from './treeView';
import type { NoiseLenses } from './noiseLenses';
import type { SessionLineage } from './sessionLineage';
import { buildOverview, filterForRow, splitOfGrouping, type OverviewChoices } from './view/overview';
import { isOverviewToExtension, type ExtensionToOverview, type OverviewToExtension, type OverviewView } from './view/messages';
import { withoutTimeRange, withTimeRange } from './view/query';
import { mediaRoot, webviewHtml } from './webviewHtml';

export const OVERVIEW_VIEW_ID = 'cloudtrailLens.overview';
/** Changes arrive in bursts while a folder loads: draw once they settle. */
const UPDATE_DELAY_MS = 150;
/**
 * Above this many visible events the origins table is left out: grouping by origin walks every access key's chain
 * (seconds at a million events, on the extension host). A filter brings it back.
 */
const MAX_EVENTS_FOR_ORIGINS = 200_000;

export class OverviewProvider implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly choices: OverviewChoices;
  /** Set once the user picks a split; until then the split follows the tree's grouping. */
  private splitPicked = false;
  private shown: OverviewView | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly logs: LogSet,
    private readonly tree: EventsTree,
    private readonly lenses: NoiseLenses,
    private readonly lineage: SessionLineage,
    private readonly output: vscode.LogOutputChannel,
  ) {
    this.choices = { binMs: 0, split: splitOfGrouping(tree.groupBy) };
    this.disposables.push(
      vscode.window.registerWebviewViewProvider(OVERVIEW_VIEW_ID, this),
      vscode.commands.registerCommand('cloudtrailLens.showOverview', () => vscode.commands.executeCommand(`${OVERVIEW_VIEW_ID}.focus`)),
      logs.onDidChange(() => this.scheduleUpdate()),
      tree.onDidChangeFilter(() => this.scheduleUpdate()),
      lineage.onDidChange(() => this.scheduleUpdate()),
    );
  }

  /** What the view shows now (for the tests), undefined before it was first drawn. */
  get current(): OverviewView | undefined {
    return this.shown;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      enableForms: false,
      localResourceRoots: [mediaRoot(this.extensionUri)],
    };
    view.webview.html = html(view.webview, this.extensionUri);
    this.disposables.push(
      view.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      view.onDidChangeVisibility(() => {
        if (view.visible) this.scheduleUpdate();
      }),
      view.onDidDispose(() => {
        this.view = undefined;
      }),
    );
  }

  private scheduleUpdate(): void {
    if (this.view === undefined || !this.view.visible) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), UPDATE_DELAY_MS);
  }

  /** Computes the overview of the tree's visible events and posts it. */
  update(): void {
    clearTimeout(this.timer);
    const store = this.logs.store;
    if (store.size === 0) {
      this.shown = undefined;
      this.post({ type: 'empty', message: 'No CloudTrail logs are open. Open log files or a folder to see their activity over time.' });
      return;
    }
    if (!this.splitPicked) this.choices.split = splitOfGrouping(this.tree.groupBy);
    const started = performance.now();
    const ids = this.tree.visibleIds;
    const links = this.lineage.links;
    const context = {
      filter: this.tree.filter ?? null,
      lenses: this.lenses.enabled,
      originGroups: links.size > 0 && ids.length <= MAX_EVENTS_FOR_ORIGINS ? originGroups(links, ids) : undefined,
    };
    let overview: OverviewView;
    try {
      overview = buildOverview(store, ids, { ...this.choices, ...context });
    } catch (error) {
      if (!(error instanceof TooManyBinsError)) throw error;
      void vscode.window.showWarningMessage(`Overview: ${error.message}. The bin width is picked from the span again.`);
      this.choices.binMs = 0;
      overview = buildOverview(store, ids, { ...this.choices, ...context });
    }
    this.output.debug(`Overview of ${overview.heading} in ${Math.round(performance.now() - started)} ms.`);
    this.shown = overview;
    this.post({ type: 'show', overview });
  }

  private post(message: ExtensionToOverview): void {
    void this.view?.webview.postMessage(message);
  }

  private async receive(message: unknown): Promise<void> {
    if (!isOverviewToExtension(message)) {
      this.output.warn('The overview sent a message that is not one of its kinds; ignored.');
      return;
    }
    await this.handle(message);
  }

  /** Runs a webview message (also the tests' way of brushing without a mouse). */
  async handle(message: OverviewToExtension): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.update();
        return;
      case 'brush':
        await this.tree.setFilter(withTimeRange(this.tree.filter, message.after, message.before));
        return;
      case 'clearBrush':
        await this.tree.setFilter(withoutTimeRange(this.tree.filter));
        return;
      case 'filterValue': {
        const filter = this.shown === undefined ? undefined : filterForRow(this.shown, message.table, message.value, this.tree.filter);
        if (filter === undefined) this.output.warn('The overview asked to filter by a value it was not shown; ignored.');
        else await this.tree.setFilter(filter);
        return;
      }
      case 'setBin':
        this.choices.binMs = message.ms;
        this.update();
        return;
      case 'setSplit':
        this.choices.split = message.split;
        this.splitPicked = true;
        this.update();
        return;
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewHtml(webview, extensionUri, { title: 'CloudTrail overview', stylesheets: ['uPlot.min.css', 'overview.css'], script: 'overview.js' });
}
