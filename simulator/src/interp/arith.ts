/**
 * Arithmetic operators: exact ints first (the hot path of every counted loop), floats, sequences
 * (`+`, `*`, `%`), sets and dicts, then user dunders (`__add__`/`__radd__`, in-place
 * `__iadd__`) and host `binaryOp`/`inplaceOp`, then CPython's TypeError.
 */
import type { BinaryOperator } from '../frontend/ast';
import { callMethod } from './calls';
import type { Interp } from './interp';
import * as I from './ints';
import { expectInt } from './native';
import { lookupMro } from './types';
import { toArray } from './sequences';
import type { Value } from './values';
import {
  NONE, NOT_IMPLEMENTED, kindName, mkBool, mkFloat, mkInt, mkIntFrom, mkList, mkStr, mkTuple, mkUnknown,
} from './values';
import { PyDict } from './dict';

import { truthOf } from './ops';
import { percent } from './text';

// ---------------------------------------------------------------------------------------------
// Arithmetic

const DUNDER: Record<BinaryOperator, [string, string, string]> = {
  '+': ['__add__', '__radd__', '__iadd__'],
  '-': ['__sub__', '__rsub__', '__isub__'],
  '*': ['__mul__', '__rmul__', '__imul__'],
  '/': ['__truediv__', '__rtruediv__', '__itruediv__'],
  '//': ['__floordiv__', '__rfloordiv__', '__ifloordiv__'],
  '%': ['__mod__', '__rmod__', '__imod__'],
  '**': ['__pow__', '__rpow__', '__ipow__'],
  '@': ['__matmul__', '__rmatmul__', '__imatmul__'],
  '<<': ['__lshift__', '__rlshift__', '__ilshift__'],
  '>>': ['__rshift__', '__rrshift__', '__irshift__'],
  '&': ['__and__', '__rand__', '__iand__'],
  '|': ['__or__', '__ror__', '__ior__'],
  '^': ['__xor__', '__rxor__', '__ixor__'],
};

export function binaryOp(it: Interp, op: BinaryOperator, a: Value, b: Value): Value {
  if (a.kind === 'int' && b.kind === 'int') {
    const x = a.value, y = b.value;
    if (typeof x === 'number' && typeof y === 'number') {
      // Hot path of every counted loop.
      let r: number;
      switch (op) {
        case '+': r = x + y; if (Number.isSafeInteger(r)) return mkInt(r); break;
        case '-': r = x - y; if (Number.isSafeInteger(r)) return mkInt(r); break;
        case '*': r = x * y; if (Number.isSafeInteger(r)) return mkInt(r); break;
        default: break;
      }
    }
    return intBinary(it, op, x, y);
  }
  const ak = a.kind, bk = b.kind;
  const aNum = ak === 'int' || ak === 'float' || ak === 'bool';
  const bNum = bk === 'int' || bk === 'float' || bk === 'bool';
  if (aNum && bNum) {
    if (ak === 'float' || bk === 'float') return floatBinary(it, op, numToFloat(it, a), numToFloat(it, b));
    if (ak === 'bool' && bk === 'bool' && (op === '&' || op === '|' || op === '^')) {
      const x = (a as { value: boolean }).value, y = (b as { value: boolean }).value;
      return mkBool(op === '&' ? x && y : op === '|' ? x || y : x !== y);
    }
    return intBinary(it, op, intOfNum(a), intOfNum(b));
  }
  if (ak === 'instance' || bk === 'instance' || ak === 'host' || bk === 'host') {
    const r = overloadedBinary(it, op, a, b);
    if (r !== undefined) return r;
  }
  if (ak === 'unknown') return a;
  if (bk === 'unknown') return b;
  if (op === '|' && (ak === 'class' || bk === 'class')) {
    const u = typeUnion(a, b);
    if (u) return u;
  }
  const r = builtinSeqBinary(it, op, a, b);
  if (r !== undefined) return r;
  return it.raise('TypeError', `unsupported operand type(s) for ${op === '**' ? '** or pow()' : op}: '${kindName(a)}' and '${kindName(b)}'`);
}

