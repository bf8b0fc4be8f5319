/**
 * Reductions and scans: `tensor_reduce`, the `nl.sum/max/min/mean/prod/var/all` functions,
 * `tensor_partition_reduce` (across partitions), `tensor_scalar_reduce`, `tensor_tensor_scan`,
 * `tensor_scalar_cumulative`, and the `nl.softmax` / `nl.rms_norm` conveniences.
 *
 * Numerics: folds run in C order of the reduced axes with fp32 rounding after every step (the
 * engines' sequential accumulation); means and variances divide in fp32. Invariant: the output
 * holds the kept dims in C order, whatever the destination's shape (its element count must match).
 */
import type { Exec, OpImpl } from '../exec';
import { product } from '../view';
import { accumulate, reduceRows } from './accumulate';
import { BINARY, REDUCE_INIT } from './aluTable';
import { binaryFn } from './elementwise';

const f32 = Math.fround;

/** The reduced axes from an `axis` argument (number or list; negatives count from the end). */
function axesOf(x: Exec, rank: number): number[] {
  const a = x.arg('axis');
  const list = Array.isArray(a) ? a : a === undefined || a === null ? [...Array(rank).keys()].slice(1) : [a];
  if (list.some((v) => typeof v !== 'number')) x.fail(`${x.ins.opcode}: axis ${JSON.stringify(a)} is not known at trace time`);
  return [...new Set((list as number[]).map((v) => (v < 0 ? v + rank : v)))].sort((p, q) => p - q);
}

