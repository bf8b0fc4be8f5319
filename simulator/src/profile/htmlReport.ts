/**
 * The self-contained HTML report: the viewer bundle, its stylesheet and the profile inlined into
 * one file that opens offline (no network, strict Content Security Policy with a nonce).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { profileJsonChunks } from './json';
import type { Profile } from './schema';

export interface ViewerAssets { script: string; css: string }

/** Reads the built viewer from dist/webview (next to the bundle at run time). */
export function loadViewerAssets(distDir: string): ViewerAssets {
  return {
    script: readFileSync(join(distDir, 'webview/viewer.js'), 'utf8'),
    css: readFileSync(join(distDir, 'webview/viewer.css'), 'utf8'),
  };
}

/** JSON inside <script> must not be able to close the element early (written in chunks: see json.ts). */
function inlineJson(profile: Profile): string {
  const out: string[] = [];
  for (const chunk of profileJsonChunks(profile)) out.push(chunk.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029'));
  return out.join('');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function renderReportHtml(profile: Profile, assets: ViewerAssets): string {
  const nonce = randomBytes(16).toString('base64');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(profile.kernel)} · NKI Studio profile</title>
<style nonce="${nonce}">${assets.css}</style>
</head>
<body>
<div id="nki-viewer"></div>
<script type="application/json" id="nki-profile" nonce="${nonce}">${inlineJson(profile)}</script>
<script nonce="${nonce}">${assets.script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}
