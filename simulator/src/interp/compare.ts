/**
 * Equality, ordering, identity, membership and hashing. `richCompare` returns any value (host
 * tensors return masks); `pyEquals` and `lessThan` reduce to JS booleans for containers and
 * sorting. Numbers compare exactly across int/float/bool (`2**60 == 2.0**60`).
 */
import type { CompareOperator } from '../frontend/ast';
import { callMethod } from './calls';
import type { Interp } from './interp';
import * as I from './ints';
import { expectInt } from './native';
import { lookupMro } from './types';
import { OBJECT_EQ, OBJECT_HASH } from './object';
import { toArray, sequenceContains } from './sequences';
import type { IntValue, RichCompareOp, Value } from './values';
import { FALSE, NOT_IMPLEMENTED, TRUE, kindName, mkBool, mkInt, mkIntFrom } from './values';

import { truthOf, truthy } from './ops';

// ---------------------------------------------------------------------------------------------
// Equality, ordering, hashing

/** Python `a == b` reduced to a JS boolean (unknown compares unequal). */
export function pyEquals(it: Interp, a: Value, b: Value): boolean {
  if (a === b && a.kind !== 'float') return true;
  switch (a.kind) {
    case 'int': case 'bool': case 'float':
      if (b.kind === 'int' || b.kind === 'bool' || b.kind === 'float') return numCompare(a, b) === 0;
      break;
    case 'str': return b.kind === 'str' && a.value === b.value;
    case 'none': return b.kind === 'none';
    case 'tuple': case 'list':
      if (b.kind !== a.kind) return false;
      return seqEquals(it, a.items, b.items);
    case 'dict': {
      if (b.kind !== 'dict' || a.table.size !== b.table.size) return false;
      for (const e of a.table.entries()) {
        const o = b.table.get(e.key, it);
        if (o === undefined || !pyEquals(it, e.value, o)) return false;
      }
      return true;
    }
    case 'set': {
      if (b.kind !== 'set' || a.table.size !== b.table.size) return false;
      for (const k of a.table.keys()) if (!b.table.has(k, it)) return false;
      return true;
    }
    case 'range':
      return b.kind === 'range' && seqEquals(it, toArray(it, a), toArray(it, b));
    case 'slice':
      return b.kind === 'slice' && pyEquals(it, a.start, b.start) && pyEquals(it, a.stop, b.stop) && pyEquals(it, a.step, b.step);
    case 'boundMethod':
      return b.kind === 'boundMethod' && a.func === b.func && a.self === b.self;
    case 'unknown': return false;
    default: break;
  }
  if (a.kind === 'instance' || b.kind === 'instance' || a.kind === 'host' || b.kind === 'host') {
    const r = richCompare(it, '==', a, b);
    return truthOf(it, r) ?? false;
  }
  return false;
}

function seqEquals(it: Interp, x: readonly Value[], y: readonly Value[]): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!pyEquals(it, x[i]!, y[i]!)) return false;
  return true;
}

type Num = Value & { kind: 'int' | 'bool' | 'float' };

/** Exact comparison of two numbers (NaN compares as NaN). */
function numCompare(a: Num, b: Num): number {
  const x = a.kind === 'bool' ? (a.value ? 1 : 0) : a.value;
  const y = b.kind === 'bool' ? (b.value ? 1 : 0) : b.value;
  if (a.kind === 'float') {
    if (b.kind === 'float') return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
    return -I.intFloatCmp(y as I.IntRepr, x as number);
  }
  if (b.kind === 'float') return I.intFloatCmp(x as I.IntRepr, y as number);
  return I.intCmp(x as I.IntRepr, y as I.IntRepr);
}

const SWAPPED: Record<RichCompareOp, RichCompareOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const DUNDER_CMP: Record<RichCompareOp, string> = { '==': '__eq__', '!=': '__ne__', '<': '__lt__', '<=': '__le__', '>': '__gt__', '>=': '__ge__' };

function cmpResult(op: RichCompareOp, c: number): Value {
  if (Number.isNaN(c)) return mkBool(op === '!=');
  switch (op) {
    case '==': return mkBool(c === 0);
    case '!=': return mkBool(c !== 0);
    case '<': return mkBool(c < 0);
    case '<=': return mkBool(c <= 0);
    case '>': return mkBool(c > 0);
    case '>=': return mkBool(c >= 0);
  }
}

