/**
 * The `builtins` namespace: functions (len, min, sorted, isinstance, print, ...), the type
 * objects (constructors in constructors.ts) and the exception classes.
 * Invariant: BUILTINS is shared by all interpreters and never mutated after start-up; per-run
 * effects (print output, gaps) go through the interpreter passed to each call.
 */
import { getAttr, hasAttr, setAttr, delAttr } from './attrs';
import { callValue } from './calls';
import { PyDict } from './dict';
import { PyException } from './errors';
import { allExceptionClasses } from './exceptions';
import type { Interp } from './interp';
import * as I from './ints';
import { concrete, expectFloat, expectInt, expectSmallInt, expectStr, native, UnknownSignal } from './native';
import {
  binaryOp, formatValue, hashValue, lessThan, pyEquals, repr, richCompare, str, truthOf, truthy, unaryOp,
} from './ops';
import { getIter, iteratorValue, pyLen, toArray } from './sequences';
import {
  boolType, classmethodType, dictType, floatType, frozensetType, intType, isSubclass, listType, lookupMro, objectType, propertyType, rangeType, setType, sliceType, staticmethodType, strType, superType, tupleType, typeOf, typeType,
} from './types';
import type { ClassValue, Value } from './values';
import {
  ELLIPSIS, FALSE, NONE, NOT_IMPLEMENTED, TRUE, kindName, mkBool, mkFloat, mkInt, mkIntFrom, mkIterator, mkList, mkStr, mkTuple, mkUnknown,
} from './values';
import './object';
import { toInt } from './constructors';

export const BUILTINS = new Map<string, Value>();

function def(name: string, sig: string, impl: (args: Value[], it: Interp) => Value, doc?: string): void {
  BUILTINS.set(name, native(name, sig, impl, doc));
}

for (const cls of [objectType, typeType, intType, boolType, floatType, strType, tupleType, listType, dictType, setType,
  frozensetType, rangeType, sliceType, propertyType, staticmethodType, classmethodType, superType]) {
  BUILTINS.set(cls.name, cls);
}
for (const [name, cls] of allExceptionClasses()) if (cls.module === 'builtins') BUILTINS.set(name, cls);
BUILTINS.set('NotImplemented', NOT_IMPLEMENTED);
BUILTINS.set('Ellipsis', ELLIPSIS);
BUILTINS.set('__debug__', TRUE);

const builtinClasses = new Map<string, ClassValue>();
for (const [k, v] of BUILTINS) if (v.kind === 'class') builtinClasses.set(k, v);
for (const [k, v] of allExceptionClasses()) builtinClasses.set(k, v);

export function builtinClassByName(name: string): ClassValue {
  const c = builtinClasses.get(name);
  if (c === undefined) throw new Error(`no builtin class ${name}`);
  return c;
}

// ---------------------------------------------------------------------------------------------
// Functions

def('len', 'obj, /', ([obj], it) => pyLen(it, obj!), 'Return the number of items in a container.');
def('repr', 'obj, /', ([obj], it) => mkStr(repr(it, obj!)));
def('ascii', 'obj, /', ([obj], it) => mkStr(repr(it, obj!)));
def('format', "value, format_spec='', /", ([v, spec], it) => mkStr(formatValue(it, v!, expectStr(it, spec!, 'format_spec'))));
def('abs', 'x, /', ([x], it) => {
  switch (x!.kind) {
    case 'int': return mkIntFrom(I.intAbs(x.value));
    case 'bool': return mkInt(x.value ? 1 : 0);
    case 'float': return mkFloat(Math.abs(x.value));
    case 'unknown': return x;
    case 'instance': {
      const m = lookupMro(x.cls, '__abs__');
      if (m !== undefined) return callValue(it, getAttr(it, x, '__abs__'), []);
      break;
    }
    default: break;
  }
  return it.raise('TypeError', `bad operand type for abs(): '${kindName(x!)}'`);
});

def('min', '*args, key=None, default=?', ([args, key, dflt], it) => extremum(it, 'min', args!, key!, dflt));
def('max', '*args, key=None, default=?', ([args, key, dflt], it) => extremum(it, 'max', args!, key!, dflt));

