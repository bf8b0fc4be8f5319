/**
 * The core loop in a real VS Code: open a kernel with a shapes directive, see the language
 * server's CodeLens and hover, click "Run & Profile", and find the engine timeline in the
 * profile webview (nested iframes); each line's time share appears after it; clicking an
 * instruction moves the editor to its line; a second run offers the comparison. Also: cancelling
 * a long run from its progress notification stops the simulator process; Open Profile… shows a
 * saved profile.
 */
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { tiledMatmulProfile } from '../fixtures/profiles/generate';
import { repoRoot } from '../helpers/lspClient';
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
    await wb.runCommand('View: Toggle Primary Side Bar Visibility'); // room for the code and the profile
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

  it('shows each line\'s share of the time after the line', async () => {
    // After-line decorations are CSS ::after content: read it from the computed styles.
    const shares = await wb!.waitFor('time-share decorations', 30_000, async (t) => {
      const handle = await wb!.page.waitForFunction(() => {
        const doc = (globalThis as any).document;
        const spans = [...doc.querySelectorAll('.editor-group-container .monaco-editor .view-lines span')];
        const texts = spans.map((el: any) => String((globalThis as any).getComputedStyle(el, '::after').content))
          .filter((c: string) => /%.*(ns|µs|ms)/.test(c));
        return texts.length ? texts : null;
      }, undefined, { timeout: t, polling: 250 });
      const texts = await handle.jsonValue() as string[];
      await handle.dispose();
      return texts;
    });
    console.log(`    decorations: ${shares.slice(0, 4).join(' | ')}`);
    assert.ok(shares.length >= 3, shares.join(', '));
    await wb!.screenshot('13-line-shares');
  });

  it('moves the editor to the line of an instruction clicked in the timeline', async () => {
    const frame = await viewerFrame(wb!, 30_000);
    const matmulLine = readFileSync(join(repoRoot, 'examples/02_matmul_tiled.py'), 'utf8').split('\n').findIndex((l) => l.includes('nisa.nc_matmul')) + 1;
    const before = await wb!.cursor();
    assert.notEqual(before.line, matmulLine);
    const plot = frame.locator('.nki-timeline[data-set=current] .nki-plot');
    const labels = await frame.locator('.nki-timeline[data-set=current] .nki-row-label').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.track));
    const box = await plot.boundingBox();
    assert.ok(box, 'the plot is laid out');
    const y = box.y + labels.indexOf('tensor') * 24 + 12;
    // Walk along the Tensor row (all matmuls) until a click lands on a bar, as a user would.
    let revealed = false;
    for (let x = box.x + 2; x < box.x + box.width && !revealed; x += 4) {
      await wb!.page.mouse.click(x, y);
      revealed = (await frame.locator('.nki-details button', { hasText: /Reveal/ }).count()) > 0;
    }
    assert.ok(revealed, 'a click on the Tensor row selected an instruction');
    await wb!.screenshot('14-event-clicked');
    const after = await wb!.waitFor(`the cursor on line ${matmulLine}`, 15_000, async (t) => {
      const deadline = Date.now() + t;
      for (;;) {
        const c = await wb!.cursor();
        if (c.line === matmulLine || Date.now() > deadline) return c;
        await wb!.page.waitForTimeout(200);
      }
    });
    assert.equal(after.line, matmulLine);
    await wb!.screenshot('15-editor-at-matmul');
  });

  it('offers Compare with Previous after a second run and opens the comparison', async () => {
    await wb!.runCommand('NKI: Run & Profile Kernel');
    const button = wb!.page.locator('.notifications-toasts .monaco-button', { hasText: 'Compare with Previous' }).first();
    await wb!.waitFor('the Compare with Previous button', 90_000, (t) => button.waitFor({ timeout: t }));
    await wb!.screenshot('16-second-run-notification');
    await button.click();
    const frame = await viewerFrame(wb!, 30_000);
    const tab = frame.locator('[data-tab=compare]');
    await wb!.waitFor('the Compare tab', 30_000, (t) => tab.waitFor({ state: 'visible', timeout: t }));
    await tab.click();
    await wb!.waitFor('the baseline timeline', 30_000, (t) => frame.locator('.nki-timeline[data-set=baseline]').first().waitFor({ state: 'attached', timeout: t }));
    await wb!.screenshot('17-compare');
  });

  it('clears the time shares when the kernel is edited', async () => {
    const page = wb!.page;
    const file = join(repoRoot, 'examples/02_matmul_tiled.py');
    const onDisk = readFileSync(file, 'utf8');
    await page.locator('.editor-group-container .view-line', { hasText: 'nisa.nc_matmul' }).first().click();
    await page.keyboard.press('End');
    await page.keyboard.type(' ');
    await wb!.waitFor('the decorations to go', 10_000, (t) => page.waitForFunction(() => {
      const spans = [...(globalThis as any).document.querySelectorAll('.editor-group-container .monaco-editor .view-lines span')];
      return !spans.some((el: any) => /%.*(ns|µs|ms)/.test(String((globalThis as any).getComputedStyle(el, '::after').content)));
    }, undefined, { timeout: t, polling: 250 }));
    await wb!.screenshot('18-edited-no-shares');
    await page.keyboard.press('Control+Z');
    assert.equal(readFileSync(file, 'utf8'), onDisk, 'the example on disk is untouched');
  });

  it('shows Qwen3 layer speedups from the palette: picks, progress, then the chart and table in the viewer', async () => {
    const page = wb!.page;
    await wb!.runCommand('Notifications: Clear All Notifications');
    await startCommand(wb!, 'NKI: Show Qwen3 Layer Speedups…');
    await pickQwen3(wb!, 'Flash attention');
    await chooseModelLayersSeq(wb!, '1', '512');
    const progress = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'Qwen3-0.6B layer speedups (1 layer, 512 tokens)' });
    await wb!.waitFor('the qwen3 progress notification', 30_000, (t) => progress.first().waitFor({ timeout: t }));
    await page.waitForTimeout(300); // the toast fades in
    await wb!.screenshot('19-qwen3-progress');
    const frame = await qwen3Frame(wb!, 180_000);
    const bars = await frame.locator('.nki-qwen3-chart svg rect.nki-q-base').count();
    assert.ok(bars >= 1, 'the chart has baseline bars');
    const table = (await frame.locator('.nki-qwen3-table').innerText()).replace(/\s+/g, ' ');
    assert.match(table, /Per layer/);
    assert.match(table, /attention/);
    assert.ok(await page.locator('.tab', { hasText: 'Qwen3-0.6B speedups' }).count(), 'the viewer tab is titled by the model');
    await wb!.screenshot('20-qwen3-chart');
  });

  it('uses an attention kernel from its CodeLens in the Qwen3 layer', async () => {
    const page = wb!.page;
    await wb!.runCommand('Notifications: Clear All Notifications');
    await wb!.openFile('examples/06_flash_attention.py');
    const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Use in Qwen3 Layer…' }).first();
    await wb!.waitFor('the Use in Qwen3 Layer CodeLens', 60_000, (t) => lens.waitFor({ timeout: t }));
    await lens.click();
    await chooseModelLayersSeq(wb!, '1', '512');
    const frame = await qwen3Frame(wb!, 180_000, /06_flash_attention\.py:flash_attention/);
    assert.ok(await frame.locator('.nki-qwen3-chart svg rect.nki-q-opt').count() >= 1);
    await wb!.screenshot('21-qwen3-user-kernel');
  });

  it('says plainly why a kernel cannot stand in for attention', async () => {
    const page = wb!.page;
    await wb!.runCommand('Notifications: Clear All Notifications');
    await wb!.openFile('examples/01_vector_add.py');
    await startCommand(wb!, 'NKI: Use Kernel in Qwen3 Layer…');
    await chooseModelLayersSeq(wb!, '1', '512');
    const message = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'Qwen3 speedups failed' }).first();
    await wb!.waitFor('the qwen3 failure message', 120_000, (t) => message.waitFor({ timeout: t }));
    const text = (await message.innerText()).trim();
    console.log(`    qwen3: ${text}`);
    assert.match(text, /vector_add .*cannot bind parameter 'a'/);
    assert.doesNotMatch(text, /internal error|Usage:|not available/);
    await wb!.screenshot('22-qwen3-unbindable-kernel');
  });

  it('runs a kernel and shows each output\'s statistics in a results view', async () => {
    const page = wb!.page;
    await wb!.runCommand('Notifications: Clear All Notifications');
    await wb!.openFile('examples/01_vector_add.py');
    await wb!.runCommand('NKI: Run Kernel');
    const frame = await wb!.waitFor('the run results', 120_000, async (t) => {
      const deadline = Date.now() + t;
      while (Date.now() < deadline) {
        for (const f of page.frames()) {
          if (await f.locator('h1', { hasText: 'vector_add: run results' }).count().catch(() => 0)) return f;
        }
        await page.waitForTimeout(500);
      }
      throw new Error('no frame with the run results');
    });
    const rows = (await frame.locator('table').innerText()).replace(/\s+/g, ' ');
    assert.match(rows, /Output Shape Dtype Min Max Mean NaN Inf/);
    assert.match(rows, /output \[256, 1024\] float32 -?\d[\d.]* \d[\d.]* -?\d[\d.e-]* 0 0/);
    const toast = page.locator('.notifications-toasts .notification-list-item-message', { hasText: 'vector_add: output: float32[256, 1024]' }).first();
    await wb!.waitFor('the run notification', 30_000, (t) => toast.waitFor({ timeout: t }));
    assert.ok(await page.locator('.notifications-toasts .monaco-button', { hasText: 'Compare with Reference…' }).count());
    await wb!.screenshot('23-run-results');
  });

  it('cancels a long profile from its progress notification: the simulator process is stopped and nothing opens', async () => {
    const page = wb!.page;
    await wb!.runCommand('Notifications: Clear All Notifications');
    await wb!.openFile('examples/06_flash_attention.py');
    // Shapes big enough that tracing takes several seconds (~1M instructions).
    const seq = 32768;
    await startCommand(wb!, 'NKI: Profile with Shapes…');
    const box = page.locator('.quick-input-widget .quick-input-box input');
    await wb!.waitFor('the shapes input box', 30_000, (t) => box.waitFor({ state: 'visible', timeout: t }));
    await box.fill(`q_t=bfloat16[128,${seq}] k_t=bfloat16[128,${seq}] v=bfloat16[${seq},128]`);
    await page.keyboard.press('Enter');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Profiling flash_attention' }).first();
    await wb!.waitFor('the profiling progress notification', 30_000, (t) => toast.waitFor({ timeout: t }));
    const running = await wb!.waitFor('the simulator process', 15_000, async (t) => {
      const deadline = Date.now() + t;
      for (;;) {
        const pids = profilerPids(seq);
        if (pids.length || Date.now() > deadline) return pids;
        await page.waitForTimeout(200);
      }
    });
    assert.ok(running.length > 0, 'a `profile` child process runs while the notification shows');
    await wb!.screenshot('24-profile-in-progress');
    await toast.hover(); // the toast's buttons show on hover
    await toast.locator('.monaco-button', { hasText: 'Cancel' }).click();
    const gone = await wb!.waitFor('the simulator process to stop', 15_000, async (t) => {
      const deadline = Date.now() + t;
      for (;;) {
        if (profilerPids(seq).length === 0) return true;
        if (Date.now() > deadline) return false;
        await page.waitForTimeout(200);
      }
    });
    assert.ok(gone, `the profile process was killed (still running: ${profilerPids(seq).join(', ')})`);
    await wb!.waitFor('the progress notification to close', 15_000, (t) => toast.waitFor({ state: 'detached', timeout: t }));
    // No result and no error follow a cancel.
    await page.waitForTimeout(1500);
    const messages = await page.locator('.notifications-toasts .notification-list-item-message').allInnerTexts();
    assert.ok(!messages.some((m) => /flash_attention ≈|failed|error/i.test(m)), messages.join(' | '));
    await wb!.screenshot('25-profile-cancelled');
  });

  it('opens a saved profile with Open Profile… in the viewer', async () => {
    const page = wb!.page;
    await wb!.runCommand('Notifications: Clear All Notifications');
    const dir = mkdtempSync(join(tmpdir(), 'nki-e2e-open-'));
    const file = join(dir, 'saved.nkiprofile.json');
    writeFileSync(file, JSON.stringify({ ...tiledMatmulProfile({ m: 256, n: 1024, k: 512, pipelined: true }), kernel: 'saved_matmul' }));
    await startCommand(wb!, 'NKI: Open Profile…');
    // In a browser, VS Code's own file dialog: a path box in the quick input.
    const box = page.locator('.quick-input-widget .quick-input-box input');
    await wb!.waitFor('the open dialog', 30_000, (t) => box.waitFor({ state: 'visible', timeout: t }));
    // It fills in its starting folder once it has listed it, and can do so after a path was typed:
    // type the path (again) until the dialog takes it.
    const row = page.locator(QUICK_ROWS, { hasText: 'saved.nkiprofile.json' }).first();
    const tab = page.locator('.tab', { hasText: 'Profile: saved_matmul' }).first();
    await wb!.waitFor('the viewer tab of the saved profile', 60_000, async (t) => {
      const deadline = Date.now() + t;
      for (;;) {
        await box.fill(file);
        await row.waitFor({ timeout: 10_000 }).catch(() => undefined);
        if (await box.inputValue() === file) await page.keyboard.press('Enter');
        if (await tab.waitFor({ timeout: 5_000 }).then(() => true, () => false)) return;
        if (Date.now() > deadline || !(await box.isVisible())) return tab.waitFor({ timeout: 1 });
      }
    });
    const frame = await viewerFrame(wb!, 30_000);
    const rows = await frame.locator('.nki-row-label').allInnerTexts();
    assert.ok(rows.includes('Tensor') && rows.some((r) => /^DMA \d+$/.test(r)), rows.join(', '));
    await wb!.screenshot('26-open-profile');
  });
});

