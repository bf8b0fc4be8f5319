/**
 * The importable NKI modules (`nki`, `nki.language`, `nki.isa`, `nki.typing`, `nki.collectives`,
 * `nki.compiler`, and their Beta 1 spellings under `neuronxcc.nki`), built from the versioned API
 * tables, plus the parts of `numpy`, `ml_dtypes` and `torch` that kernels touch (dtypes, a few
 * scalar helpers). Every table entry of every version is present, so code written for another
 * version still traces; availability is checked where a name is used (NKI501). A name the tables
 * do not know is reported once, then behaves as an unknown value.
 */
import {
  mkFloat, mkHost, mkInt, mkStr, mkUnknown, native, NativeModuleRegistry, NONE,
  type Ctx, type HostObject, type ModuleValue, type Value,
} from '../../interp';
import { ALL_APIS } from '../../nki';
import type { ApiEntry } from '../../nki/api/types';
import type { BufferName } from '../instruction';
import { BufferObject, EnumMemberObject, EnumObject, NamespaceObject } from '../nkiValues';
import { ApiFunction, displayName } from './api';
import { numpyConstructors, numpyRandom } from '../numpyArray';
import type { NkiEnv } from './env';

const BY_MODULE = new Map<string, ApiEntry[]>();
for (const e of ALL_APIS) {
  const list = BY_MODULE.get(e.module) ?? [];
  list.push(e);
  BY_MODULE.set(e.module, list);
}

const NKI_MODULES = ['nki', 'nki.language', 'nki.isa', 'nki.typing', 'nki.collectives', 'nki.compiler', 'nki.language.constants', 'nki.isa.constants'];

function shortName(qualified: string): string {
  return qualified.slice(qualified.lastIndexOf('.') + 1);
}

/** The value a table entry denotes inside a module. */
function entryValue(env: NkiEnv, entry: ApiEntry, ctx: Ctx, legacyPrefix: string): Value {
  const short = shortName(entry.name);
  switch (entry.kind) {
    case 'dtype': return env.dtypeValue(short);
    case 'buffer': return env.bufferValue(short as BufferName);
    case 'enum': {
      const members = new Map((entry.members ?? []).map((m) => [m.name, new EnumMemberObject(entry.name, m.name, m.value)]));
      return mkHost(new EnumObject(entry.name, members));
    }
    case 'module': return mkHost(namespaceFor(env, entry.name, ctx, legacyPrefix, entry.opaque));
    case 'namespace': {
      if (entry.name === 'nki.compiler.sbuf' || entry.name === 'nki.compiler.psum') return mkHost(new BufferObject(short as BufferName));
      if (entry.name === 'nki.language.mgrid') return mkHost(new ApiFunction(env, entry.name, entry));
      return mkHost(namespaceFor(env, entry.name, ctx, legacyPrefix));
    }
    case 'constant': {
      if (entry.module === 'nki.language.tile_size') {
        const v = env.model.tileSize[short];
        return v === undefined ? mkUnknown(`nl.tile_size.${short} is not defined for ${env.model.label}`) : mkInt(v);
      }
      if (entry.name === 'nki.language.fp32.min') return mkFloat(-3.4028234663852886e38);
      if (entry.name === 'nki.language.fp32.max') return mkFloat(3.4028234663852886e38);
      const engine = /^nki\.isa\.(tensor|vector|scalar|gpsimd|unknown)_engine$/.exec(entry.name);
      if (engine) return mkHost(new EnumMemberObject('nki.isa.engine', engine[1], undefined));
      return mkHost(new ApiFunction(env, entry.name, entry));
    }
    case 'class':
      if (entry.name === 'nki.language.NKIObject') return env.nkiObjectClass(ctx);
      return mkHost(new ApiFunction(env, entry.name, entry));
    default:
      return mkHost(new ApiFunction(env, entry.name, entry));
  }
}

