// "Open Pretty View" for a plain `.json` CloudTrail log written the way CloudTrail delivers it, as one minified line:
// a CodeLens on its first line, the command cloudtrailLens.openPrettyView and, through the context key
// cloudtrailLens.prettyViewLogs, an editor title button open the read-only, pretty-printed view `.json.gz` logs
// open in (src/gzLogProvider.ts), where hovers and Reveal in Log work. The user's file is never rewritten.
// Which documents are offered the view is the rule of src/view/prettyViewOffer.ts.
import * as vscode from 'vscode';
import { LOG_VIEW_SCHEME, originalOfLogView } from './logUris';
import { HEAD_CHARS, LINES_LOOKED_AT, offersPrettyView } from './view/prettyViewOffer';

export const OPEN_PRETTY_VIEW_COMMAND = 'cloudtrailLens.openPrettyView';
/** The URIs of the open documents offered the view, for `resource in cloudtrailLens.prettyViewLogs` in menus. */
const OFFERED_CONTEXT_KEY = 'cloudtrailLens.prettyViewLogs';

/** Opens the pretty view of a log (gzLogProvider's openLogView, passed in so the two files do not import each other). */
export type OpenLogView = (original: vscode.Uri, options: vscode.TextDocumentShowOptions) => Promise<vscode.TextEditor>;

/** Whether a document is offered the view, from its start only (a large log is never read whole for this). */
function isOffered(document: vscode.TextDocument): boolean {
  if (document.uri.scheme === LOG_VIEW_SCHEME) return false;
  const lineLengths = Array.from({ length: Math.min(document.lineCount, LINES_LOOKED_AT) }, (_, line) => document.lineAt(line).range.end.character);
  const head = document.getText(new vscode.Range(new vscode.Position(0, 0), document.positionAt(HEAD_CHARS)));
  return offersPrettyView({ path: document.uri.path, lineCount: document.lineCount, head, lineLengths });
}

class PrettyViewOffers implements vscode.CodeLensProvider, vscode.Disposable {
  /** The answer per document URI and version, so neither the lenses nor the context key look at a text twice. */
  private readonly answers = new Map<string, { version: number; offered: boolean }>();
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument(() => this.publish()),
      vscode.workspace.onDidSaveTextDocument(() => this.publish()),
      vscode.workspace.onDidCloseTextDocument((document) => {
        this.answers.delete(document.uri.toString());
        this.publish();
      }),
    ];
    this.publish();
  }

  offered(document: vscode.TextDocument): boolean {
    const key = document.uri.toString();
    const known = this.answers.get(key);
    if (known?.version === document.version) return known.offered;
    const offered = isOffered(document);
    this.answers.set(key, { version: document.version, offered });
    return offered;
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.offered(document)) return [];
    return [
      new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
        title: 'Open Pretty View',
        tooltip: 'Open this log laid out, read-only, with hovers on its fields (the file itself is not changed)',
        command: OPEN_PRETTY_VIEW_COMMAND,
        arguments: [document.uri],
      }),
    ];
  }

  private publish(): void {
    const offered = vscode.workspace.textDocuments.filter((document) => this.offered(document)).map((document) => document.uri.toString());
    void vscode.commands.executeCommand('setContext', OFFERED_CONTEXT_KEY, offered);
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.answers.clear();
  }
}

/** The CodeLens, the context key and the command; `open` shows a log's pretty view. */
export function registerPrettyViewOffer(open: OpenLogView): vscode.Disposable {
  const offers = new PrettyViewOffers();
  return vscode.Disposable.from(
    offers,
    vscode.languages.registerCodeLensProvider({ language: 'json' }, offers),
    // From the lens or the editor title the log's URI comes as the argument; from the palette, the active editor's.
    vscode.commands.registerCommand(OPEN_PRETTY_VIEW_COMMAND, async (uri?: vscode.Uri) => {
      const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
      if (target === undefined) return undefined;
      const original = target.scheme === LOG_VIEW_SCHEME ? originalOfLogView(target) : target;
      return open(original, { viewColumn: vscode.ViewColumn.Active, preview: false });
    }),
  );
}
