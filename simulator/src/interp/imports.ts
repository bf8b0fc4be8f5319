/**
 * `import` and `from ... import`: resolving relative names against the importing module's package,
 * loading native modules from the registry and user modules through the caller's `ModuleHost`
 * (parsed with the injected `parse`, executed once and cached in `it.modules`, which makes
 * import cycles see the partially initialised module, as in CPython).
 * Invariant: a module that cannot be found never crashes the run: its name is bound to an
 * `unknown` value and an analysis gap is recorded.
 */
import type { Import, ImportFrom, Stmt } from '../frontend/ast';
import { getAttr } from './attrs';
import { execBlock } from './exec';
import type { Interp } from './interp';
import { Scope } from './scope';
import { toArray } from './sequences';
import type { ModuleValue, UnknownValue, Value } from './values';
import { mkList, mkStr, mkUnknown, NONE } from './values';

export function newModule(name: string, path: string | undefined, isPackage: boolean): ModuleValue {
  const m: ModuleValue = { kind: 'module', name, path, isPackage, attrs: new Map() };
  m.attrs.set('__name__', mkStr(name));
  m.attrs.set('__file__', path !== undefined ? mkStr(path) : NONE);
  m.attrs.set('__package__', mkStr(isPackage ? name : name.slice(0, Math.max(0, name.lastIndexOf('.')))));
  // Packages carry their directory in `__path__` (code iterates it to discover submodules).
  if (isPackage && path !== undefined) m.attrs.set('__path__', mkList([mkStr(path.replace(/[\\/][^\\/]*$/, ''))]));
  return m;
}

/** Runs a parsed module body in a fresh frame; the module is registered before it runs. */
export function execModuleBody(it: Interp, module: ModuleValue, body: readonly Stmt[], register = true): void {
  if (register) it.modules.set(module.name, module);
  const scope = new Scope('module', it.builtinsScope, module.attrs);
  it.pushFrame({ functionName: '<module>', node: undefined, module, fn: undefined, scope });
  try {
    execBlock(it, body, scope);
  } finally {
    it.popFrame();
  }
}

/** Loads `name` and its parents; returns the module or an unknown value (with a gap recorded). */
export function loadModule(it: Interp, name: string): ModuleValue | UnknownValue {
  const cached = it.modules.get(name);
  if (cached !== undefined) return cached;
  const dot = name.lastIndexOf('.');
  let parent: ModuleValue | undefined;
  if (dot >= 0) {
    const p = loadModule(it, name.slice(0, dot));
    if (p.kind === 'unknown') return p;
    parent = p;
    // The parent's own import may have imported this submodule already.
    const again = it.modules.get(name);
    if (again !== undefined) return again;
  }
  let m: ModuleValue | undefined;
  if (it.registry.provides(name)) {
    m = it.registry.instantiate(name, it);
    it.modules.set(name, m);
  } else {
    const importer = it.frames.length > 0 ? it.frame.module : undefined;
    const resolved = it.moduleHost?.resolve(name, { qualifiedName: importer?.name ?? '__main__', path: importer?.path });
    if (resolved !== undefined) {
      if (it.parse === undefined) return mkUnknown(`module '${name}' found but no parser was supplied`);
      m = newModule(name, resolved.path, resolved.isPackage ?? false);
      const ast = it.parse(resolved.source, resolved.path);
      if (parent !== undefined) parent.attrs.set(name.slice(dot + 1), m);
      execModuleBody(it, m, ast.body);
      return m;
    }
  }
  if (m === undefined) return mkUnknown(`module '${name}' not found`);
  if (parent !== undefined) parent.attrs.set(name.slice(dot + 1), m);
  return m;
}

function bind(it: Interp, s: Scope, name: string, v: Value, node: Import | ImportFrom): void {
  s.assign(name, v);
  if (it.onBind !== undefined) it.onBind(node, name, v);
}

export function execImport(it: Interp, st: Import, s: Scope): void {
  for (const alias of st.names) {
    const m = loadModule(it, alias.name);
    if (m.kind === 'unknown') {
      it.gap(m.reason, alias.span);
      bind(it, s, alias.asname ?? alias.name.split('.')[0]!, m, st);
      continue;
    }
    if (alias.asname !== undefined) bind(it, s, alias.asname, m, st);
    else {
      const top = alias.name.split('.')[0]!;
      bind(it, s, top, it.modules.get(top) ?? m, st);
    }
  }
}

/** The absolute package a relative import of `level` dots refers to, from the current module. */
function resolveRelative(it: Interp, level: number, module: string): string {
  const cur = it.frame.module;
  let pkg = cur.isPackage ? cur.name : cur.name.slice(0, Math.max(0, cur.name.lastIndexOf('.')));
  for (let i = 1; i < level; i++) {
    if (pkg === '') break;
    const d = pkg.lastIndexOf('.');
    pkg = d < 0 ? '' : pkg.slice(0, d);
  }
  if (pkg === '' && (level > 1 || !cur.isPackage && !cur.name.includes('.'))) {
    it.raise('ImportError', 'attempted relative import beyond top-level package');
  }
  return module ? (pkg ? `${pkg}.${module}` : module) : pkg;
}

export function execImportFrom(it: Interp, st: ImportFrom, s: Scope): void {
  const base = st.level > 0 ? resolveRelative(it, st.level, st.module) : st.module;
  const m = loadModule(it, base);
  if (m.kind === 'unknown') {
    it.gap(m.reason, st.span);
    if (st.names !== '*') for (const a of st.names) bind(it, s, a.asname ?? a.name, m, st);
    return;
  }
  if (st.names === '*') {
    const all = m.attrs.get('__all__');
    const names = all !== undefined
      ? toArray(it, all).map((v) => (v.kind === 'str' ? v.value : ''))
      : [...m.attrs.keys()].filter((k) => !k.startsWith('_'));
    for (const n of names) {
      const v = m.attrs.get(n);
      if (v !== undefined) bind(it, s, n, v, st);
    }
    return;
  }
  for (const a of st.names) {
    let v = m.attrs.get(a.name);
    if (v === undefined) {
      const sub = loadModule(it, `${base}.${a.name}`);
      if (sub.kind === 'module') v = sub;
      else if (m.attrs.has('__getattr__')) v = getAttr(it, m, a.name);
      else if (it.registry.provides(base) || m.path !== undefined) {
        it.raise('ImportError', `cannot import name '${a.name}' from '${base}'${m.path ? ` (${m.path})` : ''}`);
      } else {
        v = sub;
      }
    }
    bind(it, s, a.asname ?? a.name, v!, st);
  }
}
