/**
 * `dataclasses`: `@dataclass` (with `init`, `repr`, `eq`, `order`, `frozen`), `field()`,
 * `fields()`, `asdict()`, `replace()`, `is_dataclass()`. Fields come from the class's
 * `__annotations__` (recorded by AnnAssign in class bodies) after those of dataclass bases;
 * `ClassVar` annotations are skipped. Generated methods are natives bound like any method.
 */
import { callValue } from '../calls';
import { PyDict } from '../dict';
import { exceptionClass } from '../exceptions';
import type { Interp } from '../interp';
import { native } from '../native';
import { hashValue, pyEquals, repr, richCompare, truthy } from '../ops';
import { lookupMro, makeClass, objectType } from '../types';
import type { ClassValue, InstanceValue, TupleValue, Value, DictValue } from '../values';
import { FALSE, NONE, NOT_IMPLEMENTED, TRUE, mkStr, mkTuple } from '../values';

interface FieldSpec {
  name: string;
  default?: Value;
  factory?: Value;
  init: boolean;
  repr: boolean;
  compare: boolean;
  kwOnly: boolean;
}

const FIELDS = 'dataclass_fields';

export function dataclassesModule(): Map<string, Value> {
  const m = new Map<string, Value>();
  const fieldClass = makeClass('Field', [objectType], { module: 'dataclasses' });
  const missingClass = makeClass('_MISSING_TYPE', [objectType], { module: 'dataclasses' });
  const MISSING: InstanceValue = { kind: 'instance', cls: missingClass, attrs: new Map() };
  m.set('MISSING', MISSING);
  m.set('Field', fieldClass);
  m.set('FrozenInstanceError', exceptionClass('FrozenInstanceError'));
  m.set('KW_ONLY', makeClass('KW_ONLY', [objectType], { module: 'dataclasses' }));

  m.set('field', native('field', '*, default=?, default_factory=?, init=True, repr=True, hash=None, compare=True, metadata=None, kw_only=False',
    ([dflt, factory, init, rep, , compare, , kwOnly]) => {
      const f: InstanceValue = { kind: 'instance', cls: fieldClass, attrs: new Map() };
      f.attrs.set('default', dflt ?? MISSING);
      f.attrs.set('default_factory', factory ?? MISSING);
      f.attrs.set('init', init!);
      f.attrs.set('repr', rep!);
      f.attrs.set('compare', compare!);
      f.attrs.set('kw_only', kwOnly!);
      return f;
    }));

  const process = (it: Interp, cls: ClassValue, opts: Value[]): Value => {
    const [init, rep, eq, order, , frozen] = opts.map((v) => truthy(it, v!));
    const specs = collectFields(it, cls, fieldClass, MISSING);
    cls.data ??= new Map();
    cls.data.set(FIELDS, specs);
    if (init && !cls.attrs.has('__init__')) cls.attrs.set('__init__', makeInit(cls, specs));
    if (rep && !cls.attrs.has('__repr__')) {
      cls.attrs.set('__repr__', native('__repr__', 'self, /', ([self], ctx) => {
        const o = self as InstanceValue;
        const parts = specs.filter((f) => f.repr).map((f) => `${f.name}=${repr(ctx as Interp, o.attrs.get(f.name) ?? NONE)}`);
        return mkStr(`${cls.qualname}(${parts.join(', ')})`);
      }));
    }
    const key = (o: Value) => mkTuple(specs.filter((f) => f.compare).map((f) => (o as InstanceValue).attrs.get(f.name) ?? NONE));
    const sameClass = (a: Value, b: Value) => b.kind === 'instance' && a.kind === 'instance' && b.cls === a.cls;
    if (eq && !cls.attrs.has('__eq__')) {
      cls.attrs.set('__eq__', native('__eq__', 'self, other, /', ([a, b], ctx) =>
        (sameClass(a!, b!) ? (pyEquals(ctx as Interp, key(a!), key(b!)) ? TRUE : FALSE) : NOT_IMPLEMENTED)));
    }
    if (order) {
      for (const [name, op] of [['__lt__', '<'], ['__le__', '<='], ['__gt__', '>'], ['__ge__', '>=']] as const) {
        cls.attrs.set(name, native(name, 'self, other, /', ([a, b], ctx) =>
          (sameClass(a!, b!) ? richCompare(ctx as Interp, op, key(a!), key(b!)) : NOT_IMPLEMENTED)));
      }
    }
    if (frozen) {
      cls.frozen = true;
      cls.attrs.set('__hash__', native('__hash__', 'self, /', ([a], ctx) => hashValue(ctx as Interp, key(a!))));
    } else if (eq && !cls.attrs.has('__hash__')) {
      // Python: a generated __eq__ without frozen makes instances unhashable.
      cls.attrs.set('__hash__', NONE);
    }
    return cls;
  };

  const optsSig = '*, init=True, repr=True, eq=True, order=False, unsafe_hash=False, frozen=False, match_args=True, kw_only=False, slots=False';
  m.set('dataclass', native('dataclass', `cls=None, /, ${optsSig}`, ([cls, ...opts], ctx) => {
    const it = ctx as Interp;
    if (cls!.kind === 'class') return process(it, cls as ClassValue, opts);
    return native('dataclass', 'cls, /', ([c], ctx2) => process(ctx2 as Interp, c as ClassValue, opts));
  }));

  m.set('fields', native('fields', 'class_or_instance, /', ([x], ctx) => {
    const cls = x!.kind === 'class' ? x : x!.kind === 'instance' ? x.cls : undefined;
    const specs = cls?.data?.get(FIELDS) as FieldSpec[] | undefined;
    if (specs === undefined) return (ctx as Interp).raise('TypeError', 'must be called with a dataclass type or instance');
    return mkTuple(specs.map((f) => {
      const o: InstanceValue = { kind: 'instance', cls: fieldClass, attrs: new Map() };
      o.attrs.set('name', mkStr(f.name));
      o.attrs.set('default', f.default ?? MISSING);
      o.attrs.set('default_factory', f.factory ?? MISSING);
      return o;
    }));
  }));
  m.set('is_dataclass', native('is_dataclass', 'obj, /', ([x]) => {
    const cls = x!.kind === 'class' ? x : x!.kind === 'instance' ? x.cls : undefined;
    return cls?.mro.some((c) => c.data?.has(FIELDS)) ? TRUE : FALSE;
  }));
  m.set('asdict', native('asdict', 'obj, /', ([x], ctx) => asdict(ctx as Interp, x!)));
  m.set('replace', native('replace', 'obj, /, **changes', ([x, changes], ctx) => {
    const it = ctx as Interp;
    const o = x as InstanceValue;
    const specs = (o.cls.data?.get(FIELDS) as FieldSpec[] | undefined) ?? [];
    const kwargs = new Map<string, Value>();
    for (const f of specs) if (f.init) kwargs.set(f.name, o.attrs.get(f.name) ?? NONE);
    for (const e of (changes as DictValue).table.entries()) kwargs.set((e.key as { value: string }).value, e.value);
    return callValue(it, o.cls, [], kwargs);
  }));
  return m;
}

