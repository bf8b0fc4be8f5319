/**
 * Attribute access (`obj.name`, assignment, deletion) with Python's lookup order:
 * data descriptors (properties) on the type, then the instance's own attributes, then other class
 * attributes with binding (functions become bound methods, classmethods bind the class,
 * staticmethods unwrap), then `__getattr__`. Builtin values find their methods on their type.
 * Invariants: attribute access on `unknown` yields the same unknown; a missing attribute raises
 * AttributeError worded as CPython does.
 */
import { callMethod, callValue } from './calls';
import { PyDict } from './dict';
import { parseSignature } from './signature';
import type { Interp } from './interp';
import { repr } from './ops';
import { lookupMro, lookupMroWithOwner, typeOf } from './types';
import type { ClassValue, Value } from './values';
import { NONE, kindName, mkInt, mkStr, mkTuple } from './values';

/** Binds a class attribute found on `cls` for access through `self` (an instance or a class). */
export function bindAttr(it: Interp, attr: Value, self: Value, cls: ClassValue, viaInstance: boolean): Value {
  switch (attr.kind) {
    case 'function':
      return viaInstance ? { kind: 'boundMethod', self, func: attr } : attr;
    case 'builtin':
      return viaInstance ? { kind: 'boundMethod', self, func: attr } : attr;
    case 'classmethod':
      return { kind: 'boundMethod', self: viaInstance ? cls : self, func: attr.func };
    case 'staticmethod':
      return attr.func;
    case 'property':
      if (!viaInstance) return attr;
      if (attr.fget === undefined) return it.raise('AttributeError', 'property has no getter');
      return callValue(it, attr.fget, [self]);
    default:
      return attr;
  }
}

export function getAttr(it: Interp, obj: Value, name: string): Value {
  switch (obj.kind) {
    case 'instance': {
      const cls = obj.cls;
      const clsAttr = lookupMro(cls, name);
      if (clsAttr !== undefined && clsAttr.kind === 'property') return bindAttr(it, clsAttr, obj, cls, true);
      const own = obj.attrs.get(name);
      if (own !== undefined) return own;
      if (clsAttr !== undefined) return bindAttr(it, clsAttr, obj, cls, true);
      if (name === '__class__') return cls;
      if (name === '__dict__') return dictOf(it, obj.attrs);
      const ga = lookupMro(cls, '__getattr__');
      if (ga !== undefined) return callMethod(it, ga, obj, [mkStr(name)]);
      return it.raise('AttributeError', `'${cls.name}' object has no attribute '${name}'`);
    }
    case 'class': return classAttr(it, obj, name);
    case 'module': {
      const v = obj.attrs.get(name);
      if (v !== undefined) return v;
      const ga = obj.attrs.get('__getattr__');
      if (ga !== undefined) return callValue(it, ga, [mkStr(name)]);
      return it.raise('AttributeError', `module '${obj.name}' has no attribute '${name}'`);
    }
    case 'unknown': return obj;
    case 'host': {
      const v = obj.obj.getAttr?.(name, it);
      if (v !== undefined) return v;
      if (name === '__class__') return typeOf(obj);
      return it.raise('AttributeError', `'${obj.obj.typeName}' object has no attribute '${name}'`);
    }
    case 'super': return superAttr(it, obj, name);
    default: return builtinValueAttr(it, obj, name);
  }
}

function dictOf(it: Interp, attrs: Map<string, Value>): Value {
  const d = { kind: 'dict' as const, table: new PyDict<Value>() };
  for (const [k, v] of attrs) d.table.set(mkStr(k), v, it);
  return d;
}

