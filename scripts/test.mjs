// `npm test`: type-check, build, then every test tier in order. A tier that cannot run fails the
// command with its reason; nothing is skipped silently. Ends with one summary line,
// "N passed, N failed", counted over all tiers.
//   node scripts/test.mjs [unit|lsp|webview|e2e ...]   run only the named tiers
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIERS = ['unit', 'lsp', 'webview', 'e2e'];
const requested = process.argv.slice(2);
const unknown = requested.filter((t) => !TIERS.includes(t));
if (unknown.length) {
  console.error(`unknown tier(s): ${unknown.join(', ')}; tiers are ${TIERS.join(', ')}`);
  process.exit(2);
}
const tiers = requested.length ? TIERS.filter((t) => requested.includes(t)) : TIERS;

/** Runs a command, echoing its output, and resolves with its exit code and captured stdout. */
function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
    let stdout = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; process.stdout.write(chunk); });
    child.on('error', (err) => resolve({ code: 127, stdout: `${stdout}\n${err.message}` }));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout }));
  });
}

const bin = (name) => join(root, 'node_modules', '.bin', name);

// System packages the tiers need (Chromium, NumPy for an interop check, code-server's build
// deps): installed when running as root, otherwise the run stops here naming them.
try {
  const { ensureDebianPackages } = await import('./vscode-host.mjs');
  await ensureDebianPackages();
} catch (err) {
  console.error(`\nCannot run the tests: ${err.message}`);
  console.log(`\n0 passed, ${tiers.length} failed`);
  process.exit(1);
}
let passed = 0;
let failed = 0;
const problems = [];

for (const [label, args] of [['type-check (node)', ['--noEmit', '-p', '.']], ['type-check (webviews)', ['--noEmit', '-p', 'webviews']]]) {
  console.log(`\n== ${label}`);
  const { code } = await run(bin('tsc'), args);
  if (code !== 0) problems.push(`${label} failed`);
}

console.log('\n== build');
const build = await run(process.execPath, ['scripts/build.mjs', '--tests']);
if (build.code !== 0) {
  console.error('build failed: no tier can run');
  console.log(`\n0 passed, ${tiers.length} failed`);
  process.exit(1);
}

for (const tier of tiers) {
  console.log(`\n== ${tier} tests`);
  const { code, stdout } = await run(bin('mocha'), ['--config', `test/.mocharc.${tier}.json`]);
  const passing = Number(/(\d+) passing/.exec(stdout)?.[1] ?? 0);
  const failing = Number(/(\d+) failing/.exec(stdout)?.[1] ?? 0);
  passed += passing;
  failed += failing;
  if (code !== 0 && failing === 0) {
    failed += 1;
    problems.push(`${tier} tier could not run (exit ${code})`);
  } else if (failing > 0) problems.push(`${tier}: ${failing} failing`);
  else if (passing === 0) problems.push(`${tier} tier ran no test`);
}

if (problems.length) console.log(`\nProblems:\n  ${problems.join('\n  ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(problems.length ? 1 : 0);
