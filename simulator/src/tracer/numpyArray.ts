/**
 * Host-side NumPy arrays as kernels build them for constants (`nl.shared_constant(np.identity(128))`,
 * `np.arange(OH) * H // OH` index tables). Every array has a shape and dtype; arrays built from
 * known values (`np.array`, `arange`, `zeros`, `ones`, `full`, `eye`/`identity`, `tril`/`triu`,
 * `concatenate`, and `reshape`, `astype`, `transpose`, slicing and arithmetic on them) also carry
 * their values, so the numerics can run kernels that embed them and host code can branch on them.
 *
 * Invariant: `values`, when present, are exact for the dtype (C order); anything not modelled
 * (random arrays, `np.empty`, unknown shapes) has no values, never made-up ones.
 */
import { mkBool, mkFloat, mkHost, mkInt, mkList, mkUnknown, native, type HostObject, type Value } from '../interp';
import { shapeValue, toDim, toShape } from './convert';
import type { Dim } from './indexing';
import { DtypeObject } from './nkiValues';
import type { BinaryOperator } from '../frontend/ast';
import { applyIndex, contiguousView, type IndexKey } from './indexing';
import { broadcastShapes } from './indexExpr';
import { toIndexKey } from './tensor';
import { arrayFromPython, binaryValues, castTo, gather, isFloatDtype, promote, reduceAll, transposeValues, triangle, type Known } from './numpyValues';

export class NumpyArray implements HostObject {
  readonly typeName = 'ndarray';
  constructor(readonly shape: Dim[], readonly dtype: string, readonly values?: Float64Array) {}

  /** Shape and values when both are known. */
  known(): Known | undefined {
    if (!this.values || this.shape.some((d) => d === undefined)) return undefined;
    return { shape: this.shape as number[], dtype: this.dtype, values: this.values };
  }

  getAttr(name: string): Value | undefined {
    const k = this.known();
    switch (name) {
      case 'shape': return shapeValue(this.shape);
      case 'ndim': return mkInt(this.shape.length);
      case 'size': { const n = this.shape.reduce<Dim>((a, b) => (a === undefined || b === undefined ? undefined : a * b), 1); return n === undefined ? mkUnknown('array size') : mkInt(n); }
      case 'dtype': return mkHost(new DtypeObject(this.dtype, 4, 'np'));
      case 'T': return mkHost(k ? fromKnown(transposeValues(k)) : new NumpyArray([...this.shape].reverse(), this.dtype));
      case 'astype': return native('astype', 'dtype', ([d]) => {
        const dtype = dtypeOf(d) ?? this.dtype;
        return mkHost(new NumpyArray(this.shape, dtype, this.values && castTo(this.values, dtype)));
      });
      case 'reshape': return native('reshape', '*dims', ([dims]) => mkHost(this.reshaped(dims.kind === 'tuple' && dims.items.length === 1 ? dims.items[0] : dims)));
      case 'transpose': return native('transpose', '*axes', ([axes]) => {
        const list = axes.kind === 'tuple' && axes.items.length === 1 ? axes.items[0] : axes;
        const perm = list.kind === 'tuple' || list.kind === 'list' ? list.items.map(toDim) : [];
        if (perm.some((p) => p === undefined)) return mkUnknown('transpose with unknown axes');
        return mkHost(k ? fromKnown(transposeValues(k, perm.length ? (perm as number[]) : undefined)) : new NumpyArray(perm.length ? perm.map((p) => this.shape[p as number]) : [...this.shape].reverse(), this.dtype));
      });
      case 'flatten': case 'ravel': case 'copy': return native(name, '*args', () => {
        if (name === 'copy') return mkHost(this);
        const n = this.shape.reduce<Dim>((a, b) => (a === undefined || b === undefined ? undefined : a * b), 1);
        return mkHost(new NumpyArray([n], this.dtype, this.values));
      });
      case 'max': case 'min': case 'sum': case 'mean': case 'prod': case 'item':
        return native(name, 'axis=None, *args, **kwargs', ([axis]) => {
          if (!k) return mkUnknown(`numpy array .${name} of values that are not known`);
          if (axis.kind !== 'none') return mkUnknown(`numpy array .${name}(axis=...) is not modelled`);
          if (name === 'item') return k.values.length === 1 ? scalarValue(k.values[0], k.dtype) : mkUnknown('.item() of an array with more than one element');
          const r = reduceAll(k.values, name);
          return scalarValue(r, name === 'mean' ? 'float32' : k.dtype);
        });
      case 'tolist': return native('tolist', '', () => (k ? toPython(k) : mkUnknown('numpy array .tolist of values that are not known')));
      // Other array methods and attributes compute values we do not track.
      default: return mkUnknown(`numpy array .${name} is not modelled`);
    }
  }