function collectFields(it: Interp, cls: ClassValue, fieldClass: ClassValue, MISSING: Value): FieldSpec[] {
  const out: FieldSpec[] = [];
  for (const base of [...cls.mro].reverse().slice(0, -1)) {
    const inherited = base.data?.get(FIELDS) as FieldSpec[] | undefined;
    if (inherited) for (const f of inherited) upsert(out, f);
  }
  const ann = cls.attrs.get('__annotations__');
  if (ann?.kind !== 'dict') return out;
  let kwOnly = false;
  for (const e of ann.table.entries()) {
    const name = (e.key as { value: string }).value;
    const t = e.value;
    if (t.kind === 'class' && t.name === 'ClassVar') continue;
    if (t.kind === 'class' && t.name === 'KW_ONLY') { kwOnly = true; continue; }
    const spec: FieldSpec = { name, init: true, repr: true, compare: true, kwOnly };
    const v = cls.attrs.get(name);
    if (v !== undefined && v.kind === 'instance' && v.cls === fieldClass) {
      const d = v.attrs.get('default')!, f = v.attrs.get('default_factory')!;
      if (d !== MISSING) { spec.default = d; cls.attrs.set(name, d); } else cls.attrs.delete(name);
      if (f !== MISSING) spec.factory = f;
      spec.init = truthy(it, v.attrs.get('init')!);
      spec.repr = truthy(it, v.attrs.get('repr')!);
      spec.compare = truthy(it, v.attrs.get('compare')!);
      spec.kwOnly ||= truthy(it, v.attrs.get('kw_only')!);
    } else if (v !== undefined) {
      if (v.kind === 'list' || v.kind === 'dict' || v.kind === 'set') {
        it.raise('ValueError', `mutable default ${repr(it, v)} for field ${name} is not allowed: use default_factory`);
      }
      spec.default = v;
    }
    upsert(out, spec);
  }
  return out;
}

