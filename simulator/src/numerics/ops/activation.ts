/**
 * Scalar Engine instructions: `activation` (dst = op(data·scale + bias), with an optional
 * free-dim reduction into the ScalarE accumulators), `activation_reduce`, `activate2`
 * ((data op0 imm0) op1 imm1, then op) and the VectorE `exponential` (exp(src − max_value) with
 * an optional sum).
 *
 * Numerics: fp32 at every step (the product, the sum, the function), the function from the
 * activation table; the result rounds to the destination dtype. Invariant: scale and bias are
 * per partition (a number or a (P, 1) tensor); anything else stops the run.
 */
import type { Exec, OpImpl } from '../exec';
import { product } from '../view';
import { accumulate, reduceRows } from './accumulate';
import { ACTIVATION } from './activationTable';
import { BINARY } from './aluTable';

const f32 = Math.fround;

function activationFn(x: Exec, name: string): (v: number) => number {
  if (name === 'prelu') {
    const alpha = x.num('relu_param', 0);
    return (v) => (v > 0 ? v : v * alpha);
  }
  const fn = ACTIVATION[name];
  if (!fn) x.fail(`${x.ins.opcode}: activation function '${name}' is not implemented in the numerics`);
  return fn;
}

const activation: OpImpl = (x) => {
  const { dst, skip, data, P, F } = x.perElement();
  const fn = activationFn(x, x.str('op'));
  const scale = x.perPartition('scale', P, 1)!;
  const bias = x.perPartition('bias', P, 0)!;
  const out = new Float64Array(P * F);
  for (let p = 0; p < P; p++) {
    const s = scale[p];
    const b = f32(bias[p]);
    for (let j = 0; j < F; j++) {
      const i = p * F + j;
      out[i] = f32(fn(f32(f32(f32(data[i]) * s) + b)));
    }
  }
  x.write(dst, out, skip);
  if (x.operand('reduce_res') || x.has('reduce_op') || x.has('reduce_cmd')) {
    accumulate(x, x.m.scalarAcc, () => reduceRows(out, P, F, x.str('reduce_op', 'add'), x), P, x.api.endsWith('activation_reduce') ? 'reset_reduce' : 'idle');
  }
};

const activate2: OpImpl = (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  const data = x.read(x.need('data'), shape);
  const P = shape[0];
  const F = product(shape.slice(1));
  const fn = activationFn(x, x.str('op'));
  const steps: Array<{ f: (a: number, b: number) => number; v: Float64Array; reverse: boolean }> = [];
  for (const k of [0, 1]) {
    const op = x.str(`op${k}`, 'bypass');
    if (op === 'bypass') continue;
    const f = BINARY[op] ?? x.fail(`activate2: op${k} '${op}' is not implemented in the numerics`);
    steps.push({ f, v: x.perPartition(`imm${k}`, P, 0)!, reverse: x.bool(`reverse${k}`) });
  }
  const out = new Float64Array(P * F);
  for (let p = 0; p < P; p++) {
    for (let j = 0; j < F; j++) {
      let r = f32(data[p * F + j]);
      for (const s of steps) r = s.reverse ? s.f(s.v[p], r) : s.f(r, s.v[p]);
      out[p * F + j] = f32(fn(r));
    }
  }
  x.write(dst, out);
  if (x.operand('reduce_res') || x.has('reduce_op')) accumulate(x, x.m.scalarAcc, () => reduceRows(out, P, F, x.str('reduce_op', 'add'), x), P);
};

const exponential: OpImpl = (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  const data = x.read(x.need('src'), shape);
  const P = shape[0];
  const F = product(shape.slice(1));
  const max = x.perPartition('max_value', P, 0)!;
  const out = new Float64Array(P * F);
  for (let p = 0; p < P; p++) for (let j = 0; j < F; j++) out[p * F + j] = f32(Math.exp(f32(f32(data[p * F + j]) - f32(max[p]))));
  x.write(dst, out);
  if (x.operand('reduce_res') || x.has('reduce_cmd')) accumulate(x, x.m.vectorAcc, () => reduceRows(out, P, F, 'add', x), P, 'reset_reduce');
};

export const ACTIVATION_OPS: Record<string, OpImpl> = {
  'nki.isa.activation': activation,
  'nki.isa.activation_reduce': activation,
  'nki.isa.activate2': activate2,
  'nki.isa.exponential': exponential,
};
