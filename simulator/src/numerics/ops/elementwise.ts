/**
 * Element-wise instructions: `tensor_tensor`, `tensor_scalar`, `scalar_tensor_tensor`,
 * `reciprocal`, the `nl.*` element-wise functions (binary and unary), `nl.where`, and Beta 1
 * operators on tiles (recorded as `nki.language.<op>` with scalar operands in args x/y).
 *
 * Semantics: operands line up with the destination (same shape; same partitions and elements per
 * partition; or Beta 1 broadcasting); math per the ALU table in fp32 (integer-exact when every
 * operand and the destination are integers and the op is integer arithmetic); the result is
 * rounded to the destination dtype on write. Invariant: op names come from the trace; an unknown
 * one stops the run.
 */
import { dtypeByName } from '../../nki/dtypes';
import { isIntegerDtype } from '../dtype';
import type { Exec, OpImpl } from '../exec';
import type { Operand } from '../../tracer/instruction';
import { product } from '../view';
import { ACTIVATION, applyActivation } from './activationTable';
import { BINARY, BITVEC, bitvecResult, INTEGER_BINARY, invert, type BinaryFn } from './aluTable';

/** The binary function for `op`, integer-exact or fp32 per the operand dtypes. */
export function binaryFn(x: Exec, op: string, dtypes: string[], dstDtype: string): BinaryFn {
  const ints = dtypes.every(isIntegerDtype) && isIntegerDtype(dstDtype);
  if (BITVEC.has(op)) {
    const f = BINARY[op];
    const unsigned = dtypeByName(dstDtype)?.kind === 'uint';
    return (a, b) => bitvecResult(f(a, b), unsigned);
  }
  if (ints && INTEGER_BINARY[op]) return INTEGER_BINARY[op];
  const f = BINARY[op];
  if (f) return f;
  // A unary op in a binary slot (tensor_scalar op0=nl.rsqrt, operand0=0.0) applies to the data.
  const u = ACTIVATION[op];
  if (u) return (a) => applyActivation(u, a);
  return x.fail(`${x.ins.opcode}: ALU op '${op}' is not implemented in the numerics`);
}

/** A tensor operand lined up with `shape`, or a scalar argument broadcast to it. */
function operandValues(x: Exec, op: Operand | undefined, scalar: unknown, shape: number[], skip?: Uint8Array): Float64Array | number {
  if (op) return x.read(op, shape, skip);
  if (typeof scalar === 'number') return scalar;
  if (typeof scalar === 'boolean') return scalar ? 1 : 0;
  return x.fail(`${x.ins.opcode}: operand is ${JSON.stringify(scalar)}, not a tensor or a number known at trace time`);
}

const at = (v: Float64Array | number, i: number): number => (typeof v === 'number' ? v : v[i]);

function dtypeOfValue(o: Operand | undefined, scalar: unknown): string {
  if (o) return o.access.dtype;
  return typeof scalar === 'number' && Number.isInteger(scalar) ? 'int32' : 'float32';
}

/** dst = f(a, b) over the destination's shape. */
function binaryInto(x: Exec, op: string, a: { o?: Operand; s?: unknown }, b: { o?: Operand; s?: unknown }): void {
  const dst = x.out();
  const shape = x.shape(dst);
  const skip = x.skipMask(shape);
  const va = operandValues(x, a.o, a.s, shape, skip);
  const vb = operandValues(x, b.o, b.s, shape, skip);
  const f = binaryFn(x, op, [dtypeOfValue(a.o, a.s), dtypeOfValue(b.o, b.s)], dst.access.dtype);
  const n = product(shape);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = f(at(va, i), at(vb, i));
  x.write(dst, out, skip);
}

const tensorTensor: OpImpl = (x) => {
  const op = x.str('op');
  const d1 = x.operand('data1');
  if (!d1 && x.operand('src')) {
    // `t[...] += value` lowered to tensor_tensor(dst=t, src=value, op=add): dst = dst op src.
    const dst = x.out();
    return binaryInto(x, op, { o: { ...dst, role: 'read' } }, { o: x.operand('src') });
  }
  binaryInto(x, op, { o: x.need('data1') }, { o: x.need('data2') });
};

/** `(data op0 operand0) op1 operand1`, operands per partition (reverseN swaps the sides). */
const tensorScalar: OpImpl = (x) => {
  const { dst, skip, data, P, F } = x.perElement();
  const steps: Array<{ f: BinaryFn; v: Float64Array; reverse: boolean }> = [];
  for (const k of [0, 1]) {
    if (!x.has(`op${k}`)) continue;
    const op = x.str(`op${k}`);
    const v = x.perPartition(`operand${k}`, P, 0)!;
    steps.push({ f: binaryFn(x, op, [x.need('data').access.dtype, 'float32'], dst.access.dtype), v, reverse: x.bool(`reverse${k}`) });
  }
  const out = new Float64Array(P * F);
  for (let p = 0; p < P; p++) {
    for (let j = 0; j < F; j++) {
      let r = data[p * F + j];
      for (const s of steps) r = s.reverse ? s.f(s.v[p], r) : s.f(r, s.v[p]);
      out[p * F + j] = r;
    }
  }
  x.write(dst, out, skip);
};

