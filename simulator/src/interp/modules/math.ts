/**
 * The `math` module: constants and the functions kernels use for tiling arithmetic. Functions
 * returning integers in CPython (ceil, floor, gcd, prod of ints, ...) return exact ints here too.
 */
import type { Interp } from '../interp';
import * as I from '../ints';
import { concrete, expectFloat, expectInt, expectSmallInt, native, type NativeImpl } from '../native';
import { binaryOp } from '../ops';
import { toArray } from '../sequences';
import type { Value } from '../values';
import { mkBool, mkFloat, mkInt, mkIntFrom } from '../values';
import { getAttr } from '../attrs';
import { callValue } from '../calls';
import { lookupMro } from '../types';

function intResult(it: Interp, x: Value, dunder: string, f: (v: number) => number): Value {
  const v = concrete(x);
  if (v.kind === 'int') return v;
  if (v.kind === 'bool') return mkInt(v.value ? 1 : 0);
  if (v.kind === 'instance' && lookupMro(v.cls, dunder)) return callValue(it, getAttr(it, v, dunder), []);
  const r = expectFloat(it, v, 'math argument');
  if (!Number.isFinite(r)) it.raise(Number.isNaN(r) ? 'ValueError' : 'OverflowError', `cannot convert float ${Number.isNaN(r) ? 'NaN' : 'infinity'} to integer`);
  return mkIntFrom(I.intFromFloat(f(r)));
}

function unary(name: string, f: (x: number) => number, domain?: (x: number) => boolean): [string, Value] {
  return [name, native(name, 'x, /', ([x], it) => {
    const v = expectFloat(it, x!, `${name}() argument`);
    if (domain && !domain(v)) it.raise('ValueError', 'math domain error');
    return mkFloat(f(v));
  })];
}

function gcd(a: I.IntRepr, b: I.IntRepr): I.IntRepr {
  let x = I.intAbs(a), y = I.intAbs(b);
  while (y !== 0) [x, y] = [y, I.intMod(x, y)];
  return x;
}

