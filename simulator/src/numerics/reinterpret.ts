/**
 * Reinterpreting views (`t.view(nl.int32)` of a float32 tile, a bfloat16 view of packed int32
 * pairs): the view's elements are the storage's bytes read as another dtype, little-endian, as
 * on the device. Strides and offsets of such a view count elements of the view's dtype over the
 * storage's bytes (the tracer records them that way).
 *
 * Purpose: bit-level semantics for the dtypes with a plain IEEE or two's-complement layout
 * (float32, tfloat32 as fp32 bits, bfloat16, float16, 8/16/32-bit integers, bool); others (fp8,
 * packed MX types) are refused with a message rather than decoded approximately.
 * Invariant: a view element counts as written only when every byte under it was written; writes
 * patch the bytes they cover and leave the rest of each storage element intact.
 */
import { halfToNumber, numberToHalf } from '../io/tensors';
import { numericDtype } from './dtype';
import type { TensorMemory } from './memory';

interface Codec {
  bytes: number;
  encode(v: number, dv: DataView, at: number): void;
  decode(dv: DataView, at: number): number;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const fp32: Codec = { bytes: 4, encode: (v, dv, at) => dv.setFloat32(at, v, true), decode: (dv, at) => dv.getFloat32(at, true) };

const CODECS: Record<string, Codec> = {
  float32: fp32,
  tfloat32: fp32,
  bfloat16: {
    bytes: 2,
    encode: (v, dv, at) => { f32[0] = v; dv.setUint16(at, u32[0] >>> 16, true); },
    decode: (dv, at) => { u32[0] = dv.getUint16(at, true) << 16; return f32[0]; },
  },
  float16: { bytes: 2, encode: (v, dv, at) => dv.setUint16(at, numberToHalf(v), true), decode: (dv, at) => halfToNumber(dv.getUint16(at, true)) },
  int8: { bytes: 1, encode: (v, dv, at) => dv.setInt8(at, v), decode: (dv, at) => dv.getInt8(at) },
  uint8: { bytes: 1, encode: (v, dv, at) => dv.setUint8(at, v), decode: (dv, at) => dv.getUint8(at) },
  bool_: { bytes: 1, encode: (v, dv, at) => dv.setUint8(at, v), decode: (dv, at) => dv.getUint8(at) },
  int16: { bytes: 2, encode: (v, dv, at) => dv.setInt16(at, v, true), decode: (dv, at) => dv.getInt16(at, true) },
  uint16: { bytes: 2, encode: (v, dv, at) => dv.setUint16(at, v, true), decode: (dv, at) => dv.getUint16(at, true) },
  int32: { bytes: 4, encode: (v, dv, at) => dv.setInt32(at, v, true), decode: (dv, at) => dv.getInt32(at, true) },
  uint32: { bytes: 4, encode: (v, dv, at) => dv.setUint32(at, v, true), decode: (dv, at) => dv.getUint32(at, true) },
};

export class ReinterpretError extends Error {}

function codec(dtype: string, role: string): Codec {
  const c = CODECS[dtype];
  if (!c) throw new ReinterpretError(`a reinterpreting view ${role} ${dtype}: only float32, tfloat32, bfloat16, float16, bool_ and 8/16/32-bit integer bit layouts are modelled`);
  return c;
}

/** Storage elements under view element `e` (in view units), with the byte range inside each. */
function* pieces(e: number, vb: number, sb: number): Generator<{ s: number; within: number; at: number; take: number }> {
  const b0 = e * vb;
  for (let byte = 0; byte < vb;) {
    const s = Math.floor((b0 + byte) / sb);
    const within = (b0 + byte) % sb;
    const take = Math.min(sb - within, vb - byte);
    yield { s, within, at: byte, take };
    byte += take;
  }
}

function check(t: TensorMemory, s: number, what: string): void {
  if (s < 0 || s >= t.size) throw new ReinterpretError(`${what} reaches element ${s} of a ${t.storage.dtype} tensor of ${t.size}: out of bounds`);
}

/** Values of view elements `idx` (view-dtype units) of `t` read as `dtype`; counts unwritten ones. */
export function reinterpretRead(t: TensorMemory, dtype: string, idx: ArrayLike<number>, what: string): { values: Float64Array; unwritten: number } {
  const V = codec(dtype, `as`);
  const S = codec(t.storage.dtype, 'of');
  const uninit = numericDtype(dtype).uninitialised;
  const view = new DataView(new ArrayBuffer(8));
  const cell = new DataView(new ArrayBuffer(8));
  const values = new Float64Array(idx.length);
  let unwritten = 0;
  for (let i = 0; i < idx.length; i++) {
    let ok = true;
    for (const p of pieces(idx[i], V.bytes, S.bytes)) {
      check(t, p.s, what);
      if (!t.written[p.s]) { ok = false; break; }
      S.encode(t.data[p.s], cell, 0);
      for (let k = 0; k < p.take; k++) view.setUint8(p.at + k, cell.getUint8(p.within + k));
    }
    if (ok) values[i] = V.decode(view, 0);
    else { values[i] = uninit; unwritten++; }
  }
  return { values, unwritten };
}

/** Writes `values` (rounded to `dtype`) into view elements `idx` of `t`, patching the bytes they cover. */
export function reinterpretWrite(t: TensorMemory, dtype: string, idx: ArrayLike<number>, values: ArrayLike<number>, what: string): void {
  const V = codec(dtype, 'as');
  const S = codec(t.storage.dtype, 'of');
  const round = numericDtype(dtype).round;
  const view = new DataView(new ArrayBuffer(8));
  const cell = new DataView(new ArrayBuffer(8));
  for (let i = 0; i < idx.length; i++) {
    V.encode(round(values[i]), view, 0);
    for (const p of pieces(idx[i], V.bytes, S.bytes)) {
      check(t, p.s, what);
      if (t.written[p.s]) S.encode(t.data[p.s], cell, 0);
      else for (let k = 0; k < S.bytes; k++) cell.setUint8(k, 0);
      for (let k = 0; k < p.take; k++) cell.setUint8(p.within + k, view.getUint8(p.at + k));
      t.data[p.s] = S.decode(cell, 0);
      t.written[p.s] = 1;
    }
  }
}
