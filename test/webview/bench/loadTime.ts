/**
 * Load-time benchmark of the profile viewer (a script, not a test), on a synthetic profile of N
 * events (default 1,000,000) in Chromium, median of R runs (default 3) of each way in:
 *  - report: `writeReportHtml` writes the self-contained report; time from navigation to the
 *    first frame with the timeline, split by the viewer's User Timing marks (HTML parse until the
 *    script runs; reading the inlined chunks; indexing and first render);
 *  - message, plain: the host posts `{type: 'load', profile}` (structured clone of every event
 *    object), as a webview host does with a whole profile;
 *  - message, packed: the host posts `{type: 'load', packed}` (packProfile, typed arrays
 *    transferred); packing, the host's work, is timed apart.
 * The page builds the message profiles itself (bundled fixture generator, as frameTime.js does),
 * then collects garbage, and times from postMessage to the first frame.
 *
 * `--report FILE` times opening an existing report instead (e.g. from `nki-studio profile --html`).
 *
 *   node scripts/build.mjs --tests && node out/test/webview/bench/loadTime.js [EVENTS] [--runs R] [--only report|plain|packed] [--report FILE]
 */
import { buildSync } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../helpers/browser';
import { repoRoot } from '../../helpers/lspClient';
import { loadViewerAssets, renderReportHtml, writeReportHtml } from '../../../simulator/src/profile/htmlReport';
import { syntheticProfile } from '../../fixtures/profiles/generate';

interface PageGlobals {
  NkiBench: { syntheticProfile(n: number): { kernel: string }; packProfile(p: unknown): { shell: { kernel: string }; events: Record<string, unknown> } };
  postMessage(m: unknown, origin: string, transfer?: unknown[]): void;
  requestAnimationFrame(cb: (t: number) => void): number;
  performance: { now(): number; getEntriesByName(n: string): Array<{ startTime: number }>; memory?: { usedJSHeapSize: number } };
}
declare const window: PageGlobals;
declare const document: { querySelector(s: string): { textContent: string | null } | null };

type Way = 'report' | 'plain' | 'packed';
interface Options { events: number; runs: number; only?: Way; report?: string }

