/**
 * Lowering string literals: plain, raw, bytes, triple-quoted, implicitly concatenated, and
 * f-strings with their interpolations, conversions, nested format specs and `=`.
 *
 * Literal text is taken from the gaps between a string's interpolations rather than from
 * tree-sitter's `string_content` tokens, so every character between the quotes is accounted for.
 *
 * Invariant: adjacent literal parts of an FString are merged, so `parts` never holds two strings
 * in a row or an empty string.
 */
import type * as A from './ast';
import { LowerContext, spanFrom, spanOf } from './context';
import { field, kids } from './cst';
import { decodeStringBody, stringPrefix } from './literals';
import type { CstNode as SyntaxNode } from './cstMirror';

type LowerExpr = (ctx: LowerContext, node: SyntaxNode) => A.Expr;

interface Piece {
  node: SyntaxNode;
  prefix: string;
}

export function lowerString(ctx: LowerContext, node: SyntaxNode, lowerExpr: LowerExpr): A.Expr {
  const span = spanOf(node);
  const strings = node.type === 'concatenated_string' ? kids(node).filter((k) => k.type === 'string') : [node];
  const pieces: Piece[] = strings.map((s) => ({ node: s, prefix: stringPrefix(s.firstChild?.text ?? '') }));
  const isF = (p: Piece): boolean => p.prefix.includes('f') || p.prefix.includes('t');
  const isBytes = (p: Piece): boolean => p.prefix.includes('b');

  if (pieces.some(isBytes) && !pieces.every(isBytes)) ctx.error('cannot mix bytes and nonbytes literals', span);

  if (!pieces.some(isF)) {
    const value = pieces.map((p) => decodeStringBody(bodyText(ctx, p.node), bodyOptions(p.prefix))).join('');
    return { kind: 'Str', id: ctx.id(), span, value, isBytes: pieces.length > 0 && pieces.every(isBytes) };
  }

  const fstring: A.FString = { kind: 'FString', id: ctx.id(), span, parts: [] };
  for (const p of pieces) {
    if (isF(p)) appendFStringParts(ctx, fstring.parts, p, lowerExpr);
    else pushText(fstring.parts, decodeStringBody(bodyText(ctx, p.node), bodyOptions(p.prefix)));
  }
  return fstring;
}

function bodyOptions(prefix: string): { raw: boolean; bytes: boolean; fstring: boolean } {
  return { raw: prefix.includes('r'), bytes: prefix.includes('b'), fstring: prefix.includes('f') || prefix.includes('t') };
}

/** Offsets of the text between the quotes; an unterminated string runs to its node's end. */
function bodyRange(s: SyntaxNode): [number, number] {
  const start = s.firstChild;
  const end = s.lastChild;
  const from = start?.type === 'string_start' ? start.endIndex : s.startIndex;
  const to = end?.type === 'string_end' && !end.isMissing ? end.startIndex : s.endIndex;
  return [from, Math.max(from, to)];
}

function bodyText(ctx: LowerContext, s: SyntaxNode): string {
  const [from, to] = bodyRange(s);
  return ctx.text.slice(from, to);
}

function pushText(parts: A.FString['parts'], text: string): void {
  if (!text) return;
  const last = parts.length - 1;
  if (last >= 0 && typeof parts[last] === 'string') parts[last] = (parts[last] as string) + text;
  else parts.push(text);
}

function appendFStringParts(ctx: LowerContext, parts: A.FString['parts'], p: Piece, lowerExpr: LowerExpr): void {
  const opts = bodyOptions(p.prefix);
  const [from, to] = bodyRange(p.node);
  let pos = from;
  for (const k of kids(p.node)) {
    if (k.type !== 'interpolation') continue;
    pushText(parts, decodeStringBody(ctx.text.slice(pos, k.startIndex), opts));
    parts.push(lowerInterpolation(ctx, k, opts, lowerExpr));
    pos = k.endIndex;
  }
  pushText(parts, decodeStringBody(ctx.text.slice(pos, to), opts));
}

/** `{expr!r:spec}` or `{expr=}`; format_expression nodes inside a spec have the same shape. */
function lowerInterpolation(
  ctx: LowerContext, node: SyntaxNode, opts: ReturnType<typeof bodyOptions>, lowerExpr: LowerExpr,
): A.FStringInterpolation {
  const exprNode = field(node, 'expression');
  const expr: A.Expr = exprNode
    ? lowerExpr(ctx, exprNode)
    : { kind: 'Error', id: ctx.id(), span: spanOf(node), text: node.text };
  const interpolation: A.FStringInterpolation = { expr };

  const conversion = field(node, 'type_conversion')?.text.slice(1);
  if (conversion === 'r' || conversion === 's' || conversion === 'a') interpolation.conversion = conversion;

  const spec = field(node, 'format_specifier');
  if (spec) interpolation.formatSpec = lowerFormatSpec(ctx, spec, opts, lowerExpr);

  // `{x = }` repeats its text up to the conversion, spec or closing brace, blanks included.
  const children = kids(node);
  const equals = children.findIndex((k) => k.type === '=');
  const open = children[0];
  const after = children[equals + 1];
  if (equals > 0 && open?.type === '{' && after) interpolation.selfDocumenting = ctx.text.slice(open.endIndex, after.startIndex);
  return interpolation;
}

/** The spec after `:` as an FString of its own: literal text and nested `{...}` fields. */
function lowerFormatSpec(
  ctx: LowerContext, spec: SyntaxNode, opts: ReturnType<typeof bodyOptions>, lowerExpr: LowerExpr,
): A.FString {
  const children = kids(spec);
  const colon = children[0]?.type === ':' ? children[0] : undefined;
  const fstring: A.FString = {
    kind: 'FString', id: ctx.id(), span: colon ? spanFrom(colon, spec) : spanOf(spec), parts: [],
  };
  let pos = colon ? colon.endIndex : spec.startIndex;
  for (const k of children) {
    if (k.type !== 'format_expression') continue;
    pushText(fstring.parts, decodeStringBody(ctx.text.slice(pos, k.startIndex), opts));
    fstring.parts.push(lowerInterpolation(ctx, k, opts, lowerExpr));
    pos = k.endIndex;
  }
  pushText(fstring.parts, decodeStringBody(ctx.text.slice(pos, spec.endIndex), opts));
  return fstring;
}
