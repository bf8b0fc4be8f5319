import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launchChromium, screenshotPath } from '../helpers/browser';
import { join } from 'node:path';
import { tiledMatmulProfile } from '../fixtures/profiles/generate';
import { repoRoot } from '../helpers/lspClient';
import { formatNs, formatSpeedup } from '../../simulator/src/profile/format';
import { qwen3Problem, type Qwen3Speedups } from '../../simulator/src/qwen3/schema';
import { openViewer, settle, type ViewerPage } from './viewerPage';

describe('profile viewer tabs in Chromium (standalone report)', () => {
  let browser: Browser;
  let v: ViewerPage;
  const after_ = tiledMatmulProfile({ m: 512, n: 1024, k: 1024, pipelined: true });
  const before_ = tiledMatmulProfile({ m: 512, n: 1024, k: 1024, pipelined: false });

  before(async () => {
    browser = await launchChromium();
    v = await openViewer(browser, after_, { height: 900 });
  });
  after(async () => { await v?.close(); await browser?.close(); });

  async function openTab(id: string): Promise<void> {
    await v.page.click(`[data-tab=${id}]`);
    await settle(v.page);
  }

  it('has keyboard-operable tabs', async () => {
    await v.page.focus('[data-tab=timeline]');
    await v.page.keyboard.press('ArrowRight');
    await settle(v.page);
    assert.equal(await v.page.getAttribute('[data-tab=summary]', 'aria-selected'), 'true');
    assert.equal(await v.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.tab), 'summary');
    assert.equal(await v.page.isHidden('#nki-panel-timeline'), true);
    assert.equal(await v.page.isHidden('[data-tab=qwen3]'), true, 'no Qwen3 tab without a report');
  });

  it('summarises latency, utilisation, MFU, HBM traffic, roofline and recommendations', async () => {
    await openTab('summary');
    const kpis = await v.page.$$eval('.nki-kpi', (els) => els.map((e) => e.textContent ?? ''));
    assert.match(kpis[0]!, /Latency89\.6 µs218 instructions/);
    assert.match(kpis[1]!, /MFU14\.4%/);
    assert.match(kpis[2]!, /HBM traffic11 MiB/);
    assert.match(kpis[3]!, /6\.9× slower.*compute-bound/);
    const util = await v.page.$$eval('.nki-util-row', (els) => els.map((e) => `${(e as HTMLElement).dataset.track}=${e.querySelector('[role=meter]')?.getAttribute('aria-valuenow')}`));
    assert.deepEqual(util.slice(0, 2), ['tensor=31', 'vector=2']);
    assert.equal(await v.page.locator('.nki-roofline .nki-kernel-point').count(), 1);
    assert.equal(await v.page.locator('.nki-roofline .nki-roof').count(), 1);
    const recs = await v.page.$$eval('.nki-recs li', (els) => els.map((e) => e.textContent ?? ''));
    assert.match(recs[0]!, /^up to 12%Tensor engine waits/);
    await v.page.screenshot({ path: screenshotPath('webview', 'summary'), fullPage: true });
  });

  it('highlights a hot line on the timeline when clicked', async () => {
    await v.page.click('.nki-summary table .nki-link >> nth=0');
    await settle(v.page);
    assert.match(await v.page.textContent('.nki-status') ?? '', /^64 instructions from 03_tiled_matmul\.py:17 highlighted/);
    await v.page.click('.nki-status .nki-link');
  });

  it('charts SBUF and PSUM occupancy against capacity and names the largest allocations', async () => {
    await openTab('memory');
    const captions = await v.page.$$eval('.nki-mem-chart h3', (els) => els.map((e) => e.textContent ?? ''));
    assert.match(captions[0]!, /^SBUF occupancy per partition: peak 2\.5 KiB of 192 KiB/);
    assert.match(captions[1]!, /^PSUM occupancy per partition: peak 4 KiB of 16 KiB \(25%\)/);
    assert.equal(await v.page.locator('[data-buffer=psum] .nki-capacity').count(), 1, 'PSUM capacity line');
    assert.match(await v.page.textContent('[data-buffer=sbuf] .nki-capacity-label') ?? '', /above this scale/);
    const d = await v.page.getAttribute('[data-buffer=psum] .nki-mem-area', 'd');
    assert.ok(d && d.length > 20, 'PSUM area drawn');
    const names = await v.page.$$eval('.nki-allocs tbody tr td:first-child', (els) => els.map((e) => e.textContent));
    assert.deepEqual(names, ['acc', 'b_tile', 'res', 'a_tile']);
    await v.page.hover('.nki-allocs tbody tr >> nth=0');
    await settle(v.page);
    assert.equal(await v.page.locator('[data-buffer=psum] .nki-mem-lifetime').count(), 8, 'lifetimes of the 8 accumulators shaded');
    await v.page.screenshot({ path: screenshotPath('webview', 'memory'), fullPage: true });
  });

  it('compares a baseline with synced zoom and deltas per engine and line', async () => {
    await openTab('compare');
    assert.match(await v.page.textContent('.nki-compare') ?? '', /Load baseline profile/);
    await v.send({ type: 'loadBaseline', profile: before_ });
    assert.match(await v.page.textContent('.nki-compare-headline') ?? '', /^2\.48× faster: 222 µs → 89\.6 µs/);
    const captions = await v.page.$$eval('.nki-timeline-caption', (els) => els.map((e) => e.textContent));
    assert.deepEqual(captions, ['Before · tiled_matmul_naive · 222 µs', 'After · tiled_matmul · 89.6 µs']);
    assert.deepEqual(await v.viewport('baseline'), { startNs: 0, endNs: before_.summary.totalNs }, 'both runs fit');
    await v.page.mouse.move(0, 0);
    await v.page.keyboard.press('w');
    await v.page.keyboard.press('w');
    await settle(v.page);
    const b = await v.viewport('baseline');
    const a = await v.viewport('current');
    assert.ok(b.endNs - b.startNs < before_.summary.totalNs / 1.5, 'zoomed');
    assert.deepEqual(a, b, 'zoom is synced');
    const dma0 = await v.page.$$eval('.nki-compare-tables tr[data-track=dma0] td', (els) => els.map((e) => e.textContent));
    assert.deepEqual(dma0.slice(0, 4), ['DMA 0', '192 µs', '48 µs', '−75.0%']);
    const lineRows = await v.page.locator('.nki-compare-tables table >> nth=1').locator('tbody tr').count();
    assert.ok(lineRows >= 5, 'per-line deltas');
    await v.page.keyboard.press('0');
    await settle(v.page);
    await v.page.screenshot({ path: screenshotPath('webview', 'compare'), fullPage: true });
  });

  it('renames the compared runs when a new profile replaces the current one on the Compare tab', async () => {
    const other = { ...tiledMatmulProfile({ m: 256, n: 1024, k: 1024, pipelined: true }), kernel: 'other_matmul' };
    await v.send({ type: 'load', profile: other });
    await settle(v.page);
    const captions = await v.page.$$eval('.nki-timeline-caption', (els) => els.map((e) => e.textContent));
    assert.deepEqual(captions, ['Before · tiled_matmul_naive · 222 µs', `After · other_matmul · ${formatNs(other.summary.totalNs)}`]);
    assert.equal(await v.page.getAttribute('.nki-compare .nki-timeline[data-set=current] .nki-row-labels', 'aria-label'),
      `After · other_matmul · ${formatNs(other.summary.totalNs)} rows: arrow keys move between events, Enter reveals the source`);
    await v.send({ type: 'load', profile: after_ });
    await settle(v.page);
    assert.equal(await v.page.textContent('.nki-compare .nki-timeline[data-set=current] .nki-timeline-caption'), 'After · tiled_matmul · 89.6 µs');
  });

  it('shows Qwen3 per-layer and per-operation speedups from the CLI\'s JSON', async () => {
    // Written by the real CLI; regenerate with the command in test/fixtures/qwen3/README.md.
    const report = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/qwen3/qwen3_0.6b_seq1024_flash.json'), 'utf8')) as Qwen3Speedups;
    assert.equal(qwen3Problem(report), undefined);
    await v.send({ type: 'loadQwen3', report });
    await openTab('qwen3');
    const kpis = await v.page.$$eval('.nki-qwen3 .nki-kpi', (els) => els.map((e) => e.textContent ?? ''));
    assert.match(kpis[0]!, /Qwen3-0\.6B4 of 28 layers · seq 1024 · batch 1 · trn2/);
    assert.match(kpis[1]!, /End-to-end latency.* → .*with NKI kernels for attention/);
    assert.match(kpis[2]!, /Prompts\/s.*attention: flash/);
    assert.match(kpis[3]!, /Largest opattention \d+\.\d%of the baseline · Amdahl bound \d+\.\d+×/);
    assert.equal(await v.page.locator('.nki-qwen3-chart rect.nki-q-base').count(), 4 + 1, 'one baseline bar per layer (+ legend)');
    assert.equal(await v.page.locator('.nki-qwen3-table tbody tr').count(), 4);
    const layer0 = await v.page.$$eval('.nki-qwen3-table tbody tr:first-child td', (els) => els.map((e) => e.textContent));
    const base = report.layers[0]!.ops.reduce((s, o) => s + o.baselineNs, 0);
    const opt = report.layers[0]!.ops.reduce((s, o) => s + o.optimisedNs, 0);
    assert.equal(layer0[3], formatSpeedup(base / opt));
    await v.page.screenshot({ path: screenshotPath('webview', 'qwen3-layers'), fullPage: true });
    await v.page.click('.nki-seg >> text=By operation');
    await settle(v.page);
    const ops = await v.page.$$eval('.nki-qwen3-table tbody tr td:first-child', (els) => els.map((e) => e.textContent));
    assert.deepEqual(ops, [...report.layers[0]!.ops.map((o) => o.name), 'norm']);
    const attention = await v.page.$$eval('.nki-qwen3-table tbody tr:nth-child(8) td', (els) => els.map((e) => e.textContent));
    const att = report.ops!.find((o) => o.name === 'attention')!;
    assert.deepEqual([attention[0], attention[3], attention[5], attention[6]],
      ['attention', formatSpeedup(att.baselineNs / att.nkiNs), formatSpeedup(att.amdahlBound), 'NKI']);
    const qProj = await v.page.$$eval('.nki-qwen3-table tbody tr:nth-child(2) td', (els) => els.map((e) => e.textContent));
    assert.equal(qProj[6], 'baseline', 'only attention is replaced');
    await v.page.screenshot({ path: screenshotPath('webview', 'qwen3-ops'), fullPage: true });
  });

  it('exports in the page when there is no host: Chrome trace, profile JSON and PNG', async () => {
    await openTab('timeline');
    const save = async (format: string) => {
      const [download] = await Promise.all([v.page.waitForEvent('download'), v.page.click(`[data-export=${format}]`)]);
      return { name: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
    };
    const trace = await save('chrome-trace');
    assert.equal(trace.name, 'tiled_matmul.trace.json');
    const parsed = JSON.parse(trace.bytes.toString('utf8')) as { traceEvents: Array<{ ph: string; name: string; args?: { name?: string } }> };
    assert.equal(parsed.traceEvents.filter((e) => e.ph === 'X').length, after_.events.length);
    // The CLI's exporter (simulator/src/perf/chromeTrace.ts): one named thread per DMA queue, dependencies as flows.
    assert.ok(parsed.traceEvents.some((e) => e.name === 'thread_name' && e.args?.name === 'DMA queue 3'));
    assert.ok(parsed.traceEvents.some((e) => e.ph === 's'));
    const json = await save('profile-json');
    assert.equal(json.name, 'tiled_matmul.nkiprofile.json', 'named so VS Code opens it in the viewer');
    assert.equal(JSON.parse(json.bytes.toString('utf8')).kernel, 'tiled_matmul');
    const png = await save('png');
    assert.equal(png.name, 'tiled_matmul.timeline.png');
    assert.deepEqual([...png.bytes.subarray(1, 4)], [...Buffer.from('PNG')]);
    assert.deepEqual(v.errors, []);
  });

  const themes: Record<string, Record<string, string>> = {
    dark: { class: 'vscode-dark', '--vscode-editor-background': '#1e1e1e', '--vscode-foreground': '#cccccc', '--vscode-descriptionForeground': '#9d9d9d', '--vscode-editorWidget-background': '#252526', '--vscode-editorWidget-border': '#454545', '--vscode-focusBorder': '#0078d4', '--vscode-textLink-foreground': '#4daafc', '--vscode-button-secondaryBackground': '#313131', '--vscode-button-secondaryForeground': '#cccccc', '--vscode-button-secondaryHoverBackground': '#3c3c3c' },
    'high-contrast': { class: 'vscode-high-contrast', '--vscode-editor-background': '#000000', '--vscode-foreground': '#ffffff', '--vscode-descriptionForeground': '#ffffff', '--vscode-editorWidget-background': '#0c141f', '--vscode-editorWidget-border': '#6fc3df', '--vscode-contrastBorder': '#6fc3df', '--vscode-focusBorder': '#f38518', '--vscode-textLink-foreground': '#21a6ff', '--vscode-button-secondaryBackground': '#000000', '--vscode-button-secondaryForeground': '#ffffff' },
  };
  for (const [theme, vars] of Object.entries(themes)) {
    it(`follows the ${theme} theme's colours`, async () => {
      await v.page.evaluate((vs: Record<string, string>) => {
        for (const [k, val] of Object.entries(vs)) if (k !== 'class') document.documentElement.style.setProperty(k, val);
        document.body.className = vs.class!;
      }, vars);
      await settle(v.page);
      const bg = await v.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      assert.equal(bg, theme === 'dark' ? 'rgb(30, 30, 30)' : 'rgb(0, 0, 0)');
      await v.page.screenshot({ path: screenshotPath('webview', `timeline-${theme}`) });
      await openTab('summary');
      await v.page.screenshot({ path: screenshotPath('webview', `summary-${theme}`), fullPage: true });
      await openTab('timeline');
    });
  }
});