/** Folds `values` (C order of `shape`) over `axes` with `f`; returns the kept dims in C order. */
function foldAxes(values: Float64Array, shape: number[], axes: number[], f: (a: number, b: number) => number, skip?: Uint8Array): { out: Float64Array; count: Uint32Array } {
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const outShape = kept.map((i) => shape[i]);
  const outStrides = outShape.map((_, i) => product(outShape.slice(i + 1)));
  const n = product(outShape);
  const out = new Float64Array(n);
  const count = new Uint32Array(n);
  if (kept.every((d, i) => d === i)) {
    // Trailing axes (the usual free-dim reduction): each output folds one contiguous run, in order.
    const inner = n === 0 ? 0 : values.length / n;
    for (let o = 0, k = 0; o < n; o++) {
      let acc = 0;
      let c = 0;
      for (const end = k + inner; k < end; k++) {
        if (skip && skip[k]) continue;
        acc = c === 0 ? f32(values[k]) : f(acc, values[k]);
        c++;
      }
      out[o] = acc;
      count[o] = c;
    }
    return { out, count };
  }
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < values.length; k++) {
    let o = 0;
    for (let j = 0; j < kept.length; j++) o += idx[kept[j]] * outStrides[j];
    if (!skip || !skip[k]) {
      out[o] = count[o] === 0 ? f32(values[k]) : f(out[o], values[k]);
      count[o]++;
    }
    for (let d = shape.length - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return { out, count };
}

/** A reduction function: `sum`, `max`, ..., writing the kept dims into the destination. */
function reduction(kind: 'op' | 'sum' | 'max' | 'min' | 'mean' | 'prod' | 'var' | 'all'): OpImpl {
  return (x) => {
    const data = x.operand('data') ?? x.need('x');
    const shape = x.shape(data);
    const axes = axesOf(x, shape.length);
    // A Beta 1 mask= ranges over the reduced tile: masked-off elements take no part.
    const skip = x.skipMask(shape);
    const v = x.read(data, undefined, skip);
    const opName = kind === 'op' ? x.str('op') : { sum: 'add', mean: 'add', var: 'add', max: 'maximum', min: 'minimum', prod: 'multiply', all: 'logical_and' }[kind];
    const f = binaryFn(x, opName, [data.access.dtype], x.out().access.dtype);
    let { out, count } = foldAxes(v, shape, axes, f, skip);
    if (kind === 'mean') out = out.map((s, i) => f32(s / count[i]));
    if (kind === 'var') {
      const mean = out.map((s, i) => f32(s / count[i]));
      const dev = new Float64Array(v.length);
      // Squared deviations from each element's own mean, folded the same way.
      const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
      const outShape = kept.map((i) => shape[i]);
      const outStrides = outShape.map((_, i) => product(outShape.slice(i + 1)));
      const idx = new Array<number>(shape.length).fill(0);
      for (let k = 0; k < v.length; k++) {
        let o = 0;
        for (let j = 0; j < kept.length; j++) o += idx[kept[j]] * outStrides[j];
        const d = f32(v[k] - mean[o]);
        dev[k] = f32(d * d);
        for (let d2 = shape.length - 1; d2 >= 0; d2--) { if (++idx[d2] < shape[d2]) break; idx[d2] = 0; }
      }
      out = foldAxes(dev, shape, axes, BINARY.add, skip).out.map((s, i) => f32(s / count[i]));
    }
    if (x.bool('negate')) out = out.map((a) => -a);
    // Results with no unmasked input are not written.
    x.write(x.out(), out, skip ? Uint8Array.from(count, (c) => (c === 0 ? 1 : 0)) : undefined);
  };
}

const partitionReduce: OpImpl = (x) => {
  const data = x.need('data');
  const shape = x.shape(data);
  const P = shape[0];
  const F = product(shape.slice(1));
  const v = x.read(data);
  const op = x.str('op');
  const average = op === 'average';
  const f = binaryFn(x, average ? 'add' : op, [data.access.dtype], x.out().access.dtype);
  const out = new Float64Array(F);
  for (let j = 0; j < F; j++) {
    let acc = f32(v[j]);
    for (let p = 1; p < P; p++) acc = f(acc, v[p * F + j]);
    out[j] = average ? f32(acc / P) : acc;
  }
  x.write(x.out(), out);
};

const tensorScalarReduce: OpImpl = (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  const P = shape[0];
  const F = product(shape.slice(1));
  const data = x.read(x.need('data'), shape);
  const f = binaryFn(x, x.str('op0'), ['float32'], dst.access.dtype);
  const o = x.perPartition('operand0', P, 0)!;
  const rev = x.bool('reverse0');
  const out = new Float64Array(P * F);
  for (let p = 0; p < P; p++) for (let j = 0; j < F; j++) out[p * F + j] = rev ? f(o[p], data[p * F + j]) : f(data[p * F + j], o[p]);
  x.write(dst, out);
  accumulate(x, x.m.vectorAcc, () => reduceRows(out, P, F, x.str('reduce_op', 'add'), x), P, 'reset_reduce');
};

/** r[:, i] = op1(op0(data0[:, i], r[:, i-1]), data1[:, i]), r[:, -1] = initial. */
const tensorTensorScan: OpImpl = (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  const P = shape[0];
  const F = product(shape.slice(1));
  const d0 = x.read(x.need('data0'), shape);
  const d1 = x.read(x.need('data1'), shape);
  const init = x.perPartition('initial', P, 0)!;
  const f0 = binaryFn(x, x.str('op0'), ['float32'], dst.access.dtype);
  const f1 = binaryFn(x, x.str('op1'), ['float32'], dst.access.dtype);
  const r0 = x.bool('reverse0');
  const r1 = x.bool('reverse1');
  const out = new Float64Array(P * F);
  for (let p = 0; p < P; p++) {
    let r = f32(init[p]);
    for (let j = 0; j < F; j++) {
      const i = p * F + j;
      const t = r0 ? f0(r, d0[i]) : f0(d0[i], r);
      r = r1 ? f1(d1[i], t) : f1(t, d1[i]);
      out[i] = r;
    }
  }
  x.write(dst, out);
};

/** reg = op1(op0(x, imm0), reg) along the free dim; dst holds the running value. */
const tensorScalarCumulative: OpImpl = (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  const P = shape[0];
  const F = product(shape.slice(1));
  const v = x.read(x.need('src'), shape);
  const op1 = x.str('op1');
  const f0 = binaryFn(x, x.str('op0'), ['float32'], dst.access.dtype);
  const f1 = binaryFn(x, op1, ['float32'], dst.access.dtype);
  const imm0 = x.perPartition('imm0', P, 0)!;
  const cmd = x.str('reduce_cmd', 'reset_reduce');
  const acc = x.m.vectorAcc;
  const start = cmd === 'reduce' ? acc.values.slice(0, P) : cmd === 'load_reduce' ? x.perPartition('imm1', P, 0)! : new Float64Array(P).fill(REDUCE_INIT[op1] ?? 0);
  const out = new Float64Array(P * F);
  for (let p = 0; p < P; p++) {
    let r = start[p];
    for (let j = 0; j < F; j++) {
      r = f1(f0(v[p * F + j], imm0[p]), r);
      out[p * F + j] = r;
    }
    acc.values[p] = r;
  }
  acc.op = op1;
  x.write(dst, out);
};

/** Softmax along the trailing axes named by `axis` (default the last). */
const softmax: OpImpl = (x) => {
  x.noMask();
  const src = x.need('x');
  const shape = x.shape(src);
  const a = x.arg('axis');
  const axes = (Array.isArray(a) ? a : [a ?? -1]).map((v) => (typeof v === 'number' ? (v < 0 ? v + shape.length : v) : x.fail(`softmax: axis ${JSON.stringify(a)} is not known at trace time`)));
  const first = Math.min(...axes);
  if (axes.length !== shape.length - first) x.fail(`softmax over axes ${JSON.stringify(axes)} of a rank-${shape.length} tile: only trailing axes are supported`);
  const R = product(shape.slice(0, first));
  const F = product(shape.slice(first));
  const v = x.read(src);
  const out = new Float64Array(v.length);
  for (let r = 0; r < R; r++) {
    let m = -Infinity;
    for (let j = 0; j < F; j++) m = Math.max(m, v[r * F + j]);
    let s = 0;
    for (let j = 0; j < F; j++) { const e = f32(Math.exp(f32(v[r * F + j] - m))); out[r * F + j] = e; s = f32(s + e); }
    for (let j = 0; j < F; j++) out[r * F + j] = f32(out[r * F + j] / s);
  }
  x.write(x.out(), out);
};

/** out = x / sqrt(Σx² / n + epsilon) · w, the sum over the trailing `axis`. */
const rmsNorm: OpImpl = (x) => {
  x.noMask();
  const src = x.need('x');
  const shape = x.shape(src);
  const a = x.arg('axis');
  const axis = typeof a === 'number' ? (a < 0 ? a + shape.length : a) : Array.isArray(a) && typeof a[0] === 'number' ? Math.min(...(a as number[]).map((v) => (v < 0 ? v + shape.length : v))) : shape.length - 1;
  const R = product(shape.slice(0, axis));
  const F = product(shape.slice(axis));
  const n = x.num('n', F);
  const eps = x.num('epsilon', 1e-6);
  const v = x.read(src);
  const w = x.read(x.need('w'), shape);
  const out = new Float64Array(v.length);
  for (let r = 0; r < R; r++) {
    let s = 0;
    for (let j = 0; j < F; j++) s = f32(s + f32(v[r * F + j] * v[r * F + j]));
    const inv = f32(1 / Math.sqrt(f32(f32(s / n) + eps)));
    for (let j = 0; j < F; j++) out[r * F + j] = f32(f32(v[r * F + j] * inv) * w[r * F + j]);
  }
  x.write(x.out(), out);
};

export const REDUCE_OPS: Record<string, OpImpl> = {
  'nki.isa.tensor_reduce': reduction('op'),
  'nki.language.sum': reduction('sum'),
  'nki.language.max': reduction('max'),
  'nki.language.min': reduction('min'),
  'nki.language.mean': reduction('mean'),
  'nki.language.prod': reduction('prod'),
  'nki.language.var': reduction('var'),
  'nki.language.all': reduction('all'),
  'nki.isa.tensor_partition_reduce': partitionReduce,
  'nki.isa.tensor_scalar_reduce': tensorScalarReduce,
  'nki.isa.tensor_tensor_scan': tensorTensorScan,
  'nki.isa.tensor_scalar_cumulative': tensorScalarCumulative,
  'nki.language.softmax': softmax,
  'nki.language.rms_norm': rmsNorm,
};
