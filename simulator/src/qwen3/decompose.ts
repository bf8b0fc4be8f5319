/**
 * One Qwen3 decoder layer as the sequence of operations Hugging Face's modeling_qwen3 runs for a
 * prefill of `batch` prompts of `seq` tokens (T = batch x seq), with each operation's tensors at
 * their real shapes. An operation is one or more kernel calls (`calls`): RoPE runs on q and on k,
 * attention once per (batch, query head) with the head's shapes.
 */
import type { Qwen3Config } from './configs';

export type OpKind = 'rmsnorm' | 'linear' | 'rope' | 'attention' | 'residual' | 'silu_mul';

/** A tensor in the operation's own (PyTorch) layout; kernels' layouts are adapted in kernels.ts. */
export interface OpTensor { dtype: string; shape: number[] }

export interface OpCall {
  /** What this call covers, e.g. 'q' or 'k' for RoPE. */
  label: string;
  tensors: Record<string, OpTensor>;
  /** Identical calls per layer (attention: batch x query heads). */
  count: number;
}

export interface LayerOp {
  /** Stable name, after the Hugging Face module or function: 'q_proj', 'attention', ... */
  name: string;
  kind: OpKind;
  calls: OpCall[];
}

export const DTYPE = 'bfloat16';

function t(...shape: number[]): OpTensor {
  return { dtype: DTYPE, shape };
}

function op(name: string, kind: OpKind, tensors: Record<string, OpTensor>, count = 1, label = name): LayerOp {
  return { name, kind, calls: [{ label, tensors, count }] };
}

function linear(name: string, tokens: number, inFeatures: number, outFeatures: number): LayerOp {
  return op(name, 'linear', { x: t(tokens, inFeatures), w: t(inFeatures, outFeatures) });
}

function rmsnorm(name: string, rows: number, cols: number): LayerOp {
  return op(name, 'rmsnorm', { x: t(rows, cols), w: t(1, cols) });
}

/** The operations of one decoder layer, in execution order. */
export function decoderLayerOps(cfg: Qwen3Config, seq: number, batch: number): LayerOp[] {
  const T = seq * batch;
  const H = cfg.hiddenSize;
  const d = cfg.headDim;
  const qDim = cfg.heads * d;
  const kvDim = cfg.kvHeads * d;
  const I = cfg.intermediateSize;
  const ops: LayerOp[] = [
    rmsnorm('input_layernorm', T, H),
    linear('q_proj', T, H, qDim),
    linear('k_proj', T, H, kvDim),
    linear('v_proj', T, H, kvDim),
  ];
  if (cfg.qkNorm) ops.push(rmsnorm('q_norm', T * cfg.heads, d), rmsnorm('k_norm', T * cfg.kvHeads, d));
  ops.push(
    {
      name: 'rotary', kind: 'rope', calls: [
        { label: 'q', tensors: { x: t(T, qDim), cos: t(T, d), sin: t(T, d) }, count: 1 },
        { label: 'k', tensors: { x: t(T, kvDim), cos: t(T, d), sin: t(T, d) }, count: 1 },
      ],
    },
    // One call per (batch, query head); kv heads are shared by heads / kvHeads query heads (GQA).
    op('attention', 'attention', { q: t(seq, d), k: t(seq, d), v: t(seq, d) }, batch * cfg.heads, 'one (batch, head)'),
    linear('o_proj', T, qDim, H),
    op('residual_attn', 'residual', { a: t(T, H), b: t(T, H) }),
    rmsnorm('post_attention_layernorm', T, H),
    linear('gate_proj', T, H, I),
    linear('up_proj', T, H, I),
    op('act_mul', 'silu_mul', { gate: t(T, I), up: t(T, I) }),
    linear('down_proj', T, I, H),
    op('residual_mlp', 'residual', { a: t(T, H), b: t(T, H) }),
  );
  return ops;
}

/** After the last layer: the final RMSNorm (the embedding gather and LM head are not modelled). */
export function finalOps(cfg: Qwen3Config, seq: number, batch: number): LayerOp[] {
  return [rmsnorm('norm', seq * batch, cfg.hiddenSize)];
}

/** Why these shapes cannot be simulated with the bundled kernels, or undefined. */
export function shapeProblem(seq: number, batch: number): string | undefined {
  if (seq % 512 !== 0) return `--seq must be a multiple of 512 (the bundled kernels tile tokens and keys by 512); got ${seq}`;
  if (batch < 1) return `--batch must be at least 1; got ${batch}`;
  return undefined;
}
