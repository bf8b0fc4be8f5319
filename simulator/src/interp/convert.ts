/**
 * Conversions between Python values and plain JS data, for tests and for callers that hand simple
 * inputs to a kernel. `toJs` is lossy by design (tuples and lists both become arrays; dicts with
 * str keys become objects, others Maps); `fromJs` maps numbers with no fractional part to int —
 * wrap in `{ float: x }` to force a float.
 */
import { PyDict } from './dict';
import type { Interp } from './interp';
import { repr } from './ops';
import type { Value } from './values';
import { FALSE, NONE, TRUE, mkFloat, mkInt, mkIntFrom, mkList, mkStr, mkTuple } from './values';

export type JsValue = null | undefined | boolean | number | bigint | string | JsValue[] | { [k: string]: JsValue } | Map<unknown, JsValue>;

/** A dict/set key table that compares keys by plain value (no user hashing needed). */
const plainKeys = {
  customHash: () => undefined,
  equals: (a: Value, b: Value) => a === b,
};

export function fromJs(x: unknown): Value {
  if (x === null || x === undefined) return NONE;
  switch (typeof x) {
    case 'boolean': return x ? TRUE : FALSE;
    case 'number': return Number.isSafeInteger(x) ? mkInt(x) : mkFloat(x);
    case 'bigint': return mkIntFrom(x);
    case 'string': return mkStr(x);
    default: break;
  }
  if (Array.isArray(x)) return mkList(x.map(fromJs));
  if (x instanceof Map) {
    const t = new PyDict<Value>();
    for (const [k, v] of x) t.set(fromJs(k), fromJs(v), plainKeys);
    return { kind: 'dict', table: t };
  }
  const o = x as Record<string, unknown>;
  if ('kind' in o && typeof o.kind === 'string' && !Array.isArray(o)) return o as unknown as Value;
  if ('float' in o && typeof o.float === 'number' && Object.keys(o).length === 1) return mkFloat(o.float);
  if ('tuple' in o && Array.isArray(o.tuple) && Object.keys(o).length === 1) return mkTuple(o.tuple.map(fromJs));
  const t = new PyDict<Value>();
  for (const [k, v] of Object.entries(o)) t.set(mkStr(k), fromJs(v), plainKeys);
  return { kind: 'dict', table: t };
}

export function toJs(v: Value, it?: Interp): unknown {
  switch (v.kind) {
    case 'none': return null;
    case 'bool': case 'float': case 'str': return v.value;
    case 'int': return v.value;
    case 'tuple': case 'list': return v.items.map((x) => toJs(x, it));
    case 'set': return new Set(v.table.keys().map((x) => toJs(x, it)));
    case 'range': { const out: number[] = []; for (let i = v.start; v.step > 0 ? i < v.stop : i > v.stop; i += v.step) out.push(i); return out; }
    case 'dict': {
      const entries = [...v.table.entries()];
      if (entries.every((e) => e.key.kind === 'str')) {
        const o: Record<string, unknown> = {};
        for (const e of entries) o[(e.key as { value: string }).value] = toJs(e.value, it);
        return o;
      }
      return new Map(entries.map((e) => [toJs(e.key, it), toJs(e.value, it)]));
    }
    default: return it ? repr(it, v) : `<${v.kind}>`;
  }
}