function extremum(it: Interp, name: string, args: Value, key: Value, dflt: Value | undefined): Value {
  const a = (args as { items: readonly Value[] }).items;
  if (a.length === 0) it.raise('TypeError', `${name} expected at least 1 argument, got 0`);
  const items = a.length === 1 ? toArray(it, concrete(a[0]!)) : a;
  if (items.length === 0) {
    if (dflt !== undefined) return dflt;
    it.raise('ValueError', `${name}() iterable argument is empty`);
  }
  const keyOf = key.kind === 'none' ? (v: Value) => v : (v: Value) => callValue(it, key, [v]);
  let best = items[0]!;
  let bestKey = keyOf(best);
  for (let i = 1; i < items.length; i++) {
    const k = keyOf(items[i]!);
    if (k.kind === 'unknown' || bestKey.kind === 'unknown') return k.kind === 'unknown' ? k : bestKey;
    if (name === 'min' ? lessThan(it, k, bestKey) : lessThan(it, bestKey, k)) { best = items[i]!; bestKey = k; }
  }
  return best;
}

def('sum', 'iterable, /, start=0', ([iterable, start], it) => {
  let acc = start!;
  const p = getIter(it, concrete(iterable!));
  for (let x = p.next(); x !== undefined; x = p.next()) acc = binaryOp(it, '+', acc, x);
  return acc;
});

def('any', 'iterable, /', ([iterable], it) => {
  let unknown: Value | undefined;
  for (const x of toArray(it, concrete(iterable!))) {
    const t = truthOf(it, x);
    if (t === true) return TRUE;
    if (t === undefined) unknown = x;
  }
  return unknown ? mkUnknown('any() over unknown values') : FALSE;
});

def('all', 'iterable, /', ([iterable], it) => {
  let unknown: Value | undefined;
  for (const x of toArray(it, concrete(iterable!))) {
    const t = truthOf(it, x);
    if (t === false) return FALSE;
    if (t === undefined) unknown = x;
  }
  return unknown ? mkUnknown('all() over unknown values') : TRUE;
});

def('enumerate', 'iterable, start=0', ([iterable, start], it) => {
  const p = getIter(it, concrete(iterable!));
  let i = expectInt(it, start!, 'enumerate start');
  return mkIterator('enumerate', () => {
    const v = p.next();
    if (v === undefined) return undefined;
    const r = mkTuple([mkIntFrom(i), v]);
    i = I.intAdd(i, 1);
    return r;
  });
});

def('zip', '*iterables, strict=False', ([iterables, strict], it) => {
  const its = (iterables as { items: readonly Value[] }).items.map((x) => getIter(it, concrete(x)));
  const isStrict = truthy(it, strict!);
  let done = false;
  return mkIterator('zip', () => {
    if (done || its.length === 0) return undefined;
    const row: Value[] = [];
    for (let k = 0; k < its.length; k++) {
      const v = its[k]!.next();
      if (v === undefined) {
        done = true;
        if (isStrict && (k > 0 || its.slice(1).some((p) => p.next() !== undefined))) {
          it.raise('ValueError', `zip() argument ${k + 1} is shorter than argument 1`);
        }
        return undefined;
      }
      row.push(v);
    }
    return mkTuple(row);
  });
});

def('map', 'function, iterable, /, *iterables', ([f, first, rest], it) => {
  const its = [first!, ...(rest as { items: readonly Value[] }).items].map((x) => getIter(it, concrete(x)));
  return mkIterator('map', () => {
    const row: Value[] = [];
    for (const p of its) { const v = p.next(); if (v === undefined) return undefined; row.push(v); }
    return callValue(it, f!, row);
  });
});

def('filter', 'function, iterable, /', ([f, iterable], it) => {
  const p = getIter(it, concrete(iterable!));
  return mkIterator('filter', () => {
    for (let v = p.next(); v !== undefined; v = p.next()) {
      if (truthy(it, f!.kind === 'none' ? v : callValue(it, f!, [v]))) return v;
    }
    return undefined;
  });
});

def('reversed', 'sequence, /', ([seq], it) => {
  const s = concrete(seq!);
  if (s.kind === 'instance' && lookupMro(s.cls, '__reversed__')) return callValue(it, getAttr(it, s, '__reversed__'), []);
  if (s.kind === 'dict' || s.kind === 'set' || s.kind === 'iterator') {
    if (s.kind !== 'dict') it.raise('TypeError', `'${kindName(s)}' object is not reversible`);
  }
  const items = toArray(it, s).reverse();
  let i = 0;
  return mkIterator('reversed', () => (i < items.length ? items[i++] : undefined));
});

def('sorted', 'iterable, /, *, key=None, reverse=False', ([iterable, key, reverse], it) => {
  const items = toArray(it, concrete(iterable!));
  return mkList(sortValues(it, items, key!, truthy(it, reverse!)));
});

