/**
 * `nl.NKIObject`, the base class of compile-time configuration objects in kernels. Kernels build
 * them with keyword arguments (`Params(section_idx=0, ...)`) whether or not the class declares
 * annotated fields, and nki-library also decorates them with `@dataclass`. So every subclass
 * gets an `__init__` of its own at class creation (which `@dataclass` then keeps): positional
 * arguments fill the annotated fields in order, keywords set attributes by name.
 */
import { makeClass, native, type ClassValue, type Ctx, type Value } from '../interp';

function annotatedFields(cls: ClassValue): string[] {
  const names: string[] = [];
  for (const c of [...cls.mro].reverse()) {
    const ann = c.attrs.get('__annotations__');
    if (ann?.kind !== 'dict') continue;
    for (const e of ann.table.entries()) {
      if (e.key.kind === 'str' && !names.includes(e.key.value)) names.push(e.key.value);
    }
  }
  return names;
}

function initFor(cls: ClassValue): Value {
  return native('__init__', 'self, /, *args, **kwargs', ([self, args, kwargs], ctx: Ctx) => {
    const fields = annotatedFields(cls);
    const positional = args?.kind === 'tuple' ? args.items : [];
    if (positional.length > fields.length) return ctx.raise('TypeError', `${cls.name}() takes ${fields.length} positional arguments but ${positional.length} were given`);
    const target = self as Value & { kind: 'instance' };
    positional.forEach((v, i) => target.attrs.set(fields[i], v));
    if (kwargs?.kind === 'dict') for (const e of kwargs.table.entries()) if (e.key.kind === 'str') target.attrs.set(e.key.value, e.value);
    return { kind: 'none' };
  });
}

export function makeNkiObjectClass(ctx: Ctx): ClassValue {
  const base = makeClass('NKIObject', [ctx.builtinClass('object')], { module: 'nki.language' });
  base.attrs.set('__init__', initFor(base));
  base.onSubclass = (cls) => {
    if (!cls.attrs.has('__init__')) cls.attrs.set('__init__', initFor(cls));
  };
  return base;
}