  reshaped(dims: Value): NumpyArray {
    const want = toShape(dims) ?? [];
    const total = this.shape.reduce<Dim>((a, b) => (a === undefined || b === undefined ? undefined : a * b), 1);
    const minus = want.findIndex((d) => d === -1);
    if (minus >= 0) {
      const rest = want.reduce<Dim>((a, b, i) => (i === minus ? a : a === undefined || b === undefined ? undefined : a * b), 1);
      want[minus] = total === undefined || rest === undefined || rest === 0 ? undefined : total / rest;
    }
    const n = want.reduce<Dim>((a, b) => (a === undefined || b === undefined ? undefined : a * b), 1);
    return new NumpyArray(want, this.dtype, n !== undefined && n === total ? this.values : undefined);
  }

  /** Slicing follows NumPy (integers drop dims); a fully integer index of a known array is a scalar. */
  getItem(key: Value): Value {
    const keys = (key.kind === 'tuple' ? key.items : [key]).map(toIndexKey);
    if (keys.some((k) => k === undefined)) return mkHost(new NumpyArray(this.shape.map(() => undefined), this.dtype));
    const k = this.known();
    // A full integer index is a scalar (applyIndex keeps HBM views at least 1-D).
    if (k && keys.length === k.shape.length && keys.every((x) => x!.kind === 'int' && x!.value !== undefined)) {
      let flat = 0;
      for (let d = 0; d < k.shape.length; d++) {
        let i = (keys[d] as { value: number }).value;
        if (i < 0) i += k.shape[d];
        if (i < 0 || i >= k.shape[d]) return mkUnknown(`index ${i} is out of bounds for axis ${d} with size ${k.shape[d]}`);
        flat = flat * k.shape[d] + i;
      }
      return scalarValue(k.values[flat], k.dtype);
    }
    const r = applyIndex(contiguousView(this.shape), keys as IndexKey[], false);
    if (!r.ok) return mkHost(new NumpyArray(this.shape.map(() => undefined), this.dtype));
    const v = r.view;
    const exact = k && v.offset !== undefined && v.shape.every((d) => d !== undefined) && v.strides.every((s) => s !== undefined);
    const values = exact ? gather(k.values, v.shape as number[], v.strides as number[], v.offset as number) : undefined;
    if (values && v.shape.length === 0) return scalarValue(values[0], this.dtype);
    return mkHost(new NumpyArray(v.shape, this.dtype, values));
  }

  binaryOp(op: BinaryOperator, other: Value, reflected = false): Value | undefined {
    const o = operandOf(other);
    if (!o) return mkUnknown(`numpy array ${op} a value that is not an array or number`);
    const self = this.known();
    const dtype = promote(op, this.dtype, o.dtype, o.pythonScalar);
    const shape = broadcastShapes(this.shape, o.shape) ?? this.shape.map(() => undefined);
    if (self && o.known) {
      const [a, b] = reflected ? [o.known, self] : [self, o.known];
      const r = binaryValues(op, a, b, dtype);
      if (r) return mkHost(fromKnown(r));
    }
    return mkHost(new NumpyArray(shape, dtype));
  }

  compare(op: string, other: Value): Value | undefined {
    const o = operandOf(other);
    const self = this.known();
    if (o && self && o.known) {
      const r = binaryValues(op as BinaryOperator, self, o.known, 'bool_');
      if (r) return mkHost(fromKnown(r));
    }
    return mkHost(new NumpyArray(broadcastShapes(this.shape, o?.shape ?? []) ?? this.shape, 'bool_'));
  }

