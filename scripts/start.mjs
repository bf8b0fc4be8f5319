// `npm start`: build, package the .vsix, and open examples/ in a real VS Code with NKI Studio
// installed, until Ctrl+C.
//
//   node scripts/start.mjs [--host=auto|code-server|desktop] [--port=N]
//
// Host: `desktop` is VS Code downloaded by @vscode/test-electron (needs internet and a display);
// `code-server` is VS Code 1.100 in the browser, installed offline from the npm registry
// (scripts/vscode-host.mjs). `auto` (default) tries desktop when there is a display and falls back
// to code-server as soon as the download fails. Everything lands in the git-ignored .vscode-test/.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CACHE_DIR, CODE_SERVER_VERSION, REPO_ROOT, ensureCodeServer, ensureDebianPackages, installExtension,
  launchCodeServer, writeUserSettings,
} from './vscode-host.mjs';

const args = Object.fromEntries(process.argv.slice(2).map((a) => {
  const [k, v] = a.replace(/^--/, '').split('=');
  return [k, v ?? 'true'];
}));
const hostChoice = args.host ?? process.env.NKI_START_HOST ?? 'auto';
const port = args.port ? Number(args.port) : undefined;
const workspace = join(REPO_ROOT, 'examples');
const extensionsDir = join(CACHE_DIR, 'extensions');
const say = (msg) => console.log(`[start] ${msg}`);

/** Runs a command with inherited output; exits this script if it fails. */
function step(title, cmd, cmdArgs) {
  say(title);
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: REPO_ROOT, stdio: 'inherit' });
    child.on('error', (err) => fail(`${title}: ${err.message}`));
    child.on('exit', (code) => (code === 0 ? resolve() : fail(`${title} failed (exit ${code})`)));
  });
}

function fail(message) {
  console.error(`[start] ${message}`);
  process.exit(1);
}

function hasDisplay() {
  return process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Desktop VS Code via @vscode/test-electron; returns false (quickly) when it cannot be had. */
async function runDesktop(vsix) {
  if (!hasDisplay()) {
    say('no display (DISPLAY/WAYLAND_DISPLAY unset): using code-server');
    return false;
  }
  let exe;
  try {
    const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
    say('getting desktop VS Code (stable) with @vscode/test-electron ...');
    // `timeout` is an idle timeout: an unreachable or silent server fails within seconds.
    exe = await downloadAndUnzipVSCode({ version: 'stable', cachePath: CACHE_DIR, timeout: 5000 });
  } catch (err) {
    say(`desktop VS Code unavailable (${String(err?.message ?? err).split('\n')[0]}): using code-server`);
    return false;
  }
  const { resolveCliArgsFromVSCodeExecutablePath } = await import('@vscode/test-electron');
  const [cli, ...cliArgs] = resolveCliArgsFromVSCodeExecutablePath(exe);
  const userDataDir = join(CACHE_DIR, 'desktop-user-data');
  const profile = ['--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
  writeUserSettings(userDataDir);
  await step(`installing ${vsix}`, cli, [...cliArgs, ...profile, '--install-extension', vsix, '--force']);
  say(`starting VS Code ${exe} on ${workspace}. Open 01_vector_add.py from the Explorer first.`);
  const child = spawn(exe, [...profile, workspace, join(workspace, '01_vector_add.py')],
    { cwd: REPO_ROOT, stdio: 'inherit', detached: true });
  const stop = () => { try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ } };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await new Promise((resolve) => child.on('exit', resolve));
  return true;
}

async function runCodeServer(vsix) {
  await ensureDebianPackages({ chromium: false });
  await ensureCodeServer();
  say(`installing ${vsix} into ${extensionsDir}`);
  await installExtension(vsix, extensionsDir);
  const server = await launchCodeServer({ workspace, extensionsDir, userDataDir: join(CACHE_DIR, 'user-data'), port });
  const rule = '-'.repeat(78);
  console.log(`\n${rule}\nNKI Studio is running in VS Code 1.100 (code-server ${CODE_SERVER_VERSION}).\n\n` +
    `  Open ${server.url} in a browser.\n\n` +
    '  Try first: open 01_vector_add.py from the Explorer (or Ctrl+P, 01_vector_add.py).\n' +
    '  The status bar then shows "NKI <version> · trn2" (click it to change the target), and\n' +
    '  F1 > "NKI: Show Output" shows the extension\'s log. Then try 02_matmul_tiled.py.\n\n' +
    `  code-server log: ${server.logFile}\n  Press Ctrl+C to stop.\n${rule}\n`);
  if (process.env.BROWSER) {
    // Only a browser the user configured; never guess one.
    spawn(process.env.BROWSER, [server.url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  }
  let stopping = false;
  const shutdown = async (signal) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping code-server ...`);
    await server.stop();
    say('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('Ctrl+C'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGHUP', () => void shutdown('terminal closed'));
  const how = await server.exited;
  if (!stopping) {
    await server.stop();
    fail(`code-server ended by itself (${how}); see ${server.logFile}`);
  }
}

if (!['auto', 'code-server', 'desktop'].includes(hostChoice)) fail(`--host must be auto, code-server or desktop (got ${hostChoice})`);
await step('building (node scripts/build.mjs)', process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')]);
await step('packaging (npm run package)', 'npm', ['run', 'package']);
const { name, version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
const vsix = join(REPO_ROOT, `${name}-${version}.vsix`);
if (!existsSync(vsix)) fail(`npm run package did not produce ${vsix}`);

try {
  if (hostChoice !== 'code-server' && await runDesktop(vsix)) process.exit(0);
  if (hostChoice === 'desktop') fail('desktop VS Code is not available here; use --host=code-server');
  await runCodeServer(vsix);
} catch (err) {
  fail(err?.message ?? String(err));
}
