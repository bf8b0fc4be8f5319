/**
 * Data-dependent movement within on-chip tiles: `nc_n_gather` / `nl.gather_flattened` (gather
 * within each partition over its flattened free elements), `nc_stream_shuffle` (move partitions
 * within each 32-partition quadrant) and `nonzero_with_count` (compact the indices of non-zero
 * elements).
 *
 * Invariant: an index outside the data stops the run (the hardware result is undefined); values
 * move without conversion when the dtypes agree.
 */
import type { OpImpl } from '../exec';
import { product } from '../view';

/** dst[p, j] = data[p, indices[p, j]] over each partition's flattened free elements. */
const gatherWithinPartition = (dataParam: string): OpImpl => (x) => {
  x.noMask();
  const dst = x.out();
  const dataOp = x.need(dataParam);
  const ds = x.shape(dataOp);
  const P = ds[0];
  const F = product(ds.slice(1));
  const data = x.read(dataOp);
  const idxOp = x.need('indices');
  const idx = x.read(idxOp);
  const n = product(x.shape(dst));
  if (n % P !== 0 || idx.length !== n) x.fail(`${x.ins.opcode}: ${idx.length} indices for a destination of ${n} elements over ${P} partitions`);
  const per = n / P;
  const out = new Float64Array(n);
  for (let p = 0; p < P; p++) {
    for (let j = 0; j < per; j++) {
      const k = idx[p * per + j];
      if (!(k >= 0 && k < F) || !Number.isInteger(k)) x.fail(`${x.ins.opcode}: index ${k} at partition ${p} is outside the ${F} elements per partition of '${dataParam}'`);
      out[p * per + j] = data[p * F + k];
    }
  }
  x.write(dst, out);
};

/** Within each 32-partition quadrant, dst partition i receives src partition mask[i]; 255 leaves it. */
const streamShuffle: OpImpl = (x) => {
  const dst = x.out();
  const srcOp = x.need('src');
  const s = x.shape(srcOp);
  const P = s[0];
  const F = product(s.slice(1));
  const mask = x.arg('shuffle_mask');
  if (!Array.isArray(mask) || mask.some((m) => typeof m !== 'number')) return x.fail(`nc_stream_shuffle: shuffle_mask ${JSON.stringify(mask)} is not known at trace time`);
  const src = x.read(srcOp);
  const out = x.read({ ...dst, role: 'read' }, s);
  const skip = new Uint8Array(P * F).fill(1);
  for (let q = 0; q * 32 < P; q++) {
    for (let i = 0; i < 32 && q * 32 + i < P; i++) {
      const m = mask[i] as number;
      if (m === 255) continue;
      if (q * 32 + m >= P) x.fail(`nc_stream_shuffle: mask entry ${m} names a partition past ${P}`);
      for (let j = 0; j < F; j++) { out[(q * 32 + i) * F + j] = src[(q * 32 + m) * F + j]; skip[(q * 32 + i) * F + j] = 0; }
    }
  }
  x.write(dst, out, skip);
};

/** Partitions 0, 16, ..., 112: the indices (+ index_offset) of non-zero elements, padded, then the count. */
const nonzeroWithCount: OpImpl = (x) => {
  const dst = x.out();
  const srcOp = x.need('src');
  const s = x.shape(srcOp);
  const P = s[0];
  const F = product(s.slice(1));
  const src = x.read(srcOp);
  const ds = x.shape(dst);
  const D = product(ds.slice(1));
  if (D !== F + 1) x.fail(`nonzero_with_count: the destination needs ${F + 1} elements per partition (indices and a count); it has ${D}`);
  const offset = x.num('index_offset', 0);
  const pad = x.num('padding_val', -1);
  const out = new Float64Array(ds[0] * D);
  const skip = new Uint8Array(ds[0] * D).fill(1);
  for (let p = 0; p < Math.min(P, ds[0]); p += 16) {
    let c = 0;
    for (let j = 0; j < F; j++) if (src[p * F + j] !== 0) out[p * D + c++] = j + offset;
    for (let j = c; j < F; j++) out[p * D + j] = pad;
    out[p * D + F] = c;
    skip.fill(0, p * D, p * D + D);
  }
  x.write(dst, out, skip);
};

export const GATHER_OPS: Record<string, OpImpl> = {
  'nki.isa.nc_n_gather': gatherWithinPartition('data'),
  'nki.language.gather_flattened': gatherWithinPartition('data'),
  'nki.isa.nc_stream_shuffle': streamShuffle,
  'nki.isa.nonzero_with_count': nonzeroWithCount,
};
