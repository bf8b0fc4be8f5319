/**
 * Which NKI kernel times each operation, and how an operation's tensors become a kernel's inputs.
 * Every operation has a baseline kernel (written the way a default lowering of the eager graph
 * behaves) and an NKI kernel (fused / tiled); both live in examples/qwen3 as ordinary NKI files.
 * A user's attention kernel is bound by its parameter names and layout conventions
 * (`attentionBinding`), so a kernel written for a whole tensor runs on one (batch, head) slice.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Parameter } from '../frontend';
import type { ShapeSpec } from '../kernel/shapeSpec';
import type { Qwen3Config } from './configs';
import type { OpCall, OpKind, OpTensor } from './decompose';

export interface KernelRef {
  /** Path of the .py file. */
  path: string;
  kernel: string;
}

export interface KernelInputs {
  shapes: ShapeSpec[];
  /** Compile-time arguments (eps, scale) passed by name. */
  scalars: Record<string, unknown>;
}

/** The bundled kernels per operation kind: file in examples/qwen3, baseline and NKI kernel names. */
export const BUNDLED: Readonly<Record<OpKind, { file: string; baseline: string; nki: string }>> = {
  rmsnorm: { file: 'rmsnorm.py', baseline: 'rmsnorm_unfused', nki: 'rmsnorm_fused' },
  linear: { file: 'linear.py', baseline: 'linear_naive', nki: 'linear_tiled' },
  rope: { file: 'rope.py', baseline: 'rope_unfused', nki: 'rope_fused' },
  attention: { file: 'attention.py', baseline: 'attention_naive', nki: 'flash_attention' },
  residual: { file: 'elementwise.py', baseline: 'residual_add', nki: 'residual_add' },
  silu_mul: { file: 'elementwise.py', baseline: 'silu_mul_unfused', nki: 'silu_mul_fused' },
};

/** dist/qwen3 next to the bundled CLI (copied there by the build, shipped in the package), else examples/qwen3 in the repository. */
export function bundledKernelDir(start = __dirname): string {
  if (existsSync(join(start, 'qwen3', 'attention.py'))) return join(start, 'qwen3');
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'examples', 'qwen3');
    if (existsSync(join(candidate, 'attention.py'))) return candidate;
    if (dirname(dir) === dir) throw new Error('the bundled Qwen3 kernels (dist/qwen3 or examples/qwen3) are missing next to the CLI');
  }
}

export function bundledKernel(kind: OpKind, which: 'baseline' | 'nki', dir = bundledKernelDir()): KernelRef {
  const b = BUNDLED[kind];
  return { path: join(dir, b.file), kernel: which === 'baseline' ? b.baseline : b.nki };
}

function spec(arg: string, t: OpTensor, shape = t.shape): ShapeSpec {
  return { arg, dtype: t.dtype, shape: [...shape] };
}

/** Inputs of a bundled kernel for one call of an operation (their layouts are documented in each file). */
export function bundledInputs(kind: OpKind, call: OpCall, cfg: Qwen3Config, params: readonly string[]): KernelInputs {
  const x = call.tensors;
  const shapes: ShapeSpec[] = [];
  const scalars: Record<string, unknown> = {};
  switch (kind) {
    case 'rmsnorm':
      shapes.push(spec('x', x.x), spec('w', x.w));
      scalars.eps = cfg.rmsNormEps;
      break;
    case 'linear': {
      const [tokens, inFeatures] = x.x.shape;
      shapes.push(spec('xT', x.x, [inFeatures, tokens]), spec('w', x.w));
      break;
    }
    case 'rope':
      shapes.push(spec('x', x.x), spec('cos', x.cos), spec('sin', x.sin));
      break;
    case 'attention': {
      const [seq, d] = x.q.shape;
      shapes.push(spec('q_t', x.q, [d, seq]), spec('k_t', x.k, [d, seq]), spec('v', x.v, [seq, d]));
      // The eager graph's additive causal mask, [S, S] in the model dtype.
      if (params.includes('mask')) shapes.push({ arg: 'mask', dtype: x.q.dtype, shape: [seq, seq] });
      break;
    }
    case 'residual':
      shapes.push(spec('a', x.a), spec('b', x.b));
      break;
    case 'silu_mul':
      shapes.push(spec('gate', x.gate), spec('up', x.up));
      break;
  }
  return { shapes: shapes.filter((s) => params.includes(s.arg)), scalars: Object.fromEntries(Object.entries(scalars).filter(([k]) => params.includes(k))) };
}

