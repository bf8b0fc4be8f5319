/**
 * Host-side NumPy arrays as kernels build them for constants (`nl.shared_constant(np.identity(128))`):
 * only the shape and dtype are tracked, which is what the constant's tensor needs. Values are
 * not computed in shape mode.
 */
import { mkHost, mkInt, mkUnknown, native, type HostObject, type Value } from '../interp';
import { shapeValue, toDim, toShape } from './convert';
import type { Dim } from './indexing';
import { DtypeObject } from './nkiValues';
import type { BinaryOperator } from '../frontend/ast';
import { applyIndex, contiguousView, type IndexKey } from './indexing';
import { broadcastShapes } from './indexExpr';
import { toIndexKey } from './tensor';

export class NumpyArray implements HostObject {
  readonly typeName = 'ndarray';
  constructor(readonly shape: Dim[], readonly dtype: string) {}

  getAttr(name: string): Value | undefined {
    switch (name) {
      case 'shape': return shapeValue(this.shape);
      case 'ndim': return mkInt(this.shape.length);
      case 'dtype': return mkHost(new DtypeObject(this.dtype, 4, 'np'));
      case 'T': return mkHost(new NumpyArray([...this.shape].reverse(), this.dtype));
      case 'astype': return native('astype', 'dtype', ([d]) => mkHost(new NumpyArray(this.shape, dtypeOf(d) ?? this.dtype)));
      case 'reshape': return native('reshape', '*dims', ([dims]) => {
        const items = dims.kind === 'tuple' && dims.items.length === 1 ? dims.items[0] : dims;
        return mkHost(new NumpyArray(toShape(items) ?? [], this.dtype));
      });
      // Other array methods and attributes (transpose, max, ...) compute values we do not track.
      default: return mkUnknown(`numpy array .${name} is not modelled`);
    }
  }

  /** Slicing follows NumPy (integers drop dims); values are never needed. */
  getItem(key: Value): Value {
    const keys = (key.kind === 'tuple' ? key.items : [key]).map(toIndexKey);
    if (keys.some((k) => k === undefined)) return mkHost(new NumpyArray(this.shape.map(() => undefined), this.dtype));
    const r = applyIndex(contiguousView(this.shape), keys as IndexKey[], false);
    return mkHost(new NumpyArray(r.ok ? r.view.shape : this.shape.map(() => undefined), this.dtype));
  }

  binaryOp(_op: BinaryOperator, other: Value): Value | undefined {
    const o = other.kind === 'host' && other.obj instanceof NumpyArray ? other.obj.shape : [];
    return mkHost(new NumpyArray(broadcastShapes(this.shape, o) ?? this.shape, this.dtype));
  }

  len(): number | Value { return this.shape[0] ?? mkInt(0); }
  repr(): string { return `array(shape=${JSON.stringify(this.shape)}, dtype=${this.dtype})`; }
}

export function dtypeOf(v: Value | undefined): string | undefined {
  if (v?.kind === 'host' && v.obj instanceof DtypeObject) return v.obj.dtypeName;
  if (v?.kind === 'str') return v.value;
  return undefined;
}

/** Array constructors keyed by name; each returns a shape-only array. */
export function numpyConstructors(): Record<string, Value> {
  const arr = (shape: Dim[] | undefined, dtype: string | undefined) => mkHost(new NumpyArray(shape ?? [undefined], dtype ?? 'float32'));
  return {
    identity: native('identity', 'n, dtype=None', ([n, d]) => arr([toDim(n), toDim(n)], dtypeOf(d))),
    eye: native('eye', 'N, M=None, k=0, dtype=None', ([n, m, , d]) => arr([toDim(n), m.kind === 'none' ? toDim(n) : toDim(m)], dtypeOf(d))),
    zeros: native('zeros', 'shape, dtype=None', ([s, d]) => arr(toShape(s), dtypeOf(d))),
    ones: native('ones', 'shape, dtype=None', ([s, d]) => arr(toShape(s), dtypeOf(d))),
    empty: native('empty', 'shape, dtype=None', ([s, d]) => arr(toShape(s), dtypeOf(d))),
    full: native('full', 'shape, fill_value, dtype=None', ([s, , d]) => arr(toShape(s), dtypeOf(d))),
    arange: native('arange', 'start, stop=None, step=None, dtype=None', ([a, b, , d]) => {
      const n = b.kind === 'none' ? toDim(a) : (toDim(b) !== undefined && toDim(a) !== undefined ? (toDim(b) as number) - (toDim(a) as number) : undefined);
      return arr([n], dtypeOf(d) ?? 'int32');
    }),
    array: native('array', 'obj, dtype=None', ([o, d]) => arr(o.kind === 'list' || o.kind === 'tuple' ? [o.items.length] : [undefined], dtypeOf(d))),
  };
}

/** `np.random.*` producing arrays of a given shape. */
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
