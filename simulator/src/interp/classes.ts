/**
 * User class creation: validating bases, computing the C3 MRO, wiring methods to their class
 * (for zero-argument `super()`), Python's "defining __eq__ without __hash__ makes instances
 * unhashable" rule, and the `onSubclass` hook native modules use (Enum turns its subclasses'
 * attributes into members this way).
 * Invariant: a created class's `mro` starts with itself and ends with `object`.
 */
import type { ClassDef } from '../frontend/ast';
import type { Interp } from './interp';
import { c3Mro, objectType } from './types';
import type { ClassValue, Value } from './values';
import { NONE, kindName } from './values';

export function createClass(
  it: Interp, name: string, qualname: string, module: string, baseValues: readonly Value[],
  namespace: Map<string, Value>, keywords: ReadonlyMap<string, Value>, node?: ClassDef,
): ClassValue {
  const bases: ClassValue[] = [];
  for (const b of baseValues) {
    if (b.kind === 'class') bases.push(b);
    else if (b.kind === 'unknown') it.gap(`base class of '${name}' is unknown (${b.reason}); treated as object`, node?.span);
    else it.raise('TypeError', `bases must be types, not '${kindName(b)}'`);
  }
  for (const k of keywords.keys()) {
    if (k !== 'metaclass') it.gap(`class keyword '${k}' is ignored`, node?.span);
  }
  if (keywords.has('metaclass')) it.gap(`metaclass of '${name}' is ignored`, node?.span);
  if (bases.length === 0) bases.push(objectType);
  const cls: ClassValue = {
    kind: 'class', name, qualname, module, bases, mro: [], attrs: namespace, builtin: false,
  };
  const mro = c3Mro(cls, bases);
  if (mro === undefined) {
    return it.raise('TypeError', `Cannot create a consistent method resolution order (MRO) for bases ${bases.map((b) => b.name).join(', ')}`);
  }
  (cls as { mro: readonly ClassValue[] }).mro = mro;
  if (bases.some((b) => b.frozen)) cls.frozen = true;
  for (const v of namespace.values()) adopt(v, cls);
  if (namespace.has('__eq__') && !namespace.has('__hash__')) namespace.set('__hash__', NONE);
  const hooks = new Set<(c: ClassValue, ctx: Interp) => void>();
  for (const c of mro.slice(1)) if (c.onSubclass) hooks.add(c.onSubclass);
  for (const h of hooks) h(cls, it);
  return cls;
}

/** Records the owning class on functions defined in a class body (what `super()` needs). */
export function adopt(v: Value, cls: ClassValue): void {
  switch (v.kind) {
    case 'function': v.ownerClass ??= cls; break;
    case 'staticmethod': case 'classmethod': adopt(v.func, cls); break;
    case 'property':
      if (v.fget) adopt(v.fget, cls);
      if (v.fset) adopt(v.fset, cls);
      break;
    default: break;
  }
}
