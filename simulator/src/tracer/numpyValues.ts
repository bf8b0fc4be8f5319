/**
 * Value arithmetic for host NumPy arrays (`numpyArray.ts`): casts with NumPy's rules (floats to
 * integers truncate toward zero and wrap), broadcasting element-wise operators, strided gathers
 * for slicing, transposes, triangles and whole-array reductions.
 *
 * Purpose: kernels compute index tables and constants with NumPy on the host; with exact values
 * here the tracer can branch on them and the numerics can embed them (`nl.shared_constant`).
 * Invariant: pure functions; an operation that is not modelled returns undefined rather than a guess.
 */
import type { Value } from '../interp';
import type { BinaryOperator } from '../frontend/ast';
import { numericDtype } from '../numerics/dtype';

export interface Known { shape: number[]; dtype: string; values: Float64Array }

const INT_BITS: Record<string, [number, boolean]> = {
  int8: [8, true], int16: [16, true], int32: [32, true], uint8: [8, false], uint16: [16, false], uint32: [32, false],
};

export function isFloatDtype(dtype: string): boolean {
  return dtype !== 'bool_' && !(dtype in INT_BITS);
}

/** Values cast to `dtype` as NumPy's astype does (float → int truncates and wraps; bool is x != 0). */
export function castTo(values: Float64Array, dtype: string): Float64Array {
  if (dtype === 'bool_') return values.map((x) => (x !== 0 ? 1 : 0));
  const int = INT_BITS[dtype];
  if (int) {
    const [bits, signed] = int;
    const m = 2 ** bits;
    return values.map((x) => {
      if (!Number.isFinite(x)) return 0;
      let v = Math.trunc(x) % m;
      if (v < 0) v += m;
      return signed && v >= m / 2 ? v - m : v;
    });
  }
  let round: (x: number) => number;
  try { round = numericDtype(dtype).round; } catch { round = Math.fround; }
  return values.map(round);
}

/** NumPy's result dtype for `a OP b`, simplified to the dtypes kernels use (Python scalars are weak). */
export function promote(op: BinaryOperator | string, a: string, b: string, bIsPythonScalar: boolean): string {
  if (op === '/') return isFloatDtype(a) ? a : isFloatDtype(b) ? b : 'float32';
  if (bIsPythonScalar) {
    if (isFloatDtype(b) && !isFloatDtype(a)) return 'float32';
    return a;
  }
  if (isFloatDtype(a) || isFloatDtype(b)) {
    if (!isFloatDtype(a)) return b;
    if (!isFloatDtype(b)) return a;
    const size = (d: string) => (d === 'float32' ? 4 : 2);
    return size(b) > size(a) ? b : a;
  }
  if (a === 'bool_') return b;
  if (b === 'bool_') return a;
  return (INT_BITS[b]?.[0] ?? 0) > (INT_BITS[a]?.[0] ?? 0) ? b : a;
}

const OPS: Record<string, (a: number, b: number) => number> = {
  '+': (a, b) => a + b,
  '-': (a, b) => a - b,
  '*': (a, b) => a * b,
  '/': (a, b) => a / b,
  '//': (a, b) => Math.floor(a / b),
  '%': (a, b) => { const r = a % b; return r !== 0 && (r < 0) !== (b < 0) ? r + b : r; },
  '**': (a, b) => a ** b,
  '&': (a, b) => a & b,
  '|': (a, b) => a | b,
  '^': (a, b) => a ^ b,
  '<<': (a, b) => a << b,
  '>>': (a, b) => a >> b,
  '<': (a, b) => (a < b ? 1 : 0),
  '<=': (a, b) => (a <= b ? 1 : 0),
  '>': (a, b) => (a > b ? 1 : 0),
  '>=': (a, b) => (a >= b ? 1 : 0),
  '==': (a, b) => (a === b ? 1 : 0),
  '!=': (a, b) => (a !== b ? 1 : 0),
};

