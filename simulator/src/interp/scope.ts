/**
 * Name environments: a map of bindings plus a parent link.
 *
 * Chain shapes: function/comprehension scope -> enclosing function scopes -> module scope ->
 * builtins. Class bodies get their own scope whose parent is the enclosing scope, but functions
 * and comprehensions defined in a class body close over `closureScope()`, which skips class
 * scopes — as in Python, methods do not see class attributes as bare names.
 * Closures share the defining scope's map itself, so later rebinding in the enclosing function
 * is visible to the closure (Python's cells) at no extra cost.
 * Simplification: a read walks the chain, so reading a local before it is assigned finds an
 * outer binding instead of raising UnboundLocalError.
 */
import type { Value } from './values';

export type ScopeKind = 'builtins' | 'module' | 'function' | 'class' | 'comprehension';

export class Scope {
  readonly vars: Map<string, Value>;
  readonly parent: Scope | undefined;
  readonly kind: ScopeKind;
  /** The module scope this scope belongs to (itself for a module scope). */
  readonly globals: Scope;
  /** Names declared `global` / `nonlocal` in this scope (rare, so allocated lazily). */
  globalNames: Set<string> | undefined;
  nonlocalNames: Set<string> | undefined;
  /** Prefix for qualified names of functions/classes defined here (`f.<locals>`, `C`). */
  qualname: string | undefined;

  constructor(kind: ScopeKind, parent: Scope | undefined, vars: Map<string, Value> = new Map()) {
    this.kind = kind;
    this.parent = parent;
    this.vars = vars;
    this.globals = kind === 'module' || parent === undefined ? this : parent.globals;
    this.globalNames = undefined;
    this.nonlocalNames = undefined;
    this.qualname = undefined;
  }

  lookup(name: string): Value | undefined {
    if (this.globalNames !== undefined && this.globalNames.has(name)) return this.globals.lookup(name);
    let s: Scope | undefined = this;
    do {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
      s = s.parent;
    } while (s !== undefined);
    return undefined;
  }

  assign(name: string, value: Value): void {
    if (this.globalNames === undefined && this.nonlocalNames === undefined) {
      this.vars.set(name, value);
      return;
    }
    this.target(name).vars.set(name, value);
  }

  /** Removes a binding; false when the name is not bound where `del` would look. */
  delete(name: string): boolean {
    return this.target(name).vars.delete(name);
  }

  /** The scope an assignment to `name` writes to, honouring global/nonlocal declarations. */
  private target(name: string): Scope {
    if (this.globalNames?.has(name)) return this.globals;
    if (this.nonlocalNames?.has(name)) {
      for (let s = this.parent; s !== undefined && s.kind !== 'module'; s = s.parent) {
        if ((s.kind === 'function' || s.kind === 'comprehension') && s.vars.has(name)) return s;
      }
    }
    return this;
  }

  declareGlobal(name: string): void { (this.globalNames ??= new Set()).add(name); }
  declareNonlocal(name: string): void { (this.nonlocalNames ??= new Set()).add(name); }

  /** Whether a `nonlocal` declaration of `name` can bind (an enclosing function defines it). */
  hasEnclosingBinding(name: string): boolean {
    for (let s = this.parent; s !== undefined && s.kind !== 'module'; s = s.parent) {
      if (s.kind !== 'class' && s.vars.has(name)) return true;
    }
    return false;
  }

  /** The scope a function or comprehension defined here closes over (class bodies skipped). */
  closureScope(): Scope {
    let s: Scope = this;
    while (s.kind === 'class' && s.parent !== undefined) s = s.parent;
    return s;
  }
}