/** Stable sort by Python `<` (with key and reverse), as list.sort and sorted do. */
export function sortValues(it: Interp, items: Value[], key: Value, reverse: boolean): Value[] {
  const keys = key.kind === 'none' ? items : items.map((v) => callValue(it, key, [v]));
  const idx = items.map((_, i) => i);
  idx.sort((a, b) => {
    const ka = keys[a]!, kb = keys[b]!;
    // reverse keeps stability: equal elements stay in original order.
    if (reverse) return lessThan(it, kb, ka) ? -1 : lessThan(it, ka, kb) ? 1 : 0;
    return lessThan(it, ka, kb) ? -1 : lessThan(it, kb, ka) ? 1 : 0;
  });
  return idx.map((i) => items[i]!);
}

def('round', 'number, ndigits=None', ([x, nd], it) => {
  const v = concrete(x!);
  if (v.kind === 'instance' && lookupMro(v.cls, '__round__')) {
    return callValue(it, getAttr(it, v, '__round__'), nd!.kind === 'none' ? [] : [nd!]);
  }
  if (nd!.kind === 'none') {
    if (v.kind === 'int' || v.kind === 'bool') return toInt(it, v, undefined);
    const f = expectFloat(it, v, 'round() argument');
    if (!Number.isFinite(f)) it.raise(Number.isNaN(f) ? 'ValueError' : 'OverflowError', `cannot convert float ${Number.isNaN(f) ? 'NaN' : 'infinity'} to integer`);
    return mkIntFrom(I.intFromFloat(roundHalfEven(f)));
  }
  const n = expectSmallInt(it, nd!, 'ndigits');
  if (v.kind === 'int' || v.kind === 'bool') {
    if (n >= 0) return toInt(it, v, undefined);
    const p = I.intPow(10, -n);
    const q = I.intFloorDiv(v.kind === 'bool' ? (v.value ? 1 : 0) : v.value, p);
    const r = I.intSub(v.kind === 'bool' ? (v.value ? 1 : 0) : v.value, I.intMul(q, p));
    const twice = I.intCmp(I.intMul(r, 2), p);
    const up = twice > 0 || (twice === 0 && I.intMod(q, 2) !== 0);
    return mkIntFrom(I.intMul(up ? I.intAdd(q, 1) : q, p));
  }
  const f = expectFloat(it, v, 'round() argument');
  if (!Number.isFinite(f)) return mkFloat(f);
  if (n > 15) return mkFloat(f);
  const scaled = f * 10 ** n;
  return mkFloat(n >= 0 ? Number(f.toFixed(n)) : roundHalfEven(scaled) / 10 ** n);
});

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

def('divmod', 'a, b, /', ([a, b], it) => mkTuple([binaryOp(it, '//', a!, b!), binaryOp(it, '%', a!, b!)]));

def('pow', 'base, exp, mod=None', ([base, exp, mod], it) => {
  if (mod!.kind === 'none') return binaryOp(it, '**', base!, exp!);
  const b = I.big(expectInt(it, base!, 'pow() base'));
  let e = I.big(expectInt(it, exp!, 'pow() exponent'));
  const m = I.big(expectInt(it, mod!, 'pow() modulus'));
  if (m === 0n) it.raise('ValueError', 'pow() 3rd argument cannot be 0');
  if (e < 0n) it.raise('ValueError', 'pow() negative exponent with modulus is not supported');
  let result = 1n;
  let x = ((b % m) + m) % m;
  while (e > 0n) {
    if (e & 1n) result = (result * x) % m;
    x = (x * x) % m;
    e >>= 1n;
  }
  return mkIntFrom(I.intMod(I.norm(result), I.norm(m)));
});

def('isinstance', 'obj, class_or_tuple, /', ([obj, cls], it) => {
  if (obj!.kind === 'unknown') return obj!;
  return mkBool(classMatches(it, typeOf(obj!), cls!, 'isinstance'));
});

def('issubclass', 'cls, class_or_tuple, /', ([c, cls], it) => {
  if (c!.kind === 'unknown') return c!;
  if (c!.kind !== 'class') it.raise('TypeError', 'issubclass() arg 1 must be a class');
  return mkBool(classMatches(it, c as ClassValue, cls!, 'issubclass'));
});

function classMatches(it: Interp, t: ClassValue, spec: Value, fname: string): boolean {
  if (spec.kind === 'class') return isSubclass(t, spec);
  if (spec.kind === 'tuple') return spec.items.some((s) => classMatches(it, t, s, fname));
  if (spec.kind === 'unknown') throw new UnknownSignal(spec.reason);
  return it.raise('TypeError', `${fname}() arg 2 must be a type, a tuple of types, or a union`);
}

def('callable', 'obj, /', ([obj]) => {
  const v = obj!;
  switch (v.kind) {
    case 'function': case 'builtin': case 'boundMethod': case 'class': return TRUE;
    case 'instance': return mkBool(lookupMro(v.cls, '__call__') !== undefined);
    case 'host': return mkBool(v.obj.call !== undefined);
    case 'unknown': return v;
    default: return FALSE;
  }
});

