/**
 * Small constructors that keep the API tables terse and uniform.
 *
 * Purpose: literal defaults, parameter specs with shared per-name documentation, and the recurring
 * variant shapes (Beta 1 tile-returning calls with `mask=`/`dtype=`/**kwargs, 0.2+ dst-first ISA calls
 * with `name=`). No facts live here except the shared parameter docs, which describe meaning only.
 * Invariant: builders are pure and return frozen-shape plain objects; every parameter gets a doc
 * (explicit, or from COMMON_PARAM_DOCS, or the fallback "<role> argument").
 */
import type { BufferName } from '../buffers';
import type { DtypeName } from '../dtypes';
import type { EngineId } from '../engines';
import type { NkiTarget } from '../targets';
import type { VersionRange } from '../versions';
import type {
  ApiEntry, ApiKind, ApiVariant, EngineBinding, LiteralValue, ParamDeprecation, ParamKind, ParamRole, ParamSpec,
  RemovedParam, ReturnSpec, ShapeLimit, OpUse,
} from './types';

// ---- literals ---------------------------------------------------------------------------------
export const NONE: LiteralValue = { t: 'none' };
export const TRUE: LiteralValue = { t: 'bool', v: true };
export const FALSE: LiteralValue = { t: 'bool', v: false };
export const int = (v: number): LiteralValue => ({ t: 'int', v });
export const float = (v: number): LiteralValue => ({ t: 'float', v });
export const str = (v: string): LiteralValue => ({ t: 'str', v });
export const tuple = (...items: LiteralValue[]): LiteralValue => ({ t: 'tuple', items });
export const list = (...items: LiteralValue[]): LiteralValue => ({ t: 'list', items });
export const ref = (name: string): LiteralValue => ({ t: 'ref', name });
export const FP32_MIN = float(-3.4028235e38);

// ---- buffers shorthands -------------------------------------------------------------------------
export const SB: readonly BufferName[] = ['sbuf'];
export const PS: readonly BufferName[] = ['psum'];
export const SBPS: readonly BufferName[] = ['sbuf', 'psum'];
export const HBM: readonly BufferName[] = ['hbm', 'private_hbm', 'shared_hbm'];
export const HBM_SB: readonly BufferName[] = ['hbm', 'private_hbm', 'shared_hbm', 'sbuf'];
export const ANY_BUF: readonly BufferName[] = ['sbuf', 'psum', 'hbm', 'private_hbm', 'shared_hbm'];

/** Shared meaning of recurring parameter names (used when a spec gives no doc). */
export const COMMON_PARAM_DOCS: Readonly<Record<string, string>> = {
  dst: 'Destination tensor the instruction writes (0.2+: always the first argument).',
  src: 'Source tensor.',
  data: 'Input tile.',
  data1: 'First input tile.',
  data2: 'Second input tile (same partition count and elements per partition as data1).',
  op: 'Operation to apply (an nl ALU op or activation function such as nl.add or nl.exp).',
  op0: 'First ALU operation.',
  op1: 'Second ALU operation (None to skip).',
  operand0: 'Operand of op0: a compile-time scalar or a (P, 1) vector tile.',
  operand1: 'Operand of op1: a compile-time scalar or a (P, 1) vector tile.',
  reverse0: 'Swap the operands of op0 (operand0 op data instead of data op operand0).',
  reverse1: 'Swap the operands of op1.',
  engine: 'Engine that executes the instruction (nisa.engine.*); unknown lets the compiler choose.',
  name: 'Optional instruction name, used by scheduling (with_schedule) and profiles.',
  mask: 'Beta 1 only: compile-time predicate on affine index expressions limiting which elements are computed.',
  dtype: 'Beta 1: data type of the returned tile (default follows the input / promotion rules).',
  kwargs: 'Beta 1 accepted and ignored extra keyword arguments (unknown keywords became an error in Neuron 2.28).',
  axis: 'Free axis or axes to reduce (trailing contiguous free dims; never 0).',
  keepdims: 'Keep reduced axes as size-1 dims.',
  reduce_op: 'Reduction op applied along the free dimension (e.g. nl.add, nl.maximum).',
  reduce_res: 'Optional (P, 1) tile receiving the reduction result.',
  reduce_cmd: 'Accumulator register control (nisa.reduce_cmd: idle, reset, reduce, reset_reduce, load_reduce).',
  bias: 'Per-partition bias: a (P, 1) vector (NC-v3+ also a scalar); free size must be 1.',
  scale: 'Multiplier applied before the function: fp32 scalar or (P, 1) vector.',
  shape: 'Tensor shape; dim 0 is the partition dim for on-chip tensors.',
  buffer: 'Memory buffer (nl.sbuf, nl.psum, nl.hbm, nl.private_hbm, nl.shared_hbm).',
  x: 'Input tile or scalar.',
  y: 'Second input tile or scalar.',
  dge_mode: 'Descriptor generation mode (nisa.dge_mode: unknown, swdge, hwdge, none).',
  oob_mode: 'Out-of-bounds handling for dynamic addresses (nisa.oob_mode: error, skip).',
  priority: 'DMA priority 0–3 (NC-v4 only).',
  predicate: 'Predicate tile selecting elements.',
  fill_value: 'Initial value of every element.',
  on_true_tile: 'Values used where the predicate holds.',
  on_false_value: 'Value used where the predicate fails.',
  channel_multiplier: 'Multiplier applied to the partition index.',
  pattern: 'Access pattern [[step, num], …] over the free dims (up to 4-D).',
  offset: 'Constant added to the generated value.',
};

