/**
 * Line repair. Some mistakes make tree-sitter misread far more than the broken line: an unclosed
 * `(` makes every following line part of the bracketed expression (one half-typed call would
 * swallow the rest of the file into an ERROR node), and a dangling `x = nl.` glues itself to the
 * next line's statement. The checker would lose every statement after the mistake.
 *
 * So when the first reading finds such "broken regions", we re-parse a copy of the text in which
 * each region is neutralised: its first line's content becomes a placeholder identifier of the
 * same length (`____`) and its other lines become blanks. Lengths and newlines are kept, so every
 * offset, line and column of the repaired tree is valid in the original text, and the re-parse is
 * incremental. The lowering turns each placeholder back into an ErrorStmt holding the original text.
 */
import type { Span } from './ast';
import { positionAt } from './context';
import { editTree, parseTree, type Tree } from './parse';

/** A stretch of source, whole lines from the first non-blank character, that does not parse. */
export interface BrokenRegion {
  /** Offset of the first non-blank character of the first line. */
  start: number;
  /** Offset of the end of the last line (before its newline). */
  end: number;
  message: string;
  /** Where to report `message`: the token that explains the problem. */
  messageSpan: Span;
}

export interface Placeholder {
  /** The original source of the region. */
  text: string;
  span: Span;
}

export interface Repair {
  text: string;
  /** Placeholder identifiers by the line they sit on. */
  placeholders: Map<number, Placeholder>;
  /** The repaired tree; the caller must `delete()` it. */
  tree: Tree;
}

/** The region of whole lines holding `text[from, to)`, from the first line's first non-blank. */
export function regionOfLines(text: string, from: number, to: number, message: string, messageSpan: Span): BrokenRegion {
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  let start = lineStart;
  while (start < text.length && (text[start] === ' ' || text[start] === '\t' || text[start] === '\f')) start++;
  let end = text.indexOf('\n', Math.max(to - 1, from));
  if (end < 0) end = text.length;
  if (end > start && text[end - 1] === '\r') end--;
  return { start, end: Math.max(start, end), message, messageSpan };
}

/** Sorts regions and merges overlapping ones (keeping the first message). */
export function mergeRegions(regions: BrokenRegion[]): BrokenRegion[] {
  const sorted = [...regions].sort((a, b) => a.start - b.start);
  const out: BrokenRegion[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else out.push({ ...r });
  }
  return out;
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  const p = positionAt(text, offset);
  return { row: p.line, column: p.character };
}

/** Re-parses `text` with `regions` (merged, sorted) neutralised, reusing `tree`, which is left unchanged. */
export function repairRegions(tree: Tree, text: string, regions: BrokenRegion[]): Repair {
  const placeholders = new Map<number, Placeholder>();
  const copy = tree.copy();
  const pieces: string[] = [];
  let pos = 0;
  try {
    for (const r of regions) {
      const original = text.slice(r.start, r.end);
      const firstLineEnd = original.search(/\r?\n/);
      const firstLength = firstLineEnd < 0 ? original.length : firstLineEnd;
      const replacement = '_'.repeat(firstLength) + original.slice(firstLength).replace(/[^\r\n]/g, ' ');
      pieces.push(text.slice(pos, r.start), replacement);
      pos = r.end;
      const startPoint = pointAt(text, r.start);
      const endPoint = pointAt(text, r.end);
      placeholders.set(startPoint.row, {
        text: original,
        span: {
          start: { line: startPoint.row, character: startPoint.column },
          end: { line: endPoint.row, character: endPoint.column },
          startOffset: r.start, endOffset: r.end,
        },
      });
      editTree(copy, {
        startIndex: r.start, oldEndIndex: r.end, newEndIndex: r.end,
        startPosition: startPoint, oldEndPosition: endPoint, newEndPosition: endPoint,
      });
    }
    pieces.push(text.slice(pos));
    const patched = pieces.join('');
    return { text: patched, placeholders, tree: parseTree(patched, copy) };
  } finally {
    copy.delete();
  }
}

