// The configured trails: files named by the setting `cloudtrailLens.trailConfigurations` (workspace-relative)
// plus every `*.trail.json` / `*.trail.jsonc` in the workspace and the `<trail>.status.json` beside one. Files are read through VS Code's file system (so
// virtual workspaces work; the core's loadTrailConfigurationFiles reads the local disk), merged by trail ARN as the
// CLI does (a describe-trails file and a get-event-selectors file of one trail are one trail), re-read when they
// change, and a broken file is reported with its line in the log and in the Problems panel. Listeners (the open
// detail panel) re-render on every change.
import * as vscode from 'vscode';
import { combineTrailFiles, parseTrailConfigurations, type ConfigError, type ParsedTrailFile, type TrailConfig } from './core';

const TRAIL_FILE_GLOB = '**/*.{trail.json,trail.jsonc,status.json}';
const STATUS_FILE_SUFFIX = '.status.json';

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
    const parsed: ParsedTrailFile[] = [];
    const uriByLabel = new Map<string, vscode.Uri>();
    for (const uri of uris) {
      const label = vscode.workspace.asRelativePath(uri);
      uriByLabel.set(label, uri);
      let text: string;
      try {
        text = Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
      } catch {
        parsed.push({
          trails: [],
          statuses: [],
          errors: [{ file: label, line: 1, column: 1, message: 'The trail configuration file cannot be read.' }],
        });
        continue;
      }
      const file = parseTrailConfigurations(text, label);
      parsed.push(file);
      this.output.info(
        `Trail configuration ${label}: ${file.trails.length} trail(s)${file.statuses.length > 0 ? ', a get-trail-status output' : ''}`,
      );
    }
    const { trails, errors } = combineTrailFiles(parsed);
    this.showProblems(errors, uriByLabel);
    this.merged = trails;
    this.readUris = new Set(uris.map((uri) => uri.toString()));
    this.changed.fire();
  }

  /** Each problem in the log, in the Problems panel at its line, and as a line for the detail panel. */
  private showProblems(errors: ConfigError[], uriByLabel: ReadonlyMap<string, vscode.Uri>): void {
    this.problems.clear();
    this.problemsByFile = new Map();
    const byUri = new Map<vscode.Uri, vscode.Diagnostic[]>();
    for (const error of errors) {
      const uri = uriByLabel.get(error.file);
      if (uri === undefined) continue;
      const key = uri.toString();
      this.problemsByFile.set(key, [...(this.problemsByFile.get(key) ?? []), `${error.file}:${error.line}:${error.column}: ${error.message}`]);
      const position = new vscode.Position(Math.max(0, error.line - 1), Math.max(0, error.column - 1));
      const diagnostic = new vscode.Diagnostic(new vscode.Range(position, position.translate(0, 1)), error.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'CloudTrail Lens';
      byUri.set(uri, [...(byUri.get(uri) ?? []), diagnostic]);
      this.output.error(`Trail configuration ${error.file}, line ${error.line}, column ${error.column}: ${error.message}`);
    }
    for (const [uri, diagnostics] of byUri) this.problems.set(uri, diagnostics);
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** The files named by the setting (resolved against each workspace folder) and the `*.trail.json(c)` files. */
async function configuredUris(): Promise<vscode.Uri[]> {
  const found = new Map<string, vscode.Uri>();
  const globbed = await vscode.workspace.findFiles(TRAIL_FILE_GLOB, '**/node_modules/**');
  const trailStems = new Set(globbed.map((uri) => uri.path.replace(/\.trail\.jsonc?$/, '')));
  // A *.status.json is only taken beside its <trail>.trail.json: the name alone is too common to claim.
  for (const uri of globbed) {
    if (!uri.path.endsWith(STATUS_FILE_SUFFIX) || trailStems.has(uri.path.slice(0, -STATUS_FILE_SUFFIX.length))) found.set(uri.toString(), uri);
  }
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
