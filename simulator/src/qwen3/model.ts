/**
 * Simulates a Qwen3 prefill from its operations: every operation of a decoder layer is timed by
 * simulating its baseline and NKI kernels at the real shapes (timing-only), and the layer, the
 * model and the speedups follow by addition. Identical layers share one simulation through the
 * timing cache. The optimised run takes the NKI kernel for the replaced operations (attention by
 * default, every operation with replace 'all') and the baseline kernel for the others, so a
 * comparison such as naive vs flash attention changes exactly one thing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { initParser, parsePython, type FunctionDef } from '../frontend';
import { findKernels } from '../check/kernels';
import type { TargetName } from '../options';
import { QWEN3_CONFIGS, type Qwen3Config, type Qwen3ModelName } from './configs';
import { decoderLayerOps, finalOps, shapeProblem, type LayerOp } from './decompose';
import { attentionBinding, bundledInputs, bundledKernel, bundledKernelDir, type KernelInputs, type KernelRef } from './kernels';
import { QWEN3_SCHEMA, type Qwen3Op, type Qwen3OpSummary, type Qwen3Speedups } from './schema';
import { timeKernel, TimingCache, type TimingOptions } from './timing';

export type AttentionChoice = 'naive' | 'flash' | { file: string; kernel: string };

export interface Qwen3RunOptions {
  model: Qwen3ModelName;
  /** Decoder layers to simulate (default: the model's). */
  layers?: number;
  seq: number;
  batch: number;
  attention: AttentionChoice;
  replace: 'attention' | 'all';
  target: TargetName;
  traceTimeoutMs: number;
  cacheDir?: string;
  /** Progress lines (one per kernel simulated). */
  log?: (line: string) => void;
  /** Where examples/qwen3 is (tests); found next to the CLI otherwise. */
  kernelDir?: string;
}

interface LoadedKernel { ref: KernelRef; source: string; def: FunctionDef }