function intOfNum(v: Value): I.IntRepr {
  return v.kind === 'bool' ? (v.value ? 1 : 0) : (v as { value: I.IntRepr }).value;
}

function numToFloat(it: Interp, v: Value): number {
  if (v.kind === 'float') return v.value;
  const i = intOfNum(v);
  const f = I.intToFloat(i);
  if (f === undefined) it.raise('OverflowError', 'int too large to convert to float');
  return f!;
}

export function intBinary(it: Interp, op: BinaryOperator, x: I.IntRepr, y: I.IntRepr): Value {
  switch (op) {
    case '+': return mkIntFrom(I.intAdd(x, y));
    case '-': return mkIntFrom(I.intSub(x, y));
    case '*': return mkIntFrom(I.intMul(x, y));
    case '/': {
      if (y === 0) it.raise('ZeroDivisionError', 'division by zero');
      if (typeof x === 'bigint' || typeof y === 'bigint') return mkFloat(Number(x) / Number(y));
      return mkFloat(x / y);
    }
    case '//':
      if (y === 0) it.raise('ZeroDivisionError', 'integer division or modulo by zero');
      return mkIntFrom(I.intFloorDiv(x, y));
    case '%':
      if (y === 0) it.raise('ZeroDivisionError', 'integer modulo by zero');
      return mkIntFrom(I.intMod(x, y));
    case '**': {
      if (I.intSign(y) < 0) {
        if (x === 0) it.raise('ZeroDivisionError', '0.0 cannot be raised to a negative power');
        return mkFloat(Number(x) ** Number(y));
      }
      const ax = I.intAbs(x);
      if (ax !== 0 && ax !== 1 && Number(y) * Math.log2(Number(ax)) > 1_000_000) {
        it.raise('MemoryError', 'integer result of ** is too large');
      }
      return mkIntFrom(I.intPow(x, y));
    }
    case '<<':
      if (I.intSign(y) < 0) it.raise('ValueError', 'negative shift count');
      if (Number(y) > 1_000_000) it.raise('MemoryError', 'shift count too large');
      return mkIntFrom(I.intLshift(x, y));
    case '>>':
      if (I.intSign(y) < 0) it.raise('ValueError', 'negative shift count');
      return mkIntFrom(I.intRshift(x, y));
    case '&': return mkIntFrom(I.intAnd(x, y));
    case '|': return mkIntFrom(I.intOr(x, y));
    case '^': return mkIntFrom(I.intXor(x, y));
    case '@': return it.raise('TypeError', "unsupported operand type(s) for @: 'int' and 'int'");
  }
}

export function floatBinary(it: Interp, op: BinaryOperator, x: number, y: number): Value {
  switch (op) {
    case '+': return mkFloat(x + y);
    case '-': return mkFloat(x - y);
    case '*': return mkFloat(x * y);
    case '/':
      if (y === 0) it.raise('ZeroDivisionError', 'float division by zero');
      return mkFloat(x / y);
    case '//': {
      if (y === 0) it.raise('ZeroDivisionError', 'float floor division by zero');
      const mod = floatMod(x, y);
      return mkFloat(Math.round((x - mod) / y));
    }
    case '%':
      if (y === 0) it.raise('ZeroDivisionError', 'float modulo');
      return mkFloat(floatMod(x, y));
    case '**': {
      if (x === 0 && y < 0) it.raise('ZeroDivisionError', '0.0 cannot be raised to a negative power');
      const r = x ** y;
      if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) it.raise('OverflowError', 'Numerical result out of range');
      return mkFloat(r);
    }
    default:
      return it.raise('TypeError', `unsupported operand type(s) for ${op}: 'float' and 'float'`);
  }
}

