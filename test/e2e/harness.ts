/**
 * A real VS Code workbench for end-to-end scenarios: code-server (scripts/vscode-host.mjs) with the
 * packaged .vsix installed, driven by playwright-core in Debian's Chromium.
 *
 *   const wb = await startWorkbench();            // packages, provisions, installs once per process
 *   await wb.openFile('examples/02_matmul_tiled.py');
 *   await wb.waitForStatusBar(/NKI/);
 *   await wb.runCommand('NKI: Show Output');
 *   await wb.screenshot('matmul');
 *   await wb.close();
 *
 * Every wait is on a DOM condition with a timeout; a timed-out wait saves a screenshot and throws
 * "timed out after N ms waiting for <what>". close() always stops Chromium and code-server.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH, screenshotPath } from '../helpers/browser';
import { repoRoot } from '../helpers/lspClient';
import { provision, type Provisioned } from './provision';

export { provision, type Provisioned } from './provision';

export interface StartOptions {
  /** Reuse a provision() result; by default the first startWorkbench() of the process provisions. */
  provisioned?: Provisioned;
  /** Folder to open, relative to the repo root. Default `examples`. */
  workspace?: string;
  /** Extra User settings (merged over the host's deterministic defaults). */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
}

const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = `${QUICK_INPUT} .quick-input-box input`;
const QUICK_ROWS = `${QUICK_INPUT} .quick-input-list .monaco-list-row`;
const STATUS_ITEMS = '#workbench\\.parts\\.statusbar .statusbar-item';

let workbenchCount = 0;
let provisioning: Promise<Provisioned> | undefined;

/** provision() once per test process (code-server install, .vsix packaging and install). */
export function provisionOnce(): Promise<Provisioned> {
  provisioning ??= provision().catch((err: unknown) => {
    provisioning = undefined; // let a later call retry
    throw err;
  });
  return provisioning;
}

export class Workbench {
  /** Uncaught errors in the workbench page (printed by reportFailure). */
  readonly pageErrors: string[] = [];

  constructor(
    readonly page: Page,
    readonly url: string,
    readonly workspace: string,
    readonly userDataDir: string,
    readonly codeServerLog: string,
    private readonly browser: Browser,
    private readonly stopServer: () => Promise<void>,
  ) {
    page.on('pageerror', (e) => this.pageErrors.push(e.message));
  }

