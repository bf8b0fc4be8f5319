/**
 * Beta 1 index expressions: `nl.arange(n)`, `nl.mgrid[0:P, 0:F]`, their `[:, None]` / `[None, :]`
 * reshapes and affine arithmetic with loop indices (`i * 512 + i_f`). We track each expression's
 * broadcast shape and the range of values it can take (interval arithmetic), which is what shape
 * inference and the out-of-bounds check need. Comparisons build masks (`mask=` predicates), which
 * we accept without evaluating.
 */
import { mkHost, mkTuple, mkUnknown, type Ctx, type HostObject, type Value } from '../interp';
import type { BinaryOperator } from '../frontend/ast';
import type { RichCompareOp } from '../interp';
import { toDim } from './convert';
import type { ArgValue, MaskTermArg } from './instruction';
import type { Dim } from './indexing';

export interface Interval { min: Dim; max: Dim }

export function broadcastShapes(a: readonly Dim[], b: readonly Dim[]): Dim[] | undefined {
  const n = Math.max(a.length, b.length);
  const out: Dim[] = [];
  for (let i = 0; i < n; i++) {
    // Missing leading dims broadcast as 1; an unknown dim (undefined) stays unknown.
    const ia = a.length - n + i;
    const ib = b.length - n + i;
    const x = ia < 0 ? 1 : a[ia];
    const y = ib < 0 ? 1 : b[ib];
    if (x === 1) out.push(y);
    else if (y === 1) out.push(x);
    else if (x === undefined || y === undefined) out.push(x ?? y);
    else if (x === y) out.push(x);
    else return undefined;
  }
  return out;
}

const lift = (f: (a: number, b: number) => number) => (a: Dim, b: Dim): Dim => (a === undefined || b === undefined ? undefined : f(a, b));
const addD = lift((a, b) => a + b);
const subD = lift((a, b) => a - b);
const mulD = lift((a, b) => a * b);

function combine(op: BinaryOperator, x: Interval, y: Interval): Interval | undefined {
  switch (op) {
    case '+': return { min: addD(x.min, y.min), max: addD(x.max, y.max) };
    case '-': return { min: subD(x.min, y.max), max: subD(x.max, y.min) };
    case '*': {
      const c = [mulD(x.min, y.min), mulD(x.min, y.max), mulD(x.max, y.min), mulD(x.max, y.max)];
      if (c.some((v) => v === undefined)) return { min: undefined, max: undefined };
      return { min: Math.min(...(c as number[])), max: Math.max(...(c as number[])) };
    }
    case '//': {
      if (y.min === undefined || y.min !== y.max || y.min <= 0 || x.min === undefined || x.max === undefined) return { min: undefined, max: undefined };
      return { min: Math.floor(x.min / y.min), max: Math.floor(x.max / y.min) };
    }
    case '%': {
      if (y.min === undefined || y.min !== y.max || y.min <= 0) return { min: undefined, max: undefined };
      return { min: 0, max: y.min - 1 };
    }
    default: return undefined;
  }
}

/**
 * `base + Σ coefs[j] * grid_j`, where grid_j runs along axis j of the expression's shape: exact
 * for aranges, mgrids and their sums with loop indices and constant multiples, which is what
 * Beta 1 kernels write. Undefined when the expression is not affine (`//`, `%`).
 */
export interface Affine { base: Dim; coefs: Dim[] }

interface Operand { shape: Dim[]; range: Interval; affine?: Affine }

/** Right-aligns coefficients to `rank` axes (missing leading axes have coefficient 0). */
function alignCoefs(a: Affine, rank: number): Dim[] {
  return [...new Array(rank - a.coefs.length).fill(0), ...a.coefs];
}

