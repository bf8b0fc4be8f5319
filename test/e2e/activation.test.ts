/**
 * The packaged extension in a real VS Code (code-server 1.100 + Chromium): the .vsix installs,
 * opening an NKI kernel activates it (status bar item "NKI … · trn2"), the "NKI Studio"
 * output channel reports the activation time (printed), and the walkthrough's example kernel
 * shows its seeded NKI101 error in the Problems panel and in a hover.
 */
import { strict as assert } from 'node:assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { provisionOnce, startWorkbench, type Provisioned, type Workbench } from './harness';

describe('e2e: activation in a real VS Code', function () {
  this.timeout(120_000);
  let prov: Provisioned;
  let wb: Workbench | undefined;

  before(async function () {
    this.timeout(20 * 60_000); // the first run installs code-server (~2-3 min) and packages the .vsix
    prov = await provisionOnce();
    wb = await startWorkbench({ provisioned: prov });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await wb?.reportFailure(this.currentTest.title);
  });

  after(async function () {
    this.timeout(60_000);
    await wb?.close();
  });

  it('installs the packaged .vsix into code-server', () => {
    const manifest = join(prov.extensionsDir, prov.extensionFolder, 'package.json');
    assert.ok(existsSync(manifest), `expected ${manifest} after installing ${prov.vsix}`);
    assert.ok(existsSync(join(prov.extensionsDir, prov.extensionFolder, 'dist', 'client.js')), 'dist/client.js is in the installed extension');
  });

  it('activates on examples/01_vector_add.py and shows the NKI status bar item for trn2', async () => {
    await wb!.screenshot('01-workbench');
    await wb!.openFile('examples/01_vector_add.py');
    const text = await wb!.waitForStatusBar(/NKI.*trn2/, { timeoutMs: 60_000 });
    console.log(`    status bar: "${text}"`);
    assert.match(text, /NKI/);
    assert.match(text, /trn2/);
    // The circuit-board icon replaces the spinner once the language server is running.
    await wb!.waitForStatusBar(/NKI/, { icon: 'circuit-board', timeoutMs: 60_000 });
    await wb!.screenshot('02-vector-add-open');
  });

  it('reports "activated in <n> ms" in the NKI Studio output channel', async () => {
    await wb!.runCommand('NKI: Show Output');
    const match = await wb!.waitForPanelText(/activated in ([\d.]+) ms/);
    const ms = Number(match[1]);
    assert.ok(Number.isFinite(ms) && ms >= 0, `activation time "${match[1]}" is a number`);
    console.log(`    activation time (extension's own measure): ${ms} ms`);
    await wb!.screenshot('03-output-channel');
  });

  it('opens the walkthrough example, whose seeded NKI101 error is explained in a hover over its squiggle', async () => {
    const page = wb!.page;
    await wb!.runCommand('NKI: Open Example Kernel');
    await wb!.waitFor('the example editor', 30_000, (t) => page.locator('.editor-group-container.active .tab.active', { hasText: 'scale_add.py' }).waitFor({ timeout: t }));
    await wb!.runCommand('View: Hide Panel'); // the Output view of the last step covers the kernel
    const squiggle = page.locator('.editor-group-container.active .view-overlays .squiggly-error').first();
    await wb!.waitFor('the error squiggle', 30_000, (t) => squiggle.waitFor({ state: 'visible', timeout: t }));
    const box = await squiggle.boundingBox();
    assert.ok(box, 'the squiggle is laid out');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover-content').filter({ hasText: /NKI101/ }).first();
    await wb!.waitFor('the diagnostic hover', 30_000, (t) => hover.waitFor({ timeout: t }));
    assert.match((await hover.innerText()).replace(/\s+/g, ' '), /Compute engines read and write SBUF\/PSUM only/);
    await wb!.screenshot('04-hover-nki101');
  });

  it('lists the seeded error in the Problems panel', async () => {
    const problem = await wb!.waitForProblem(/NKI101/);
    console.log(`    problem: "${problem}"`);
    assert.match(problem, /operand 'dst' must be in SBUF or PSUM/);
    await wb!.screenshot('05-problems-nki101');
  });
});
