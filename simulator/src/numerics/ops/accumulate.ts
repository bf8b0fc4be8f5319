/**
 * Row reductions in fp32 and the engines' per-partition accumulator registers, shared by
 * `activation` (ScalarE registers) and the VectorE reduce family (`tensor_scalar_reduce`,
 * `select_reduce`, `range_select`, `exponential`, `tensor_scalar_cumulative`).
 *
 * `reduce_cmd` (nki-api.md §2.9): idle leaves the registers alone, reset sets them to the op's
 * identity, reduce folds this instruction's row results into them, reset_reduce starts afresh
 * with this instruction's rows, load_reduce starts from `reduce_init`. When an instruction names
 * a `reduce_res` but leaves reduce_cmd idle (the Beta 1 default), it reduces its own rows
 * (reset_reduce), which is what such kernels expect. `reduce_res` receives the registers after
 * the instruction. Invariant: folds run left to right with fp32 rounding after every step.
 */
import type { Accumulators, Exec } from '../exec';
import { BINARY, REDUCE_INIT } from './aluTable';

/** Left-to-right fp32 fold of each partition's F values. */
export function reduceRows(values: Float64Array, P: number, F: number, op: string, x: Exec): Float64Array {
  const f = BINARY[op] ?? x.fail(`${x.ins.opcode}: reduce op '${op}' is not implemented in the numerics`);
  const out = new Float64Array(P);
  for (let p = 0; p < P; p++) {
    let acc = values[p * F];
    for (let j = 1; j < F; j++) acc = f(acc, values[p * F + j]);
    out[p] = F === 0 ? (REDUCE_INIT[op] ?? 0) : Math.fround(acc);
  }
  return out;
}

/**
 * Applies reduce_cmd with this instruction's row values (`rows`, one per partition) to `acc`
 * and writes `reduce_res` when the instruction has one.
 */
export function accumulate(x: Exec, acc: Accumulators, rows: () => Float64Array, P: number, defaultCmd = 'idle'): void {
  const hasRes = !!x.operand('reduce_res');
  const hasOp = x.has('reduce_op');
  let cmd = x.str('reduce_cmd', defaultCmd);
  if (cmd === 'idle' && hasRes && hasOp) cmd = 'reset_reduce';
  const op = hasOp ? x.str('reduce_op') : acc.op ?? 'add';
  const f = BINARY[op] ?? x.fail(`${x.ins.opcode}: reduce op '${op}' is not implemented in the numerics`);
  if (P > acc.values.length) x.fail(`${x.ins.opcode}: ${P} partitions exceed the 128 accumulator registers`);
  switch (cmd) {
    case 'idle':
      break;
    case 'reset':
      acc.values.fill(REDUCE_INIT[op] ?? 0, 0, P);
      break;
    case 'reduce': {
      const r = rows();
      for (let p = 0; p < P; p++) acc.values[p] = f(acc.values[p], r[p]);
      break;
    }
    case 'reset_reduce': {
      const r = rows();
      for (let p = 0; p < P; p++) acc.values[p] = r[p];
      break;
    }
    case 'load_reduce': {
      const init = x.perPartition('reduce_init', P, 0)!;
      const r = rows();
      for (let p = 0; p < P; p++) acc.values[p] = f(init[p], r[p]);
      break;
    }
    default:
      x.fail(`${x.ins.opcode}: reduce_cmd '${cmd}' is not implemented in the numerics`);
  }
  acc.op = op;
  const res = x.operand('reduce_res');
  if (res) {
    let v = acc.values.slice(0, P);
    if (x.bool('reduce_res_negate')) v = v.map((a) => -a);
    x.write(res, v);
  }
}
