/**
 * Lowering tree-sitter statements and blocks into AST statements: simple statements, compound
 * statements, definitions with their decorators, docstrings and leading comments, imports, and
 * statement-level ERROR nodes, from which any complete statements inside are salvaged.
 *
 * Invariant: `lowerBlock` returns a statement list for any node and never throws; each CST
 * statement that cannot be read becomes an `ErrorStmt` in place, so its neighbours survive.
 */
import type * as A from './ast';
import { LowerContext, spanAtOffsets, spanFrom, spanOf } from './context';
import { field, fields, kids, namedKids } from './cst';
import { errorStmt, guarded } from './defensive';
import { checkBlockIndentation } from './indentation';
import { lowerArguments, lowerExpr, lowerField, lowerOptionalField, lowerParameters } from './lowerExpr';
import { describeDanglingEnd, findLogicalLineEnd } from './logicalLines';
import type { CstNode as SyntaxNode } from './cstMirror';
import { regionOfLines } from './repair';
import type { ReusePass } from './reuse';

/** Comment lines by line number, for attaching leading comments to definitions. */
export type CommentLines = ReadonlyMap<number, { text: string; span: A.Span }>;

export interface StmtContext {
  ctx: LowerContext;
  /** Comments that are alone on their line, keyed by line. */
  commentLines: CommentLines;
  /** Top-level statements reused from the previous version (reuse.ts). */
  reuse?: ReusePass;
}

/** The statements of a `module` or `block` node (or of the children of an ERROR node). */
export function lowerBlock(sc: StmtContext, node: SyntaxNode | undefined): A.Stmt[] {
  const out: A.Stmt[] = [];
  if (!node) return out;
  const children = namedKids(node);
  if (node.type === 'module' || node.type === 'block') checkBlockIndentation(sc.ctx, node, children);
  if (node.type === 'block' && children.length === 0 && !node.hasError) {
    // tree-sitter accepts `def f():` at the end of a file with an empty block; Python does not.
    const colon = node.previousSibling;
    sc.ctx.error('expected an indented block', spanOf(colon?.type === ':' ? colon : node));
  }
  if (node.type === 'module' && sc.reuse) {
    let gapStart = 0;
    for (const child of children) {
      const before = out.length;
      const firstId = sc.ctx.nodeCount;
      const reused = sc.reuse.reuse(sc.ctx, child);
      if (reused) out.push(...reused);
      else lowerStatementInto(sc, child, out);
      sc.reuse.record(gapStart, child, out.slice(before), firstId, sc.ctx.nodeCount - firstId);
      gapStart = child.endIndex;
    }
    return out;
  }
  for (const child of children) lowerStatementInto(sc, child, out);
  return out;
}

function lowerStatementInto(sc: StmtContext, node: SyntaxNode, out: A.Stmt[]): void {
  if (node.type === 'ERROR') {
    salvageError(sc, node, out);
    return;
  }
  if (node.type === 'block') {
    // A block tree-sitter could not attach to a header (it sits in an ERROR): keep its statements.
    out.push(...lowerBlock(sc, node));
    return;
  }
  if (GLUABLE.has(node.type)) checkLogicalLine(sc.ctx, node);
  out.push(guarded(sc.ctx, node, (n) => lowerStatement(sc, n), errorStmt));
}

/** Simple statements that tree-sitter's error recovery may glue to the next line. */
const GLUABLE = new Set(['expression_statement', 'return_statement', 'delete_statement', 'raise_statement', 'assert_statement']);

/** Reports a statement that continues past a newline Python would have ended it at. */
function checkLogicalLine(ctx: LowerContext, node: SyntaxNode): void {
  if (node.startPosition.row === node.endPosition.row) return;
  const lineEnd = findLogicalLineEnd(ctx.text, node.startIndex, node.endIndex);
  if (lineEnd === undefined) return;
  const dangling = describeDanglingEnd(ctx.text, lineEnd);
  const messageSpan = spanAtOffsets(ctx.text, dangling.start, dangling.end);
  ctx.brokenStatement(regionOfLines(ctx.text, node.startIndex, lineEnd, dangling.message, messageSpan));
}

