/**
 * The packaged extension in a real VS Code (code-server 1.100 + Chromium): the .vsix installs,
 * opening an NKI kernel activates it (status bar item "NKI … · trn2"), the "NKI Studio"
 * output channel reports the activation time (printed), and the walkthrough's example kernel
 * shows its seeded NKI101 error in the Problems panel and in a hover. Without its shapes comment,
 * "Run & Profile" asks for the input shapes (validated as you type) and offers to add the comment.
 * A language server killed 5 times is restarted 4 times, then the user is asked.
 */
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
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

  it('asks for missing input shapes, validates them as you type, and offers to add the shapes comment', async () => {
    const page = wb!.page;
    const editor = page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await page.keyboard.press('Control+G');
    await page.keyboard.type('12');
    await page.keyboard.press('Enter');
    await wb!.runCommand('Delete Line');
    await wb!.waitFor('the shapes comment to be gone', 10_000, (t) => page.waitForFunction(
      () => !String((globalThis as any).document.querySelector('.editor-group-container.active .monaco-editor .view-lines')?.innerText).includes('nki-studio: shapes'),
      undefined, { timeout: t }));
    const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: 'Run & Profile' }).first();
    await wb!.waitFor('the Run & Profile CodeLens', 60_000, (t) => lens.waitFor({ timeout: t }));
    await lens.click();
    const box = page.locator('.quick-input-widget .quick-input-box input');
    await wb!.waitFor('the shapes input box', 60_000, (t) => box.waitFor({ state: 'visible', timeout: t }));
    assert.equal(await box.inputValue(), 'a=bfloat16[128,512] b=bfloat16[128,512]');
    await box.fill('a=float32[512,x]');
    const message = page.locator('.quick-input-widget .quick-input-message');
    await wb!.waitFor('the validation message', 10_000, (t) => message.filter({ hasText: /not a whole number/ }).waitFor({ timeout: t }));
    await wb!.screenshot('06-shapes-input-invalid');
    await box.fill('a=float32[512,1024]');
    await wb!.waitFor('the missing-input message', 10_000, (t) => message.filter({ hasText: 'Also give b' }).waitFor({ timeout: t }));
    await box.fill('a=float32[512,1024] b=float32[512,1024]');
    await page.keyboard.press('Enter');
    const add = page.locator('.notifications-toasts .monaco-button', { hasText: 'Add Shapes Comment' }).first();
    await wb!.waitFor('the Add Shapes Comment button', 90_000, (t) => add.waitFor({ timeout: t }));
    await wb!.screenshot('07-profiled-offer-comment');
    // Nothing was written into the file before the click.
    assert.ok(!(await editor.innerText()).includes('nki-studio: shapes'));
    await add.click();
    await wb!.waitFor('the shapes comment in the editor', 10_000, (t) => page.waitForFunction(
      () => String((globalThis as any).document.querySelector('.editor-group-container.active .monaco-editor .view-lines')?.innerText)
        .replace(/\u00a0/g, ' ').includes('# nki-studio: shapes a=float32[512,1024] b=float32[512,1024]'),
      undefined, { timeout: t }));
    await wb!.screenshot('08-shapes-comment-added');
  });

  it('restarts a crashed language server 4 times, then stops and offers Show Output and Restart', async function () {
    this.timeout(180_000);
    // Only this test process's own server: its path is under this process's extensions dir.
    const serverJs = join(prov.extensionsDir, prov.extensionFolder, 'dist', 'server.js');
    const serverPids = (): number[] => {
      try {
        return execFileSync('pgrep', ['-f', serverJs], { encoding: 'utf8' }).trim().split('\n').map(Number).filter((n) => n > 0);
      } catch {
        return [];
      }
    };
    const killed: number[] = [];
    for (let crash = 1; crash <= 5; crash++) {
      const pid = await wb!.waitFor(`a running language server before crash ${crash}`, 30_000, async (t) => {
        const deadline = Date.now() + t;
        for (;;) {
          const live = serverPids().filter((p) => !killed.includes(p));
          if (live.length === 1) return live[0]!;
          if (Date.now() > deadline) throw new Error(`server processes: ${JSON.stringify(live)}`);
          await wb!.page.waitForTimeout(250);
        }
      });
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    }
    const toast = wb!.page.locator('.notifications-toasts .notification-list-item', { hasText: 'keeps crashing' }).first();
    try {
      await wb!.waitFor('the crash message', 30_000, (t) => toast.waitFor({ timeout: t }));
    } catch (err) {
      await wb!.runCommand('Notifications: Show Notifications');
      await wb!.page.waitForTimeout(1000);
      console.log(`    notification center: ${await wb!.page.locator('.notifications-center').innerText().catch(() => '(none)')}`);
      await wb!.screenshot('09-notification-center');
      throw err;
    }
    await wb!.waitForStatusBar(/NKI/, { icon: 'error', timeoutMs: 10_000 });
    assert.deepEqual(serverPids().filter((p) => !killed.includes(p)), [], 'no fifth restart');
    await wb!.screenshot('09-server-crashed');
    await toast.locator('.monaco-button', { hasText: 'Restart' }).click();
    await wb!.waitForStatusBar(/NKI/, { icon: 'circuit-board', timeoutMs: 60_000 });
    assert.equal(serverPids().filter((p) => !killed.includes(p)).length, 1);
  });
});
