/**
 * Random numbers: `nl.rand` (uniform [0, 1)), `nl.random_seed` / `nisa.set_rng_seed` /
 * `nisa.rand_set_state` (reseed from a tensor's first value), `nisa.rng` (random integers),
 * `nisa.rand2` (uniform [min, max)), and dropout (`nisa.dropout(data, prob)`, `nl.dropout(x,
 * rate)`: each element is zeroed with probability prob and kept otherwise; the kept elements are
 * not rescaled, as the ISA documents a mask, not inverted dropout).
 *
 * All draw from the run's seeded generator (`rng.ts`): deterministic for a seed, statistically
 * like the hardware's, never bit-identical to it. Invariant: elements are drawn in C order of
 * the destination.
 */
import type { OpImpl } from '../exec';
import { product } from '../view';

const reseed: OpImpl = (x) => {
  const src = x.operand('seed') ?? x.operand('src_seeds');
  const seed = src ? x.read(src)[0] : x.num('seed');
  x.m.rng.reseed(Number.isFinite(seed) ? seed : 0);
};

const dropout = (dataParam: string, probParam: string): OpImpl => (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  const skip = x.skipMask(shape);
  const v = x.read(x.need(dataParam), shape, skip);
  const P = shape[0];
  const F = product(shape.slice(1));
  const prob = x.perPartition(probParam, P)!;
  for (let p = 0; p < P; p++) for (let j = 0; j < F; j++) if (x.m.rng.uniform() < prob[p]) v[p * F + j] = 0;
  x.write(dst, v, skip);
};

export const RANDOM_OPS: Record<string, OpImpl> = {
  'nki.language.rand': (x) => {
    const dst = x.out();
    const n = product(x.shape(dst));
    x.write(dst, Float64Array.from({ length: n }, () => x.m.rng.uniform()));
  },
  'nki.isa.rand2': (x) => {
    const dst = x.out();
    const n = product(x.shape(dst));
    const lo = x.num('min', 0);
    const hi = x.num('max', 1);
    x.write(dst, Float64Array.from({ length: n }, () => Math.fround(lo + (hi - lo) * x.m.rng.uniform())));
  },
  'nki.isa.rng': (x) => {
    const dst = x.out();
    const n = product(x.shape(dst));
    x.write(dst, Float64Array.from({ length: n }, () => x.m.rng.nextU32()).map((u) => (dst.access.dtype.startsWith('int') ? u | 0 : u)));
  },
  'nki.language.random_seed': reseed,
  'nki.isa.set_rng_seed': reseed,
  'nki.isa.rand_set_state': reseed,
  'nki.isa.dropout': dropout('data', 'prob'),
  'nki.language.dropout': dropout('x', 'rate'),
};