/** Process ids of `nki-studio profile` children simulating 06_flash_attention.py at sequence length `seq`. */
function profilerPids(seq: number): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).stdout ?? '';
  return ps.split('\n').filter((l) => l.includes(' profile ') && l.includes('06_flash_attention.py') && l.includes(`[128,${seq}]`))
    .map((l) => l.trim().split(/\s+/)[0]);
}

const QUICK_ROWS = '.quick-input-widget .quick-input-list .monaco-list-row';

/**
 * Runs a palette command that opens a quick pick of its own (wb.runCommand waits for the quick
 * input to close, which such a command may never let it do).
 */
async function startCommand(wb: Workbench, title: string): Promise<void> {
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  await wb.page.keyboard.press('F1');
  await wb.waitFor('the command palette', 20_000, (t) => input.waitFor({ state: 'visible', timeout: t }));
  await input.fill(`>${title}`);
  const row = wb.page.locator(QUICK_ROWS).filter({ hasText: title }).first();
  await wb.waitFor(`command "${title}" in the palette`, 20_000, (t) => row.waitFor({ timeout: t }));
  await row.click();
}

async function pickQwen3(wb: Workbench, label: string | RegExp): Promise<void> {
  const row = wb.page.locator(QUICK_ROWS).filter({ hasText: label }).first();
  await wb.waitFor(`the quick pick row ${String(label)}`, 20_000, (t) => row.waitFor({ timeout: t }));
  await row.click();
}

