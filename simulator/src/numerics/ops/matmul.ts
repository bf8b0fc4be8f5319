/**
 * Tensor Engine matrix multiply: `nc_matmul` (dst = stationary.T @ moving, contracting over the
 * partition dim of both; free dims flattened), Beta 1 / 0.3+ `nl.matmul(x, y, transpose_x)`, and
 * the fast kernel behind both.
 *
 * Numerics: products of the (already rounded) input values are summed in double within one
 * instruction (more precise than the PE array, never less), then rounded once to fp32 as they
 * land in PSUM; accumulation across
 * instructions happens in PSUM in fp32 (nki-api.md §3.2 D1: "PSUM accumulation always fp32").
 * `accumulate`: False overwrites, True adds to what PSUM holds, None (0.3+ default) overwrites
 * elements no matmul has written since their last other write and accumulates into the rest;
 * Beta 1 `psum[...] += matmul` behaves like None.
 * Beta 1 `mask=` ranges over the destination's elements: masked-off outputs are neither read nor
 * written (a constant-false mask skips the instruction).
 * Invariant: the kernel's loop order is fixed, so results are deterministic.
 */
import type { Exec, OpImpl } from '../exec';
import { product } from '../view';

/**
 * C[M×N] = Aᵀ B for A [K×M] and B [K×N], all row-major; `C` is overwritten. Register-blocked:
 * four output rows by four contraction rows at a time stream over the columns, so each loaded
 * element of B feeds four rows of C (about 2 GFLOP/s in V8 on one core). Odd sizes are padded
 * with zeros to multiples of four.
 */
export function matmulKernel(a: Float64Array, b: Float64Array, c: Float64Array, K: number, M: number, N: number): void {
  const K4 = (K + 3) & ~3;
  const M4 = (M + 3) & ~3;
  if (K4 !== K || M4 !== M) {
    const ap = new Float64Array(K4 * M4);
    for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) ap[k * M4 + m] = a[k * M + m];
    const bp = K4 === K ? b : new Float64Array(K4 * N);
    if (bp !== b) bp.set(b.subarray(0, K * N));
    const cp = new Float64Array(M4 * N);
    matmulBlocked(ap, bp, cp, K4, M4, N);
    c.set(cp.subarray(0, M * N));
    return;
  }
  matmulBlocked(a, b, c, K, M, N);
}

/** The kernel proper, for K and M multiples of 4. */
function matmulBlocked(a: Float64Array, b: Float64Array, c: Float64Array, K: number, M: number, N: number): void {
  c.fill(0, 0, M * N);
  for (let m = 0; m < M; m += 4) {
    const r0 = m * N; const r1 = r0 + N; const r2 = r1 + N; const r3 = r2 + N;
    for (let k = 0; k < K; k += 4) {
      const q0 = k * M + m; const q1 = q0 + M; const q2 = q1 + M; const q3 = q2 + M;
      const a00 = a[q0]; const a01 = a[q1]; const a02 = a[q2]; const a03 = a[q3];
      const a10 = a[q0 + 1]; const a11 = a[q1 + 1]; const a12 = a[q2 + 1]; const a13 = a[q3 + 1];
      const a20 = a[q0 + 2]; const a21 = a[q1 + 2]; const a22 = a[q2 + 2]; const a23 = a[q3 + 2];
      const a30 = a[q0 + 3]; const a31 = a[q1 + 3]; const a32 = a[q2 + 3]; const a33 = a[q3 + 3];
      const b0 = k * N; const b1 = b0 + N; const b2 = b1 + N; const b3 = b2 + N;
      for (let n = 0; n < N; n++) {
        const x0 = b[b0 + n]; const x1 = b[b1 + n]; const x2 = b[b2 + n]; const x3 = b[b3 + n];
        c[r0 + n] += a00 * x0 + a01 * x1 + a02 * x2 + a03 * x3;
        c[r1 + n] += a10 * x0 + a11 * x1 + a12 * x2 + a13 * x3;
        c[r2 + n] += a20 * x0 + a21 * x1 + a22 * x2 + a23 * x3;
        c[r3 + n] += a30 * x0 + a31 * x1 + a32 * x2 + a33 * x3;
      }
    }
  }
}

type AccumulateMode = 'overwrite' | 'accumulate' | 'auto';

function accumulateMode(x: Exec): AccumulateMode {
  const out = x.out();
  // Beta 1 `psum[...] += nl.matmul(...)`: an accumulation group, whose first matmul into a location
  // overwrites it (Beta 1 kernels accumulate into fresh, never-written PSUM tiles this way).
  if (out.role === 'readwrite') return 'auto';
  const a = x.ins.attrs.accumulate;
  if (a === true) return 'accumulate';
  if (a === false) return 'overwrite';
  // 0.2+ `dst=` form: accumulation is automatic; a Beta 1 returned tile is a fresh result.
  return out.param === 'dst' ? 'auto' : 'overwrite';
}

/**
 * A Beta 1 `mask=` on a matmul, over the destination's shape: undefined (unmasked), 'none' (the
 * predicate is false everywhere: the instruction does nothing), or a skip mask of output elements.
 */
