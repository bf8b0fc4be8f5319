/**
 * Random but deterministic instruction streams for the scheduler's regression test: a mix of
 * loads and stores (whole tiles and column slices), accumulating matmul chains, transposes,
 * Vector/Scalar/GpSimd work reading PSUM and SBUF, tiles rewritten piecewise (so dependency
 * records accumulate and fold), rotating allocation sites, unknown shapes, and LNC=2 cores.
 * Same seed, same trace (mulberry32 from test/helpers/prng).
 */
import { prng } from '../../helpers/prng';
import type { Storage } from '../../../simulator/src/tracer/instruction';
import { TraceBuilder } from './builder';

export interface RandomTraceOptions {
  seed: number;
  steps: number;
  cores?: number;
  /** Share of steps that write a narrow (8-column) slice of a long-lived tile: many live dependency records. */
  narrow?: number;
}

export function randomTrace(opts: RandomTraceOptions): TraceBuilder {
  const rnd = prng(opts.seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const b = new TraceBuilder();
  const cores = opts.cores ?? 1;
  const hbmIn = b.hbm('x', [1024, 2048]);
  const hbmW = b.hbm('w', [512, 1024], 'float32');
  const hbmOut = b.hbm('out', [1024, 2048], 'bfloat16', 'output');
  // Long-lived tiles (allocated once) and rotating sites (allocated per iteration).
  const big = b.at(3).sbuf('big', [128, 2048]);
  const acc = b.at(4).sbuf('acc', [128, 64], 'float32');
  const sites = ['a@10', 'b@11', 'c@12'];
  const live: Record<string, Storage> = {};
  const tileOf = (site: string, fresh: boolean): Storage => {
    if (fresh || !live[site]) live[site] = b.at(10 + sites.indexOf(site)).sbuf(site.split('@')[0], [128, 512], pick(['bfloat16', 'float32']), site);
    return live[site];
  };
  let ps = b.at(20).psum('ps', [128, 512], 'float32', 'ps@20');
  let chain = 0;
  for (let step = 0; step < opts.steps; step++) {
    b.onCore(cores > 1 ? int(cores) : 0).inLoops([['i', step >> 3], ['j', step & 7]]);
    if (opts.narrow && rnd() < opts.narrow) {
      const c0 = int(256) * 8;
      b.at(60).tensorCopy(b.view(big, { cols: [c0, c0 + 8], rows: [0, 32 + int(96)] }), b.view(acc, { cols: [0, 8], rows: [0, 32] }), pick(['vector', 'gpsimd'] as const));
      continue;
    }
    const r = rnd();
    const col = int(4) * 512;
    if (r < 0.2) {
      const t = tileOf(pick(sites), rnd() < 0.5);
      b.at(30).dma(b.view(t), b.view(hbmIn, { rows: [128 * int(8), 128 * int(8) + 128], cols: [col, col + 512] }));
    } else if (r < 0.28) {
      const c0 = int(32) * 64;
      b.at(31).dma(b.view(big, { cols: [c0, c0 + 64] }), b.view(hbmIn, { rows: [0, 128], cols: [c0, c0 + 64] }), pick(['dma_copy', 'load']));
    } else if (r < 0.33) {
      b.at(32).dma(b.view(hbmOut, { rows: [128 * int(8), 128 * int(8) + 128], cols: [col, col + 512] }), b.view(tileOf(pick(sites), false)));
    } else if (r < 0.36) {
      b.at(33).dma(b.view(hbmIn, { rows: [0, 128], cols: [0, 512] }), b.view(hbmW, { rows: [0, 128], cols: [0, 256] }));
    } else if (r < 0.55) {
      if (chain > 0 && rnd() < 0.2) { ps = b.at(20).psum('ps', [128, 512], 'float32', 'ps@20'); chain = 0; }
      const k = int(16) * 128;
      b.at(40).matmul(b.view(ps), b.view(big, { cols: [k, k + 128] }), b.view(tileOf(pick(sites), false)), { accumulate: chain > 0 });
      chain++;
    } else if (r < 0.6) {
      const t = b.at(41).psum('pt', [128, 128], 'float32', 'pt@41');
      b.at(41).transpose(b.view(t), b.view(big, { cols: [int(16) * 128, int(16) * 128 + 128] }));
    } else if (r < 0.7) {
      b.at(50).tensorCopy(b.view(tileOf(pick(sites), rnd() < 0.3)), b.view(ps), pick(['vector', 'gpsimd'] as const));
    } else if (r < 0.8) {
      b.at(51).activation(b.view(tileOf(pick(sites), false)), b.view(pick([ps, tileOf(pick(sites), false)])), pick(['exp', 'tanh']));
    } else if (r < 0.9) {
      const c0 = int(32);
      b.at(52).tensorTensor(b.view(acc, { cols: [c0, c0 + 1 + int(32)] }), b.view(tileOf(pick(sites), false), { cols: [0, 1 + int(63)] }),
        b.view(acc, { cols: [0, 32] }), pick(['add', 'max', 'multiply']), pick(['vector', 'gpsimd'] as const));
    } else if (r < 0.95) {
      const c0 = int(64) * 32;
      b.at(53).tensorCopy(b.view(big, { cols: [c0, c0 + 32], rows: [0, 64 + int(64)] }), b.view(tileOf(pick(sites), false), { cols: [0, 32], rows: [0, 64] }), 'scalar');
    } else if (r < 0.98) {
      b.at(54).unknownShape(pick(['vector', 'scalar'] as const), tileOf(pick(sites), false));
    } else {
      b.at(55).activation(b.view(acc, { cols: [0, 1] }), b.view(acc, { cols: [0, 1] }));
    }
  }
  return b;
}
