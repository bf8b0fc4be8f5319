/**
 * The self-contained HTML report: the viewer bundle, its stylesheet and the profile inlined into
 * one file that opens offline (no network, strict Content Security Policy with a nonce).
 *
 * The profile is inlined as its shell (`#nki-profile`, the profile with `"events":[]` and the
 * event count in `data-events`) followed by the events packed in columns (`packedChunks.ts`), one
 * `<script type="application/json" class="nki-events">` per chunk: no string, here or in the
 * page, holds the whole profile, so reports of millions of events work, and the viewer fills
 * typed arrays chunk by chunk instead of parsing and copying millions of objects.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { eventCount } from './eventStore';
import { packedEventChunks } from './packedChunks';
import { packEvents, profileShell } from './packedEvents';
import type { Profile } from './schema';

export interface ViewerAssets { script: string; css: string }

export interface ReportOptions {
  /** Events per inlined chunk (tests use small chunks to get many). */
  eventsPerChunk?: number;
}

/** Reads the built viewer from dist/webview (next to the bundle at run time). */
export function loadViewerAssets(distDir: string): ViewerAssets {
  return {
    script: readFileSync(join(distDir, 'webview/viewer.js'), 'utf8'),
    css: readFileSync(join(distDir, 'webview/viewer.css'), 'utf8'),
  };
}

/** JSON inside <script> must not be able to close the element early. */
function scriptSafe(json: string): string {
  return json.replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The report's text in pieces (each well under V8's string limit), for a file writer. */
export function* reportHtmlChunks(profile: Profile, assets: ViewerAssets, opts: ReportOptions = {}): Generator<string> {
  const nonce = randomBytes(16).toString('base64');
  yield `<!DOCTYPE html>
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
<script type="application/json" id="nki-profile" data-events="${eventCount(profile)}">${scriptSafe(JSON.stringify(profileShell(profile)))}</script>
`;
  for (const chunk of packedEventChunks(packEvents(profile), opts.eventsPerChunk)) {
    yield `<script type="application/json" class="nki-events" data-for="nki-profile">${scriptSafe(chunk)}</script>\n`;
  }
  yield `<script nonce="${nonce}">${assets.script.replace(/<\/script/gi, '<\\/script')}</script>
</body>
</html>
`;
}

/** The whole report as one string: for small profiles (tests); files are written with `writeReportHtml`. */
export function renderReportHtml(profile: Profile, assets: ViewerAssets, opts: ReportOptions = {}): string {
  return [...reportHtmlChunks(profile, assets, opts)].join('');
}

/** Writes the report to `path` chunk by chunk; returns the bytes written. */
export function writeReportHtml(path: string, profile: Profile, assets: ViewerAssets, opts: ReportOptions = {}): number {
  const fd = openSync(path, 'w');
  let bytes = 0;
  try {
    for (const chunk of reportHtmlChunks(profile, assets, opts)) bytes += writeSync(fd, chunk);
  } finally {
    closeSync(fd);
  }
  return bytes;
}
