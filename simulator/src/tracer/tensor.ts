/**
 * NKI tensors as interpreter host objects: a view (shape, strides, offset) of a storage, with
 * the attributes and view methods kernels use (`shape`, `dtype`, `buffer`, `reshape`, `view`,
 * `ap`, ...), indexing by the NKI rules (`indexing.ts`), Beta 1 index expressions, and the
 * operators whose meaning depends on the NKI version (delegated to the semantics layer through
 * `TensorBehaviour`, so this module stays free of instruction knowledge).
 */
import type { BinaryOperator } from '../frontend/ast';
import {
  mkHost, mkInt, mkStr, mkTuple, mkUnknown, native, NONE, type Ctx, type HostObject, type RichCompareOp, type Value,
} from '../interp';
import { dimValue, formatShape, shapeValue, toDim, toShape } from './convert';
import { applyIndex, contiguousView, elementCount, elementExtent, type Dim, type IndexKey, type View } from './indexing';
import { broadcastShapes, IndexExpr } from './indexExpr';
import type { Access, BufferName, Operand, Storage } from './instruction';
import type { TraceSession } from './session';

/** Version-dependent tensor behaviour supplied by the semantics layer. */
export interface TensorBehaviour {
  /** `t[key] = value`. */
  assign(ctx: Ctx, dst: TensorObject, value: Value): void;
  /** `a OP b` with at least one tensor operand; undefined for "not supported". */
  operator(ctx: Ctx, op: BinaryOperator, a: Value, b: Value): Value | undefined;
  /** `t OP= value` (Beta 1 `psum[...] += nl.matmul(...)`). */
  inplace(ctx: Ctx, op: BinaryOperator, dst: TensorObject, value: Value): Value | undefined;
  compare(ctx: Ctx, op: RichCompareOp, a: Value, b: Value): Value | undefined;
  /** Wraps a dtype name as the value `t.dtype` returns. */
  dtypeValue(name: string): Value;
  bufferValue(name: BufferName): Value;
}

export class TensorObject implements HostObject {
  readonly typeName = 'NkiTensor';

  constructor(
    readonly session: TraceSession,
    readonly behaviour: TensorBehaviour,
    readonly storage: Storage,
    readonly view: View,
    readonly dtype: string,
  ) {}

  static fresh(session: TraceSession, behaviour: TensorBehaviour, storage: Storage, blockDims = 0): TensorObject {
    const view = contiguousView(storage.shape);
    if (blockDims > 0) view.blockDims = blockDims;
    return new TensorObject(session, behaviour, storage, view, storage.dtype);
  }

  get shape(): Dim[] { return this.view.shape; }
  get buffer(): BufferName { return this.storage.buffer; }
  get onChip(): boolean { const b = this.storage.buffer; return b === 'sbuf' || b === 'psum'; }
  /** Leading Beta 1 block dims in this view (before the partition dim). */
  get blockDims(): number { return this.view.blockDims ?? 0; }
  get partitions(): Dim { return this.onChip ? this.shape[this.blockDims] : undefined; }
  /** Elements per partition (on-chip, block dims included) or in total (HBM). */
  get freeElements(): Dim {
    const shape = this.view.shape;
    if (!this.onChip) return elementCount(shape);
    // Every dim but the partition dim; a loop, as instructions ask this several times each.
    const skip = this.view.blockDims ?? 0;
    let n = 1;
    for (let i = 0; i < shape.length; i++) {
      if (i === skip) continue;
      const d = shape[i];
      if (d === undefined) return undefined;
      n *= d;
    }
    return n;
  }
  get bytesPerElement(): number { return this.session.model.dtype(this.dtype)?.sizeBytes ?? this.storage.bytesPerElement; }

  describe(): string {
    return `${this.storage.buffer} ${this.dtype}${formatShape(this.shape)}`;
  }

  withView(view: View, dtype = this.dtype): TensorObject {
    return new TensorObject(this.session, this.behaviour, this.storage, view, dtype);
  }

  /** The record of this view, made once: a tile is read and written by several instructions. */
  private accessRecord: Access | undefined;
  /** Operand records of this view, by parameter and role (a loop's tiles repeat them). */
  private operandRecords: Operand[] | undefined;

