/**
 * Beta 1 `nl.loop_reduce(x, op, loop_indices, dtype, mask)`: a reduction across the iterations
 * of a loop. The destination is also the op's second operand (dst = op(x, dst)), so a kernel
 * initialises it (`nl.zeros`) before the loop and each iteration folds its tile in; the tracer
 * unrolls the loop, so every iteration is one instruction in program order.
 *
 * Semantics: fp32 math per the ALU table, rounded to the destination dtype on write; a never-written
 * destination reads as NaN and is reported (as on the simulator), never silently treated as the identity.
 * Source: nki-api.md §2.8 (Beta 1 only); confidence "uncertain" in the API table (usage from the corpora).
 */
import type { OpImpl } from '../exec';
import { product } from '../view';
import { binaryFn } from './elementwise';

const loopReduce: OpImpl = (x) => {
  const { dst, shape, skip, data } = x.perElement('x');
  const op = x.str('op');
  const old = x.read(dst, shape, skip);
  const f = binaryFn(x, op, [x.need('x').access.dtype, dst.access.dtype], dst.access.dtype);
  const n = product(shape);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(data[i], old[i]);
  x.write(dst, out, skip);
};

export const LOOP_REDUCE_OPS: Record<string, OpImpl> = {
  'nki.language.loop_reduce': loopReduce,
};