const STATEMENT_TYPES = new Set([
  'expression_statement', 'return_statement', 'pass_statement', 'break_statement', 'continue_statement',
  'delete_statement', 'raise_statement', 'assert_statement', 'global_statement', 'nonlocal_statement',
  'import_statement', 'import_from_statement', 'future_import_statement', 'if_statement', 'for_statement',
  'while_statement', 'with_statement', 'try_statement', 'function_definition', 'class_definition',
  'decorated_definition', 'match_statement', 'type_alias_statement', 'print_statement', 'exec_statement',
  'block',
]);

/**
 * An ERROR node in statement position: complete statements inside it are lowered as usual and each
 * run of other fragments becomes one ErrorStmt. (The error message comes from syntaxErrors.ts.)
 */
function salvageError(sc: StmtContext, node: SyntaxNode, out: A.Stmt[]): void {
  let run: SyntaxNode[] = [];
  const flush = (): void => {
    if (run.length === 0) return;
    const first = run[0];
    const last = run[run.length - 1];
    out.push({ kind: 'ErrorStmt', id: sc.ctx.id(), span: spanFrom(first, last), text: sc.ctx.text.slice(first.startIndex, last.endIndex) });
    run = [];
  };
  for (const k of kids(node)) {
    if (k.type === 'comment') continue;
    if (STATEMENT_TYPES.has(k.type)) {
      flush();
      lowerStatementInto(sc, k, out);
    } else {
      run.push(k);
    }
  }
  flush();
}

function lowerStatement(sc: StmtContext, node: SyntaxNode): A.Stmt {
  const { ctx } = sc;
  const span = spanOf(node);
  switch (node.type) {
    case 'expression_statement':
      return lowerExpressionStatement(ctx, node, span);
    case 'pass_statement': return { kind: 'Pass', id: ctx.id(), span };
    case 'break_statement': return { kind: 'Break', id: ctx.id(), span };
    case 'continue_statement': return { kind: 'Continue', id: ctx.id(), span };
    case 'return_statement': {
      const value = namedKids(node)[0];
      return { kind: 'Return', id: ctx.id(), span, value: value ? lowerExpr(ctx, value) : undefined };
    }
    case 'delete_statement': {
      const target = namedKids(node)[0];
      const targets = !target ? [] : target.type === 'expression_list' ? namedKids(target).map((t) => lowerExpr(ctx, t)) : [lowerExpr(ctx, target)];
      return { kind: 'Delete', id: ctx.id(), span, targets };
    }
    case 'raise_statement': {
      const cause = field(node, 'cause');
      const exc = namedKids(node).find((k) => !cause || !k.equals(cause));
      return { kind: 'Raise', id: ctx.id(), span, exc: exc ? lowerExpr(ctx, exc) : undefined, cause: cause ? lowerExpr(ctx, cause) : undefined };
    }
    case 'assert_statement': {
      const [test, msg] = namedKids(node);
      return { kind: 'Assert', id: ctx.id(), span, test: test ? lowerExpr(ctx, test) : lowerField(ctx, node, 'test'), msg: msg ? lowerExpr(ctx, msg) : undefined };
    }
    case 'global_statement':
    case 'nonlocal_statement': {
      const names = namedKids(node).filter((k) => k.type === 'identifier').map((k) => k.text);
      return { kind: node.type === 'global_statement' ? 'Global' : 'Nonlocal', id: ctx.id(), span, names };
    }
    case 'import_statement':
      return { kind: 'Import', id: ctx.id(), span, names: fields(node, 'name').map(importAlias) };
    case 'import_from_statement':
      return lowerImportFrom(ctx, node, span);
    case 'future_import_statement':
      return { kind: 'ImportFrom', id: ctx.id(), span, module: '__future__', level: 0, names: fields(node, 'name').map(importAlias) };
    case 'if_statement':
      return lowerIf(sc, node, span);
    case 'for_statement':
      return {
        kind: 'For', id: ctx.id(), span, target: lowerField(ctx, node, 'left'), iter: lowerField(ctx, node, 'right'),
        body: lowerBlock(sc, field(node, 'body')), orelse: lowerElse(sc, field(node, 'alternative')), isAsync: startsWithAsync(node),
      };
    case 'while_statement':
      return {
        kind: 'While', id: ctx.id(), span, test: lowerField(ctx, node, 'condition'),
        body: lowerBlock(sc, field(node, 'body')), orelse: lowerElse(sc, field(node, 'alternative')),
      };
    case 'with_statement':
      return lowerWith(sc, node, span);
    case 'try_statement':
      return lowerTry(sc, node, span);
    case 'function_definition':
      return lowerFunction(sc, node, node, []);
    case 'class_definition':
      return lowerClass(sc, node, node, []);
    case 'decorated_definition': {
      const decorators = namedKids(node).filter((k) => k.type === 'decorator').map((d) => {
        const expr = namedKids(d)[0];
        return expr ? lowerExpr(ctx, expr) : lowerField(ctx, d, 'value');
      });
      const def = field(node, 'definition');
      if (def?.type === 'function_definition') return lowerFunction(sc, def, node, decorators);
      if (def?.type === 'class_definition') return lowerClass(sc, def, node, decorators);
      return errorStmt(ctx, node);
    }
    case 'match_statement':
      return { kind: 'Unsupported', id: ctx.id(), span, what: 'match statement' };
    case 'type_alias_statement':
      return { kind: 'Unsupported', id: ctx.id(), span, what: 'type alias statement' };
    case 'print_statement':
    case 'exec_statement': {
      const word = node.type === 'print_statement' ? 'print' : 'exec';
      ctx.error(`Missing parentheses in call to '${word}'. Did you mean ${word}(...)?`, span);
      return errorStmt(ctx, node);
    }
    default:
      return errorStmt(ctx, node);
  }
}