export function mathModule(): Map<string, Value> {
  const m = new Map<string, Value>();
  const def = (name: string, sig: string, impl: NativeImpl) => m.set(name, native(name, sig, impl));
  m.set('pi', mkFloat(Math.PI));
  m.set('e', mkFloat(Math.E));
  m.set('tau', mkFloat(2 * Math.PI));
  m.set('inf', mkFloat(Infinity));
  m.set('nan', mkFloat(NaN));
  def('ceil', 'x, /', ([x], it) => intResult(it, x!, '__ceil__', Math.ceil));
  def('floor', 'x, /', ([x], it) => intResult(it, x!, '__floor__', Math.floor));
  def('trunc', 'x, /', ([x], it) => intResult(it, x!, '__trunc__', Math.trunc));
  for (const [k, v] of [
    unary('sqrt', Math.sqrt, (x) => x >= 0), unary('exp', Math.exp), unary('expm1', Math.expm1),
    unary('log2', Math.log2, (x) => x > 0), unary('log10', Math.log10, (x) => x > 0), unary('log1p', Math.log1p, (x) => x > -1),
    unary('fabs', Math.abs), unary('sin', Math.sin), unary('cos', Math.cos), unary('tan', Math.tan),
    unary('asin', Math.asin, (x) => x >= -1 && x <= 1), unary('acos', Math.acos, (x) => x >= -1 && x <= 1), unary('atan', Math.atan),
    unary('sinh', Math.sinh), unary('cosh', Math.cosh), unary('tanh', Math.tanh),
    unary('degrees', (x) => (x * 180) / Math.PI), unary('radians', (x) => (x * Math.PI) / 180),
    unary('erf', erf),
  ] as Array<[string, Value]>) m.set(k, v);
  def('log', 'x, base=?, /', ([x, base], it) => {
    const v = expectFloat(it, x!, 'log() argument');
    if (v <= 0) it.raise('ValueError', 'math domain error');
    if (base === undefined) return mkFloat(Math.log(v));
    return mkFloat(Math.log(v) / Math.log(expectFloat(it, base, 'log() base')));
  });
  def('pow', 'x, y, /', ([x, y], it) => mkFloat(expectFloat(it, x!, 'pow') ** expectFloat(it, y!, 'pow')));
  def('atan2', 'y, x, /', ([y, x], it) => mkFloat(Math.atan2(expectFloat(it, y!, 'atan2'), expectFloat(it, x!, 'atan2'))));
  def('hypot', '*coordinates', ([c], it) => mkFloat(Math.hypot(...toArray(it, c!).map((v) => expectFloat(it, v, 'hypot')))));
  def('fmod', 'x, y, /', ([x, y], it) => mkFloat(expectFloat(it, x!, 'fmod') % expectFloat(it, y!, 'fmod')));
  def('copysign', 'x, y, /', ([x, y], it) => {
    const a = Math.abs(expectFloat(it, x!, 'copysign')), b = expectFloat(it, y!, 'copysign');
    return mkFloat(b < 0 || Object.is(b, -0) ? -a : a);
  });
  def('isqrt', 'n, /', ([n], it) => {
    const v = I.big(expectInt(it, n!, 'isqrt() argument'));
    if (v < 0n) it.raise('ValueError', 'isqrt() argument must be nonnegative');
    if (v < 2n) return mkIntFrom(v);
    let x = BigInt(Math.floor(Math.sqrt(Number(v))));
    while (x * x > v) x--;
    while ((x + 1n) * (x + 1n) <= v) x++;
    return mkIntFrom(x);
  });
  def('gcd', '*integers', ([ints], it) => mkIntFrom(toArray(it, ints!).reduce<I.IntRepr>((a, v) => gcd(a, expectInt(it, v, 'gcd() argument')), 0)));
  def('lcm', '*integers', ([ints], it) => mkIntFrom(toArray(it, ints!).reduce<I.IntRepr>((a, v) => {
    const b = expectInt(it, v, 'lcm() argument');
    if (a === 0 || b === 0) return 0;
    return I.intAbs(I.intFloorDiv(I.intMul(a, b), gcd(a, b)));
  }, 1)));
  def('prod', 'iterable, /, *, start=1', ([iterable, start], it) =>
    toArray(it, concrete(iterable!)).reduce((acc, v) => binaryOp(it, '*', acc, v), start!));
  def('fsum', 'seq, /', ([seq], it) => mkFloat(toArray(it, concrete(seq!)).reduce((a, v) => a + expectFloat(it, v, 'fsum'), 0)));
  def('factorial', 'n, /', ([n], it) => {
    const k = expectSmallInt(it, n!, 'factorial() argument');
    if (k < 0) it.raise('ValueError', 'factorial() not defined for negative values');
    let r = 1n;
    for (let i = 2n; i <= BigInt(k); i++) r *= i;
    return mkIntFrom(r);
  });
  def('comb', 'n, k, /', ([n, k], it) => {
    const a = BigInt(expectSmallInt(it, n!, 'comb')), b = BigInt(expectSmallInt(it, k!, 'comb'));
    if (b < 0n || a < 0n) it.raise('ValueError', 'n and k must be non-negative integers');
    if (b > a) return mkInt(0);
    let r = 1n;
    for (let i = 0n; i < b; i++) r = (r * (a - i)) / (i + 1n);
    return mkIntFrom(r);
  });
  def('perm', 'n, k=None, /', ([n, k], it) => {
    const a = BigInt(expectSmallInt(it, n!, 'perm'));
    const b = k!.kind === 'none' ? a : BigInt(expectSmallInt(it, k!, 'perm'));
    if (b > a) return mkInt(0);
    let r = 1n;
    for (let i = 0n; i < b; i++) r *= a - i;
    return mkIntFrom(r);
  });
  def('isclose', 'a, b, *, rel_tol=1e-09, abs_tol=0.0', ([a, b, rel, abs], it) => {
    const x = expectFloat(it, a!, 'isclose'), y = expectFloat(it, b!, 'isclose');
    if (x === y) return mkBool(true);
    if (!Number.isFinite(x) || !Number.isFinite(y)) return mkBool(false);
    const d = Math.abs(x - y);
    const r = expectFloat(it, rel!, 'rel_tol'), t = expectFloat(it, abs!, 'abs_tol');
    return mkBool(d <= Math.abs(r * y) || d <= Math.abs(r * x) || d <= t);
  });
  def('isfinite', 'x, /', ([x], it) => mkBool(Number.isFinite(expectFloat(it, x!, 'isfinite'))));
  def('isinf', 'x, /', ([x], it) => { const v = expectFloat(it, x!, 'isinf'); return mkBool(!Number.isFinite(v) && !Number.isNaN(v)); });
  def('isnan', 'x, /', ([x], it) => mkBool(Number.isNaN(expectFloat(it, x!, 'isnan'))));
  return m;
}

/** Abramowitz–Stegun 7.1.26 refined with a series for small |x|; ~1e-12 accurate. */
function erf(x: number): number {
  const s = Math.sign(x), a = Math.abs(x);
  if (a < 2) {
    let sum = 0, term = a, n = 0;
    while (Math.abs(term) > 1e-17 * Math.abs(sum) || n < 3) {
      sum += term / (2 * n + 1);
      n++;
      term = (-term * a * a) / n;
      if (n > 200) break;
    }
    return (s * 2 * sum) / Math.sqrt(Math.PI);
  }
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}
