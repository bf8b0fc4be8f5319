/**
 * NKI functions evaluated at trace time rather than lowered to instructions: allocation
 * (`nl.ndarray` and friends), index helpers (`nl.ds`, `nl.arange`, `nl.mgrid`, `nl.par_dim`),
 * loop iterables, launch queries (`nl.program_id`), decorators (`@nki.jit`), and annotations.
 * Keyed by qualified name; `name[]` keys handle subscripts (`nl.mgrid[...]`, `nt.tensor[...]`).
 */
import {
  mkBool, mkFloat, mkHost, mkInt, mkUnknown, native, NONE, type Ctx, type HostObject, type Value,
} from '../../interp';
import type { ApiEntry } from '../../nki/api/types';
import { formatShape, toDim, toShape } from '../convert';
import { elementCount, type Dim } from '../indexing';
import { IndexExpr, mgrid } from '../indexExpr';
import type { BufferName } from '../instruction';
import {
  bufferOf, DynamicSlice, isExplicitAllocation, NamespaceObject, EnumMemberObject, KernelObject, LoopRange, ParDim, type LoopKind,
} from '../nkiValues';
import { ON_CHIP, UNKNOWN_DTYPE } from '../session';
import { NumpyArray } from '../numpyArray';
import { placeAt } from '../placement';
import { TensorObject } from '../tensor';
import type { NkiEnv } from './env';
import { checkPartitions, type CallInfo } from './instructions';
import { tensorArg } from './resultShapes';

export type TraceTimeBuiltin = (env: NkiEnv, ctx: Ctx, bound: Map<string, Value>, entry: ApiEntry, varargs?: readonly Value[], info?: CallInfo) => Value;

/** `UNKNOWN_DTYPE` when the dtype is an unknown value (e.g. `a.dtype` of an input without a shape). */
function dtypeNameOf(v: Value | undefined, fallback: string): string {
  if (v?.kind === 'host' && 'dtypeName' in v.obj) return (v.obj as { dtypeName: string }).dtypeName;
  if (v?.kind === 'str') return v.value;
  if (!v || v.kind === 'none') return fallback;
  return UNKNOWN_DTYPE;
}

function toNumber(v: Value | undefined): number | undefined {
  if (v?.kind === 'int' || v?.kind === 'float') return Number(v.value);
  if (v?.kind === 'bool') return v.value ? 1 : 0;
  return undefined;
}

function strOf(v: Value | undefined): string {
  return v?.kind === 'str' ? v.value : '';
}

/** Beta 1 shapes may mark the partition dim with `nl.par_dim(...)` after leading block dims. */
function parDimIndex(shape: Value | undefined): number {
  if (!shape || (shape.kind !== 'tuple' && shape.kind !== 'list')) return 0;
  const items = shape.items;
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (x.kind === 'host' && x.obj instanceof ParDim) return i;
  }
  return 0;
}

/** Allocates a tensor; `init` emits the instruction that fills it (memset) when there is one. */
function allocate(env: NkiEnv, ctx: Ctx, shapeValue: Value | undefined, shape: Dim[] | undefined, dtype: string, buffer: BufferName, name: string, init?: string, fill: number = 0, identity = false): Value {
  const session = env.session;
  const dims = shape ?? [undefined, undefined];
  if (!shape) ctx.gap('tensor shape is unknown: checks that depend on it are skipped');
  const storage = session.allocate(ctx, { name, buffer, dtype, shape: dims, origin: 'local' });
  const par = parDimIndex(shapeValue);
  if (par > 0 && ON_CHIP.has(buffer)) {
    // Leading block dims: each partition holds every block.
    env.languageRule('block-dimension', 'NKI502', ctx, `shape ${formatShape(dims)} has ${par} block dimension(s) before the partition dimension`);
    storage.partitions = dims[par];
    storage.blockDims = par;
    const rest = elementCount(dims.filter((_, i) => i !== par));
    storage.bytesPerPartition = rest === undefined ? undefined : rest * storage.bytesPerElement;
  }
  const t = TensorObject.fresh(session, env.behaviour, storage, ON_CHIP.has(buffer) ? par : 0);
  if (par === 0) checkPartitions(env, ctx, t);
  else if (dims[par] !== undefined && (dims[par] as number) > env.model.limits.partitions) {
    session.report('NKI201', `partition dimension of the tensor is ${dims[par]}, over the limit of ${env.model.limits.partitions} (shape ${formatShape(dims)}).`, ctx);
  }
  if (ON_CHIP.has(buffer) && dims.length < 2) {
    session.report('NKI205', `on-chip tensors need at least 2 dimensions (partition and free); got shape ${formatShape(dims)}.`, ctx);
  }
  if (init) {
    session.emit(ctx, {
      api: init, engine: 'vector', operands: [{ param: 'dst', role: 'write', access: t.access() }], attrs: { value: fill }, args: identity ? { value: fill, identity } : { value: fill },
      partitions: ON_CHIP.has(buffer) ? storage.partitions : undefined, freeElements: t.freeElements,
    });
  }
  return mkHost(t);
}

