/**
 * Benchmarks (medians on this machine, not timed tests):
 *   npm run bench -- [--file KERNEL.py] [--only interp,perf,numerics,check]
 * - interp: interpreter statements per second on small Python loops;
 * - perf: simulated instructions per second of the performance model;
 * - numerics: matmul GFLOP/s of the CPU simulator's numerics;
 * - check: parse, lower and full analysis (trace + rules) of a kernel file, median of 10 runs.
 *   Defaults to examples/02_matmul_tiled.py; pass a large real kernel (e.g. nki-library's
 *   attention_cte.py from a local corpus checkout) to measure the editor's worst case.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { benchInterpreter } from '../simulator/src/interp/bench';
import { formatPerfBench, runPerfBench } from '../simulator/src/perf/bench';
import { formatNumericsBench, runNumericsBench } from '../simulator/src/numerics/bench';
import { initParser, parsePython } from '../simulator/src/frontend';
import { analyzeFile } from '../simulator/src/check/analyzeFile';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function benchCheck(file: string): Promise<void> {
  await initParser();
  const text = readFileSync(file, 'utf8');
  const parse: number[] = [];
  const analyze: number[] = [];
  for (let i = 0; i < 10; i++) {
    let t = performance.now();
    parsePython(text);
    parse.push(performance.now() - t);
    t = performance.now();
    await analyzeFile(file, text);
    analyze.push(performance.now() - t);
  }
  const lines = text.split('\n').length;
  console.log(`check ${file} (${lines} lines): parse+lower median ${median(parse).toFixed(1)} ms; full analysis median ${median(analyze).toFixed(1)} ms`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ args: process.argv.slice(2), options: { file: { type: 'string' }, only: { type: 'string' } } });
  const only = new Set((values.only ?? 'interp,perf,numerics,check').split(','));
  if (only.has('interp')) await benchInterpreter((line) => console.log(`interp ${line}`));
  if (only.has('perf')) console.log(formatPerfBench(runPerfBench({ approxInstructions: 200_000, runs: 5 })));
  if (only.has('numerics')) console.log(formatNumericsBench(runNumericsBench()));
  if (only.has('check')) await benchCheck(values.file ?? join(__dirname, '../../examples/02_matmul_tiled.py'));
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
