/**
 * Element addressing of tensor views: a view (shape, element strides, element offset into its
 * storage's row-major element space, as the tracer records them) becomes the list of storage
 * element indices it touches, in C order of the view's shape.
 *
 * Purpose: every operand read and write goes through `viewIndices`, so strided, offset, partial
 * and aliasing views all behave the same way; `fitTo` decides how an operand lines up with an
 * instruction's iteration shape (same shape; same partitions and elements per partition, which is
 * how the ISA matches operands; or NumPy-style broadcasting, which Beta 1 tiles allow).
 * Invariant: indices are produced in C order of the (possibly broadcast) shape; unknown dims or
 * strides are refused with a `ViewError` rather than guessed.
 */
import type { Access } from '../tracer/instruction';

export class ViewError extends Error {}

export interface Layout {
  shape: number[];
  strides: number[];
  offset: number;
}

export function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The access's layout with every dim known, or a ViewError naming what is unknown. */
export function layoutOf(access: Access, what: string): Layout {
  const shape = access.shape;
  if (shape.some((d) => d === undefined) || access.strides.some((s) => s === undefined) || access.offset === undefined || access.strides.length !== shape.length) {
    throw new ViewError(`the view of ${what} is not known exactly (shape [${shape.map((d) => d ?? '?').join(', ')}]); the tracer could not resolve its strides`);
  }
  return { shape: shape as number[], strides: access.strides as number[], offset: access.offset };
}

/** Storage element indices of a layout, in C order of its shape. */
export function viewIndices(layout: Layout): Int32Array | Float64Array {
  const { shape, strides, offset } = layout;
  const n = product(shape);
  const out = n > 0 && maxIndex(layout) < 2 ** 31 ? new Int32Array(n) : new Float64Array(n);
  if (n === 0) return out;
  const rank = shape.length;
  if (rank === 0) { out[0] = offset; return out; }
  // Innermost dim as a tight loop; the outer dims as an odometer.
  const inner = shape[rank - 1];
  const innerStride = strides[rank - 1];
  const idx = new Array<number>(rank - 1).fill(0);
  let base = offset;
  let k = 0;
  for (;;) {
    for (let j = 0, a = base; j < inner; j++, a += innerStride) out[k++] = a;
    let d = rank - 2;
    while (d >= 0) {
      idx[d]++;
      base += strides[d];
      if (idx[d] < shape[d]) break;
      base -= strides[d] * shape[d];
      idx[d] = 0;
      d--;
    }
    if (d < 0) break;
  }
  return out;
}

function maxIndex(layout: Layout): number {
  let hi = layout.offset;
  for (let i = 0; i < layout.shape.length; i++) if (layout.strides[i] > 0) hi += (layout.shape[i] - 1) * layout.strides[i];
  return hi;
}

/** Inclusive [min, max] element index a layout touches (empty layouts: [offset, offset - 1]). */
export function layoutExtent(layout: Layout): [number, number] {
  if (product(layout.shape) === 0) return [layout.offset, layout.offset - 1];
  let lo = layout.offset;
  let hi = layout.offset;
  for (let i = 0; i < layout.shape.length; i++) {
    const span = (layout.shape[i] - 1) * layout.strides[i];
    if (span >= 0) hi += span; else lo += span;
  }
  return [lo, hi];
}

/** Elements per partition (dims after the first) of a shape. */
export function freeSize(shape: readonly number[]): number {
  return product(shape.slice(1));
}

/**
 * How an operand of `layout` lines up with the iteration shape `target`. Returns a layout whose
 * indices, in its own C order, correspond one to one with `target`'s elements in C order: the
 * layout itself when the shapes agree, when partitions and elements per partition agree (the ISA
 * flattens free dims) or when only the total agrees; a broadcast layout (stride 0 along
 * broadcast dims: a (P, 1) bias across the free dim, a (1, F) row across partitions) otherwise;
 * undefined when the operand cannot be matched.
 */
export function fitTo(layout: Layout, target: readonly number[]): Layout | undefined {
  const s = layout.shape;
  if (s.length === target.length && s.every((d, i) => d === target[i])) return layout;
  const n = target.length;
  if (s.length <= n) {
    const strides: number[] = [];
    let ok = true;
    for (let i = 0; i < n; i++) {
      const j = s.length - n + i;
      const d = j < 0 ? 1 : s[j];
      if (d === target[i]) strides.push(j < 0 ? 0 : layout.strides[j]);
      else if (d === 1) strides.push(0);
      else { ok = false; break; }
    }
    if (ok) return { shape: [...target], strides, offset: layout.offset };
  }
  if (s.length >= 1 && target.length >= 1 && s[0] === target[0] && freeSize(s) === freeSize(target)) return layout;
  if (product(s) === product(target)) return layout;
  return undefined;
}