/** Rich comparison; the result may be any value (host tensors return masks). */
export function richCompare(it: Interp, op: RichCompareOp, a: Value, b: Value): Value {
  const ak = a.kind, bk = b.kind;
  if (ak === 'int' && bk === 'int' && typeof a.value === 'number' && typeof b.value === 'number') {
    const x = a.value, y = b.value;
    switch (op) {
      case '<': return x < y ? TRUE : FALSE;
      case '<=': return x <= y ? TRUE : FALSE;
      case '>': return x > y ? TRUE : FALSE;
      case '>=': return x >= y ? TRUE : FALSE;
      case '==': return x === y ? TRUE : FALSE;
      case '!=': return x !== y ? TRUE : FALSE;
    }
  }
  if ((ak === 'int' || ak === 'float' || ak === 'bool') && (bk === 'int' || bk === 'float' || bk === 'bool')) {
    return cmpResult(op, numCompare(a as Num, b as Num));
  }
  if (ak === 'str' && bk === 'str') return cmpResult(op, a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
  // User and host overloads, forward then reflected.
  if (ak === 'instance' || bk === 'instance' || ak === 'host' || bk === 'host') {
    const r = overloadedCompare(it, op, a, b);
    if (r !== undefined) return r;
  }
  if (ak === 'unknown') return a;
  if (bk === 'unknown') return b;
  if (op === '==') return mkBool(pyEquals(it, a, b));
  if (op === '!=') return mkBool(!pyEquals(it, a, b));
  if ((ak === 'tuple' || ak === 'list') && bk === ak) return seqCompare(it, op, a.items, b.items);
  if (ak === 'set' && bk === 'set') return setCompare(it, op, a, b);
  return it.raise('TypeError', `'${op}' not supported between instances of '${kindName(a)}' and '${kindName(b)}'`);
}

function overloadedCompare(it: Interp, op: RichCompareOp, a: Value, b: Value): Value | undefined {
  const fwd = tryCompare(it, op, a, b, false);
  if (fwd !== undefined) return fwd;
  const rev = tryCompare(it, SWAPPED[op], b, a, true);
  if (rev !== undefined) return rev;
  if (a.kind === 'instance' || b.kind === 'instance' || a.kind === 'host' || b.kind === 'host') {
    // Default identity semantics for == and != (object.__eq__).
    if (op === '==') return mkBool(a === b || hostSame(a, b));
    if (op === '!=') {
      const eq = tryCompare(it, '==', a, b, false) ?? tryCompare(it, '==', b, a, true);
      if (eq !== undefined) { const t = truthOf(it, eq); return t === undefined ? eq : mkBool(!t); }
      return mkBool(!(a === b || hostSame(a, b)));
    }
  }
  return undefined;
}

function hostSame(a: Value, b: Value): boolean {
  return a.kind === 'host' && b.kind === 'host' && a.obj === b.obj;
}

function tryCompare(it: Interp, op: RichCompareOp, self: Value, other: Value, reflected: boolean): Value | undefined {
  if (self.kind === 'instance') {
    const m = lookupMro(self.cls, DUNDER_CMP[op]);
    if (m === undefined || m === OBJECT_EQ) return undefined;
    const r = callMethod(it, m, self, [other]);
    return r === NOT_IMPLEMENTED ? undefined : r;
  }
  if (self.kind === 'host') {
    if (self.obj.compare) {
      const r = self.obj.compare(op, other, reflected, it);
      if (r !== undefined) return r;
    }
    if ((op === '==' || op === '!=') && self.obj.equals) {
      const e = self.obj.equals(other);
      return mkBool(op === '==' ? e : !e);
    }
  }
  return undefined;
}

function seqCompare(it: Interp, op: RichCompareOp, x: readonly Value[], y: readonly Value[]): Value {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    if (!pyEquals(it, x[i]!, y[i]!)) return richCompare(it, op, x[i]!, y[i]!);
  }
  return cmpResult(op, x.length - y.length);
}

