/**
 * Python's operator protocols, gathered in one import: truthiness and the `__index__`/`__float__`
 * conversions live here; text (repr/str/format) in text.ts, comparison and hashing in
 * compare.ts, arithmetic in arith.ts, subscripts/iteration/len in sequences.ts.
 * Each operation has a fast path for builtin kinds (ints first: loops live on them), then user
 * dunder methods, then host objects, then the TypeError CPython would raise.
 * Invariants: operations never throw on `unknown` operands — they return `unknown` (carrying the
 * first operand's reason); a host object gets the first chance to handle an `unknown` partner.
 */
import { callValue, callMethod } from './calls';
import type { Interp } from './interp';
import * as I from './ints';
import { UnknownSignal } from './native';
import { lookupMro } from './types';
import { getIter, pyLen, rangeLength, toArray } from './sequences';
import type { UnknownValue, Value } from './values';
import { kindName, mkInt } from './values';

export { getIter, pyLen, toArray };
export * from './text';
export * from './compare';
export * from './arith';

// ---------------------------------------------------------------------------------------------
// Truthiness

/** Python truthiness; undefined when the value is (or reduces to) unknown. */
export function truthOf(it: Interp, v: Value): boolean | undefined {
  switch (v.kind) {
    case 'bool': return v.value;
    case 'none': return false;
    case 'int': return v.value !== 0;
    case 'float': return v.value !== 0;
    case 'str': return v.value.length > 0;
    case 'tuple': case 'list': return v.items.length > 0;
    case 'dict': case 'set': return v.table.size > 0;
    case 'range': return rangeLength(v.start, v.stop, v.step) > 0;
    case 'unknown': return undefined;
    case 'instance': {
      const b = lookupMro(v.cls, '__bool__');
      if (b !== undefined) return truthOf(it, callMethod(it, b, v, []));
      const l = lookupMro(v.cls, '__len__');
      if (l !== undefined) return truthOf(it, callMethod(it, l, v, []));
      return true;
    }
    case 'class': {
      const len = v.meta?.len;
      return len ? len(v, it) > 0 : true;
    }
    case 'host': {
      const t = v.obj.truthy?.(it);
      if (t === undefined) {
        if (v.obj.len) return truthOf(it, lenToValue(v.obj.len(it)));
        return true;
      }
      return typeof t === 'boolean' ? t : truthOf(it, t);
    }
    default: return true;
  }
}

function lenToValue(n: number | Value): Value { return typeof n === 'number' ? mkInt(n) : n; }

/** Truthiness where a decision is unavoidable: unknown records a gap and counts as true. */
export function truthy(it: Interp, v: Value): boolean {
  const t = truthOf(it, v);
  if (t !== undefined) return t;
  it.gap(`truth value of an unknown value (${unknownReason(v)}) assumed true`);
  return true;
}

export function unknownReason(v: Value): string {
  return v.kind === 'unknown' ? v.reason : 'unknown';
}

// ---------------------------------------------------------------------------------------------
// Conversions through dunders

/** `__index__`: an int for ints, bools, IntEnum members, `__index__` objects and hosts. */
export function indexValue(it: Interp, v: Value): I.IntRepr | undefined {
  switch (v.kind) {
    case 'int': return v.value;
    case 'bool': return v.value ? 1 : 0;
    case 'instance': {
      const m = lookupMro(v.cls, '__index__');
      if (m === undefined) return undefined;
      const r = callMethod(it, m, v, []);
      if (r.kind !== 'int') it.raise('TypeError', `__index__ returned non-int (type ${kindName(r)})`);
      return (r as { value: I.IntRepr }).value;
    }
    case 'host': {
      const r = v.obj.index?.(it);
      if (r === undefined) return undefined;
      if (r.kind === 'unknown') throw new UnknownSignal(r.reason);
      return r.kind === 'int' ? r.value : undefined;
    }
    case 'unknown': throw new UnknownSignal(v.reason);
    default: return undefined;
  }
}

/** `__float__` for instances (and `__index__` fallback). */
export function floatValue(it: Interp, v: Value): number | undefined {
  if (v.kind === 'instance') {
    const m = lookupMro(v.cls, '__float__');
    if (m !== undefined) {
      const r = callMethod(it, m, v, []);
      if (r.kind === 'float') return r.value;
    }
  }
  const i = indexValue(it, v);
  return i === undefined ? undefined : Number(i);
}

export function unknownOf(...vs: Value[]): UnknownValue | undefined {
  for (const v of vs) if (v.kind === 'unknown') return v;
  return undefined;
}

export { callValue };
