/// <reference lib="dom" />
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { tiledMatmulTrace } from '../../simulator/src/perf/bench';
import { simulate } from '../../simulator/src/perf/profile';
import { formatNs } from '../../simulator/src/profile/format';
import { eventStoreOf } from '../../simulator/src/profile/eventStore';
import { loadViewerAssets, writeReportHtml } from '../../simulator/src/profile/htmlReport';
import { profileJsonChunks } from '../../simulator/src/profile/json';
import { launchChromium, screenshotPath } from '../helpers/browser';
import { repoRoot } from '../helpers/lspClient';
import { tiledMatmulProfile } from '../fixtures/profiles/generate';
import type { Profile } from '../../simulator/src/profile/schema';
import { openViewer, settle, type ViewerPage } from './viewerPage';

/** The report's inlined event chunks, as written. */
const CHUNK = /<script type="application\/json" class="nki-events" data-for="nki-profile">.*?<\/script>\n/g;

describe('HTML report with the profile inlined in many chunks, opened from file://', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'nki-chunked-'));
  // A model profile (events in the model's column store, as the CLI writes them): 8 × 4 output
  // tiles of a K = 32·128 matmul, 3136 instructions, in chunks of 250 events.
  const trace = tiledMatmulTrace(8, 4, 32);
  const profile = simulate(trace.instructions, trace.storages, 'trn2');
  const count = profile.events.length;
  const file = join(dir, 'report.html');

  before(async () => {
    assert.ok(eventStoreOf(profile), 'packed straight from the column store');
    writeReportHtml(file, profile, loadViewerAssets(join(repoRoot, 'dist')), { eventsPerChunk: 250 });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 520 }, acceptDownloads: true });
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('.nki-row-label');
  });

  after(async () => browser?.close());

  it('is written in chunks and read back whole, the chunk elements released', async () => {
    const html = readFileSync(file, 'utf8');
    assert.equal(html.match(CHUNK)?.length, Math.ceil(count / 250));
    assert.match(html, new RegExp(`id="nki-profile" data-events="${count}"`));
    assert.equal(await page.locator('script[type="application/json"]').count(), 0);
    assert.equal(await page.textContent('.nki-title'), `${profile.kernel} · trn2 · ${formatNs(profile.summary.totalNs)}`);
  });

  it('draws every event: the colour key counts them all, per kind', async () => {
    const labels = await page.$$eval('.nki-row-label', (els) => els.map((e) => (e as HTMLElement).dataset.track));
    const tracks = new Set(profile.events.map((e) => e.track as string));
    assert.deepEqual(new Set(labels), new Set([...tracks, ...profile.summary.engines.map((e) => e.track as string)]));
    const legend = await page.$$eval('.nki-legend-item', (els) => els.map((e) => [(e as HTMLElement).dataset.kind, e.textContent ?? ''] as const));
    const kinds = new Map<string, number>();
    for (const e of profile.events) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    assert.deepEqual(new Map(legend.map(([k, text]) => [k, Number(text.replace(/\D/g, ''))])), kinds);
    assert.equal(legend.reduce((n, [, text]) => n + Number(text.replace(/\D/g, '')), 0), count);
    await page.screenshot({ path: screenshotPath('webview', 'report-chunked') });
    // Bars on every row that has events.
    const painted = await page.$eval('.nki-bars', (c: HTMLCanvasElement, rows: number) => {
      const g = c.getContext('2d')!;
      const rowPx = 24 * (window.devicePixelRatio || 1);
      return Array.from({ length: rows }, (_, r) => {
        const data = g.getImageData(0, Math.round((r + 0.5) * rowPx), c.width, 1).data;
        let n = 0;
        // Bars are coloured by kind; row stripes and grid lines are grey.
        for (let i = 0; i < data.length; i += 4) if (Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!) > 60) n++;
        return n;
      });
    }, labels.length);
    labels.forEach((t, r) => assert.equal(painted[r]! > 0, tracks.has(t!), `row ${t}: ${painted[r]} coloured pixels`));
  });

  it('holds the same profile: its Profile JSON export equals the model profile JSON', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export=profile-json]')]);
    const exported = readFileSync((await download.path())!, 'utf8');
    assert.equal(exported, [...profileJsonChunks(profile)].join(''));
  });

  it('summarises the instruction count', async () => {
    await page.click('#nki-tab-summary');
    await settle(page);
    assert.ok((await page.textContent('#nki-panel-summary'))?.includes(`${count.toLocaleString('en-US')} instructions`));
    assert.deepEqual(errors, []);
  });

  it('says what is wrong with a report missing a chunk, instead of showing part of it', async () => {
    const html = readFileSync(file, 'utf8');
    let i = 0;
    const broken = join(dir, 'broken.html');
    writeFileSync(broken, html.replace(CHUNK, (m) => (i++ === 3 ? '' : m)));
    const p = await browser.newPage();
    const pageErrors: string[] = [];
    p.on('pageerror', (e) => pageErrors.push(e.message));
    await p.goto(pathToFileURL(broken).href);
    assert.equal(await p.textContent('.nki-empty'), 'The profile could not be read: events chunk at 750: expected the events from 750, found 1000 (chunks missing or out of order).');
    assert.deepEqual(pageErrors, []);
    await p.close();
  });
});

