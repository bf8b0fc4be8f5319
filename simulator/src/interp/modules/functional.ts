/**
 * `functools`, `operator` and `itertools`: the functional helpers kernels use. Caching
 * decorators (`lru_cache`, `cache`) are pass-through — results are recomputed, which is
 * observable only through side effects. itertools functions return lazy iterators, so
 * `count()` and `repeat(x)` are safe as long as something stops consuming them.
 */
import { getAttr, setAttrRaw } from '../attrs';
import { callValue } from '../calls';
import type { Interp } from '../interp';
import { concrete, expectSmallInt, native, type NativeImpl } from '../native';
import { binaryOp, compareOp, contains, isSame, richCompare, truthOf, truthy, unaryOp } from '../ops';
import { getItem, getIter, toArray } from '../sequences';
import type { BuiltinValue, DictValue, TupleValue, Value } from '../values';
import { mkBool, mkIntFrom, mkIterator, mkTuple, mkUnknown } from '../values';
import { parseSignature } from '../signature';
import { makeClass, objectType } from '../types';
import type { BinaryOperator, CompareOperator } from '../../frontend/ast';

type Defs = Map<string, Value>;
const defIn = (m: Defs) => (name: string, sig: string, impl: NativeImpl) => { m.set(name, native(name, sig, impl)); };

/** A decorator usable both bare (`@cache`) and called (`@lru_cache(maxsize=None)`). */
function passThroughDecorator(name: string): BuiltinValue {
  const identity = native(name, 'func, /', ([f]) => f!);
  return native(name, 'maxsize=?, typed=False', ([f]) => (f !== undefined && f.kind !== 'none' && f.kind !== 'int' ? f : identity));
}

export function functoolsModule(): Defs {
  const m: Defs = new Map();
  const def = defIn(m);
  def('reduce', 'function, iterable, initial=?, /', ([f, iterable, initial], it) => {
    const p = getIter(it, concrete(iterable!));
    let acc = initial ?? p.next();
    if (acc === undefined) return it.raise('TypeError', 'reduce() of empty iterable with no initial value');
    for (let x = p.next(); x !== undefined; x = p.next()) acc = callValue(it, f!, [acc, x]);
    return acc;
  });
  def('partial', 'func, /, *args, **keywords', ([f, args, kw]) => {
    const pre = (args as TupleValue).items;
    const preKw = (kw as DictValue).table;
    const p: BuiltinValue = {
      kind: 'builtin', name: 'partial', sig: parseSignature('*args, **kwargs'),
      impl: ([a, k], ctx) => {
        const kwargs = new Map<string, Value>();
        for (const e of preKw.entries()) kwargs.set((e.key as { value: string }).value, e.value);
        for (const e of (k as DictValue).table.entries()) kwargs.set((e.key as { value: string }).value, e.value);
        return callValue(ctx as Interp, f!, [...pre, ...(a as TupleValue).items], kwargs);
      },
      data: { func: f, args: pre },
    };
    return p;
  });
  m.set('lru_cache', passThroughDecorator('lru_cache'));
  m.set('cache', native('cache', 'func, /', ([f]) => f!));
  m.set('cached_property', native('cached_property', 'func, /', ([f]) => ({ kind: 'property', fget: f })));
  def('wraps', 'wrapped, /, assigned=?, updated=?', ([wrapped]) => native('wraps_decorator', 'wrapper, /', ([w], ctx) => {
    const it = ctx as Interp;
    if (w!.kind === 'function' && wrapped!.kind === 'function') {
      w.name = wrapped.name;
      w.qualname = wrapped.qualname;
    }
    if (w!.kind === 'function') setAttrRaw(it, w!, '__wrapped__', wrapped!);
    return w!;
  }));
  def('total_ordering', 'cls, /', ([cls], it) => {
    if (cls!.kind !== 'class') return cls!;
    const c = cls;
    const has = (n: string) => c.attrs.has(n);
    if (has('__lt__')) {
      const lt = (a: Value, b: Value) => truthy(it, richCompare(it, '<', a, b));
      if (!has('__gt__')) c.attrs.set('__gt__', native('__gt__', 'self, other', ([a, b]) => mkBool(lt(b!, a!))));
      if (!has('__le__')) c.attrs.set('__le__', native('__le__', 'self, other', ([a, b]) => mkBool(!lt(b!, a!))));
      if (!has('__ge__')) c.attrs.set('__ge__', native('__ge__', 'self, other', ([a, b]) => mkBool(!lt(a!, b!))));
    }
    return c;
  });
  return m;
}

