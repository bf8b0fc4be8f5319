/**
 * Small kernels, written as the tracer would record them, shared by the profile and trace tests.
 */
import { TraceBuilder } from './builder';

/**
 * A well-pipelined matmul: weights loaded once; for each of `nb` column blocks, load B
 * ([1024, 512] as [128, 8 × 512] bf16, 8 KiB per partition) into a rotating tile, run 4 × 8
 * accumulating matmuls, drain each PSUM tile with VectorE and store the [128, 2048] result.
 */
export function wellPipelinedMatmul(nb = 16): TraceBuilder {
  const b = new TraceBuilder();
  const KT = 8;
  const MT = 4;
  const W = b.hbm('w', [128, MT * KT * 128]);
  const B = b.hbm('b', [128, nb * KT * 512]);
  const C = b.hbm('c', [128, nb * MT * 512], 'bfloat16', 'output');
  const w = b.at(3).sbuf('w_t', [128, MT * KT * 128]);
  b.at(3).dma(b.view(w), b.view(W));
  for (let n = 0; n < nb; n++) {
    b.inLoops([['n', n]]);
    const bt = b.at(6).sbuf('b_t', [128, KT * 512], 'bfloat16', 'b@6');
    b.at(6).dma(b.view(bt), b.view(B, { cols: [n * KT * 512, (n + 1) * KT * 512] }));
    const out = b.at(7).sbuf('c_t', [128, MT * 512], 'bfloat16', 'c@7');
    for (let m = 0; m < MT; m++) {
      const ps = b.at(9).psum('ps', [128, 512], 'float32', 'ps@9');
      for (let k = 0; k < KT; k++) {
        const c0 = (m * KT + k) * 128;
        b.inLoops([['n', n], ['m', m], ['k', k]]).at(11)
          .matmul(b.view(ps), b.view(w, { cols: [c0, c0 + 128] }), b.view(bt, { cols: [k * 512, k * 512 + 512] }), { accumulate: k > 0 });
      }
      b.at(12).tensorCopy(b.view(out, { cols: [m * 512, m * 512 + 512] }), b.view(ps));
    }
    b.inLoops([['n', n]]).at(13).dma(b.view(C, { cols: [n * MT * 512, (n + 1) * MT * 512] }), b.view(out));
  }
  return b;
}
