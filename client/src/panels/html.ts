/**
 * The webview document for the profile viewer: the bundled viewer script and stylesheet from
 * dist/webview, loaded through asWebviewUri under a strict Content Security Policy with a
 * per-load nonce. No remote resources, no inline script other than the nonce'd bundle.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** Options every viewer webview gets: scripts on, resources only from the extension's dist/webview. */
export function viewerOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')] };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The viewer page; with `problem`, a page that only states it (no script runs). */
export function viewerHtml(webview: vscode.Webview, extensionUri: vscode.Uri, problem?: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name));
  const body = problem === undefined
    ? `<div id="nki-viewer"></div>\n<script nonce="${nonce}" src="${asset('viewer.js')}"></script>`
    : `<div id="nki-viewer"><p class="nki-empty" role="alert">${escapeHtml(problem)}</p></div>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${webview.cspSource} data:; style-src ${webview.cspSource}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${asset('viewer.css')}">
<title>NKI profile</title>
</head>
<body>
${body}
</body>
</html>
`;
}
