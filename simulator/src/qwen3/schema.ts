/**
 * The Qwen3 per-layer report (`nki-studio qwen3 --format json`, read by the viewer's Qwen3 tab).
 * Times in nanoseconds for one forward pass over the prompt (prefill); rates per second.
 * Invariants: `layers[i].ops` lists every timed operation of decoder layer i, baseline and NKI
 * kernels simulated on the same shapes; an op's `optimisedNs` is its `nkiNs` when the op is
 * replaced and its `baselineNs` otherwise; `totals` (and `totalNs`, the optimised one) are end to
 * end: the layers plus `final`.
 */

export const QWEN3_SCHEMA = 'nki-studio.qwen3/1';

export interface Qwen3Op {
  /** Operation name, stable across layers: 'input_layernorm', 'q_proj', 'attention', ... */
  name: string;
  baselineNs: number;
  optimisedNs: number;
  /** The NKI kernel's time, whether or not the optimised run uses it. */
  nkiNs?: number;
  /** Whether the optimised run uses the NKI kernel for this op. */
  replaced?: boolean;
  /** The NKI kernel, e.g. 'flash_attention'. */
  kernel?: string;
  baselineKernel?: string;
  /** Kernel launches per layer (attention: batch x query heads). */
  calls?: number;
}

export interface Qwen3Layer {
  /** 0-based decoder layer index. */
  index: number;
  ops: Qwen3Op[];
}

/** One operation summed over the layers, with its share of the end-to-end time and Amdahl's bound. */
export interface Qwen3OpSummary {
  name: string;
  baselineNs: number;
  optimisedNs: number;
  nkiNs: number;
  /** Fraction of the baseline end-to-end time. */
  baselineShare: number;
  optimisedShare: number;
  /** End-to-end speedup over the baseline if this op alone took no time: 1 / (1 - share). */
  amdahlBound: number;
  /** End-to-end speedup over the baseline with only this op on its NKI kernel. */
  nkiAloneSpeedup: number;
}

export interface Qwen3Speedups {
  schema: typeof QWEN3_SCHEMA;
  /** '0.6b' ... '32b'. */
  model: string;
  target: string;
  seq: number;
  batch: number;
  /** 'naive', 'flash' or 'FILE:KERNEL'. */
  attention: string;
  /** Which ops the optimised run takes from NKI kernels. */
  replace?: 'attention' | 'all';
  /** Decoder layers in the model (the report may simulate fewer). */
  modelLayers?: number;
  layers: Qwen3Layer[];
  /** Operations after the last layer (the final norm). */
  final?: Qwen3Op[];
  /** Optimised end-to-end latency (= totals.optimisedNs). */
  totalNs?: number;
  /** End-to-end latency of one forward pass, baseline and optimised. */
  totals: { baselineNs: number; optimisedNs: number };
  /** Prompts (of `seq` tokens, `batch` per pass) completed per second. */
  promptsPerSecond: { baseline: number; optimised: number };
  ops?: Qwen3OpSummary[];
}

function isFiniteNonNeg(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function opProblem(v: unknown): string | undefined {
  const o = v as Partial<Qwen3Op> | null;
  if (typeof o !== 'object' || o === null || typeof o.name !== 'string' || !isFiniteNonNeg(o.baselineNs) || !isFiniteNonNeg(o.optimisedNs)) {
    return 'needs name, baselineNs and optimisedNs';
  }
  if (o.nkiNs !== undefined && !isFiniteNonNeg(o.nkiNs)) return 'nkiNs is not a time';
  if (o.replaced !== undefined && typeof o.replaced !== 'boolean') return 'replaced is not a boolean';
  if (o.kernel !== undefined && typeof o.kernel !== 'string') return 'kernel is not a string';
  if (o.baselineKernel !== undefined && typeof o.baselineKernel !== 'string') return 'baselineKernel is not a string';
  if (o.calls !== undefined && !(Number.isInteger(o.calls) && o.calls >= 1)) return 'calls is not a positive count';
  return undefined;
}

/** Structural check of untrusted JSON; returns a reason when it is not a Qwen3 report. */
export function qwen3Problem(value: unknown): string | undefined {
  const v = value as Partial<Qwen3Speedups> | null;
  if (typeof v !== 'object' || v === null) return 'not an object';
  if (v.schema !== QWEN3_SCHEMA) return `schema is not '${QWEN3_SCHEMA}'`;
  for (const k of ['model', 'target', 'attention'] as const) if (typeof v[k] !== 'string') return `${k} is not a string`;
  if (!Number.isInteger(v.seq) || !Number.isInteger(v.batch)) return 'seq and batch must be whole numbers';
  if (!Array.isArray(v.layers)) return 'layers is not an array';
  for (const [i, layer] of v.layers.entries()) {
    if (typeof layer !== 'object' || layer === null || !Array.isArray(layer.ops)) return `layers[${i}].ops is not an array`;
    for (const [j, op] of layer.ops.entries()) {
      const p = opProblem(op);
      if (p) return `layers[${i}].ops[${j}] ${p}`;
    }
  }
  if (v.final !== undefined) {
    if (!Array.isArray(v.final)) return 'final is not an array';
    for (const [j, op] of v.final.entries()) {
      const p = opProblem(op);
      if (p) return `final[${j}] ${p}`;
    }
  }
  if (!v.totals || !isFiniteNonNeg(v.totals.baselineNs) || !isFiniteNonNeg(v.totals.optimisedNs)) return 'totals needs baselineNs and optimisedNs';
  if (v.totalNs !== undefined && !isFiniteNonNeg(v.totalNs)) return 'totalNs is not a time';
  if (!v.promptsPerSecond || !isFiniteNonNeg(v.promptsPerSecond.baseline) || !isFiniteNonNeg(v.promptsPerSecond.optimised)) {
    return 'promptsPerSecond needs baseline and optimised';
  }
  if (v.replace !== undefined && v.replace !== 'attention' && v.replace !== 'all') return "replace must be 'attention' or 'all'";
  if (v.ops !== undefined) {
    if (!Array.isArray(v.ops)) return 'ops is not an array';
    const bad = v.ops.findIndex((o) => typeof o !== 'object' || o === null || typeof o.name !== 'string'
      || ![o.baselineNs, o.optimisedNs, o.nkiNs, o.baselineShare, o.optimisedShare, o.amdahlBound, o.nkiAloneSpeedup].every(isFiniteNonNeg));
    if (bad >= 0) return `ops[${bad}] needs name, times, shares and bounds`;
  }
  return undefined;
}

export function isQwen3Speedups(value: unknown): value is Qwen3Speedups {
  return qwen3Problem(value) === undefined;
}

/** Baseline over optimised; 1 means no change. */
export function speedup(baselineNs: number, optimisedNs: number): number {
  return optimisedNs > 0 ? baselineNs / optimisedNs : 1;
}
