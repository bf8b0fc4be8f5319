import { strict as assert } from 'node:assert';
import type { Browser } from 'playwright-core';
import { launchChromium, screenshotPath } from '../helpers/browser';
import { tiledMatmulProfile } from '../fixtures/profiles/generate';
import { openViewer, settle, type ViewerPage } from './viewerPage';

describe('profile timeline in Chromium (embedded in a VS Code webview)', () => {
  let browser: Browser;
  let v: ViewerPage;
  const profile = tiledMatmulProfile({ m: 512, n: 1024, k: 1024, pipelined: true });
  /** A matmul in the middle of the run (its bar is wide enough to hover at full zoom). */
  const target = profile.events.filter((e) => e.track === 'tensor')[20]!;

  before(async () => {
    browser = await launchChromium();
    v = await openViewer(browser, profile, { embedded: true });
  });
  after(async () => { await v?.close(); await browser?.close(); });

  async function plotBox(): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = await v.page.locator('.nki-timeline[data-set=current] .nki-plot').boundingBox();
    assert.ok(box, 'plot is laid out');
    return box;
  }

  /** Client coordinates of the middle of an event's bar at the current zoom. */
  async function barCentre(ev: typeof target): Promise<{ x: number; y: number }> {
    const box = await plotBox();
    const vp = await v.viewport();
    const rows = await v.page.$$eval('.nki-timeline[data-set=current] .nki-row-label', (els) => els.map((e) => (e as HTMLElement).dataset.track));
    const x = box.x + ((ev.startNs + ev.durNs / 2 - vp.startNs) / (vp.endNs - vp.startNs)) * box.width;
    return { x, y: box.y + rows.indexOf(ev.track) * 24 + 12 };
  }

  it('announces itself to the host with the protocol version', async () => {
    const posted = await v.posted();
    assert.deepEqual(posted[0], { type: 'ready', version: 1 });
  });

  it('shows one named row per engine and DMA queue, engines first', async () => {
    const labels = await v.page.$$eval('.nki-timeline[data-set=current] .nki-row-label', (els) => els.map((e) => e.textContent));
    assert.deepEqual(labels, ['Tensor', 'Vector', 'Scalar', 'GpSimd', 'Sync', 'DMA 0', 'DMA 1', 'DMA 2', 'DMA 3']);
    const legend = await v.page.$$eval('.nki-legend-item', (els) => els.map((e) => `${(e as HTMLElement).dataset.kind}:${e.textContent}`));
    const kinds = new Map<string, number>();
    for (const e of profile.events) kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    assert.deepEqual(legend.sort(), [...kinds].map(([k, n]) => `${k}:${k} ${n}`).sort(), 'a colour key with each kind and its count');
    await v.page.screenshot({ path: screenshotPath('webview', 'timeline-matmul') });
  });

  it('describes the instruction under the pointer in a hover card', async () => {
    const at = await barCentre(target);
    await v.page.mouse.move(at.x, at.y);
    await settle(v.page);
    const card = await v.page.textContent('.nki-hovercard:not([hidden])');
    assert.ok(card, 'hover card visible');
    for (const want of ['matmul', 'Tensor', '430 ns', 'a_tile', 'SBUF', 'bfloat16', '[128, 512]', 'PSUM', 'float32', '03_tiled_matmul.py:18',
      `m=${target.loops[0]!.iteration}, n=${target.loops[1]!.iteration}, k=${target.loops[2]!.iteration}`]) {
      assert.ok(card.includes(want), `hover card mentions ${want}: ${card}`);
    }
    await v.page.screenshot({ path: screenshotPath('webview', 'timeline-hover') });
  });

  it('on click, shows details and asks the host to reveal the source line', async () => {
    const at = await barCentre(target);
    await v.page.mouse.click(at.x, at.y);
    await settle(v.page);
    const posted = await v.posted();
    assert.deepEqual(posted.at(-1), { type: 'reveal', version: 1, source: target.source });
    const details = await v.page.textContent('.nki-details');
    assert.match(details ?? '', /matmul[\s\S]*Reveal 03_tiled_matmul\.py:18/);
    assert.match(details ?? '', /Waited for/);
  });

  it('moves between instructions with the arrow keys and reveals with Enter', async () => {
    await v.page.focus('.nki-timeline[data-set=current] .nki-row-label[data-track=tensor]');
    await v.page.keyboard.press('ArrowRight');
    await settle(v.page);
    let details = await v.page.textContent('.nki-details .nki-facts');
    const next = profile.events.filter((e) => e.track === 'tensor')[21]!;
    assert.ok(details?.includes(`${Number((next.startNs / 1000).toPrecision(3))} µs`), `next matmul selected: ${details}`);
    await v.page.keyboard.press('ArrowDown');
    await settle(v.page);
    details = await v.page.textContent('.nki-details');
    assert.match(details ?? '', /memset|Vector/);
    await v.page.keyboard.press('Enter');
    const posted = await v.posted();
    assert.equal(posted.at(-1)?.type, 'reveal');
  });

  it('highlights the instructions of lines the host asks for, and clears', async () => {
    await v.send({ type: 'highlightLines', version: 1, path: '/ws/examples/03_tiled_matmul.py', lines: [17] });
    const status = await v.page.textContent('.nki-status');
    assert.match(status ?? '', /^64 instructions from 03_tiled_matmul\.py:18 highlighted/);
    await v.page.screenshot({ path: screenshotPath('webview', 'timeline-highlight') });
    await v.send({ type: 'highlightLines', path: 'examples/03_tiled_matmul.py', lines: [] });
    assert.equal((await v.page.textContent('.nki-status'))?.trim(), '');
  });

  it('zooms with W/S around the pointer and pans with A/D', async () => {
    await v.page.mouse.move(0, 0); // pointer off the plot: zoom around the centre
    await v.page.keyboard.press('0');
    await settle(v.page);
    const whole = await v.viewport();
    assert.equal(whole.startNs, 0);
    await v.page.keyboard.press('w');
    await settle(v.page);
    const zoomed = await v.viewport();
    assert.ok(zoomed.endNs - zoomed.startNs < (whole.endNs - whole.startNs) / 1.2, `W zooms in: ${JSON.stringify(zoomed)}`);
    const centre = (r: { startNs: number; endNs: number }) => (r.startNs + r.endNs) / 2;
    assert.ok(Math.abs(centre(zoomed) - centre(whole)) < 1, 'around the centre');
    await v.page.keyboard.press('d');
    await settle(v.page);
    const panned = await v.viewport();
    assert.ok(panned.startNs > zoomed.startNs, 'D pans right');
    assert.ok(Math.abs((panned.endNs - panned.startNs) - (zoomed.endNs - zoomed.startNs)) < 1e-6, 'panning keeps the zoom');
    await v.page.keyboard.press('a');
    await settle(v.page);
    assert.ok((await v.viewport()).startNs < panned.startNs, 'A pans left');
    await v.page.keyboard.press('s');
    await settle(v.page);
    const out = await v.viewport();
    assert.ok(out.endNs - out.startNs > panned.endNs - panned.startNs, 'S zooms out');
    // Holding W keeps zooming (animated in the frame loop).
    await v.page.keyboard.down('w');
    await v.page.waitForTimeout(400);
    await v.page.keyboard.up('w');
    const held = await v.viewport();
    assert.ok(held.endNs - held.startNs < (out.endNs - out.startNs) / 1.5, 'holding W zooms further');
  });

  it('zooms around the cursor with the wheel and pans by dragging', async () => {
    await v.page.keyboard.press('0');
    await settle(v.page);
    const box = await plotBox();
    const x = box.x + box.width * 0.25;
    const whole = await v.viewport();
    const tAtCursor = whole.startNs + 0.25 * (whole.endNs - whole.startNs);
    await v.page.mouse.move(x, box.y + 10);
    await v.page.mouse.wheel(0, -400);
    await settle(v.page);
    const zoomed = await v.viewport();
    assert.ok(zoomed.endNs - zoomed.startNs < whole.endNs - whole.startNs, 'wheel up zooms in');
    const tAfter = zoomed.startNs + 0.25 * (zoomed.endNs - zoomed.startNs);
    assert.ok(Math.abs(tAfter - tAtCursor) < (whole.endNs - whole.startNs) * 0.01, 'the time under the cursor stays put');
    await v.page.mouse.move(x, box.y + 10);
    await v.page.mouse.down();
    await v.page.mouse.move(x - 200, box.y + 10, { steps: 5 });
    await v.page.mouse.up();
    await settle(v.page);
    const dragged = await v.viewport();
    assert.ok(dragged.startNs > zoomed.startNs, 'dragging left moves later in time');
    // A horizontal trackpad swipe pans too.
    await v.page.mouse.wheel(-300, 0);
    await settle(v.page);
    assert.ok((await v.viewport()).startNs < dragged.startNs, 'swipe right pans earlier');
    await v.page.screenshot({ path: screenshotPath('webview', 'timeline-zoomed') });
  });

  it('saves the viewport, tab and selection with vscode.setState', async () => {
    await v.page.waitForTimeout(400);
    const state = await v.page.evaluate(() => (globalThis as unknown as { __state: { v: number; kernel: string; viewport: { startNs: number }; tab: string } }).__state);
    assert.equal(state.v, 1);
    assert.equal(state.kernel, 'tiled_matmul');
    assert.equal(state.tab, 'timeline');
    assert.equal(state.viewport.startNs, (await v.viewport()).startNs);
  });

  it('keeps the host\'s restore keys in its saved state, for the panel serializer after a reload', async () => {
    await v.send({ type: 'restoreKeys', version: 1, profile: 'tiled_matmul-1.nkiprofile.json' });
    await v.page.waitForTimeout(400);
    const state = await v.page.evaluate(() => (globalThis as unknown as { __state: { restore: unknown; viewport: unknown } }).__state);
    assert.deepEqual(state.restore, { profile: 'tiled_matmul-1.nkiprofile.json' });
    // A reloaded window sends the profile again with its key; the view state comes back with it.
    const again = await openViewer(browser, profile, { embedded: true, savedState: state });
    try {
      await again.send({ type: 'load', version: 1, profile, restoreKey: 'tiled_matmul-1.nkiprofile.json' });
      const vp = await again.viewport();
      assert.deepEqual(vp, state.viewport);
      await again.page.waitForTimeout(400);
      const resaved = await again.page.evaluate(() => (globalThis as unknown as { __state: { restore: unknown } }).__state);
      assert.deepEqual(resaved.restore, { profile: 'tiled_matmul-1.nkiprofile.json' });
    } finally {
      await again.close();
    }
  });

  it('reports invalid host messages instead of acting on them', async () => {
    await v.send({ type: 'load', profile: { schema: 'something else' } });
    await v.send({ type: 'highlightLines', version: 2, path: 'x.py', lines: [1] });
    await v.send({ type: 'teleport' });
    const invalid = (await v.posted()).filter((m) => m.type === 'invalidMessage');
    assert.deepEqual(invalid.map((m) => m.received), ['load', 'highlightLines', 'teleport']);
    assert.match(String(invalid[1]!.reason), /protocol version 2/);
    assert.equal(await v.page.textContent('.nki-title'), 'tiled_matmul · trn2 · 89.6 µs', 'still showing the profile');
  });

  it('posts exports to the host (PNG with its image)', async () => {
    await v.page.click('[data-export=chrome-trace]');
    await v.page.click('[data-export=png]');
    const posted = (await v.posted()).filter((m) => m.type === 'export');
    assert.deepEqual(posted[0], { type: 'export', version: 1, format: 'chrome-trace' });
    assert.equal(posted[1]!.format, 'png');
    assert.match(String(posted[1]!.dataUrl), /^data:image\/png;base64,/);
    assert.deepEqual(v.errors, []);
  });

  it('restores saved view state when reopened', async () => {
    const saved = { v: 1, kernel: 'tiled_matmul', viewport: { startNs: 20000, endNs: 30000 }, tab: 'summary', selection: { set: 'current', id: 5 } };
    const again = await openViewer(browser, profile, { embedded: true, savedState: saved });
    try {
      assert.equal(await again.page.getAttribute('[data-tab=summary]', 'aria-selected'), 'true');
      await again.page.click('[data-tab=timeline]');
      await settle(again.page);
      const vp = await again.viewport();
      assert.ok(Math.abs(vp.startNs - 20000) < 1e-6 && Math.abs(vp.endNs - 30000) < 1e-6, JSON.stringify(vp));
      assert.match(await again.page.textContent('.nki-details') ?? '', new RegExp(profile.events[5]!.opcode));
    } finally {
      await again.close();
    }
  });
});
