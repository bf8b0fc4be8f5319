/**
 * What Python operators and assignment mean on NKI tensors, by version:
 * - Beta 1: `a + b`, `a * 2.0`, comparisons, `t[...] = value` and `psum[...] += nl.matmul(...)`
 *   are element-wise instructions (operators do not broadcast across partitions);
 * - 0.2+: tensor operators are not supported ("binary operators on tensors not supported",
 *   NKI502); we still model the result so the rest of the kernel is checked.
 * Assigning a freshly computed tile into a view retargets the instruction that produced it
 * (Beta 1 compiles `out[...] = nl.exp(x)` into one instruction writing `out`).
 */
import type { BinaryOperator } from '../../frontend/ast';
import { mkHost, type Ctx, type RichCompareOp, type Value } from '../../interp';
import { formatShape } from '../convert';
import { elementCount, type Dim } from '../indexing';
import { broadcastShapes } from '../indexExpr';
import type { BufferName } from '../instruction';
import { TensorObject, type TensorBehaviour } from '../tensor';
import type { NkiEnv } from './env';
import { tensorArg } from './resultShapes';
import { argValue } from './instructions';

const OP_NAMES: Partial<Record<BinaryOperator, string>> = {
  '+': 'add', '-': 'subtract', '*': 'multiply', '/': 'divide', '//': 'floor_divide', '%': 'mod', '**': 'power',
  '&': 'bitwise_and', '|': 'bitwise_or', '^': 'bitwise_xor', '<<': 'left_shift', '>>': 'right_shift', '@': 'matmul',
};
const COMPARE_NAMES: Record<RichCompareOp, string> = {
  '==': 'equal', '!=': 'not_equal', '<': 'less', '<=': 'less_equal', '>': 'greater', '>=': 'greater_equal',
};

function shapeOf(v: Value): Dim[] {
  const t = tensorArg(v);
  return t ? t.shape : [];
}

/** The element-wise result of `a OP b`: a new SBUF tile with the broadcast shape. */
function elementwise(env: NkiEnv, ctx: Ctx, opName: string, a: Value, b: Value, resultDtype?: string): Value | undefined {
  const ta = tensorArg(a);
  const tb = tensorArg(b);
  const first = ta ?? tb;
  if (!first) return undefined;
  if (env.isBeta1) {
    if (ta && tb && ta.partitions !== undefined && tb.partitions !== undefined && ta.partitions !== tb.partitions && ta.partitions !== 1 && tb.partitions !== 1) {
      env.session.report('NKI205', `operator '${opName}': operands have ${ta.partitions} and ${tb.partitions} partitions; operators do not broadcast across partitions (use nl.${opName}).`, ctx);
    }
  } else {
    env.languageRule('tensor-arithmetic-operators', 'NKI502', ctx, `operator '${opName}' on a tensor`);
  }
  const shape = broadcastShapes(shapeOf(a), shapeOf(b)) ?? first.shape.map(() => undefined);
  const storage = env.session.allocate(ctx, { name: '', buffer: 'sbuf', dtype: resultDtype ?? first.dtype, shape, origin: 'local' });
  // An expression temporary (`2 * w * x + y`): the compiler fuses or streams these, so they do
  // not count against SBUF capacity.
  storage.elided = true;
  const out = TensorObject.fresh(env.session, env.behaviour, storage);
  const operands = [
    { param: 'dst', role: 'write' as const, access: out.access() },
    ...[ta, tb].filter((t): t is TensorObject => !!t).map((t, i) => ({ param: `data${i + 1}`, role: 'read' as const, access: t.access() })),
  ];
  // Scalar operands (`a * 2.0`) travel in args, by position: x is the left operand, y the right.
  const args = { x: ta ? null : argValue(a), y: tb ? null : argValue(b) };
  env.session.emit(ctx, { api: `nki.language.${opName}`, engine: 'vector', operands, attrs: { op: opName }, args, partitions: shape[0], freeElements: elementCount(shape.slice(1)) });
  return mkHost(out);
}

