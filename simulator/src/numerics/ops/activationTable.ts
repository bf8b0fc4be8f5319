/**
 * The activation function table (nki-api.md §2.13) and the unary element-wise `nl.*` functions.
 *
 * Purpose: `ACTIVATION[name](x)` is the function ScalarE applies in `activation`/`activate2` and
 * the `nl.exp`, `nl.gelu`, ... convenience functions compute. We evaluate the mathematical
 * function in double on the fp32 input and round the result to fp32; the hardware uses
 * piecewise-polynomial approximations valid in the documented ranges, so results agree to a few
 * fp32 ulps inside those ranges, not bit for bit, and out-of-range inputs (e.g. activation `sin`
 * outside [-π, π], which the hardware does not range-reduce) follow the mathematical function.
 * Invariant: every entry takes and returns plain numbers; names are NKI's (`nl.<name>`).
 */
import type { UnaryFn } from './aluTable';

const SQRT2 = Math.SQRT2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** erf to ~1e-15: Taylor series near zero, Lentz continued fraction for erfc further out. */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const a = Math.abs(x);
  if (a < 2.5) {
    let term = a;
    let sum = a;
    const x2 = a * a;
    for (let n = 1; n < 100; n++) {
      term *= -x2 / n;
      const t = term / (2 * n + 1);
      sum += t;
      if (Math.abs(t) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * TWO_OVER_SQRT_PI * sum;
  }
  if (a > 6) return Math.sign(x);
  return Math.sign(x) * (1 - erfcLarge(a));
}

/** erfc(a) for a ≥ 2.5 by the continued fraction erfc(a) = exp(-a²)/√π · 1/(a + 1/2/(a + 1/(a + 3/2/(a + ...)))). */
function erfcLarge(a: number): number {
  // Modified Lentz on K = a + (1/2)/(a + (2/2)/(a + (3/2)/(a + ...))).
  const tiny = 1e-300;
  let fval = a;
  let c = a;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = a + an * d;
    d = d === 0 ? tiny : 1 / d;
    c = a + an / c;
    if (c === 0) c = tiny;
    const delta = c * d;
    fval *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-a * a) / Math.sqrt(Math.PI) / fval;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number): number => (x > 30 ? x : x < -30 ? Math.exp(x) : Math.log1p(Math.exp(x)));

export const ACTIVATION: Record<string, UnaryFn> = {
  copy: (x) => x,
  identity: (x) => x,
  bypass: (x) => x,
  square: (x) => x * x,
  sigmoid,
  relu: (x) => (x > 0 ? x : x === 0 || x < 0 ? 0 : x),
  gelu: (x) => 0.5 * x * (1 + erf(x / SQRT2)),
  gelu_dx: (x) => 0.5 * (1 + erf(x / SQRT2)) + x * Math.exp(-0.5 * x * x) * INV_SQRT_2PI,
  gelu_apprx_tanh: (x) => 0.5 * x * (1 + Math.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x * x * x))),
  gelu_apprx_sigmoid: (x) => x * sigmoid(1.702 * x),
  gelu_apprx_sigmoid_dx: (x) => { const s = sigmoid(1.702 * x); return s + 1.702 * x * s * (1 - s); },
  silu: (x) => x * sigmoid(x),
  silu_dx: (x) => { const s = sigmoid(x); return s * (1 + x * (1 - s)); },
  tanh: Math.tanh,
  softplus,
  mish: (x) => x * Math.tanh(softplus(x)),
  erf,
  erf_dx: (x) => TWO_OVER_SQRT_PI * Math.exp(-x * x),
  exp: Math.exp,
  log: Math.log,
  sign: (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : x < 0 ? -1 : 0),
  abs: Math.abs,
  negative: (x) => -x,
  sin: Math.sin,
  cos: Math.cos,
  tan: Math.tan,
  arctan: Math.atan,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  ceil: Math.ceil,
  floor: Math.floor,
  trunc: Math.trunc,
  logical_not: (x) => (x === 0 ? 1 : 0),
};

/** Applies a table function to an fp32 input and rounds the result to fp32. */
export function applyActivation(fn: UnaryFn, x: number): number {
  return Math.fround(fn(Math.fround(x)));
}
