/**
 * Lowering tree-sitter expression nodes (and assignment patterns, which share our Expr types)
 * into AST expressions, plus the pieces expressions are built from: call arguments, parameters,
 * comprehension clauses and subscript slices.
 *
 * Invariant: `lowerExpr` returns an Expr for any node it is given and never throws; a node it
 * cannot read becomes an `Error` expression (syntax errors themselves are reported once, by
 * syntaxErrors.ts, not here).
 */
import type * as A from './ast';
import { LowerContext, spanFrom, spanOf } from './context';
import { field, fields, kids, namedKids } from './cst';
import { errorExpr, guarded } from './defensive';
import { decodeFloat, decodeInt, isImaginary } from './literals';
import { lowerString } from './lowerStrings';
import type { CstNode as SyntaxNode } from './cstMirror';

export function lowerExpr(ctx: LowerContext, node: SyntaxNode): A.Expr {
  return guarded(ctx, node, (n) => lowerExprUnguarded(ctx, n), errorExpr);
}

/** The expression in `node`'s field `name`, or an Error at `node` when tree-sitter left it out. */
export function lowerField(ctx: LowerContext, node: SyntaxNode, name: string): A.Expr {
  const child = field(node, name);
  return child ? lowerExpr(ctx, child) : missingExpr(ctx, node);
}

export function lowerOptionalField(ctx: LowerContext, node: SyntaxNode, name: string): A.Expr | undefined {
  const child = field(node, name);
  return child ? lowerExpr(ctx, child) : undefined;
}

/** A placeholder for an expression the parser did not find, at the end of `after`. */
function missingExpr(ctx: LowerContext, after: SyntaxNode): A.ErrorExpr {
  const span = spanOf(after);
  return {
    kind: 'Error', id: ctx.id(), text: '',
    span: { start: span.end, end: span.end, startOffset: span.endOffset, endOffset: span.endOffset },
  };
}

const BINARY_OPERATORS = new Set<string>(['+', '-', '*', '/', '//', '%', '**', '@', '<<', '>>', '&', '|', '^']);
const COMPARE_OPERATORS: Readonly<Record<string, A.CompareOperator>> = {
  '==': '==', '!=': '!=', '<>': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=',
  'in': 'in', 'not in': 'not in', 'is': 'is', 'is not': 'is not',
};