def('getattr', 'obj, name, default=?, /', ([obj, name, dflt], it) => {
  const n = expectStr(it, name!, 'attribute name');
  if (dflt === undefined) return getAttr(it, obj!, n);
  return hasAttr(it, obj!, n) ? getAttr(it, obj!, n) : dflt;
});
def('setattr', 'obj, name, value, /', ([obj, name, value], it) => { setAttr(it, obj!, expectStr(it, name!, 'attribute name'), value!); return NONE; });
def('delattr', 'obj, name, /', ([obj, name], it) => { delAttr(it, obj!, expectStr(it, name!, 'attribute name')); return NONE; });
def('hasattr', 'obj, name, /', ([obj, name], it) => (obj!.kind === 'unknown' ? obj! : mkBool(hasAttr(it, obj!, expectStr(it, name!, 'attribute name')))));

def('hash', 'obj, /', ([obj], it) => hashValue(it, obj!));
def('id', 'obj, /', ([obj], it) => mkInt(it.idOf(obj!)));
def('iter', 'obj, /', ([obj], it) => iteratorValue(it, concrete(obj!)));
def('next', 'iterator, default=?, /', ([iter, dflt], it) => {
  const v = concrete(iter!);
  let x: Value | undefined;
  if (v.kind === 'iterator') x = v.next();
  else if (v.kind === 'instance' && lookupMro(v.cls, '__next__')) {
    try { x = callValue(it, getAttr(it, v, '__next__'), []); } catch (e) {
      if (dflt !== undefined && e instanceof PyException && e.typeName === 'StopIteration') return dflt;
      throw e;
    }
  } else it.raise('TypeError', `'${kindName(v)}' object is not an iterator`);
  if (x !== undefined) return x;
  if (dflt !== undefined) return dflt;
  return it.raise('StopIteration', '');
});

def('print', "*args, sep=' ', end='\\n', file=None, flush=False", ([args, sep, end], it) => {
  const items = (args as { items: readonly Value[] }).items.map((v) => str(it, v));
  const s = sep!.kind === 'none' ? ' ' : expectStr(it, sep!, 'sep');
  const e = end!.kind === 'none' ? '\n' : expectStr(it, end!, 'end');
  const text = items.join(s) + e;
  if (it.hooks.onPrint) it.hooks.onPrint(text); else it.output.push(text);
  return NONE;
});

def('chr', 'i, /', ([i], it) => mkStr(String.fromCodePoint(expectSmallInt(it, i!, 'chr() argument'))));
def('ord', 'c, /', ([c], it) => {
  const s = expectStr(it, c!, 'ord() argument');
  if ([...s].length !== 1) it.raise('TypeError', `ord() expected a character, but string of length ${s.length} found`);
  return mkInt(s.codePointAt(0)!);
});
function radix(name: string, base: number, prefix: string): void {
  def(name, 'x, /', ([x], it) => {
    const n = expectInt(it, x!, `'${kindName(x!)}' object cannot be interpreted as an integer;`);
    const neg = I.intSign(n) < 0;
    return mkStr(`${neg ? '-' : ''}${prefix}${I.intAbs(n).toString(base)}`);
  });
}
radix('hex', 16, '0x');
radix('oct', 8, '0o');
radix('bin', 2, '0b');

def('vars', 'obj, /', ([obj], it) => getAttr(it, obj!, '__dict__'));
def('dir', 'obj=?, /', ([obj], it) => {
  if (obj === undefined) return mkList([...it.frame.scope.vars.keys()].sort().map(mkStr));
  const names = new Set<string>();
  if (obj.kind === 'instance') for (const k of obj.attrs.keys()) names.add(k);
  if (obj.kind === 'module') for (const k of obj.attrs.keys()) names.add(k);
  const cls = obj.kind === 'class' ? obj : typeOf(obj);
  for (const c of cls.mro) for (const k of c.attrs.keys()) names.add(k);
  return mkList([...names].sort().map(mkStr));
});

def('globals', '', (_a, it) => {
  const t = new PyDict<Value>();
  for (const [k, v] of it.frame.scope.globals.vars) t.set(mkStr(k), v, it);
  return { kind: 'dict', table: t };
});

// Sandboxing: these exist so code using them gets a clear error rather than a NameError.
for (const name of ['open', 'exec', 'eval', 'compile', 'input', '__import__', 'breakpoint']) {
  def(name, '*args, **kwargs', (_a, it) => it.raise('NotImplementedError', `${name}() is not available in the NKI Studio sandbox`));
}

export { richCompare, unaryOp, pyEquals };
