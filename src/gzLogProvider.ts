// `.json.gz` logs, shown in place: a read-only file system on the `cloudtrail-log` scheme serves the decompressed,
// pretty-printed text (no temporary files), and a custom editor for `*.json.gz` turns "open from the explorer"
// into opening that text document, where hovers and Reveal in Log work like in any JSON editor. A plain `.json`
// log written as one minified line is offered the same view (src/prettyViewLens.ts): the file system reads any
// log through the one bytes → text path, gzip or not.
import * as vscode from 'vscode';
import { decodeLogText, readLogText } from './core';
import { maxTextBytesSetting } from './logSet';
import { fileKeyOf, LOG_VIEW_SCHEME, logViewOf, originalOfLogView } from './logUris';
import { registerPrettyViewOffer } from './prettyViewLens';
import { prettyPrintJson } from './view/prettyJson';

const GZ_EDITOR_VIEW_TYPE = 'cloudtrailLens.gzLog';
/** Pretty texts kept in memory: a reader typically flips between a handful of logs. */
const CACHE_SIZE = 4;

class LogViewFileSystem implements vscode.FileSystemProvider {
  /** Pretty texts by view URI, with the original's mtime so a rewritten log is read again. */
  private readonly cache = new Map<string, { mtime: number; bytes: Uint8Array }>();
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  async stat(uri: vscode.Uri): Promise<vscode.FileStat> {
    const original = await vscode.workspace.fs.stat(originalOfLogView(uri));
    const content = await this.content(uri, original.mtime);
    return {
      type: vscode.FileType.File,
      ctime: original.ctime,
      mtime: original.mtime,
      size: content.byteLength,
      permissions: vscode.FilePermission.Readonly,
    };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const original = await vscode.workspace.fs.stat(originalOfLogView(uri));
    return this.content(uri, original.mtime);
  }

  private async content(uri: vscode.Uri, mtime: number): Promise<Uint8Array> {
    const key = uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.mtime === mtime) return cached.bytes;
    const original = originalOfLogView(uri);
    // The same bytes→text path and bound as indexing, so the view shows what was indexed (a truncated gzip up to the cut).
    const bound = maxTextBytesSetting();
    const text =
      original.scheme === 'file'
        ? await readLogText(original.fsPath, bound)
        : await decodeLogText(fileKeyOf(original), await vscode.workspace.fs.readFile(original), bound);
    const bytes = Buffer.from(prettyPrintJson(text), 'utf8');
    this.cache.delete(key);
    this.cache.set(key, { mtime, bytes });
    if (this.cache.size > CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return bytes;
  }

  readDirectory(): [string, vscode.FileType][] {
    throw vscode.FileSystemError.NoPermissions('CloudTrail log views are single files');
  }
  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('CloudTrail log views are read-only');
  }
  writeFile(): void {
    throw vscode.FileSystemError.NoPermissions('CloudTrail log views are read-only');
  }
  delete(): void {
    throw vscode.FileSystemError.NoPermissions('CloudTrail log views are read-only');
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions('CloudTrail log views are read-only');
  }
}

/** Opens the pretty-printed, read-only view of a log (gzip or plain JSON) as a JSON document. */
export async function openLogView(original: vscode.Uri, options: vscode.TextDocumentShowOptions = {}): Promise<vscode.TextEditor> {
  let document = await vscode.workspace.openTextDocument(logViewOf(original));
  if (document.languageId !== 'json') document = await vscode.languages.setTextDocumentLanguage(document, 'json');
  return vscode.window.showTextDocument(document, options);
}

class GzLogEditorProvider implements vscode.CustomReadonlyEditorProvider {
  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    panel.webview.options = { enableScripts: false, enableCommandUris: false, localResourceRoots: [] };
    panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none';"></head><body>Opening the log…</body></html>`;
    const column = panel.viewColumn;
    await openLogView(document.uri, { viewColumn: column, preview: false });
    panel.dispose();
  }
}

export function registerGzLogViews(): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.workspace.registerFileSystemProvider(LOG_VIEW_SCHEME, new LogViewFileSystem(), { isReadonly: true, isCaseSensitive: true }),
    vscode.window.registerCustomEditorProvider(GZ_EDITOR_VIEW_TYPE, new GzLogEditorProvider(), {
      supportsMultipleEditorsPerDocument: true,
    }),
    registerPrettyViewOffer(openLogView),
    // A view restored after a reload comes back as plain text: give it its JSON language again.
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (document.uri.scheme === LOG_VIEW_SCHEME && document.languageId !== 'json') {
        void vscode.languages.setTextDocumentLanguage(document, 'json');
      }
    }),
  );
}