function lowerExpressionStatement(ctx: LowerContext, node: SyntaxNode, span: A.Span): A.Stmt {
  const parts = namedKids(node);
  if (parts.length === 0) return errorStmt(ctx, node);
  if (parts.length > 1) {
    // `a, b` at statement level: tree-sitter lists the elements directly.
    const value: A.Tuple = { kind: 'Tuple', id: ctx.id(), span, elts: parts.map((p) => lowerExpr(ctx, p)) };
    return { kind: 'ExprStmt', id: ctx.id(), span, value };
  }
  const inner = parts[0];
  if (inner.type === 'assignment') return lowerAssignment(ctx, inner, span);
  if (inner.type === 'augmented_assignment') {
    const op = field(inner, 'operator')?.type.slice(0, -1) as A.BinaryOperator | undefined;
    if (!op) return errorStmt(ctx, node);
    return { kind: 'AugAssign', id: ctx.id(), span, target: lowerField(ctx, inner, 'left'), op, value: lowerField(ctx, inner, 'right') };
  }
  const placeholder = ctx.placeholders?.get(inner.startPosition.row);
  if (placeholder && inner.type === 'identifier' && /^_+$/.test(inner.text)) {
    // Lines the line repair neutralised (repair.ts): this stands for the original, broken text.
    return { kind: 'ErrorStmt', id: ctx.id(), span: placeholder.span, text: placeholder.text };
  }
  return { kind: 'ExprStmt', id: ctx.id(), span, value: lowerExpr(ctx, inner) };
}

/** `a = b = v` nests to the right in tree-sitter; `x: T = v` carries a `type` field. */
function lowerAssignment(ctx: LowerContext, node: SyntaxNode, span: A.Span): A.Stmt {
  const annotation = field(node, 'type');
  if (annotation) {
    return {
      kind: 'AnnAssign', id: ctx.id(), span, target: lowerField(ctx, node, 'left'),
      annotation: lowerExpr(ctx, annotation), value: lowerOptionalField(ctx, node, 'right'),
    };
  }
  const targets: A.Expr[] = [];
  let cur: SyntaxNode = node;
  for (;;) {
    targets.push(lowerField(ctx, cur, 'left'));
    const right = field(cur, 'right');
    if (right?.type === 'assignment' && !field(right, 'type')) {
      cur = right;
      continue;
    }
    return { kind: 'Assign', id: ctx.id(), span, targets, value: right ? lowerExpr(ctx, right) : lowerField(ctx, cur, 'right') };
  }
}