const BINARY: Array<[string, BinaryOperator]> = [
  ['add', '+'], ['sub', '-'], ['mul', '*'], ['truediv', '/'], ['floordiv', '//'], ['mod', '%'], ['pow', '**'],
  ['matmul', '@'], ['lshift', '<<'], ['rshift', '>>'], ['and_', '&'], ['or_', '|'], ['xor', '^'],
];
const COMPARE: Array<[string, CompareOperator]> = [['eq', '=='], ['ne', '!='], ['lt', '<'], ['le', '<='], ['gt', '>'], ['ge', '>=']];

export function operatorModule(): Defs {
  const m: Defs = new Map();
  const def = defIn(m);
  for (const [name, op] of BINARY) {
    def(name, 'a, b, /', ([a, b], it) => binaryOp(it, op, a!, b!));
    def(`__${name.replace(/_$/, '')}__`, 'a, b, /', ([a, b], it) => binaryOp(it, op, a!, b!));
  }
  for (const [name, op] of COMPARE) def(name, 'a, b, /', ([a, b], it) => compareOp(it, op, a!, b!));
  def('neg', 'a, /', ([a], it) => unaryOp(it, '-', a!));
  def('pos', 'a, /', ([a], it) => unaryOp(it, '+', a!));
  def('invert', 'a, /', ([a], it) => unaryOp(it, '~', a!));
  def('not_', 'a, /', ([a], it) => unaryOp(it, 'not', a!));
  def('truth', 'a, /', ([a], it) => { const t = truthOf(it, a!); return t === undefined ? mkUnknown('truth of unknown') : mkBool(t); });
  def('is_', 'a, b, /', ([a, b]) => mkBool(isSame(a!, b!)));
  def('is_not', 'a, b, /', ([a, b]) => mkBool(!isSame(a!, b!)));
  def('contains', 'a, b, /', ([a, b], it) => contains(it, a!, b!));
  def('getitem', 'a, b, /', ([a, b], it) => getItem(it, a!, b!));
  def('index', 'a, /', ([a], it) => mkIntFrom(it.indexOf(a!) ?? it.raise('TypeError', 'operator.index() requires an integer')));
  def('itemgetter', 'item, /, *items', ([first, rest]) => {
    const keys = [first!, ...(rest as TupleValue).items];
    return native('itemgetter', 'obj, /', ([o], ctx) => {
      const it = ctx as Interp;
      return keys.length === 1 ? getItem(it, o!, keys[0]!) : mkTuple(keys.map((k) => getItem(it, o!, k)));
    });
  });
  def('attrgetter', 'attr, /, *attrs', ([first, rest], it) => {
    const names = [first!, ...(rest as TupleValue).items].map((v) => (v.kind === 'str' ? v.value : it.raise('TypeError', 'attribute name must be a string')));
    const get = (o: Value, path: string) => path.split('.').reduce((acc, n) => getAttr(it, acc, n), o);
    return native('attrgetter', 'obj, /', ([o]) => (names.length === 1 ? get(o!, names[0]!) : mkTuple(names.map((n) => get(o!, n)))));
  });
  return m;
}