export interface ParamOpts {
  readonly buffers?: readonly BufferName[];
  readonly dtypes?: readonly DtypeName[];
  readonly enumType?: string;
  readonly opUses?: readonly OpUse[];
  readonly targets?: readonly NkiTarget[];
  readonly deprecated?: ParamDeprecation;
  readonly doc?: string;
}

function mk(name: string, kind: ParamKind, role: ParamRole, def: LiteralValue | undefined, o: ParamOpts = {}): ParamSpec {
  const doc = o.doc ?? COMMON_PARAM_DOCS[name] ?? `${role[0].toUpperCase()}${role.slice(1)} argument.`;
  const spec: ParamSpec = { name, kind, role, doc, ...(def !== undefined ? { default: def } : {}), ...stripDoc(o) };
  return spec;
}
function stripDoc(o: ParamOpts): Omit<ParamOpts, 'doc'> {
  const { doc: _doc, ...rest } = o;
  return rest;
}

/** Required positional-or-keyword parameter. */
export const req = (name: string, role: ParamRole, o?: ParamOpts) => mk(name, 'positional-or-keyword', role, undefined, o);
/** Optional positional-or-keyword parameter. */
export const opt = (name: string, def: LiteralValue, role: ParamRole, o?: ParamOpts) => mk(name, 'positional-or-keyword', role, def, o);
/** Keyword-only parameter (after `*`); def undefined = required keyword. */
export const kw = (name: string, def: LiteralValue | undefined, role: ParamRole, o?: ParamOpts) => mk(name, 'keyword-only', role, def, o);
export const varargs = (name: string, o?: ParamOpts) => mk(name, 'varargs', 'other', undefined, o);
export const kwargs = (name = 'kwargs', o?: ParamOpts) => mk(name, 'kwargs', 'other', undefined, o);

// ---- common params ------------------------------------------------------------------------------
export const dst = (buffers: readonly BufferName[] = SBPS, doc?: string) => req('dst', 'dst', { buffers, doc });
export const nameP = () => opt('name', NONE, 'name');
export const engineP = (def = 'nki.isa.engine.unknown') => opt('engine', ref(def), 'enum', { enumType: 'nki.isa.engine' });
export const opP = (name: string, uses: readonly OpUse[], def?: LiteralValue, doc?: string) =>
  def === undefined ? req(name, 'op', { opUses: uses, doc }) : opt(name, def, 'op', { opUses: uses, doc });

// ---- variants -----------------------------------------------------------------------------------
export interface VariantOpts {
  readonly returns?: ReturnSpec;
  readonly engine?: EngineBinding;
  readonly limits?: readonly ShapeLimit[];
  readonly removedParams?: readonly RemovedParam[];
  readonly targets?: readonly NkiTarget[];
  readonly doc?: string;
  readonly confidence?: ApiVariant['confidence'];
  readonly note?: string;
}

