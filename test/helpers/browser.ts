/**
 * Real Chromium for webview tests: playwright-core driving Debian's /usr/bin/chromium (Playwright's
 * own browser download is unreachable offline). Fails with the package to install when missing.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { repoRoot } from './lspClient';

export const CHROMIUM_PATH = process.env.NKI_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for a sandboxed CI machine with no network: no GPU, no background traffic. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--disable-quic'];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install Debian's package (apt-get install chromium) or set NKI_CHROMIUM`);
  }
  // Playwright gives each launch a fresh temporary profile.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export function screenshotPath(tier: string, name: string): string {
  const dir = join(repoRoot, 'test-results', tier);
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
