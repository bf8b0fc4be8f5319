/**
 * Finding kernels in a module: top-level (or class-level) functions decorated with an NKI entry
 * point (`@nki.jit`, `@nki.jit(...)`, Beta 1 `@nki.baremetal`, `@nki.benchmark`, `@nki.profile`,
 * `@nki.trace`, `@nki_jit`), where the decorator's root name is bound by an NKI import.
 */
import type { Expr, FunctionDef, Module, Stmt } from '../frontend/ast';

const ENTRY_POINTS = new Set(['jit', 'baremetal', 'benchmark', 'profile', 'trace', 'simulate_kernel']);

/** Names bound by NKI imports: alias -> dotted module or member path. */
export function nkiImportBindings(module: Module): Map<string, string> {
  const bindings = new Map<string, string>();
  const visit = (body: Stmt[]): void => {
    for (const stmt of body) {
      if (stmt.kind === 'Import') {
        for (const alias of stmt.names) {
          if (!isNkiModule(alias.name)) continue;
          if (alias.asname) bindings.set(alias.asname, alias.name);
          else bindings.set(alias.name.split('.')[0], alias.name.split('.')[0]);
        }
      } else if (stmt.kind === 'ImportFrom' && stmt.level === 0 && stmt.names !== '*') {
        for (const alias of stmt.names) {
          const full = `${stmt.module}.${alias.name}`;
          if (isNkiModule(full) || isNkiModule(stmt.module)) bindings.set(alias.asname ?? alias.name, full);
        }
      } else if (stmt.kind === 'If' || stmt.kind === 'Try') {
        // Imports guarded by `if TYPE_CHECKING:` or `try: ... except ImportError:` still bind names.
        visit(stmt.body);
        if (stmt.kind === 'If') visit(stmt.orelse);
        else stmt.handlers.forEach((h) => visit(h.body));
      }
    }
  };
  visit(module.body);
  return bindings;
}

export function isNkiModule(dotted: string): boolean {
  return /^(nki|neuronxcc\.nki)(\.|$)/.test(dotted) || dotted === 'neuronxcc.nki' || /^torch_neuronx\.nki_jit$/.test(dotted);
}

function dottedName(expr: Expr): string | undefined {
  if (expr.kind === 'Name') return expr.name;
  if (expr.kind === 'Attribute') {
    const base = dottedName(expr.value);
    return base === undefined ? undefined : `${base}.${expr.attr}`;
  }
  if (expr.kind === 'Call') return dottedName(expr.func);
  return undefined;
}

/** The resolved dotted path of a decorator if it is an NKI kernel entry point. */
export function kernelDecorator(decorator: Expr, bindings: Map<string, string>): string | undefined {
  const name = dottedName(decorator);
  if (!name) return undefined;
  const [root, ...rest] = name.split('.');
  const bound = bindings.get(root);
  if (!bound) return undefined;
  const full = [bound, ...rest].join('.');
  const last = full.split('.').pop()!;
  return ENTRY_POINTS.has(last) || last === 'nki_jit' ? full : undefined;
}

export function findKernels(module: Module): FunctionDef[] {
  const bindings = nkiImportBindings(module);
  const kernels: FunctionDef[] = [];
  const visit = (body: Stmt[]): void => {
    for (const stmt of body) {
      if (stmt.kind === 'FunctionDef' && stmt.decorators.some((d) => kernelDecorator(d, bindings))) kernels.push(stmt);
      else if (stmt.kind === 'ClassDef') visit(stmt.body);
    }
  };
  visit(module.body);
  return kernels;
}
