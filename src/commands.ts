// Commands that open and close logs and act on one event (from the tree, the panel or the palette).
import * as vscode from 'vscode';
import { readLogText, recordRanges, formatCount } from './core';
import type { DetailPanel } from './detailPanel';
import { openLogView } from './gzLogProvider';
import { maxTextBytesSetting, type LogSet } from './logSet';
import { documentUriOfFileKey, fileKeyOf, fileLabel, isGzipName, uriOfFileKey } from './logUris';
import type { PanelAction } from './view/messages';
import { recordJsonForReading } from './view/prettyJson';
import { positionInText, type RecordLocator } from './recordLocator';
import { queryForValue } from './view/query';
import type { SessionLineage } from './sessionLineage';
import type { EventsTree } from './treeView';

export interface CommandContext {
  logs: LogSet;
  tree: EventsTree;
  panel: DetailPanel;
  locator: RecordLocator;
  lineage: SessionLineage;
  output: vscode.LogOutputChannel;
}

/** What a command that acts on one event may receive: a store id, a tree node carrying one, or nothing (the panel's event). */
type EventArgument = number | { eventId: number } | undefined;

export function registerCommands(context: CommandContext): vscode.Disposable[] {
  const { logs, tree, panel, output } = context;
  const eventOf = (argument: EventArgument): number | undefined => {
    if (typeof argument === 'number') return argument;
    if (argument && typeof argument === 'object' && typeof argument.eventId === 'number') return argument.eventId;
    const shown = panel.current?.id;
    if (shown === undefined) void vscode.window.showInformationMessage('Select an event in the CloudTrail view first.');
    return shown;
  };
  const onEvent = (action: (id: number) => unknown) => (argument: EventArgument) => {
    const id = eventOf(argument);
    if (id !== undefined) return action(id);
  };
  return [
    vscode.commands.registerCommand('cloudtrailLens.openFiles', async () => {
      const uris = await vscode.window.showOpenDialog({
        canSelectMany: true,
        openLabel: 'Open Logs',
        title: 'Open CloudTrail Log Files',
        filters: { 'CloudTrail logs': ['json', 'gz', 'jsonl', 'ndjson', 'csv'], 'All files': ['*'] },
      });
      if (uris?.length) await logs.openUris(uris);
    }),
    vscode.commands.registerCommand('cloudtrailLens.openFolder', async () => {
      const uris = await vscode.window.showOpenDialog({
        canSelectFolders: true,
        canSelectFiles: false,
        canSelectMany: true,
        openLabel: 'Open Folder',
        title: 'Open a CloudTrail Log Folder',
      });
      if (uris?.length) await logs.openUris(uris);
    }),
    vscode.commands.registerCommand('cloudtrailLens.openPath', async (uri?: vscode.Uri, selected?: vscode.Uri[]) => {
      const uris = selected?.length ? selected : uri ? [uri] : [];
      if (uris.length) await logs.openUris(uris);
    }),
    vscode.commands.registerCommand('cloudtrailLens.closeLog', async (argument?: LogArgument) => {
      const file = await logFileOf(logs, argument, 'Close which log?');
      if (file) logs.close(file);
    }),
    vscode.commands.registerCommand('cloudtrailLens.closeAll', () => logs.closeAll()),
    vscode.commands.registerCommand('cloudtrailLens.clearIndexCache', async () => {
      const removed = await logs.clearCache();
      const message =
        removed === undefined
          ? 'CloudTrail Lens has no index cache in this window.'
          : `Cleared the index cache: ${removed.summary}. The next open of each log reads it again.`;
      void vscode.window.showInformationMessage(message);
      return removed;
    }),
    vscode.commands.registerCommand('cloudtrailLens.pinLog', async (argument?: LogArgument) => {
      const file = await logFileOf(logs, argument, 'Pin which log?');
      if (file) logs.pin(file);
    }),
    vscode.commands.registerCommand('cloudtrailLens.unpinLog', async (argument?: LogArgument) => {
      const file = await logFileOf(logs, argument, 'Unpin which log?');
      if (file) logs.unpin(file);
    }),
    vscode.commands.registerCommand(
      'cloudtrailLens.showEvent',
      onEvent((id) => panel.show(id)),
    ),
    vscode.commands.registerCommand(
      'cloudtrailLens.revealInLog',
      onEvent((id) => revealInLog(context, id)),
    ),
    vscode.commands.registerCommand(
      'cloudtrailLens.copyEventJson',
      onEvent((id) => copyEventJson(logs, id)),
    ),
    vscode.commands.registerCommand(
      'cloudtrailLens.filterByPrincipal',
      onEvent((id) => filterBy(context, id, 'principal')),
    ),
    vscode.commands.registerCommand(
      'cloudtrailLens.filterByAccessKey',
      onEvent((id) => filterBy(context, id, 'accessKeyId')),
    ),
    vscode.commands.registerCommand(
      'cloudtrailLens.filterByBucket',
      onEvent((id) => filterBy(context, id, 'bucket')),
    ),
    vscode.commands.registerCommand(
      'cloudtrailLens.explainTrailMatch',
      onEvent((id) => panel.show(id, 'trails')),
    ),
    vscode.commands.registerCommand(
      'cloudtrailLens.showCredentialActivity',
      onEvent((id) => showCredentialActivity(context, id)),
    ),
    vscode.commands.registerCommand('cloudtrailLens.showMore', (key: unknown) => typeof key === 'string' && tree.showMore(key)),
    vscode.commands.registerCommand('cloudtrailLens.showOutput', () => output.show()),
  ];
}

