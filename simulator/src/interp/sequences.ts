/**
 * Sequence and mapping protocols: iteration, `len`, subscripts (`a[i]`, `a[i:j:k]`, `d[k]`) for
 * reading, writing and deleting, and slice arithmetic.
 * Invariants: an iterator over a list reads it live by index (appending while iterating is seen,
 * as in CPython); dicts and sets are iterated over a snapshot. Unknown subscripts or containers
 * give `unknown`; iterating an unknown throws `UnknownSignal` (callers that can cope check first).
 */
import { callMethod } from './calls';
import type { Interp } from './interp';
import type { IntRepr } from './ints';
import { UnknownSignal } from './native';
import { indexValue, pyEquals } from './ops';
import { lookupMro } from './types';
import type { IteratorValue, SliceValue, Value } from './values';
import { NONE, TRUE, FALSE, kindName, mkInt, mkIterator, mkList, mkStr, mkTuple, mkUnknown } from './values';

export interface PyIter { next(): Value | undefined }

export function rangeLength(start: number, stop: number, step: number): number {
  if (step > 0) return start < stop ? Math.floor((stop - start - 1) / step) + 1 : 0;
  return start > stop ? Math.floor((start - stop - 1) / -step) + 1 : 0;
}

/** An iterator over any iterable; throws TypeError for non-iterables, UnknownSignal for unknown. */
export function getIter(it: Interp, v: Value): PyIter {
  switch (v.kind) {
    case 'list': { const items = v.items; let i = 0; return { next: () => (i < items.length ? items[i++] : undefined) }; }
    case 'tuple': { const items = v.items; let i = 0; return { next: () => (i < items.length ? items[i++] : undefined) }; }
    case 'str': {
      const s = v.value; let i = 0;
      return { next: () => (i < s.length ? mkStr(s[i++]!) : undefined) };
    }
    case 'range': {
      const { start, step } = v; const n = rangeLength(v.start, v.stop, v.step); let i = 0;
      return { next: () => (i < n ? mkInt(start + step * i++) : undefined) };
    }
    case 'dict': case 'set': { const keys = v.table.keys(); let i = 0; return { next: () => (i < keys.length ? keys[i++] : undefined) }; }
    case 'iterator': return v;
    case 'unknown': throw new UnknownSignal(v.reason);
    case 'instance': {
      const iter = lookupMro(v.cls, '__iter__');
      if (iter !== undefined) {
        const itv = callMethod(it, iter, v, []);
        if (itv.kind === 'iterator') return itv;
        if (itv.kind === 'instance') return nextProtocol(it, itv);
        return getIter(it, itv);
      }
      const gi = lookupMro(v.cls, '__getitem__');
      if (gi !== undefined) {
        // The old sequence protocol: v[0], v[1], ... until IndexError.
        let i = 0;
        return {
          next: () => {
            try { return callMethod(it, gi, v, [mkInt(i++)]); } catch (e) {
              if (isPyExc(e, 'IndexError') || isPyExc(e, 'StopIteration')) return undefined;
              throw e;
            }
          },
        };
      }
      break;
    }
    case 'class': {
      const meta = v.meta?.iterate ?? v.mro.find((c) => c.meta?.iterate)?.meta?.iterate;
      if (meta) { const items = meta(v, it); let i = 0; return { next: () => (i < items.length ? items[i++] : undefined) }; }
      break;
    }
    case 'host': {
      if (v.obj.iterate) {
        const jsIt = v.obj.iterate(it)[Symbol.iterator]();
        return { next: () => { const r = jsIt.next(); return r.done ? undefined : r.value; } };
      }
      break;
    }
    default: break;
  }
  return it.raise('TypeError', `'${kindName(v)}' object is not iterable`);
}

function isPyExc(e: unknown, name: string): boolean {
  return e instanceof Error && e.name === 'PyException' && (e as unknown as { value: { cls: { mro: Array<{ name: string }> } } }).value.cls.mro.some((c) => c.name === name);
}