function combineAffine(op: BinaryOperator, x: Operand, y: Operand, rank: number): Affine | undefined {
  if (!x.affine || !y.affine) return undefined;
  const xc = alignCoefs(x.affine, rank);
  const yc = alignCoefs(y.affine, rank);
  const isConst = (c: Dim[]) => c.every((v) => v === 0);
  switch (op) {
    case '+': return { base: addD(x.affine.base, y.affine.base), coefs: xc.map((c, i) => addD(c, yc[i])) };
    case '-': return { base: subD(x.affine.base, y.affine.base), coefs: xc.map((c, i) => subD(c, yc[i])) };
    case '*':
      if (isConst(yc)) return { base: mulD(x.affine.base, y.affine.base), coefs: xc.map((c) => mulD(c, y.affine!.base)) };
      if (isConst(xc)) return { base: mulD(x.affine.base, y.affine.base), coefs: yc.map((c) => mulD(c, x.affine!.base)) };
      return undefined;
    default: return undefined;
  }
}

export class IndexExpr implements HostObject {
  readonly typeName = 'IndexExpr';
  constructor(readonly shape: Dim[], readonly range: Interval, readonly affine?: Affine) {}

  static arange(start: Dim, stop: Dim): IndexExpr {
    const n = start !== undefined && stop !== undefined ? Math.max(0, stop - start) : undefined;
    return new IndexExpr([n], { min: start, max: stop === undefined ? undefined : stop - 1 }, { base: start, coefs: [1] });
  }

  private static operand(v: Value): Operand | undefined {
    if (v.kind === 'host' && v.obj instanceof IndexExpr) return v.obj;
    if (v.kind === 'int' || v.kind === 'bool') { const d = toDim(v); return { shape: [], range: { min: d, max: d }, affine: { base: d, coefs: [] } }; }
    if (v.kind === 'unknown') return { shape: [], range: { min: undefined, max: undefined }, affine: { base: undefined, coefs: [] } };
    return undefined;
  }

  binaryOp(op: BinaryOperator, other: Value, reflected: boolean): Value | undefined {
    const o = IndexExpr.operand(other);
    if (!o) return undefined;
    const [a, b] = reflected ? [o, this as Operand] : [this as Operand, o];
    if (op === '&' || op === '|') return mkHost(new MaskExpr());
    const shape = broadcastShapes(a.shape, b.shape);
    const range = combine(op, a.range, b.range);
    if (!shape || !range) return undefined;
    return mkHost(new IndexExpr(shape, range, combineAffine(op, a, b, shape.length)));
  }

  /** `self OP other` (reflected calls arrive with the op already swapped): a mask term `(self - other) OP 0`. */
  compare(op: RichCompareOp, other: Value): Value {
    const o = IndexExpr.operand(other);
    if (!o) return mkHost(new MaskExpr());
    const shape = broadcastShapes(this.shape, o.shape);
    const diff = shape ? combineAffine('-', this, o, shape.length) : undefined;
    const known = diff && diff.base !== undefined && diff.coefs.every((c) => c !== undefined);
    return mkHost(new MaskExpr(known ? [{ base: diff.base as number, coefs: diff.coefs as number[], op }] : undefined));
  }

  /** The record of this expression in `Instruction.args` (numerics evaluate it; see numerics/mask.ts). */
  toArg(): ArgValue {
    const a = this.affine;
    if (!a || a.base === undefined || a.coefs.some((c) => c === undefined)) return { unknown: 'non-affine index expression' };
    return { index: { base: a.base, coefs: alignCoefs(a, this.shape.length) as number[] } };
  }

  unaryOp(op: '-' | '+' | '~'): Value | undefined {
    if (op === '+') return mkHost(this);
    if (op === '-') {
      const neg = (d: Dim): Dim => (d === undefined ? undefined : -d);
      const affine = this.affine && { base: neg(this.affine.base), coefs: this.affine.coefs.map(neg) };
      return mkHost(new IndexExpr(this.shape, { min: neg(this.range.max), max: neg(this.range.min) }, affine));
    }
    return undefined;
  }