/** Reports a name the tables do not know, once per use site, and yields an unknown. */
function missing(env: NkiEnv, moduleName: string, legacyPrefix: string, opaque: boolean | undefined) {
  return (name: string, ctx: Ctx): Value => {
    const qualified = `${moduleName}.${name}`;
    if (name.startsWith('__')) return ctx.raise('AttributeError', `module '${legacyPrefix}${moduleName}' has no attribute '${name}'`);
    if (!opaque) {
      const found = env.model.lookup(qualified);
      if (found.status === 'unknown') {
        env.session.report('NKI501', `${displayName(qualified)} is not an NKI API (not in the ${env.model.label} API tables).`, ctx);
      }
    }
    return mkUnknown(`${displayName(qualified)} is not modelled`);
  };
}

function attrsFor(env: NkiEnv, moduleName: string, ctx: Ctx, legacyPrefix: string): Map<string, Value> {
  const attrs = new Map<string, Value>();
  for (const entry of BY_MODULE.get(moduleName) ?? []) {
    if (entry.kind === 'enum-member') continue;
    attrs.set(shortName(entry.name), entryValue(env, entry, ctx, legacyPrefix));
    for (const alias of entry.aliases ?? []) {
      if (alias.startsWith(`${moduleName}.`) && !alias.slice(moduleName.length + 1).includes('.')) attrs.set(shortName(alias), attrs.get(shortName(entry.name))!);
    }
  }
  return attrs;
}

function namespaceFor(env: NkiEnv, name: string, ctx: Ctx, legacyPrefix: string, opaque?: boolean): NamespaceObject {
  return new NamespaceObject(name, attrsFor(env, name, ctx, legacyPrefix), missing(env, name, legacyPrefix, opaque));
}

function moduleFactory(env: NkiEnv, moduleName: string, legacyPrefix: string) {
  return (ctx: Ctx): Map<string, Value> => {
    const attrs = attrsFor(env, moduleName, ctx, legacyPrefix);
    const onMissing = missing(env, moduleName, legacyPrefix, false);
    attrs.set('__getattr__', native('__getattr__', 'name', ([n], c) => onMissing(n.kind === 'str' ? n.value : '?', c)));
    return attrs;
  };
}

// ---------------------------------------------------------------------------------------------
// numpy, ml_dtypes, torch: only what kernel files use at trace time.

const NUMPY_DTYPES: Record<string, string> = {
  float32: 'float32', float16: 'float16', float64: 'float32', half: 'float16', single: 'float32', double: 'float32',
  int8: 'int8', int16: 'int16', int32: 'int32', int64: 'int32', uint8: 'uint8', uint16: 'uint16', uint32: 'uint32', uint64: 'uint32',
  bool_: 'bool_', bfloat16: 'bfloat16', float8_e4m3: 'float8_e4m3', float8_e5m2: 'float8_e5m2', float8_e4m3fn: 'float8_e4m3fn',
};

function mathFn(name: string, f: (x: number) => number): Value {
  return native(name, 'x, *args, **kwargs', ([x]) => {
    if (x.kind === 'int' || x.kind === 'float' || x.kind === 'bool') {
      const v = f(Number(x.value));
      return Number.isInteger(v) && x.kind !== 'float' && name !== 'sqrt' && name !== 'exp' && name !== 'log2' && name !== 'log' ? mkInt(v) : mkFloat(v);
    }
    if (x.kind === 'tuple' || x.kind === 'list') return mkUnknown(`np.${name} of a sequence`);
    return mkUnknown(`np.${name} of a non-scalar`);
  });
}

const NUMPY_BINARY_UFUNCS: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b, subtract: (a, b) => a - b, multiply: (a, b) => a * b, divide: (a, b) => a / b,
  maximum: Math.max, minimum: Math.min, max: Math.max, min: Math.min, power: (a, b) => a ** b, sum: (a, b) => a + b,
};

/**
 * A NumPy ufunc as a value: usable as an NKI op (`qualifiedName` names it, as for `nl.add`),
 * callable on Python scalars and sequences; its attributes (`np.add.reduce`) are unknown values.
 */