  unaryOp(op: '-' | '+' | '~'): Value | undefined {
    if (op === '+') return mkHost(this);
    const values = this.values && this.values.map((x) => (op === '-' ? -x : ~x));
    return mkHost(new NumpyArray(this.shape, this.dtype, values));
  }

  len(): number | Value { return this.shape[0] ?? mkInt(0); }

  iterate(): Iterable<Value> {
    const n = this.shape[0];
    if (n === undefined) return [mkUnknown('iteration over an array of unknown length')];
    return Array.from({ length: n }, (_, i) => this.getItem(mkInt(i)));
  }

  repr(): string { return `array(shape=${JSON.stringify(this.shape)}, dtype=${this.dtype})`; }
}

function fromKnown(k: Known): NumpyArray {
  return new NumpyArray(k.shape, k.dtype, k.values);
}

function scalarValue(x: number, dtype: string): Value {
  if (dtype === 'bool_') return mkBool(x !== 0);
  return isFloatDtype(dtype) ? mkFloat(x) : mkInt(x);
}

function toPython(k: Known): Value {
  if (k.shape.length === 0) return scalarValue(k.values[0], k.dtype);
  const [n, ...rest] = k.shape;
  const step = rest.reduce((a, b) => a * b, 1);
  return mkList(Array.from({ length: n }, (_, i) => toPython({ shape: rest, dtype: k.dtype, values: k.values.subarray(i * step, (i + 1) * step) })));
}

/** The other operand of arithmetic: an array (values when known) or a Python number. */
function operandOf(v: Value): { shape: Dim[]; dtype: string; known?: Known; pythonScalar: boolean } | undefined {
  if (v.kind === 'host' && v.obj instanceof NumpyArray) return { shape: v.obj.shape, dtype: v.obj.dtype, known: v.obj.known(), pythonScalar: false };
  if (v.kind === 'int' || v.kind === 'bool' || v.kind === 'float') {
    const dtype = v.kind === 'float' ? 'float32' : v.kind === 'bool' ? 'bool_' : 'int32';
    return { shape: [], dtype, known: { shape: [], dtype, values: Float64Array.of(Number(v.value)) }, pythonScalar: true };
  }
  return undefined;
}

export function dtypeOf(v: Value | undefined): string | undefined {
  if (v?.kind === 'host' && v.obj instanceof DtypeObject) return v.obj.dtypeName;
  if (v?.kind === 'str') return v.value;
  return undefined;
}

/** An array of `shape` filled by `f(flat index)` when the shape is known; shape-only otherwise. */
function filled(shape: Dim[] | undefined, dtype: string, f?: (i: number, shape: number[]) => number): Value {
  const s = shape ?? [undefined];
  if (!f || s.some((d) => d === undefined)) return mkHost(new NumpyArray(s, dtype));
  const n = (s as number[]).reduce((a, b) => a * b, 1);
  if (n > 1 << 24) return mkHost(new NumpyArray(s, dtype));
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = f(i, s as number[]);
  return mkHost(new NumpyArray(s, dtype, castTo(values, dtype)));
}

function asKnown(v: Value): Known | undefined {
  if (v.kind === 'host' && v.obj instanceof NumpyArray) return v.obj.known();
  return arrayFromPython(v);
}

function num(v: Value | undefined, fallback: number): number | undefined {
  if (!v || v.kind === 'none') return fallback;
  if (v.kind === 'int' || v.kind === 'float' || v.kind === 'bool') return Number(v.value);
  return undefined;
}

