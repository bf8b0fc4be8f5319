/**
 * Value conversion on write, per NKI dtype: what a number becomes when an engine stores it.
 *
 * Purpose: one `NumericDtype` per storable dtype, derived from the dtype table (`nki/dtypes.ts`:
 * kind, size, exponent/mantissa widths) so there is one source of truth; floats round to nearest
 * even through `minifloat.ts`, integers round to nearest even and then saturate (nki-api.md §3.2
 * G1, the 0.6 simulator fix), bool stores 0/1.
 * Invariant: `round(x)` returns a value exactly representable in the dtype, and that value fits
 * the typed array `alloc` returns (floats live in Float32Array, which holds every value of every
 * float format up to fp32 exactly; integers in the matching integer array), so a read after a
 * write gives back exactly the rounded value.
 */
import { dtypeByName, type DtypeSpec } from '../nki/dtypes';
import { FORMATS, type MinifloatFormat } from './minifloat';

export type StorageArray = Float32Array | Int8Array | Int16Array | Int32Array | Uint8Array | Uint16Array | Uint32Array;

export interface NumericDtype {
  readonly name: string;
  readonly kind: 'float' | 'int' | 'uint' | 'bool';
  /** Bytes of one element as the hardware stores it (for budgets and byte counts). */
  readonly sizeBytes: number;
  /** Rounds an (fp32 or exact) value to this dtype. */
  readonly round: (x: number) => number;
  /** What a read of never-written memory yields (nki-api.md §3.2 G7: NaN for floats, 4 for ints). */
  readonly uninitialised: number;
  readonly alloc: (n: number) => StorageArray;
  readonly min: number;
  readonly max: number;
}

export class DtypeError extends Error {}

/** Integers: round half to even, then saturate; NaN becomes 0. */
function intRounder(min: number, max: number): (x: number) => number {
  return (x) => {
    if (Number.isNaN(x)) return 0;
    if (x >= max) return max;
    if (x <= min) return min;
    const f = Math.floor(x);
    const d = x - f;
    const r = d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
    return r === 0 ? 0 : r; // no negative zero in integer arrays
  };
}

/** The rounding format of a float dtype, from its exponent and mantissa widths in the table. */
function floatFormat(spec: DtypeSpec): MinifloatFormat | 'fp32' {
  const e = spec.exponentBits!;
  const m = spec.mantissaBits!;
  if (e === 8 && m === 23) return 'fp32';
  // The fp8 variants share widths but differ in their special values: keep minifloat's table for them.
  const named = (FORMATS as Record<string, MinifloatFormat>)[spec.name === 'tfloat32' ? 'tf32' : spec.name];
  if (named) return named;
  const bias = 2 ** (e - 1) - 1;
  const maxFinite = (2 - 2 ** -m) * 2 ** (2 ** e - 2 - bias);
  return { exponentBits: e, mantissaBits: m, hasInfinity: spec.hasInf, maxFinite, overflow: spec.hasInf ? 'infinity' : 'nan' };
}

const INT_ARRAYS: Record<string, { alloc: (n: number) => StorageArray; min: number; max: number }> = {
  int8: { alloc: (n) => new Int8Array(n), min: -128, max: 127 },
  int16: { alloc: (n) => new Int16Array(n), min: -32768, max: 32767 },
  int32: { alloc: (n) => new Int32Array(n), min: -2147483648, max: 2147483647 },
  uint8: { alloc: (n) => new Uint8Array(n), min: 0, max: 255 },
  uint16: { alloc: (n) => new Uint16Array(n), min: 0, max: 65535 },
  uint32: { alloc: (n) => new Uint32Array(n), min: 0, max: 4294967295 },
};

const cache = new Map<string, NumericDtype>();

