/**
 * Multi-core synchronisation (NC-v3+ LNC2): `core_barrier` and `sendrecv`. A launch of several
 * program instances is driven by `multicore.ts`, which performs these instructions across the
 * instances itself; the entries here are what a single-instance run sees.
 *
 * Semantics: a barrier with one core has nothing to wait for (a no-op); `sendrecv` needs its peer,
 * so a single-instance run stops and says how to launch the grid.
 */
import type { OpImpl } from '../exec';

export const SYNC_APIS: ReadonlySet<string> = new Set(['nki.isa.core_barrier', 'nki.isa.sendrecv']);

export const COLLECTIVE_OPS: Record<string, OpImpl> = {
  'nki.isa.core_barrier': () => {},
  'nki.isa.sendrecv': (x) => x.fail(`sendrecv exchanges tiles with another NeuronCore (rank ${String(x.arg('send_to_rank'))}); run the kernel as a multi-core launch (--grid 2 for LNC2)`),
};