/** Array constructors and array functions keyed by name. */
export function numpyConstructors(): Record<string, Value> {
  const eye = (n: Dim, m: Dim, k: number, dtype: string) => filled([n, m], dtype, (i, s) => (i % s[1] - Math.floor(i / s[1]) === k ? 1 : 0));
  const tri = (lower: boolean) => native(lower ? 'tril' : 'triu', 'm, k=0', ([m, k]) => {
    const a = asKnown(m);
    const kk = num(k, 0);
    if (!a || kk === undefined || a.shape.length < 2) return mkHost(new NumpyArray(m.kind === 'host' && m.obj instanceof NumpyArray ? m.obj.shape : [undefined, undefined], a?.dtype ?? 'float32'));
    return mkHost(fromKnown(triangle(a, kk, lower)));
  });
  const like = (name: string, value?: number) => native(name, value === undefined ? 'a, fill_value, dtype=None' : 'a, dtype=None', (args) => {
    const a = args[0];
    const shape = a.kind === 'host' && a.obj instanceof NumpyArray ? a.obj.shape : asKnown(a)?.shape;
    const base = a.kind === 'host' && a.obj instanceof NumpyArray ? a.obj.dtype : asKnown(a)?.dtype ?? 'float32';
    const fill = value ?? num(args[1], NaN);
    const dtype = dtypeOf(value === undefined ? args[2] : args[1]) ?? base;
    return filled(shape, dtype, fill === undefined || Number.isNaN(fill) ? undefined : () => fill);
  });
  return {
    identity: native('identity', 'n, dtype=None', ([n, d]) => eye(toDim(n), toDim(n), 0, dtypeOf(d) ?? 'float32')),
    eye: native('eye', 'N, M=None, k=0, dtype=None', ([n, m, k, d]) => {
      const kk = num(k, 0);
      return kk === undefined ? mkHost(new NumpyArray([toDim(n), m.kind === 'none' ? toDim(n) : toDim(m)], dtypeOf(d) ?? 'float32')) : eye(toDim(n), m.kind === 'none' ? toDim(n) : toDim(m), kk, dtypeOf(d) ?? 'float32');
    }),
    zeros: native('zeros', 'shape, dtype=None', ([s, d]) => filled(toShape(s), dtypeOf(d) ?? 'float32', () => 0)),
    ones: native('ones', 'shape, dtype=None', ([s, d]) => filled(toShape(s), dtypeOf(d) ?? 'float32', () => 1)),
    empty: native('empty', 'shape, dtype=None', ([s, d]) => filled(toShape(s), dtypeOf(d) ?? 'float32')),
    full: native('full', 'shape, fill_value, dtype=None', ([s, v, d]) => {
      const x = num(v, NaN);
      const dtype = dtypeOf(d) ?? (v.kind === 'int' ? 'int32' : v.kind === 'bool' ? 'bool_' : 'float32');
      return filled(toShape(s), dtype, x === undefined || Number.isNaN(x) ? undefined : () => x);
    }),
    zeros_like: like('zeros_like', 0),
    ones_like: like('ones_like', 1),
    full_like: like('full_like'),
    arange: native('arange', 'start, stop=None, step=None, dtype=None', ([a, b, c, d]) => {
      const [start, stop] = b.kind === 'none' ? [0, num(a, NaN)] : [num(a, NaN), num(b, NaN)];
      const step = num(c, 1);
      const floaty = [a, b, c].some((v) => v.kind === 'float');
      const dtype = dtypeOf(d) ?? (floaty ? 'float32' : 'int32');
      if (start === undefined || stop === undefined || step === undefined || Number.isNaN(start) || Number.isNaN(stop) || step === 0) return mkHost(new NumpyArray([undefined], dtype));
      const n = Math.max(0, Math.ceil((stop - start) / step));
      return filled([n], dtype, (i) => start + i * step);
    }),
    array: native('array', 'obj, dtype=None', ([o, d]) => {
      const k = asKnown(o);
      const dtype = dtypeOf(d);
      if (k) return mkHost(new NumpyArray(k.shape, dtype ?? k.dtype, dtype ? castTo(k.values, dtype) : k.values));
      return mkHost(new NumpyArray(o.kind === 'list' || o.kind === 'tuple' ? [o.items.length] : [undefined], dtype ?? 'float32'));
    }),
    asarray: native('asarray', 'a, dtype=None', ([o, d]) => {
      if (o.kind === 'host' && o.obj instanceof NumpyArray && !dtypeOf(d)) return o;
      const k = asKnown(o);
      const dtype = dtypeOf(d);
      return k ? mkHost(new NumpyArray(k.shape, dtype ?? k.dtype, dtype ? castTo(k.values, dtype) : k.values)) : mkUnknown('np.asarray of values that are not known');
    }),
    tril: tri(true),
    triu: tri(false),
    reshape: native('reshape', 'a, newshape', ([a, s]) => {
      const arr = a.kind === 'host' && a.obj instanceof NumpyArray ? a.obj : (() => { const k = asKnown(a); return k && fromKnown(k); })();
      return arr ? mkHost(arr.reshaped(s)) : mkUnknown('np.reshape of an unknown array');
    }),
    transpose: native('transpose', 'a, axes=None', ([a, axes]) => {
      const k = asKnown(a);
      const perm = axes.kind === 'tuple' || axes.kind === 'list' ? axes.items.map(toDim) : undefined;
      if (!k || perm?.some((p) => p === undefined)) return mkUnknown('np.transpose of an array whose values are not known');
      return mkHost(fromKnown(transposeValues(k, perm as number[] | undefined)));
    }),
    concatenate: native('concatenate', 'arrays, axis=0, dtype=None', ([arrs, axis, d]) => {
      const items = arrs.kind === 'tuple' || arrs.kind === 'list' ? arrs.items.map(asKnown) : [];
      const ax = num(axis, 0);
      if (items.length === 0 || items.some((k) => !k) || ax === undefined) return mkUnknown('np.concatenate of arrays whose values are not known');
      const ks = items as Known[];
      const rank = ks[0].shape.length;
      const axisN = ax < 0 ? ax + rank : ax;
      if (ks.some((k) => k.shape.length !== rank || k.shape.some((s, i) => i !== axisN && s !== ks[0].shape[i]))) return mkUnknown('np.concatenate of arrays whose shapes do not line up');
      const outer = ks[0].shape.slice(0, axisN).reduce((a, b) => a * b, 1);
      const shape = [...ks[0].shape];
      shape[axisN] = ks.reduce((a, k) => a + k.shape[axisN], 0);
      const values: number[] = [];
      for (let o = 0; o < outer; o++) {
        for (const k of ks) {
          const block = k.shape.slice(axisN).reduce((a, b) => a * b, 1);
          for (let i = 0; i < block; i++) values.push(k.values[o * block + i]);
        }
      }
      const dtype = dtypeOf(d) ?? ks.map((k) => k.dtype).reduce((a, b) => promote('+', a, b, false));
      return mkHost(new NumpyArray(shape, dtype, castTo(Float64Array.from(values), dtype)));
    }),
  };
}

