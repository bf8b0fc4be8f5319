/**
 * `nisa.dma_compute(dst, srcs, reduce_op, scales=None)`: a DMA that combines its sources on the
 * way, dst = reduce_op over srcs[i] * scales[i] (nki-api.md §2.10: reduce_op add only, scales all
 * 1.0, ≤ 16 sources of equal element counts). The DMA computes in fp32 (§D4) and rounds once to
 * the destination dtype.
 * Invariant: anything outside the documented form (another reduce op, a scale other than 1.0)
 * stops the run rather than computing something the hardware does not.
 */
import type { OpImpl } from '../exec';
import { product } from '../view';

const dmaCompute: OpImpl = (x) => {
  x.noMask();
  const op = x.str('reduce_op', 'add');
  if (op !== 'add') x.fail(`dma_compute: reduce_op must be add (the only documented one); got ${op}`);
  const scales = x.arg('scales');
  if (Array.isArray(scales) && scales.some((s) => s !== 1 && s !== 1.0)) x.fail(`dma_compute: scales must all be 1.0 (the only documented value); got ${JSON.stringify(scales)}`);
  if (scales !== undefined && scales !== null && !Array.isArray(scales)) x.fail(`dma_compute: scales is ${JSON.stringify(scales)}, not a list known at trace time`);
  const dst = x.out();
  const shape = x.shape(dst);
  const n = product(shape);
  const srcs = x.ins.operands.filter((o) => o.param === 'srcs' && o.role === 'read');
  if (srcs.length === 0) x.fail('dma_compute: no source tensors in the trace');
  const acc = new Float64Array(n);
  for (const [i, s] of srcs.entries()) {
    const count = product(x.shape(s));
    if (count !== n) x.fail(`dma_compute: source ${i} has ${count} elements but dst has ${n}`);
    const v = x.read(s, shape);
    for (let j = 0; j < n; j++) acc[j] = i === 0 ? Math.fround(v[j]) : Math.fround(acc[j] + Math.fround(v[j]));
  }
  x.write(dst, acc);
};

export const DMA_COMPUTE_OPS: Record<string, OpImpl> = {
  'nki.isa.dma_compute': dmaCompute,
};
