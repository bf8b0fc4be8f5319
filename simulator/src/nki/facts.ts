/**
 * Provenance vocabulary shared by every NKI data table.
 *
 * Purpose: a number or claim in the tables carries where it comes from and how sure we are.
 * Invariant: `source` always names a section of /work/shared/reference/nki-api.md or trainium-perf.md
 * (or "corpus" when the only evidence is usage in the public kernels); `confidence` is 'documented'
 * unless the reference itself flags the fact as derived, inconsistent or unconfirmed.
 */

export type Confidence =
  /** Stated by the official docs as summarised in the reference. */
  | 'documented'
  /** Computed from documented numbers (e.g. bytes = elements × 4). */
  | 'derived'
  /** The reference records it as an open question, a contradiction, or "presumably". */
  | 'uncertain'
  /** Not in the reference; only evidence is use in the public kernel corpus. */
  | 'corpus-only';

export interface Fact<T = number> {
  readonly value: T;
  readonly source: string;
  readonly confidence?: Confidence;
  readonly note?: string;
}

export function fact<T>(value: T, source: string, confidence: Confidence = 'documented', note?: string): Fact<T> {
  return note === undefined ? { value, source, confidence } : { value, source, confidence, note };
}
