/**
 * The packaged extension in a real VS Code (code-server 1.100 + Chromium): the .vsix installs,
 * opening an NKI kernel activates it (status bar item "NKI … · trn2"), and the "NKI Studio"
 * output channel reports the activation time, which this test prints.
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
});