function lowerIf(sc: StmtContext, node: SyntaxNode, span: A.Span): A.If {
  const { ctx } = sc;
  const result: A.If = {
    kind: 'If', id: ctx.id(), span, test: lowerField(ctx, node, 'condition'),
    body: lowerBlock(sc, field(node, 'consequence')), orelse: [],
  };
  // Each `elif` becomes an If nested as the sole statement of the previous branch's orelse.
  let tail = result;
  for (const alt of fields(node, 'alternative')) {
    if (alt.type === 'elif_clause') {
      const nested: A.If = {
        kind: 'If', id: ctx.id(), span: spanFrom(alt, node), test: lowerField(ctx, alt, 'condition'),
        body: lowerBlock(sc, field(alt, 'consequence')), orelse: [],
      };
      tail.orelse = [nested];
      tail = nested;
    } else if (alt.type === 'else_clause') {
      tail.orelse = lowerBlock(sc, field(alt, 'body'));
    }
  }
  return result;
}

function lowerElse(sc: StmtContext, node: SyntaxNode | undefined): A.Stmt[] {
  return node ? lowerBlock(sc, field(node, 'body')) : [];
}

function startsWithAsync(node: SyntaxNode): boolean {
  return node.firstChild?.type === 'async';
}

function lowerWith(sc: StmtContext, node: SyntaxNode, span: A.Span): A.With {
  const { ctx } = sc;
  const clause = namedKids(node).find((k) => k.type === 'with_clause');
  const items: A.WithItem[] = (clause ? namedKids(clause) : []).filter((k) => k.type === 'with_item').map((item) => {
    const value = field(item, 'value');
    if (value?.type === 'as_pattern') {
      const target = field(value, 'alias');
      const targetExpr = target ? namedKids(target)[0] : undefined;
      const contextExpr = namedKids(value)[0];
      return {
        contextExpr: contextExpr ? lowerExpr(ctx, contextExpr) : lowerField(ctx, item, 'value'),
        optionalVars: targetExpr ? lowerExpr(ctx, targetExpr) : undefined,
        span: spanOf(item),
      };
    }
    return { contextExpr: lowerField(ctx, item, 'value'), span: spanOf(item) };
  });
  return { kind: 'With', id: ctx.id(), span, items, body: lowerBlock(sc, field(node, 'body')), isAsync: startsWithAsync(node) };
}

function lowerTry(sc: StmtContext, node: SyntaxNode, span: A.Span): A.Try {
  const { ctx } = sc;
  const result: A.Try = { kind: 'Try', id: ctx.id(), span, body: lowerBlock(sc, field(node, 'body')), handlers: [], orelse: [], finalbody: [] };
  for (const k of namedKids(node)) {
    if (k.type === 'except_clause') result.handlers.push(lowerExcept(sc, k));
    else if (k.type === 'else_clause') result.orelse = lowerBlock(sc, field(k, 'body'));
    else if (k.type === 'finally_clause') result.finalbody = lowerBlock(sc, namedKids(k).find((c) => c.type === 'block'));
  }
  return result;
}

/** `except:`, `except E:`, `except (A, B) as e:`; the grammar puts `E as e` in an as_pattern. */
function lowerExcept(sc: StmtContext, node: SyntaxNode): A.ExceptHandler {
  const { ctx } = sc;
  const handler: A.ExceptHandler = { body: lowerBlock(sc, namedKids(node).find((c) => c.type === 'block')), span: spanOf(node) };
  const value = fields(node, 'value')[0] ?? namedKids(node).find((c) => c.type !== 'block');
  if (value?.type === 'as_pattern') {
    const typeNode = namedKids(value)[0];
    if (typeNode) handler.type = lowerExpr(ctx, typeNode);
    const alias = field(value, 'alias');
    if (alias) handler.name = (namedKids(alias)[0] ?? alias).text;
  } else if (value) {
    handler.type = lowerExpr(ctx, value);
    const alias = field(node, 'alias');
    if (alias) handler.name = alias.text;
  }
  return handler;
}