/** `(data op0 operand0) op1 operand1` with operand0 per partition and operand1 a full tensor. */
const scalarTensorTensor: OpImpl = (x) => {
  const { dst, shape, skip, data, P, F } = x.perElement();
  const o0 = x.perPartition('operand0', P)!;
  const o1 = x.read(x.need('operand1'), shape, skip);
  const f0 = binaryFn(x, x.str('op0'), ['float32'], dst.access.dtype);
  const f1 = binaryFn(x, x.str('op1'), ['float32'], dst.access.dtype);
  const r0 = x.bool('reverse0');
  const r1 = x.bool('reverse1');
  const out = new Float64Array(P * F);
  for (let p = 0; p < P; p++) {
    for (let j = 0; j < F; j++) {
      const i = p * F + j;
      const t = r0 ? f0(o0[p], data[i]) : f0(data[i], o0[p]);
      out[i] = r1 ? f1(o1[i], t) : f1(t, o1[i]);
    }
  }
  x.write(dst, out, skip);
};

/** A unary function over one operand (`nl.exp(x)`, `nisa.reciprocal(data)`). */
function unaryInto(x: Exec, param: string, f: (v: number) => number): void {
  const dst = x.out();
  const shape = x.shape(dst);
  const skip = x.skipMask(shape);
  const v = x.read(x.need(param), shape, skip);
  for (let i = 0; i < v.length; i++) v[i] = f(v[i]);
  x.write(dst, v, skip);
}

/** `nl.<op>(x, y)` or the Beta 1 operator `x <op> y`, either side possibly a scalar. */
function nlBinary(op: string): OpImpl {
  return (x) => {
    // nl functions bind tensors to params x/y; operators record data1/data2 and put scalars in args x/y.
    if (x.operand('x') || x.operand('y')) {
      return binaryInto(x, op, { o: x.operand('x'), s: x.arg('x') }, { o: x.operand('y'), s: x.arg('y') });
    }
    const d1 = x.operand('data1');
    const d2 = x.operand('data2');
    const left = x.arg('x') === null || x.arg('x') === undefined ? { o: d1 } : { s: x.arg('x') };
    const right = x.arg('y') === null || x.arg('y') === undefined ? { o: left.o ? d2 : d1 } : { s: x.arg('y') };
    binaryInto(x, op, left, right);
  };
}

const where: OpImpl = (x) => {
  const dst = x.out();
  const shape = x.shape(dst);
  const skip = x.skipMask(shape);
  const c = x.read(x.need('condition'), shape, skip);
  const a = operandValues(x, x.operand('x'), x.arg('x'), shape, skip);
  const b = operandValues(x, x.operand('y'), x.arg('y'), shape, skip);
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i++) out[i] = c[i] !== 0 && !Number.isNaN(c[i]) ? at(a, i) : at(b, i);
  x.write(dst, out, skip);
};

const NL_BINARY = [
  'add', 'subtract', 'multiply', 'divide', 'maximum', 'minimum', 'power', 'fmod', 'mod', 'abs_max', 'abs_min', 'floor_divide',
  'equal', 'not_equal', 'less', 'less_equal', 'greater', 'greater_equal',
  'bitwise_and', 'bitwise_or', 'bitwise_xor', 'left_shift', 'right_shift', 'logical_and', 'logical_or', 'logical_xor',
];

const NL_UNARY = [
  'abs', 'square', 'negative', 'sign', 'ceil', 'floor', 'trunc', 'exp', 'log', 'sqrt', 'rsqrt', 'reciprocal', 'sin', 'cos', 'tan',
  'arctan', 'tanh', 'sigmoid', 'relu', 'gelu', 'gelu_dx', 'gelu_apprx_sigmoid', 'gelu_apprx_sigmoid_dx', 'gelu_apprx_tanh',
  'silu', 'silu_dx', 'softplus', 'mish', 'erf', 'erf_dx', 'logical_not',
];

export const ELEMENTWISE_OPS: Record<string, OpImpl> = {
  'nki.isa.tensor_tensor': tensorTensor,
  'nki.isa.tensor_scalar': tensorScalar,
  'nki.isa.scalar_tensor_tensor': scalarTensorTensor,
  'nki.isa.reciprocal': (x) => unaryInto(x, 'data', (v) => Math.fround(1 / Math.fround(v))),
  'nki.language.where': where,
  'nki.language.invert': (x) => {
    const unsigned = dtypeByName(x.out().access.dtype)?.kind === 'uint';
    unaryInto(x, 'x', (v) => bitvecResult(invert(v), unsigned));
  },
  ...Object.fromEntries(NL_BINARY.map((op) => [`nki.language.${op}`, nlBinary(op)])),
  ...Object.fromEntries(NL_UNARY.map((op) => [`nki.language.${op}`, (x: Exec) => unaryInto(x, 'x', (v) => applyActivation(ACTIVATION[op], v))])),
};