/**
 * Filters the tree to everything done with the credentials an event issued, and with every credential those
 * issued in turn (session:<eventID>); an event that issued none says so.
 */
async function showCredentialActivity({ logs, tree, lineage }: CommandContext, id: number): Promise<void> {
  await lineage.whenUpdated();
  const link = lineage.links.issuedBy(id);
  const eventID = logs.store.summary(id)?.eventID ?? null;
  if (link === undefined || (eventID === null && link.issuedKey === null)) {
    void vscode.window.showInformationMessage('This event issued no credentials the loaded logs show (AssumeRole, GetSessionToken, ConsoleLogin…).');
    return;
  }
  if (await tree.setFilter(queryForValue('session', eventID ?? (link.issuedKey as string))))
    await vscode.commands.executeCommand('cloudtrailLens.events.focus');
}

/** The action buttons of the detail panel run the same commands. */
export function runPanelAction(action: PanelAction, id: number): void {
  void vscode.commands.executeCommand(`cloudtrailLens.${action}`, id);
}

type LogArgument = vscode.Uri | { file: string } | undefined;

async function logFileOf(logs: LogSet, argument: LogArgument, question: string): Promise<string | undefined> {
  if (argument instanceof vscode.Uri) return fileKeyOf(argument);
  if (argument && typeof argument.file === 'string') return argument.file;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && logs.isLoaded(fileKeyOf(active))) return fileKeyOf(active);
  const files = logs.files;
  if (files.length <= 1) return files[0];
  const picked = await vscode.window.showQuickPick(
    files.map((file) => ({ label: fileLabel(file), description: logs.isPinned(file) ? 'pinned' : undefined, file })),
    { placeHolder: question },
  );
  return picked?.file;
}

/** Copies the record as the log has it (values untouched), laid out for reading. */
async function copyEventJson(logs: LogSet, id: number): Promise<void> {
  // A file changed since it was loaded gives no record; the log set offers to reload it.
  const read = await logs.store.readRecordIfUnchanged(id);
  if (read === undefined) return;
  const { record, text } = read;
  await vscode.env.clipboard.writeText(recordJsonForReading(text, record));
  vscode.window.setStatusBarMessage('$(copy) Event JSON copied', 3000);
}

function filterBy(context: CommandContext, id: number, field: 'principal' | 'accessKeyId' | 'bucket'): void {
  const value = context.logs.store.summary(id)?.[field];
  if (!value) {
    const what = { principal: 'principal', accessKeyId: 'access key', bucket: 'bucket' }[field];
    void vscode.window.showInformationMessage(`This event has no ${what}.`);
    return;
  }
  context.tree.setFilter(queryForValue(field, value));
}

/** Logs open in the first column, the detail panel stays beside them. */
const LOG_EDITOR: vscode.TextDocumentShowOptions = { viewColumn: vscode.ViewColumn.One, preview: true };

/**
 * Opens the event's log (the gz view for gzip logs) with the record selected. An event delivered more than once
 * (same eventID and recipient account in several logs) asks which copy.
 */
async function revealInLog(context: CommandContext, id: number): Promise<void> {
  const copies = context.logs.store.copiesOf(id);
  if (copies.length < 2) return revealRecord(context, id);
  const picked = await vscode.window.showQuickPick(
    copies.map((copy) => ({
      label: fileLabel(copy.file),
      description: `record ${formatCount(copy.recordIndex + 1)}${copy.id === id ? ' · shown' : ''}`,
      id: copy.id,
    })),
    { title: 'Reveal in Log', placeHolder: `This event was delivered ${copies.length} times: which copy?` },
  );
  if (picked) await revealRecord(context, picked.id);
}

/** Opens the log of one record with the record selected. */
async function revealRecord(context: CommandContext, id: number): Promise<void> {
  const summary = context.logs.store.summary(id);
  if (!summary) return;
  const original = uriOfFileKey(summary.file);
  let document: vscode.TextDocument;
  try {
    document = isGzipName(summary.file)
      ? (await openLogView(original, LOG_EDITOR)).document
      : await vscode.workspace.openTextDocument(documentUriOfFileKey(summary.file));
  } catch (error) {
    // VS Code does not sync files over 50 MB to extensions: find the record in the file's text and let the editor open it.
    context.output.info(`Revealing in ${summary.file} without a synced document:`, error);
    const text = await readLogText(summary.file, maxTextBytesSetting());
    const ranges = recordRanges(text);
    if (summary.recordIndex >= ranges.count) return missingRecord(summary.file, summary.recordIndex);
    const selection = new vscode.Range(
      positionInText(text, ranges.starts[summary.recordIndex]),
      positionInText(text, ranges.ends[summary.recordIndex]),
    );
    await vscode.commands.executeCommand('vscode.open', original, { ...LOG_EDITOR, selection });
    return;
  }
  const editor = await vscode.window.showTextDocument(document, LOG_EDITOR);
  const range = context.locator.recordRange(document, summary.recordIndex);
  if (!range) return missingRecord(summary.file, summary.recordIndex);
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function missingRecord(file: string, recordIndex: number): void {
  void vscode.window.showWarningMessage(
    `Record ${recordIndex + 1} was not found in ${fileLabel(file)}; the file may have changed since it was loaded.`,
  );
}
