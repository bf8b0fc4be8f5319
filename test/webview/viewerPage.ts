/**
 * Opens the profile viewer in Chromium the way users see it: the standalone HTML report built by
 * `renderReportHtml` from dist/webview, optionally "embedded" with a stub `acquireVsCodeApi`
 * that records posted messages and view state (as a VS Code webview would).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { loadViewerAssets, renderReportHtml } from '../../simulator/src/profile/htmlReport';
import type { Profile } from '../../simulator/src/profile/schema';
import { repoRoot } from '../helpers/lspClient';

export interface ViewerPage {
  page: Page;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
  /** Messages the view posted to the (stub) host, in order. */
  posted(): Promise<Array<Record<string, unknown>>>;
  /** Posts a host → view message. */
  send(message: unknown): Promise<void>;
  /** The visible window of the shown tab's timeline for that profile. */
  viewport(set?: 'current' | 'baseline'): Promise<{ startNs: number; endNs: number }>;
  close(): Promise<void>;
}

export interface OpenOptions {
  embedded?: boolean;
  savedState?: unknown;
  width?: number;
  height?: number;
}

declare const window: { __posted: unknown[]; __state: unknown; acquireVsCodeApi?: unknown; postMessage(m: unknown, o: string): void };

export async function openViewer(browser: Browser, profile: Profile, opts: OpenOptions = {}): Promise<ViewerPage> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1100, height: opts.height ?? 700 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  if (opts.embedded) {
    await page.addInitScript((saved: unknown) => {
      window.__posted = [];
      window.__state = saved;
      let acquired = false;
      window.acquireVsCodeApi = () => {
        if (acquired) throw new Error('acquireVsCodeApi called twice');
        acquired = true;
        return { postMessage: (m: unknown) => window.__posted.push(m), getState: () => window.__state, setState: (s: unknown) => { window.__state = s; } };
      };
    }, opts.savedState ?? null);
  }
  const file = join(mkdtempSync(join(tmpdir(), 'nki-viewer-')), 'report.html');
  writeFileSync(file, renderReportHtml(profile, loadViewerAssets(join(repoRoot, 'dist'))));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('.nki-tabs, .nki-empty', { state: 'attached' });
  await settle(page);
  return {
    page, errors,
    posted: () => page.evaluate(() => (window.__posted ?? []) as Array<Record<string, unknown>>),
    send: async (message) => { await page.evaluate((m) => window.postMessage(m, '*'), message); await settle(page); },
    viewport: (set = 'current') => page.$eval(`.nki-panel:not([hidden]) .nki-timeline[data-set=${set}]`, (e) => ({
      startNs: Number((e as HTMLElement).dataset.startNs), endNs: Number((e as HTMLElement).dataset.endNs),
    })),
    close: () => context.close(),
  };
}

/** Waits for two animation frames, so coalesced redraws have happened. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
}