describe('packed profiles in load messages (embedded in a VS Code webview)', () => {
  let browser: Browser;
  let v: ViewerPage;
  const small = tiledMatmulProfile({ m: 256, n: 512, k: 512, pipelined: true });
  const big = { ...tiledMatmulProfile({ m: 512, n: 1024, k: 2048, pipelined: true }), kernel: 'packed_matmul' };

  before(async () => {
    browser = await launchChromium();
    v = await openViewer(browser, small, { embedded: true });
    // The packer, bundled for the page: typed arrays cannot be passed in from Node as they are.
    const bundle = join(mkdtempSync(join(tmpdir(), 'nki-packed-')), 'packed.js');
    buildSync({ entryPoints: [join(repoRoot, 'simulator/src/profile/packedEvents.ts')], bundle: true, format: 'iife', globalName: 'NkiPacked', outfile: bundle, logLevel: 'silent' });
    await v.page.evaluate(`${readFileSync(bundle, 'utf8')}\nglobalThis.NkiPacked = NkiPacked;`);
  });
  after(async () => { await v?.close(); await browser?.close(); });

  /** Packs `profile` in the page, optionally spoils one value of a column, and posts it with its buffers transferred. */
  async function postPacked(profile: Profile, edit?: { column: string; index: number; value: number }): Promise<void> {
    await v.page.evaluate(({ p, e }) => {
      const g = globalThis as unknown as { NkiPacked: { packProfile(x: unknown): { events: Record<string, unknown> } } };
      const packed = g.NkiPacked.packProfile(p);
      if (e) (packed.events[e.column] as number[])[e.index] = e.value;
      const buffers = Object.values(packed.events).filter((x): x is ArrayBufferView => ArrayBuffer.isView(x)).map((x) => x.buffer);
      window.postMessage({ type: 'load', version: 1, packed }, '*', buffers);
    }, { p: profile, e: edit });
    await settle(v.page);
  }

  it('shows a profile sent with its events packed in columns', async () => {
    await postPacked(big);
    assert.equal(await v.page.textContent('.nki-title'), `packed_matmul · trn2 · ${formatNs(big.summary.totalNs)}`);
    const legend = await v.page.$$eval('.nki-legend-item', (els) => els.reduce((n, e) => n + Number((e.textContent ?? '').replace(/\D/g, '')), 0));
    assert.equal(legend, big.events.length);
    assert.deepEqual(v.errors, []);
  });

  it('rejects a packed profile whose columns do not fit its tables, naming the problem', async () => {
    await postPacked(small, { column: 'source', index: 5, value: 1e6 });
    const invalid = (await v.posted()).filter((m) => m.type === 'invalidMessage');
    assert.equal(invalid.length, 1);
    assert.match(String(invalid[0]!.reason), /^packed\.events: event 5: source 1000000 is not in its table of \d+$/);
    assert.equal(await v.page.textContent('.nki-title'), `packed_matmul · trn2 · ${formatNs(big.summary.totalNs)}`, 'still showing the last good profile');
  });
});
