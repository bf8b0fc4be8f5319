/**
 * Traversal of our AST: the children of any node in source order, a depth-first `walk`, lookup of
 * the node under a cursor position, and enumeration of function definitions.
 *
 * Invariant: `childNodes` lists every Expr and Stmt directly reachable from a node (through
 * arguments, parameters, comprehension clauses, f-string parts, with items and handlers), so a
 * walk from the Module visits each id exactly once.
 */
import type * as A from './ast';

export type AstNode = A.Module | A.Stmt | A.Expr;

function paramChildren(params: A.Parameter[], out: AstNode[]): void {
  for (const p of params) {
    if (p.annotation) out.push(p.annotation);
    if (p.default) out.push(p.default);
  }
}

function fstringChildren(parts: A.FString['parts'], out: AstNode[]): void {
  for (const part of parts) {
    if (typeof part === 'string') continue;
    out.push(part.expr);
    if (part.formatSpec) out.push(part.formatSpec);
  }
}

function generatorChildren(generators: A.Comprehension[], out: AstNode[]): void {
  for (const g of generators) out.push(g.target, g.iter, ...g.ifs);
}

/** Direct children in source order. */
export function childNodes(node: AstNode): AstNode[] {
  const out: AstNode[] = [];
  const opt = (e: A.Expr | undefined): void => { if (e) out.push(e); };
  switch (node.kind) {
    case 'Module': return [...node.body];
    // Expressions
    case 'Name': case 'Int': case 'Float': case 'Imaginary': case 'Str': case 'Bool': case 'None':
    case 'Ellipsis': case 'Error':
      return out;
    case 'FString': fstringChildren(node.parts, out); return out;
    case 'Attribute': return [node.value];
    case 'Subscript': return [node.value, node.index];
    case 'Slice': opt(node.lower); opt(node.upper); opt(node.step); return out;
    case 'Call': return [node.func, ...node.args.map((a) => a.value)];
    case 'BinOp': return [node.left, node.right];
    case 'UnaryOp': return [node.operand];
    case 'BoolOp': return [...node.values];
    case 'Compare': return [node.left, ...node.comparators];
    case 'IfExp': return [node.body, node.test, node.orelse];
    case 'Lambda': paramChildren(node.params, out); out.push(node.body); return out;
    case 'Tuple': case 'List': case 'Set': return [...node.elts];
    case 'Dict':
      for (const e of node.entries) { opt(e.key); out.push(e.value); }
      return out;
    case 'Starred': return [node.value];
    case 'NamedExpr': return [node.target, node.value];
    case 'ListComp': case 'SetComp': case 'GeneratorExp':
      out.push(node.elt); generatorChildren(node.generators, out); return out;
    case 'DictComp': out.push(node.key, node.value); generatorChildren(node.generators, out); return out;
    case 'Yield': opt(node.value); return out;
    case 'Await': return [node.value];
    // Statements
    case 'ExprStmt': return [node.value];
    case 'Assign': return [...node.targets, node.value];
    case 'AugAssign': return [node.target, node.value];
    case 'AnnAssign': out.push(node.target, node.annotation); opt(node.value); return out;
    case 'Pass': case 'Break': case 'Continue': case 'Global': case 'Nonlocal': case 'Import':
    case 'ImportFrom': case 'Unsupported': case 'ErrorStmt':
      return out;
    case 'Return': opt(node.value); return out;
    case 'Delete': return [...node.targets];
    case 'If': case 'While': return [node.test, ...node.body, ...node.orelse];
    case 'For': return [node.target, node.iter, ...node.body, ...node.orelse];
    case 'With':
      for (const item of node.items) { out.push(item.contextExpr); opt(item.optionalVars); }
      out.push(...node.body);
      return out;
    case 'Try':
      out.push(...node.body);
      for (const h of node.handlers) { opt(h.type); out.push(...h.body); }
      out.push(...node.orelse, ...node.finalbody);
      return out;
    case 'Raise': opt(node.exc); opt(node.cause); return out;
    case 'Assert': out.push(node.test); opt(node.msg); return out;
    case 'FunctionDef':
      out.push(...node.decorators);
      paramChildren(node.params, out);
      opt(node.returns);
      out.push(...node.body);
      return out;
    case 'ClassDef': return [...node.decorators, ...node.bases.map((b) => b.value), ...node.body];
  }
}

/**
 * Depth-first, parents before children, in source order. Return `false` from `visit` to skip a
 * node's children.
 */
export function walk(root: AstNode, visit: (node: AstNode, parent: AstNode | undefined) => boolean | void): void {
  const step = (node: AstNode, parent: AstNode | undefined): void => {
    if (visit(node, parent) === false) return;
    for (const child of childNodes(node)) step(child, node);
  };
  step(root, undefined);
}

function before(a: A.Position, b: A.Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Whether `pos` is inside `span`; `endInclusive` also accepts the position just after its end. */
export function spanContains(span: A.Span, pos: A.Position, endInclusive = false): boolean {
  if (before(pos, span.start)) return false;
  return endInclusive ? !before(span.end, pos) : before(pos, span.end);
}

export interface LookupOptions {
  /**
   * Accept a position just after a node's last character: what completion wants (the cursor
   * sits after `nl.`), while hover asks about the character under the cursor (the default).
   */
  endInclusive?: boolean;
}

/**
 * The nodes containing `pos`, outermost (the module) first. Where spans overlap, as they may in
 * broken code, the last child in source order wins.
 */
export function nodePathAt(module: A.Module, pos: A.Position, options: LookupOptions = {}): AstNode[] {
  const path: AstNode[] = [module];
  for (let node: AstNode = module; ;) {
    let next: AstNode | undefined;
    for (const child of childNodes(node)) {
      if (spanContains(child.span, pos, options.endInclusive)) next = child;
    }
    if (!next) return path;
    path.push(next);
    node = next;
  }
}

function isStmt(node: AstNode): node is A.Stmt {
  return STMT_KINDS.has(node.kind);
}

const STMT_KINDS = new Set<string>([
  'ExprStmt', 'Assign', 'AugAssign', 'AnnAssign', 'Pass', 'Break', 'Continue', 'Return', 'Delete', 'If',
  'For', 'While', 'With', 'Try', 'Raise', 'Assert', 'FunctionDef', 'ClassDef', 'Import', 'ImportFrom',
  'Global', 'Nonlocal', 'Unsupported', 'ErrorStmt',
]);

/** The innermost expression at `pos`, or undefined when the position is not inside one. */
export function nodeAt(module: A.Module, pos: A.Position, options: LookupOptions = {}): A.Expr | undefined {
  const path = nodePathAt(module, pos, options);
  const last = path[path.length - 1];
  return last.kind === 'Module' || isStmt(last) ? undefined : last;
}

/** The innermost statement at `pos` (inside nested blocks), or undefined between statements. */
export function statementAt(module: A.Module, pos: A.Position, options: LookupOptions = {}): A.Stmt | undefined {
  const stmts = nodePathAt(module, pos, options).filter(isStmt);
  return stmts[stmts.length - 1];
}

/** Every FunctionDef in the module, nested ones and methods included, in source order. */
export function functionDefs(module: A.Module): A.FunctionDef[] {
  const defs: A.FunctionDef[] = [];
  walk(module, (node) => {
    if (node.kind === 'FunctionDef') defs.push(node);
    // Expressions cannot contain defs; skipping them keeps this cheap on large files.
    return node.kind === 'Module' || isStmt(node);
  });
  return defs;
}

export { isStmt };