/** `__next__`-protocol objects: call `__next__` until StopIteration. */
function nextProtocol(it: Interp, obj: Value & { kind: 'instance' }): PyIter {
  const nx = lookupMro(obj.cls, '__next__');
  if (nx === undefined) it.raise('TypeError', `iter() returned non-iterator of type '${obj.cls.name}'`);
  return {
    next: () => {
      try { return callMethod(it, nx!, obj, []); } catch (e) {
        if (isPyExc(e, 'StopIteration')) return undefined;
        throw e;
      }
    },
  };
}

export function iteratorValue(it: Interp, v: Value): IteratorValue {
  if (v.kind === 'iterator') return v;
  const p = getIter(it, v);
  return mkIterator(`${kindName(v)}_iterator`, () => p.next());
}

/** All items of an iterable, as a fresh array (lists and tuples: a copy). */
export function toArray(it: Interp, v: Value): Value[] {
  switch (v.kind) {
    case 'list': case 'tuple': return v.items.slice();
    case 'dict': case 'set': return v.table.keys();
    default: {
      const p = getIter(it, v);
      const out: Value[] = [];
      for (let x = p.next(); x !== undefined; x = p.next()) {
        out.push(x);
        if ((out.length & 0xffff) === 0) it.allocate(0x10000 * 8);
      }
      return out;
    }
  }
}

export function pyLen(it: Interp, v: Value): Value {
  switch (v.kind) {
    case 'str': return mkInt(v.value.length);
    case 'list': case 'tuple': return mkInt(v.items.length);
    case 'dict': case 'set': return mkInt(v.table.size);
    case 'range': return mkInt(rangeLength(v.start, v.stop, v.step));
    case 'unknown': return v;
    case 'instance': {
      const m = lookupMro(v.cls, '__len__');
      if (m !== undefined) return callMethod(it, m, v, []);
      break;
    }
    case 'class': {
      const len = v.meta?.len ?? v.mro.find((c) => c.meta?.len)?.meta?.len;
      if (len) return mkInt(len(v, it));
      break;
    }
    case 'host': {
      if (v.obj.len) { const n = v.obj.len(it); return typeof n === 'number' ? mkInt(n) : n; }
      break;
    }
    default: break;
  }
  return it.raise('TypeError', `object of type '${kindName(v)}' has no len()`);
}

export function sequenceContains(it: Interp, container: Value, item: Value): Value {
  if (container.kind === 'range' && item.kind === 'int' && typeof item.value === 'number') {
    const { start, stop, step } = container;
    const x = item.value;
    const inBounds = step > 0 ? x >= start && x < stop : x <= start && x > stop;
    return inBounds && (x - start) % step === 0 ? TRUE : FALSE;
  }
  if (item.kind === 'unknown') return item;
  const p = getIter(it, container);
  let sawUnknown = false;
  for (let x = p.next(); x !== undefined; x = p.next()) {
    if (x.kind === 'unknown') sawUnknown = true;
    else if (x === item || pyEquals(it, x, item)) return TRUE;
  }
  return sawUnknown ? mkUnknown('membership among unknown values') : FALSE;
}

// ---------------------------------------------------------------------------------------------
// Slices

/** CPython's PySlice_GetIndicesEx: normalised [start, stop, step, count] for a sequence length. */
export function sliceIndices(it: Interp, s: SliceValue, length: number): [number, number, number, number] {
  const part = (v: Value): number | undefined => {
    if (v.kind === 'none') return undefined;
    const i = indexValue(it, v);
    if (i === undefined) it.raise('TypeError', 'slice indices must be integers or None or have an __index__ method');
    return typeof i === 'bigint' ? (i < 0n ? -Infinity : Infinity) : i;
  };
  const step = part(s.step) ?? 1;
  if (step === 0) it.raise('ValueError', 'slice step cannot be zero');
  let start = part(s.start);
  let stop = part(s.stop);
  if (step > 0) {
    start = start === undefined ? 0 : start < 0 ? Math.max(0, start + length) : Math.min(start, length);
    stop = stop === undefined ? length : stop < 0 ? Math.max(0, stop + length) : Math.min(stop, length);
  } else {
    start = start === undefined ? length - 1 : start < 0 ? Math.max(-1, start + length) : Math.min(start, length - 1);
    stop = stop === undefined ? -1 : stop < 0 ? Math.max(-1, stop + length) : Math.min(stop, length - 1);
  }
  return [start, stop, step, rangeLength(start, stop, step)];
}

