// The set of opened logs: what is in the event store and why, by the rules of view/logMembership.ts (a log opened
// by a command stays, one that joined from an editor leaves with its last tab unless pinned…). The tabs API is the
// source of truth for "open in an editor": it also sees files over 50 MB, whose text VS Code does not sync to
// extensions, and whose content is then read from disk.
import { open } from 'node:fs/promises';
import * as vscode from 'vscode';
import {
  DEFAULT_MAX_TEXT_BYTES,
  cacheLoad,
  EventStore,
  IndexCache,
  loadFileBytes,
  loadPaths,
  loadText,
  looksLikeCloudTrail,
  readLogHead,
  type Diagnostic,
  type LoadResult,
  formatCount,
} from './core';
import { fileKeyOf, fileLabel, logViewOf, LOG_VIEW_SCHEME, originalOfLogView, uriOfFileKey } from './logUris';
import { LogMembership, type LogOrigin } from './view/logMembership';
import { LoadWatch, type LoadReport } from './loadWatch';
import { ProgressPacer } from './view/progressPacer';

/** How much of a file's start is enough to tell a CloudTrail log from other JSON. */
const SNIFF_CHARS = 8192;
/** Bytes of a file's (decompressed) start read to sniff it: enough for SNIFF_CHARS characters of UTF-8 or UTF-16. */
const SNIFF_BYTES = SNIFF_CHARS * 4;
const MEGABYTE = 1024 * 1024;
/** Compressed bytes read from disk to sniff a file: a gzip's first SNIFF_BYTES of text come from far fewer. */
const HEAD_READ_BYTES = 64 * 1024;
const LOG_NAME = /\.(json|jsonl|ndjson)(\.gz)?$/i;
/** cloudtrailLens.indexCacheMB's default (package.json). */
const DEFAULT_INDEX_CACHE_MB = 512;

/** The bound on one file's inflated text: the setting cloudtrailLens.maxFileSizeMB, in bytes. */
export function maxTextBytesSetting(): number {
  const megabytes = vscode.workspace.getConfiguration('cloudtrailLens').get<number>('maxFileSizeMB', DEFAULT_MAX_TEXT_BYTES / MEGABYTE);
  return Number.isFinite(megabytes) && megabytes >= 1 ? Math.floor(megabytes) * MEGABYTE : DEFAULT_MAX_TEXT_BYTES;
}

export class LogSet implements vscode.Disposable {
  readonly store = new EventStore();
  private readonly membership = new LogMembership();
  private readonly problems = vscode.languages.createDiagnosticCollection('cloudtrailLens.logs');
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly loaded = new vscode.EventEmitter<LoadReport>();
  /** Fires after each load has joined the store (and onDidChange has fired), with what it cost. */
  readonly onDidLoad = this.loaded.event;
  private readonly disposables: vscode.Disposable[] = [this.problems, this.changed, this.loaded];
  /** Editor syncs run one after another so a quick open/close sequence cannot interleave loads. */
  private syncQueue: Promise<void> = Promise.resolve();
  /** Files found changed since they were loaded and already offered for reloading. */
  private readonly offeredReload = new Set<string>();
  private lastLoadReport: LoadReport | undefined;
  /** The index cache of the current cloudtrailLens.indexCacheMB, made again when the setting changes. */
  private cache: { megabytes: number; cache: IndexCache | undefined } | undefined;

  /** The index cache loads go through, per the setting (0 MB: none). */
  private indexCache(): IndexCache | undefined {
    const megabytes = vscode.workspace.getConfiguration('cloudtrailLens').get<number>('indexCacheMB', DEFAULT_INDEX_CACHE_MB);
    if (this.cache?.megabytes === megabytes) return this.cache.cache;
    const home = this.cacheHome;
    const cache =
      home !== undefined && Number.isFinite(megabytes) && megabytes > 0
        ? new IndexCache(home.folder, {
            maxBytes: megabytes * 1024 * 1024,
            hostVersion: home.version,
            onError: (message) => this.output.warn(message),
          })
        : undefined;
    this.cache = { megabytes, cache };
    return cache;
  }

  /**
   * Empties the index cache's folder (also when the cache is off, of what it held before), after its writes under way;
   * what it removed (and that in words), or undefined when the extension has no storage for it.
   */
  async clearCache(): Promise<{ entries: number; bytes: number; folder: string; summary: string } | undefined> {
    const home = this.cacheHome;
    if (home === undefined) return undefined;
    const cache = this.indexCache() ?? new IndexCache(home.folder, { onError: (message) => this.output.warn(message) });
    const removed = await cache.clear();
    const summary = `${formatCount(removed.entries)} entries, ${(removed.bytes / 1048576).toFixed(1)} MB`;
    this.output.info(`Index cache: removed ${summary} from ${home.folder}`);
    return { ...removed, folder: home.folder, summary };
  }

