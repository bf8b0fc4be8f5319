/**
 * Comparison of a kernel output with a reference: maximum absolute and relative error and
 * NumPy's `allclose` test (|a − b| ≤ atol + rtol·|b|, NaN never close, equal infinities close),
 * plus summary statistics (min/max/mean, NaN and Inf counts) for result views.
 * Invariant: pure functions of the values; shapes are checked by the caller-facing wrapper.
 */
export interface Comparison {
  elements: number;
  maxAbsError: number;
  maxRelError: number;
  /** Elements failing the allclose test, and the first of them (C-order index). */
  mismatches: number;
  firstMismatch?: { index: number; actual: number; expected: number };
  allclose: boolean;
  rtol: number;
  atol: number;
}

export function compareValues(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-5, atol = 1e-8): Comparison {
  if (actual.length !== expected.length) throw new Error(`cannot compare ${actual.length} values with a reference of ${expected.length}`);
  let maxAbs = 0;
  let maxRel = 0;
  let mismatches = 0;
  let first: Comparison['firstMismatch'];
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const b = expected[i];
    let close: boolean;
    if (Number.isNaN(a) || Number.isNaN(b)) close = false;
    else if (!Number.isFinite(a) || !Number.isFinite(b)) close = a === b;
    else {
      const d = Math.abs(a - b);
      maxAbs = Math.max(maxAbs, d);
      if (b !== 0) maxRel = Math.max(maxRel, d / Math.abs(b));
      close = d <= atol + rtol * Math.abs(b);
    }
    if (!close) {
      if (Number.isNaN(a) !== Number.isNaN(b) || (!Number.isFinite(a) && Number.isFinite(b))) { maxAbs = Infinity; maxRel = Infinity; }
      mismatches++;
      first ??= { index: i, actual: a, expected: b };
    }
  }
  return { elements: actual.length, maxAbsError: maxAbs, maxRelError: maxRel, mismatches, firstMismatch: first, allclose: mismatches === 0, rtol, atol };
}

export interface ValueSummary {
  elements: number;
  min: number;
  max: number;
  mean: number;
  nan: number;
  inf: number;
}

/** Min/max/mean over the finite values, and the NaN and ±Inf counts. */
export function summarise(values: ArrayLike<number>): ValueSummary {
  let min = Infinity; let max = -Infinity; let sum = 0; let finite = 0; let nan = 0; let inf = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isNaN(v)) { nan++; continue; }
    if (!Number.isFinite(v)) { inf++; continue; }
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    finite++;
  }
  return { elements: values.length, min: finite ? min : NaN, max: finite ? max : NaN, mean: finite ? sum / finite : NaN, nan, inf };
}
