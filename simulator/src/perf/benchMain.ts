/**
 * Command-line harness for the performance-model benchmark (a developer tool, not part of any
 * shipped bundle): times `runPerfBench` at several sizes, unbundled (as transpiled into out/) and
 * bundled by esbuild (as the product ships it: cross-module calls become direct calls), and
 * reports the peak memory of one `simulate` run in a fresh process.
 *
 *   node scripts/build.mjs --tests >/dev/null
 *   node out/simulator/src/perf/benchMain.js [--sizes 200000,1000000] [--runs 5] [--bundle] [--memory]
 *
 * `--bundle` bundles this file (and the model) with esbuild into the OS temp directory and runs the
 * same measurements there as well; `--memory` adds, per size, a child process that builds the trace,
 * runs `simulate` once and reports its peak RSS growth and the heap the profile retains.
 * Invariant: only reads the sources; writes only the bundle in the temp directory.
 */
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPerfBench, runPerfBench, tiledMatmulTrace } from './bench';
import { simulate } from './profile';
import { eventCount } from '../profile/eventStore';
import { profileJsonChunks } from '../profile/json';

interface Args { sizes: number[]; runs: number; bundle: boolean; memory: boolean; child?: string }

function parse(argv: string[]): Args {
  const a: Args = { sizes: [200_000, 1_000_000], runs: 5, bundle: false, memory: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    if (k === '--sizes') a.sizes = argv[++i].split(',').map(Number);
    else if (k === '--runs') a.runs = Number(argv[++i]);
    else if (k === '--bundle') a.bundle = true;
    else if (k === '--memory') a.memory = true;
    else if (k === '--memory-child') a.child = argv[++i];
  }
  return a;
}

/** Same sizing as runPerfBench: a tiled matmul of about `approx` instructions. */
function traceOf(approx: number) {
  const kTiles = 64;
  const tiles = Math.max(1, Math.round(approx / (3 * kTiles + 2)));
  const mTiles = Math.max(1, Math.floor(Math.sqrt(tiles / 4)));
  const nTiles = Math.max(1, Math.round(tiles / mTiles));
  return tiledMatmulTrace(mTiles, nTiles, kTiles);
}

async function memoryChild(approx: number): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const trace = traceOf(approx);
  gc?.();
  const base = process.memoryUsage();
  const rss0 = process.resourceUsage().maxRSS; // KiB
  const t0 = performance.now();
  const p = simulate(trace.instructions, trace.storages, 'trn2');
  const ms = performance.now() - t0;
  const rss1 = process.resourceUsage().maxRSS;
  // Array buffers are released by a sweep after the collection: let it run before measuring.
  gc?.();
  await new Promise((r) => setTimeout(r, 200));
  gc?.();
  const after = process.memoryUsage();
  let bytes = 0;
  for (const chunk of profileJsonChunks(p)) bytes += chunk.length;
  const json = `${(bytes / 2 ** 20).toFixed(0)} MiB of JSON (streamed in chunks)`;
  console.log(`  memory @${trace.instructions.length}: simulate ${ms.toFixed(0)} ms (wall, first run); peak RSS ${(rss1 / 1024).toFixed(0)} MiB `
    + `(+${((rss1 - rss0) / 1024).toFixed(0)} MiB over the trace); profile retains ${((after.heapUsed - base.heapUsed) / 2 ** 20).toFixed(0)} MiB heap `
    + `(+${((after.arrayBuffers - base.arrayBuffers) / 2 ** 20).toFixed(0)} MiB array buffers); ${eventCount(p)} events, ${json}`);
}

function measure(args: Args, label: string, script: string): void {
  for (const n of args.sizes) {
    const r = runPerfBench({ approxInstructions: n, runs: args.runs });
    console.log(`[${label}] ${formatPerfBench(r)}`);
    if (args.memory) {
      const res = spawnSync(process.execPath, ['--expose-gc', script, '--memory-child', String(n)], { encoding: 'utf8' });
      process.stdout.write(res.stdout);
      if (res.status !== 0) process.stderr.write(res.stderr);
    }
  }
}

function main(): void {
  const args = parse(process.argv.slice(2));
  if (args.child) { void memoryChild(Number(args.child)); return; }
  const bundled = __filename.endsWith('.bundle.js');
  measure(args, bundled ? 'bundled' : 'unbundled', __filename);
  if (args.bundle && !bundled) {
    // Bundle from the TypeScript sources, as scripts/build.mjs bundles the product.
    const root = join(__dirname, '../../../..');
    const outfile = join(tmpdir(), 'nki-perf-bench.bundle.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const esbuild = require('esbuild') as typeof import('esbuild');
    esbuild.buildSync({
      entryPoints: [join(root, 'simulator/src/perf/benchMain.ts')], outfile, bundle: true, platform: 'node', target: 'node20',
      format: 'cjs', absWorkingDir: root, logLevel: 'warning', external: ['esbuild'],
    });
    const rest = process.argv.slice(2).filter((a) => a !== '--bundle');
    const res = spawnSync(process.execPath, [outfile, ...rest], { stdio: 'inherit' });
    if (res.status !== 0) process.exitCode = res.status ?? 1;
  }
}

main();