  /** Runs `wait`; on timeout saves `timeout-<what>.png` and throws a message naming what was awaited. */
  async waitFor<T>(what: string, timeoutMs: number, wait: (timeoutMs: number) => Promise<T>): Promise<T> {
    try {
      return await wait(timeoutMs);
    } catch (err) {
      const shot = await this.screenshot(`timeout-${what}`).catch(() => '(no screenshot)');
      const reason = err instanceof Error ? err.message.split('\n')[0] : String(err);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${reason}); screenshot: ${shot}`);
    }
  }

  /**
   * Waits until the workbench is restored: the explorer lists the folder and the contributions of
   * the built-in extensions are applied (their color theme and file icons: before that the
   * workbench is usable but half-drawn, which makes poor screenshots).
   */
  async waitForWorkbench(timeoutMs = 60_000): Promise<void> {
    await this.waitFor('the workbench to load', timeoutMs, async (t) => {
      await this.page.locator('.monaco-workbench #workbench\\.parts\\.statusbar').waitFor({ timeout: t });
      await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: t });
      await this.page.locator('.monaco-workbench.file-icons-enabled[class*="vscode-theme-"]').waitFor({ timeout: t });
    });
  }

  /** Opens the quick input with `key` (retried: the first keystrokes may land before keybindings load). */
  private async openQuickInput(key: string, timeoutMs: number): Promise<void> {
    await this.waitFor(`the quick input (${key})`, timeoutMs, async (t) => {
      const deadline = Date.now() + t;
      for (;;) {
        await this.page.keyboard.press(key);
        try {
          await this.page.locator(QUICK_INPUT_BOX).waitFor({ state: 'visible', timeout: Math.min(3000, Math.max(1, deadline - Date.now())) });
          return;
        } catch (err) {
          if (Date.now() >= deadline) throw err;
        }
      }
    });
  }

  private async pickRow(what: string, row: Locator, timeoutMs: number): Promise<void> {
    try {
      await this.waitFor(what, timeoutMs, (t) => row.first().waitFor({ state: 'visible', timeout: t }));
    } catch (err) {
      await this.page.keyboard.press('Escape').catch(() => undefined); // leave no quick input open for the next step
      throw err;
    }
    await row.first().click();
    await this.waitFor('the quick input to close', 10_000, (t) => this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: t }));
  }

  /** Quick Open (Ctrl+P) a file given relative to the repo root; waits for its editor tab to be active. */
  async openFile(relPath: string, timeoutMs = 30_000): Promise<void> {
    const abs = resolve(repoRoot, relPath);
    const inWorkspace = relative(this.workspace, abs);
    if (inWorkspace.startsWith('..')) throw new Error(`${relPath} is outside the workspace ${this.workspace}`);
    const name = basename(abs);
    await this.openQuickInput('Control+P', timeoutMs);
    await this.page.locator(QUICK_INPUT_BOX).fill(inWorkspace.split(sep).join('/'));
    const row = this.page.locator(QUICK_ROWS).filter({ has: this.page.locator('.label-name', { hasText: exact(name) }) });
    await this.pickRow(`"${name}" in Quick Open`, row, timeoutMs);
    await this.waitFor(`an active editor tab for ${name}`, timeoutMs, async (t) => {
      await this.page.locator('.editor-group-container.active .tab.active', { hasText: name }).waitFor({ timeout: t });
      await this.page.locator('.editor-group-container.active .monaco-editor .view-lines .view-line').first().waitFor({ timeout: t });
    });
  }

  /** Runs a command by its palette title (e.g. `NKI: Show Output`) through F1. */
  async runCommand(title: string, timeoutMs = 30_000): Promise<void> {
    await this.openQuickInput('F1', timeoutMs);
    await this.page.locator(QUICK_INPUT_BOX).fill(`>${title}`);
    const row = this.page.locator(QUICK_ROWS).filter({ has: this.page.locator('.label-name', { hasText: exact(title) }) });
    await this.pickRow(`command "${title}" in the palette`, row, timeoutMs);
  }

  /**
   * Waits for a status bar item whose text matches; returns that text (codicons are not text).
   * `icon` also waits for its codicon, e.g. `circuit-board` once the NKI language server runs.
   */
  async waitForStatusBar(pattern: RegExp, opts: { icon?: string; timeoutMs?: number } | number = {}): Promise<string> {
    const { icon, timeoutMs = 30_000 } = typeof opts === 'number' ? { timeoutMs: opts } : opts;
    let item = this.page.locator(STATUS_ITEMS).filter({ hasText: pattern });
    if (icon) item = item.filter({ has: this.page.locator(`.codicon-${icon}`) });
    return this.waitFor(`a status bar item matching ${pattern}${icon ? ` with icon ${icon}` : ''}`, timeoutMs, async (t) => {
      await item.first().waitFor({ state: 'visible', timeout: t });
      return normalize(await item.first().innerText());
    });
  }

  /** The active editor's cursor as the status bar shows it ("Ln 26, Col 9"): 1-based line and column. */
  async cursor(timeoutMs = 10_000): Promise<{ line: number; column: number }> {
    const text = await this.waitForStatusBar(/Ln \d+, Col \d+/, { timeoutMs });
    const m = /Ln (\d+), Col (\d+)/.exec(text)!;
    return { line: Number(m[1]), column: Number(m[2]) };
  }

  /** Opens the Problems panel (Ctrl+Shift+M) and waits for a row matching `pattern`; returns its text. */
  async waitForProblem(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    await this.page.keyboard.press('Control+Shift+M');
    const row = this.page.locator('.markers-panel .monaco-list-row').filter({ hasText: pattern }).first();
    return this.waitFor(`a problem matching ${pattern}`, timeoutMs, async (t) => {
      await row.waitFor({ state: 'visible', timeout: t });
      return normalize(await row.innerText());
    });
  }

  /** Text of the editor in the panel (the Output view), as rendered: only lines in view. */
  async panelText(): Promise<string> {
    const lines = this.page.locator('.part.panel .monaco-editor .view-lines');
    return (await lines.count()) ? normalize(await lines.first().innerText()) : '';
  }

  /** Waits until the panel's editor (e.g. an output channel) shows text matching `pattern`. */
  async waitForPanelText(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> {
    // Monaco renders spaces as U+00A0, which Playwright's regex hasText does not normalize: test in the page.
    return this.waitFor(`panel text matching ${pattern}`, timeoutMs, async (t) => {
      const handle = await this.page.waitForFunction(([source, flags]) => {
        const el = (globalThis as any).document.querySelector('.part.panel .monaco-editor .view-lines');
        return !!el && new RegExp(source, flags).test(String(el.innerText).replace(/\u00a0/g, ' '));
      }, [pattern.source, pattern.flags], { timeout: t, polling: 250 });
      await handle.dispose();
      const match = (await this.panelText()).match(pattern);
      if (!match) throw new Error(`the panel matched ${pattern} but no longer does`);
      return match;
    });
  }

  /** Saves test-results/e2e/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    const path = screenshotPath('e2e', name.replace(/[^\w.-]+/g, '_').slice(0, 80));
    await this.page.screenshot({ path, timeout: 15_000 });
    return path;
  }

  /** For an afterEach hook: screenshot of the failure, page errors, and where the logs are. */
  async reportFailure(testTitle: string): Promise<void> {
    const shot = await this.screenshot(`failed-${testTitle}`).catch(() => '(screenshot failed)');
    console.log(`    screenshot of the failure: ${shot}`);
    if (this.pageErrors.length) console.log(`    workbench page errors:\n      ${this.pageErrors.join('\n      ')}`);
    console.log(`    code-server log: ${this.codeServerLog}`);
    console.log(`    extension host logs (incl. "NKI Studio.log"): ${join(this.userDataDir, 'logs')}`);
  }

  /** Stops Chromium and code-server; safe to call twice, never throws. */
  async close(): Promise<void> {
    await Promise.race([this.browser.close(), new Promise((r) => setTimeout(r, 10_000))]).catch(() => undefined);
    await this.stopServer().catch(() => undefined);
  }
}

/**
 * Starts code-server (fresh user-data dir) on the provisioned extensions dir, opens Chromium on
 * it and waits for the workbench. Call close() in an `after` hook.
 */
export async function startWorkbench(opts: StartOptions = {}): Promise<Workbench> {
  const prov = opts.provisioned ?? await provisionOnce();
  const workspace = resolve(repoRoot, opts.workspace ?? 'examples');
  const userDataDir = join(prov.runDir, `user-data-${++workbenchCount}`);
  rmSync(userDataDir, { recursive: true, force: true });
  mkdirSync(userDataDir, { recursive: true });
  const server = await prov.host.launchCodeServer({
    workspace, extensionsDir: prov.extensionsDir, userDataDir, settings: opts.settings,
  });
  let browser: Browser | undefined;
  try {
    // Playwright gives each launch a fresh temporary profile and kills the browser's process group on close.
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, timeout: 60_000 });
    const context = await browser.newContext({ viewport: opts.viewport ?? { width: 1400, height: 860 } });
    const page = await context.newPage();
    const wb = new Workbench(page, server.url, workspace, userDataDir, server.logFile, browser, server.stop);
    const started = Date.now();
    await page.goto(server.url, { timeout: 60_000 });
    await wb.waitForWorkbench();
    console.log(`[e2e] workbench ready ${Date.now() - started} ms after navigation (${server.url})`);
    return wb;
  } catch (err) {
    await browser?.close().catch(() => undefined);
    await server.stop();
    throw new Error(`${err instanceof Error ? err.message : String(err)}\ncode-server log: ${server.logFile}`);
  }
}

function exact(text: string): RegExp {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

function normalize(text: string): string {
  return text.replace(/\u00a0/g, ' ').trim();
}
