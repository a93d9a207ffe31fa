/**
 * The HTML page of a webview that runs one bundle from `dist/` (`NAME.js` and
 * `NAME.css`), under a content security policy allowing only that script (by
 * nonce), the extension's styles and inline styles, and with `images`, the
 * extension's images and data: URIs.
 */

import { randomBytes } from "node:crypto";
import * as vscode from "vscode";

export interface PageOptions {
  bundle: string;
  title: string;
  body?: string;
  images?: boolean;
}

export function webviewPage(
  webview: vscode.Webview,
  extensionUri: vscode.Uri,
  { bundle, title, body = "", images = false }: PageOptions,
): string {
  const dist = vscode.Uri.joinPath(extensionUri, "dist");
  const script = webview.asWebviewUri(vscode.Uri.joinPath(dist, `${bundle}.js`));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(dist, `${bundle}.css`));
  const nonce = randomBytes(16).toString("base64");
  const csp = [
    "default-src 'none'",
    ...(images ? [`img-src ${webview.cspSource} data:`] : []),
    `style-src ${webview.cspSource} 'unsafe-inline'`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${css}">
<title>${title}</title>
</head>
<body>
${body}<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}