class NumpyUfunc implements HostObject {
  readonly typeName = 'ufunc';
  readonly qualifiedName: string;
  constructor(readonly name: string, readonly f: (a: number, b: number) => number) {
    this.qualifiedName = `numpy.${name}`;
  }
  call(args: Value[]): Value {
    const nums = (v: Value | undefined): number[] | undefined => {
      if (v?.kind === 'int' || v?.kind === 'float') return [Number(v.value)];
      if ((v?.kind === 'tuple' || v?.kind === 'list') && v.items.every((i) => i.kind === 'int' || i.kind === 'float')) return v.items.map((i) => Number((i as { value: number | bigint }).value));
      return undefined;
    };
    const [x, y] = args;
    const a = nums(x);
    if (y === undefined && a && a.length > 0) return mkFloat(a.reduce(this.f));
    const b = nums(y);
    if (a?.length === 1 && b?.length === 1) return mkFloat(this.f(a[0], b[0]));
    return mkUnknown(`np.${this.name} of non-scalars`);
  }
  getAttr(name: string): Value {
    return mkUnknown(`np.${this.name}.${name} is not modelled`);
  }
  repr(): string { return `<ufunc '${this.name}'>`; }
}

function numpyModule(env: NkiEnv, foreign: string) {
  return (): Map<string, Value> => {
    const attrs = new Map<string, Value>();
    for (const [name, dtype] of Object.entries(NUMPY_DTYPES)) attrs.set(name, env.dtypeValue(dtype, foreign));
    if (foreign !== 'np') return attrs;
    attrs.set('pi', mkFloat(Math.PI));
    attrs.set('e', mkFloat(Math.E));
    attrs.set('inf', mkFloat(Infinity));
    attrs.set('nan', mkFloat(NaN));
    attrs.set('newaxis', NONE);
    for (const [name, f] of Object.entries({
      sqrt: Math.sqrt, exp: Math.exp, log: Math.log, log2: Math.log2, abs: Math.abs, ceil: Math.ceil, floor: Math.floor,
      tanh: Math.tanh, sin: Math.sin, cos: Math.cos, square: (x: number) => x * x, reciprocal: (x: number) => 1 / x,
    })) attrs.set(name, mathFn(name, f));
    // Beta 1 accepted NumPy ufuncs as instruction ops (`op=np.add`): their names are the op names.
    for (const [name, f] of Object.entries(NUMPY_BINARY_UFUNCS)) attrs.set(name, mkHost(new NumpyUfunc(name, f)));
    attrs.set('prod', native('prod', 'a, *args, **kwargs', ([a]) => {
      const items = a.kind === 'tuple' || a.kind === 'list' ? a.items : [a];
      let p = 1;
      for (const i of items) { if (i.kind !== 'int') return mkUnknown('np.prod of unknown values'); p *= Number(i.value); }
      return mkInt(p);
    }));
    const finfo = (min: number, max: number, eps: number) => mkHost(new NamespaceObject('finfo', new Map([['min', mkFloat(min)], ['max', mkFloat(max)], ['eps', mkFloat(eps)], ['tiny', mkFloat(1.1754943508222875e-38)]])));
    attrs.set('finfo', native('finfo', 'dtype', ([d]) => {
      const n = d.kind === 'host' && 'dtypeName' in d.obj ? (d.obj as { dtypeName: string }).dtypeName : 'float32';
      if (n === 'float16') return finfo(-65504, 65504, 0.0009765625);
      if (n === 'bfloat16') return finfo(-3.3895313892515355e38, 3.3895313892515355e38, 0.0078125);
      return finfo(-3.4028234663852886e38, 3.4028234663852886e38, 1.1920928955078125e-7);
    }));
    attrs.set('iinfo', native('iinfo', 'dtype', ([d]) => {
      const n = d.kind === 'host' && 'dtypeName' in d.obj ? (d.obj as { dtypeName: string }).dtypeName : 'int32';
      const bits = Number(/\d+/.exec(n)?.[0] ?? 32);
      const signed = !n.startsWith('u');
      const min = signed ? -(2 ** (bits - 1)) : 0;
      const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
      return mkHost(new NamespaceObject('iinfo', new Map([['min', mkInt(min)], ['max', mkInt(max)], ['bits', mkInt(bits)]])));
    }));
    attrs.set('dtype', native('dtype', 'x', ([x]) => (x.kind === 'str' && NUMPY_DTYPES[x.value] ? env.dtypeValue(NUMPY_DTYPES[x.value], 'np') : x)));
    for (const [name, fn] of Object.entries(numpyConstructors())) attrs.set(name, fn);
    attrs.set('random', mkHost(new NamespaceObject('numpy.random', new Map(Object.entries(numpyRandom())), (n) => mkUnknown(`numpy.random.${n} is not modelled`))));
    attrs.set('__getattr__', native('__getattr__', 'name', ([n]) => mkUnknown(`numpy.${n.kind === 'str' ? n.value : '?'} is not modelled`)));
    return attrs;
  };
}

