/**
 * Methods of `list`, `tuple`, `dict`, `set`/`frozenset` and `range`, installed on the shared
 * builtin type objects at start-up. Mutating methods change the receiver in place, as in Python;
 * equality inside `index`/`count`/`remove` is Python `==`.
 */
import { sortValues } from './builtins';
import { dictUpdate } from './constructors';
import { PyDict } from './dict';
import type { Interp } from './interp';
import { concrete, defineMethods, expectSmallInt, isNone } from './native';
import { pyEquals, repr, setOp, truthy } from './ops';
import { seqIndex, toArray } from './sequences';
import { dictType, frozensetType, listType, rangeType, setType, tupleType } from './types';
import type { DictValue, ListValue, SetValue, TupleValue, Value } from './values';
import { NONE, mkBool, mkInt, mkList, mkTuple } from './values';

const list = (v: Value | undefined) => v as ListValue;
const dict = (v: Value | undefined) => v as DictValue;
const set = (v: Value | undefined) => v as SetValue;

function clampIndex(i: number, n: number): number {
  return i < 0 ? Math.max(0, i + n) : Math.min(i, n);
}

function indexIn(it: Interp, items: readonly Value[], x: Value, start: Value | undefined, stop: Value | undefined, what: string): Value {
  const n = items.length;
  const a = isNone(start) ? 0 : clampIndex(expectSmallInt(it, start!, 'start'), n);
  const b = isNone(stop) ? n : clampIndex(expectSmallInt(it, stop!, 'stop'), n);
  for (let i = a; i < b; i++) if (pyEquals(it, items[i]!, x)) return mkInt(i);
  return it.raise('ValueError', `${what}`);
}

function countIn(it: Interp, items: readonly Value[], x: Value): Value {
  let c = 0;
  for (const v of items) if (pyEquals(it, v, x)) c++;
  return mkInt(c);
}

defineMethods(listType, {
  append: ['self, object, /', ([l, x]) => { list(l).items.push(x!); return NONE; }],
  extend: ['self, iterable, /', ([l, x], it) => { list(l).items.push(...toArray(it, concrete(x!))); return NONE; }],
  insert: ['self, index, object, /', ([l, i, x], it) => {
    const items = list(l).items;
    items.splice(clampIndex(expectSmallInt(it, i!, 'index'), items.length), 0, x!);
    return NONE;
  }],
  pop: ['self, index=-1, /', ([l, i], it) => {
    const items = list(l).items;
    if (items.length === 0) it.raise('IndexError', 'pop from empty list');
    const j = seqIndex(it, i!, items.length, 'pop');
    return items.splice(j, 1)[0]!;
  }],
  remove: ['self, value, /', ([l, x], it) => {
    const items = list(l).items;
    const i = items.findIndex((v) => pyEquals(it, v, x!));
    if (i < 0) it.raise('ValueError', 'list.remove(x): x not in list');
    items.splice(i, 1);
    return NONE;
  }],
  index: ['self, value, start=None, stop=None, /', ([l, x, a, b], it) => indexIn(it, list(l).items, x!, a, b, `${repr(it, x!)} is not in list`)],
  count: ['self, value, /', ([l, x], it) => countIn(it, list(l).items, x!)],
  sort: ['self, /, *, key=None, reverse=False', ([l, key, rev], it) => {
    const items = list(l).items;
    const sorted = sortValues(it, items, key!, truthy(it, rev!));
    for (let i = 0; i < sorted.length; i++) items[i] = sorted[i]!;
    return NONE;
  }],
  reverse: ['self, /', ([l]) => { list(l).items.reverse(); return NONE; }],
  copy: ['self, /', ([l]) => mkList(list(l).items.slice())],
  clear: ['self, /', ([l]) => { list(l).items.length = 0; return NONE; }],
});

defineMethods(tupleType, {
  index: ['self, value, start=None, stop=None, /', ([t, x, a, b], it) => indexIn(it, (t as TupleValue).items, x!, a, b, 'tuple.index(x): x not in tuple')],
  count: ['self, value, /', ([t, x], it) => countIn(it, (t as TupleValue).items, x!)],
});

defineMethods(rangeType, {
  index: ['self, value, /', ([r, x], it) => indexIn(it, toArray(it, r!), x!, undefined, undefined, `${repr(it, x!)} is not in range`)],
  count: ['self, value, /', ([r, x], it) => countIn(it, toArray(it, r!), x!)],
});

function viewOf(kind: 'keys' | 'values' | 'items', d: DictValue): Value {
  // Views are snapshots here (a list-backed iterable); kernels iterate them immediately.
  const items = [...d.table.entries()].map((e) => (kind === 'keys' ? e.key : kind === 'values' ? e.value : mkTuple([e.key, e.value])));
  return mkList(items);
}

