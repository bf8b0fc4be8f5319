/// <reference lib="dom" />
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotPath } from '../helpers/browser';
import { repoRoot } from '../helpers/lspClient';
import { loadViewerAssets, renderReportHtml } from '../../simulator/src/profile/htmlReport';
import type { Profile } from '../../simulator/src/profile/schema';

describe('standalone HTML report in Chromium', () => {
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const profile = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/profiles/small.json'), 'utf8')) as Profile;

  before(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 900, height: 300 } });
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    const file = join(mkdtempSync(join(tmpdir(), 'nki-report-')), 'report.html');
    writeFileSync(file, renderReportHtml(profile, loadViewerAssets(join(repoRoot, 'dist'))));
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('.nki-row-label');
  });

  after(async () => browser?.close());

  it('shows one named row per engine and DMA queue, fixed engines first', async () => {
    const labels = await page.$$eval('.nki-row-label', (els) => els.map((e) => e.textContent));
    assert.deepEqual(labels, ['Vector', 'DMA 0', 'DMA 1']);
  });

  it('titles the view with kernel, target and latency', async () => {
    assert.equal(await page.textContent('.nki-title'), 'vector_add · trn2 · 4.2 µs');
  });

  it('draws a time axis with readable units', async () => {
    const ticks = await page.$$eval('.nki-axis .tick text', (els) => els.map((e) => e.textContent ?? ''));
    assert.ok(ticks.length >= 2, 'has ticks');
    assert.ok(ticks.some((t) => /µs$/.test(t)), `ticks in µs: ${ticks.join(', ')}`);
  });

  it('paints bars on the canvas where the events are', async () => {
    // The Vector row (row 0) has a bar from 1500 ns to 2600 ns of 4200 ns: sample its middle pixel.
    const painted = await page.$eval('.nki-bars', (c: HTMLCanvasElement) => {
      const g = c.getContext('2d')!;
      const dpr = window.devicePixelRatio || 1;
      const x = Math.round(((1500 + 2600) / 2 / 4200) * c.width);
      const inBar = g.getImageData(x, Math.round(11 * dpr), 1, 1).data[3];
      const outside = g.getImageData(Math.round(0.9 * c.width), Math.round(11 * dpr), 1, 1).data[3];
      return { inBar, outside };
    });
    assert.equal(painted.inBar, 255);
    assert.equal(painted.outside, 0);
  });

  it('runs under its Content Security Policy without errors', async () => {
    await page.screenshot({ path: screenshotPath('webview', 'report-small') });
    assert.deepEqual(errors, []);
  });
});
