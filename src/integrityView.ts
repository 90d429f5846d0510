// Log integrity in VS Code: the command CloudTrail: Validate Log Integrity… (palette: the folders of the loaded
// logs or a chosen folder; explorer: a folder), the last result with each file's verdict (read by the file
// decorations and the detail panel), and the Integrity view that shows it through view/integrityTree.ts.
import { readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readPublicKeyFiles, verifyIntegrity, type DigestVerdict, type IntegrityResult, type LogVerdict, formatCount } from './core';
import type { LogSet } from './logSet';
import { documentUriOfFileKey, fileLabel, uriOfFileKey } from './logUris';
import { integrityFoldersOf, integritySummary, integrityTree, isAllValid, type IntegrityTreeNode, type KeySource } from './view/integrityTree';
import { ProgressPacer } from './view/progressPacer';

/** list-public-keys outputs found at the top of a validated folder (not deeper: a walk of the whole tree is not cheap). */
const KEY_FILE_NAME = /public-keys.*\.json$/i;

/** A validated file's verdict: a log's or a digest's. */
export type FileVerdict = { kind: 'log'; verdict: LogVerdict } | { kind: 'digest'; verdict: DigestVerdict };

export interface IntegrityRun {
  paths: string[];
  result: IntegrityResult;
  keySources: KeySource[];
  keyProblems: string[];
}

/** The setting cloudtrailLens.publicKeyFiles, resolved: absolute paths as they are, relative ones in each workspace folder. */
function publicKeyFilesSetting(): string[] {
  const configured = vscode.workspace.getConfiguration('cloudtrailLens').get<string[]>('publicKeyFiles', []);
  const folders = vscode.workspace.workspaceFolders?.map((folder) => folder.uri.fsPath) ?? [];
  return configured.flatMap((file) => {
    if (path.isAbsolute(file)) return [file];
    const found = folders.map((folder) => path.join(folder, file)).filter((candidate) => existsSync(candidate));
    return found.length > 0 ? found : [path.join(folders[0] ?? '', file)];
  });
}

async function keyFilesIn(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder)).filter((name) => KEY_FILE_NAME.test(name)).map((name) => path.join(folder, name));
  } catch {
    // Not a folder (a file was given) or unreadable: the engine reports unreadable paths itself.
    return [];
  }
}

/** The last validation and each file's verdict in it. */
export class LogIntegrity implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private lastRun: IntegrityRun | undefined;
  private verdicts = new Map<string, FileVerdict>();
  private running: Promise<IntegrityRun | undefined> | undefined;

  constructor(private readonly output: vscode.LogOutputChannel) {}

  get last(): IntegrityRun | undefined {
    return this.lastRun;
  }

  /** A file's verdict in the last validation (by store file key: the path on disk). */
  verdictOf(file: string): FileVerdict | undefined {
    return this.verdicts.get(file);
  }

  /** Validates `paths` with progress and cancel; resolves to the run, or undefined when cancelled. One run at a time. */
  validate(paths: string[]): Promise<IntegrityRun | undefined> {
    if (this.running) {
      void vscode.window.showInformationMessage('A log integrity validation is already running.');
      return this.running;
    }
    this.running = this.run(paths).finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(paths: string[]): Promise<IntegrityRun | undefined> {
    const fromSetting = publicKeyFilesSetting();
    const inFolders = (await Promise.all(paths.map(keyFilesIn))).flat().filter((file) => !fromSetting.includes(file));
    const keySources: KeySource[] = [
      ...fromSetting.map((file) => ({ file, origin: 'setting' as const })),
      ...inFolders.map((file) => ({ file, origin: 'folder' as const })),
    ];
    const keys = await readPublicKeyFiles(keySources.map((source) => source.file));
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Validating log integrity', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        let reported = 0;
        const pacer = new ProgressPacer();
        try {
          return await verifyIntegrity(paths, {
            publicKeys: keys,
            notLogs: keySources.map((source) => source.file),
            signal: abort.signal,
            onProgress: ({ filesDone, filesTotal }) => {
              if (!pacer.due(filesDone === filesTotal)) return;
              const share = filesTotal === 0 ? 0 : (100 * filesDone) / filesTotal;
              progress.report({
                message: `${formatCount(filesDone)} of ${formatCount(filesTotal)} files`,
                increment: share - reported,
              });
              reported = share;
            },
          });
        } catch (error) {
          if (abort.signal.aborted) return undefined;
          throw error;
        } finally {
          cancel.dispose();
        }
      },
    );
    if (result === undefined) {
      this.output.info(`Log integrity validation of ${paths.join(', ')} cancelled.`);
      return undefined;
    }
    // The engine takes every .json file of a folder for a log; a key file read as keys is not one.
    const run: IntegrityRun = { paths, result, keySources, keyProblems: keys.problems };
    this.record(run);
    return run;
  }

  private record(run: IntegrityRun): void {
    const { result } = run;
    this.lastRun = run;
    this.verdicts = new Map<string, FileVerdict>([
      ...result.digests.map((verdict): [string, FileVerdict] => [verdict.file, { kind: 'digest', verdict }]),
      ...result.logs.map((verdict): [string, FileVerdict] => [verdict.file, { kind: 'log', verdict }]),
    ]);
    const summary = integritySummary(result);
    this.output.info(`Log integrity of ${run.paths.join(', ')}: ${summary}.`);
    if (run.keySources.length === 0) this.output.warn('No public keys (setting cloudtrailLens.publicKeyFiles): digest signatures were not checked.');
    for (const source of run.keySources.filter((key) => key.origin === 'folder'))
      this.output.warn(`Public keys read from ${source.file}, found in the validated folder: they prove only as much as the folder's source.`);
    for (const verdict of [...result.logs, ...result.digests].filter((candidate) => candidate.status !== 'valid'))
      this.output.warn(`${verdict.file}: ${verdict.status}: ${verdict.reasons.join('; ')}`);
    for (const missing of result.missing) this.output.warn(`Missing: ${missing.reason}`);
    for (const gap of result.gaps) this.output.warn(`Gap: ${gap.reason}`);
    for (const problem of [...run.keyProblems, ...result.problems]) this.output.warn(problem);
    void vscode.commands.executeCommand('setContext', 'cloudtrailLens.integrityValidated', true);
    if (isAllValid(result)) void vscode.window.showInformationMessage(`Log integrity: ${summary}.`);
    else void vscode.window.showWarningMessage(`Log integrity: ${summary}. See the Integrity view.`);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}