function defaultBuffer(env: NkiEnv, bound: Map<string, Value>): BufferName {
  return bufferOf(bound.get('buffer')) ?? (env.isBeta1 ? 'sbuf' : 'sbuf');
}

const creation = (init?: string, fill?: number): TraceTimeBuiltin => (env, ctx, bound) => {
  const shape = bound.get('shape');
  const fillValue = fill ?? toNumber(bound.get('fill_value')) ?? 0;
  const v = allocate(env, ctx, shape, toShape(shape), dtypeNameOf(bound.get('dtype'), 'float32'), defaultBuffer(env, bound), strOf(bound.get('name')), init, fillValue);
  // Direct allocation (`buffer=ncc.sbuf.mod_alloc(...)`): the kernel places tiles itself, possibly
  // overlapping on purpose, so the automatic allocator's capacity check does not apply.
  if (isExplicitAllocation(bound.get('buffer'))) {
    const t = tensorArg(v);
    if (t) t.storage.explicitlyPlaced = true;
  }
  const placed = bound.get('address');
  if (placed && placed.kind !== 'none') {
    const t = tensorArg(v);
    if (t) placeAt(env.session, ctx, t.storage, placed);
  }
  return v;
};

const like = (init?: string): TraceTimeBuiltin => (env, ctx, bound) => {
  const x = tensorArg(bound.get('x'));
  const buffer = bufferOf(bound.get('buffer')) ?? x?.buffer ?? 'sbuf';
  return allocate(env, ctx, undefined, x ? [...x.shape] : undefined, dtypeNameOf(bound.get('dtype'), x?.dtype ?? 'float32'), buffer, strOf(bound.get('name')), init);
};

const loop = (kind: LoopKind): TraceTimeBuiltin => (_env, _ctx, bound) => {
  const start = bound.get('start');
  const stop = bound.get('stop');
  const step = bound.get('step');
  const [a, b] = !stop || stop.kind === 'none' ? [0, toDim(start)] : [toDim(start), toDim(stop)];
  return mkHost(new LoopRange(kind, a, b, step && step.kind !== 'none' ? toDim(step) : 1));
};

/** A `with` context that does nothing at trace time (`nl.no_reorder()`). */
export class NullContext implements HostObject {
  readonly typeName = 'context';
  enter(): Value { return NONE; }
  exit(): boolean { return false; }
}

/** What `@nki.jit` (with or without arguments) turns a function into. */
const decorator: TraceTimeBuiltin = (env, _ctx, bound, entry, varargs) => {
  const runnable = (): boolean => env.session.phase === 'kernel';
  const wrap = (f: Value): Value => (f.kind === 'host' && f.obj instanceof KernelObject ? f : mkHost(new KernelObject(f, entry.name, [], runnable)));
  const fn = bound.get('fn') ?? bound.get('func') ?? bound.get('kernel') ?? varargs?.[0];
  if (fn && fn.kind !== 'none' && (fn.kind === 'function' || fn.kind === 'host' || fn.kind === 'builtin')) return wrap(fn);
  // `@nki.jit(mode=...)` / `@nki.baremetal(save_neff_name=...)`: a decorator factory.
  return native(entry.name.slice(entry.name.lastIndexOf('.') + 1), 'fn', ([f]) => wrap(f));
};

/** Where the running kernel was launched: set by the launcher for SPMD grids. */
export interface LaunchInfo { grid: Dim[]; instance: number[] }

