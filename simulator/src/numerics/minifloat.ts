/**
 * Rounding of real numbers to the floating-point formats NKI stores (fp32, tf32, bf16, fp16 and
 * the fp8 family), round-to-nearest-even as the engines do on every write. One generic routine
 * parameterised by exponent and mantissa widths keeps all formats consistent; fp32 uses the
 * platform's `Math.fround`.
 */

export interface MinifloatFormat {
  exponentBits: number;
  mantissaBits: number;
  /** IEEE-style infinities (all-ones exponent, zero mantissa). False for OCP e4m3fn. */
  hasInfinity: boolean;
  /** Largest finite magnitude; derived from the widths unless the format reserves extra codes. */
  maxFinite: number;
  /** What an overflowing finite value becomes: infinity (IEEE) or NaN (formats without inf). */
  overflow: 'infinity' | 'nan' | 'saturate';
}

function ieeeMax(exponentBits: number, mantissaBits: number): number {
  const bias = 2 ** (exponentBits - 1) - 1;
  const maxExp = 2 ** exponentBits - 2 - bias;
  return (2 - 2 ** -mantissaBits) * 2 ** maxExp;
}

export const FORMATS = {
  tf32: { exponentBits: 8, mantissaBits: 10, hasInfinity: true, maxFinite: ieeeMax(8, 10), overflow: 'infinity' },
  bfloat16: { exponentBits: 8, mantissaBits: 7, hasInfinity: true, maxFinite: ieeeMax(8, 7), overflow: 'infinity' },
  float16: { exponentBits: 5, mantissaBits: 10, hasInfinity: true, maxFinite: 65504, overflow: 'infinity' },
  /** Legacy NKI fp8 e4m3 (IEEE-like, with infinities): max 240. */
  float8_e4m3: { exponentBits: 4, mantissaBits: 3, hasInfinity: true, maxFinite: 240, overflow: 'infinity' },
  float8_e5m2: { exponentBits: 5, mantissaBits: 2, hasInfinity: true, maxFinite: 57344, overflow: 'infinity' },
  /** OCP e4m3fn: no infinities, only S.1111.111 is NaN, so the largest finite value is 448. */
  float8_e4m3fn: { exponentBits: 4, mantissaBits: 3, hasInfinity: false, maxFinite: 448, overflow: 'nan' },
} satisfies Record<string, MinifloatFormat>;

export type MinifloatName = keyof typeof FORMATS;

/** Rounds `x` to the nearest value representable in `format` (ties to even), with subnormals. */
export function roundToFormat(x: number, format: MinifloatFormat): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return format.hasInfinity ? x : NaN;
  if (x === 0) return x; // keeps the sign of zero
  const sign = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const bias = 2 ** (format.exponentBits - 1) - 1;
  const minNormalExp = 1 - bias;
  // The exponent of a, clamped below so subnormals share the minimum exponent's spacing.
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e -= 1; // log2 rounding near powers of two
  else if (2 ** (e + 1) <= a) e += 1;
  const exp = Math.max(e, minNormalExp);
  const quantum = 2 ** (exp - format.mantissaBits);
  const scaled = a / quantum;
  let q = Math.floor(scaled);
  const rem = scaled - q;
  if (rem > 0.5 || (rem === 0.5 && q % 2 === 1)) q += 1;
  const r = q * quantum;
  if (r > format.maxFinite) {
    if (format.overflow === 'saturate') return sign * format.maxFinite;
    if (format.overflow === 'nan') {
      // Values that round to exactly the NaN code's magnitude overflow; anything that rounds to
      // maxFinite stays finite.
      return NaN;
    }
    return sign * Infinity;
  }
  return sign * r;
}

export function roundFloat(x: number, name: MinifloatName | 'float32'): number {
  return name === 'float32' ? Math.fround(x) : roundToFormat(x, FORMATS[name]);
}
