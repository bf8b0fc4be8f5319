/**
 * Turning tree-sitter's ERROR and MISSING nodes into readable `ParseError`s, each placed on the
 * smallest span that explains it: the unclosed bracket, the dangling operator, the stray token.
 *
 * Invariant: each ERROR node yields exactly one message (nested ERRORs are part of it), each
 * MISSING node one "expected ..." message; subtrees without errors are not visited, so a clean
 * file costs one `hasError` check.
 */
import type { Span } from './ast';
import { LowerContext, firstLineSpan, spanOf } from './context';
import { CLOSE_BRACKETS, OPEN_BRACKETS, kids } from './cst';
import type { CstNode as SyntaxNode } from './cstMirror';
import { regionOfLines, type BrokenRegion } from './repair';

export function collectSyntaxErrors(ctx: LowerContext, root: SyntaxNode): void {
  if (!root.hasError) return;
  const visit = (node: SyntaxNode): void => {
    if (node.isMissing) {
      ctx.error(describeMissing(node), spanOf(node));
      return;
    }
    if (node.isError) {
      const { message, span } = describeError(ctx, node);
      ctx.error(message, span);
      return;
    }
    for (const child of kids(node)) if (child.hasError || child.isMissing) visit(child);
  };
  visit(root);
}

const MISSING_NAMES: Readonly<Record<string, string>> = {
  identifier: 'a name',
  block: 'an indented block',
  _indent: 'an indented block',
  _newline: 'a new line',
  string_end: 'the end of the string',
  expression: 'an expression',
};

function describeMissing(node: SyntaxNode): string {
  const what = MISSING_NAMES[node.type] ?? (node.isNamed ? `a ${node.type.replace(/_/g, ' ')}` : `'${node.type}'`);
  return `expected ${what}`;
}

/** Tokens after which Python needs another operand. */
const NEEDS_OPERAND = new Set([
  '+', '-', '*', '/', '//', '%', '**', '@', '<<', '>>', '&', '|', '^', '~', '==', '!=', '<', '<=', '>',
  '>=', 'and', 'or', 'not', 'in', 'is', '=', '+=', '-=', '*=', '/=', '//=', '%=', '**=', '@=', '<<=',
  '>>=', '&=', '|=', '^=', ':=', 'return', 'yield', 'await', 'lambda', 'assert', 'del',
]);

const MAX_QUOTE = 30;

/** The leaves (tokens) of `node` in source order. */
function leaves(node: SyntaxNode, out: SyntaxNode[] = []): SyntaxNode[] {
  if (node.childCount === 0) {
    if (node.type !== 'comment') out.push(node);
    return out;
  }
  for (const k of kids(node)) leaves(k, out);
  return out;
}

export function describeError(ctx: LowerContext, node: SyntaxNode): { message: string; span: Span } {
  const direct = kids(node);

  // An unterminated string swallows its line: tree-sitter leaves just the opening quote.
  const openQuote = direct.find((k) => k.type === 'string_start');
  if (openQuote) return { message: 'unterminated string literal', span: spanToLineEnd(ctx, openQuote) };

  const bracket = unbalancedBracket(direct);
  if (bracket) {
    const message = bracket.type in OPEN_BRACKETS ? `'${bracket.type}' was never closed` : `unmatched '${bracket.type}'`;
    return { message, span: spanOf(bracket) };
  }

  // A line that stops mid-expression (`x = nl.`, `y = a +`): point at the dangling token.
  const tokens = leaves(node);
  const firstRow = node.startPosition.row;
  const onFirstLine = tokens.filter((t) => t.startPosition.row === firstRow);
  const last = onFirstLine[onFirstLine.length - 1];
  if (last?.type === '.') return { message: "expected a name after '.'", span: spanOf(last) };
  if (last && NEEDS_OPERAND.has(last.type)) return { message: `expected an expression after '${last.type}'`, span: spanOf(last) };
  if (last?.type === ',' && onFirstLine.length === 1) return { message: "unexpected ','", span: spanOf(last) };

  const span = firstLineSpan(node, ctx.text);
  let text = ctx.text.slice(span.startOffset, span.endOffset).trim();
  if (!text) return { message: 'invalid syntax', span };
  if (text.length > MAX_QUOTE) text = `${text.slice(0, MAX_QUOTE - 1)}…`;
  return { message: `unexpected text '${text}'`, span };
}

/**
 * The first bracket among `tokens` (an ERROR node's direct children) that has no partner there:
 * a closer with no opener, else the innermost opener left open. Brackets inside complete child
 * nodes are balanced by construction and not looked at.
 */
function unbalancedBracket(tokens: SyntaxNode[]): SyntaxNode | undefined {
  const open: SyntaxNode[] = [];
  for (const t of tokens) {
    if (t.type in OPEN_BRACKETS) open.push(t);
    else if (t.type in CLOSE_BRACKETS) {
      const top = open[open.length - 1];
      if (top && OPEN_BRACKETS[top.type] === t.type) open.pop();
      else return t;
    }
  }
  return open[open.length - 1];
}

/**
 * Unbalanced brackets in ERROR nodes, as broken regions for the line repair: an opener whose
 * closer never came ("'(' was never closed", as Python says) or a closer with no opener.
 */
export function bracketRegions(text: string, root: SyntaxNode): BrokenRegion[] {
  const found: BrokenRegion[] = [];
  if (!root.hasError) return found;
  const report = (token: SyntaxNode, message: string): void => {
    found.push(regionOfLines(text, token.startIndex, token.endIndex, message, spanOf(token)));
  };
  const visit = (node: SyntaxNode): void => {
    if (node.isError) {
      const open: SyntaxNode[] = [];
      for (const t of kids(node)) {
        if (t.type in OPEN_BRACKETS) open.push(t);
        else if (t.type in CLOSE_BRACKETS) {
          const top = open[open.length - 1];
          if (top && OPEN_BRACKETS[top.type] === t.type) open.pop();
          else report(t, `unmatched '${t.type}'`);
        }
      }
      for (const o of open) report(o, `'${o.type}' was never closed`);
    }
    for (const child of kids(node)) if (child.hasError) visit(child);
  };
  visit(root);
  return found;
}

function spanToLineEnd(ctx: LowerContext, node: SyntaxNode): Span {
  const span = spanOf(node);
  let end = ctx.text.indexOf('\n', span.startOffset);
  if (end < 0) end = ctx.text.length;
  if (end > span.startOffset && ctx.text[end - 1] === '\r') end--;
  return {
    start: span.start, end: { line: span.start.line, character: span.start.character + (end - span.startOffset) },
    startOffset: span.startOffset, endOffset: end,
  };
}
