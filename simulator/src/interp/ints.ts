/**
 * Exact Python integer arithmetic on the `number | bigint` representation of `IntValue`.
 *
 * Invariant (shared with values.ts): inputs and outputs are normalised — a JS number exactly
 * when the value is a safe integer, never -0 — so the fast path is plain float arithmetic whose
 * result is accepted only when `Number.isSafeInteger` proves it exact; anything else is redone
 * with bigints. Callers check division by zero before calling.
 */
export type IntRepr = number | bigint;

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

export function norm(b: bigint): IntRepr {
  return b >= MIN_SAFE && b <= MAX_SAFE ? Number(b) : b;
}

export function big(a: IntRepr): bigint {
  return typeof a === 'bigint' ? a : BigInt(a);
}

export function intAdd(a: IntRepr, b: IntRepr): IntRepr {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return norm(big(a) + big(b));
}

export function intSub(a: IntRepr, b: IntRepr): IntRepr {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return norm(big(a) - big(b));
}

export function intMul(a: IntRepr, b: IntRepr): IntRepr {
  if (typeof a === 'number' && typeof b === 'number') {
    // A product whose magnitude exceeds 2^53 rounds to a non-safe float, so "safe" means exact.
    const r = a * b;
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return norm(big(a) * big(b));
}

/** Floor division (rounds toward negative infinity). */
export function intFloorDiv(a: IntRepr, b: IntRepr): IntRepr {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a % b; // exact for safe integers
    let q = (a - r) / b; // exact: a - r is a multiple of b
    if (r !== 0 && (r < 0) !== (b < 0)) q -= 1;
    return q + 0;
  }
  const x = big(a), y = big(b);
  let q = x / y;
  if (x % y !== 0n && (x < 0n) !== (y < 0n)) q -= 1n;
  return norm(q);
}

/** Modulo with the sign of the divisor. */
export function intMod(a: IntRepr, b: IntRepr): IntRepr {
  if (typeof a === 'number' && typeof b === 'number') {
    let r = a % b;
    if (r !== 0 && (r < 0) !== (b < 0)) r += b;
    return r + 0;
  }
  const y = big(b);
  let r = big(a) % y;
  if (r !== 0n && (r < 0n) !== (y < 0n)) r += y;
  return norm(r);
}

/** Non-negative exponent only (negative exponents produce floats, handled by the caller). */
export function intPow(a: IntRepr, b: IntRepr): IntRepr {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a ** b;
    // Float pow is exact for small results; larger ones are recomputed exactly.
    if (Math.abs(r) <= 2 ** 31) return r + 0;
  }
  return norm(big(a) ** big(b));
}

export function intNeg(a: IntRepr): IntRepr {
  return typeof a === 'number' ? 0 - a : norm(-a);
}

export function intAbs(a: IntRepr): IntRepr {
  return typeof a === 'number' ? Math.abs(a) : norm(a < 0n ? -a : a);
}

export function intInvert(a: IntRepr): IntRepr {
  return intSub(intNeg(a), 1);
}

function isInt32(a: IntRepr): a is number {
  return typeof a === 'number' && (a | 0) === a;
}

export function intAnd(a: IntRepr, b: IntRepr): IntRepr {
  return isInt32(a) && isInt32(b) ? a & b : norm(big(a) & big(b));
}

export function intOr(a: IntRepr, b: IntRepr): IntRepr {
  return isInt32(a) && isInt32(b) ? a | b : norm(big(a) | big(b));
}

export function intXor(a: IntRepr, b: IntRepr): IntRepr {
  return isInt32(a) && isInt32(b) ? a ^ b : norm(big(a) ^ big(b));
}

/** Callers reject negative shift counts. */
export function intLshift(a: IntRepr, b: IntRepr): IntRepr {
  if (typeof a === 'number' && typeof b === 'number' && b < 53) {
    const r = a * 2 ** b; // multiplying by a power of two is exact unless it leaves the safe range
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return norm(big(a) << big(b));
}

export function intRshift(a: IntRepr, b: IntRepr): IntRepr {
  if (typeof a === 'number' && typeof b === 'number') {
    return b >= 64 ? (a < 0 ? -1 : 0) : Math.floor(a / 2 ** b) + 0;
  }
  return norm(big(a) >> big(b));
}

export function intCmp(a: IntRepr, b: IntRepr): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  const x = big(a), y = big(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function intSign(a: IntRepr): number {
  return typeof a === 'number' ? Math.sign(a) : a < 0n ? -1 : a > 0n ? 1 : 0;
}

/** Compare an int with a float exactly (2**60 == 2.0**60, 2**60+1 > 2.0**60). */
export function intFloatCmp(a: IntRepr, x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (typeof a === 'number') return a < x ? -1 : a > x ? 1 : 0;
  if (!Number.isFinite(x)) return x > 0 ? -1 : 1;
  const fl = Math.floor(x);
  const c = intCmp(a, norm(BigInt(fl)));
  if (c !== 0) return c;
  return fl === x ? 0 : -1;
}

/** Nearest float; undefined when too large (Python raises OverflowError). */
export function intToFloat(a: IntRepr): number | undefined {
  if (typeof a === 'number') return a;
  const f = Number(a);
  return Number.isFinite(f) ? f : undefined;
}

export function intToString(a: IntRepr, radix = 10): string {
  return a.toString(radix);
}

/** Truncate a finite float to an int (Python's `int(3.9) == 3`). */
export function intFromFloat(x: number): IntRepr {
  const t = Math.trunc(x);
  return Number.isSafeInteger(t) ? t + 0 : norm(BigInt(t));
}

/** Parse Python int syntax in `base` (0 = infer from prefix); undefined when invalid. */
export function parseIntLiteral(text: string, base: number): IntRepr | undefined {
  let s = text.trim().replace(/_/g, '');
  let sign = 1n;
  if (s.startsWith('-')) { sign = -1n; s = s.slice(1); } else if (s.startsWith('+')) s = s.slice(1);
  const prefixes: Array<[string, number]> = [['0x', 16], ['0o', 8], ['0b', 2]];
  for (const [p, b] of prefixes) {
    if (s.toLowerCase().startsWith(p) && (base === 0 || base === b)) { s = s.slice(2); base = b; break; }
  }
  if (base === 0) base = 10;
  if (s === '' || base < 2 || base > 36) return undefined;
  let acc = 0n;
  const bb = BigInt(base);
  for (const ch of s.toLowerCase()) {
    const d = parseInt(ch, 36);
    if (Number.isNaN(d) || d >= base) return undefined;
    acc = acc * bb + BigInt(d);
  }
  return norm(sign * acc);
}