function parseArgs(argv: string[]): Options {
  const opts: Options = { events: 1_000_000, runs: 3 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--runs') opts.runs = Number(argv[++i]);
    else if (a === '--only') opts.only = argv[++i] as Way;
    else if (a === '--report') opts.report = argv[++i];
    else if (/^\d+$/.test(a)) opts.events = Number(a);
    else throw new Error(`unknown argument '${a}'; usage: loadTime.js [EVENTS] [--runs R] [--only report|plain|packed] [--report FILE]`);
  }
  if (!(Number.isInteger(opts.runs) && opts.runs > 0)) throw new Error('--runs needs a positive whole number');
  if (opts.only && !['report', 'plain', 'packed'].includes(opts.only)) throw new Error('--only is one of report, plain, packed');
  return opts;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

const fmt = (ms: number) => `${Math.round(ms).toLocaleString('en-US')} ms`;

function summarise(label: string, runs: Array<Record<string, number>>): void {
  const keys = Object.keys(runs[0]!);
  console.log(`${label}: ${keys.map((k) => `${k} ${fmt(median(runs.map((r) => r[k]!)))}`).join(', ')} (median of ${runs.length}; total per run: ${runs.map((r) => fmt(r.total!)).join(', ')})`);
}

/** Waits until the title names `kernel`, then one more frame (the first frame that shows it). */
async function firstFrameWith(page: Page, kernel: string): Promise<number> {
  return page.evaluate(async (k) => {
    await new Promise<void>((resolve) => {
      const check = () => (document.querySelector('.nki-title')?.textContent?.startsWith(`${k} `) ? resolve() : window.requestAnimationFrame(check));
      check();
    });
    await new Promise((r) => window.requestAnimationFrame(r));
    return window.performance.now();
  }, kernel);
}

async function benchReport(browser: Browser, dir: string, opts: Options): Promise<void> {
  let file: string;
  let label: string;
  if (opts.report) {
    file = opts.report;
    label = `${opts.report} (${(statSync(file).size / 2 ** 20).toFixed(1)} MiB)`;
  } else {
    const t0 = Date.now();
    file = join(dir, 'report.html');
    const bytes = writeReportHtml(file, syntheticProfile(opts.events), loadViewerAssets(join(repoRoot, 'dist')));
    console.log(`report: ${(bytes / 2 ** 20).toFixed(1)} MiB written in ${fmt(Date.now() - t0)} (synthesis included)`);
    label = `${opts.events.toLocaleString('en-US')} events`;
  }
  const runs: Array<Record<string, number>> = [];
  let events = 0;
  for (let r = 0; r < opts.runs; r++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(pathToFileURL(file).href, { timeout: 300_000 });
    // The report's <title> is "<kernel> · NKI Studio profile".
    const end = await firstFrameWith(page, (await page.title()).replace(/ · NKI Studio profile$/, ''));
    const mark = (n: string) => page.evaluate((name) => window.performance.getEntriesByName(name)[0]?.startTime ?? NaN, n);
    const [boot, read, loaded] = [await mark('nki:boot'), await mark('nki:inline-read'), await mark('nki:inline-loaded')];
    // The colour key counts the events drawn.
    events = await page.$$eval('.nki-legend-item', (els) => els.reduce((a, e) => a + Number((e.textContent ?? '').replace(/\D/g, '')), 0));
    runs.push({ 'parse HTML': boot, 'read chunks + unpack': read - boot, 'index + mount': loaded - read, 'first frame': end - loaded, total: end });
    await page.close();
  }
  summarise(`report, ${label}, ${events.toLocaleString('en-US')} events shown, file:// open to first frame`, runs);
}

async function benchMessage(browser: Browser, dir: string, opts: Options, packed: boolean): Promise<void> {
  const bundle = join(dir, 'bench-page.js');
  buildSync({
    stdin: { contents: "export { syntheticProfile } from './test/fixtures/profiles/generate';\nexport { packProfile } from './simulator/src/profile/packedEvents';", resolveDir: repoRoot, loader: 'ts' },
    bundle: true, format: 'iife', globalName: 'NkiBench', outfile: bundle, logLevel: 'silent',
  });
  const file = join(dir, 'empty.html');
  writeFileSync(file, renderReportHtml(syntheticProfile(100), loadViewerAssets(join(repoRoot, 'dist'))));
  const runs: Array<Record<string, number>> = [];
  for (let r = 0; r < opts.runs; r++) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('.nki-row-label');
    await page.evaluate(`${readFileSync(bundle, 'utf8')}\nglobalThis.NkiBench = NkiBench;`);
    const kernel = `${packed ? 'packed' : 'plain'}_${r}`;
    // Build the message (packing is the host's work, timed apart), then collect the generator's
    // garbage, so the timed part is what a webview does with a message from elsewhere.
    const packMs = await page.evaluate(({ n, k, pack }) => {
      const profile = window.NkiBench.syntheticProfile(n);
      profile.kernel = k;
      const t = window.performance.now();
      const g = globalThis as unknown as { benchMessage: unknown };
      g.benchMessage = pack ? { type: 'load', packed: window.NkiBench.packProfile(profile) } : { type: 'load', profile };
      return window.performance.now() - t;
    }, { n: opts.events, k: kernel, pack: packed });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.detach();
    const t0 = await page.evaluate(() => {
      const g = globalThis as unknown as { benchMessage?: { packed?: { events: Record<string, unknown> } } };
      const message = g.benchMessage!;
      delete g.benchMessage;
      const buffers = message.packed ? Object.values(message.packed.events).filter((v): v is { buffer: unknown } => ArrayBuffer.isView(v)).map((v) => v.buffer) : [];
      const t = window.performance.now();
      window.postMessage(message, '*', buffers);
      return t;
    });
    const end = await firstFrameWith(page, kernel);
    const mark = (n: string) => page.evaluate((name) => window.performance.getEntriesByName(name)[0]?.startTime ?? NaN, n);
    const [received, checked, handled] = [await mark('nki:message'), await mark('nki:message-checked'), await mark('nki:message-handled')];
    runs.push({
      ...(packed ? { 'pack (host side, not in total)': packMs } : {}), post: received - t0, 'receive + check': checked - received, [packed ? 'unpack + index' : 'index']: handled - checked,
      'first frame': end - handled, total: end - t0,
    });
    await page.close();
  }
  summarise(`message, ${packed ? 'packed' : 'plain'} profile, ${opts.events.toLocaleString('en-US')} events, post to first frame`, runs);
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'nki-load-bench-'));
  const browser = await launchChromium();
  try {
    if (!opts.only || opts.only === 'report' || opts.report) await benchReport(browser, dir, opts);
    if (opts.report) return;
    if (!opts.only || opts.only === 'plain') await benchMessage(browser, dir, opts, false);
    if (!opts.only || opts.only === 'packed') await benchMessage(browser, dir, opts, true);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => { console.error(err); process.exitCode = 1; });