function lowerExprUnguarded(ctx: LowerContext, node: SyntaxNode): A.Expr {
  const span = spanOf(node);
  switch (node.type) {
    case 'identifier':
    case 'keyword_identifier':
      // A MISSING identifier (tree-sitter's guess at what was left out) has no name to give.
      if (node.isMissing) return { kind: 'Error', id: ctx.id(), span, text: '' };
      return { kind: 'Name', id: ctx.id(), span, name: node.text };
    case 'true': return { kind: 'Bool', id: ctx.id(), span, value: true };
    case 'false': return { kind: 'Bool', id: ctx.id(), span, value: false };
    case 'none': return { kind: 'None', id: ctx.id(), span };
    case 'ellipsis': return { kind: 'Ellipsis', id: ctx.id(), span };
    case 'integer':
    case 'float':
      return lowerNumber(ctx, node, span);
    case 'string':
    case 'concatenated_string':
      return lowerString(ctx, node, lowerExpr);
    case 'attribute': {
      const attr = field(node, 'attribute');
      return {
        kind: 'Attribute', id: ctx.id(), span, value: lowerField(ctx, node, 'object'),
        attr: attr && !attr.isMissing ? attr.text : '', attrSpan: attr ? spanOf(attr) : spanOf(node),
      };
    }
    case 'subscript':
      return { kind: 'Subscript', id: ctx.id(), span, value: lowerField(ctx, node, 'value'), index: lowerSubscriptIndex(ctx, node) };
    case 'slice':
      return lowerSlice(ctx, node, span);
    case 'call': {
      const func = lowerField(ctx, node, 'function');
      const argsNode = field(node, 'arguments');
      let args: A.Argument[] = [];
      if (argsNode?.type === 'generator_expression') {
        // `f(x for x in xs)`: the generator's own parentheses are the call's.
        args = [{ kind: 'positional', value: lowerExpr(ctx, argsNode), span: spanOf(argsNode) }];
      } else if (argsNode) {
        args = lowerArguments(ctx, argsNode);
      }
      return { kind: 'Call', id: ctx.id(), span, func, args };
    }
    case 'binary_operator': {
      const op = field(node, 'operator')?.type ?? '';
      if (!BINARY_OPERATORS.has(op)) return errorExpr(ctx, node);
      return {
        kind: 'BinOp', id: ctx.id(), span, op: op as A.BinaryOperator,
        left: lowerField(ctx, node, 'left'), right: lowerField(ctx, node, 'right'),
      };
    }
    case 'unary_operator': {
      const op = field(node, 'operator')?.type;
      if (op !== '-' && op !== '+' && op !== '~') return errorExpr(ctx, node);
      return { kind: 'UnaryOp', id: ctx.id(), span, op, operand: lowerField(ctx, node, 'argument') };
    }
    case 'not_operator':
      return { kind: 'UnaryOp', id: ctx.id(), span, op: 'not', operand: lowerField(ctx, node, 'argument') };
    case 'boolean_operator':
      return lowerBoolOp(ctx, node, span);
    case 'comparison_operator':
      return lowerCompare(ctx, node, span);
    case 'conditional_expression': {
      // `body if test else orelse`: the three operands in source order.
      const [body, test, orelse] = namedKids(node);
      return {
        kind: 'IfExp', id: ctx.id(), span,
        body: body ? lowerExpr(ctx, body) : missingExpr(ctx, node),
        test: test ? lowerExpr(ctx, test) : missingExpr(ctx, node),
        orelse: orelse ? lowerExpr(ctx, orelse) : missingExpr(ctx, node),
      };
    }
    case 'lambda':
      return { kind: 'Lambda', id: ctx.id(), span, params: lowerParameters(ctx, field(node, 'parameters')), body: lowerField(ctx, node, 'body') };
    case 'named_expression': {
      const nameNode = field(node, 'name');
      const target: A.Name = { kind: 'Name', id: ctx.id(), span: nameNode ? spanOf(nameNode) : span, name: nameNode?.text ?? '' };
      return { kind: 'NamedExpr', id: ctx.id(), span, target, value: lowerField(ctx, node, 'value') };
    }
    case 'await':
      return { kind: 'Await', id: ctx.id(), span, value: lowerOnlyChild(ctx, node) };
    case 'yield': {
      const value = namedKids(node)[0];
      const isFrom = kids(node).some((c) => c.type === 'from');
      return { kind: 'Yield', id: ctx.id(), span, value: value ? lowerExpr(ctx, value) : undefined, isFrom };
    }
    case 'parenthesized_expression': {
      // Python's AST has no node for parentheses; the inner expression keeps its own span.
      const inner = namedKids(node)[0];
      return inner ? lowerExpr(ctx, inner) : errorExpr(ctx, node);
    }
    case 'tuple':
    case 'tuple_pattern':
    case 'expression_list':
    case 'pattern_list':
      return { kind: 'Tuple', id: ctx.id(), span, elts: lowerElements(ctx, node) };
    case 'list':
    case 'list_pattern':
      return { kind: 'List', id: ctx.id(), span, elts: lowerElements(ctx, node) };
    case 'set':
      return { kind: 'Set', id: ctx.id(), span, elts: lowerElements(ctx, node) };
    case 'dictionary':
      return { kind: 'Dict', id: ctx.id(), span, entries: lowerDictEntries(ctx, node) };
    case 'list_comprehension':
    case 'set_comprehension':
    case 'generator_expression':
    case 'dictionary_comprehension':
      return lowerComprehension(ctx, node, span);
    case 'list_splat':
    case 'list_splat_pattern':
      return { kind: 'Starred', id: ctx.id(), span, value: lowerOnlyChild(ctx, node) };
    case 'parenthesized_list_splat': {
      // `(*a)`: the parentheses add nothing.
      const inner = lowerOnlyChild(ctx, node);
      return inner.kind === 'Starred' ? inner : { kind: 'Starred', id: ctx.id(), span, value: inner };
    }
    case 'type':
      // Annotations are wrapped in a `type` node; the expression inside is what we model.
      return lowerOnlyChild(ctx, node);
    default:
      // ERROR, MISSING and constructs that are not expressions here (e.g. a stray `**x`).
      return errorExpr(ctx, node);
  }
}

function lowerOnlyChild(ctx: LowerContext, node: SyntaxNode): A.Expr {
  const inner = namedKids(node)[0];
  return inner ? lowerExpr(ctx, inner) : missingExpr(ctx, node);
}

