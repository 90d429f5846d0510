// The configured trails: files named by the setting `cloudtrailLens.trailConfigurations` (workspace-relative)
// plus every `*.trail.json` / `*.trail.jsonc` in the workspace. Files are read through VS Code's file system (so
// virtual workspaces work; the core's loadTrailConfigurationFiles reads the local disk), merged by trail ARN as the
// CLI does (a describe-trails file and a get-event-selectors file of one trail are one trail), re-read when they
// change, and a broken file is reported with its line in the log and in the Problems panel. Listeners (the open
// detail panel) re-render on every change.
import * as vscode from 'vscode';
import { mergeByTrailArn, parseTrailConfigurations, type TrailConfig } from './core';

const TRAIL_FILE_GLOB = '**/*.trail.{json,jsonc}';

export class TrailSettings implements vscode.Disposable {
  private merged: TrailConfig[] = [];
  /** URIs of the files read last time, so that saving one of them outside the glob's reach re-reads them. */
  private readUris = new Set<string>();
  private problemsByFile = new Map<string, string[]>();
  private readonly problems = vscode.languages.createDiagnosticCollection('cloudtrailLens.trails');
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [this.problems, this.changed];
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly output: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(TRAIL_FILE_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.reload()),
      watcher.onDidChange(() => this.reload()),
      watcher.onDidDelete(() => this.reload()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('cloudtrailLens.trailConfigurations')) this.reload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.reload()),
      // Files named by the setting may live outside the glob's reach (another extension, no workspace folder).
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (this.readUris.has(document.uri.toString())) this.reload();
      }),
    );
    this.reload();
  }

  /** Every configured trail, in file order, one per trail ARN. Their `file` is the workspace-relative path. */
  get trails(): TrailConfig[] {
    return this.merged;
  }

  /** One line per broken configuration file, for the panel. */
  get problemLines(): string[] {
    return [...this.problemsByFile.values()].flat();
  }

  /** Resolves once the latest reload has finished (the in-host tests use it). */
  whenLoaded(): Promise<void> {
    return this.reloading;
  }

  reload(): void {
    this.reloading = this.reloading
      .then(() => this.readAll())
      .catch((error: unknown) => this.output.error('Could not read trail configurations:', error));
  }

  private async readAll(): Promise<void> {
    const uris = await configuredUris();
    const trails: TrailConfig[] = [];
    const problemsByFile = new Map<string, string[]>();
    this.problems.clear();
    for (const uri of uris) {
      const label = vscode.workspace.asRelativePath(uri);
      let text: string;
      try {
        text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      } catch {
        const message = `${label}: the trail configuration file cannot be read.`;
        this.output.error(message);
        problemsByFile.set(uri.toString(), [message]);
        continue;
      }
      const { trails: found, errors } = parseTrailConfigurations(text, label);
      trails.push(...found);
      if (errors.length > 0) {
        problemsByFile.set(
          uri.toString(),
          errors.map((error) => `${label}:${error.line}:${error.column}: ${error.message}`),
        );
        this.problems.set(
          uri,
          errors.map((error) => {
            const position = new vscode.Position(Math.max(0, error.line - 1), Math.max(0, error.column - 1));
            const diagnostic = new vscode.Diagnostic(
              new vscode.Range(position, position.translate(0, 1)),
              error.message,
              vscode.DiagnosticSeverity.Error,
            );
            diagnostic.source = 'CloudTrail Lens';
            return diagnostic;
          }),
        );
        for (const error of errors) this.output.error(`Trail configuration ${label}, line ${error.line}, column ${error.column}: ${error.message}`);
      }
      this.output.info(`Trail configuration ${label}: ${found.length} trail(s)`);
    }
    this.merged = mergeByTrailArn(trails);
    this.readUris = new Set(uris.map((uri) => uri.toString()));
    this.problemsByFile = problemsByFile;
    this.changed.fire();
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The files named by the setting (resolved against each workspace folder) and the `*.trail.json(c)` files. */
async function configuredUris(): Promise<vscode.Uri[]> {
  const found = new Map<string, vscode.Uri>();
  for (const uri of await vscode.workspace.findFiles(TRAIL_FILE_GLOB, '**/node_modules/**')) found.set(uri.toString(), uri);
  const folders = vscode.workspace.workspaceFolders ?? [];
  for (const folder of folders.length ? folders : [undefined]) {
    const paths = vscode.workspace.getConfiguration('cloudtrailLens', folder?.uri).get<string[]>('trailConfigurations', []);
    for (const path of paths) {
      if (typeof path !== 'string' || path.trim() === '') continue;
      const uri = isAbsolute(path) || !folder ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder.uri, path);
      found.set(uri.toString(), uri);
    }
  }
  return [...found.values()].sort((a, b) => a.toString().localeCompare(b.toString()));
}

function isAbsolute(path: string): boolean {
  return path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(path);
}
