// The one HTML shell of the extension's webviews: a strict Content-Security-Policy (scripts only by a fresh nonce,
// styles and fonts only from the extension, no network, no forms, no base), local stylesheets, one module script.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export interface WebviewPage {
  title: string;
  /** Files of dist/media, in order; an id where a component looks its stylesheet up (vscode-icon finds codicons by id). */
  stylesheets: (string | { file: string; id: string })[];
  /** The module script in dist/media. */
  script: string;
}

/** The folder webviews may load from: the build's media output only. */
export function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'dist', 'media');
}

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: WebviewPage): string {
  const nonce = randomBytes(18).toString('base64');
  const media = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot(extensionUri), file)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    "connect-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  const stylesheets = page.stylesheets
    .map((sheet) => (typeof sheet === 'string' ? { file: sheet, id: undefined } : sheet))
    .map(({ file, id }) => `<link rel="stylesheet" href="${media(file)}"${id ? ` id="${id}"` : ''} nonce="${nonce}">`)
    .join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
${stylesheets}
<title>${page.title}</title>
</head>
<body>
<main id="root"></main>
<script type="module" nonce="${nonce}" src="${media(page.script)}"></script>
</body>
</html>`;
}
