/**
 * Interpreter throughput benchmark (wired to `npm run bench` by the caller). Each case runs a
 * small Python program whose executed-statement count is known, and reports statements per second
 * (the budget's step counter counts statements and calls, so it is used as the measure).
 */
import { initParser, parsePython } from '../frontend';
import { createInterpreter } from './index';

export interface BenchCase { name: string; source: string }
export interface BenchResult { name: string; steps: number; ms: number; stepsPerSecond: number }

const N = 2_000_000;

export const BENCH_CASES: BenchCase[] = [
  { name: 'module-level counted loop (s += i * 2)', source: `s = 0\nfor i in range(${N}):\n    s += i * 2\n` },
  {
    name: 'loop inside a function',
    source: `def f(n):\n    s = 0\n    for i in range(n):\n        s += i * 2\n    return s\nr = f(${N})\n`,
  },
  {
    name: 'nested loops with a helper call and list indexing',
    source: [
      'def tile(i, j):',
      '    return i * 128 + j',
      'acc = [0] * 128',
      'for i in range(2000):',
      '    for j in range(128):',
      '        acc[j] += tile(i, j) % 7',
    ].join('\n') + '\n',
  },
];

export async function benchInterpreter(log: (line: string) => void = console.log, repeat = 3): Promise<BenchResult[]> {
  await initParser();
  const results: BenchResult[] = [];
  for (const c of BENCH_CASES) {
    const ast = parsePython(c.source);
    let best: BenchResult | undefined;
    for (let r = 0; r < repeat; r++) {
      const interp = createInterpreter({ budget: { maxSteps: 1e9, timeoutMs: 60_000 } });
      const t0 = performance.now();
      interp.runModule(ast);
      const ms = performance.now() - t0;
      const res = { name: c.name, steps: interp.steps, ms, stepsPerSecond: interp.steps / (ms / 1000) };
      if (!best || res.stepsPerSecond > best.stepsPerSecond) best = res;
    }
    results.push(best!);
    log(`${best!.name}: ${best!.steps.toLocaleString()} steps in ${best!.ms.toFixed(0)} ms = ${(best!.stepsPerSecond / 1e6).toFixed(2)} M steps/s`);
  }
  return results;
}