function importAlias(node: SyntaxNode): A.ImportAlias {
  if (node.type === 'aliased_import') {
    return { name: dotted(field(node, 'name')), asname: field(node, 'alias')?.text, span: spanOf(node) };
  }
  return { name: dotted(node), span: spanOf(node) };
}

/** `a . b` written with spaces is still the module `a.b`. */
function dotted(node: SyntaxNode | undefined): string {
  if (!node) return '';
  return node.type === 'dotted_name' ? namedKids(node).map((k) => k.text).join('.') : node.text;
}

function lowerImportFrom(ctx: LowerContext, node: SyntaxNode, span: A.Span): A.ImportFrom {
  const moduleNode = field(node, 'module_name');
  let module = '';
  let level = 0;
  if (moduleNode?.type === 'relative_import') {
    for (const k of namedKids(moduleNode)) {
      if (k.type === 'import_prefix') level = k.text.replace(/\s/g, '').length;
      else module = dotted(k);
    }
  } else {
    module = dotted(moduleNode);
  }
  const star = namedKids(node).some((k) => k.type === 'wildcard_import');
  return { kind: 'ImportFrom', id: ctx.id(), span, module, level, names: star ? '*' : fields(node, 'name').map(importAlias) };
}

/** The docstring of a def or class body: a first statement that is a plain (non-bytes) string. */
function docstringOf(body: A.Stmt[]): string | undefined {
  const first = body[0];
  if (first?.kind === 'ExprStmt' && first.value.kind === 'Str' && !first.value.isBytes) return first.value.value;
  return undefined;
}

/**
 * The run of whole-line comments directly above `line` (the first decorator or the `def`), in
 * source order. A blank line or code ends the run.
 */
function leadingComments(commentLines: CommentLines, line: number): A.FunctionDef['leadingComments'] {
  const out: A.FunctionDef['leadingComments'] = [];
  for (let l = line - 1; commentLines.has(l); l--) out.unshift(commentLines.get(l)!);
  return out;
}

/** `outer` is the decorated_definition when there are decorators, so spans include them. */
function lowerFunction(sc: StmtContext, node: SyntaxNode, outer: SyntaxNode, decorators: A.Expr[]): A.FunctionDef {
  const { ctx } = sc;
  const nameNode = field(node, 'name');
  const span = spanOf(outer);
  const params = lowerParameters(ctx, field(node, 'parameters'));
  const returns = lowerOptionalField(ctx, node, 'return_type');
  const body = lowerBlock(sc, field(node, 'body'));
  const def: A.FunctionDef = {
    kind: 'FunctionDef', id: ctx.id(), span, name: nameNode?.text ?? '', nameSpan: nameNode ? spanOf(nameNode) : span,
    params, body, decorators, isAsync: startsWithAsync(node), leadingComments: leadingComments(sc.commentLines, span.start.line),
  };
  if (returns) def.returns = returns;
  const doc = docstringOf(body);
  if (doc !== undefined) def.docstring = doc;
  return def;
}

function lowerClass(sc: StmtContext, node: SyntaxNode, outer: SyntaxNode, decorators: A.Expr[]): A.ClassDef {
  const { ctx } = sc;
  const nameNode = field(node, 'name');
  const span = spanOf(outer);
  const superclasses = field(node, 'superclasses');
  const bases = superclasses ? lowerArguments(ctx, superclasses) : [];
  const body = lowerBlock(sc, field(node, 'body'));
  const cls: A.ClassDef = {
    kind: 'ClassDef', id: ctx.id(), span, name: nameNode?.text ?? '', nameSpan: nameNode ? spanOf(nameNode) : span,
    bases, body, decorators,
  };
  const doc = docstringOf(body);
  if (doc !== undefined) cls.docstring = doc;
  return cls;
}