function floatMod(x: number, y: number): number {
  let r = x % y;
  if (r !== 0 && (r < 0) !== (y < 0)) r += y;
  return r === 0 ? (y < 0 ? -0 : 0) : r;
}

function overloadedBinary(it: Interp, op: BinaryOperator, a: Value, b: Value): Value | undefined {
  const [fwd, rev] = DUNDER[op];
  if (a.kind === 'instance') {
    const m = lookupMro(a.cls, fwd);
    if (m !== undefined) { const r = callMethod(it, m, a, [b]); if (r !== NOT_IMPLEMENTED) return r; }
  } else if (a.kind === 'host' && a.obj.binaryOp) {
    const r = a.obj.binaryOp(op, b, false, it);
    if (r !== undefined) return r;
  }
  if (b.kind === 'instance') {
    const m = lookupMro(b.cls, rev);
    if (m !== undefined) { const r = callMethod(it, m, b, [a]); if (r !== NOT_IMPLEMENTED) return r; }
  } else if (b.kind === 'host' && b.obj.binaryOp) {
    const r = b.obj.binaryOp(op, a, true, it);
    if (r !== undefined) return r;
  }
  return undefined;
}

function repeatCount(it: Interp, n: Value, itemCount: number): number {
  const c = expectInt(it, n, "can't multiply sequence by non-int of type");
  const k = typeof c === 'bigint' ? (c > 0n ? Infinity : 0) : Math.max(0, c);
  if (k * itemCount > 1e8) it.raise('MemoryError', 'sequence repetition is too large');
  it.allocate(k * itemCount * 8);
  return k;
}

function builtinSeqBinary(it: Interp, op: BinaryOperator, a: Value, b: Value): Value | undefined {
  switch (op) {
    case '+':
      if (a.kind === 'str' && b.kind === 'str') return mkStr(a.value + b.value);
      if (a.kind === 'list' && b.kind === 'list') return mkList([...a.items, ...b.items]);
      if (a.kind === 'tuple' && b.kind === 'tuple') return mkTuple([...a.items, ...b.items]);
      break;
    case '*': {
      const [seq, n] = a.kind === 'str' || a.kind === 'list' || a.kind === 'tuple' ? [a, b] : [b, a];
      if (n.kind !== 'int' && n.kind !== 'bool' && n.kind !== 'unknown' && n.kind !== 'instance') break;
      if (n.kind === 'unknown') return n;
      if (seq.kind === 'str') return mkStr(seq.value.repeat(repeatCount(it, n, seq.value.length)));
      if (seq.kind === 'list' || seq.kind === 'tuple') {
        const k = repeatCount(it, n, seq.items.length);
        const out: Value[] = [];
        for (let i = 0; i < k; i++) for (const x of seq.items) out.push(x);
        return seq.kind === 'list' ? mkList(out) : mkTuple(out);
      }
      break;
    }
    case '%':
      if (a.kind === 'str') return percent(it, a.value, b);
      break;
    case '|': case '&': case '-': case '^':
      if (a.kind === 'set' && b.kind === 'set') return setOp(it, op, a, b);
      if (op === '|' && a.kind === 'dict' && b.kind === 'dict') {
        const t = a.table.copy();
        for (const e of b.table.entries()) t.set(e.key, e.value, it);
        return { kind: 'dict', table: t };
      }
      break;
    default: break;
  }
  return undefined;
}

export function setOp(it: Interp, op: '|' | '&' | '-' | '^', a: Value & { kind: 'set' }, b: Value & { kind: 'set' }): Value {
  const t = new PyDict<Value>();
  switch (op) {
    case '|':
      for (const k of a.table.keys()) t.set(k, NONE, it);
      for (const k of b.table.keys()) t.set(k, NONE, it);
      break;
    case '&': for (const k of a.table.keys()) if (b.table.has(k, it)) t.set(k, NONE, it); break;
    case '-': for (const k of a.table.keys()) if (!b.table.has(k, it)) t.set(k, NONE, it); break;
    case '^':
      for (const k of a.table.keys()) if (!b.table.has(k, it)) t.set(k, NONE, it);
      for (const k of b.table.keys()) if (!a.table.has(k, it)) t.set(k, NONE, it);
      break;
  }
  return { kind: 'set', table: t, frozen: a.frozen };
}