/** `dst[...] = value`: retarget the producing instruction, or copy/store/fill. */
function assign(env: NkiEnv, ctx: Ctx, dst: TensorObject, value: Value, accumulate = false): void {
  const session = env.session;
  // `out[i_p, i_f] = nl.exp(x, mask=...)`: the producing call's mask covers the assignment.
  const producer = session.instructions[session.instructions.length - 1];
  const src0 = tensorArg(value);
  const producedMasked = !!src0 && producer?.attrs.masked === true && producer.operands[0]?.access.storage === src0.storage.id;
  dst.reportPendingBounds(ctx, producedMasked);
  const src = tensorArg(value);
  // `t[...] += x` stores the in-place result back into the same view: nothing more to do.
  if (src && src.storage === dst.storage && src.view.offset === dst.view.offset) return;
  if (src) {
    const dp = dst.partitions; const sp = src.partitions;
    const df = dst.freeElements;
    const sf = src.freeElements;
    if (dst.onChip && dp !== undefined && sp !== undefined && dp !== sp && sp !== 1) {
      session.report('NKI205', `assignment: destination has ${dp} partitions but the value has ${sp} (${formatShape(dst.shape)} vs ${formatShape(src.shape)}).`, ctx, { related: dst.allocationRelated() });
    } else if (dst.onChip === src.onChip && df !== undefined && sf !== undefined && df < sf) {
      session.report('NKI205', `assignment: destination ${formatShape(dst.shape)} is smaller than the value ${formatShape(src.shape)}.`, ctx, { related: dst.allocationRelated() });
    }
    const last = session.instructions[session.instructions.length - 1];
    const fresh = last && src.storage.origin === 'local' && !src.storage.name && last.operands[0]?.access.storage === src.storage.id && last.operands[0].role === 'write';
    if (fresh) {
      // The value was computed just now into a temporary: that instruction writes `dst` directly.
      last.operands[0] = { ...last.operands[0], access: dst.access(), role: accumulate ? 'readwrite' : 'write' };
      src.storage.elided = true;
      if (accumulate) last.attrs = { ...last.attrs, accumulate: true };
      session.markWritten(dst.storage.id);
      session.lastUse[dst.storage.id] = last.seq;
      return;
    }
    const toHbm = !dst.onChip;
    session.emit(ctx, {
      api: toHbm ? 'nki.language.store' : accumulate ? 'nki.isa.tensor_tensor' : 'nki.isa.tensor_copy',
      engine: toHbm || !src.onChip ? 'dma' : 'vector',
      operands: [{ param: 'dst', role: accumulate ? 'readwrite' : 'write', access: dst.access() }, { param: 'src', role: 'read', access: src.access() }],
      attrs: accumulate ? { op: 'add' } : {},
      partitions: dst.partitions, freeElements: dst.freeElements,
    });
    return;
  }
  // A scalar fills the view.
  session.emit(ctx, {
    api: 'nki.isa.memset', engine: 'vector', operands: [{ param: 'dst', role: 'write', access: dst.access() }],
    attrs: typeof argValue(value) === 'number' ? { value: argValue(value) as number } : {}, args: { value: argValue(value) }, partitions: dst.partitions, freeElements: dst.freeElements,
  });
}

export function installTensorBehaviour(env: NkiEnv): void {
  const behaviour: TensorBehaviour = {
    assign: (ctx, dst, value) => assign(env, ctx, dst, value),
    operator: (ctx, op, a, b) => {
      const name = OP_NAMES[op];
      return name ? elementwise(env, ctx, name, a, b) : undefined;
    },
    inplace: (ctx, op, dst, value) => {
      if (op === '+' && env.isBeta1) {
        assign(env, ctx, dst, value, true);
        return mkHost(dst);
      }
      const name = OP_NAMES[op];
      const r = name ? elementwise(env, ctx, name, mkHost(dst), value) : undefined;
      if (r) assign(env, ctx, dst, r);
      return mkHost(dst);
    },
    compare: (ctx, op, a, b) => elementwise(env, ctx, COMPARE_NAMES[op], a, b),
    dtypeValue: (name) => env.dtypeValue(name),
    bufferValue: (name: BufferName) => env.bufferValue(name),
  };
  env.behaviour = behaviour;
}
