// The event detail panel: one webview panel, reused for every event shown, restored after a window reload. The
// webview gets a strict CSP (nonce scripts, local styles and fonts only, no network) and can only send the typed
// messages of src/view/messages.ts; links it asks to open must be https://docs.aws.amazon.com pages.
import * as vscode from 'vscode';
import { lineageOfRecord } from './core';
import { buildEventView, type CopyInput, type IntegrityInput } from './view/eventView';
import type { LogIntegrity } from './integrityView';
import type { LogSet } from './logSet';
import { fileLabel, isGzipName } from './logUris';
import {
  isAwsDocsUrl,
  isPanelState,
  isPanelToExtension,
  isRememberedPanelLog,
  lineageEventIds,
  rememberPanelLog,
  type EventView,
  type ExtensionToPanel,
  type PanelAction,
  type SectionId,
} from './view/messages';
import type { LogTrails } from './logTrails';
import type { SessionLineage } from './sessionLineage';
import type { TrailSettings } from './trailSettings';
import { mediaRoot, webviewHtml } from './webviewHtml';

const DETAIL_VIEW_TYPE = 'cloudtrailLens.eventDetail';
/** Workspace-state key of the logs the panel showed events of (see rememberPanelLog). */
const PANEL_LOGS_KEY = 'cloudtrailLens.panelLogs';

/** What the panel shows now: the store id (when the event is loaded) and the view sent to the webview. */
export interface ShownEvent {
  id: number;
  view: EventView;
}

/** The setting cloudtrailLens.trailsFromLogs: judge against the trails rebuilt from the logs too. */
function judgeFromLogs(): boolean {
  return vscode.workspace.getConfiguration('cloudtrailLens').get<boolean>('trailsFromLogs', true);
}

