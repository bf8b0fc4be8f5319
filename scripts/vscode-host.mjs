// A real VS Code to run NKI Studio in, without internet: code-server 4.100.3 (VS Code 1.100 with a
// normal Node extension host, served to a browser) installed from the npm registry into
// .vscode-test/code-server/. Used by `npm start` (scripts/start.mjs) and the e2e tests
// (test/e2e/harness.ts, through a dynamic import()).
//
//   ensureDebianPackages()  chromium, libkrb5-dev, pkg-config, ripgrep (apt-get when root)
//   ensureCodeServer()      install once; a marker file makes later calls instant
//   installExtension()      code-server --install-extension <vsix>
//   launchCodeServer()      start on 127.0.0.1:<free port> in its own process group -> { url, stop }
//
// Why the install is not a plain `npm install code-server`: offline, its postinstall fails (as
// root it demands unsafe-perm, and VS Code's ripgrep dependency downloads from GitHub), so the
// steps of its postinstall are replayed here with Debian's rg in place of the download.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = join(REPO_ROOT, '.vscode-test');
export const CODE_SERVER_VERSION = '4.100.3';
export const CODE_SERVER_DIR = join(CACHE_DIR, 'code-server');
export const CHROMIUM_PATH = '/usr/bin/chromium';

const PKG_DIR = join(CODE_SERVER_DIR, 'node_modules', 'code-server');
const ENTRY = join(PKG_DIR, 'out', 'node', 'entry.js');
const MARKER = join(CODE_SERVER_DIR, '.nki-studio-installed.json');
const INSTALL_LOG = join(CACHE_DIR, 'code-server-install.log');

const log = (msg) => console.log(`[vscode-host] ${msg}`);

// ---------------------------------------------------------------------------------------------
// Processes

/** Runs a command to completion, output appended to `logFile`; rejects with the log's path. */
function run(cmd, args, { cwd, env = {}, logFile, timeoutMs = 15 * 60_000 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const fd = openSync(logFile, 'a');
    writeFileSync(fd, `\n$ (cd ${cwd}) ${cmd} ${args.join(' ')}\n`);
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', fd, fd] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    const done = (err) => { clearTimeout(timer); closeSync(fd); err ? reject(err) : resolvePromise(); };
    child.on('error', (err) => done(new Error(`${cmd} could not start: ${err.message} (log: ${logFile})`)));
    child.on('exit', (code, signal) => done(code === 0 ? undefined
      : new Error(`\`${cmd} ${args.join(' ')}\` in ${cwd} failed (${signal ?? `exit ${code}`}); see ${logFile}`)));
  });
}

