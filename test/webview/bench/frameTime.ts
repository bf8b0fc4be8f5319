/**
 * Frame-time benchmark of the profile viewer (a script, not a test): loads a profile into the
 * standalone report in Chromium, then zooms and pans for a few seconds (held W/S/A/D keys, wheel
 * zoom and drag, as a user would) and reports the median and 95th percentile of the time between
 * animation frames (and fps), and of the viewer's own work per frame. The profile is either a
 * synthetic one of N instructions (default 1,000,000, built in the page and posted packed, as the
 * extension posts profiles) or a profile JSON file
 * (e.g. from `nki-studio profile ... --out FILE`), inlined into the report as `--html` does, or
 * an existing report (`--report FILE`, e.g. from `nki-studio profile ... --html FILE`).
 *
 *   node scripts/build.mjs --tests && node out/test/webview/bench/frameTime.js [EVENTS | --profile FILE | --report FILE] [--seconds S]
 */
import { buildSync } from 'esbuild';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../helpers/browser';
import { repoRoot } from '../../helpers/lspClient';
import { loadViewerAssets, renderReportHtml, writeReportHtml } from '../../../simulator/src/profile/htmlReport';
import { syntheticProfile } from '../../fixtures/profiles/generate';
import { isProfile, type Profile } from '../../../simulator/src/profile/schema';

interface PageGlobals {
  __nkiFrameWorkMs?: number[];
  NkiFixtures: { syntheticProfile(n: number): unknown; packProfile(p: unknown): { events: Record<string, unknown> } };
  postMessage(m: unknown, origin: string, transfer?: unknown[]): void;
}
declare const window: PageGlobals & { requestAnimationFrame(cb: (t: number) => void): number; performance: { now(): number; memory?: { usedJSHeapSize: number } } };
declare const document: { querySelector(s: string): { textContent: string | null } | null; dispatchEvent(e: unknown): boolean };
declare class KeyboardEvent { constructor(type: string, init: object) }
declare class MouseEvent { constructor(type: string, init: object) }
declare class WheelEvent { constructor(type: string, init: object) }
interface EventTarget { dispatchEvent(e: unknown): boolean }
type Window = unknown;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : NaN;
}

interface Options { events: number; profilePath?: string; reportPath?: string; seconds: number }

function parseArgs(argv: string[]): Options {
  const opts: Options = { events: 1_000_000, seconds: 8 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--profile') opts.profilePath = argv[++i];
    else if (a === '--report') opts.reportPath = argv[++i];
    else if (a === '--seconds') opts.seconds = Number(argv[++i]);
    else if (/^\d+$/.test(a)) opts.events = Number(a);
    else throw new Error(`unknown argument '${a}'; usage: frameTime.js [EVENTS | --profile FILE | --report FILE] [--seconds S]`);
  }
  if (opts.profilePath === undefined && argv.includes('--profile')) throw new Error('--profile needs a file');
  if (!(opts.seconds > 0)) throw new Error('--seconds needs a positive number');
  return opts;
}

