/**
 * The webview document for the profile viewer: the bundled viewer script and stylesheet from
 * dist/webview, loaded through asWebviewUri under a strict Content Security Policy with a
 * per-load nonce. No remote resources, no inline script other than the nonce'd bundle.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

export function viewerHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', name));
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
<div id="nki-viewer"></div>
<script nonce="${nonce}" src="${asset('viewer.js')}"></script>
</body>
</html>
`;
}