defineMethods(dictType, {
  keys: ['self, /', ([d]) => viewOf('keys', dict(d))],
  values: ['self, /', ([d]) => viewOf('values', dict(d))],
  items: ['self, /', ([d]) => viewOf('items', dict(d))],
  get: ['self, key, default=None, /', ([d, k, dflt], it) => (k!.kind === 'unknown' ? k! : dict(d).table.get(k!, it) ?? dflt!)],
  setdefault: ['self, key, default=None, /', ([d, k, dflt], it) => {
    const t = dict(d).table;
    const v = t.get(k!, it);
    if (v !== undefined) return v;
    t.set(k!, dflt!, it);
    return dflt!;
  }],
  pop: ['self, key, default=?, /', ([d, k, dflt], it) => {
    const t = dict(d).table;
    const v = t.get(k!, it);
    if (v === undefined) return dflt ?? it.raiseArgs('KeyError', [k!]);
    t.delete(k!, it);
    return v;
  }],
  popitem: ['self, /', ([d], it) => {
    const e = dict(d).table.popLast();
    if (e === undefined) it.raise('KeyError', 'popitem(): dictionary is empty');
    return mkTuple([e!.key, e!.value]);
  }],
  update: ['self, other=?, /, **kwargs', ([d, other, kw], it) => {
    const t = dict(d).table;
    if (other !== undefined) dictUpdate(it, t, concrete(other));
    if (kw?.kind === 'dict') for (const e of kw.table.entries()) t.set(e.key, e.value, it);
    return NONE;
  }],
  copy: ['self, /', ([d]) => ({ kind: 'dict', table: dict(d).table.copy() })],
  clear: ['self, /', ([d]) => { dict(d).table.clear(); return NONE; }],
  fromkeys: ['iterable, value=None, /', ([keys, v], it) => {
    const t = new PyDict<Value>();
    for (const k of toArray(it, keys!)) t.set(k, v!, it);
    return { kind: 'dict', table: t };
  }],
  __getitem__: ['self, key, /', ([d, k], it) => dict(d).table.get(k!, it) ?? it.raiseArgs('KeyError', [k!])],
  __contains__: ['self, key, /', ([d, k], it) => mkBool(dict(d).table.has(k!, it))],
});
// `dict.fromkeys` is a classmethod: calling it on the class must not bind the class as `self`.
dictType.attrs.set('fromkeys', { kind: 'staticmethod', func: dictType.attrs.get('fromkeys')! });

function toSet(it: Interp, v: Value): SetValue {
  if (v.kind === 'set') return v;
  const t = new PyDict<Value>();
  for (const x of toArray(it, concrete(v))) t.set(x, NONE, it);
  return { kind: 'set', table: t, frozen: true };
}

function setAlgebra(op: '|' | '&' | '-' | '^') {
  return ([s, others]: Value[], it: Interp): Value => {
    let acc: SetValue = { kind: 'set', table: set(s).table.copy(), frozen: set(s).frozen };
    for (const o of (others as TupleValue).items) acc = setOp(it, op, acc, toSet(it, o)) as SetValue;
    return acc;
  };
}

const setReadMethods: Record<string, [string, (args: Value[], it: Interp) => Value]> = {
  union: ['self, /, *others', setAlgebra('|')],
  intersection: ['self, /, *others', setAlgebra('&')],
  difference: ['self, /, *others', setAlgebra('-')],
  symmetric_difference: ['self, other, /', ([s, o], it) => setOp(it, '^', set(s), toSet(it, o!))],
  issubset: ['self, other, /', ([s, o], it) => { const t = toSet(it, o!); return mkBool(set(s).table.keys().every((k) => t.table.has(k, it))); }],
  issuperset: ['self, other, /', ([s, o], it) => mkBool(toSet(it, o!).table.keys().every((k) => set(s).table.has(k, it)))],
  isdisjoint: ['self, other, /', ([s, o], it) => mkBool(!toSet(it, o!).table.keys().some((k) => set(s).table.has(k, it)))],
  copy: ['self, /', ([s]) => ({ kind: 'set', table: set(s).table.copy(), frozen: set(s).frozen })],
  __contains__: ['self, key, /', ([s, k], it) => mkBool(set(s).table.has(k!, it))],
};

defineMethods(frozensetType, setReadMethods);
defineMethods(setType, {
  ...setReadMethods,
  add: ['self, elem, /', ([s, x], it) => { set(s).table.set(x!, NONE, it); return NONE; }],
  discard: ['self, elem, /', ([s, x], it) => { set(s).table.delete(x!, it); return NONE; }],
  remove: ['self, elem, /', ([s, x], it) => {
    if (!set(s).table.delete(x!, it)) it.raiseArgs('KeyError', [x!]);
    return NONE;
  }],
  pop: ['self, /', ([s], it) => {
    const k = set(s).table.keys()[0];
    if (k === undefined) return it.raise('KeyError', 'pop from an empty set');
    set(s).table.delete(k, it);
    return k;
  }],
  clear: ['self, /', ([s]) => { set(s).table.clear(); return NONE; }],
  update: ['self, /, *others', ([s, others], it) => {
    for (const o of (others as TupleValue).items) for (const x of toArray(it, concrete(o))) set(s).table.set(x, NONE, it);
    return NONE;
  }],
  intersection_update: ['self, /, *others', ([s, others], it) => {
    const r = setAlgebra('&')([s!, others!], it) as SetValue;
    set(s).table.clear();
    for (const k of r.table.keys()) set(s).table.set(k, NONE, it);
    return NONE;
  }],
  difference_update: ['self, /, *others', ([s, others], it) => {
    for (const o of (others as TupleValue).items) for (const x of toArray(it, concrete(o))) set(s).table.delete(x, it);
    return NONE;
  }],
});