function sliceItems<T>(items: ArrayLike<T>, start: number, step: number, n: number): T[] {
  const out: T[] = new Array(n);
  for (let i = 0; i < n; i++) out[i] = items[start + i * step]!;
  return out;
}

function hasUnknownPart(s: SliceValue): boolean {
  return s.start.kind === 'unknown' || s.stop.kind === 'unknown' || s.step.kind === 'unknown';
}

/** Normalises a sequence index (negative from the end); raises IndexError when out of range. */
export function seqIndex(it: Interp, key: Value, length: number, what: string): number {
  const i = indexValue(it, key);
  if (i === undefined) it.raise('TypeError', `${what} indices must be integers or slices, not ${kindName(key)}`);
  const n = typeof i === 'bigint' ? (i < 0n ? -Infinity : Infinity) : (i as number);
  const j = n < 0 ? n + length : n;
  if (!(j >= 0 && j < length)) it.raise('IndexError', `${what} index out of range`);
  return j;
}

// ---------------------------------------------------------------------------------------------
// Subscripts

export function getItem(it: Interp, obj: Value, key: Value): Value {
  switch (obj.kind) {
    case 'list': case 'tuple': {
      if (key.kind === 'int' && typeof key.value === 'number') {
        // Hot path: a[i] with a small int.
        const n = obj.items.length;
        const j = key.value < 0 ? key.value + n : key.value;
        if (j >= 0 && j < n) return obj.items[j]!;
        return it.raise('IndexError', `${obj.kind} index out of range`);
      }
      if (key.kind === 'slice') {
        if (hasUnknownPart(key)) return mkUnknown('slice with an unknown bound');
        const [start, , step, n] = sliceIndices(it, key, obj.items.length);
        const items = sliceItems(obj.items, start, step, n);
        return obj.kind === 'list' ? mkList(items) : mkTuple(items);
      }
      if (key.kind === 'unknown') return key;
      return obj.items[seqIndex(it, key, obj.items.length, obj.kind)]!;
    }
    case 'str': {
      if (key.kind === 'slice') {
        if (hasUnknownPart(key)) return mkUnknown('slice with an unknown bound');
        const [start, , step, n] = sliceIndices(it, key, obj.value.length);
        return mkStr(step === 1 ? obj.value.slice(start, start + n) : sliceItems(obj.value, start, step, n).join(''));
      }
      if (key.kind === 'unknown') return key;
      return mkStr(obj.value[seqIndex(it, key, obj.value.length, 'string')]!);
    }
    case 'range': {
      const len = rangeLength(obj.start, obj.stop, obj.step);
      if (key.kind === 'slice') {
        if (hasUnknownPart(key)) return mkUnknown('slice with an unknown bound');
        const [start, stop, step] = sliceIndices(it, key, len);
        return { kind: 'range', start: obj.start + start * obj.step, stop: obj.start + stop * obj.step, step: obj.step * step };
      }
      if (key.kind === 'unknown') return key;
      return mkInt(obj.start + obj.step * seqIndex(it, key, len, 'range object'));
    }
    case 'dict': {
      if (key.kind === 'unknown') return key;
      const v = obj.table.get(key, it);
      if (v === undefined) return it.raiseArgs('KeyError', [key]);
      return v;
    }
    case 'unknown': return obj;
    case 'instance': {
      const m = lookupMro(obj.cls, '__getitem__');
      if (m !== undefined) return callMethod(it, m, obj, [key]);
      break;
    }
    case 'class': {
      const meta = obj.meta?.getItem ?? obj.mro.find((c) => c.meta?.getItem)?.meta?.getItem;
      if (meta) return meta(obj, key, it);
      const cg = lookupMro(obj, '__class_getitem__');
      if (cg !== undefined) return callMethod(it, cg, obj, [key]);
      // `list[int]`, `tuple[int, ...]` in annotations: a generic alias is as good as the class.
      if (obj.builtin) return obj;
      break;
    }
    case 'host': {
      if (obj.obj.getItem) return obj.obj.getItem(key, it);
      break;
    }
    default: break;
  }
  return it.raise('TypeError', `'${kindName(obj)}' object is not subscriptable`);
}

