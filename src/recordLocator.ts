// Where records are in an editor's text. Ranges come from the core's recordRanges over the document's own text (a
// gz view's pretty text has other offsets than the file) and are cached per document version, so hovers and
// reveals never re-scan a file that did not change.
import * as vscode from 'vscode';
import { locateAtOffset, recordRanges, type RecordRanges } from './core';

interface CachedText {
  version: number;
  text: string;
  ranges: RecordRanges;
}

export class RecordLocator implements vscode.Disposable {
  private readonly cache = new Map<string, CachedText>();
  private readonly subscription = vscode.workspace.onDidCloseTextDocument((document) => this.cache.delete(document.uri.toString()));

  private entry(document: vscode.TextDocument): CachedText {
    const key = document.uri.toString();
    const cached = this.cache.get(key);
    if (cached && cached.version === document.version) return cached;
    const text = document.getText();
    const entry = { version: document.version, text, ranges: recordRanges(text) };
    this.cache.set(key, entry);
    return entry;
  }

  /** The record under a position and the path of the JSON field there, with the record's parsed value. */
  locate(document: vscode.TextDocument, position: vscode.Position) {
    const { text, ranges } = this.entry(document);
    const located = locateAtOffset(text, document.offsetAt(position), ranges);
    if (!located) return undefined;
    return { ...located, text };
  }

  /** The range of a record, by its index in the file, in this document's text. */
  recordRange(document: vscode.TextDocument, recordIndex: number): vscode.Range | undefined {
    const { ranges } = this.entry(document);
    if (recordIndex >= ranges.count) return undefined;
    return new vscode.Range(document.positionAt(ranges.starts[recordIndex]), document.positionAt(ranges.ends[recordIndex]));
  }

  dispose(): void {
    this.subscription.dispose();
    this.cache.clear();
  }
}

/** Line and character of a char offset in a text, for files too large to open as a synced document. */
export function positionInText(text: string, offset: number): vscode.Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return new vscode.Position(line, offset - lineStart);
}