/** Reads a kernel file and finds the kernel; throws with a message naming what is missing. */
async function loadKernel(ref: KernelRef, files: Map<string, string>): Promise<LoadedKernel> {
  let source = files.get(ref.path);
  if (source === undefined) {
    try {
      source = readFileSync(ref.path, 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${ref.path}: ${(err as Error).message}`);
    }
    files.set(ref.path, source);
  }
  await initParser();
  const module = parsePython(source);
  const defs = findKernels(module);
  const def = defs.find((k) => k.name === ref.kernel)
    ?? module.body.find((s): s is FunctionDef => s.kind === 'FunctionDef' && s.name === ref.kernel);
  if (!def) throw new Error(`no kernel named '${ref.kernel}' in ${ref.path} (kernels: ${defs.map((k) => k.name).join(', ') || 'none'})`);
  return { ref, source, def };
}

export interface OpTiming { baselineNs: number; nkiNs: number; baselineKernel: string; nkiKernel: string; calls: number }

export async function runQwen3(opts: Qwen3RunOptions): Promise<Qwen3Speedups> {
  const cfg: Qwen3Config = QWEN3_CONFIGS[opts.model];
  const problem = shapeProblem(opts.seq, opts.batch);
  if (problem) throw new Error(problem);
  const layerCount = opts.layers ?? cfg.layers;
  const dir = opts.kernelDir ?? bundledKernelDir();
  const files = new Map<string, string>();
  const cache = new TimingCache(opts.cacheDir);
  const timing: TimingOptions = { target: opts.target, traceTimeoutMs: opts.traceTimeoutMs };
  const log = opts.log ?? (() => undefined);

  const nkiAttention: KernelRef = typeof opts.attention === 'object'
    ? { path: resolve(opts.attention.file), kernel: opts.attention.kernel }
    : bundledKernel('attention', opts.attention === 'flash' ? 'nki' : 'baseline', dir);

  // A user's kernel is read and bound before anything is simulated, so mistakes show at once.
  if (typeof opts.attention === 'object') {
    const k = await loadKernel(nkiAttention, files);
    const bound = attentionBinding(k.def.params, opts.seq, cfg.headDim, 'bfloat16');
    if ('error' in bound) throw new Error(`${nkiAttention.kernel} (${nkiAttention.path}): ${bound.error}`);
  }

  async function time(ref: KernelRef, op: LayerOp, user: boolean): Promise<number> {
    const k = await loadKernel(ref, files);
    let total = 0;
    for (const call of op.calls) {
      let inputs: KernelInputs;
      if (user) {
        const q = call.tensors.q;
        const bound = attentionBinding(k.def.params, q.shape[0], q.shape[1], q.dtype);
        if ('error' in bound) throw new Error(`${ref.kernel} (${ref.path}): ${bound.error}`);
        inputs = bound;
      } else {
        inputs = bundledInputs(op.kind, call, cfg, k.def.params.map((p) => p.name));
      }
      const t = await timeKernel(ref, k.source, inputs, timing, cache);
      if (!t.cached) log(`  ${op.name}${op.calls.length > 1 ? ` (${call.label})` : ''}: ${ref.kernel} ${inputs.shapes.map((s) => `${s.arg}[${s.shape.join(',')}]`).join(' ')} -> ${(t.ns / 1e3).toFixed(1)} us, ${t.instructions} instructions, ${(t.wallMs / 1e3).toFixed(1)} s`);
      for (const e of t.errors.slice(0, 3)) log(`  note: ${ref.kernel} at these shapes: ${e}`);
      total += t.ns * call.count;
    }
    return total;
  }

  async function timeOp(op: LayerOp): Promise<OpTiming> {
    const base = bundledKernel(op.kind, 'baseline', dir);
    const isUser = op.kind === 'attention' && typeof opts.attention === 'object';
    const nki = op.kind === 'attention' ? nkiAttention : bundledKernel(op.kind, 'nki', dir);
    const baselineNs = await time(base, op, false);
    const nkiNs = nki.path === base.path && nki.kernel === base.kernel ? baselineNs : await time(nki, op, isUser);
    return { baselineNs, nkiNs, baselineKernel: base.kernel, nkiKernel: nki.kernel, calls: op.calls.reduce((s, c) => s + c.count, 0) };
  }

  const replaced = (op: LayerOp): boolean => opts.replace === 'all' || op.kind === 'attention';
  const toReportOp = (op: LayerOp, t: OpTiming): Qwen3Op => ({
    name: op.name, baselineNs: t.baselineNs, optimisedNs: replaced(op) ? t.nkiNs : t.baselineNs, nkiNs: t.nkiNs,
    replaced: replaced(op), kernel: t.nkiKernel, baselineKernel: t.baselineKernel, calls: t.calls,
  });

  const layers = [];
  for (let index = 0; index < layerCount; index++) {
    const ops: Qwen3Op[] = [];
    // Every layer has the same shapes; after layer 0 the cache answers.
    for (const op of decoderLayerOps(cfg, opts.seq, opts.batch)) ops.push(toReportOp(op, await timeOp(op)));
    layers.push({ index, ops });
  }
  const final: Qwen3Op[] = [];
  for (const op of finalOps(cfg, opts.seq, opts.batch)) final.push(toReportOp(op, await timeOp(op)));
  return assembleReport(opts, cfg, layers, final);
}

function attentionLabel(a: AttentionChoice): string {
  return typeof a === 'object' ? `${a.file}:${a.kernel}` : a;
}

/** Totals, rates and per-op shares from the per-layer times (pure; tested on its own). */
export function assembleReport(opts: Pick<Qwen3RunOptions, 'model' | 'seq' | 'batch' | 'attention' | 'replace' | 'target'>, cfg: Qwen3Config,
  layers: Array<{ index: number; ops: Qwen3Op[] }>, final: Qwen3Op[]): Qwen3Speedups {
  const all = [...layers.flatMap((l) => l.ops), ...final];
  const baselineNs = all.reduce((s, o) => s + o.baselineNs, 0);
  const optimisedNs = all.reduce((s, o) => s + o.optimisedNs, 0);
  const byName = new Map<string, { baselineNs: number; optimisedNs: number; nkiNs: number }>();
  for (const o of all) {
    const g = byName.get(o.name) ?? { baselineNs: 0, optimisedNs: 0, nkiNs: 0 };
    g.baselineNs += o.baselineNs;
    g.optimisedNs += o.optimisedNs;
    g.nkiNs += o.nkiNs ?? o.optimisedNs;
    byName.set(o.name, g);
  }
  const ops: Qwen3OpSummary[] = [...byName.entries()].map(([name, g]) => {
    const rest = baselineNs - g.baselineNs;
    return {
      name, ...g,
      baselineShare: baselineNs > 0 ? g.baselineNs / baselineNs : 0,
      optimisedShare: optimisedNs > 0 ? g.optimisedNs / optimisedNs : 0,
      amdahlBound: rest > 0 ? baselineNs / rest : 1,
      nkiAloneSpeedup: rest + g.nkiNs > 0 ? baselineNs / (rest + g.nkiNs) : 1,
    };
  });
  const rate = (ns: number): number => (ns > 0 ? opts.batch / (ns / 1e9) : 0);
  return {
    schema: QWEN3_SCHEMA, model: opts.model, target: opts.target, seq: opts.seq, batch: opts.batch,
    attention: attentionLabel(opts.attention), replace: opts.replace, modelLayers: cfg.layers,
    layers, final, totalNs: optimisedNs, totals: { baselineNs, optimisedNs },
    promptsPerSecond: { baseline: rate(baselineNs), optimised: rate(optimisedNs) }, ops,
  };
}
