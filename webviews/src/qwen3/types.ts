/**
 * The Qwen3 per-layer speedups report the viewer's Qwen3 tab reads (`nki-studio qwen3 --format
 * json` writes it). Times in nanoseconds for one forward pass over the prompt; rates per second.
 * Invariant: `layers[i].ops` lists every timed operation of decoder layer i, baseline and NKI
 * measured on the same shapes; `totals` is end to end (layers plus anything outside them).
 */

export const QWEN3_SCHEMA = 'nki-studio.qwen3/1';

export interface Qwen3Op {
  /** Operation name, stable across layers: 'rmsnorm', 'qkv_proj', 'attention', 'o_proj', 'mlp', ... */
  name: string;
  baselineNs: number;
  optimisedNs: number;
  /** The NKI kernel used for the optimised run, e.g. 'flash_attention'. */
  kernel?: string;
}

export interface Qwen3Layer {
  /** 0-based decoder layer index. */
  index: number;
  ops: Qwen3Op[];
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
  layers: Qwen3Layer[];
  /** End-to-end latency of one forward pass (all layers plus embedding and head). */
  totals: { baselineNs: number; optimisedNs: number };
  /** Prompts (of `seq` tokens, `batch` per pass) completed per second. */
  promptsPerSecond: { baseline: number; optimised: number };
}

function isFiniteNonNeg(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0;
}

function isOp(v: unknown): v is Qwen3Op {
  const o = v as Partial<Qwen3Op> | null;
  return typeof o === 'object' && o !== null && typeof o.name === 'string'
    && isFiniteNonNeg(o.baselineNs) && isFiniteNonNeg(o.optimisedNs)
    && (o.kernel === undefined || typeof o.kernel === 'string');
}

/** Structural check of untrusted JSON; returns a reason when it is not a Qwen3 report. */
export function qwen3Problem(value: unknown): string | undefined {
  const v = value as Partial<Qwen3Speedups> | null;
  if (typeof v !== 'object' || v === null) return 'not an object';
  if (v.schema !== QWEN3_SCHEMA) return `schema is not '${QWEN3_SCHEMA}'`;
  if (!Array.isArray(v.layers)) return 'layers is not an array';
  for (const [i, layer] of v.layers.entries()) {
    if (typeof layer !== 'object' || layer === null || !Array.isArray(layer.ops)) return `layers[${i}].ops is not an array`;
    const bad = layer.ops.findIndex((op) => !isOp(op));
    if (bad >= 0) return `layers[${i}].ops[${bad}] needs name, baselineNs and optimisedNs`;
  }
  if (!v.totals || !isFiniteNonNeg(v.totals.baselineNs) || !isFiniteNonNeg(v.totals.optimisedNs)) return 'totals needs baselineNs and optimisedNs';
  if (!v.promptsPerSecond || !isFiniteNonNeg(v.promptsPerSecond.baseline) || !isFiniteNonNeg(v.promptsPerSecond.optimised)) {
    return 'promptsPerSecond needs baseline and optimised';
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
