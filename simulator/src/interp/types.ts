/**
 * The builtin type objects (`object`, `int`, `str`, `list`, ..., `type`) and the mapping from a
 * value to its type. Method tables are filled in by the `methods_*.ts` modules; constructors
 * (what calling `int(...)` does) by builtins.ts.
 * Invariant: these classes are shared by all interpreters and immutable once start-up is done.
 */
import type { ClassValue, Value } from './values';

/** C3 linearisation; undefined when the bases admit no consistent order. */
export function c3Mro(cls: ClassValue, bases: readonly ClassValue[]): ClassValue[] | undefined {
  const seqs = [...bases.map((b) => [...b.mro]), [...bases]].filter((s) => s.length > 0);
  const out: ClassValue[] = [cls];
  while (seqs.length > 0) {
    let head: ClassValue | undefined;
    for (const s of seqs) {
      const cand = s[0]!;
      if (!seqs.some((t) => t.indexOf(cand) > 0)) { head = cand; break; }
    }
    if (head === undefined) return undefined;
    out.push(head);
    for (const s of seqs) if (s[0] === head) s.shift();
    for (let i = seqs.length - 1; i >= 0; i--) if (seqs[i]!.length === 0) seqs.splice(i, 1);
  }
  return out;
}

export function makeClass(
  name: string, bases: readonly ClassValue[], opts: { builtin?: boolean; module?: string; qualname?: string } = {},
): ClassValue {
  const cls: ClassValue = {
    kind: 'class', name, qualname: opts.qualname ?? name, module: opts.module ?? 'builtins',
    bases, mro: [], attrs: new Map(), builtin: opts.builtin ?? false,
  };
  const mro = bases.length === 0 ? [cls] : c3Mro(cls, bases);
  if (mro === undefined) throw new Error(`inconsistent MRO for ${name}`);
  (cls as { mro: readonly ClassValue[] }).mro = mro;
  return cls;
}

function builtinType(name: string, base?: ClassValue): ClassValue {
  return makeClass(name, base ? [base] : [], { builtin: true });
}

export const objectType = builtinType('object');
export const typeType = builtinType('type', objectType);
export const noneType = builtinType('NoneType', objectType);
export const intType = builtinType('int', objectType);
export const boolType = builtinType('bool', intType);
export const floatType = builtinType('float', objectType);
export const strType = builtinType('str', objectType);
export const tupleType = builtinType('tuple', objectType);
export const listType = builtinType('list', objectType);
export const dictType = builtinType('dict', objectType);
export const setType = builtinType('set', objectType);
export const frozensetType = builtinType('frozenset', objectType);
export const rangeType = builtinType('range', objectType);
export const sliceType = builtinType('slice', objectType);
export const functionType = builtinType('function', objectType);
export const builtinFunctionType = builtinType('builtin_function_or_method', objectType);
export const methodType = builtinType('method', objectType);
export const moduleType = builtinType('module', objectType);
export const iteratorType = builtinType('iterator', objectType);
export const propertyType = builtinType('property', objectType);
export const staticmethodType = builtinType('staticmethod', objectType);
export const classmethodType = builtinType('classmethod', objectType);
export const superType = builtinType('super', objectType);
export const ellipsisType = builtinType('ellipsis', objectType);
export const notImplementedType = builtinType('NotImplementedType', objectType);
/** The type of shape mode's unknown values (never visible as a builtin name). */
export const unknownType = builtinType('unknown', objectType);

const hostTypes = new Map<string, ClassValue>();
/** A synthetic class per host type name, so `type(t).__name__` and method lookup messages work. */
export function hostType(typeName: string): ClassValue {
  let c = hostTypes.get(typeName);
  if (c === undefined) { c = makeClass(typeName, [objectType], { builtin: true, module: 'host' }); hostTypes.set(typeName, c); }
  return c;
}

export function typeOf(v: Value): ClassValue {
  switch (v.kind) {
    case 'none': return noneType;
    case 'bool': return boolType;
    case 'int': return intType;
    case 'float': return floatType;
    case 'str': return strType;
    case 'tuple': return tupleType;
    case 'list': return listType;
    case 'dict': return dictType;
    case 'set': return v.frozen ? frozensetType : setType;
    case 'range': return rangeType;
    case 'slice': return sliceType;
    case 'function': return functionType;
    case 'builtin': return builtinFunctionType;
    case 'boundMethod': return methodType;
    case 'class': return typeType;
    case 'instance': return v.cls;
    case 'module': return moduleType;
    case 'iterator': return iteratorType;
    case 'property': return propertyType;
    case 'staticmethod': return staticmethodType;
    case 'classmethod': return classmethodType;
    case 'super': return superType;
    case 'ellipsis': return ellipsisType;
    case 'notimplemented': return notImplementedType;
    case 'unknown': return unknownType;
    case 'host': return hostType(v.obj.typeName);
  }
}

export function isSubclass(cls: ClassValue, base: ClassValue): boolean {
  return cls === base || cls.mro.includes(base);
}

/** Attribute lookup along the MRO (no descriptor binding). */
export function lookupMro(cls: ClassValue, name: string): Value | undefined {
  const mro = cls.mro;
  for (let i = 0; i < mro.length; i++) {
    const v = mro[i]!.attrs.get(name);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Like lookupMro, but also reports the class where the attribute was found. */
export function lookupMroWithOwner(cls: ClassValue, name: string, after?: ClassValue): [Value, ClassValue] | undefined {
  const mro = cls.mro;
  let i = 0;
  if (after !== undefined) {
    i = mro.indexOf(after) + 1;
    if (i === 0) return undefined;
  }
  for (; i < mro.length; i++) {
    const v = mro[i]!.attrs.get(name);
    if (v !== undefined) return [v, mro[i]!];
  }
  return undefined;
}