  /** `{ param, role, access }` for an instruction; read-only, shared by instructions that repeat it. */
  operand(param: string, role: Operand['role']): Operand {
    const records = (this.operandRecords ??= []);
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      if (r.param === param && r.role === role) return r;
    }
    const r: Operand = { param, role, access: this.access() };
    if (records.length < 4) records.push(r);
    return r;
  }

  /** Read-only: instructions that touch the same view share it. */
  access(): Access {
    return (this.accessRecord ??= this.makeAccess());
  }

  private makeAccess(): Access {
    const view = this.view;
    const shape = view.shape;
    const bpe = this.bytesPerElement;
    const count = elementCount(shape);
    const bytes = count === undefined ? undefined : count * bpe;
    const extent = elementExtent(view);
    const partitionRange: [number, number] | undefined = extent && this.onChip && this.storage.shape.length > 1 && !view.blockDims
      ? partitionSpan(extent, this.storage.shape)
      : undefined;
    const last = shape.length - 1;
    const contiguousBytes = last >= 0 && view.strides[last] === 1 && shape[last] !== undefined
      ? (shape[last] as number) * bpe
      : view.strides[last] !== undefined ? bpe : undefined;
    // Recorded instructions are kept for the whole trace (hundreds of thousands): their shapes,
    // strides and extents are shared arrays, read-only like the records themselves.
    return {
      storage: this.storage.id, shape: this.session.dims.intern(shape), dtype: this.dtype, strides: this.session.dims.intern(view.strides), offset: view.offset,
      bytes, partitionRange, extent: extent && (this.session.dims.intern(extent) as [number, number]), contiguousBytes,
    };
  }

  // ------------------------------------------------------------------ Python protocol

  getAttr(name: string, ctx: Ctx): Value | undefined {
    switch (name) {
      case 'shape': return shapeValue(this.shape);
      case 'dtype': return this.behaviour.dtypeValue(this.dtype);
      case 'buffer': return this.behaviour.bufferValue(this.storage.buffer);
      case 'ndim': return mkInt(this.shape.length);
      case 'size': return dimValue(elementCount(this.shape));
      case 'name': return mkStr(this.storage.name);
      case 'offset': return dimValue(this.view.offset);
      case 'strides': return shapeValue(this.view.strides);
      case 'itemsize': return mkInt(this.bytesPerElement);
      case 'T': return this.transposed(ctx);
      default: return this.method(name, ctx);
    }
  }

  getItem(key: Value, ctx: Ctx): Value {
    return mkHost(this.subscript(key, ctx));
  }

  setItem(key: Value, value: Value, ctx: Ctx): void {
    this.behaviour.assign(ctx, this.subscript(key, ctx), value);
  }

  binaryOp(op: BinaryOperator, other: Value, reflected: boolean, ctx: Ctx): Value | undefined {
    const self = mkHost(this);
    return reflected ? this.behaviour.operator(ctx, op, other, self) : this.behaviour.operator(ctx, op, self, other);
  }

  inplaceOp(op: BinaryOperator, other: Value, ctx: Ctx): Value | undefined {
    return this.behaviour.inplace(ctx, op, this, other);
  }

  unaryOp(op: '-' | '+' | '~', ctx: Ctx): Value | undefined {
    if (op === '+') return mkHost(this);
    return this.behaviour.operator(ctx, op === '-' ? '*' : '^', mkHost(this), op === '-' ? mkInt(-1) : mkInt(-1));
  }

  compare(op: RichCompareOp, other: Value, reflected: boolean, ctx: Ctx): Value | undefined {
    if ((op === '==' || op === '!=') && other.kind === 'none') return { kind: 'bool', value: op === '!=' };
    return this.behaviour.compare(ctx, op, reflected ? other : mkHost(this), reflected ? mkHost(this) : other);
  }

  truthy(ctx: Ctx): boolean | Value {
    const n = elementCount(this.shape);
    if (n === 1) return mkUnknown('truth value of a tensor element is only known on the device');
    return ctx.raise('ValueError', 'The truth value of an array with more than one element is ambiguous: tensor values are not known at trace time');
  }

  len(): number | Value {
    return dimValue(this.shape[0]);
  }

  equals(other: Value): boolean {
    return other.kind === 'host' && other.obj instanceof TensorObject && other.obj.storage === this.storage
      && other.obj.view.offset === this.view.offset && JSON.stringify(other.obj.view.shape) === JSON.stringify(this.view.shape);
  }

  hash(): string {
    return `tensor:${this.storage.id}:${this.view.offset}`;
  }

  repr(): string {
    return `<tensor ${this.storage.name || `#${this.storage.id}`}: ${this.describe()}>`;
  }

  // ------------------------------------------------------------------ indexing

  subscript(key: Value, ctx: Ctx): TensorObject {
    const items = key.kind === 'tuple' ? key.items : [key];
    if (items.some((k) => k.kind === 'host' && (k.obj instanceof IndexExpr || k.obj instanceof TensorObject))) {
      return this.advancedIndex(items, ctx);
    }
    const keys: IndexKey[] = [];
    for (const k of items) {
      const converted = toIndexKey(k);
      if (!converted) {
        ctx.gap(`index of type ${k.kind === 'host' ? k.obj.typeName : k.kind} is not modelled: the view's shape is unknown`);
        return this.withView({ shape: this.shape.map(() => undefined), strides: this.shape.map(() => undefined), offset: undefined });
      }
      keys.push(converted);
    }
    const r = applyIndex(this.view, keys, this.onChip);
    if (r.ok) return this.withView(r.view);
    const code = r.error.kind === 'out-of-bounds' || r.error.kind === 'too-many-indices' ? 'NKI206' : 'NKI206';
    this.session.report(code, `${r.error.message} (tensor ${this.label()} is ${this.describe()})`, ctx, { related: this.allocationRelated() });
    // Continue with an unknown view so one bad index does not hide later findings.
    return this.withView({ shape: this.shape.map(() => undefined), strides: this.shape.map(() => undefined), offset: undefined });
  }

  /** Beta 1 `t[i_p, i_f]` with `nl.arange`/`nl.mgrid` index tiles, or tensor (indirect) indices. */
  private advancedIndex(items: readonly Value[], ctx: Ctx): TensorObject {
    const rank = this.shape.length;
    const pending: string[] = [];
    let shape: Dim[] | undefined = [];
    let offsetMin: Dim = this.view.offset;
    let offsetMax: Dim = this.view.offset;
    let dim = 0;
    for (const k of items) {
      if (k.kind === 'ellipsis') { dim += rank - (items.length - 1); continue; }
      const size = this.shape[dim];
      const stride = this.view.strides[dim];
      let lo: Dim; let hi: Dim;
      if (k.kind === 'host' && k.obj instanceof IndexExpr) {
        shape = shape && broadcastShapes(shape, k.obj.shape);
        ({ min: lo, max: hi } = k.obj.range);
        if (hi !== undefined && size !== undefined && (hi >= size || (lo !== undefined && lo < 0))) {
          // Reported where the view is used: a `mask=` on that call may exclude the excess.
          pending.push(`Out-of-bound access for tensor ${this.label()} on dimension ${dim}: index range [${lo ?? '?'}, ${hi}] exceeds dimension size of ${size}`);
        }
      } else if (k.kind === 'host' && k.obj instanceof TensorObject) {
        // Indirect (data-dependent) index: the partitions come from the index tensor.
        shape = shape && broadcastShapes(shape, [k.obj.shape[0], 1]);
        lo = 0; hi = size === undefined ? undefined : size - 1;
      } else {
        const key = toIndexKey(k);
        if (key?.kind === 'int') { lo = key.value; hi = key.value; }
        else if (key?.kind === 'slice') {
          const start = key.startGiven ? key.start : 0;
          const stop = key.stopGiven ? key.stop : size;
          lo = start; hi = stop === undefined ? undefined : stop - 1;
          shape = shape && broadcastShapes(shape, [stop !== undefined && start !== undefined ? stop - start : undefined]);
        } else { lo = undefined; hi = undefined; }
      }
      offsetMin = lo === undefined || stride === undefined || offsetMin === undefined ? undefined : offsetMin + lo * stride;
      offsetMax = hi === undefined || stride === undefined || offsetMax === undefined ? undefined : offsetMax + hi * stride;
      dim++;
    }
    const outShape = shape ?? [undefined, undefined];
    while (this.onChip && outShape.length < 2) outShape.unshift(1);
    // Affine index expressions (aranges, mgrids, loop offsets) make an exact strided view;
    // anything else (indirect indices, slices mixed in) keeps only the element extent.
    const exact = this.affineView(items, outShape);
    const t = this.withView(exact ?? { shape: outShape, strides: outShape.map(() => undefined), offset: offsetMin });
    if (offsetMin !== undefined && offsetMax !== undefined) t.advancedExtent = [offsetMin, offsetMax];
    if (pending.length) t.pendingBounds = pending;
    return t;
  }

  /** The exact view `t[e_0, e_1, ...]` when every key is an integer or an affine index expression. */
  private affineView(items: readonly Value[], outShape: Dim[]): View | undefined {
    if (items.length > this.shape.length) return undefined;
    const rank = outShape.length;
    let offset: Dim = this.view.offset;
    const strides: Dim[] = new Array(rank).fill(0);
    for (let d = 0; d < items.length; d++) {
      const k = items[d];
      const stride = this.view.strides[d];
      if (k.kind === 'int') {
        offset = offset === undefined || stride === undefined ? undefined : offset + Number(k.value) * stride;
      } else if (k.kind === 'host' && k.obj instanceof IndexExpr && k.obj.affine) {
        const { base, coefs } = k.obj.affine;
        const aligned = [...new Array(Math.max(0, rank - coefs.length)).fill(0), ...coefs.slice(-rank)];
        offset = offset === undefined || stride === undefined || base === undefined ? undefined : offset + base * stride;
        for (let j = 0; j < rank; j++) {
          const c = aligned[j];
          strides[j] = strides[j] === undefined || c === undefined || stride === undefined ? undefined : (strides[j] as number) + c * stride;
        }
      } else {
        return undefined;
      }
    }
    // Keys on fewer dims than the tensor has: the trailing dims are not indexed.
    if (items.length < this.shape.length) return undefined;
    return { shape: outShape, strides, offset };
  }

  advancedExtent?: [number, number];
  /** Out-of-bounds findings of a Beta 1 index-expression view, reported when it is used unmasked. */
  pendingBounds?: string[];

  /** Reports pending out-of-bounds findings unless the using call is masked. */
  reportPendingBounds(ctx: Ctx, masked: boolean): void {
    if (!this.pendingBounds || masked) return;
    for (const message of this.pendingBounds) this.session.report('NKI206', message, ctx, { related: this.allocationRelated() });
  }

  label(): string {
    return this.storage.name ? `'${this.storage.name}'` : `#${this.storage.id}`;
  }

  allocationRelated(): Array<{ message: string; span: import('../frontend/ast').Span; path: string }> {
    const s = this.storage.span;
    if (!s) return [];
    return [{
      message: `${this.label()} allocated here as ${this.storage.buffer} ${this.storage.dtype}${formatShape(this.storage.shape)}`,
      span: { start: { line: s.line, character: s.character }, end: { line: s.endLine, character: s.endCharacter }, startOffset: -1, endOffset: -1 },
      path: s.path,
    }];
  }

  // ------------------------------------------------------------------ view methods

  private transposed(ctx: Ctx): Value {
    if (this.shape.length !== 2) return ctx.raise('ValueError', '.T needs a 2-D tensor');
    return mkHost(this.withView({ shape: [this.shape[1], this.shape[0]], strides: [this.view.strides[1], this.view.strides[0]], offset: this.view.offset }));
  }

  private method(name: string, ctx: Ctx): Value | undefined {
    const self = this;
    // A derived view keeps the offset; unless given, its strides are those of a contiguous layout.
    const view = (shape: Dim[], strides?: Dim[], dtype?: string): Value =>
      mkHost(self.withView({ shape, strides: strides ?? contiguousView(shape).strides, offset: self.view.offset }, dtype));
    switch (name) {
      case 'reshape':
        // t.reshape((a, b)), t.reshape(a, b) and t.reshape(shape=(a, b)) all appear.
        return native('reshape', '*dims, shape=None', ([dims, shape]) => {
          const target = shape.kind !== 'none' ? toShape(shape) : flattenShapeArgs(dims);
          return view(inferReshape(self.shape, target ?? []));
        });
      case 'view':
      case 'reinterpret_cast':
        return native(name, 'dtype', ([dtype]) => {
          const to = dtypeName(dtype);
          const from = self.bytesPerElement;
          const toSize = to ? self.session.model.dtype(to)?.sizeBytes : undefined;
          const shape = [...self.shape];
          const last = shape.length - 1;
          if (toSize && shape[last] !== undefined) shape[last] = ((shape[last] as number) * from) / toSize;
          return view(shape, undefined, to ?? self.dtype);
        });
      case 'permute':
        return native('permute', '*dims', ([dims]) => {
          const order = flattenShapeArgs(dims);
          if (!order || order.some((d) => d === undefined)) return view(self.shape.map(() => undefined));
          return mkHost(self.withView({ shape: order.map((d) => self.shape[d as number]), strides: order.map((d) => self.view.strides[d as number]), offset: self.view.offset }));
        });
      case 'slice':
        return native('slice', 'dim, start, end, step=1', ([dim, start, end, step]) => {
          const d = toDim(dim);
          if (d === undefined) return view(self.shape.map(() => undefined));
          const keys: Value[] = self.shape.map(() => ({ kind: 'slice', start: NONE, stop: NONE, step: NONE }) as Value);
          keys[d] = { kind: 'slice', start, stop: end, step };
          return mkHost(self.subscript(mkTuple(keys), ctx));
        });
      case 'select':
        return native('select', 'dim, index', ([dim, index]) => {
          const d = toDim(dim);
          const shape = [...self.shape];
          if (d !== undefined) shape.splice(d, 1);
          if (index.kind === 'int') {
            const keys: Value[] = self.shape.map(() => ({ kind: 'slice', start: NONE, stop: NONE, step: NONE }) as Value);
            if (d !== undefined) keys[d] = index;
            return mkHost(self.subscript(mkTuple(keys), ctx));
          }
          return view(shape);
        });
      case 'expand_dim':
      case 'expand_dims':
        return native(name, 'dim', ([dim]) => {
          const d = toDim(dim);
          const shape = [...self.shape];
          if (d !== undefined) shape.splice(d < 0 ? shape.length + 1 + d : d, 0, 1);
          return view(shape);
        });
      case 'squeeze_dim':
        return native(name, 'dim', ([dim]) => {
          const d = toDim(dim);
          const shape = [...self.shape];
          if (d !== undefined) shape.splice(d, 1);
          return view(shape);
        });
      case 'broadcast':
        return native(name, 'dim, size', ([dim, size]) => {
          const shape = [...self.shape];
          const d = toDim(dim);
          if (d !== undefined) shape[d] = toDim(size);
          return view(shape, shape.map((_, i) => (i === d ? 0 : self.view.strides[i])));
        });
      case 'broadcast_to':
        return native(name, 'shape', ([shape]) => {
          const target = toShape(shape) ?? self.shape.map(() => undefined);
          // Broadcast dims (size 1 here, right-aligned) repeat one element: stride 0.
          const strides = target.map((d, i) => {
            const j = self.shape.length - target.length + i;
            if (j < 0) return 0;
            return self.shape[j] === 1 && d !== 1 ? 0 : self.view.strides[j];
          });
          return view(target, strides);
        });
      case 'flatten_dims':
        return native(name, 'start, end', ([start, end]) => {
          const s = toDim(start); const e = toDim(end);
          if (s === undefined || e === undefined) return view(self.shape.map(() => undefined));
          const shape = [...self.shape.slice(0, s), elementCount(self.shape.slice(s, e + 1)), ...self.shape.slice(e + 1)];
          return view(shape);
        });
      case 'reshape_dim':
        return native(name, 'dim, shape', ([dim, shape]) => {
          const d = toDim(dim);
          const parts = toShape(shape);
          if (d === undefined || !parts) return view(self.shape.map(() => undefined));
          const inferred = inferReshape([self.shape[d]], parts);
          return view([...self.shape.slice(0, d), ...inferred, ...self.shape.slice(d + 1)]);
        });
      case 'ap':
        return native('ap', 'pattern, offset=None, scalar_offset=None, vector_offset=None, indirect_dim=0, dtype=None', ([pattern, offset, , , , dtype]) => {
          const pairs = pattern.kind === 'list' || pattern.kind === 'tuple' ? pattern.items : [];
          const shape = pairs.map((p) => (p.kind === 'list' || p.kind === 'tuple') && p.items.length === 2 ? toDim(p.items[1]) : undefined);
          const strides = pairs.map((p) => (p.kind === 'list' || p.kind === 'tuple') && p.items.length === 2 ? toDim(p.items[0]) : undefined);
          const off = offset.kind === 'none' ? 0 : toDim(offset);
          const to = dtypeName(dtype);
          // `ap` addresses the storage directly, ignoring the current view.
          return mkHost(new TensorObject(self.session, self.behaviour, self.storage, { shape, strides, offset: off }, to ?? self.storage.dtype));
        });
      case 'astype':
        return native(name, 'dtype', ([dtype]) => view(self.shape, self.view.strides, dtypeName(dtype) ?? self.dtype));
      case 'is_contiguous':
        return native(name, '', () => ({ kind: 'bool', value: true }));
      case 'get_pattern':
        return native(name, '', () => mkUnknown('access patterns are not modelled'));
      case 'indirect':
        return native(name, 'index, num_elem=None', () => mkHost(self));
      case 'rearrange':
        return native(name, 'src_pattern, dst_pattern, fixed_sizes=None', () => {
          ctx.gap('rearrange() patterns are not modelled: the view shape is unknown');
          return view(self.shape.map(() => undefined));
        });
      default:
        return undefined;
    }
  }
}

