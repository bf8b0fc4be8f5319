/**
 * Conversions between interpreter values and the tracer's shape arithmetic: ints become known
 * dims, `unknown` becomes an unknown dim (`undefined`), and back.
 */
import { mkInt, mkTuple, mkUnknown, type Value } from '../interp';
import type { Dim } from './indexing';

/** A dimension or index from a Python value; undefined when unknown or not an int. */
export function toDim(v: Value | undefined): Dim {
  if (!v) return undefined;
  if (v.kind === 'int') return typeof v.value === 'number' ? v.value : Number(v.value);
  if (v.kind === 'bool') return v.value ? 1 : 0;
  if (v.kind === 'host' && v.obj.typeName === 'DynamicSlice') return undefined;
  return undefined;
}

export function isIntLike(v: Value): boolean {
  return v.kind === 'int' || v.kind === 'bool';
}

/** A shape from `(128, 512)`, `[128, 512]` or `128`; undefined when not shape-like. */
export function toShape(v: Value | undefined): Dim[] | undefined {
  if (!v) return undefined;
  if (v.kind === 'tuple' || v.kind === 'list') return v.items.map((x) => toDim(shapeItem(x)));
  if (v.kind === 'int') return [toDim(v)];
  return undefined;
}

/** `nl.par_dim(128)` inside a Beta 1 shape tuple stands for its size. */
function shapeItem(v: Value): Value {
  if (v.kind === 'host' && v.obj.typeName === 'par_dim' && v.obj.index) return v.obj.index(undefined as never);
  return v;
}

export function dimValue(d: Dim, reason = 'dimension unknown without input shapes'): Value {
  return d === undefined ? mkUnknown(reason) : mkInt(d);
}

export function shapeValue(shape: readonly Dim[], reason?: string): Value {
  return mkTuple(shape.map((d) => dimValue(d, reason)));
}

export function formatShape(shape: readonly Dim[]): string {
  return `[${shape.map((d) => (d === undefined ? '?' : String(d))).join(', ')}]`;
}

export { formatBytes } from '../profile/format';