function isRoot() {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

// ---------------------------------------------------------------------------------------------
// Debian packages

/** Whether a Debian package is installed (dpkg-query), with a file check where dpkg is absent. */
function debInstalled(pkg, file) {
  if (file && existsSync(file)) return true;
  if (!existsSync('/usr/bin/dpkg-query')) return false;
  try {
    return execFileSync('dpkg-query', ['-W', '-f=${Status}', pkg], { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString().includes('install ok installed');
  } catch {
    return false;
  }
}

/**
 * Makes sure the Debian packages code-server's native modules and the browser tests need are
 * present. As root, missing ones are installed with apt-get; otherwise this throws with the command.
 * `chromium: false` skips the browser (npm start serves to whatever browser the user has).
 */
export async function ensureDebianPackages({ chromium = true } = {}) {
  const wanted = [
    ['libkrb5-dev', undefined],
    ['pkg-config', '/usr/bin/pkg-config'],
    ['ripgrep', '/usr/bin/rg'],
    // Test-only: NumPy reads back the .npy files the simulator writes (an interop check).
    ['python3-numpy', undefined],
    ...(chromium ? [['chromium', CHROMIUM_PATH]] : []),
  ];
  const missing = [];
  for (const [pkg, file] of wanted) if (!debInstalled(pkg, file)) missing.push(pkg);
  if (missing.length === 0) return;
  const command = `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing.join(' ')}`;
  if (!isRoot() || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`Missing system packages: ${missing.join(', ')}. ` +
      (existsSync('/usr/bin/apt-get') ? `Install them with:\n  sudo sh -c '${command}'`
        : 'This machine has no apt-get: install the equivalents with its package manager.'));
  }
  mkdirSync(CACHE_DIR, { recursive: true });
  const aptLog = join(CACHE_DIR, 'apt-install.log');
  log(`installing Debian packages: ${missing.join(' ')} (log: ${aptLog})`);
  await run('apt-get', ['update'], { cwd: CACHE_DIR, logFile: aptLog });
  await run('apt-get', ['install', '-y', ...missing],
    { cwd: CACHE_DIR, logFile: aptLog, env: { DEBIAN_FRONTEND: 'noninteractive' } });
}

// ---------------------------------------------------------------------------------------------
// code-server install

function readMarker() {
  try {
    return JSON.parse(readFileSync(MARKER, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Native modules are built for one Node ABI: a Node upgrade means a reinstall. */
function markerMatches(marker) {
  return marker?.version === CODE_SERVER_VERSION && marker?.nodeAbi === process.versions.modules && existsSync(ENTRY);
}

/** node-gyp downloads Node's headers unless told where they are: use the installed ones offline. */
function nodeGypEnv() {
  if (process.env.npm_config_nodedir) return {};
  const prefix = resolve(dirname(process.execPath), '..');
  return existsSync(join(prefix, 'include', 'node', 'node.h')) ? { npm_config_nodedir: prefix } : {};
}

/**
 * Installs code-server into .vscode-test/code-server/ unless the marker says it is there.
 * A missing marker with a non-empty folder means an interrupted install: it is wiped and redone.
 * Returns the path of code-server's entry script (run it with `node`).
 */
export async function ensureCodeServer() {
  if (markerMatches(readMarker())) return ENTRY;
  return withInstallLock(async () => {
    if (!markerMatches(readMarker())) await installCodeServer(); // another process may have finished it
    return ENTRY;
  });
}

/** One installer at a time (npm start and a test run may race); a dead owner's lock is taken over. */
async function withInstallLock(fn) {
  mkdirSync(CACHE_DIR, { recursive: true });
  const lock = join(CACHE_DIR, 'code-server-install.lock');
  const deadline = Date.now() + 20 * 60_000;
  let announced = false;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(lock, 'utf8'));
      if (!owner || !pidAlive(owner)) { rmSync(lock, { force: true }); continue; }
      if (Date.now() > deadline) throw new Error(`process ${owner} has held ${lock} for 20 minutes; remove it if that process is stuck`);
      if (!announced) log(`waiting for process ${owner}, which is installing code-server ...`);
      announced = true;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { force: true });
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

async function installCodeServer() {
  const started = Date.now();
  if (existsSync(CODE_SERVER_DIR)) {
    log(`removing an incomplete or outdated code-server install in ${CODE_SERVER_DIR}`);
    rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  }
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  writeFileSync(INSTALL_LOG, `code-server ${CODE_SERVER_VERSION} install, ${new Date().toISOString()}\n`);
  // The folder gets its own package.json so npm treats it as the project (the repo's .npmrc,
  // which turns install scripts off, does not apply here) and so nothing lands in the repo's tree.
  writeFileSync(join(CODE_SERVER_DIR, 'package.json'),
    JSON.stringify({ name: 'nki-studio-test-host', private: true, description: 'git-ignored cache' }, null, 2));

  const vscodeDir = join(PKG_DIR, 'lib', 'vscode');
  const env = { npm_config_yes: 'true', npm_config_ignore_scripts: 'false', npm_config_audit: 'false',
    npm_config_fund: 'false', npm_config_update_notifier: 'false', ...nodeGypEnv() };
  const opts = (cwd) => ({ cwd, env, logFile: INSTALL_LOG });
  const steps = [
    ['download code-server', () => run('npm', ['install', `code-server@${CODE_SERVER_VERSION}`, '--ignore-scripts'], opts(CODE_SERVER_DIR))],
    ['download VS Code dependencies', () => run('npm', ['install', '--omit=dev', '--ignore-scripts'], opts(vscodeDir))],
    ['use Debian ripgrep', async () => {
      const bin = join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin');
      mkdirSync(bin, { recursive: true });
      rmSync(join(bin, 'rg'), { force: true });
      symlinkSync('/usr/bin/rg', join(bin, 'rg'));
    }],
    ['build native modules (node-pty, spdlog, watcher, kerberos ...)', () => run('npm', ['rebuild'], opts(vscodeDir))],
    ['finish code-server postinstall', async () => {
      relink(join(vscodeDir, 'node_modules.asar'), 'node_modules');
      relink(join(vscodeDir, 'bin', 'remote-cli', 'code-server'), 'code-linux.sh');
      relink(join(vscodeDir, 'bin', 'helpers', 'browser.sh'), 'browser-linux.sh');
      await run('npm', ['install', '--omit=dev'], opts(join(vscodeDir, 'extensions')));
    }],
    ['build argon2', () => run('npm', ['rebuild', 'argon2'], opts(CODE_SERVER_DIR))],
  ];
  log(`installing code-server ${CODE_SERVER_VERSION} into ${CODE_SERVER_DIR} (1-3 minutes, once; log: ${INSTALL_LOG})`);
  for (const [i, [title, step]] of steps.entries()) {
    const t = Date.now();
    log(`  ${i + 1}/${steps.length} ${title} ...`);
    try {
      await step();
    } catch (err) {
      throw new Error(`code-server install failed at step ${i + 1} (${title}): ${err.message}\nInstall log: ${INSTALL_LOG}`);
    }
    log(`  ${i + 1}/${steps.length} done in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  }
  const seconds = (Date.now() - started) / 1000;
  writeFileSync(MARKER, JSON.stringify({ version: CODE_SERVER_VERSION, nodeAbi: process.versions.modules,
    installedAt: new Date().toISOString(), installSeconds: Math.round(seconds) }, null, 2));
  log(`code-server ${CODE_SERVER_VERSION} installed in ${seconds.toFixed(0)} s`);
}

function relink(path, target) {
  rmSync(path, { force: true });
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
}

// ---------------------------------------------------------------------------------------------
// Extensions

/** Installs a packaged .vsix into `extensionsDir` (replacing the same version, `--force`). */
export async function installExtension(vsixPath, extensionsDir) {
  const entry = await ensureCodeServer();
  mkdirSync(extensionsDir, { recursive: true });
  const logFile = join(CACHE_DIR, 'install-extension.log');
  writeFileSync(logFile, '');
  await run(process.execPath, [entry, '--user-data-dir', join(CACHE_DIR, 'cli-user-data'),
    '--extensions-dir', extensionsDir, '--install-extension', resolve(vsixPath), '--force'],
  { cwd: CACHE_DIR, logFile, env: xdgEnv(), timeoutMs: 120_000 });
  const out = readFileSync(logFile, 'utf8');
  if (!/successfully installed|already installed/i.test(out)) {
    throw new Error(`installing ${vsixPath} did not report success; see ${logFile}:\n${out.slice(-2000)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Launch

/** Settings for a quiet, deterministic workbench (trust off, no welcome page, no update checks). */
export const DEFAULT_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.editor.enablePreview': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'files.hotExit': 'off',
  'git.enabled': false,
  'git.autoRepositoryDetection': false,
  'chat.commandCenter.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};

/**
 * Writes `<userDataDir>/User/settings.json`: settings already there (a user's, in a reused dir)
 * are kept, DEFAULT_SETTINGS and then `settings` win over them.
 */
export function writeUserSettings(userDataDir, settings = {}) {
  const file = join(userDataDir, 'User', 'settings.json');
  let existing = {};
  try {
    existing = JSON.parse(readFileSync(file, 'utf8'));
  } catch { /* absent, or JSON with comments: start over */ }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...existing, ...DEFAULT_SETTINGS, ...settings }, null, 2));
}

/** code-server writes a config file and logs under XDG dirs: keep them inside the cache. */
function xdgEnv() {
  return { XDG_CONFIG_HOME: join(CACHE_DIR, 'xdg', 'config'), XDG_DATA_HOME: join(CACHE_DIR, 'xdg', 'data') };
}

export function freePort() {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePromise(port));
    });
  });
}

/** Kills a process group: SIGTERM, a grace period for the extension host to shut down, then SIGKILL. */
async function killGroup(pid, graceMs = 5000) {
  try { process.kill(-pid, 'SIGTERM'); } catch { return; }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pid)) await new Promise((r) => setTimeout(r, 100));
  try { process.kill(-pid, 'SIGKILL'); } catch { /* group already gone */ }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts code-server on 127.0.0.1 with `workspace` open. Writes `<userDataDir>/User/settings.json`
 * (DEFAULT_SETTINGS plus `settings`), waits until /healthz answers, and returns
 * `{ url, port, logFile, pid, stop, exited }`: `url` opens the workspace, `stop()` kills the process
 * group, `exited` resolves with e.g. `exit 1` if code-server ends by itself.
 */
