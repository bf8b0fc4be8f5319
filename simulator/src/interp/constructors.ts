/**
 * What calling a builtin type does: `int(x, base)`, `float(s)`, `str(v)`, `list(it)`,
 * `dict(pairs, **kw)`, `range(...)`, `slice(...)`, `type(v)`, `property(...)`, `super()`...
 * Each is installed as the type object's `construct`, so user subclasses of builtin classes reach
 * it through the MRO.
 */
import { getAttr } from './attrs';
import { callValue } from './calls';
import { PyDict } from './dict';
import { BindError, bindArgs, parseSignature } from './signature';
import { mergeMapping } from './eval';
import type { Interp } from './interp';
import * as I from './ints';
import { concrete, expectFloat, expectSmallInt } from './native';
import { floatValue, indexValue, repr, str, truthOf } from './ops';
import { toArray } from './sequences';
import {
  boolType, classmethodType, dictType, floatType, frozensetType, intType, listType, lookupMro, propertyType, rangeType, setType, sliceType, staticmethodType, strType, superType, tupleType, typeOf, typeType,
} from './types';
import type { ClassValue, Value } from './values';
import { NONE, kindName, mkBool, mkFloat, mkInt, mkIntFrom, mkList, mkStr, mkTuple, mkUnknown } from './values';
import './object';


// ---------------------------------------------------------------------------------------------
// Type constructors

intType.construct = (_cls, args, kwargs, it) => {
  const [x, base] = bindCtor(it as Interp, 'int', 'x=0, /, base=?', args, kwargs);
  return toInt(it as Interp, x!, base);
};

/** Binds a constructor call's arguments to a signature (TypeError on mismatch). */
function bindCtor(it: Interp, name: string, sig: string, args: Value[], kwargs: Map<string, Value> | undefined): Value[] {
  try {
    return bindArgs(name, parseSignature(sig), args, kwargs, it);
  } catch (e) {
    if (e instanceof BindError) it.raise('TypeError', e.message);
    throw e;
  }
}

