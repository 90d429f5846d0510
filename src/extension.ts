// CloudTrail Lens in VS Code: wires every surface (one file each) over the headless core and returns the test API
// the in-host suite reads ({ store, tree, panel, integrity, …}). Every disposable goes to context.subscriptions.
import * as vscode from 'vscode';
import { registerCommands, runPanelAction } from './commands';
import { paceBackgroundJobs } from './core';
import { DetailPanel } from './detailPanel';
import { registerGzLogViews } from './gzLogProvider';
import { registerHovers } from './hoverProvider';
import { IntegrityDecorations } from './integrityDecorations';
import { IntegrityTree, LogIntegrity, registerIntegrityCommand } from './integrityView';
import { LogSet } from './logSet';
import { LogTrails } from './logTrails';
import { NoiseLenses } from './noiseLenses';
import { OverviewProvider } from './overviewView';
import { RecordLocator } from './recordLocator';
import { registerSearchCommands } from './searchCommands';
import { SessionLineage } from './sessionLineage';
import { registerSqlCommands } from './sqlCommands';
import { EventsStatusBar } from './statusBar';
import { TrailSettings } from './trailSettings';
import { TrailsTree } from './trailsView';
import { EventsTree, registerGroupByCommand } from './treeView';

export interface CloudTrailLensApi {
  store: LogSet['store'];
  logs: LogSet;
  tree: EventsTree;
  panel: DetailPanel;
  trails: TrailSettings;
  logTrails: LogTrails;
  trailsTree: TrailsTree;
  integrity: LogIntegrity;
  integrityTree: IntegrityTree;
  integrityDecorations: IntegrityDecorations;
  lineage: SessionLineage;
  lenses: NoiseLenses;
  overview: OverviewProvider;
}

/** Idle time of the host's thread between two slices of work nobody waits for (writing the index cache): see paceBackgroundJobs. */
const BACKGROUND_PAUSE_MS = 10;

export function activate(context: vscode.ExtensionContext): CloudTrailLensApi {
  paceBackgroundJobs(BACKGROUND_PAUSE_MS);
  const output = vscode.window.createOutputChannel('CloudTrail Lens', { log: true });
  const logs = new LogSet(output, {
    folder: vscode.Uri.joinPath(context.globalStorageUri, 'index-cache').fsPath,
    version: String((context.extension.packageJSON as { version?: unknown }).version),
  });
  flushIndexCache = () => logs.flushCache();
  const trails = new TrailSettings(output);
  const logTrails = new LogTrails(logs, output);
  const trailsTree = new TrailsTree(logs, trails, logTrails);
  const integrity = new LogIntegrity(output);
  const integrityTree = new IntegrityTree(integrity);
  const integrityDecorations = new IntegrityDecorations(integrity);
  const lineage = new SessionLineage(logs, output);
  const lenses = new NoiseLenses(context.workspaceState, logs);
  const tree = new EventsTree(logs, lineage, lenses);
  const overview = new OverviewProvider(context.extensionUri, logs, tree, lenses, lineage, output);
  const panel = new DetailPanel(context.extensionUri, logs, trails, logTrails, integrity, lineage, output, runPanelAction, context.workspaceState);
  const locator = new RecordLocator();
  const statusBar = new EventsStatusBar();
  const updateStatus = () => {
    const narrowed = tree.filter !== undefined || lenses.enabled.length > 0;
    statusBar.update(logs.store.size, tree.filter, narrowed ? tree.visibleIds.length : undefined, lenses.description);
  };

  context.subscriptions.push(
    output,
    logs,
    trails,
    logTrails,
    tree,
    trailsTree,
    integrity,
    integrityTree,
    integrityDecorations,
    lineage,
    lenses,
    overview,
    registerIntegrityCommand(integrity, logs),
    panel,
    locator,
    statusBar,
    registerGzLogViews(),
    registerHovers(locator, lineage.links),
    ...registerCommands({ logs, tree, panel, locator, lineage, output }),
    ...registerSearchCommands({ logs, tree, panel, lineage, lenses }),
    registerGroupByCommand(tree),
    ...registerSqlCommands(tree, lenses, output),
    logs.onDidChange(updateStatus),
    tree.onDidChangeFilter(updateStatus),
  );
  void vscode.commands.executeCommand('setContext', 'cloudtrailLens.hasLogs', false);
  logs.syncWithEditors();
  output.info('CloudTrail Lens is active.');
  return {
    store: logs.store,
    logs,
    tree,
    panel,
    trails,
    logTrails,
    trailsTree,
    integrity,
    integrityTree,
    integrityDecorations,
    lineage,
    lenses,
    overview,
  };
}

/** The index cache's pending writes, waited for on deactivation (everything else is disposed through context.subscriptions). */
let flushIndexCache: (() => Promise<void>) | undefined;

export function deactivate(): Promise<void> | undefined {
  return flushIndexCache?.();
}
