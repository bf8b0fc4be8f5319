/**
 * State shared by one lowering pass: the source text, the id counter and the error list.
 *
 * Invariant: ids are handed out in creation order, so `nextId` is the module's `nodeCount`, and
 * every span is built from tree-sitter positions, which web-tree-sitter already reports in UTF-16
 * code units when it parses a JavaScript string (the same units as LSP and `String.length`).
 */
import type { ParseError, Position, Span } from './ast';
import type { CstNode as SyntaxNode } from './cstMirror';
import type { BrokenRegion, Placeholder } from './repair';

export class LowerContext {
  private nextId = 0;
  readonly errors: ParseError[] = [];

  /** Statements found running across lines (see logicalLines.ts), for the line repair. */
  readonly brokenRegions: BrokenRegion[] = [];

  /**
   * @param text the text tree-sitter parsed.
   * @param placeholders lines whose content the line repair replaced with a placeholder
   *   identifier (see repair.ts), when this is a repaired reading.
   */
  constructor(
    readonly text: string,
    readonly placeholders?: ReadonlyMap<number, Placeholder>,
  ) {}

  /** A statement that runs past the end of its logical line (see logicalLines.ts). */
  brokenStatement(region: BrokenRegion): void {
    this.brokenRegions.push(region);
  }

  id(): number {
    return this.nextId++;
  }

  /** Hands out `count` consecutive ids at once and returns the first (for reused statements). */
  reserveIds(count: number): number {
    const first = this.nextId;
    this.nextId += count;
    return first;
  }

  get nodeCount(): number {
    return this.nextId;
  }

  error(message: string, span: Span): void {
    this.errors.push({ message, span });
  }
}

export function spanOf(node: SyntaxNode): Span {
  return spanFrom(node, node);
}

/** From the start of `first` to the end of `last`. */
export function spanFrom(first: SyntaxNode, last: SyntaxNode): Span {
  const s = first.startPosition;
  const e = last.endPosition;
  return {
    start: { line: s.row, character: s.column },
    end: { line: e.row, character: e.column },
    startOffset: first.startIndex,
    endOffset: last.endIndex,
  };
}

/** A span over `text[startOffset, endOffset)`, all on one line starting at `start`. */
export function spanOnLine(line: number, character: number, startOffset: number, length: number): Span {
  return {
    start: { line, character },
    end: { line, character: character + length },
    startOffset,
    endOffset: startOffset + length,
  };
}

/** `node`'s span clipped to the end of its first line, so a squiggle does not cover a whole file. */
export function firstLineSpan(node: SyntaxNode, text: string): Span {
  const span = spanOf(node);
  if (span.end.line === span.start.line) return span;
  let end = text.indexOf('\n', span.startOffset);
  if (end < 0 || end > span.endOffset) end = span.endOffset;
  if (end > span.startOffset && text[end - 1] === '\r') end--;
  return spanOnLine(span.start.line, span.start.character, span.startOffset, end - span.startOffset);
}

/** The LSP position of `offset` in `text` (a linear scan: for the rare error paths only). */
export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, character: offset - lineStart };
}

export function spanAtOffsets(text: string, start: number, end: number): Span {
  return { start: positionAt(text, start), end: positionAt(text, end), startOffset: start, endOffset: end };
}