/** Qwen3-0.6B, the layer count typed into the input box, a prompt length from the list. */
async function chooseModelLayersSeq(wb: Workbench, layers: string, seq: string): Promise<void> {
  await pickQwen3(wb, 'Qwen3-0.6B');
  const input = wb.page.locator('.quick-input-widget .quick-input-box input');
  const title = wb.page.locator('.quick-input-widget .quick-input-title', { hasText: 'Decoder layers' });
  await wb.waitFor('the layers input', 20_000, (t) => title.waitFor({ timeout: t }));
  await input.fill(layers);
  await input.press('Enter');
  await pickQwen3(wb, new RegExp(`^\\s*${seq}(?!\\d)`)); // the row reads "512tokens": no word boundary
}

/** The viewer frame showing a Qwen3 chart (optionally of a report whose header matches). */
async function qwen3Frame(wb: Workbench, timeoutMs: number, attention?: RegExp): Promise<Frame> {
  return wb.waitFor('the Qwen3 chart in the viewer', timeoutMs, async (t) => {
    const deadline = Date.now() + t;
    while (Date.now() < deadline) {
      for (const f of wb.page.frames()) {
        if (!(await f.locator('.nki-qwen3-chart svg').count().catch(() => 0))) continue;
        if (!attention || attention.test(await f.locator('body').innerText().catch(() => ''))) return f;
      }
      await wb.page.waitForTimeout(500);
    }
    throw new Error('no frame with a Qwen3 chart');
  });
}
