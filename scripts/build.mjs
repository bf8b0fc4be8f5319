// Build NKI Studio with esbuild.
//   node scripts/build.mjs               dist/: client, server, cli, webviews, wasm grammars
//   node scripts/build.mjs --production  the same, minified, no source maps (what the .vsix ships)
//   node scripts/build.mjs --watch       rebuild dist/ on change
//   node scripts/build.mjs --tests       also transpile sources, tests and scripts into out/ for mocha
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, statSync, chmodSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const watch = args.has('--watch');
const tests = args.has('--tests');

const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: production ? 'none' : 'inline',
};

const nodeCommon = { ...common, platform: 'node', target: 'node20', format: 'cjs' };

const configs = [
  { ...nodeCommon, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...nodeCommon, entryPoints: ['server/src/main.ts'], outfile: 'dist/server.js' },
  { ...nodeCommon, entryPoints: ['server/src/analysisWorker.ts'], outfile: 'dist/analysisWorker.js' },
  { ...nodeCommon, entryPoints: ['simulator/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  {
    ...common, platform: 'browser', target: 'chrome114', format: 'iife',
    entryPoints: ['webviews/src/viewer/main.ts'], outfile: 'dist/webview/viewer.js',
  },
];

/** The tree-sitter runtime and Python grammar are loaded at run time from dist/. */
function copyAssets() {
  mkdirSync(join(root, 'dist/webview'), { recursive: true });
  copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), join(root, 'dist/web-tree-sitter.wasm'));
  copyFileSync(join(dirname(require.resolve('tree-sitter-python/package.json')), 'tree-sitter-python.wasm'),
    join(root, 'dist/tree-sitter-python.wasm'));
  copyFileSync(join(root, 'webviews/src/viewer/viewer.css'), join(root, 'dist/webview/viewer.css'));
  // The qwen3 command's bundled kernels, read at run time next to the CLI.
  mkdirSync(join(root, 'dist/qwen3'), { recursive: true });
  for (const f of readdirSync(join(root, 'examples/qwen3')).filter((n) => n.endsWith('.py'))) {
    copyFileSync(join(root, 'examples/qwen3', f), join(root, 'dist/qwen3', f));
  }
}

function listTs(dir) {
  const out = [];
  for (const name of readdirSync(join(root, dir))) {
    const rel = join(dir, name);
    if (statSync(join(root, rel)).isDirectory()) out.push(...listTs(rel));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel);
  }
  return out;
}

/** Tests run unbundled: each .ts becomes one .js under out/ with the same relative path. */
async function buildTests() {
  const entryPoints = ['simulator/src', 'server/src', 'client/src', 'test', 'scripts']
    .flatMap((d) => listTs(d))
    .filter((f) => !relative('test/webview/pages', f).match(/^[^.]/));
  await esbuild.build({
    entryPoints, outdir: 'out', outbase: '.', absWorkingDir: root, bundle: false,
    platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning',
  });
  // Benchmarks measure the code as it ships: bundled (unbundled, every imported binding is read
  // through a getter, which costs the model's hot loops ~10%).
  await esbuild.build({
    entryPoints: ['scripts/bench.ts'], outdir: 'out/scripts', absWorkingDir: root, bundle: true,
    platform: 'node', target: 'node20', format: 'cjs', sourcemap: 'inline', logLevel: 'warning', external: ['esbuild'],
  });
}

if (watch) {
  for (const config of configs) await (await esbuild.context(config)).watch();
  copyAssets();
  console.log('[watch] building dist/ on change');
} else {
  const started = Date.now();
  // A release build starts clean so no stale file reaches the .vsix; dev builds overwrite in place
  // (so a test run in one terminal never sees dist/ vanish under it).
  if (production) rmSync(join(root, 'dist'), { recursive: true, force: true });
  await Promise.all(configs.map((c) => esbuild.build(c)));
  copyAssets();
  chmodSync(join(root, 'dist/cli.js'), 0o755);
  if (tests) await buildTests();
  console.log(`built dist/${tests ? ' and out/' : ''} in ${Date.now() - started} ms${production ? ' (production)' : ''}`);
}