export class DetailPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private shown: ShownEvent | undefined;
  private ready = false;
  /** The last message for the webview, sent again whenever a (re)loaded webview says it is ready. */
  private latest: ExtensionToPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly logs: LogSet,
    private readonly trails: TrailSettings,
    private readonly logTrails: LogTrails,
    private readonly integrity: LogIntegrity,
    private readonly lineage: SessionLineage,
    private readonly output: vscode.LogOutputChannel,
    private readonly runAction: (action: PanelAction, id: number) => void,
    /** Where the logs shown are remembered across reloads (the extension's workspaceState). */
    private readonly memory: vscode.Memento,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(DETAIL_VIEW_TYPE, {
        deserializeWebviewPanel: (panel, state) => this.restore(panel, state),
      }),
      trails.onDidChange(() => this.rerender()),
      logTrails.onDidChange(() => this.rerender()),
      integrity.onDidChange(() => this.rerender()),
      lineage.onDidChange(() => this.rerender()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('cloudtrailLens.trailsFromLogs')) this.rerender();
      }),
      logs.onDidChange(() => this.forgetIfClosed()),
    );
  }

  get current(): ShownEvent | undefined {
    return this.shown;
  }

  get webviewPanel(): vscode.WebviewPanel | undefined {
    return this.panel;
  }

  /** Shows an event of the store; `focus` scrolls to a section (Explain Trail Match opens the trails). */
  async show(id: number, focus?: SectionId): Promise<void> {
    const view = await this.viewOf(id);
    if (!this.panel)
      this.attach(
        vscode.window.createWebviewPanel(
          DETAIL_VIEW_TYPE,
          'unavailable' in view ? 'CloudTrail event' : title(view),
          { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
          webviewOptions(this.extensionUri),
        ),
      );
    else this.panel.reveal(undefined, false);
    this.present(id, view, focus);
  }

  /** The view of an event, or why it cannot be shown: its log was rewritten since it was loaded. */
  private async viewOf(id: number): Promise<EventView | { unavailable: string }> {
    const summary = this.logs.store.summary(id);
    if (!summary) throw new Error(`No event with id ${id} is loaded.`);
    // The store adds a changed-since-load diagnostic, and the log set offers to reload the file.
    const read = await this.logs.store.readRecordIfUnchanged(id);
    if (read === undefined) return { unavailable: `${fileLabel(summary.file)} changed since it was loaded: reload it to see this event.` };
    const { record, text } = read;
    const chain = lineageOfRecord(this.lineage.links, id, record);
    return buildEventView({
      record,
      text,
      source: { file: summary.file, recordIndex: summary.recordIndex, eventID: summary.eventID ?? null },
      fileLabel: fileLabel(summary.file),
      copies: await this.copiesOf(id),
      trails: [...this.trails.trails, ...(judgeFromLogs() ? this.logTrails.judgeable : [])],
      trailProblems: this.trails.problemLines,
      integrity: this.integrityOf(summary.file),
      ...(chain === undefined ? {} : { lineage: { chain, fileLabel } }),
    });
  }

  /** The event's log file in the last integrity validation, with the digest that lists it. */
  private integrityOf(file: string): IntegrityInput {
    const found = this.integrity.verdictOf(file);
    if (found?.kind !== 'log') return { verdict: null, digest: null };
    const listing = found.verdict.digest === null ? undefined : this.integrity.verdictOf(found.verdict.digest);
    return {
      verdict: found.verdict,
      digest: listing?.kind === 'digest' ? { label: fileLabel(listing.verdict.file), status: listing.verdict.status } : null,
    };
  }

  /** Every copy of an event delivered more than once, with where its record starts (none for a single delivery). */
  private async copiesOf(id: number): Promise<CopyInput[]> {
    const copies = this.logs.store.copiesOf(id);
    if (copies.length < 2) return [];
    return Promise.all(
      copies.map(async (copy) => ({
        fileLabel: fileLabel(copy.file),
        recordIndex: copy.recordIndex,
        // A copy's file rewritten since loading has no position; the store reports it and the log set offers a reload.
        position: await this.logs.store.recordPosition(copy.id).catch(() => null),
        gzip: isGzipName(copy.file),
        current: copy.id === id,
      })),
    );
  }

  private present(id: number, view: EventView | { unavailable: string }, focus?: SectionId): void {
    if (!('unavailable' in view)) {
      this.display({ id, view }, focus);
      return;
    }
    this.shown = undefined;
    void vscode.commands.executeCommand('setContext', 'cloudtrailLens.eventShown', false);
    this.post({ type: 'unavailable', message: view.unavailable });
  }

  private display(shown: ShownEvent, focus?: SectionId): void {
    this.shown = shown;
    void this.memory.update(PANEL_LOGS_KEY, rememberPanelLog(this.memory.get(PANEL_LOGS_KEY), shown.view.source.file));
    void vscode.commands.executeCommand('setContext', 'cloudtrailLens.eventShown', true);
    if (!this.panel) return;
    this.panel.title = title(shown.view);
    this.post({ type: 'show', event: shown.view, focus });
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    this.latest = undefined;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, 'media', 'cloudtrail.svg');
    panel.webview.options = webviewOptions(this.extensionUri);
    panel.webview.html = html(panel.webview, this.extensionUri);
    const subscriptions = [
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      // A hidden webview is torn down (no retained context): wait for its next 'ready' before posting again.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.ready = false;
      }),
      panel.onDidDispose(() => {
        this.logs.releaseRestoredPanelLogs();
        if (this.panel === panel) {
          this.panel = undefined;
          this.shown = undefined;
          void vscode.commands.executeCommand('setContext', 'cloudtrailLens.eventShown', false);
        }
        for (const subscription of subscriptions) subscription.dispose();
      }),
    ];
  }

  private receive(message: unknown): void {
    if (!isPanelToExtension(message)) {
      this.output.warn('The detail panel sent a message of unknown shape; ignored.');
      return;
    }
    switch (message.type) {
      case 'ready':
        this.ready = true;
        if (this.latest) void this.panel?.webview.postMessage(this.latest);
        break;
      case 'openLink':
        if (isAwsDocsUrl(message.url)) void vscode.env.openExternal(vscode.Uri.parse(message.url, true));
        else this.output.warn(`The detail panel asked to open a link that is not an AWS documentation page; refused: ${message.url}`);
        break;
      case 'action':
        if (this.shown) this.runAction(message.action, this.shown.id);
        break;
      case 'showLineageEvent':
        // Only an event the shown chain links to, and only while it is loaded: the webview is not trusted.
        if (lineageEventIds(this.shown?.view.lineage).includes(message.id) && this.logs.store.summary(message.id) !== undefined)
          void this.show(message.id).catch((error: unknown) => this.output.error('Could not show the issuing event:', error));
        else this.output.warn(`The detail panel asked to show an event its lineage does not name; refused: ${message.id}`);
        break;
    }
  }

  private post(message: ExtensionToPanel): void {
    this.latest = message;
    if (this.ready) void this.panel?.webview.postMessage(message);
  }

  /** Trail configurations, the integrity validation or the session links changed: the open panel re-renders its event. */
  private async rerender(): Promise<void> {
    if (!this.shown) return;
    try {
      this.present(this.shown.id, await this.viewOf(this.shown.id));
    } catch (error) {
      this.output.error('Could not re-render the detail panel:', error);
    }
  }

  private forgetIfClosed(): void {
    if (!this.shown || !this.panel) return;
    const source = this.shown.view.source;
    if (!this.logs.isLoaded(source.file)) {
      this.shown = undefined;
      void vscode.commands.executeCommand('setContext', 'cloudtrailLens.eventShown', false);
      this.post({ type: 'unavailable', message: `The log ${fileLabel(source.file)} was closed.` });
    } else {
      const id = this.logs.store.findByRecord(source.file, source.recordIndex);
      if (id !== undefined) this.shown = { ...this.shown, id };
    }
  }

  /**
   * After a window reload: re-read the event from its file and show it again. The file is loaded only when the
   * extension itself had it open (loaded now, or shown in this panel before): the restored state is the webview's,
   * and must not make the extension read any path it names.
   */
  private async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    this.panel?.dispose();
    this.attach(panel);
    if (!isPanelState(state)) {
      this.post({ type: 'unavailable', message: 'This panel has no event to show. Open one from the CloudTrail view.' });
      return;
    }
    if (!this.logs.isLoaded(state.file) && !isRememberedPanelLog(this.memory.get(PANEL_LOGS_KEY), state.file)) {
      this.output.warn(`A restored detail panel named a log the extension did not have open; not loaded: ${state.file}`);
      this.post({ type: 'unavailable', message: "This event's log is not open. Open the log from the CloudTrail view to see the event again." });
      return;
    }
    try {
      await this.logs.ensureLoadedForRestoredPanel(state.file);
      const id = this.logs.store.findByRecord(state.file, state.recordIndex);
      if (id === undefined) {
        this.post({ type: 'unavailable', message: `The event is no longer in ${fileLabel(state.file)}.` });
        return;
      }
      this.present(id, await this.viewOf(id));
    } catch (error) {
      this.output.error('Could not restore the detail panel:', error);
    }
  }

  dispose(): void {
    this.panel?.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function title(view: EventView): string {
  return `CloudTrail: ${view.eventName}`;
}

function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    enableFindWidget: true,
    retainContextWhenHidden: false,
    localResourceRoots: [mediaRoot(extensionUri)],
  };
}

function html(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  return webviewHtml(webview, extensionUri, {
    title: 'CloudTrail event',
    stylesheets: [{ file: 'codicon.css', id: 'vscode-codicon-stylesheet' }, 'panel.css'],
    script: 'panel.js',
  });
}
