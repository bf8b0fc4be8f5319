/**
 * Go to definition for the user's own code: functions and classes in this file (innermost scope
 * first), names imported from the user's modules (`from .utils import helper`), attributes of
 * imported modules (`kh.div_ceil`), and the modules themselves. NKI and third-party modules
 * resolve to nothing (they are not files of the workspace).
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { nodePathAt, spanContains, walk, type ClassDef, type Expr, type FunctionDef, type Module, type Stmt } from '../../../simulator/src/frontend';
import type { HelperModules } from '../analysis/helperModules';
import type { SyntaxSnapshot } from '../analysis/snapshot';
import type { Pos } from '../analysis/kernelResult';
import { throwIfCancelled } from '../cancellation';
import type { Range } from './hover';

export interface LocationModel { path: string; range: Range }

const FILE_START: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

type Def = FunctionDef | ClassDef;
type ImportStmt = Extract<Stmt, { kind: 'Import' | 'ImportFrom' }>;

/** Definitions named `name` visible from `pos`: the enclosing functions' own defs first, then the module's. */
function localDefs(module: Module, name: string, pos?: Pos): Def[] {
  const scopes: Array<readonly Stmt[]> = [module.body];
  if (pos) for (const n of nodePathAt(module, pos)) if (n.kind === 'FunctionDef' || n.kind === 'ClassDef') scopes.push(n.body);
  for (const body of scopes.reverse()) {
    const found: Def[] = [];
    const visit = (stmts: readonly Stmt[]): void => {
      for (const s of stmts) {
        if ((s.kind === 'FunctionDef' || s.kind === 'ClassDef') && s.name === name) found.push(s);
        else if (s.kind === 'If') { visit(s.body); visit(s.orelse); }
        else if (s.kind === 'Try') { visit(s.body); s.handlers.forEach((h) => visit(h.body)); }
      }
    };
    visit(body);
    if (found.length) return found;
  }
  return [];
}

type Binding = { kind: 'module'; level: number; module: string } | { kind: 'member'; level: number; module: string; member: string };

/** What an import statement anywhere in the file binds `name` to. */
function importBinding(module: Module, name: string): Binding | undefined {
  let found: Binding | undefined;
  walk(module, (node) => {
    if (found) return false;
    if (node.kind === 'Import') {
      for (const a of node.names) {
        if (a.asname === name) found = { kind: 'module', level: 0, module: a.name };
        else if (!a.asname && a.name.split('.')[0] === name) found = { kind: 'module', level: 0, module: name };
      }
    } else if (node.kind === 'ImportFrom' && node.names !== '*') {
      for (const a of node.names) {
        if ((a.asname ?? a.name) === name) found = { kind: 'member', level: node.level, module: node.module, member: a.name };
      }
    }
    return node.kind === 'Module' || node.kind === 'FunctionDef' || node.kind === 'If' || node.kind === 'Try' || node.kind === 'With' || node.kind === 'ClassDef';
  });
  return found;
}

function location(path: string, def: Def): LocationModel {
  return { path, range: { start: def.nameSpan.start, end: def.nameSpan.end } };
}

/** `member` of module `dotted`: a def in it, or a submodule. */
function memberOf(helpers: HelperModules, fromPath: string, level: number, dotted: string, member: string): LocationModel[] {
  const mod = helpers.resolve(fromPath, level, dotted);
  const defs = mod ? localDefs(mod.module, member) : [];
  if (mod && defs.length) return defs.map((d) => location(mod.path, d));
  const sub = helpers.resolve(fromPath, level, dotted ? `${dotted}.${member}` : member);
  return sub ? [{ path: sub.path, range: FILE_START }] : [];
}

function chain(expr: Expr): string[] | undefined {
  if (expr.kind === 'Name') return [expr.name];
  if (expr.kind === 'Attribute') {
    const base = chain(expr.value);
    return base && [...base, expr.attr];
  }
  return undefined;
}

/** On an import statement: the imported name under the cursor, else the module imported from. */
function importTarget(snapshot: SyntaxSnapshot, stmt: ImportStmt, position: Pos, helpers: HelperModules): LocationModel[] {
  const alias = stmt.names === '*' ? undefined : stmt.names.find((a) => spanContains(a.span, position, true));
  if (stmt.kind === 'Import') {
    const mod = alias && helpers.resolve(snapshot.path, 0, alias.name);
    return mod ? [{ path: mod.path, range: FILE_START }] : [];
  }
  if (alias) return memberOf(helpers, snapshot.path, stmt.level, stmt.module, alias.name);
  const mod = helpers.resolve(snapshot.path, stmt.level, stmt.module);
  return mod ? [{ path: mod.path, range: FILE_START }] : [];
}

export function provideDefinition(snapshot: SyntaxSnapshot, position: Pos, helpers: HelperModules, token: CancellationToken): LocationModel[] {
  throwIfCancelled(token);
  const path = nodePathAt(snapshot.module, position);
  const node = path[path.length - 1];
  if (node.kind === 'ImportFrom' || node.kind === 'Import') return importTarget(snapshot, node, position, helpers);
  if (node.kind !== 'Name' && node.kind !== 'Attribute') return [];
  const parts = chain(node);
  if (!parts) return [];
  const [root, ...rest] = parts;
  if (rest.length === 0) {
    const defs = localDefs(snapshot.module, root, position);
    if (defs.length) return defs.map((d) => location(snapshot.path, d));
  }
  const binding = importBinding(snapshot.module, root);
  if (!binding) return [];
  if (binding.kind === 'member') {
    if (rest.length === 0) return memberOf(helpers, snapshot.path, binding.level, binding.module, binding.member);
    const base = binding.module ? `${binding.module}.${binding.member}` : binding.member;
    return memberOf(helpers, snapshot.path, binding.level, [base, ...rest.slice(0, -1)].join('.'), rest[rest.length - 1]);
  }
  if (rest.length === 0) {
    const mod = helpers.resolve(snapshot.path, 0, binding.module);
    return mod ? [{ path: mod.path, range: FILE_START }] : [];
  }
  return memberOf(helpers, snapshot.path, 0, [binding.module, ...rest.slice(0, -1)].join('.'), rest[rest.length - 1]);
}
