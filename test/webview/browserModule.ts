/**
 * Loads a pure browser-side module (no DOM use at import time) into Node for unit tests: the
 * webview sources are not transpiled into out/, so they are bundled on the fly with esbuild.
 */
import { buildSync } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/lspClient';

export function loadBrowserModule<T>(relativePath: string): T {
  const outfile = join(mkdtempSync(join(tmpdir(), 'nki-webview-module-')), 'module.js');
  buildSync({ entryPoints: [join(repoRoot, relativePath)], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent' });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(outfile) as T;
}