type Role = 'q' | 'k' | 'v' | 'mask';

function roleOf(name: string): Role | undefined {
  const n = name.toLowerCase();
  if (/^(q|query|queries)(_?t|_?in|_tensor)?$/.test(n)) return 'q';
  if (/^(k|key|keys)(_?t|_?in|_tensor)?$/.test(n)) return 'k';
  if (/^(v|value|values)(_?t|_?in|_tensor)?$/.test(n)) return 'v';
  if (/^(attn_)?mask$/.test(n)) return 'mask';
  return undefined;
}

function boolDefault(params: readonly Parameter[], name: string): boolean | undefined {
  const p = params.find((x) => x.name === name);
  return p?.default?.kind === 'Bool' ? p.default.value : undefined;
}

/**
 * Binds a user's attention kernel to one (batch, head) of the attention operation. Required
 * parameters are recognised by name (q/query, k/key, v/value, optionally with a `_t` suffix, and
 * mask); the layout follows, in order: a `_t`/`T` suffix on q or k means 2-D, q and k [D, S], v [S, D]; nki-library's `tp_q` /
 * `tp_k` flags (their defaults) choose [1, S, D] or [1, D, S]; otherwise the demo's convention,
 * (batch x heads, D, S) for q and k and (batch x heads, S, D) for v, with batch x heads = 1.
 * A `scale` parameter receives 1/sqrt(D). Returns an error message when a parameter is not understood.
 */
export function attentionBinding(params: readonly Parameter[], seq: number, d: number, dtype: string): KernelInputs | { error: string } {
  const shapes: ShapeSpec[] = [];
  const scalars: Record<string, unknown> = {};
  const hasNkiLibFlags = params.some((p) => p.name === 'tp_q' || p.name === 'tp_k');
  const seen = new Set<Role>();
  // Our examples' convention: q_t / k_t are [D, S] and v is [S, D], all 2-D.
  const twoD = params.some((p) => p.default === undefined && (roleOf(p.name) === 'q' || roleOf(p.name) === 'k') && /(_t|T)$/.test(p.name));
  for (const p of params) {
    if (p.kind === 'varargs' || p.kind === 'kwargs') continue;
    if (p.name === 'scale') { scalars.scale = 1 / Math.sqrt(d); continue; }
    if (p.default !== undefined) continue;
    const role = roleOf(p.name);
    if (!role) return { error: `cannot bind parameter '${p.name}': attention kernels are bound by name (q, k, v, their _t forms, mask); give the others defaults` };
    seen.add(role);
    let shape: number[];
    if (role === 'mask') shape = [seq, seq];
    else if (twoD) shape = role === 'v' ? [seq, d] : [d, seq];
    else if (hasNkiLibFlags) {
      const tp = role === 'q' ? (boolDefault(params, 'tp_q') ?? true) : role === 'k' ? (boolDefault(params, 'tp_k') ?? false) : true;
      shape = tp ? [1, seq, d] : [1, d, seq];
    } else shape = role === 'v' ? [1, seq, d] : [1, d, seq];
    shapes.push({ arg: p.name, dtype, shape });
  }
  for (const r of ['q', 'k', 'v'] as const) if (!seen.has(r)) return { error: `no parameter for ${r} (expected a name such as ${r}, ${r}_t)` };
  return { shapes, scalars };
}
