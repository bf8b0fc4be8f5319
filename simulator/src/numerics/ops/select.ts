/**
 * Index generation and predicated selection: `iota`, `affine_select`, `range_select`,
 * `select_reduce` and `tensor_copy_predicated`.
 *
 * Affine patterns (0.3+): value(p, i_0, i_1, ...) = offset + p·channel_multiplier + Σ step_k·i_k
 * for `pattern = [[step_0, num_0], [step_1, num_1], ...]` over a partition's free elements, in
 * int32 (nki-api.md §2.10). Beta 1 passes an index expression (`iota(expr)`) or a predicate
 * (`affine_select(pred)`) instead, evaluated over the result's shape. Invariant: predicates are
 * evaluated exactly (integer or fp32 comparisons), never approximated.
 */
import type { Exec, OpImpl } from '../exec';
import { affineOf, evalAffine, evalPredicate } from '../mask';
import { product } from '../view';
import { accumulate, reduceRows } from './accumulate';
import { BINARY } from './aluTable';

/** Values of a 0.3+ affine pattern over (P, F) with F = Π num. */
function patternValues(x: Exec, P: number, F: number): Float64Array {
  const pattern = x.arg('pattern');
  if (!Array.isArray(pattern) || pattern.some((s) => !Array.isArray(s) || s.length !== 2 || s.some((v) => typeof v !== 'number'))) {
    return x.fail(`${x.ins.opcode}: pattern ${JSON.stringify(pattern)} is not a list of [step, num] pairs known at trace time`);
  }
  const pairs = pattern as number[][];
  const nums = pairs.map((s) => s[1]);
  if (product(nums) !== F) x.fail(`${x.ins.opcode}: pattern covers ${product(nums)} elements per partition, the destination has ${F}`);
  const offset = x.num('offset', 0);
  const cm = x.num('channel_multiplier', 0);
  const out = new Float64Array(P * F);
  const idx = new Array<number>(pairs.length).fill(0);
  for (let j = 0; j < F; j++) {
    let v = 0;
    for (let k = 0; k < pairs.length; k++) v += pairs[k][0] * idx[k];
    for (let p = 0; p < P; p++) out[p * F + j] = (offset + p * cm + v) | 0;
    for (let d = pairs.length - 1; d >= 0; d--) { if (++idx[d] < nums[d]) break; idx[d] = 0; }
  }
  return out;
}

const iota: OpImpl = (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  if (x.has('expr')) {
    const a = affineOf(x.arg('expr'));
    if (typeof a === 'string') return x.fail(`iota: its expression ${a}`);
    x.write(dst, evalAffine(a, shape).map((v) => v | 0));
    return;
  }
  x.write(dst, patternValues(x, shape[0], product(shape.slice(1))));
};

const affineSelect: OpImpl = (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  const P = shape[0];
  const F = product(shape.slice(1));
  const onTrue = x.read(x.need('on_true_tile'), shape);
  const onFalse = x.num('on_false_value');
  let keep: Uint8Array;
  if (x.has('pred')) {
    const r = evalPredicate(x.arg('pred'), shape);
    if (typeof r === 'string') return x.fail(`affine_select: its predicate ${r}`);
    keep = r;
  } else {
    const values = patternValues(x, P, F);
    const cmp = BINARY[x.str('cmp_op', 'equal')] ?? x.fail(`affine_select: cmp_op '${x.str('cmp_op')}' is not implemented`);
    keep = Uint8Array.from(values, (v) => cmp(v, 0));
  }
  const out = new Float64Array(P * F);
  for (let i = 0; i < out.length; i++) out[i] = keep[i] ? onTrue[i] : onFalse;
  x.write(dst, out);
};

const rangeSelect: OpImpl = (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  const P = shape[0];
  const F = product(shape.slice(1));
  const v = x.read(x.need('on_true_tile'), shape);
  const c0 = BINARY[x.str('comp_op0')] ?? x.fail(`range_select: comp_op0 '${x.str('comp_op0')}' is not implemented`);
  const c1 = BINARY[x.str('comp_op1')] ?? x.fail(`range_select: comp_op1 '${x.str('comp_op1')}' is not implemented`);
  const b0 = x.perPartition('bound0', P)!;
  const b1 = x.perPartition('bound1', P)!;
  const start = x.num('range_start', 0);
  const onFalse = x.num('on_false_value', -3.4028234663852886e38);
  const out = new Float64Array(P * F);
  for (let p = 0; p < P; p++) {
    for (let j = 0; j < F; j++) {
      const idx = Math.fround(start + j);
      out[p * F + j] = c0(idx, b0[p]) && c1(idx, b1[p]) ? v[p * F + j] : onFalse;
    }
  }
  x.write(dst, out);
  accumulate(x, x.m.vectorAcc, () => reduceRows(out, P, F, x.str('reduce_op', 'maximum'), x), P, 'reset_reduce');
};

const selectReduce: OpImpl = (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  const P = shape[0];
  const F = product(shape.slice(1));
  const pred = x.read(x.need('predicate'), shape);
  const onTrue = x.read(x.need('on_true'), shape);
  const onFalse = x.perPartition('on_false', P)!;
  const reverse = x.bool('reverse_pred');
  const out = new Float64Array(P * F);
  for (let p = 0; p < P; p++) {
    for (let j = 0; j < F; j++) {
      const i = p * F + j;
      out[i] = (pred[i] !== 0) !== reverse ? onTrue[i] : onFalse[p];
    }
  }
  x.write(dst, out);
  accumulate(x, x.m.vectorAcc, () => reduceRows(out, P, F, x.str('reduce_op', 'maximum'), x), P);
};

const copyPredicated: OpImpl = (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  const pred = x.read(x.need('predicate'), shape);
  const srcOp = x.operand('src');
  const src = srcOp ? x.read(srcOp, shape) : undefined;
  const scalar = srcOp ? 0 : x.num('src');
  const old = x.read({ ...dst, role: 'read' }, shape);
  const reverse = x.bool('reverse_pred');
  const out = new Float64Array(old.length);
  for (let i = 0; i < out.length; i++) out[i] = (pred[i] !== 0) !== reverse ? (src ? src[i] : scalar) : old[i];
  // Elements the predicate leaves alone keep their bits (and stay unwritten if they were).
  const skip = Uint8Array.from(pred, (v) => ((v !== 0) !== reverse ? 0 : 1));
  x.write(dst, out, skip);
};

export const SELECT_OPS: Record<string, OpImpl> = {
  'nki.isa.iota': iota,
  'nki.isa.affine_select': affineSelect,
  'nki.isa.range_select': rangeSelect,
  'nki.isa.select_reduce': selectReduce,
  'nki.isa.tensor_copy_predicated': copyPredicated,
};
