// How files of the event store map to VS Code URIs. The store names a file by its path on disk (or, for files of a
// virtual workspace, by its URI string). A `.json.gz` log is viewed as pretty-printed text under the
// `cloudtrail-log` scheme at the same path; a non-file original travels in the query. A plain `.json` log is viewed
// there too once the reader opened its pretty view (Open Pretty View, for logs written as one minified line).
import * as vscode from 'vscode';

export const LOG_VIEW_SCHEME = 'cloudtrail-log';

export function fileKeyOf(uri: vscode.Uri): string {
  if (uri.scheme === LOG_VIEW_SCHEME) return fileKeyOf(originalOfLogView(uri));
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

export function uriOfFileKey(file: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]+:\/\//i.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

export function isGzipName(file: string): boolean {
  return /\.gz$/i.test(file);
}

/** The read-only pretty-printed view of a log. */
export function logViewOf(original: vscode.Uri): vscode.Uri {
  return vscode.Uri.from({ scheme: LOG_VIEW_SCHEME, path: original.path, query: original.scheme === 'file' ? '' : original.toString() });
}

export function originalOfLogView(view: vscode.Uri): vscode.Uri {
  return view.query ? vscode.Uri.parse(view.query) : vscode.Uri.file(view.path);
}

/** Whether a document is open in an editor tab. */
function isOpenInTab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some((tab) => tab.input instanceof vscode.TabInputText && tab.input.uri.toString() === key),
  );
}

/**
 * The URI a reader opens to see the log of a store file: the pretty view of a gzip log, or of a plain log whose
 * pretty view the reader has open (they chose it over the one-line file), else the file itself. Records are found
 * by their index in whichever text is shown, so Reveal in Log lands on the same record in both.
 */
export function documentUriOfFileKey(file: string): vscode.Uri {
  const uri = uriOfFileKey(file);
  const view = logViewOf(uri);
  return isGzipName(file) || isOpenInTab(view) ? view : uri;
}

/** A short name for a store file: its path relative to the workspace when inside it. */
export function fileLabel(file: string): string {
  return vscode.workspace.asRelativePath(uriOfFileKey(file), false);
}