/** `np.random.*` producing arrays of a given shape (values not modelled: NumPy's generator is not ours). */
export function numpyRandom(): Record<string, Value> {
  const shapeArgs = (dims: Value): Dim[] => (dims.kind === 'tuple' ? dims.items.map(toDim) : []);
  return {
    rand: native('rand', '*dims', ([dims]) => mkHost(new NumpyArray(shapeArgs(dims), 'float32'))),
    randn: native('randn', '*dims', ([dims]) => mkHost(new NumpyArray(shapeArgs(dims), 'float32'))),
    random: native('random', 'size=None', ([s]) => mkHost(new NumpyArray(toShape(s) ?? [], 'float32'))),
    uniform: native('uniform', 'low=0.0, high=1.0, size=None', ([, , s]) => mkHost(new NumpyArray(toShape(s) ?? [], 'float32'))),
    normal: native('normal', 'loc=0.0, scale=1.0, size=None', ([, , s]) => mkHost(new NumpyArray(toShape(s) ?? [], 'float32'))),
    randint: native('randint', 'low, high=None, size=None, dtype=None', ([, , s, d]) => mkHost(new NumpyArray(toShape(s) ?? [], dtypeOf(d) ?? 'int32'))),
    seed: native('seed', 'seed=None', () => ({ kind: 'none' })),
  };
}