export function toInt(it: Interp, x: Value, base: Value | undefined): Value {
  if (base !== undefined) {
    const b = expectSmallInt(it, base, 'int() base');
    if (x.kind !== 'str') it.raise('TypeError', "int() can't convert non-string with explicit base");
    const r = I.parseIntLiteral((x as { value: string }).value, b);
    if (r === undefined) it.raise('ValueError', `invalid literal for int() with base ${b}: ${repr(it, x)}`);
    return mkIntFrom(r!);
  }
  switch (x.kind) {
    case 'int': return x;
    case 'bool': return mkInt(x.value ? 1 : 0);
    case 'float':
      if (Number.isNaN(x.value)) it.raise('ValueError', 'cannot convert float NaN to integer');
      if (!Number.isFinite(x.value)) it.raise('OverflowError', 'cannot convert float infinity to integer');
      return mkIntFrom(I.intFromFloat(x.value));
    case 'str': {
      const r = I.parseIntLiteral(x.value, 10);
      if (r === undefined) it.raise('ValueError', `invalid literal for int() with base 10: ${repr(it, x)}`);
      return mkIntFrom(r!);
    }
    case 'unknown': return x;
    default: {
      if (x.kind === 'instance') {
        const m = lookupMro(x.cls, '__int__');
        if (m !== undefined) return callValue(it, getAttr(it, x, '__int__'), []);
      }
      const i = indexValue(it, x);
      if (i !== undefined) return mkIntFrom(i);
      const f = floatValue(it, x);
      if (f !== undefined) return mkIntFrom(I.intFromFloat(f));
      return it.raise('TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${kindName(x)}'`);
    }
  }
}

floatType.construct = (_cls, args, kwargs, ctx) => {
  const it = ctx as Interp;
  const [x] = bindCtor(it, 'float', 'x=0.0, /', args, kwargs);
  return toFloat(it, x!);
};

export function toFloat(it: Interp, x: Value): Value {
  switch (x.kind) {
    case 'float': return x;
    case 'str': {
      const t = x.value.trim().toLowerCase().replace(/_/g, '');
      const special: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '-infinity': -Infinity, nan: NaN, '+nan': NaN, '-nan': NaN };
      if (t in special) return mkFloat(special[t]!);
      if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(t)) it.raise('ValueError', `could not convert string to float: ${repr(it, x)}`);
      return mkFloat(Number(t));
    }
    case 'unknown': return x;
    default: return mkFloat(expectFloat(it, x, 'float() argument'));
  }
}

boolType.construct = (_cls, args, kwargs, ctx) => {
  const it = ctx as Interp;
  const [x] = bindCtor(it, 'bool', 'x=False, /', args, kwargs);
  const t = truthOf(it, x!);
  return t === undefined ? (x!.kind === 'unknown' ? x! : mkUnknown('truth value of an unknown value')) : mkBool(t);
};

strType.construct = (_cls, args, kwargs, ctx) => {
  const it = ctx as Interp;
  const [x] = bindCtor(it, 'str', "object='', /", args, kwargs);
  return x!.kind === 'str' ? x! : mkStr(str(it, x!));
};

tupleType.construct = (_cls, args, kwargs, ctx) => {
  const it = ctx as Interp;
  const [x] = bindCtor(it, 'tuple', 'iterable=?, /', args, kwargs);
  if (x === undefined) return mkTuple([]);
  if (x.kind === 'tuple') return x;
  return mkTuple(toArray(it, concrete(x)));
};

listType.construct = (_cls, args, kwargs, ctx) => {
  const it = ctx as Interp;
  const [x] = bindCtor(it, 'list', 'iterable=?, /', args, kwargs);
  return mkList(x === undefined ? [] : toArray(it, concrete(x)));
};

dictType.construct = (_cls, args, kwargs, ctx) => {
  const it = ctx as Interp;
  const [x, kw] = bindCtor(it, 'dict', 'iterable=?, /, **kwargs', args, kwargs);
  const t = new PyDict<Value>();
  if (x !== undefined) dictUpdate(it, t, concrete(x));
  if (kw !== undefined && kw.kind === 'dict') for (const e of kw.table.entries()) t.set(e.key, e.value, it);
  return { kind: 'dict', table: t };
};

/** `dict.update(x)`: a mapping, or an iterable of key/value pairs. */
export function dictUpdate(it: Interp, t: PyDict<Value>, x: Value): void {
  if (x.kind === 'dict' || (x.kind === 'instance' && lookupMro(x.cls, 'keys') !== undefined)) { mergeMapping(it, t, x); return; }
  for (const pair of toArray(it, x)) {
    const kv = toArray(it, concrete(pair));
    if (kv.length !== 2) it.raise('ValueError', `dictionary update sequence element has length ${kv.length}; 2 is required`);
    t.set(kv[0]!, kv[1]!, it);
  }
}

function makeSet(it: Interp, x: Value | undefined, frozen: boolean): Value {
  const t = new PyDict<Value>();
  if (x !== undefined) for (const v of toArray(it, concrete(x))) t.set(v, NONE, it);
  return { kind: 'set', table: t, frozen };
}
setType.construct = (_cls, args, kwargs, ctx) => makeSet(ctx as Interp, bindCtor(ctx as Interp, 'set', 'iterable=?, /', args, kwargs)[0], false);
frozensetType.construct = (_cls, args, kwargs, ctx) => makeSet(ctx as Interp, bindCtor(ctx as Interp, 'frozenset', 'iterable=?, /', args, kwargs)[0], true);

rangeType.construct = (_cls, args, kwargs, ctx) => {
  const it = ctx as Interp;
  const [a, b, c] = bindCtor(it, 'range', 'start, stop=?, step=?, /', args, kwargs);
  for (const v of [a, b, c]) {
    if (v !== undefined && v.kind === 'unknown') return mkUnknown(`range with an unknown bound (${v.reason})`, it.span);
  }
  const n = (v: Value) => expectSmallInt(it, v, `'${kindName(v)}' object cannot be interpreted as an integer; range argument`);
  const start = b === undefined ? 0 : n(a!);
  const stop = b === undefined ? n(a!) : n(b);
  const step = c === undefined ? 1 : n(c);
  if (step === 0) it.raise('ValueError', 'range() arg 3 must not be zero');
  return { kind: 'range', start, stop, step };
};

sliceType.construct = (_cls, args, kwargs, ctx) => {
  const [a, b, c] = bindCtor(ctx as Interp, 'slice', 'start, stop=?, step=None, /', args, kwargs);
  if (b === undefined) return { kind: 'slice', start: NONE, stop: a!, step: NONE };
  return { kind: 'slice', start: a!, stop: b, step: c! };
};

typeType.construct = (_cls, args, _kwargs, ctx) => {
  const it = ctx as Interp;
  if (args.length === 1) return typeOf(args[0]!);
  it.gap('type() with three arguments is not supported');
  return mkUnknown('dynamically created class');
};

propertyType.construct = (_cls, args, kwargs, ctx) => {
  const [fget, fset, fdel] = bindCtor(ctx as Interp, 'property', 'fget=None, fset=None, fdel=None, doc=None', args, kwargs);
  const opt = (v: Value | undefined) => (v === undefined || v.kind === 'none' ? undefined : v);
  return { kind: 'property', fget: opt(fget), fset: opt(fset), fdel: opt(fdel) };
};
staticmethodType.construct = (_cls, args, kwargs, ctx) => ({ kind: 'staticmethod', func: bindCtor(ctx as Interp, 'staticmethod', 'function, /', args, kwargs)[0]! });
classmethodType.construct = (_cls, args, kwargs, ctx) => ({ kind: 'classmethod', func: bindCtor(ctx as Interp, 'classmethod', 'function, /', args, kwargs)[0]! });

superType.construct = (_cls, args, _kwargs, ctx) => {
  const it = ctx as Interp;
  if (args.length >= 1) {
    const cls = args[0]!;
    if (cls.kind !== 'class') it.raise('TypeError', 'super() argument 1 must be a type');
    const self = args[1] ?? NONE;
    return { kind: 'super', cls: cls as ClassValue, self };
  }
  // Zero-argument form: the class the running method was defined in, and its first argument.
  for (let i = it.frames.length - 1; i >= 0; i--) {
    const f = it.frames[i]!;
    if (f.fn === undefined) continue;
    const owner = f.fn.ownerClass;
    const first = f.fn.params[0];
    if (owner === undefined || first === undefined) break;
    const self = f.scope.vars.get(first.name);
    if (self === undefined) break;
    return { kind: 'super', cls: owner, self };
  }
  return it.raise('RuntimeError', 'super(): no arguments');
};
