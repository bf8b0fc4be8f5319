/**
 * The small NKI values kernels pass around, as interpreter host objects: dtypes, buffers, enum
 * members, `nl.tile_size`, `nl.ds(...)`, `nl.par_dim(...)`, launchable kernels, and the loop
 * iterables (`nl.affine_range` and friends). Each is plain data plus the Python protocol it
 * needs; none emits instructions.
 */
import {
  mkBool, mkFloat, mkHost, mkInt, mkStr, mkUnknown, type Ctx, type HostObject, type Kwargs, type RichCompareOp, type Value,
} from '../interp';
import { dimValue, toDim } from './convert';
import type { Dim } from './indexing';
import type { BufferName } from './instruction';

export class DtypeObject implements HostObject {
  readonly typeName = 'dtype';
  /** `foreign` marks numpy/torch spellings (rule NKI402 inside kernels). */
  constructor(readonly dtypeName: string, readonly sizeBytes: number, readonly foreign?: string) {}
  getAttr(name: string): Value | undefined {
    if (name === 'itemsize') return mkInt(this.sizeBytes);
    if (name === 'name') return mkStr(this.dtypeName);
    if (name === 'type') return mkHost(this);
    return undefined;
  }
  /** `np.float32(1.5)` converts a scalar. */
  call(args: Value[]): Value {
    const v = args[0];
    if (!v) return mkFloat(0);
    const kind = /^(u?int|bool)/.test(this.dtypeName) ? 'int' : 'float';
    if (v.kind === 'int' || v.kind === 'float' || v.kind === 'bool') {
      const x = typeof v.value === 'bigint' ? Number(v.value) : Number(v.value);
      return kind === 'int' ? mkInt(Math.trunc(x)) : mkFloat(this.dtypeName === 'float32' ? Math.fround(x) : x);
    }
    return mkUnknown(`${this.dtypeName}() of a non-scalar`);
  }
  equals(other: Value): boolean {
    return other.kind === 'host' && other.obj instanceof DtypeObject && other.obj.dtypeName === this.dtypeName;
  }
  hash(): string { return `dtype:${this.dtypeName}`; }
  repr(): string { return this.foreign ? `${this.foreign}.${this.dtypeName}` : `nl.${this.dtypeName}`; }
  str(): string { return this.dtypeName; }
}

export class BufferObject implements HostObject {
  readonly typeName = 'buffer';
  constructor(readonly bufferName: BufferName) {}
  /** Beta 1 allocation helpers (`nl.sbuf.mod_alloc(...)`, `ncc.psum.alloc(...)`) still denote the buffer. */
  getAttr(name: string): Value | undefined {
    if (name === 'name') return mkStr(this.bufferName);
    return mkHost(new BufferAllocator(this));
  }
  equals(other: Value): boolean {
    return other.kind === 'host' && other.obj instanceof BufferObject && other.obj.bufferName === this.bufferName;
  }
  hash(): string { return `buffer:${this.bufferName}`; }
  repr(): string { return `nl.${this.bufferName}`; }
}

/** `ncc.sbuf.mod_alloc(base_addr=...)`: the result is used as `buffer=` and means that buffer. */
class BufferAllocator implements HostObject {
  readonly typeName = 'buffer_allocator';
  constructor(readonly buffer: BufferObject) {}
  call(): Value { return mkHost(this.buffer); }
}

/** `buffer=ncc.sbuf.mod_alloc(...)` and friends: the kernel allocates the tile itself. */
export function isExplicitAllocation(v: Value | undefined): boolean {
  return v?.kind === 'host' && v.obj instanceof BufferAllocator;
}

export function bufferOf(v: Value | undefined): BufferName | undefined {
  if (v?.kind === 'host' && v.obj instanceof BufferObject) return v.obj.bufferName;
  if (v?.kind === 'host' && v.obj instanceof BufferAllocator) return v.obj.buffer.bufferName;
  return undefined;
}

export class EnumMemberObject implements HostObject {
  readonly typeName: string;
  constructor(readonly enumName: string, readonly member: string, readonly value: number | string | undefined) {
    this.typeName = enumName.slice(enumName.lastIndexOf('.') + 1);
  }
  getAttr(name: string): Value | undefined {
    if (name === 'name') return mkStr(this.member);
    if (name === 'value') return typeof this.value === 'number' ? mkInt(this.value) : mkStr(String(this.value ?? this.member));
    return undefined;
  }
  index(): Value { return typeof this.value === 'number' ? mkInt(this.value) : mkUnknown(`${this.enumName}.${this.member} has no integer value`); }
  equals(other: Value): boolean {
    return other.kind === 'host' && other.obj instanceof EnumMemberObject && other.obj.enumName === this.enumName && other.obj.member === this.member;
  }
  hash(): string { return `enum:${this.enumName}.${this.member}`; }
  /** Ordered comparisons of integer-valued members (`nisa.get_nc_version() >= nisa.nc_version.gen3`). */
  compare(op: RichCompareOp, other: Value): Value | undefined {
    if (op === '==' || op === '!=') return mkBool(this.equals(other) === (op === '=='));
    const o = other.kind === 'host' && other.obj instanceof EnumMemberObject ? other.obj.value : other.kind === 'int' ? Number(other.value) : undefined;
    if (typeof this.value !== 'number' || typeof o !== 'number') return undefined;
    const a = this.value;
    return mkBool(op === '<' ? a < o : op === '<=' ? a <= o : op === '>' ? a > o : a >= o);
  }
  repr(): string { return `${this.enumName.replace(/^nki\.isa\./, 'nisa.')}.${this.member}`; }
}

