/**
 * Why one target models a kernel slower than another: profiles the kernel on both, then on the
 * slower target's table with one group of the other target's numbers swapped in at a time (TensorE
 * clock, Vector/Scalar/GpSimd clocks, TensorE warm-up, DMA/HBM), so each group's share of the
 * gap is visible. A diagnostic of the hardware tables, not a tuning tool: nothing is fitted.
 *
 *   node scripts/build.mjs --tests >/dev/null
 *   node out/scripts/target-gap.js FILE --kernel K --shape a=bfloat16[128,4096] ... [--from trn1] [--to trn2]
 *
 * Invariant: reads only; prints latencies and per-engine busy time (µs) for each variant.
 */
import { readFileSync } from 'node:fs';
import { parseScriptArgs } from './scriptArgs';
import { analyzeFile } from '../simulator/src/check/analyzeFile';
import { initParser } from '../simulator/src/frontend';
import { parseShapeSpec, type ShapeSpec } from '../simulator/src/kernel/shapeSpec';
import { HARDWARE, type HardwareSpec, type HwKey } from '../simulator/src/perf/hardware/index';
import { simulate, type SimulateOptions } from '../simulator/src/perf/profile';
import type { TargetName } from '../simulator/src/profile/schema';
import type { KernelTrace } from '../simulator/src/tracer/traceKernel';

const USAGE = 'usage: node out/scripts/target-gap.js FILE --kernel K --shape a=bfloat16[128,4096] ... [--from trn1] [--to trn2]';

const GROUPS: Array<{ label: string; keys: HwKey[]; noWarmup?: boolean }> = [
  { label: 'TensorE clock', keys: ['tensorClockHz'] },
  { label: 'Vector/Scalar/GpSimd clocks', keys: ['vectorClockHz', 'scalarClockHz', 'gpsimdClockHz'] },
  { label: 'no TensorE warm-up', keys: [], noWarmup: true },
  { label: 'DMA engines + HBM', keys: ['dmaEngineBytesPerSecond', 'hbmChipBytesPerSecond', 'hbmStacks', 'physicalCoresPerChip'] },
  { label: 'all clocks, no warm-up', keys: ['tensorClockHz', 'vectorClockHz', 'scalarClockHz', 'gpsimdClockHz'], noWarmup: true },
];

function isTarget(t: string | undefined): t is TargetName {
  return t === 'trn1' || t === 'trn2' || t === 'trn3';
}

async function main(): Promise<void> {
  const { values, positionals } = parseScriptArgs({
    args: process.argv.slice(2), allowPositionals: true,
    options: { kernel: { type: 'string' }, shape: { type: 'string', multiple: true }, from: { type: 'string' }, to: { type: 'string' } },
  }, USAGE);
  const file = positionals[0];
  const from = values.from ?? 'trn1';
  const to = values.to ?? 'trn2';
  if (!file || !values.kernel) throw new Error('usage: target-gap FILE --kernel K --shape ARG=DTYPE[D0,...] [--from trn1] [--to trn2]');
  if (!isTarget(from) || !isTarget(to)) throw new Error('--from/--to: trn1, trn2 or trn3');
  const shapes: ShapeSpec[] = [];
  for (const s of values.shape ?? []) {
    const r = parseShapeSpec(s);
    if (!r.ok) throw new Error(`--shape ${s}: ${r.error}`);
    shapes.push(r.spec);
  }
  await initParser();
  let trace: KernelTrace | undefined;
  await analyzeFile(file, readFileSync(file, 'utf8'), {
    kernel: values.kernel, shapes, target: to, budget: { timeoutMs: 120_000, maxSteps: 1e9 }, onTrace: (t) => { trace = t; },
  });
  if (!trace || trace.status !== 'complete') throw new Error(`no complete trace of ${values.kernel}: ${trace?.failure ?? trace?.status ?? 'not found'}`);
  const t = trace;
  const row = (label: string, target: TargetName, options: SimulateOptions) => {
    const s = simulate(t.session.instructions, t.session.storages, target, { kernel: values.kernel, ...options }).summary;
    const busy = s.engines.filter((e) => !e.track.startsWith('dma') && e.busyNs > 0).map((e) => `${e.track} ${(e.busyNs / 1000).toFixed(1)}`);
    console.log(`${label.padEnd(44)} ${(s.totalNs / 1000).toFixed(1).padStart(9)} µs   busy µs: ${busy.join(', ')}`);
  };
  row(from, from, {});
  row(to, to, {});
  for (const g of GROUPS) {
    const spec: Record<string, unknown> = { ...HARDWARE[to] };
    for (const k of g.keys) spec[k] = HARDWARE[from][k];
    row(`${to} with ${from} ${g.label}`, to, { spec: spec as unknown as HardwareSpec, tensorWarmup: g.noWarmup ? false : undefined });
  }
}

main().catch((err) => { console.error(err instanceof Error ? err.message : err); process.exitCode = 1; });