function classAttr(it: Interp, cls: ClassValue, name: string): Value {
  const found = lookupMroWithOwner(cls, name);
  if (found !== undefined) return bindAttr(it, found[0], cls, cls, false);
  switch (name) {
    case '__name__': return mkStr(cls.name);
    case '__qualname__': return mkStr(cls.qualname);
    case '__module__': return mkStr(cls.module);
    case '__mro__': return mkTuple(cls.mro);
    case '__bases__': return mkTuple(cls.bases);
    case '__base__': return cls.bases[0] ?? NONE;
    case '__class__': return typeOf(cls);
    case '__dict__': return dictOf(it, cls.attrs);
    case '__doc__': return NONE;
    default: break;
  }
  const typeAttr = lookupMro(typeOf(cls), name);
  if (typeAttr !== undefined) return bindAttr(it, typeAttr, cls, typeOf(cls), true);
  return it.raise('AttributeError', `type object '${cls.name}' has no attribute '${name}'`);
}

function superAttr(it: Interp, sv: Value & { kind: 'super' }, name: string): Value {
  const self = sv.self;
  const viaInstance = self.kind !== 'class';
  const start = self.kind === 'class' ? self : typeOf(self);
  const found = lookupMroWithOwner(start, name, sv.cls);
  if (found === undefined) return it.raise('AttributeError', `'super' object has no attribute '${name}'`);
  const attr = found[0];
  if (attr.kind === 'classmethod') return { kind: 'boundMethod', self: start, func: attr.func };
  if (!viaInstance && (attr.kind === 'function' || attr.kind === 'builtin')) return attr;
  return bindAttr(it, attr, self, start, viaInstance);
}

/** Attributes of builtin kinds: their type's methods plus a few data attributes. */
function builtinValueAttr(it: Interp, obj: Value, name: string): Value {
  switch (obj.kind) {
    case 'slice': case 'range':
      if (name === 'start' || name === 'stop' || name === 'step') {
        if (obj.kind === 'range') return mkInt(obj[name]);
        return obj[name];
      }
      break;
    case 'int': case 'bool':
      if (name === 'real' || name === 'numerator') return obj.kind === 'bool' ? mkInt(obj.value ? 1 : 0) : obj;
      if (name === 'imag') return mkInt(0);
      if (name === 'denominator') return mkInt(1);
      break;
    case 'float':
      if (name === 'real') return obj;
      if (name === 'imag') return { kind: 'float', value: 0 };
      break;
    case 'function': {
      const own = obj.attrs?.get(name);
      if (own !== undefined) return own;
      switch (name) {
        case '__name__': return mkStr(obj.name);
        case '__qualname__': return mkStr(obj.qualname);
        case '__module__': return mkStr(obj.module.name);
        case '__doc__': return obj.node.kind === 'FunctionDef' && obj.node.docstring !== undefined ? mkStr(obj.node.docstring) : NONE;
        case '__defaults__': {
          const d = obj.defaults.filter((x, i) => x !== undefined && obj.params[i]!.kind !== 'keywordOnly') as Value[];
          return d.length ? mkTuple(d) : NONE;
        }
        default: break;
      }
      break;
    }
    case 'builtin':
      if (name === '__name__' || name === '__qualname__') return mkStr(obj.name);
      if (name === '__doc__') return obj.doc !== undefined ? mkStr(obj.doc) : NONE;
      break;
    case 'boundMethod':
      if (name === '__self__') return obj.self;
      if (name === '__func__') return obj.func;
      return getAttr(it, obj.func, name);
    case 'property':
      if (name === 'fget') return obj.fget ?? NONE;
      if (name === 'fset') return obj.fset ?? NONE;
      if (name === 'setter' || name === 'getter' || name === 'deleter') {
        return {
          kind: 'builtin', name, sig: propertyDecoratorSig, impl: ([f]) => ({
            kind: 'property',
            fget: name === 'getter' ? f : obj.fget,
            fset: name === 'setter' ? f : obj.fset,
            fdel: name === 'deleter' ? f : obj.fdel,
          }),
        };
      }
      break;
    case 'staticmethod': case 'classmethod':
      if (name === '__func__') return obj.func;
      break;
    default: break;
  }
  if (name === '__class__') return typeOf(obj);
  const cls = typeOf(obj);
  const attr = lookupMro(cls, name);
  if (attr !== undefined) return bindAttr(it, attr, obj, cls, true);
  return it.raise('AttributeError', `'${kindName(obj)}' object has no attribute '${name}'`);
}