export class EnumObject implements HostObject {
  readonly typeName = 'enum';
  constructor(readonly enumName: string, readonly members: Map<string, EnumMemberObject>) {}
  getAttr(name: string): Value | undefined {
    const m = this.members.get(name);
    return m ? mkHost(m) : undefined;
  }
  iterate(): Iterable<Value> { return [...this.members.values()].map((m) => mkHost(m)); }
  repr(): string { return this.enumName; }
}

/** `nl.tile_size`, `nl.fp32` and other attribute bags. */
export class NamespaceObject implements HostObject {
  readonly typeName = 'namespace';
  constructor(readonly qualifiedName: string, readonly attrs: Map<string, Value>, readonly onMissing?: (name: string, ctx: Ctx) => Value) {}
  getAttr(name: string, ctx: Ctx): Value | undefined {
    return this.attrs.get(name) ?? this.onMissing?.(name, ctx);
  }
  repr(): string { return this.qualifiedName; }
}

/** `nl.ds(start, size)`: a dynamic slice `start:start+size`. */
export class DynamicSlice implements HostObject {
  readonly typeName = 'DynamicSlice';
  constructor(readonly start: Dim, readonly size: Dim) {}
  getAttr(name: string): Value | undefined {
    if (name === 'start') return dimValue(this.start);
    if (name === 'size') return dimValue(this.size);
    return undefined;
  }
  repr(): string { return `nl.ds(${this.start ?? '?'}, ${this.size ?? '?'})`; }
}

/** `nl.par_dim(n)` marks the partition dim in a Beta 1 shape; it stands for `n`. */
export class ParDim implements HostObject {
  readonly typeName = 'par_dim';
  constructor(readonly size: Value) {}
  index(): Value { return this.size; }
  repr(): string { return `nl.par_dim(${toDim(this.size) ?? '?'})`; }
}

export type LoopKind = 'range' | 'affine_range' | 'sequential_range' | 'static_range' | 'dynamic_range';

/** `nl.affine_range(...)` and friends: iterate like `range`, remembering the loop kind. */
export class LoopRange implements HostObject {
  readonly typeName: string;
  constructor(readonly kind: LoopKind, readonly start: Dim, readonly stop: Dim, readonly step: Dim) {
    this.typeName = kind;
  }
  iterate(ctx: Ctx): Iterable<Value> {
    const { start, stop, step } = this;
    if (start === undefined || stop === undefined || step === undefined || step === 0) {
      ctx.gap(`${this.kind} with an unknown trip count: body analysed once with an unknown index`);
      return [mkUnknown(`index of a ${this.kind} loop with unknown bounds`)];
    }
    const out: Value[] = [];
    if (step > 0) for (let i = start; i < stop; i += step) out.push(mkInt(i));
    else for (let i = start; i > stop; i += step) out.push(mkInt(i));
    return out;
  }
  len(): number | Value {
    const { start, stop, step } = this;
    if (start === undefined || stop === undefined || step === undefined || step === 0) return mkUnknown('loop length unknown');
    return Math.max(0, Math.ceil((stop - start) / step));
  }
  repr(): string { return `nl.${this.kind}(${this.start ?? '?'}, ${this.stop ?? '?'}, ${this.step ?? '?'})`; }
}

/**
 * What `@nki.jit` returns: callable like the function, and subscriptable for launches
 * (`kernel[2](...)` for LNC/SPMD; Beta 1 `kernel[a, b]`). The grid is recorded for the launcher.
 */
export class KernelObject implements HostObject {
  readonly typeName = 'Kernel';
  /**
   * `runnable()` says whether a call may execute the kernel now: while the module body runs, a
   * call is a host-side launch by a test driver (with NumPy arrays), which we never execute.
   */
  constructor(readonly fn: Value, readonly decorator: string, readonly grid: Dim[] = [], readonly runnable: () => boolean = () => true) {}
  call(args: Value[], kwargs: Kwargs | undefined, ctx: Ctx): Value {
    if (!this.runnable()) return mkUnknown('a kernel launched by host code while the module loads is not executed');
    return ctx.call(this.fn, args, kwargs);
  }
  getItem(key: Value): Value {
    const dims = key.kind === 'tuple' ? key.items.map(toDim) : [toDim(key)];
    return mkHost(new KernelObject(this.fn, this.decorator, dims, this.runnable));
  }
  getAttr(name: string, ctx: Ctx): Value | undefined {
    if (name === '__wrapped__' || name === 'func') return this.fn;
    return ctx.getAttr(this.fn, name);
  }
  repr(): string { return `<nki kernel>`; }
}
