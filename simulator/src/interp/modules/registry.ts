/**
 * Native modules: Python modules implemented in TypeScript, importable by dotted name.
 * The registry holds factories, not modules: each interpreter instantiates a module the first time
 * it is imported, so module state never leaks between runs. Callers extend a registry with
 * `define` (the NKI layer adds `numpy`, `nki`, `nki.language`, ...); a parent package that is not
 * defined itself (e.g. `nki` when only `nki.language` is) is created empty on import, and each
 * submodule is bound as an attribute of its parent.
 */
import type { Ctx } from '../context';
import type { ModuleValue, Value } from '../values';

/** What a factory returns: attributes as a record/map, or a complete module value. */
export type NativeModuleContents = Record<string, Value> | Map<string, Value> | ModuleValue;
export type NativeModuleFactory = (ctx: Ctx, name: string) => NativeModuleContents;

export class NativeModuleRegistry {
  private readonly factories = new Map<string, NativeModuleFactory>();

  /** Registers (or replaces) the module `name`; returns `this` for chaining. */
  define(name: string, factory: NativeModuleFactory): this {
    this.factories.set(name, factory);
    return this;
  }

  has(name: string): boolean { return this.factories.has(name); }

  /** Whether `name` is a registered module or a parent package of one. */
  provides(name: string): boolean {
    if (this.factories.has(name)) return true;
    const prefix = name + '.';
    for (const k of this.factories.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  names(): string[] { return [...this.factories.keys()]; }

  /** A copy that can be extended without affecting this registry. */
  clone(): NativeModuleRegistry {
    const r = new NativeModuleRegistry();
    for (const [k, f] of this.factories) r.define(k, f);
    return r;
  }

  /** Builds a fresh module value (the interpreter caches it per run). */
  instantiate(name: string, ctx: Ctx): ModuleValue {
    const f = this.factories.get(name);
    const contents = f ? f(ctx, name) : new Map<string, Value>();
    if (!(contents instanceof Map) && (contents as ModuleValue).kind === 'module') return contents as ModuleValue;
    const attrs = contents instanceof Map ? contents : new Map(Object.entries(contents as Record<string, Value>));
    if (!attrs.has('__name__')) attrs.set('__name__', { kind: 'str', value: name });
    return { kind: 'module', name, isPackage: !f || this.provides(name + '.'), attrs };
  }
}
