/**
 * The ALU operator table (nki-api.md §2.13): binary and unary element operations by NKI name,
 * as the Vector/GpSimd/Scalar engines compute them.
 *
 * Purpose: one column of one-liners keyed by op name, shared by `tensor_tensor`, `tensor_scalar`,
 * `scalar_tensor_tensor`, the reduce family, Beta 1 operators on tiles and the `nl.*` element-wise
 * functions. Arithmetic casts operands to fp32 and rounds the result to fp32 (G1); comparisons and
 * logical ops yield 1.0/0.0; bit-vector ops work on 32-bit integer patterns.
 * Invariant: an op name missing here is reported by the caller as not implemented, never mapped
 * to a near miss.
 */
const f = Math.fround;

export type BinaryFn = (a: number, b: number) => number;
export type UnaryFn = (a: number) => number;

const bool = (x: boolean): number => (x ? 1 : 0);
const i32 = (x: number): number => (Number.isFinite(x) ? Math.trunc(x) | 0 : 0);

/** Arithmetic on fp32 values: operands and result in fp32. */
const arith = (g: (a: number, b: number) => number): BinaryFn => (a, b) => f(g(f(a), f(b)));

export const BINARY: Record<string, BinaryFn> = {
  add: arith((a, b) => a + b),
  subtract: arith((a, b) => a - b),
  multiply: arith((a, b) => a * b),
  divide: arith((a, b) => a / b),
  maximum: arith((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b))),
  minimum: arith((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b))),
  max: arith((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b))),
  min: arith((a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b))),
  power: arith((a, b) => a ** b),
  pow: arith((a, b) => a ** b),
  // numpy semantics: fmod keeps the dividend's sign, mod the divisor's.
  fmod: arith((a, b) => a % b),
  mod: arith((a, b) => { const r = a % b; return r !== 0 && (r < 0) !== (b < 0) ? r + b : r; }),
  floor_divide: arith((a, b) => Math.floor(a / b)),
  abs_max: arith((a, b) => Math.max(Math.abs(a), Math.abs(b))),
  abs_min: arith((a, b) => Math.min(Math.abs(a), Math.abs(b))),
  equal: (a, b) => bool(f(a) === f(b)),
  not_equal: (a, b) => bool(f(a) !== f(b)),
  less: (a, b) => bool(f(a) < f(b)),
  less_equal: (a, b) => bool(f(a) <= f(b)),
  greater: (a, b) => bool(f(a) > f(b)),
  greater_equal: (a, b) => bool(f(a) >= f(b)),
  logical_and: (a, b) => bool(a !== 0 && b !== 0),
  logical_or: (a, b) => bool(a !== 0 || b !== 0),
  logical_xor: (a, b) => bool((a !== 0) !== (b !== 0)),
  bitwise_and: (a, b) => (i32(a) & i32(b)),
  bitwise_or: (a, b) => (i32(a) | i32(b)),
  bitwise_xor: (a, b) => (i32(a) ^ i32(b)),
  left_shift: (a, b) => (i32(a) << (i32(b) & 31)),
  // Logical shift right (the hardware has no arithmetic shift right, §2.13).
  right_shift: (a, b) => (i32(a) >>> (i32(b) & 31)) | 0,
  // NumPy spellings Beta 1 kernels pass as ops (`reduce_op=np.sum`).
  sum: arith((a, b) => a + b),
  // bypass passes the first operand through (activate2, tensor_scalar with op1=bypass).
  bypass: (a) => a,
};

/** Ops whose results are 32-bit integer patterns (read back as unsigned for unsigned destinations). */
export const BITVEC = new Set(['bitwise_and', 'bitwise_or', 'bitwise_xor', 'left_shift', 'right_shift', 'invert']);

/** Identity elements of the reduction ops (the value a reset accumulator holds). */
export const REDUCE_INIT: Record<string, number> = {
  add: 0, subtract: 0, multiply: 1, maximum: -Infinity, max: -Infinity, minimum: Infinity, min: Infinity,
  logical_and: 1, logical_or: 0, logical_xor: 0, bitwise_and: -1, bitwise_or: 0, bitwise_xor: 0, abs_max: 0, abs_min: Infinity,
};

/** Integer arithmetic, exact, for int32 operands on GpSimd (`iota` results, index math). */
export const INTEGER_BINARY: Record<string, BinaryFn> = {
  add: (a, b) => a + b,
  subtract: (a, b) => a - b,
  multiply: (a, b) => a * b,
  maximum: Math.max,
  minimum: Math.min,
  max: Math.max,
  min: Math.min,
  mod: (a, b) => { const r = a % b; return r !== 0 && (r < 0) !== (b < 0) ? r + b : r; },
  fmod: (a, b) => a % b,
  floor_divide: (a, b) => Math.floor(a / b),
};

/** Reinterprets a 32-bit pattern for the destination's signedness. */
export function bitvecResult(x: number, unsignedDst: boolean): number {
  return unsignedDst ? x >>> 0 : x | 0;
}

export const invert: UnaryFn = (a) => ~i32(a);
export { i32 };
