/**
 * The core loop in a real VS Code: open a kernel with a shapes directive, see the language
 * server's CodeLens and hover, click "Run & Profile", and find the engine timeline in the
 * profile webview (nested iframes); clicking an instruction moves the editor to its line.
 */
import { strict as assert } from 'node:assert';
import type { Frame } from 'playwright-core';
import { provisionOnce, startWorkbench, type Workbench } from './harness';

/** The webview's innermost frame that holds the viewer (VS Code nests webviews two deep). */
async function viewerFrame(wb: Workbench, timeoutMs: number): Promise<Frame> {
  return wb.waitFor('the profile viewer webview', timeoutMs, async (t) => {
    const deadline = Date.now() + t;
    while (Date.now() < deadline) {
      for (const f of wb.page.frames()) {
        if (await f.locator('.nki-row-label').count().catch(() => 0)) return f;
      }
      await wb.page.waitForTimeout(250);
    }
    throw new Error('no frame with engine rows');
  });
}

describe('e2e: Run & Profile in a real VS Code', function () {
  this.timeout(180_000);
  let wb: Workbench | undefined;

  before(async function () {
    this.timeout(20 * 60_000);
    wb = await startWorkbench({ provisioned: await provisionOnce() });
    await wb.openFile('examples/02_matmul_tiled.py');
    await wb.waitForStatusBar(/NKI 0\.7.*trn2/, { timeoutMs: 60_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.reportFailure(this.currentTest.title);
  });

  after(async function () {
    this.timeout(60_000);
    await wb?.close();
  });

  it('hovers a tile and shows its shape, dtype and buffer', async () => {
    const page = wb!.page;
    const token = page.locator('.view-line span', { hasText: /^acc$/ }).first();
    await wb!.waitFor('the acc token', 30_000, (t) => token.waitFor({ timeout: t }));
    await token.hover();
    const hover = page.locator('.monaco-hover-content').filter({ hasText: /psum/i }).first();
    await wb!.waitFor('the hover card', 30_000, (t) => hover.waitFor({ timeout: t }));
    const text = (await hover.textContent() ?? '').replace(/\s+/g, ' ');
    assert.match(text, /float32/);
    assert.match(text, /128, 512/);
    await wb!.screenshot('10-hover-psum-tile');
  });

  it('shows the Run & Profile CodeLens and opens the timeline with engine rows', async () => {
    const page = wb!.page;
    await page.keyboard.press('Escape');
    const lens = page.locator('.codelens-decoration a', { hasText: 'Run & Profile' }).first();
    await wb!.waitFor('the Run & Profile CodeLens', 60_000, (t) => lens.waitFor({ timeout: t }));
    await wb!.screenshot('11-codelens');
    await lens.click();
    const frame = await viewerFrame(wb!, 90_000);
    const rows = await frame.locator('.nki-row-label').allInnerTexts();
    assert.ok(rows.includes('Tensor'), rows.join(', '));
    assert.ok(rows.some((r) => /^DMA \d+$/.test(r)), rows.join(', '));
    await wb!.screenshot('12-profile-timeline');
  });
});
