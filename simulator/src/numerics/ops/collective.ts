/**
 * Multi-core synchronisation (NC-v3+ LNC2): `core_barrier` and `sendrecv`. A launch of several
 * program instances is driven by `multicore.ts`, which performs these instructions across the
 * instances itself; the entries here are what a single-instance run sees.
 *
 * Semantics: a barrier with one core has nothing to wait for (a no-op); an all-reduce over one
 * program is its own tile; `sendrecv` needs its peer, so a single-instance run stops and says how
 * to launch the grid.
 */
import type { Exec, OpImpl } from '../exec';
import { product } from '../view';
import { binaryFn } from './elementwise';

export const SYNC_APIS: ReadonlySet<string> = new Set(['nki.isa.core_barrier', 'nki.isa.sendrecv', 'nki.language.all_reduce']);

/**
 * Beta 1 `nl.all_reduce(x, op, program_axes)`: `op` folded over `x` of every program instance that
 * differs only along `program_axes` (in instance order), written to each instance's result.
 * `group` holds the Exec of each instance in the group, this one included.
 */
export function allReduce(group: Exec[]): void {
  const parts = group.map((x) => x.perElement('x'));
  const first = group[0];
  const f = binaryFn(first, first.str('op'), [first.need('x').access.dtype], first.out().access.dtype);
  const n = product(parts[0].shape);
  const acc = Float64Array.from(parts[0].data, Math.fround);
  for (const p of parts.slice(1)) {
    if (product(p.shape) !== n) first.fail(`all_reduce: program instances reduce tiles of different sizes ([${parts[0].shape.join(', ')}] and [${p.shape.join(', ')}])`);
    for (let i = 0; i < n; i++) acc[i] = f(acc[i], p.data[i]);
  }
  for (const [k, x] of group.entries()) x.write(parts[k].dst, acc, parts[k].skip);
}

export const COLLECTIVE_OPS: Record<string, OpImpl> = {
  'nki.isa.core_barrier': () => {},
  'nki.language.all_reduce': (x) => allReduce([x]),
  'nki.isa.sendrecv': (x) => x.fail(`sendrecv exchanges tiles with another NeuronCore (rank ${String(x.arg('send_to_rank'))}); run the kernel as a multi-core launch (--grid 2 for LNC2)`),
};