const TONE_COLOURS: Readonly<Record<NonNullable<IntegrityTreeNode['tone']>, vscode.ThemeColor>> = {
  error: new vscode.ThemeColor('list.errorForeground'),
  warning: new vscode.ThemeColor('list.warningForeground'),
};

/** The Integrity view of the CloudTrail container. */
export class IntegrityTree implements vscode.TreeDataProvider<IntegrityTreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.emitter.event;
  readonly view: vscode.TreeView<IntegrityTreeNode>;
  private roots: IntegrityTreeNode[] = [];
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  constructor(private readonly integrity: LogIntegrity) {
    this.view = vscode.window.createTreeView('cloudtrailLens.integrity', { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      integrity.onDidChange(() => this.refresh()),
    );
    void vscode.commands.executeCommand('setContext', 'cloudtrailLens.integrityValidated', false);
  }

  /** The top-level rows (the in-host tests read them). */
  get rows(): IntegrityTreeNode[] {
    return this.roots;
  }

  private refresh(): void {
    const run = this.integrity.last;
    if (run === undefined) return;
    this.roots = integrityTree({ result: run.result, keySources: run.keySources, keyProblems: run.keyProblems, label: fileLabel });
    this.view.description = integritySummary(run.result);
    const problems = run.result.logs.filter((verdict) => verdict.status === 'modified').length + run.result.missing.length;
    this.view.badge = problems > 0 ? { value: problems, tooltip: `${problems} modified or missing file(s)` } : undefined;
    this.emitter.fire();
  }

  getChildren(node?: IntegrityTreeNode): IntegrityTreeNode[] {
    return node === undefined ? this.roots : node.children;
  }

  getTreeItem(node: IntegrityTreeNode): vscode.TreeItem {
    const state =
      node.children.length === 0
        ? vscode.TreeItemCollapsibleState.None
        : node.expanded
          ? vscode.TreeItemCollapsibleState.Expanded
          : vscode.TreeItemCollapsibleState.Collapsed;
    const item = new vscode.TreeItem(node.label, state);
    item.description = node.description;
    item.tooltip = node.tooltip;
    item.iconPath = new vscode.ThemeIcon(node.icon, node.tone === null ? undefined : TONE_COLOURS[node.tone]);
    if (node.file !== undefined) {
      item.resourceUri = uriOfFileKey(node.file);
      item.command = { command: 'vscode.open', title: 'Open File', arguments: [documentUriOfFileKey(node.file)] };
    }
    return item;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** What to validate when the palette runs the command: the loaded logs' folders, or a folder the user picks. */
async function askForPaths(logs: LogSet): Promise<string[] | undefined> {
  const onDisk = logs.files.filter((file) => path.isAbsolute(file));
  const loaded = integrityFoldersOf(onDisk, existsSync);
  const pick = 'Choose a folder…';
  const choice =
    loaded.length === 0
      ? pick
      : (
          await vscode.window.showQuickPick(
            [
              { label: 'The folders of the loaded logs', description: `${loaded.length} folder(s)`, detail: loaded.map(fileLabel).join(', ') },
              { label: pick, description: 'logs and digests in the delivery layout (CloudTrail/, CloudTrail-Digest/)' },
            ],
            { title: 'Validate Log Integrity', placeHolder: 'What to validate against the CloudTrail digest files' },
          )
        )?.label;
  if (choice === undefined) return undefined;
  if (choice !== pick) return loaded;
  const uris = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    canSelectMany: true,
    openLabel: 'Validate',
    title: 'Validate a CloudTrail delivery folder (log files and digest files)',
  });
  return uris?.filter((uri) => uri.scheme === 'file').map((uri) => uri.fsPath);
}

/** cloudtrailLens.validateIntegrity: from the explorer with a folder (or several), else asks. Resolves to the run. */
export function registerIntegrityCommand(integrity: LogIntegrity, logs: LogSet): vscode.Disposable {
  return vscode.commands.registerCommand('cloudtrailLens.validateIntegrity', async (uri?: vscode.Uri, selected?: vscode.Uri[]) => {
    const given = (selected?.length ? selected : uri instanceof vscode.Uri ? [uri] : []).filter((candidate) => candidate.scheme === 'file');
    const paths = given.length > 0 ? given.map((candidate) => candidate.fsPath) : await askForPaths(logs);
    if (!paths?.length) return undefined;
    return integrity.validate(paths);
  });
}
