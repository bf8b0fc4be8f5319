/**
 * Statistics and top-8 instructions: `bn_stats`, `bn_aggr`, `max8`, `nc_find_index8`,
 * `nc_match_replace8`.
 *
 * `bn_stats` writes 6 values per partition: (count, mean, variance·count) of the even-indexed and
 * of the odd-indexed elements; `bn_aggr` combines groups of 3 such values into (mean, variance)
 * (population variance). `max8` gives each partition's 8 largest values in descending order;
 * `nc_find_index8` the index of each of 8 values (first match, duplicates advance; unmatched →
 * all-ones, nki-api.md §3.2 G5); `nc_match_replace8` replaces the matched elements with `imm`,
 * processing `vals` in reverse order. Invariant: fp32 arithmetic throughout.
 */
import type { Exec, OpImpl } from '../exec';
import { product } from '../view';

const f32 = Math.fround;

function rows(x: Exec, param: string): { v: Float64Array; P: number; F: number } {
  const o = x.need(param);
  const s = x.shape(o);
  return { v: x.read(o), P: s[0], F: product(s.slice(1)) };
}

const bnStats: OpImpl = (x) => {
  const { v, P, F } = rows(x, 'data');
  const out = new Float64Array(P * 6);
  for (let p = 0; p < P; p++) {
    for (const parity of [0, 1]) {
      let n = 0; let s = 0;
      for (let j = parity; j < F; j += 2) { s = f32(s + v[p * F + j]); n++; }
      const mean = n ? f32(s / n) : 0;
      let m2 = 0;
      for (let j = parity; j < F; j += 2) { const d = f32(v[p * F + j] - mean); m2 = f32(m2 + f32(d * d)); }
      out.set([n, mean, m2], p * 6 + parity * 3);
    }
  }
  x.write(x.out(), out);
};

const bnAggr: OpImpl = (x) => {
  const { v, P, F } = rows(x, 'data');
  if (F % 3 !== 0) x.fail(`bn_aggr: input has ${F} elements per partition, not a multiple of 3`);
  const out = new Float64Array(P * 2);
  for (let p = 0; p < P; p++) {
    let n = 0; let sum = 0;
    for (let g = 0; g < F; g += 3) { n += v[p * F + g]; sum += v[p * F + g] * v[p * F + g + 1]; }
    const mean = n ? sum / n : 0;
    let m2 = 0;
    for (let g = 0; g < F; g += 3) {
      const c = v[p * F + g]; const mu = v[p * F + g + 1]; const cv = v[p * F + g + 2];
      m2 += cv + c * (mu - mean) * (mu - mean);
    }
    out[p * 2] = f32(mean);
    out[p * 2 + 1] = f32(n ? m2 / n : 0);
  }
  x.write(x.out(), out);
};

const max8: OpImpl = (x) => {
  const { v, P, F } = rows(x, 'src');
  const out = new Float64Array(P * 8);
  for (let p = 0; p < P; p++) {
    const row = Array.from(v.subarray(p * F, p * F + F)).sort((a, b) => b - a);
    for (let k = 0; k < 8; k++) out[p * 8 + k] = row[k] ?? -Infinity;
  }
  x.write(x.out(), out);
};

/** For each of the 8 values, the first index not already taken whose element equals it. */
function findIndex8(v: Float64Array, F: number, p: number, vals: Float64Array, reverse: boolean): number[] {
  const taken = new Set<number>();
  const result = new Array<number>(8).fill(-1);
  const order = reverse ? [7, 6, 5, 4, 3, 2, 1, 0] : [0, 1, 2, 3, 4, 5, 6, 7];
  for (const k of order) {
    for (let j = 0; j < F; j++) {
      if (!taken.has(j) && v[p * F + j] === vals[p * 8 + k]) { taken.add(j); result[k] = j; break; }
    }
  }
  return result;
}

const findIndex8Op: OpImpl = (x) => {
  const { v, P, F } = rows(x, 'data');
  const vals = x.read(x.need('vals'));
  const dst = x.out();
  const allOnes = dst.access.dtype === 'uint16' ? 0xffff : 0xffffffff;
  const out = new Float64Array(P * 8);
  for (let p = 0; p < P; p++) findIndex8(v, F, p, vals, false).forEach((j, k) => { out[p * 8 + k] = j < 0 ? allOnes : j; });
  x.write(dst, out);
};

const matchReplace8: OpImpl = (x) => {
  const { v, P, F } = rows(x, 'data');
  const vals = x.read(x.need('vals'));
  const imm = x.num('imm');
  const out = Float64Array.from(v);
  const idxOut = x.operand('dst_idx');
  const idx = new Float64Array(P * 8);
  for (let p = 0; p < P; p++) {
    findIndex8(v, F, p, vals, true).forEach((j, k) => {
      if (j >= 0) out[p * F + j] = imm;
      idx[p * 8 + k] = j < 0 ? 0xffffffff : j;
    });
  }
  x.write(x.out(), out);
  if (idxOut) x.write(idxOut, idx);
};

export const STATS_OPS: Record<string, OpImpl> = {
  'nki.isa.bn_stats': bnStats,
  'nki.isa.bn_aggr': bnAggr,
  'nki.isa.max8': max8,
  'nki.isa.nc_find_index8': findIndex8Op,
  'nki.isa.nc_match_replace8': matchReplace8,
};
