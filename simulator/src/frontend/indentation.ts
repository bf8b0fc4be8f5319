/**
 * Indentation checks that tree-sitter does not make. Its scanner accepts a statement indented
 * deeper or shallower than its block's other statements, and compares tabs and spaces without
 * complaint, where CPython raises IndentationError or TabError. We report those.
 *
 * Rule (CPython's tokenizer): indentation is measured twice, with tabs to multiples of 8 and with
 * tabs as 1 column; two lines are indented alike only if both measures agree, and a line where
 * the measures disagree on the comparison is a TabError.
 */
import type { Span } from './ast';
import { LowerContext, spanOnLine } from './context';
import type { CstNode as SyntaxNode } from './cstMirror';

interface Indent {
  /** Tabs advance to the next multiple of 8. */
  wide: number;
  /** Tabs count as one column. */
  narrow: number;
}

function measure(whitespace: string): Indent {
  let wide = 0;
  let narrow = 0;
  for (const ch of whitespace) {
    if (ch === '\t') wide = (Math.floor(wide / 8) + 1) * 8;
    else if (ch === '\f') wide = 0; // form feed resets the column, as in CPython
    else wide++;
    narrow++;
  }
  return { wide, narrow };
}

/**
 * Checks the statements of one `module` or `block`. Statements sharing a line with the previous
 * one (after `;`, or after the header's colon) are not at the start of a line and are skipped.
 */
export function checkBlockIndentation(ctx: LowerContext, block: SyntaxNode, statements: SyntaxNode[]): void {
  let reference: Indent | undefined = block.type === 'module' ? { wide: 0, narrow: 0 } : undefined;
  let previousRow = block.type === 'module' ? -1 : (block.previousSibling?.endPosition.row ?? -1);
  let previous: SyntaxNode | undefined;
  for (const stmt of statements) {
    const start = stmt.startPosition;
    const startsLine = start.row > previousRow;
    previousRow = stmt.endPosition.row;
    if (!startsLine || stmt.type === 'ERROR') {
      previous = stmt;
      continue;
    }
    const lineStart = stmt.startIndex - start.column;
    const leading = ctx.text.slice(lineStart, stmt.startIndex);
    // Text before the statement on its line (e.g. a stray token) is not indentation.
    if (!/^[ \t\f]*$/.test(leading)) { previous = stmt; continue; }
    const indent = measure(leading);
    if (!reference) {
      reference = indent;
      previous = stmt;
      continue;
    }
    const span: Span = spanOnLine(start.row, start.column, stmt.startIndex, firstLineLength(ctx.text, stmt));
    const wideCmp = Math.sign(indent.wide - reference.wide);
    const narrowCmp = Math.sign(indent.narrow - reference.narrow);
    if (wideCmp !== narrowCmp) {
      ctx.error('inconsistent use of tabs and spaces in indentation', span);
    } else if (wideCmp > 0) {
      ctx.error(dedentedFrom(previous, indent.wide) ? 'unindent does not match any outer indentation level' : 'unexpected indent', span);
    } else if (wideCmp < 0) {
      ctx.error('unindent does not match any outer indentation level', span);
    }
    previous = stmt;
  }
}

/** Whether `previous` ends in a nested block indented deeper than `wide` (so this line dedents). */
function dedentedFrom(previous: SyntaxNode | undefined, wide: number): boolean {
  if (!previous) return false;
  const last = previous.lastChild;
  const body = last?.type === 'block' ? last : last?.lastChild?.type === 'block' ? last.lastChild : undefined;
  return body !== undefined && body.startPosition.column > wide && body.startPosition.row > previous.startPosition.row;
}

function firstLineLength(text: string, node: SyntaxNode): number {
  let end = text.indexOf('\n', node.startIndex);
  if (end < 0 || end > node.endIndex) end = node.endIndex;
  if (end > node.startIndex && text[end - 1] === '\r') end--;
  return end - node.startIndex;
}