export function itertoolsModule(): Defs {
  const m: Defs = new Map();
  const def = defIn(m);
  def('product', '*iterables, repeat=1', ([its, rep], it) => {
    const pools = (its as TupleValue).items.map((x) => toArray(it, concrete(x)));
    const r = expectSmallInt(it, rep!, 'repeat');
    const all: Value[][] = [];
    for (let i = 0; i < r; i++) all.push(...pools);
    let result: Value[][] = [[]];
    for (const pool of all) {
      const next: Value[][] = [];
      for (const prefix of result) for (const x of pool) next.push([...prefix, x]);
      result = next;
      if (result.length > 1e7) it.raise('MemoryError', 'product() is too large');
    }
    let i = 0;
    return mkIterator('product', () => (i < result.length ? mkTuple(result[i++]!) : undefined));
  });
  const chain = (sources: Value[], it: Interp) => {
    let k = 0;
    let cur: ReturnType<typeof getIter> | undefined;
    return mkIterator('chain', () => {
      for (;;) {
        if (cur === undefined) {
          if (k >= sources.length) return undefined;
          cur = getIter(it, concrete(sources[k++]!));
        }
        const v = cur.next();
        if (v !== undefined) return v;
        cur = undefined;
      }
    });
  };
  m.set('chain', chainClass(chain));
  def('accumulate', 'iterable, func=None, *, initial=None', ([iterable, f, initial], it) => {
    const p = getIter(it, concrete(iterable!));
    let acc: Value | undefined = initial!.kind === 'none' ? undefined : initial;
    let first = acc !== undefined;
    return mkIterator('accumulate', () => {
      if (first) { first = false; return acc; }
      const x = p.next();
      if (x === undefined) return undefined;
      acc = acc === undefined ? x : f!.kind === 'none' ? binaryOp(it, '+', acc, x) : callValue(it, f!, [acc, x]);
      return acc;
    });
  });
  def('combinations', 'iterable, r', ([iterable, rv], it) => {
    const pool = toArray(it, concrete(iterable!));
    const r = expectSmallInt(it, rv!, 'r');
    const out: Value[] = [];
    const rec = (start: number, acc: Value[]) => {
      if (acc.length === r) { out.push(mkTuple(acc.slice())); return; }
      for (let i = start; i < pool.length; i++) { acc.push(pool[i]!); rec(i + 1, acc); acc.pop(); }
    };
    rec(0, []);
    let i = 0;
    return mkIterator('combinations', () => out[i++]);
  });
  def('permutations', 'iterable, r=None', ([iterable, rv], it) => {
    const pool = toArray(it, concrete(iterable!));
    const r = rv!.kind === 'none' ? pool.length : expectSmallInt(it, rv!, 'r');
    const out: Value[] = [];
    const used = new Array<boolean>(pool.length).fill(false);
    const rec = (acc: Value[]) => {
      if (acc.length === r) { out.push(mkTuple(acc.slice())); return; }
      for (let i = 0; i < pool.length; i++) {
        if (used[i]) continue;
        used[i] = true; acc.push(pool[i]!); rec(acc); acc.pop(); used[i] = false;
      }
    };
    rec([]);
    let i = 0;
    return mkIterator('permutations', () => out[i++]);
  });
  def('zip_longest', '*iterables, fillvalue=None', ([its, fill], it) => {
    const ps = (its as TupleValue).items.map((x) => getIter(it, concrete(x)));
    return mkIterator('zip_longest', () => {
      let any = false;
      const row = ps.map((p) => { const v = p.next(); if (v !== undefined) any = true; return v ?? fill!; });
      return any ? mkTuple(row) : undefined;
    });
  });
  def('islice', 'iterable, /, *args', ([iterable, args], it) => {
    const a = (args as TupleValue).items.map((v) => (v.kind === 'none' ? undefined : expectSmallInt(it, v, 'islice')));
    const [start, stop, step] = a.length === 1 ? [0, a[0], 1] : [a[0] ?? 0, a[1], a[2] ?? 1];
    const p = getIter(it, concrete(iterable!));
    let i = 0;
    let next = start;
    return mkIterator('islice', () => {
      for (;;) {
        if (stop !== undefined && next >= stop) return undefined;
        const v = p.next();
        if (v === undefined) return undefined;
        if (i++ === next) { next += step; return v; }
      }
    });
  });
  def('count', 'start=0, step=1', ([start, step], it) => {
    let cur = start!;
    return mkIterator('count', () => { const v = cur; cur = binaryOp(it, '+', cur, step!); return v; });
  });
  def('repeat', 'object, times=None', ([obj, times], it) => {
    let n = times!.kind === 'none' ? Infinity : expectSmallInt(it, times!, 'times');
    return mkIterator('repeat', () => (n-- > 0 ? obj! : undefined));
  });
  def('starmap', 'function, iterable, /', ([f, iterable], it) => {
    const p = getIter(it, concrete(iterable!));
    return mkIterator('starmap', () => { const v = p.next(); return v === undefined ? undefined : callValue(it, f!, toArray(it, v)); });
  });
  def('pairwise', 'iterable, /', ([iterable], it) => {
    const p = getIter(it, concrete(iterable!));
    let prev = p.next();
    return mkIterator('pairwise', () => {
      const v = p.next();
      if (v === undefined || prev === undefined) return undefined;
      const r = mkTuple([prev, v]);
      prev = v;
      return r;
    });
  });
  return m;
}

/** `chain` needs an attribute (`chain.from_iterable`), so it is a class whose call makes the iterator. */
function chainClass(chain: (sources: Value[], it: Interp) => Value): Value {
  const cls = makeClass('chain', [objectType], { module: 'itertools' });
  cls.meta = { call: (_c, args, _kw, ctx) => chain(args, ctx as Interp) };
  cls.attrs.set('from_iterable', {
    kind: 'staticmethod',
    func: native('from_iterable', 'iterable, /', ([x], ctx) => chain(toArray(ctx as Interp, concrete(x!)), ctx as Interp)),
  });
  return cls;
}
