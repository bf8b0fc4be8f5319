/**
 * Everything an e2e run needs before a browser opens: a fresh .vsix (packaged with
 * `npm run package` unless the one in the repo root is newer than every source), the offline
 * VS Code host (scripts/vscode-host.mjs: Debian packages + code-server), and the .vsix installed
 * into an extensions dir private to this test process (.vscode-test/e2e/<pid>/extensions).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../helpers/lspClient';

/** The part of scripts/vscode-host.mjs the tests use (it is plain ESM, loaded with import()). */
export interface HostModule {
  CACHE_DIR: string;
  ensureDebianPackages(opts?: { chromium?: boolean }): Promise<void>;
  ensureCodeServer(): Promise<string>;
  installExtension(vsixPath: string, extensionsDir: string): Promise<void>;
  launchCodeServer(opts: {
    workspace: string; extensionsDir: string; userDataDir: string; port?: number;
    settings?: Record<string, unknown>; readyTimeoutMs?: number;
  }): Promise<{ url: string; port: number; pid: number; logFile: string; stop(): Promise<void>; exited: Promise<string> }>;
}

export interface Provisioned {
  host: HostModule;
  vsix: string;
  extensionsDir: string;
  /** Per-process scratch dir: user-data dirs of each workbench live here. */
  runDir: string;
  /** e.g. `nki-studio.nki-studio-0.1.0`: the folder the .vsix installed into. */
  extensionFolder: string;
}

export function loadHost(): Promise<HostModule> {
  // A computed specifier keeps esbuild/tsc from touching it: a real ESM import at run time.
  const url = pathToFileURL(join(repoRoot, 'scripts', 'vscode-host.mjs')).href;
  return import(url) as Promise<HostModule>;
}

const SOURCES = ['client/src', 'server/src', 'simulator/src', 'webviews/src', 'syntaxes', 'media',
  'package.json', 'README.md', 'CHANGELOG.md', 'LICENSE', 'scripts/build.mjs'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), st.mtimeMs);
}

function manifest(): { name: string; publisher: string; version: string } {
  return JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
}

/** Runs `npm run package` unless the .vsix is newer than every shipped source. NKI_E2E_VSIX overrides. */
export async function ensureVsix(): Promise<string> {
  if (process.env.NKI_E2E_VSIX) return resolve(process.env.NKI_E2E_VSIX);
  const { name, version } = manifest();
  const vsix = join(repoRoot, `${name}-${version}.vsix`);
  const sourcesMtime = Math.max(...SOURCES.map((s) => newestMtime(join(repoRoot, s))));
  if (existsSync(vsix) && statSync(vsix).mtimeMs > sourcesMtime) {
    console.log(`[e2e] reusing ${vsix} (newer than its sources)`);
    return vsix;
  }
  console.log('[e2e] packaging the extension: npm run package');
  const started = Date.now();
  const output = await new Promise<string>((resolvePromise, reject) => {
    const child = spawn('npm', ['run', 'package'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    const timer = setTimeout(() => child.kill('SIGKILL'), 5 * 60_000);
    child.on('error', (err) => { clearTimeout(timer); reject(err); });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(out);
      else reject(new Error(`npm run package failed (${signal ?? `exit ${code}`}):\n${out.slice(-4000)}`));
    });
  });
  if (!existsSync(vsix)) throw new Error(`npm run package succeeded but ${vsix} is missing:\n${output.slice(-2000)}`);
  console.log(`[e2e] packaged ${vsix} in ${Date.now() - started} ms`);
  return vsix;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Packages, provisions the host and installs the .vsix. Slow once (code-server install), then seconds. */
export async function provision(): Promise<Provisioned> {
  const host = await loadHost();
  await host.ensureDebianPackages();
  const started = Date.now();
  await host.ensureCodeServer();
  const codeServerMs = Date.now() - started;
  if (codeServerMs > 5000) console.log(`[e2e] code-server provisioned in ${(codeServerMs / 1000).toFixed(0)} s`);
  const vsix = await ensureVsix();

  // Scratch dirs of earlier runs whose process is gone are removed; a concurrent run keeps its own.
  const e2eDir = join(host.CACHE_DIR, 'e2e');
  mkdirSync(e2eDir, { recursive: true });
  for (const entry of readdirSync(e2eDir)) {
    if (/^\d+$/.test(entry) && Number(entry) !== process.pid && !isAlive(Number(entry))) {
      rmSync(join(e2eDir, entry), { recursive: true, force: true });
    }
  }
  const runDir = join(e2eDir, String(process.pid));
  rmSync(runDir, { recursive: true, force: true });
  const extensionsDir = join(runDir, 'extensions');
  const t = Date.now();
  await host.installExtension(vsix, extensionsDir);
  console.log(`[e2e] installed ${vsix} into ${extensionsDir} in ${Date.now() - t} ms`);
  const { name, publisher, version } = manifest();
  return { host, vsix, extensionsDir, runDir, extensionFolder: `${publisher}.${name}-${version}` };
}