const propertyDecoratorSig = parseSignature('func, /');

export function setAttr(it: Interp, obj: Value, name: string, value: Value): void {
  switch (obj.kind) {
    case 'instance': {
      const clsAttr = lookupMro(obj.cls, name);
      if (clsAttr !== undefined && clsAttr.kind === 'property') {
        if (clsAttr.fset === undefined) it.raise('AttributeError', `property '${name}' of '${obj.cls.name}' object has no setter`);
        callValue(it, clsAttr.fset!, [obj, value]);
        return;
      }
      const sa = lookupMro(obj.cls, '__setattr__');
      if (sa !== undefined && sa.kind === 'function') { callMethod(it, sa, obj, [mkStr(name), value]); return; }
      if (obj.cls.frozen) it.raise(it.builtinClass('FrozenInstanceError'), `cannot assign to field '${name}'`);
      obj.attrs.set(name, value);
      return;
    }
    case 'unknown': return;
    default: setAttrRaw(it, obj, name, value);
  }
}

/** Assignment without `__setattr__`/frozen checks (what `object.__setattr__` does). */
export function setAttrRaw(it: Interp, obj: Value, name: string, value: Value): void {
  switch (obj.kind) {
    case 'instance': obj.attrs.set(name, value); return;
    case 'class':
      if (obj.builtin) it.raise('TypeError', `cannot set '${name}' attribute of immutable type '${obj.name}'`);
      obj.attrs.set(name, value);
      return;
    case 'module': obj.attrs.set(name, value); return;
    case 'function':
      if (name === '__name__' && value.kind === 'str') { obj.name = value.value; return; }
      if (name === '__qualname__' && value.kind === 'str') { obj.qualname = value.value; return; }
      (obj.attrs ??= new Map()).set(name, value);
      return;
    case 'host':
      if (obj.obj.setAttr) { obj.obj.setAttr(name, value, it); return; }
      break;
    case 'unknown': return;
    default: break;
  }
  it.raise('AttributeError', `'${kindName(obj)}' object has no attribute '${name}' and no __dict__ for setting new attributes`);
}

export function delAttr(it: Interp, obj: Value, name: string): void {
  switch (obj.kind) {
    case 'instance': {
      const clsAttr = lookupMro(obj.cls, name);
      if (clsAttr?.kind === 'property' && clsAttr.fdel) { callValue(it, clsAttr.fdel, [obj]); return; }
      if (obj.cls.frozen) it.raise(it.builtinClass('FrozenInstanceError'), `cannot delete field '${name}'`);
      if (!obj.attrs.delete(name)) it.raise('AttributeError', `'${obj.cls.name}' object has no attribute '${name}'`);
      return;
    }
    case 'class':
      if (obj.builtin || !obj.attrs.delete(name)) it.raise('AttributeError', `type object '${obj.name}' has no attribute '${name}'`);
      return;
    case 'module':
      if (!obj.attrs.delete(name)) it.raise('AttributeError', `module '${obj.name}' has no attribute '${name}'`);
      return;
    case 'unknown': return;
    default:
      it.raise('AttributeError', `'${kindName(obj)}' object attribute '${name}' cannot be deleted (${repr(it, obj)})`);
  }
}

/** `hasattr` semantics: true unless the lookup raises AttributeError. */
export function hasAttr(it: Interp, obj: Value, name: string): boolean {
  try {
    getAttr(it, obj, name);
    return true;
  } catch (e) {
    if (e instanceof Error && e.name === 'PyException' && it.isInstance((e as unknown as { value: Value }).value, it.builtinClass('AttributeError'))) return false;
    throw e;
  }
}