function matmulMask(x: Exec): Uint8Array | 'none' | undefined {
  if (x.ins.attrs.masked !== true) return undefined;
  const skip = x.skipMask(x.shape(x.out()));
  if (!skip) return undefined;
  if (skip.every((s) => s === 1)) return 'none';
  return skip.some((s) => s === 1) ? skip : undefined;
}

/** Writes C into the destination per the accumulate mode (fp32 accumulation in PSUM). */
function land(x: Exec, c: Float64Array, skip?: Uint8Array): void {
  const dst = x.out();
  const mode = accumulateMode(x);
  const shape = x.shape(dst);
  if (product(shape) !== c.length) x.fail(`${x.ins.opcode}: the product has ${c.length} elements but the destination is [${shape.join(', ')}]`);
  if (mode === 'overwrite') {
    for (let i = 0; i < c.length; i++) c[i] = Math.fround(c[i]);
    x.write(dst, c, skip, { matmul: true });
    return;
  }
  const storage = x.m.mem.tensor(dst.access.storage);
  let flags: Uint8Array | undefined;
  if (mode === 'auto' && !storage.matmulWritten) {
    // No matmul has written this tensor yet: every element starts a new accumulation group.
    for (let i = 0; i < c.length; i++) c[i] = Math.fround(c[i]);
    x.write(dst, c, skip, { matmul: true });
    return;
  }
  if (mode === 'auto') {
    // Which destination elements already hold a matmul partial sum.
    const { idx } = x.m.mem.indices(dst.access);
    flags = new Uint8Array(idx.length);
    const written = storage.matmulWritten;
    if (written) for (let i = 0; i < idx.length; i++) flags[i] = skip?.[i] ? 0 : written[idx[i]];
  }
  const old = flags && !flags.some((f) => f) ? undefined : x.read(dst, undefined, skip);
  for (let i = 0; i < c.length; i++) {
    const add = mode === 'accumulate' || (flags !== undefined && flags[i] === 1);
    c[i] = add && old ? Math.fround(Math.fround(old[i]) + Math.fround(c[i])) : Math.fround(c[i]);
  }
  x.write(dst, c, skip, { matmul: true });
}

const ncMatmul: OpImpl = (x) => {
  const mask = matmulMask(x);
  if (mask === 'none') return;
  const st = x.need('stationary');
  const mv = x.need('moving');
  const ss = x.shape(st);
  const ms = x.shape(mv);
  const mode = typeof x.arg('perf_mode') === 'string' ? (x.arg('perf_mode') as string) : 'none';
  // double_row (fp8, NC-v3+): the contraction runs over the partitions and a first free dim of
  // size 2 ([K, 2, M] x [K, 2, N]); in C order that is a [2K, M] x [2K, N] product.
  const doubleRow = /double_row/.test(mode);
  if (doubleRow && (ss.length < 3 || ms.length < 3 || ss[1] !== 2 || ms[1] !== 2)) {
    x.fail(`nc_matmul perf_mode=${mode}: stationary and moving must be [K, 2, ...] (the row pair is the first free dim); got [${ss.join(', ')}] and [${ms.join(', ')}]`);
  }
  if (Array.isArray(x.arg('tile_position')) && (x.arg('tile_position') as unknown[]).length > 0) {
    x.warn('nc_matmul tile_position/tile_size only place the multiply on part of the PE array; the result is computed in full');
  }
  if (ms[0] !== ss[0]) x.fail(`nc_matmul: stationary has ${ss[0]} partitions but moving has ${ms[0]}; both contract over the partition dim`);
  const free = doubleRow ? 2 : 1;
  const K = ss[0] * (doubleRow ? 2 : 1);
  const M = product(ss.slice(free));
  const N = product(ms.slice(free));
  const a = x.read(st);
  const b = x.read(mv);
  const c = new Float64Array(M * N);
  matmulKernel(a, b, c, K, M, N);
  land(x, c, mask);
};

/** `nl.matmul(x, y, transpose_x)`: x [K, M] (transpose_x) or x [M, K], y [K, N] → [M, N]. */
const nlMatmul: OpImpl = (x) => {
  const mask = matmulMask(x);
  if (mask === 'none') return;
  const xo = x.need('x');
  const yo = x.need('y');
  const xs = x.shape(xo);
  const ys = x.shape(yo);
  if (xs.length !== 2 || ys.length !== 2) x.fail(`nl.matmul: operands must be 2-D; got [${xs.join(', ')}] and [${ys.join(', ')}]`);
  const transposeX = x.bool('transpose_x');
  const [K, M] = transposeX ? [xs[0], xs[1]] : [xs[1], xs[0]];
  if (ys[0] !== K) x.fail(`nl.matmul: contraction mismatch: x gives K=${K}, y has ${ys[0]} rows`);
  const N = ys[1];
  let a = x.read(xo);
  if (!transposeX) {
    const t = new Float64Array(K * M);
    for (let m = 0; m < M; m++) for (let k = 0; k < K; k++) t[k * M + m] = a[m * K + k];
    a = t;
  }
  const c = new Float64Array(M * N);
  matmulKernel(a, x.read(yo), c, K, M, N);
  land(x, c, mask);
};

export const MATMUL_OPS: Record<string, OpImpl> = {
  'nki.isa.nc_matmul': ncMatmul,
  'nki.language.matmul': nlMatmul,
};
