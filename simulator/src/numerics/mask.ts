/**
 * Beta 1 index expressions and masks as the tracer records them in `Instruction.args`:
 * an affine index `{ index: { base, coefs } }` is `base + Σ coefs[j]·i_j` over the axes of the
 * instruction's iteration shape (coefficients right-aligned to it), and a mask
 * `{ mask: [{ base, coefs, op }, ...] }` is the conjunction of `affine OP 0` terms
 * (`nl.arange(128)[None, :] < 100` records `i_1 - 100 < 0`).
 *
 * Purpose: evaluate them over a concrete shape for `mask=`, Beta 1 `iota(expr)` and
 * `affine_select(pred)`. Invariant: anything not in this form is refused with a reason,
 * never evaluated approximately.
 */
import type { ArgValue } from '../tracer/instruction';
import { product } from './view';

export interface AffineTerm { base: number; coefs: number[] }
export interface MaskTerm extends AffineTerm { op: string }

const COMPARE: Record<string, (v: number) => boolean> = {
  '<': (v) => v < 0, '<=': (v) => v <= 0, '>': (v) => v > 0, '>=': (v) => v >= 0, '==': (v) => v === 0, '!=': (v) => v !== 0,
};

function isObject(v: ArgValue | undefined): v is Extract<ArgValue, object> & Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The affine index recorded for `arg`, or a reason it is not one. */
export function affineOf(arg: ArgValue | undefined): AffineTerm | string {
  if (!isObject(arg) || !('index' in arg)) return `is ${arg === undefined ? 'missing' : 'not an affine index expression the tracer could record'}`;
  const t = (arg as unknown as { index: AffineTerm }).index;
  if (typeof t.base !== 'number' || !Array.isArray(t.coefs) || t.coefs.some((c) => typeof c !== 'number')) return 'has unknown coefficients';
  return t;
}

/** Values of an affine term over `shape`, C order. */
export function evalAffine(term: AffineTerm, shape: readonly number[]): Float64Array {
  const n = product(shape);
  const rank = shape.length;
  const coefs = alignCoefs(term.coefs, rank);
  const out = new Float64Array(n);
  const idx = new Array<number>(rank).fill(0);
  for (let k = 0; k < n; k++) {
    let v = term.base;
    for (let j = 0; j < rank; j++) v += coefs[j] * idx[j];
    out[k] = v;
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

function alignCoefs(coefs: readonly number[], rank: number): number[] {
  if (coefs.length >= rank) return coefs.slice(coefs.length - rank);
  return [...new Array<number>(rank - coefs.length).fill(0), ...coefs];
}

/** Where each element of `shape` satisfies every term of the mask: 1 = true. */
export function evalPredicate(arg: ArgValue | undefined, shape: readonly number[]): Uint8Array | string {
  // A mask of plain Python values (`mask=(2 * i + j) * 128 < n`) is a constant.
  if (typeof arg === 'boolean') return new Uint8Array(product(shape)).fill(arg ? 1 : 0);
  if (!isObject(arg) || !('mask' in arg) || !Array.isArray(arg.mask)) return 'is not a predicate the tracer could record (only comparisons of affine index expressions combined with &)';
  const terms = arg.mask as unknown as MaskTerm[];
  const n = product(shape);
  const ok = new Uint8Array(n).fill(1);
  for (const t of terms) {
    const cmp = COMPARE[t.op];
    if (!cmp || typeof t.base !== 'number' || t.coefs.some((c) => typeof c !== 'number')) return `has a term the numerics cannot evaluate (${JSON.stringify(t)})`;
    const v = evalAffine(t, shape);
    for (let i = 0; i < n; i++) if (!cmp(v[i])) ok[i] = 0;
  }
  return ok;
}

/** A `mask=` as a skip mask over `shape` (1 = masked off, not read or written). */
export function evalMask(arg: ArgValue | undefined, shape: readonly number[]): Uint8Array | string {
  const ok = evalPredicate(arg, shape);
  if (typeof ok === 'string') return ok;
  for (let i = 0; i < ok.length; i++) ok[i] = ok[i] ? 0 : 1;
  return ok;
}