export const TRACE_TIME_BUILTINS: Record<string, TraceTimeBuiltin> = {
  'nki.language.ndarray': creation(),
  'nki.language.zeros': creation('nki.isa.memset', 0),
  'nki.language.ones': creation('nki.isa.memset', 1),
  'nki.language.full': creation('nki.isa.memset'),
  'nki.language.empty_like': like(),
  'nki.language.zeros_like': like('nki.isa.memset'),
  'nki.language.shared_identity_matrix': (env, ctx, bound) => {
    const n = toDim(bound.get('n'));
    return allocate(env, ctx, undefined, [n, n], dtypeNameOf(bound.get('dtype'), 'uint8'), 'sbuf', 'identity', 'nki.isa.memset', 0, true);
  },
  'nki.language.shared_constant': (env, ctx, bound) => {
    const c = bound.get('constant');
    const array = c?.kind === 'host' && c.obj instanceof NumpyArray ? c.obj : undefined;
    if (!array) ctx.gap('nl.shared_constant: the constant\'s shape is not known to the checker');
    const v = allocate(env, ctx, undefined, array ? [...array.shape] : undefined, dtypeNameOf(bound.get('dtype'), array?.dtype ?? 'float32'), 'shared_hbm', 'constant');
    const t = tensorArg(v);
    if (t) {
      env.session.markWritten(t.storage.id);
      const known = array?.known();
      t.storage.constant = known ? { values: Array.from(known.values) } : { unknown: array ? 'its values are not computed by the host NumPy model (random, np.empty or an unmodelled function)' : 'it is not a NumPy array the checker understands' };
    }
    return v;
  },
  'nki.language.ds': (_env, _ctx, bound) => mkHost(new DynamicSlice(toDim(bound.get('start')), toDim(bound.get('size')))),
  'nki.language.par_dim': (_env, _ctx, bound) => mkHost(new ParDim(bound.get('x') ?? mkUnknown('par_dim size'))),
  'nki.language.arange': (_env, _ctx, bound) => {
    const start = bound.get('start');
    const stop = bound.get('stop');
    return mkHost(!stop || stop.kind === 'none' ? IndexExpr.arange(0, toDim(start)) : IndexExpr.arange(toDim(start), toDim(stop)));
  },
  'nki.language.mgrid[]': (_env, ctx, bound) => {
    const key = bound.get('key')!;
    const items = key.kind === 'tuple' ? key.items : [key];
    const bounds = items.map((k) => (k.kind === 'slice'
      ? { start: k.start.kind === 'none' ? 0 : toDim(k.start), stop: toDim(k.stop) }
      : ctx.raise('TypeError', 'nl.mgrid takes slices: nl.mgrid[0:P, 0:F]')));
    return mgrid(bounds);
  },
  'nki.language.affine_range': loop('affine_range'),
  'nki.language.sequential_range': loop('sequential_range'),
  'nki.language.static_range': loop('static_range'),
  'nki.language.range': loop('range'),
  'nki.language.dynamic_range': loop('dynamic_range'),
  'nki.language.fori_loop': (env, ctx, bound) => {
    const lower = toDim(bound.get('lower'));
    const upper = toDim(bound.get('upper'));
    const step = toDim(bound.get('step') ?? mkInt(1)) ?? 1;
    const body = bound.get('body_fun')!;
    if (lower === undefined || upper === undefined) {
      ctx.gap('nl.fori_loop with unknown bounds: body analysed once with an unknown index');
      ctx.call(body, [mkUnknown('fori_loop index')]);
      return NONE;
    }
    for (let i = lower; i < upper; i += Math.max(1, step)) ctx.call(body, [mkInt(i)]);
    return NONE;
  },
  'nki.language.while_loop': (_env, ctx, bound) => {
    ctx.gap('nl.while_loop runs on the device: its body is analysed once');
    ctx.call(bound.get('body_fun')!, []);
    return NONE;
  },
  'nki.language.no_reorder': () => mkHost(new NullContext()),
  'nki.compiler.no_reorder': () => mkHost(new NullContext()),
  'nki.compiler.allocation_scope': () => mkHost(new NullContext()),
  'nki.language.finfo': (env, _ctx, bound) => {
    const name = dtypeNameOf(bound.get('dtype'), 'float32');
    const spec = env.model.dtype(name);
    const max = name === 'float16' ? 65504 : name === 'bfloat16' ? 3.3895313892515355e38 : 3.4028234663852886e38;
    return mkHost(new NamespaceObject('finfo', new Map<string, Value>([['min', mkFloat(-max)], ['max', mkFloat(max)], ['bits', mkInt((spec?.sizeBytes ?? 4) * 8)]])));
  },
  'nki.language.device_print': () => NONE,
  'nki.language.program_id': (env, _ctx, bound) => mkInt(env.launch.instance[toDim(bound.get('axis')) ?? 0] ?? 0),
  'nki.language.num_programs': (env, _ctx, bound) => {
    const axes = toDim(bound.get('axes'));
    return mkInt(env.launch.grid[axes ?? 0] ?? 1);
  },
  'nki.language.program_ndim': (env) => mkInt(env.launch.grid.length),
  'nki.language.nc': (_env, _ctx, bound) => bound.get('n') ?? mkInt(1),
  'nki.language.is_hbm': (_env, _ctx, bound) => mkBool(/hbm/.test(bufferOf(bound.get('buffer') ?? bound.get('x')) ?? '')),
  'nki.language.is_sbuf': (_env, _ctx, bound) => mkBool(bufferOf(bound.get('buffer') ?? bound.get('x')) === 'sbuf'),
  'nki.language.is_psum': (_env, _ctx, bound) => mkBool(bufferOf(bound.get('buffer') ?? bound.get('x')) === 'psum'),
  'nki.language.is_on_chip': (_env, _ctx, bound) => mkBool(ON_CHIP.has(bufferOf(bound.get('buffer') ?? bound.get('x')) ?? 'hbm')),
  'nki.isa.get_nc_version': (env) => mkHost(new EnumMemberObject('nki.isa.nc_version', `gen${env.model.targetInfo.ncVersion}`, env.model.targetInfo.ncVersion)),
  'nki.jit': decorator,
  'nki.trace': decorator,
  'nki.baremetal': decorator,
  'nki.benchmark': decorator,
  'nki.profile': decorator,
  'nki.compiler.skip_middle_end_transformations': decorator,
  'nki.compiler.enable_stack_allocator': decorator,
  'nki.compiler.force_auto_alloc': decorator,
  'nki.simulate': (_env, _ctx, bound, _e, varargs) => bound.get('kernel') ?? varargs?.[0] ?? NONE,
  'nki.typing.tensor[]': () => mkUnknown('type annotation'),
  'nki.typing.mutable_tensor[]': () => mkUnknown('type annotation'),
};
