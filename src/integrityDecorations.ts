// File decorations of validated log and digest files: a badge (✓ valid, M modified, ? not covered…) and, for a
// file shown changed or unreadable, a theme colour. They apply wherever VS Code shows a file's URI: the explorer,
// editor tabs, and tree rows with a resourceUri (the Events and Integrity views).
import * as vscode from 'vscode';
import type { LogIntegrity } from './integrityView';
import { fileKeyOf } from './logUris';
import { integrityDecoration, type IntegrityTone } from './view/integrityTree';

const TONE_COLOURS: Readonly<Record<NonNullable<IntegrityTone>, vscode.ThemeColor>> = {
  error: new vscode.ThemeColor('gitDecoration.deletedResourceForeground'),
  warning: new vscode.ThemeColor('list.warningForeground'),
};

export class IntegrityDecorations implements vscode.FileDecorationProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<undefined>();
  readonly onDidChangeFileDecorations = this.changed.event;
  private readonly disposables: vscode.Disposable[];

  constructor(private readonly integrity: LogIntegrity) {
    this.disposables = [this.changed, vscode.window.registerFileDecorationProvider(this), integrity.onDidChange(() => this.changed.fire(undefined))];
  }

  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    const found = this.integrity.verdictOf(fileKeyOf(uri));
    if (found === undefined) return undefined;
    const looks = integrityDecoration(found.verdict, found.kind);
    const decoration = new vscode.FileDecoration(looks.badge, looks.tooltip, looks.tone === null ? undefined : TONE_COLOURS[looks.tone]);
    decoration.propagate = false;
    return decoration;
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }
}