/** Interned [first, last+1) partition ranges: on-chip ranges are small, and most are [0, 128). */
const partitionRanges: Array<[number, number] | undefined> = [];
const RANGE_KEY = 129;

function partitionRangeOf(first: number, end: number): [number, number] {
  if (first < 0 || end >= RANGE_KEY || first >= RANGE_KEY) return [first, end];
  const key = first * RANGE_KEY + end;
  return (partitionRanges[key] ??= [first, end]);
}

/** The partitions an on-chip view touches: [first, last+1). */
function partitionSpan(ext: [number, number], storageShape: readonly Dim[]): [number, number] | undefined {
  let freePerPartition: Dim = 1;
  for (let i = 1; i < storageShape.length && freePerPartition !== undefined; i++) {
    const d = storageShape[i];
    freePerPartition = d === undefined ? undefined : freePerPartition * d;
  }
  if (freePerPartition === undefined || freePerPartition === 0) return undefined;
  return partitionRangeOf(Math.floor(ext[0] / freePerPartition), Math.floor(ext[1] / freePerPartition) + 1);
}

export function toIndexKey(k: Value): IndexKey | undefined {
  switch (k.kind) {
    case 'int': case 'bool': case 'unknown': return { kind: 'int', value: toDim(k) };
    case 'ellipsis': return { kind: 'ellipsis' };
    case 'slice': {
      const given = (v: Value): boolean => v.kind !== 'none';
      return { kind: 'slice', start: toDim(k.start), stop: toDim(k.stop), step: k.step.kind === 'none' ? undefined : toDim(k.step), startGiven: given(k.start), stopGiven: given(k.stop) };
    }
    case 'host':
      if (k.obj.typeName === 'DynamicSlice') {
        const ds = k.obj as unknown as { start: Dim; size: Dim };
        const stop = ds.start !== undefined && ds.size !== undefined ? ds.start + ds.size : undefined;
        return { kind: 'slice', start: ds.start, stop, step: undefined, startGiven: true, stopGiven: true };
      }
      return undefined;
    default: return undefined;
  }
}

function flattenShapeArgs(v: Value): Dim[] | undefined {
  // reshape(a, b) and reshape((a, b)) both appear.
  if (v.kind === 'tuple' && v.items.length === 1 && (v.items[0].kind === 'tuple' || v.items[0].kind === 'list')) return toShape(v.items[0]);
  return toShape(v);
}

/** Resolves one `-1` entry so the element count is preserved. */
export function inferReshape(from: readonly Dim[], to: readonly Dim[]): Dim[] {
  const neg = to.findIndex((d) => d === -1);
  if (neg < 0) return [...to];
  const total = elementCount(from);
  const known = elementCount(to.filter((_, i) => i !== neg));
  const out = [...to];
  out[neg] = total !== undefined && known !== undefined && known !== 0 ? total / known : undefined;
  return out;
}

function dtypeName(v: Value): string | undefined {
  if (v.kind === 'host' && 'dtypeName' in v.obj) return (v.obj as { dtypeName: string }).dtypeName;
  if (v.kind === 'str') return v.value;
  return undefined;
}
