/**
 * An open Python file that is re-parsed incrementally as it is edited: the LSP sends small text
 * changes, tree-sitter re-reads only what they touched (a few ms on a 2,900-line kernel instead of
 * tens), and the AST is lowered lazily, once per version.
 *
 * Invariant: `tree` always matches `text`; the document owns it and frees the previous tree after
 * each re-parse and on `dispose()`.
 */
import { lineStarts, pointAtOffset } from './lineIndex';
import type { Module, Position } from './ast';
import { lowerTree } from './lower';
import { editTree, parseTree, type Tree } from './parse';
import { StatementReuse } from './reuse';

/** LSP's TextDocumentContentChangeEvent: a ranged replacement, or the whole new text. */
export type TextChange =
  | { range: { start: Position; end: Position }; text: string }
  | { text: string };

export class PythonDocument {
  private currentText: string;
  private tree: Tree | undefined;
  private lowered: Module | undefined;
  /** The previous version's top-level statements, reused where their text did not change. */
  private readonly reuse = new StatementReuse();
  /** Offsets where each line starts, computed on demand for the current text. */
  private lineStarts: number[] | undefined;

  /** Requires `initParser()` to have resolved. */
  constructor(text: string) {
    this.currentText = text;
    this.tree = parseTree(text);
  }

  get text(): string {
    return this.currentText;
  }

  /** The AST of the current text (lowered on first access after a change). */
  get module(): Module {
    this.lowered ??= lowerTree(this.liveTree(), this.currentText, this.reuse);
    return this.lowered;
  }

  /** Applies changes in order, as LSP specifies, then re-parses once. */
  applyChanges(changes: readonly TextChange[]): void {
    const old = this.liveTree();
    let full = false;
    for (const change of changes) {
      if (!('range' in change)) {
        this.currentText = change.text;
        full = true;
        this.lineStarts = undefined;
        continue;
      }
      const start = this.offsetAt(change.range.start);
      const end = Math.max(start, this.offsetAt(change.range.end));
      const startPosition = this.pointAt(start);
      const oldEndPosition = this.pointAt(end);
      const newEndPosition = advance(startPosition, change.text);
      this.currentText = this.currentText.slice(0, start) + change.text + this.currentText.slice(end);
      this.lineStarts = undefined;
      if (!full) {
        editTree(old, {
          startIndex: start, oldEndIndex: end, newEndIndex: start + change.text.length,
          startPosition, oldEndPosition, newEndPosition,
        });
      }
    }
    // After a whole-text replacement the old tree no longer describes anything: parse afresh.
    // tree-sitter's error recovery depends on which old subtrees it reuses, so broken code could
    // read differently depending on the edit history. Diagnostics must not: broken code is parsed
    // afresh (valid code reads the same either way). The incremental attempt comes first even
    // when the old text was broken: it costs a few ms, and a keystroke that repairs the text (the
    // closing bracket) then needs no full parse, which costs tens of ms on a large file.
    let next = parseTree(this.currentText, full ? undefined : old);
    old.delete();
    if (!full && next.rootNode.hasError) {
      next.delete();
      next = parseTree(this.currentText);
    }
    this.tree = next;
    this.lowered = undefined;
  }

  /** Frees the tree; the document must not be used afterwards. */
  dispose(): void {
    this.tree?.delete();
    this.tree = undefined;
    this.lowered = undefined;
    this.reuse.clear();
  }

  private liveTree(): Tree {
    if (!this.tree) throw new Error('PythonDocument used after dispose()');
    return this.tree;
  }

  private starts(): number[] {
    this.lineStarts ??= lineStarts(this.currentText);
    return this.lineStarts;
  }

  /** LSP position to offset, clamped to the text as LSP requires (past the line end = line end). */
  offsetAt(pos: Position): number {
    const starts = this.starts();
    if (pos.line < 0) return 0;
    if (pos.line >= starts.length) return this.currentText.length;
    const lineStart = starts[pos.line];
    let lineEnd = pos.line + 1 < starts.length ? starts[pos.line + 1] - 1 : this.currentText.length;
    if (lineEnd > lineStart && this.currentText[lineEnd - 1] === '\r') lineEnd--;
    return Math.min(lineStart + Math.max(0, pos.character), lineEnd);
  }

  private pointAt(offset: number): { row: number; column: number } {
    return pointAtOffset(this.starts(), offset);
  }
}

/** Where text inserted at `from` ends. */
function advance(from: { row: number; column: number }, inserted: string): { row: number; column: number } {
  const lastNewline = inserted.lastIndexOf('\n');
  if (lastNewline < 0) return { row: from.row, column: from.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i >= 0; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: from.row + rows, column: inserted.length - lastNewline - 1 };
}
