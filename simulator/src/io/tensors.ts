/**
 * Kernel inputs and outputs as `.npy` arrays: conversion between `NpyArray` bytes and plain
 * values, casting on request (`--input x=path.npy:bfloat16`), seeded generated inputs, and the
 * NumPy dtype an NKI dtype is written as.
 *
 * Output dtypes: float32/float16 and the integer types are written as themselves; bool_ as
 * NumPy bool; dtypes NumPy has no native type for (bfloat16, tfloat32, the fp8 formats) are
 * written as float32 holding the exact rounded values (every one of them is representable), so
 * `np.load` gives the kernel's values bit for bit without ml_dtypes.
 * Invariant: values handed to the simulator are finite-precision JS numbers; a cast rounds with
 * the destination dtype's rules (numerics/dtype.ts), never by truncation.
 */
import { numericDtype } from '../numerics/dtype';
import { Rng } from '../numerics/rng';
import { NPY_DTYPES, NpyError, type NpyArray, type NpyDescr } from './npy';

/** NKI dtype a NumPy dtype maps to when no cast is requested (float64/int64 narrow to 32 bits). */
const NATIVE: Record<NpyDescr, string> = {
  '<f4': 'float32', '<f2': 'float16', '<f8': 'float32', '|i1': 'int8', '<i2': 'int16', '<i4': 'int32', '<i8': 'int32',
  '|u1': 'uint8', '<u2': 'uint16', '<u4': 'uint32', '<u8': 'uint32', '|b1': 'bool_',
};

/** The NumPy descriptor an NKI dtype is written as (see the module comment). */
export function npyDescrFor(dtype: string): NpyDescr {
  switch (dtype) {
    case 'float16': return '<f2';
    case 'int8': return '|i1';
    case 'int16': return '<i2';
    case 'int32': return '<i4';
    case 'uint8': return '|u1';
    case 'uint16': return '<u2';
    case 'uint32': return '<u4';
    case 'bool_': return '|b1';
    default: return '<f4';
  }
}

export function defaultDtypeOf(descr: NpyDescr): string {
  return NATIVE[descr];
}

/** Element values of an array, in C order, as numbers (float16 decoded exactly). */
export function npyValues(array: NpyArray): Float64Array {
  const { data, descr } = array;
  const buf = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  switch (descr) {
    case '<f4': return Float64Array.from(new Float32Array(buf));
    case '<f8': return new Float64Array(buf);
    case '<f2': return Float64Array.from(new Uint16Array(buf), halfToNumber);
    case '|i1': return Float64Array.from(new Int8Array(buf));
    case '<i2': return Float64Array.from(new Int16Array(buf));
    case '<i4': return Float64Array.from(new Int32Array(buf));
    case '<i8': return Float64Array.from(new BigInt64Array(buf), (v) => Number(v));
    case '|u1': case '|b1': return Float64Array.from(new Uint8Array(buf));
    case '<u2': return Float64Array.from(new Uint16Array(buf));
    case '<u4': return Float64Array.from(new Uint32Array(buf));
    case '<u8': return Float64Array.from(new BigUint64Array(buf), (v) => Number(v));
  }
}

/** An array of `values` (already representable in `dtype`) written as `npyDescrFor(dtype)`. */
export function toNpy(values: ArrayLike<number>, shape: number[], dtype: string): NpyArray {
  const descr = npyDescrFor(dtype);
  const n = values.length;
  let bytes: Uint8Array;
  switch (descr) {
    case '<f2': bytes = new Uint8Array(Uint16Array.from({ length: n }, (_, i) => numberToHalf(values[i])).buffer); break;
    case '|i1': bytes = new Uint8Array(Int8Array.from(values).buffer); break;
    case '<i2': bytes = new Uint8Array(Int16Array.from(values).buffer); break;
    case '<i4': bytes = new Uint8Array(Int32Array.from(values).buffer); break;
    case '|u1': bytes = Uint8Array.from(values); break;
    case '|b1': bytes = Uint8Array.from(values, (v) => (v ? 1 : 0)); break;
    case '<u2': bytes = new Uint8Array(Uint16Array.from(values).buffer); break;
    case '<u4': bytes = new Uint8Array(Uint32Array.from(values).buffer); break;
    default: bytes = new Uint8Array(Float32Array.from(values).buffer);
  }
  return { descr, shape: [...shape], data: bytes };
}

/** Values cast to an NKI dtype with its rounding (RNE, saturation for integers). */
export function castValues(values: Float64Array, dtype: string): Float64Array {
  const d = numericDtype(dtype);
  return values.map((v) => d.round(v));
}

export type Generator = 'random' | 'zeros' | 'ones';

/**
 * A generated input: 'random' draws floats from a standard normal (integers uniformly from
 * [-8, 8), unsigned from [0, 16)), rounded to the dtype; the same seed gives the same values.
 */
export function generateValues(shape: number[], dtype: string, how: Generator, rng: Rng): Float64Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const d = numericDtype(dtype);
  if (how === 'zeros') return new Float64Array(n);
  if (how === 'ones') return new Float64Array(n).fill(1);
  const draw = d.kind === 'float' ? () => rng.normal() : d.kind === 'bool' ? () => (rng.nextU32() & 1) : d.kind === 'uint' ? () => rng.nextU32() % 16 : () => (rng.nextU32() % 16) - 8;
  return Float64Array.from({ length: n }, () => d.round(draw()));
}

export function checkDescr(descr: string): NpyDescr {
  if (!(descr in NPY_DTYPES)) throw new NpyError(`unsupported dtype '${descr}'`);
  return descr as NpyDescr;
}

export function halfToNumber(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * m * 2 ** -24;
  if (e === 31) return m ? NaN : s * Infinity;
  return s * (1 + m / 1024) * 2 ** (e - 15);
}

/** The fp16 bit pattern of a value already representable in fp16. */
export function numberToHalf(v: number): number {
  if (Number.isNaN(v)) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === Infinity) return sign | 0x7c00;
  if (a === 0) return sign;
  if (a < 2 ** -14) return sign | Math.round(a / 2 ** -24);
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const m = Math.round((a / 2 ** e - 1) * 1024);
  return sign | ((e + 15) << 10) | m;
}