function readProfile(path: string): Profile {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${path}: ${(err as Error).message}`);
  }
  if (!isProfile(value)) throw new Error(`${path} is not an NKI Studio profile`);
  return value;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const dir = mkdtempSync(join(tmpdir(), 'nki-bench-'));
  const assets = loadViewerAssets(join(repoRoot, 'dist'));
  const file = join(dir, 'report.html');
  const browser = await launchChromium();
  try {
    if (opts.reportPath) {
      await drive(browser, opts.reportPath, { kind: 'report', htmlBytes: statSync(opts.reportPath).size }, opts.seconds);
    } else if (opts.profilePath) {
      const profile = readProfile(opts.profilePath);
      writeReportHtml(file, profile, assets);
      await drive(browser, file, { kind: 'file', profile, htmlBytes: statSync(file).size }, opts.seconds);
    } else {
      // The fixture generator, bundled for the page so the million events are built there.
      const fixtures = join(dir, 'fixtures.js');
      buildSync({
        stdin: { contents: "export { syntheticProfile } from './test/fixtures/profiles/generate';\nexport { packProfile } from './simulator/src/profile/packedEvents';", resolveDir: repoRoot, loader: 'ts' },
        bundle: true, format: 'iife', globalName: 'NkiFixtures', outfile: fixtures, logLevel: 'silent',
      });
      writeFileSync(file, renderReportHtml(syntheticProfile(100), assets));
      await drive(browser, file, { kind: 'synthetic', fixtures, events: opts.events }, opts.seconds);
    }
  } finally {
    await browser.close();
  }
}

type Source = { kind: 'synthetic'; fixtures: string; events: number } | { kind: 'file'; profile: Profile; htmlBytes: number } | { kind: 'report'; htmlBytes: number };

async function drive(browser: Browser, file: string, source: Source, seconds: number): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  const t0 = Date.now();
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('.nki-row-label');
  await page.evaluate(() => new Promise((r) => window.requestAnimationFrame(r)));
  const fmt = (x: number) => x.toFixed(2);
  if (source.kind === 'report') {
    const shown = await page.$$eval('.nki-legend-item', (els) => els.reduce((a, e) => a + Number((e.textContent ?? '').replace(/\D/g, '')), 0));
    console.log(`report: ${await page.title()}: ${shown.toLocaleString('en-US')} events; ${fmt(source.htmlBytes / 2 ** 20)} MiB; open + read + index + first frame ${Date.now() - t0} ms`);
  } else if (source.kind === 'file') {
    const p = source.profile;
    const heapMB = await page.evaluate(() => (window.performance.memory?.usedJSHeapSize ?? 0) / 2 ** 20);
    console.log(`profile: ${p.kernel} (${p.target}, ${p.inputs.map((i) => `${i.name} ${i.dtype}[${i.shape.join(',')}]`).join(', ')}): ${p.events.length.toLocaleString('en-US')} events, `
      + `${fmt(p.summary.totalNs / 1e6)} ms modelled; report ${fmt(source.htmlBytes / 2 ** 20)} MiB; open + parse + index + first frame ${Date.now() - t0} ms; JS heap ${fmt(heapMB)} MB`);
  } else {
    await page.evaluate(`${readFileSync(source.fixtures, 'utf8')}\nglobalThis.NkiFixtures = NkiFixtures;`);
    const load = await loadSynthetic(page, source.events);
    console.log(`profile: ${source.events.toLocaleString('en-US')} synthetic events; generated in page ${fmt(load.generateMs)} ms; pack + post + unpack + index + first frame ${fmt(load.loadAndFirstFrameMs)} ms; JS heap ${fmt(load.heapMB)} MB`);
  }
  await measure(page, seconds);
}

async function loadSynthetic(page: Page, events: number): Promise<{ generateMs: number; loadAndFirstFrameMs: number; heapMB: number }> {
  return page.evaluate(async (n) => {
    const t0 = performance.now();
    const profile = window.NkiFixtures.syntheticProfile(n);
    const t1 = performance.now();
    // Packed, as the extension sends profiles (see loadTime.js for the plain message).
    const packed = window.NkiFixtures.packProfile(profile);
    window.postMessage({ type: 'load', packed }, '*', Object.values(packed.events).filter((v): v is { buffer: unknown } => ArrayBuffer.isView(v)).map((v) => v.buffer));
    await new Promise<void>((resolve) => {
      const check = () => (document.querySelector('.nki-title')?.textContent?.includes(`synthetic_${n}`) ? resolve() : window.requestAnimationFrame(check));
      check();
    });
    await new Promise((r) => window.requestAnimationFrame(r));
    return { generateMs: t1 - t0, loadAndFirstFrameMs: performance.now() - t1, heapMB: (window.performance.memory?.usedJSHeapSize ?? 0) / 2 ** 20 };
  }, events);
}

async function measure(page: Page, seconds: number): Promise<void> {
  // Drive the view from inside the page, one step per animation frame, so no test-harness traffic
  // competes with it: held W, D, S, A (the keyboard animation), wheel zoom out, then a drag.
  const box = (await page.locator('.nki-plot').boundingBox())!;
  const started = Date.now();
  const { frames, phaseOf, work } = await page.evaluate(async ({ seconds: secs, x, y, w }) => {
    const plot = document.querySelector('.nki-plot') as unknown as EventTarget;
    const phases = ['w', 'd', 'wheel', 'drag', 's', 'a'];
    const phaseMs = (secs * 1000) / phases.length;
    const key = (type: string, k: string) => document.dispatchEvent(new KeyboardEvent(type, { key: k, bubbles: true }));
    const mouse = (target: EventTarget, type: string, cx: number) => target.dispatchEvent(new MouseEvent(type, { clientX: cx, clientY: y, button: 0, buttons: type === 'mouseup' ? 0 : 1, bubbles: true, cancelable: true, view: window as unknown as Window }));
    window.__nkiFrameWorkMs = [];
    const frames: number[] = [];
    const phaseOf: string[] = [];
    await new Promise<void>((resolve) => {
      let t0 = -1;
      let current = -1;
      const tick = (t: number) => {
        if (t0 < 0) t0 = t;
        frames.push(t);
        const i = Math.floor((t - t0) / phaseMs);
        if (i !== current) {
          const prev = phases[current];
          if (prev && prev.length === 1) key('keyup', prev);
          if (prev === 'drag') mouse(window as unknown as EventTarget, 'mouseup', x);
          current = i;
          const next = phases[i];
          if (next === undefined) { resolve(); return; }
          if (next.length === 1) key('keydown', next);
          if (next === 'drag') mouse(plot, 'mousedown', x + w * 0.4);
        }
        const phase = phases[current];
        phaseOf.push(phase!);
        if (phase === 'wheel') plot.dispatchEvent(new WheelEvent('wheel', { deltaY: 30, clientX: x + w * 0.4, clientY: y, bubbles: true, cancelable: true }));
        if (phase === 'drag') mouse(window as unknown as EventTarget, 'mousemove', x + w * (0.4 + 0.3 * Math.sin(frames.length / 10)));
        window.requestAnimationFrame(tick);
      };
      window.requestAnimationFrame(tick);
    });
    return { frames, phaseOf, work: window.__nkiFrameWorkMs ?? [] };
  }, { seconds, x: box.x, y: box.y + 40, w: box.width });
  const drivenMs = Date.now() - started;
  const intervals = frames.slice(1).map((t, i) => t - frames[i]!);
  const busy = work.filter((w) => w > 0.05);
  const fmt = (x: number) => x.toFixed(2);
  console.log(`drove zoom/pan for ${(drivenMs / 1000).toFixed(1)} s: ${intervals.length} frames (${fmt(intervals.length / (drivenMs / 1000))} fps)`);
  console.log(`frame interval: median ${fmt(percentile(intervals, 0.5))} ms, p95 ${fmt(percentile(intervals, 0.95))} ms, max ${fmt(Math.max(...intervals))} ms`);
  const byPhase = new Map<string, number[]>();
  intervals.forEach((d, i) => { const ph = phaseOf[i + 1] ?? 'end'; byPhase.set(ph, [...(byPhase.get(ph) ?? []), d]); });
  console.log(`  by phase: ${[...byPhase].map(([ph, ds]) => `${ph} median ${fmt(percentile(ds, 0.5))} / p95 ${fmt(percentile(ds, 0.95))} ms`).join('; ')}`);
  console.log(`viewer work per redrawn frame: median ${fmt(percentile(busy, 0.5))} ms, p95 ${fmt(percentile(busy, 0.95))} ms, max ${fmt(Math.max(...busy))} ms over ${busy.length} frames`);
}

main().catch((err: unknown) => { console.error(err); process.exitCode = 1; });
