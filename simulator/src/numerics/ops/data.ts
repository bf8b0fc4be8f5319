/**
 * Data movement: DMA copies (`dma_copy`, Beta 1 / 0.3+ `nl.load`/`nl.store`, assignments between
 * views), engine copies (`tensor_copy`, `nl.copy`), transposes (`nc_transpose`, `nl.transpose`,
 * `load_transpose2d`, `dma_transpose`), fills (`memset`, `nl.zeros/ones/full`, the shared identity
 * matrix), `nl.broadcast_to`, `nl.expand_dims` and `device_print` (no effect here).
 *
 * Semantics: element i of the source (C order of its view) goes to element i of the destination;
 * counts must match (or the source broadcasts to the destination, as Beta 1 assignments allow).
 * A copy between different dtypes converts through fp32 (nki-api.md §3.2 G3); a copy within one
 * dtype is bit-exact. Invariant: no op here does arithmetic on values.
 */
import { isFloatDtype } from '../dtype';
import type { Exec, OpImpl } from '../exec';
import { product } from '../view';

/** Values of `src` converted for a write into `dstDtype` (through fp32 when the dtypes differ). */
function convert(values: Float64Array, srcDtype: string, dstDtype: string): Float64Array {
  if (srcDtype === dstDtype) return values;
  for (let i = 0; i < values.length; i++) values[i] = Math.fround(values[i]);
  return values;
}

/** dst ← src, element for element (with broadcasting from a smaller source). */
export function copyInto(x: Exec, srcParam: string | string[]): void {
  const dst = x.out();
  const src = (Array.isArray(srcParam) ? srcParam.map((p) => x.operand(p)).find(Boolean) : x.operand(srcParam))
    ?? x.fail(`${x.ins.opcode}: no source operand in the trace`);
  const shape = x.shape(dst);
  const skip = x.skipMask(shape);
  const values = x.read(src, shape, skip);
  if (dst.role === 'readwrite' && x.ins.attrs.accumulate === true) {
    // `t[...] += value` lowered as an accumulating copy.
    const old = x.read(dst, undefined, skip);
    for (let i = 0; i < values.length; i++) values[i] = Math.fround(Math.fround(old[i]) + Math.fround(values[i]));
    x.write(dst, values, skip);
    return;
  }
  x.write(dst, convert(values, src.access.dtype, dst.access.dtype), skip);
}

/** A fill with a compile-time value. */
const memset: OpImpl = (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  const skip = x.skipMask(shape);
  const n = product(shape);
  if (x.bool('identity')) {
    const values = new Float64Array(n);
    const cols = product(shape.slice(1));
    for (let p = 0; p < shape[0]; p++) if (p < cols) values[p * cols + p] = 1;
    x.write(dst, values, skip);
    return;
  }
  const v = x.arg('value');
  let value: number;
  if (typeof v === 'number') value = v;
  else if (typeof v === 'boolean') value = v ? 1 : 0;
  else if (v === undefined || v === null) value = 0;
  else return x.fail(`memset: fill value ${JSON.stringify(v)} is not a number known at trace time`);
  x.write(dst, new Float64Array(n).fill(isFloatDtype(dst.access.dtype) ? Math.fround(value) : value), skip);
};

/** 2-D transpose of (P, F...) with the free dims flattened: dst[f, p] = src[p, f]. */
function transposeInto(x: Exec, srcParam: string): void {
  const dst = x.out();
  // A Beta 1 mask= ranges over the destination: masked-off elements are not written.
  const skip = x.skipMask(x.shape(dst));
  if (skip && skip.every((k) => k === 1)) return;
  const src = x.need(srcParam);
  const s = x.shape(src);
  const P = s[0];
  const F = product(s.slice(1));
  const d = x.shape(dst);
  if (d[0] !== F || product(d.slice(1)) !== P) x.fail(`${x.ins.opcode}: transposing [${s.join(', ')}] gives [${F}, ${P}], but the destination is [${d.join(', ')}]`);
  const v = x.read(src);
  const out = new Float64Array(P * F);
  for (let p = 0; p < P; p++) for (let f = 0; f < F; f++) out[f * P + p] = v[p * F + f];
  x.write(dst, convert(out, src.access.dtype, dst.access.dtype), skip);
}

/** `dma_transpose(dst, src, axes)`: a permutation of the source's dims (default: reversed). */
const dmaTranspose: OpImpl = (x) => {
  x.noMask();
  const dst = x.out();
  const src = x.need('src');
  const s = x.shape(src);
  const a = x.arg('axes');
  const axes = Array.isArray(a) && a.every((v) => typeof v === 'number') ? (a as number[]) : s.map((_, i) => s.length - 1 - i);
  if (axes.length !== s.length) x.fail(`dma_transpose: axes ${JSON.stringify(axes)} do not match a source of rank ${s.length}`);
  const outShape = axes.map((i) => s[i]);
  const v = x.read(src);
  const inStrides = s.map((_, i) => product(s.slice(i + 1)));
  const n = product(outShape);
  const out = new Float64Array(n);
  const idx = new Array<number>(outShape.length).fill(0);
  for (let k = 0; k < n; k++) {
    let off = 0;
    for (let j = 0; j < axes.length; j++) off += idx[j] * inStrides[axes[j]];
    out[k] = v[off];
    for (let d = outShape.length - 1; d >= 0; d--) { if (++idx[d] < outShape[d]) break; idx[d] = 0; }
  }
  if (product(x.shape(dst)) !== n) x.fail(`dma_transpose: the permuted source is [${outShape.join(', ')}], the destination [${x.shape(dst).join(', ')}]`);
  x.write(dst, convert(out, src.access.dtype, dst.access.dtype));
};

export const DATA_OPS: Record<string, OpImpl> = {
  'nki.isa.dma_copy': (x) => {
    if (x.has('dst_rmw_op')) x.fail(`dma_copy with dst_rmw_op=${JSON.stringify(x.arg('dst_rmw_op'))} is not supported by the numerics yet`);
    copyInto(x, 'src');
  },
  'nki.language.load': (x) => copyInto(x, 'src'),
  'nki.language.store': (x) => copyInto(x, ['value', 'src']),
  'nki.isa.tensor_copy': (x) => copyInto(x, 'src'),
  'nki.isa.tensor_copy_dynamic_src': (x) => copyInto(x, 'src'),
  'nki.isa.tensor_copy_dynamic_dst': (x) => copyInto(x, 'src'),
  'nki.language.copy': (x) => copyInto(x, 'x'),
  'nki.language.static_cast': (x) => copyInto(x, 'x'),
  'nki.language.broadcast_to': (x) => copyInto(x, 'x'),
  'nki.language.expand_dims': (x) => copyInto(x, 'x'),
  'nki.isa.memset': memset,
  'nki.language.zeros': memset,
  'nki.language.ones': memset,
  'nki.language.full': memset,
  'nki.isa.nc_transpose': (x) => transposeInto(x, 'data'),
  'nki.language.transpose': (x) => transposeInto(x, 'x'),
  'nki.language.load_transpose2d': (x) => transposeInto(x, 'src'),
  'nki.isa.dma_transpose': dmaTranspose,
  'nki.language.device_print': () => undefined,
};