function lowerNumber(ctx: LowerContext, node: SyntaxNode, span: A.Span): A.Expr {
  const text = node.text;
  if (isImaginary(text)) {
    const value = decodeFloat(text.slice(0, -1));
    if (value !== undefined) return { kind: 'Imaginary', id: ctx.id(), span, value };
  } else if (node.type === 'integer') {
    const value = decodeInt(text);
    if (value !== undefined) return { kind: 'Int', id: ctx.id(), span, value };
  } else {
    const value = decodeFloat(text);
    if (value !== undefined) return { kind: 'Float', id: ctx.id(), span, value };
  }
  ctx.error(`invalid number literal '${text}'`, span);
  return errorExpr(ctx, node);
}

/** Elements of a tuple, list or set display (or pattern), skipping punctuation and comments. */
function lowerElements(ctx: LowerContext, node: SyntaxNode): A.Expr[] {
  return namedKids(node).map((k) => lowerExpr(ctx, k));
}

function lowerDictEntries(ctx: LowerContext, node: SyntaxNode): A.Dict['entries'] {
  return namedKids(node).map((k) => {
    if (k.type === 'pair') return { key: lowerField(ctx, k, 'key'), value: lowerField(ctx, k, 'value') };
    if (k.type === 'dictionary_splat') return { value: lowerOnlyChild(ctx, k) };
    return { value: lowerExpr(ctx, k) }; // ERROR inside the braces
  });
}

function lowerBoolOp(ctx: LowerContext, node: SyntaxNode, span: A.Span): A.BoolOp {
  const op = field(node, 'operator')?.type === 'or' ? 'or' : 'and';
  // tree-sitter nests `a and b and c` to the left; Python's AST keeps one flat BoolOp.
  const operands: SyntaxNode[] = [];
  let cur: SyntaxNode | undefined = node;
  while (cur?.type === 'boolean_operator' && (field(cur, 'operator')?.type === 'or' ? 'or' : 'and') === op) {
    const right = field(cur, 'right');
    if (right) operands.unshift(right);
    cur = field(cur, 'left');
  }
  if (cur) operands.unshift(cur);
  return { kind: 'BoolOp', id: ctx.id(), span, op, values: operands.map((o) => lowerExpr(ctx, o)) };
}

function lowerCompare(ctx: LowerContext, node: SyntaxNode, span: A.Span): A.Expr {
  const operands: A.Expr[] = [];
  const ops: A.CompareOperator[] = [];
  for (const k of kids(node)) {
    if (k.type === 'comment') continue;
    if (k.isNamed) operands.push(lowerExpr(ctx, k));
    else if (k.type in COMPARE_OPERATORS) ops.push(COMPARE_OPERATORS[k.type]);
  }
  if (operands.length < 2 || operands.length !== ops.length + 1) return errorExpr(ctx, node);
  return { kind: 'Compare', id: ctx.id(), span, left: operands[0], ops, comparators: operands.slice(1) };
}

/** `a[i]` indexes with `i`; `a[i, j:k]` (or `a[i,]`) with a Tuple spanning the elements. */
function lowerSubscriptIndex(ctx: LowerContext, node: SyntaxNode): A.Expr {
  const parts = fields(node, 'subscript');
  const hasComma = kids(node).some((c) => c.type === ',');
  if (parts.length === 1 && !hasComma) return lowerExpr(ctx, parts[0]);
  if (parts.length === 0) return missingExpr(ctx, field(node, 'value') ?? node);
  return {
    kind: 'Tuple', id: ctx.id(), span: spanFrom(parts[0], parts[parts.length - 1]),
    elts: parts.map((p) => lowerExpr(ctx, p)),
  };
}

/** `lower:upper:step`, any part optional: the colons seen so far say which part comes next. */
function lowerSlice(ctx: LowerContext, node: SyntaxNode, span: A.Span): A.Slice {
  const slice: A.Slice = { kind: 'Slice', id: ctx.id(), span };
  let colons = 0;
  for (const k of kids(node)) {
    if (k.type === ':') colons++;
    else if (k.isNamed && k.type !== 'comment') {
      const value = lowerExpr(ctx, k);
      if (colons === 0) slice.lower = value;
      else if (colons === 1) slice.upper = value;
      else slice.step = value;
    }
  }
  return slice;
}

export function lowerArguments(ctx: LowerContext, argList: SyntaxNode): A.Argument[] {
  const args: A.Argument[] = [];
  for (const k of namedKids(argList)) {
    const span = spanOf(k);
    if (k.type === 'keyword_argument') {
      const name = field(k, 'name');
      args.push({
        kind: 'keyword', name: name?.text ?? '', nameSpan: name ? spanOf(name) : span,
        value: lowerField(ctx, k, 'value'), span,
      });
    } else if (k.type === 'list_splat') {
      args.push({ kind: 'star', value: lowerOnlyChild(ctx, k), span });
    } else if (k.type === 'dictionary_splat') {
      args.push({ kind: 'doubleStar', value: lowerOnlyChild(ctx, k), span });
    } else {
      args.push({ kind: 'positional', value: lowerExpr(ctx, k), span });
    }
  }
  return args;
}