function upsert(list: FieldSpec[], f: FieldSpec): void {
  const i = list.findIndex((x) => x.name === f.name);
  if (i >= 0) list[i] = f; else list.push(f);
}

function makeInit(cls: ClassValue, specs: FieldSpec[]): Value {
  return native('__init__', 'self, /, *args, **kwargs', ([self, args, kwargs], ctx) => {
    const it = ctx as Interp;
    const o = self as InstanceValue;
    const pos = (args as TupleValue).items;
    const kw = (kwargs as DictValue).table;
    const initFields = specs.filter((f) => f.init);
    const positional = initFields.filter((f) => !f.kwOnly);
    if (pos.length > positional.length) {
      it.raise('TypeError', `${cls.name}.__init__() takes ${positional.length + 1} positional arguments but ${pos.length + 1} were given`);
    }
    const missing: string[] = [];
    positional.forEach((f, i) => {
      const fromKw = kw.getStr(f.name);
      if (i < pos.length && fromKw !== undefined) it.raise('TypeError', `${cls.name}.__init__() got multiple values for argument '${f.name}'`);
    });
    for (const e of kw.entries()) {
      const k = (e.key as { value: string }).value;
      if (!initFields.some((f) => f.name === k)) it.raise('TypeError', `${cls.name}.__init__() got an unexpected keyword argument '${k}'`);
    }
    for (const f of specs) {
      let v: Value | undefined;
      if (f.init) {
        const pi = positional.indexOf(f);
        v = pi >= 0 && pi < pos.length ? pos[pi] : kw.getStr(f.name);
      }
      if (v === undefined) {
        if (f.default !== undefined) v = f.default;
        else if (f.factory !== undefined) v = callValue(it, f.factory, []);
        else if (f.init) { missing.push(f.name); continue; } else continue;
      }
      o.attrs.set(f.name, v);
    }
    if (missing.length) {
      it.raise('TypeError', `${cls.name}.__init__() missing ${missing.length} required positional argument${missing.length > 1 ? 's' : ''}: ${missing.map((n) => `'${n}'`).join(' and ')}`);
    }
    const post = lookupMro(o.cls, '__post_init__');
    if (post !== undefined) callValue(it, { kind: 'boundMethod', self: o, func: post }, []);
    return NONE;
  });
}

function asdict(it: Interp, v: Value): Value {
  if (v.kind === 'instance') {
    const specs = v.cls.data?.get(FIELDS) as FieldSpec[] | undefined;
    if (specs !== undefined) {
      const t = new PyDict<Value>();
      for (const f of specs) t.set(mkStr(f.name), asdict(it, v.attrs.get(f.name) ?? NONE), it);
      return { kind: 'dict', table: t };
    }
  }
  if (v.kind === 'list') return { kind: 'list', items: v.items.map((x) => asdict(it, x)) };
  if (v.kind === 'tuple') return mkTuple(v.items.map((x) => asdict(it, x)));
  return v;
}