  /** Waits for the index cache's writes (on deactivation). */
  async flushCache(): Promise<void> {
    await this.cache?.cache?.flush();
  }

  /**
   * `cacheHome`: where the index cache lives (the extension's global storage) and the extension's version (an entry
   * another version wrote is a miss); none to load without the cache.
   */
  constructor(
    private readonly output: vscode.LogOutputChannel,
    private readonly cacheHome?: { folder: string; version: string },
  ) {
    this.disposables.push(
      vscode.window.tabGroups.onDidChangeTabs(() => this.syncWithEditors()),
      vscode.workspace.onDidOpenTextDocument(() => this.syncWithEditors()),
      vscode.workspace.onDidSaveTextDocument((document) => this.reloadSaved(document)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('cloudtrailLens.autoIndexOpenedLogs')) this.syncWithEditors();
      }),
      this.store.onDidChange(() => this.offerReloadOfChangedFiles()),
    );
  }

  get files(): string[] {
    return this.membership.files;
  }

  /** The report of the last load (the in-host tests and the host benchmark read it). */
  get lastLoad(): LoadReport | undefined {
    return this.lastLoadReport;
  }

  isPinned(file: string): boolean {
    return this.membership.isPinned(file);
  }

  isLoaded(file: string): boolean {
    return this.membership.isOpen(file);
  }

  /** Opens files and folders (delivery trees) by command, with progress and cancel. */
  openUris(uris: vscode.Uri[]): Promise<void> {
    return this.loadUris(uris, 'command');
  }

  private async loadUris(uris: vscode.Uri[], origin: LogOrigin): Promise<void> {
    const local = uris.filter((uri) => uri.scheme === 'file');
    const virtual = uris.filter((uri) => uri.scheme !== 'file');
    for (const uri of virtual) await this.loadVirtual(uri, origin);
    if (local.length === 0) return;
    const paths = local.map((uri) => uri.fsPath);
    const watch = new LoadWatch();
    const title = paths.length === 1 ? `Loading ${fileLabel(paths[0])}` : `Loading ${paths.length} CloudTrail logs`;
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        const pacer = new ProgressPacer();
        try {
          return await loadPaths(paths, {
            signal: abort.signal,
            maxTextBytes: maxTextBytesSetting(),
            cache: this.indexCache(),
            yieldingWorkers: true,
            // Each file joins the store's string tables as it arrives, while the workers load the others.
            onFile: (loaded) => this.store.prepare(loaded),
            onProgress: (p) => {
              if (!pacer.due(p.filesDone === p.filesTotal)) return;
              const percent = p.bytesTotal > 0 ? (100 * p.bytesDone) / p.bytesTotal : 0;
              progress.report({
                message: `${formatCount(p.filesDone)} of ${formatCount(p.filesTotal)} files, ${formatCount(p.events)} events`,
                increment: percent - reported,
              });
              reported = percent;
            },
          });
        } finally {
          cancel.dispose();
        }
      },
    );
    await this.addResult(result, origin, paths.join(', '), watch);
    if (origin === 'command') void announceLoad(result);
  }

  /** Makes sure the file of a detail panel restored after a window reload is loaded; see releaseRestoredPanelLogs. */
  async ensureLoadedForRestoredPanel(file: string): Promise<void> {
    if (this.membership.isOpen(file)) return;
    await this.loadUris([uriOfFileKey(file)], 'restoredPanel');
  }

  /** The restored panel closed: the logs loaded only for it leave, unless pinned or open in an editor by now. */
  releaseRestoredPanelLogs(): void {
    if (!this.membership.releaseRestoredPanelLogs()) return;
    this.afterChange();
    this.syncWithEditors();
  }

  close(file: string): void {
    this.membership.close(file, openLogUris().has(file));
    this.store.removeFile(file);
    this.output.info(`Closed ${file}`);
    this.afterChange();
  }

  closeAll(): void {
    this.membership.closeAll(openLogUris().keys());
    this.store.clear();
    this.output.info('Closed all logs');
    this.afterChange();
  }

  pin(file: string): void {
    if (this.membership.pin(file)) this.afterChange();
  }

  unpin(file: string): void {
    this.membership.unpin(file);
    this.afterChange();
    this.syncWithEditors();
  }

  /** Brings the set in line with the editors' tabs: CloudTrail logs in tabs join, closed transient logs leave. */
  syncWithEditors(): void {
    this.syncQueue = this.syncQueue
      .then(() => this.doSync())
      .catch((error: unknown) => this.output.error('Could not follow the open editors:', error));
  }

  /** Waits for pending editor syncs (the in-host tests use it). */
  whenSynced(): Promise<void> {
    return this.syncQueue;
  }

  private async doSync(): Promise<void> {
    const inTabs = openLogUris();
    const joinFromTabs = vscode.workspace.getConfiguration('cloudtrailLens').get<boolean>('autoIndexOpenedLogs', true);
    const plan = this.membership.planTabSync(new Set(inTabs.keys()), joinFromTabs);
    let changed = plan.toClose.length > 0;
    for (const file of plan.toClose) {
      this.store.removeFile(file);
      this.output.info(`Closed ${file} (its editor closed)`);
    }
    for (const file of plan.toSniff) {
      const uri = inTabs.get(file);
      if (uri && (await this.loadFromEditor(file, uri))) changed = true;
      else this.membership.ignore(file);
    }
    if (changed) this.afterChange();
  }

  private async loadFromEditor(file: string, uri: vscode.Uri): Promise<boolean> {
    const document = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
    if (document && document.uri.scheme !== LOG_VIEW_SCHEME) {
      const head = document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(SNIFF_CHARS)));
      if (!looksLikeCloudTrail(head)) return false;
      await this.replaceFile(file, loadText(file, document.getText()), 'editor', new LoadWatch());
      return true;
    }
    const original = uri.scheme === LOG_VIEW_SCHEME ? originalOfLogView(uri) : uri;
    const head = await readHead(original);
    if (head === undefined || !looksLikeCloudTrail(head)) return false;
    if (original.scheme === 'file') {
      const watch = new LoadWatch();
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Indexing ${fileLabel(original.fsPath)}` },
        () =>
          loadPaths([original.fsPath], {
            maxTextBytes: maxTextBytesSetting(),
            cache: this.indexCache(),
            onFile: (loaded) => this.store.prepare(loaded),
          }),
      );
      await this.addResult(result, 'editor', file, watch);
      return true;
    }
    return this.loadVirtual(original, 'editor');
  }

  /** Files of a virtual workspace: read through VS Code's file system API. */
  private async loadVirtual(uri: vscode.Uri, origin: LogOrigin): Promise<boolean> {
    const file = fileKeyOf(uri);
    try {
      const watch = new LoadWatch();
      const bytes = await vscode.workspace.fs.readFile(uri);
      await this.replaceFile(file, await loadFileBytes(file, bytes, maxTextBytesSetting()), origin, watch);
      return true;
    } catch (error) {
      this.output.error(`Could not read ${uri.toString()}:`, error);
      return false;
    }
  }

  /** Reloads a loaded file from where it came from (disk, or the virtual workspace), keeping why it is open. */
  async reload(file: string): Promise<void> {
    const origin = this.membership.originOf(file);
    if (origin === undefined) return;
    await this.loadUris([uriOfFileKey(file)], origin);
  }

  /** A record could not be re-read because its file was rewritten: say so once, with a Reload action. */
  private offerReloadOfChangedFiles(): void {
    const changed = new Set(this.store.changedFiles());
    for (const file of this.offeredReload) if (!changed.has(file)) this.offeredReload.delete(file);
    for (const file of changed) {
      if (this.offeredReload.has(file)) continue;
      this.offeredReload.add(file);
      void vscode.window
        .showWarningMessage(`${fileLabel(file)} changed since it was loaded; reload it to see its events as they are now.`, 'Reload')
        .then((action) => (action === 'Reload' ? this.reload(file) : undefined));
    }
  }

  private reloadSaved(document: vscode.TextDocument): void {
    const file = fileKeyOf(document.uri);
    const origin = this.membership.originOf(file);
    if (!origin || document.uri.scheme === LOG_VIEW_SCHEME) return;
    const watch = new LoadWatch();
    this.replaceFile(file, loadText(file, document.getText()), origin, watch).catch((error: unknown) =>
      this.output.error(`Could not reload ${file}:`, error),
    );
  }

  private async replaceFile(file: string, result: LoadResult, origin: LogOrigin, watch: LoadWatch): Promise<void> {
    this.store.removeFile(file);
    await this.addResult(result, origin, file, watch);
  }

  /**
   * Joins a load to the store in slices (EventStore.addAsync), so the host stays responsive while a million events
   * are indexed, then logs one line with what the load cost.
   */
  private async addResult(result: LoadResult, origin: LogOrigin, what: string, watch: LoadWatch): Promise<void> {
    await this.store.addAsync(result);
    for (const loaded of result.files) this.membership.join(loaded.file, origin);
    for (const digest of result.digests) this.output.info(`Kept apart a CloudTrail digest file: ${digest}`);
    if (result.skipped.length > 0) this.output.info(`Skipped ${result.skipped.length} file(s) whose names are not logs, e.g. ${result.skipped[0]}`);
    for (const diagnostic of result.diagnostics) {
      const place = diagnostic.line ? ` (line ${diagnostic.line}${diagnostic.column ? `, column ${diagnostic.column}` : ''})` : '';
      const line = `${diagnostic.code}: ${diagnostic.message}${place}`;
      if (diagnostic.severity === 'error') this.output.error(line);
      else this.output.warn(line);
    }
    this.afterChange();
    // What the listeners of the change did at once (the tree's reset, the status bar) counts in the load's time.
    this.lastLoadReport = await watch.stop(result, what);
    this.output.info(this.lastLoadReport.line);
    this.loaded.fire(this.lastLoadReport);
    // In the background, in slices: the next window opening the same folder takes its string tables as they are.
    cacheLoad(this.indexCache(), result, this.store).catch((error: unknown) =>
      this.output.error('Could not keep the load in the index cache:', error),
    );
  }

  private afterChange(): void {
    this.publishProblems();
    void vscode.commands.executeCommand('setContext', 'cloudtrailLens.hasLogs', this.store.size > 0 || this.store.diagnostics().length > 0);
    // A log's pretty view (of a .json.gz, or of a one-line .json) gets the same Pin Log button as the file.
    const transientUris = this.membership.transientFiles().flatMap((file) => {
      const uri = uriOfFileKey(file);
      return [uri.toString(), logViewOf(uri).toString()];
    });
    void vscode.commands.executeCommand('setContext', 'cloudtrailLens.transientLogs', transientUris);
    this.changed.fire();
  }

  private publishProblems(): void {
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const diagnostic of this.store.diagnostics()) {
      const list = byFile.get(diagnostic.file) ?? [];
      list.push(toVsDiagnostic(diagnostic));
      byFile.set(diagnostic.file, list);
    }
    this.problems.clear();
    for (const [file, list] of byFile) this.problems.set(uriOfFileKey(file), list);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

function toVsDiagnostic(diagnostic: Diagnostic): vscode.Diagnostic {
  const line = Math.max(0, (diagnostic.line ?? 1) - 1);
  const column = Math.max(0, (diagnostic.column ?? 1) - 1);
  const severity = diagnostic.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning;
  const result = new vscode.Diagnostic(new vscode.Range(line, column, line, column + 1), diagnostic.message, severity);
  result.source = 'CloudTrail Lens';
  result.code = diagnostic.code;
  return result;
}

/** Every log-like file shown in a tab (text editors, the gz custom editor and the gz pretty view), by store key. */
function openLogUris(): Map<string, vscode.Uri> {
  const result = new Map<string, vscode.Uri>();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      const input = tab.input;
      const uri = input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
      if (!uri) continue;
      const name = uri.scheme === LOG_VIEW_SCHEME ? originalOfLogView(uri).path : uri.path;
      if (LOG_NAME.test(name)) result.set(fileKeyOf(uri), uri);
    }
  }
  return result;
}

/** The first few KB of a file's (decompressed) text, read without loading the whole file. */
async function readHead(uri: vscode.Uri): Promise<string | undefined> {
  try {
    let bytes: Uint8Array;
    if (uri.scheme === 'file') {
      const handle = await open(uri.fsPath, 'r');
      try {
        const buffer = Buffer.alloc(HEAD_READ_BYTES);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        bytes = buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    } else {
      bytes = await vscode.workspace.fs.readFile(uri);
    }
    return (await readLogHead(bytes, SNIFF_BYTES)).slice(0, SNIFF_CHARS);
  } catch {
    return undefined;
  }
}

/**
 * A load the user started ends in front of them: the CloudTrail view comes forward (the explorer would otherwise stay
 * in front with only the status bar changed) and a notification says what loaded, offering the Problems when some
 * files did not load. Logs that join by being opened in an editor stay quiet.
 */
async function announceLoad(result: LoadResult): Promise<void> {
  await vscode.commands.executeCommand('cloudtrailLens.events.focus');
  const events = result.files.reduce((sum, loaded) => sum + loaded.index.count, 0);
  const broken = new Set(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error').map((diagnostic) => diagnostic.file)).size;
  const loaded = `Loaded ${formatCount(events)} events from ${formatCount(result.files.length)} log file${result.files.length === 1 ? '' : 's'}`;
  if (broken === 0) {
    void vscode.window.showInformationMessage(`${loaded}.`);
    return;
  }
  const choice = await vscode.window.showWarningMessage(
    `${loaded}; ${formatCount(broken)} file${broken === 1 ? '' : 's'} could not be read in full.`,
    'Show Problems',
  );
  if (choice === 'Show Problems') await vscode.commands.executeCommand('cloudtrailLens.showProblems');
}