/** `a op= b`: in place for lists/sets/dicts and objects that support it, else `a op b`. */
export function inplaceOp(it: Interp, op: BinaryOperator, a: Value, b: Value): Value {
  switch (a.kind) {
    case 'int': case 'float': case 'str': case 'tuple': return binaryOp(it, op, a, b);
    case 'list':
      if (op === '+') {
        if (b.kind === 'list') { a.items.push(...b.items); return a; }
        if (b.kind === 'unknown') return b;
        a.items.push(...toArray(it, b));
        return a;
      }
      if (op === '*') {
        const k = repeatCount(it, b, a.items.length);
        const copy = a.items.slice();
        a.items.length = 0;
        for (let i = 0; i < k; i++) a.items.push(...copy);
        return a;
      }
      break;
    case 'set':
      if (!a.frozen && b.kind === 'set' && (op === '|' || op === '&' || op === '-' || op === '^')) {
        const r = setOp(it, op, a, b) as Value & { kind: 'set' };
        a.table.clear();
        for (const k of r.table.keys()) a.table.set(k, NONE, it);
        return a;
      }
      break;
    case 'dict':
      if (op === '|' && b.kind === 'dict') {
        for (const e of b.table.entries()) a.table.set(e.key, e.value, it);
        return a;
      }
      break;
    case 'instance': {
      const m = lookupMro(a.cls, DUNDER[op][2]);
      if (m !== undefined) { const r = callMethod(it, m, a, [b]); if (r !== NOT_IMPLEMENTED) return r; }
      break;
    }
    case 'host': {
      const r = a.obj.inplaceOp?.(op, b, it);
      if (r !== undefined) return r;
      break;
    }
    default: break;
  }
  return binaryOp(it, op, a, b);
}

export function unaryOp(it: Interp, op: '-' | '+' | '~' | 'not', v: Value): Value {
  if (op === 'not') {
    const t = truthOf(it, v);
    return t === undefined ? (v.kind === 'unknown' ? v : mkUnknown('negation of an unknown truth value')) : mkBool(!t);
  }
  switch (v.kind) {
    case 'int':
      return op === '-' ? mkIntFrom(I.intNeg(v.value)) : op === '+' ? v : mkIntFrom(I.intInvert(v.value));
    case 'bool': return unaryOp(it, op, mkInt(v.value ? 1 : 0));
    case 'float':
      if (op === '~') break;
      return op === '-' ? mkFloat(-v.value) : v;
    case 'unknown': return v;
    case 'instance': {
      const m = lookupMro(v.cls, op === '-' ? '__neg__' : op === '+' ? '__pos__' : '__invert__');
      if (m !== undefined) return callMethod(it, m, v, []);
      break;
    }
    case 'host': {
      const r = v.obj.unaryOp?.(op, it);
      if (r !== undefined) return r;
      break;
    }
    default: break;
  }
  return it.raise('TypeError', `bad operand type for unary ${op}: '${kindName(v)}'`);
}

/**
 * PEP 604 `int | None` (annotations, isinstance): modelled as the tuple of its classes, which
 * `isinstance` and `issubclass` already accept; `None` contributes nothing we need.
 */
function typeUnion(a: Value, b: Value): Value | undefined {
  const members: Value[] = [];
  for (const v of [a, b]) {
    if (v.kind === 'class') members.push(v);
    else if (v.kind === 'tuple' && v.items.every((x) => x.kind === 'class')) members.push(...v.items);
    else if (v.kind !== 'none') return undefined;
  }
  return mkTuple(members);
}