/** Element-wise `a OP b` with NumPy broadcasting, cast to `dtype`; undefined when not modelled. */
export function binaryValues(op: BinaryOperator | string, a: Known, b: Known, dtype: string): Known | undefined {
  const f = OPS[op];
  if (!f) return undefined;
  const rank = Math.max(a.shape.length, b.shape.length);
  const pad = (s: number[]) => [...new Array<number>(rank - s.length).fill(1), ...s];
  const sa = pad(a.shape);
  const sb = pad(b.shape);
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) {
    if (sa[i] !== sb[i] && sa[i] !== 1 && sb[i] !== 1) return undefined;
    shape.push(sa[i] === 1 ? sb[i] : sa[i]);
  }
  const strides = (s: number[]) => { const st = s.map((_, i) => s.slice(i + 1).reduce((x, y) => x * y, 1)); return st.map((v, i) => (s[i] === 1 ? 0 : v)); };
  const ia = gatherIndex(shape, strides(sa));
  const ib = gatherIndex(shape, strides(sb));
  const out = new Float64Array(ia.length);
  for (let i = 0; i < out.length; i++) out[i] = f(a.values[ia[i]], b.values[ib[i]]);
  return { shape, dtype, values: castTo(out, dtype) };
}

/** Flat indices of a strided view, C order. */
function gatherIndex(shape: number[], strides: number[], offset = 0): Int32Array {
  const n = shape.reduce((x, y) => x * y, 1);
  const out = new Int32Array(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    let o = offset;
    for (let j = 0; j < shape.length; j++) o += idx[j] * strides[j];
    out[k] = o;
    for (let d = shape.length - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return out;
}

/** Values of a strided view of `values`. */
export function gather(values: Float64Array, shape: number[], strides: number[], offset: number): Float64Array {
  return Float64Array.from(gatherIndex(shape, strides, offset), (i) => values[i]);
}

/** `a.transpose(perm)` (default: reversed axes). */
export function transposeValues(a: Known, perm?: number[]): Known {
  const p = perm ?? a.shape.map((_, i) => a.shape.length - 1 - i);
  const st = a.shape.map((_, i) => a.shape.slice(i + 1).reduce((x, y) => x * y, 1));
  const shape = p.map((i) => a.shape[i]);
  return { shape, dtype: a.dtype, values: gather(a.values, shape, p.map((i) => st[i]), 0) };
}

/** `np.tril(a, k)` / `np.triu(a, k)` over the last two dims. */
export function triangle(a: Known, k: number, lower: boolean): Known {
  const [rows, cols] = a.shape.slice(-2);
  const values = a.values.map((v, i) => {
    const c = i % cols;
    const r = Math.floor(i / cols) % rows;
    const keep = lower ? c - r <= k : c - r >= k;
    return keep ? v : 0;
  });
  return { shape: a.shape, dtype: a.dtype, values };
}

export function reduceAll(values: Float64Array, how: string): number {
  if (values.length === 0) return how === 'sum' ? 0 : how === 'prod' ? 1 : NaN;
  switch (how) {
    case 'max': return values.reduce((x, y) => Math.max(x, y));
    case 'min': return values.reduce((x, y) => Math.min(x, y));
    case 'sum': return values.reduce((x, y) => x + y, 0);
    case 'prod': return values.reduce((x, y) => x * y, 1);
    default: return values.reduce((x, y) => x + y, 0) / values.length;
  }
}

/** A rectangular nested list/tuple of numbers as an array (int32 unless a float appears). */
export function arrayFromPython(v: Value): Known | undefined {
  const shape: number[] = [];
  const flat: number[] = [];
  let floaty = false;
  let bools = true;
  const walk = (x: Value, depth: number): boolean => {
    if (x.kind === 'list' || x.kind === 'tuple') {
      if (shape.length === depth) shape.push(x.items.length);
      else if (shape[depth] !== x.items.length) return false;
      return x.items.every((i) => walk(i, depth + 1));
    }
    if (depth !== shape.length) return false;
    if (x.kind === 'int' || x.kind === 'float' || x.kind === 'bool') {
      if (x.kind === 'float') floaty = true;
      if (x.kind !== 'bool') bools = false;
      flat.push(Number(x.value));
      return true;
    }
    return false;
  };
  if (!walk(v, 0)) return undefined;
  const dtype = floaty ? 'float32' : bools && flat.length > 0 ? 'bool_' : 'int32';
  return { shape, dtype, values: castTo(Float64Array.from(flat), dtype) };
}