  /** `[:, None]` and `[None, :]` add unit dims; other keys are not index arithmetic. */
  getItem(key: Value, ctx: Ctx): Value {
    const keys = key.kind === 'tuple' ? key.items : [key];
    const shape: Dim[] = [];
    const coefs: Dim[] = [];
    const own = this.affine ? alignCoefs(this.affine, this.shape.length) : undefined;
    let src = 0;
    for (const k of keys) {
      if (k.kind === 'none') { shape.push(1); coefs.push(0); }
      else if (k.kind === 'slice') { coefs.push(own?.[src]); shape.push(this.shape[src++]); }
      else return ctx.raise('TypeError', 'index expressions only support [:, None] and [None, :] subscripts');
    }
    while (src < this.shape.length) { coefs.push(own?.[src]); shape.push(this.shape[src++]); }
    return mkHost(new IndexExpr(shape, this.range, this.affine && { base: this.affine.base, coefs }));
  }

  getAttr(name: string): Value | undefined {
    if (name === 'shape') return mkTuple(this.shape.map((d) => (d === undefined ? mkUnknown('index expression size unknown') : { kind: 'int', value: d })));
    return undefined;
  }

  repr(): string {
    return `IndexExpr(shape=${JSON.stringify(this.shape)})`;
  }
}

/**
 * A `mask=` predicate: the conjunction of affine terms `base + Σ coefs·i OP 0` (coefficients
 * right-aligned to the instruction's iteration shape), recorded for the numerics back end; terms
 * is undefined when some part is not affine or is combined with `|`.
 */
export class MaskExpr implements HostObject {
  readonly typeName = 'MaskExpr';
  constructor(readonly terms?: MaskTermArg[]) {}
  binaryOp(op: BinaryOperator, other: Value): Value | undefined {
    if (op !== '&' && op !== '|') return undefined;
    // A Python bool (`(i.x < n) & (tile * 128 < seqlen)`): true/false folds into the predicate.
    if (other.kind === 'bool') {
      const keep = op === '&' ? other.value : !other.value;
      if (keep) return mkHost(this);
      return mkHost(new MaskExpr(op === '&' ? [{ base: 1, coefs: [], op: '<' }] : []));
    }
    const o = other.kind === 'host' && other.obj instanceof MaskExpr ? other.obj : undefined;
    return mkHost(new MaskExpr(op === '&' && this.terms && o?.terms ? [...this.terms, ...o.terms] : undefined));
  }
  toArg(): ArgValue {
    return this.terms ? { mask: this.terms } : { unknown: 'mask that is not a conjunction (&) of affine comparisons' };
  }
  repr(): string { return 'MaskExpr()'; }
}

/** `nl.mgrid[0:P, 0:F]`: one index expression per axis, broadcast against each other. */
export function mgrid(bounds: Array<{ start: Dim; stop: Dim }>): Value {
  const rank = bounds.length;
  const exprs = bounds.map((b, i) => {
    const n = b.start !== undefined && b.stop !== undefined ? Math.max(0, b.stop - b.start) : undefined;
    const shape: Dim[] = new Array(rank).fill(1);
    shape[i] = n;
    const coefs: Dim[] = new Array(rank).fill(0);
    coefs[i] = 1;
    return mkHost(new IndexExpr(shape, { min: b.start, max: b.stop === undefined ? undefined : b.stop - 1 }, { base: b.start, coefs }));
  });
  return mkHost(new MgridResult(exprs));
}

/** Unpacks as `i_p, i_f = nl.mgrid[...]` and also exposes `.p` and `.x`. */
export class MgridResult implements HostObject {
  readonly typeName = 'MgridResult';
  constructor(readonly exprs: Value[]) {}
  iterate(): Iterable<Value> { return this.exprs; }
  len(): number { return this.exprs.length; }
  getItem(key: Value, ctx: Ctx): Value {
    const i = toDim(key);
    if (i === undefined || !this.exprs[i < 0 ? i + this.exprs.length : i]) return ctx.raise('IndexError', 'mgrid index out of range');
    return this.exprs[i < 0 ? i + this.exprs.length : i];
  }
  /** `.p` is the partition axis; `.x`, `.y`, `.z` the free axes in order. */
  getAttr(name: string): Value | undefined {
    const axis = { p: 0, x: 1, y: 2, z: 3 }[name];
    return axis === undefined ? undefined : this.exprs[axis];
  }
}