/** The numeric behaviour of an NKI dtype; throws `DtypeError` for dtypes we cannot store (packed MX types). */
export function numericDtype(name: string): NumericDtype {
  const hit = cache.get(name);
  if (hit) return hit;
  const spec = dtypeByName(name);
  if (!spec) throw new DtypeError(`unknown dtype '${name}'`);
  let d: NumericDtype;
  switch (spec.kind) {
    case 'bool':
      d = { name: spec.name, kind: 'bool', sizeBytes: 1, round: (x) => (x !== 0 && !Number.isNaN(x) ? 1 : 0), uninitialised: 4, alloc: (n) => new Uint8Array(n), min: 0, max: 1 };
      break;
    case 'int':
    case 'uint': {
      const a = INT_ARRAYS[spec.name];
      d = { name: spec.name, kind: spec.kind, sizeBytes: spec.sizeBytes, round: intRounder(a.min, a.max), uninitialised: 4, alloc: a.alloc, min: a.min, max: a.max };
      break;
    }
    case 'float': {
      if (spec.name === 'float8_e8m0fnu') throw new DtypeError('float8_e8m0fnu (MX block scales) is not supported by the numerics yet');
      const f = floatFormat(spec);
      const round = f === 'fp32' ? Math.fround : fastRounder(f);
      const max = f === 'fp32' ? 3.4028234663852886e38 : f.maxFinite;
      d = { name: spec.name, kind: 'float', sizeBytes: spec.sizeBytes, round, uninitialised: NaN, alloc: (n) => new Float32Array(n), min: -max, max };
      break;
    }
    default:
      throw new DtypeError(`${spec.name} (packed ${spec.elementFormat ?? ''} x${spec.packedElements ?? ''}) is not supported by the numerics yet`);
  }
  cache.set(name, d);
  return d;
}

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);
/** 2^k for k in [-160, 160), by index k + 160. */
const POW2 = Float64Array.from({ length: 320 }, (_, i) => 2 ** (i - 160));

/**
 * The same rounding as `roundToFormat(Math.fround(x), f)` (minifloat.ts, the tested reference; a
 * unit test sweeps both), without logarithms: formats with fp32's 8 exponent bits (bf16, tf32)
 * round the fp32 bit pattern directly; the others scale by the quantum read off the exponent bits.
 */
function fastRounder(f: MinifloatFormat): (x: number) => number {
  const m = f.mantissaBits;
  if (f.exponentBits === 8 && f.hasInfinity) {
    const shift = 23 - m;
    const half = 2 ** (shift - 1) - 1;
    const mask = ~(2 ** shift - 1) >>> 0;
    return (x) => {
      scratchF32[0] = x;
      const u = scratchU32[0];
      if ((u & 0x7f800000) === 0x7f800000) return scratchF32[0];
      scratchU32[0] = ((u + half + ((u >>> shift) & 1)) & mask) >>> 0;
      return scratchF32[0];
    };
  }
  const minNormalExp = 2 - 2 ** (f.exponentBits - 1);
  return (x) => {
    scratchF32[0] = x;
    const v = scratchF32[0];
    if (v === 0 || Number.isNaN(v)) return v;
    if (!Number.isFinite(v)) return f.hasInfinity ? v : NaN;
    const e = ((scratchU32[0] >>> 23) & 0xff) - 127;
    const quantum = POW2[Math.max(e, minNormalExp) - m + 160];
    const a = Math.abs(v) / quantum;
    let q = Math.floor(a);
    const rem = a - q;
    if (rem > 0.5 || (rem === 0.5 && q % 2 === 1)) q += 1;
    const r = q * quantum;
    if (r > f.maxFinite) return f.overflow === 'saturate' ? Math.sign(v) * f.maxFinite : f.overflow === 'nan' ? NaN : Math.sign(v) * Infinity;
    return v < 0 ? -r : r;
  };
}

export function isFloatDtype(name: string): boolean {
  return dtypeByName(name)?.kind === 'float';
}

export function isIntegerDtype(name: string): boolean {
  const k = dtypeByName(name)?.kind;
  return k === 'int' || k === 'uint' || k === 'bool';
}

/** Rounds every value of `values` in place to `dtype`. */
export function roundArray(values: Float64Array, dtype: NumericDtype): Float64Array {
  const r = dtype.round;
  for (let i = 0; i < values.length; i++) values[i] = r(values[i]);
  return values;
}