export function setItem(it: Interp, obj: Value, key: Value, value: Value): void {
  switch (obj.kind) {
    case 'list': {
      if (key.kind === 'slice') return setListSlice(it, obj, key, value);
      if (key.kind === 'unknown') { it.gap(`assignment to a list at an unknown index (${key.reason})`); return; }
      obj.items[seqIndex(it, key, obj.items.length, 'list assignment')] = value;
      return;
    }
    case 'dict':
      if (key.kind === 'unknown') { it.gap(`assignment to a dict at an unknown key (${key.reason})`); return; }
      obj.table.set(key, value, it);
      return;
    case 'unknown': return;
    case 'instance': {
      const m = lookupMro(obj.cls, '__setitem__');
      if (m !== undefined) { callMethod(it, m, obj, [key, value]); return; }
      break;
    }
    case 'host':
      if (obj.obj.setItem) { obj.obj.setItem(key, value, it); return; }
      break;
    default: break;
  }
  it.raise('TypeError', `'${kindName(obj)}' object does not support item assignment`);
}

function setListSlice(it: Interp, obj: Value & { kind: 'list' }, key: SliceValue, value: Value): void {
  if (hasUnknownPart(key)) { it.gap('slice assignment with an unknown bound'); return; }
  const items = value.kind === 'unknown' ? undefined : toArray(it, value);
  if (items === undefined) { it.gap('slice assignment of an unknown iterable'); return; }
  const [start, stop, step, n] = sliceIndices(it, key, obj.items.length);
  if (step === 1) {
    obj.items.splice(start, Math.max(0, stop - start), ...items);
    return;
  }
  if (items.length !== n) it.raise('ValueError', `attempt to assign sequence of size ${items.length} to extended slice of size ${n}`);
  for (let i = 0; i < n; i++) obj.items[start + i * step] = items[i]!;
}

export function delItem(it: Interp, obj: Value, key: Value): void {
  switch (obj.kind) {
    case 'list': {
      if (key.kind === 'slice') {
        const [start, , step, n] = sliceIndices(it, key, obj.items.length);
        const drop = new Set<number>();
        for (let i = 0; i < n; i++) drop.add(start + i * step);
        obj.items = obj.items.filter((_, i) => !drop.has(i));
        return;
      }
      obj.items.splice(seqIndex(it, key, obj.items.length, 'list assignment'), 1);
      return;
    }
    case 'dict':
      if (!obj.table.delete(key, it)) it.raiseArgs('KeyError', [key]);
      return;
    case 'unknown': return;
    case 'instance': {
      const m = lookupMro(obj.cls, '__delitem__');
      if (m !== undefined) { callMethod(it, m, obj, [key]); return; }
      break;
    }
    case 'host':
      if (obj.obj.delItem) { obj.obj.delItem(key, it); return; }
      break;
    default: break;
  }
  it.raise('TypeError', `'${kindName(obj)}' object does not support item deletion`);
}

export function mkSlice(start: Value, stop: Value, step: Value): SliceValue {
  return { kind: 'slice', start, stop, step };
}

export const NO_SLICE_PART = NONE;

export type { IntRepr };