function setCompare(it: Interp, op: RichCompareOp, a: Value & { kind: 'set' }, b: Value & { kind: 'set' }): Value {
  const subset = (p: typeof a, q: typeof a) => p.table.keys().every((k) => q.table.has(k, it));
  switch (op) {
    case '<=': return mkBool(subset(a, b));
    case '<': return mkBool(a.table.size < b.table.size && subset(a, b));
    case '>=': return mkBool(subset(b, a));
    case '>': return mkBool(b.table.size < a.table.size && subset(b, a));
    default: return mkBool(pyEquals(it, a, b) === (op === '=='));
  }
}

/** Ordering for sorting, min, max: `a < b` as a boolean. */
export function lessThan(it: Interp, a: Value, b: Value): boolean {
  return truthy(it, richCompare(it, '<', a, b));
}

export function compareOp(it: Interp, op: CompareOperator, a: Value, b: Value): Value {
  switch (op) {
    case 'is': return mkBool(isSame(a, b));
    case 'is not': return mkBool(!isSame(a, b));
    case 'in': return contains(it, b, a);
    case 'not in': {
      const r = contains(it, b, a);
      return r.kind === 'bool' ? mkBool(!r.value) : r;
    }
    default: return richCompare(it, op, a, b);
  }
}

/** `is`: identity, with immutable scalars compared by value (CPython interns the common ones). */
export function isSame(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'int': case 'bool': case 'str': return a.value === (b as typeof a).value;
    case 'host': return a.obj === (b as typeof a).obj;
    default: return false;
  }
}

export function contains(it: Interp, container: Value, item: Value): Value {
  switch (container.kind) {
    case 'str':
      if (item.kind === 'str') return mkBool(container.value.includes(item.value));
      if (item.kind === 'unknown') return item;
      return it.raise('TypeError', `'in <string>' requires string as left operand, not ${kindName(item)}`);
    case 'dict': case 'set':
      if (item.kind === 'unknown') return item;
      return mkBool(container.table.has(item, it));
    case 'unknown': return container;
    case 'instance': {
      const m = lookupMro(container.cls, '__contains__');
      if (m !== undefined) return mkBool(truthy(it, callMethod(it, m, container, [item])));
      break;
    }
    case 'class': {
      const c = container.meta?.contains;
      if (c) return mkBool(c(container, item, it));
      break;
    }
    case 'host': {
      if (container.obj.contains) {
        const r = container.obj.contains(item, it);
        return typeof r === 'boolean' ? mkBool(r) : r;
      }
      break;
    }
    default: break;
  }
  return sequenceContains(it, container, item);
}

/** For dict/set keys: the user/host hash, undefined for identity-hashed values. */
export function customHash(it: Interp, v: Value): number | string | undefined {
  switch (v.kind) {
    case 'list': case 'dict': case 'set':
      return it.raise('TypeError', `unhashable type: '${kindName(v)}'`);
    case 'instance': {
      const h = lookupMro(v.cls, '__hash__');
      if (h === undefined || h === OBJECT_HASH) return undefined;
      if (h.kind === 'none') return it.raise('TypeError', `unhashable type: '${v.cls.name}'`);
      const r = callMethod(it, h, v, []);
      const n = expectInt(it, r, '__hash__ result');
      return typeof n === 'bigint' ? n.toString() : n;
    }
    case 'host': return v.obj.hash?.();
    default: return undefined;
  }
}

export function hashValue(it: Interp, v: Value): IntValue {
  switch (v.kind) {
    case 'int': return v;
    case 'bool': return mkInt(v.value ? 1 : 0);
    case 'float': return Number.isInteger(v.value) ? mkIntFrom(I.intFromFloat(v.value)) : mkInt(stringHash(String(v.value)));
    case 'str': return mkInt(stringHash(v.value));
    case 'none': return mkInt(0x5f3759df);
    case 'tuple': {
      let h = 0x345678;
      for (const x of v.items) {
        const xh = hashValue(it, x);
        h = (Math.imul(h ^ Number(typeof xh.value === 'bigint' ? xh.value % 1000003n : xh.value), 1000003) | 0);
      }
      return mkInt(h);
    }
    default: {
      const c = customHash(it, v);
      if (c !== undefined) return typeof c === 'number' ? mkInt(c) : mkInt(stringHash(c));
      return mkInt(it.idOf(v));
    }
  }
}

function stringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