export function variant(range: VersionRange, params: readonly ParamSpec[] | undefined, o: VariantOpts = {}): ApiVariant {
  return {
    range,
    callable: params !== undefined,
    ...(params !== undefined ? { params } : {}),
    returns: o.returns ?? { kind: 'none' },
    engine: o.engine ?? { kind: 'none' },
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.removedParams ? { removedParams: o.removedParams } : {}),
    ...(o.targets ? { targets: o.targets } : {}),
    ...(o.doc ? { doc: o.doc } : {}),
    ...(o.confidence ? { confidence: o.confidence } : {}),
    ...(o.note ? { note: o.note } : {}),
  };
}

/** A non-callable presence (constants, op identifiers, enums, modules). */
export const present = (range: VersionRange, o: VariantOpts = {}): ApiVariant =>
  variant(range, undefined, { returns: o.returns ?? { kind: 'value', type: 'object' }, ...o });

export const fixed = (engine: EngineId): EngineBinding => ({ kind: 'fixed', engine });
export const select = (allowed: readonly EngineId[], def?: EngineId, note?: string): EngineBinding =>
  ({ kind: 'select', param: 'engine', allowed, ...(def ? { default: def } : {}), ...(note ? { note } : {}) });
export const lowered = (...engines: EngineId[]): EngineBinding => ({ kind: 'lowered', engines });
export const META: EngineBinding = { kind: 'none' };

/** Beta 1 ISA call: returns a new tile; appends keyword-only mask=/dtype= and **kwargs. */
export function beta1Isa(params: readonly ParamSpec[], o: VariantOpts & { readonly range?: VersionRange; readonly noDtype?: boolean } = {}): ApiVariant {
  const tail = [kw('mask', NONE, 'other'), ...(o.noDtype ? [] : [kw('dtype', NONE, 'dtype')]), kwargs()];
  const names = new Set(params.map((p) => p.name));
  return variant(o.range ?? { until: '0.2' }, [...params, ...tail.filter((p) => !names.has(p.name))], {
    returns: o.returns ?? { kind: 'tile', buffer: 'sbuf' },
    ...o,
    doc: o.doc ?? 'Beta 1: returns a new tile instead of writing a dst argument.',
  });
}

/** 0.2+ ISA call: dst-first, appends name=None, returns no tile. */
export function isa(range: VersionRange, params: readonly ParamSpec[], o: VariantOpts & { readonly noName?: boolean } = {}): ApiVariant {
  return variant(range, o.noName ? params : [...params, nameP()], { returns: o.returns ?? { kind: 'instruction' }, ...o });
}

/** Beta 1 nl call: appends keyword-only dtype=/mask= and **kwargs. */
export function beta1Nl(params: readonly ParamSpec[], o: VariantOpts & { readonly range?: VersionRange; readonly noDtype?: boolean; readonly noMask?: boolean } = {}): ApiVariant {
  const names = new Set(params.map((p) => p.name));
  const tail = [
    ...(o.noDtype ? [] : [kw('dtype', NONE, 'dtype')]),
    ...(o.noMask ? [] : [kw('mask', NONE, 'other')]),
    kwargs(),
  ].filter((p) => !names.has(p.name));
  return variant(o.range ?? { until: '0.2' }, [...params, ...tail], { returns: o.returns ?? { kind: 'tile', buffer: 'sbuf' }, ...o });
}

export interface EntryOpts extends Omit<ApiEntry, 'name' | 'kind' | 'module' | 'doc' | 'source' | 'variants'> {}

export function entry(name: string, kind: ApiKind, doc: string, source: string, variants: readonly ApiVariant[], o: EntryOpts = {}): ApiEntry {
  const dot = name.lastIndexOf('.');
  const module = dot < 0 ? '' : name.slice(0, dot);
  return { name, kind, module, doc, source, variants, ...o };
}

/** Shape-limit shorthand. */
export function lim(param: string, dim: ShapeLimit['dim'], bounds: Omit<ShapeLimit, 'param' | 'dim' | 'message' | 'source'>, message: string, source: string): ShapeLimit {
  return { param, dim, ...bounds, message, source };
}
