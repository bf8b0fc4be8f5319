/**
 * The instruction semantics table: NKI API name (as the tracer records it in `Instruction.api`)
 * → implementation, one module per family. `replay.ts` looks instructions up here; a name that
 * is not here stops the run with a message naming it and its source location.
 * Invariant: every key is a qualified API name; no family module knows about Python.
 */
import type { OpImpl } from '../exec';
import { ACTIVATION_OPS } from './activation';
import { COLLECTIVE_OPS } from './collective';
import { DATA_OPS } from './data';
import { DMA_COMPUTE_OPS } from './dmaCompute';
import { ELEMENTWISE_OPS } from './elementwise';
import { GATHER_OPS } from './gather';
import { LOOP_REDUCE_OPS } from './loopReduce';
import { MATMUL_OPS } from './matmul';
import { RANDOM_OPS } from './random';
import { REDUCE_OPS } from './reduce';
import { SELECT_OPS } from './select';
import { STATS_OPS } from './stats';

export const OPS: Readonly<Record<string, OpImpl>> = Object.freeze({
  ...DATA_OPS,
  ...MATMUL_OPS,
  ...ELEMENTWISE_OPS,
  ...ACTIVATION_OPS,
  ...REDUCE_OPS,
  ...SELECT_OPS,
  ...STATS_OPS,
  ...RANDOM_OPS,
  ...GATHER_OPS,
  ...LOOP_REDUCE_OPS,
  ...COLLECTIVE_OPS,
  ...DMA_COMPUTE_OPS,
});

/** Semantics for `api`, or undefined when the numerics do not implement it yet. */
export function opFor(api: string): OpImpl | undefined {
  return Object.prototype.hasOwnProperty.call(OPS, api) ? OPS[api] : undefined;
}