function torchModule(env: NkiEnv) {
  return (): Map<string, Value> => {
    const attrs = new Map<string, Value>();
    for (const [name, dtype] of Object.entries({ float32: 'float32', float: 'float32', float16: 'float16', half: 'float16', bfloat16: 'bfloat16', int8: 'int8', int16: 'int16', int32: 'int32', int64: 'int32', uint8: 'uint8', bool: 'bool_', float8_e4m3fn: 'float8_e4m3fn', float8_e5m2: 'float8_e5m2' })) {
      attrs.set(name, env.dtypeValue(dtype, 'torch'));
    }
    attrs.set('__getattr__', native('__getattr__', 'name', ([n]) => mkUnknown(`torch.${n.kind === 'str' ? n.value : '?'} is not modelled`)));
    return attrs;
  };
}

/**
 * Host-side modules kernel files import for their test drivers and tooling. Importing them is
 * silent; anything used from them is an unknown value (a kernel that really depends on one
 * records a gap where it does).
 */
const HOST_ONLY_MODULES = [
  'os', 'os.path', 'sys', 'logging', 'argparse', 'tempfile', 'shutil', 'pathlib', 'time', 'json', 'subprocess', 'random',
  'unittest', 'pytest', 'warnings', 'contextlib', 'copy', 'collections', 'inspect', 'traceback', 'datetime', 'glob', 're',
  'torch.nn', 'torch.nn.functional', 'torch_xla', 'torch_xla.core', 'torch_xla.core.xla_model', 'torch_neuronx', 'jax', 'jax.numpy',
  'jax_neuronx', 'neuronxcc', 'neuronxcc.starfish', 'nki_cpu_simulator', 'importlib', 'importlib.util', 'pkgutil', 'abc',
];

/** A registry with the standard natives plus NKI, numpy, ml_dtypes and torch for this trace. */
export function nkiRegistry(base: NativeModuleRegistry, env: NkiEnv): NativeModuleRegistry {
  const registry = base.clone();
  for (const name of NKI_MODULES) {
    registry.define(name, moduleFactory(env, name, ''));
    registry.define(`neuronxcc.${name}`, moduleFactory(env, name, 'neuronxcc.'));
  }
  // Beta 1 spellings that are not plain prefixes.
  registry.define('neuronxcc.nki.nccl', () => new Map([['__getattr__', native('__getattr__', 'name', () => mkUnknown('nccl is not modelled'))]]));
  registry.define('numpy', numpyModule(env, 'np'));
  registry.define('numpy.random', () => new Map(Object.entries(numpyRandom())));
  registry.define('ml_dtypes', numpyModule(env, 'ml_dtypes'));
  registry.define('torch', torchModule(env));
  for (const name of HOST_ONLY_MODULES) {
    if (registry.has(name)) continue;
    registry.define(name, () => new Map([['__getattr__', native('__getattr__', 'name', ([n]) => mkUnknown(`${name}.${n.kind === 'str' ? n.value : '?'} (host-side module)`))]]));
  }
  return registry;
}

export { mkStr };
export type { ModuleValue };