function lowerComprehension(ctx: LowerContext, node: SyntaxNode, span: A.Span): A.Expr {
  const generators: A.Comprehension[] = [];
  for (const k of namedKids(node)) {
    if (k.type === 'for_in_clause') {
      const rights = fields(k, 'right').filter((r) => r.isNamed);
      const iter: A.Expr = rights.length === 1
        ? lowerExpr(ctx, rights[0])
        : rights.length === 0
          ? missingExpr(ctx, k)
          : { kind: 'Tuple', id: ctx.id(), span: spanFrom(rights[0], rights[rights.length - 1]), elts: rights.map((r) => lowerExpr(ctx, r)) };
      generators.push({
        target: lowerField(ctx, k, 'left'), iter, ifs: [], span: spanOf(k),
        isAsync: kids(k).some((c) => c.type === 'async'),
      });
    } else if (k.type === 'if_clause' && generators.length > 0) {
      generators[generators.length - 1].ifs.push(lowerOnlyChild(ctx, k));
    }
  }
  if (node.type === 'dictionary_comprehension') {
    const pair = field(node, 'body');
    const key = pair?.type === 'pair' ? lowerField(ctx, pair, 'key') : missingExpr(ctx, node);
    const value = pair?.type === 'pair' ? lowerField(ctx, pair, 'value') : missingExpr(ctx, node);
    return { kind: 'DictComp', id: ctx.id(), span, key, value, generators };
  }
  const elt = lowerField(ctx, node, 'body');
  const kind = node.type === 'list_comprehension' ? 'ListComp' : node.type === 'set_comprehension' ? 'SetComp' : 'GeneratorExp';
  return { kind, id: ctx.id(), span, elt, generators };
}

/**
 * Parameters of a def or lambda. Python's rules: names before `/` are positional-only, names
 * after `*` or `*args` are keyword-only.
 */
export function lowerParameters(ctx: LowerContext, paramsNode: SyntaxNode | undefined): A.Parameter[] {
  const params: A.Parameter[] = [];
  if (!paramsNode) return params;
  let keywordOnly = false;
  for (const k of namedKids(paramsNode)) {
    const span = spanOf(k);
    const simple = (kind: A.ParameterKind, nameNode: SyntaxNode | undefined, extra: Partial<A.Parameter> = {}): void => {
      params.push({ name: nameNode?.text ?? '', kind, span, ...extra });
    };
    switch (k.type) {
      case 'identifier':
        simple(keywordOnly ? 'keywordOnly' : 'normal', k);
        break;
      case 'default_parameter':
      case 'typed_default_parameter': {
        const name = field(k, 'name');
        if (name?.type !== 'identifier') {
          ctx.error('tuple parameters are not supported in Python 3', span);
          break;
        }
        const annotation = lowerOptionalField(ctx, k, 'type');
        simple(keywordOnly ? 'keywordOnly' : 'normal', name, { default: lowerField(ctx, k, 'value'), ...(annotation && { annotation }) });
        break;
      }
      case 'typed_parameter': {
        const inner = namedKids(k).find((c) => c.type !== 'type');
        const annotation = lowerOptionalField(ctx, k, 'type');
        const extra = annotation ? { annotation } : {};
        if (inner?.type === 'list_splat_pattern') {
          simple('varargs', namedKids(inner)[0], extra);
          keywordOnly = true;
        } else if (inner?.type === 'dictionary_splat_pattern') {
          simple('kwargs', namedKids(inner)[0], extra);
        } else {
          simple(keywordOnly ? 'keywordOnly' : 'normal', inner, extra);
        }
        break;
      }
      case 'list_splat_pattern':
        simple('varargs', namedKids(k)[0]);
        keywordOnly = true;
        break;
      case 'dictionary_splat_pattern':
        simple('kwargs', namedKids(k)[0]);
        break;
      case 'keyword_separator': // a bare `*`
        keywordOnly = true;
        break;
      case 'positional_separator': // `/`
        for (const p of params) if (p.kind === 'normal') p.kind = 'positionalOnly';
        break;
      case 'tuple_pattern':
        ctx.error('tuple parameters are not supported in Python 3', span);
        break;
      default:
        break; // ERROR inside the parameter list: reported by syntaxErrors.ts
    }
  }
  return params;
}