export async function launchCodeServer({ workspace, extensionsDir, userDataDir, port, settings = {},
  readyTimeoutMs = 60_000 } = {}) {
  if (!workspace || !extensionsDir || !userDataDir) throw new Error('launchCodeServer needs workspace, extensionsDir and userDataDir');
  const entry = await ensureCodeServer();
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, settings);
  port ??= await freePort();
  const logFile = join(userDataDir, 'code-server.log');
  const fd = openSync(logFile, 'w');
  const args = [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`,
    '--config', join(userDataDir, 'code-server-config.yaml'),
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
    '--disable-getting-started-override', '--ignore-last-opened', resolve(workspace)];
  // detached: its own process group, so stop() reaches the extension host and watcher too.
  const child = spawn(process.execPath, args, { cwd: CACHE_DIR, detached: true, stdio: ['ignore', fd, fd],
    env: { ...process.env, ...xdgEnv() } });
  closeSync(fd);
  const pid = child.pid;
  let exitInfo;
  const exited = new Promise((r) => child.on('exit', (code, signal) => { exitInfo = signal ?? `exit ${code}`; r(exitInfo); }));
  // If this Node process ends without calling stop() (crash, Ctrl+C), the group still goes.
  const onExit = () => { try { process.kill(-pid, 'SIGKILL'); } catch { /* gone */ } };
  process.on('exit', onExit);
  let stopped;
  const stop = () => (stopped ??= killGroup(pid).finally(() => process.off('exit', onExit)));

  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exitInfo) {
      await stop();
      throw new Error(`code-server exited (${exitInfo}) before it was ready; log: ${logFile}\n${tail(logFile)}`);
    }
    if (await healthy(base)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`code-server did not answer ${base}/healthz within ${readyTimeoutMs} ms; log: ${logFile}\n${tail(logFile)}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const url = `${base}/?folder=${encodeURIComponent(resolve(workspace))}`;
  return { url, port, pid, logFile, stop, exited };
}

async function healthy(base) {
  try {
    const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

function tail(file, chars = 3000) {
  try {
    return readFileSync(file, 'utf8').slice(-chars);
  } catch {
    return '';
  }
}

// `node scripts/vscode-host.mjs` provisions everything (useful in CI before the e2e tier).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await ensureDebianPackages();
  const t = Date.now();
  await ensureCodeServer();
  log(`ready (${((Date.now() - t) / 1000).toFixed(1)} s): node ${ENTRY}`);
}
