/**
 * Incremental lowering: an edit usually touches one top-level statement, so the lowered AST of
 * every other top-level statement is reused from the previous version instead of being copied
 * out of wasm (cstMirror.ts) and lowered again. On a 2,900-line kernel file this is most of the
 * cost of an edit.
 *
 * A top-level statement is reused when the text from the end of the previous top-level statement
 * to its own end (its "key": the statement plus the blank lines and comments above it, which hold
 * its leading comments) is identical to a statement's key in the previous version, neither reading
 * had a syntax error there, and the previous lowering reported no error in that stretch. The old
 * statements are then cloned with their spans shifted to the new place and their node ids moved to
 * where a fresh lowering would number them (an older snapshot may still use the previous ones), so
 * the AST equals a fresh lowering, ids included; statements that did not move at all (above the
 * edit) are shared as they are.
 *
 * Invariant: a reused statement is exactly what lowering its text afresh would produce: lowering
 * a top-level statement depends only on its own text and the comment lines directly above it.
 */
import type * as A from './ast';
import type { CstNode } from './cstMirror';
import type { LowerContext } from './context';

interface Unit {
  /** The new text's offset, line and column of the statement's first character. */
  startOffset: number;
  line: number;
  character: number;
  stmts: A.Stmt[];
  /** The statements' node ids are `firstId .. firstId + idCount - 1` (lowering hands them out in order). */
  firstId: number;
  idCount: number;
  /** Comments inside the statement (the module's comment list needs them). */
  comments: A.Module['comments'];
}

interface Recorded { gapStart: number; node: CstNode; stmts: A.Stmt[]; firstId: number; idCount: number }

/** The reusable top-level statements of the last lowered version, by key. */
export class StatementReuse {
  private units = new Map<string, Unit>();

  /** Starts a lowering of `text` (a pass is used for one reading, then committed or dropped). */
  begin(text: string): ReusePass {
    return new ReusePass(text, this.units);
  }

  /** Keeps what `pass` lowered for the next version, except statements near a reported problem. */
  commit(pass: ReusePass, module: A.Module, problems: ReadonlyArray<{ start: number; end: number }>): void {
    const bad = [...module.errors.map((e) => ({ start: e.span.startOffset, end: e.span.endOffset })), ...problems];
    const next = new Map<string, Unit>();
    const comments = module.comments;
    let c = 0;
    for (const r of pass.recorded) {
      if (r.node.hasError || r.stmts.length === 0) continue;
      const start = r.gapStart;
      const end = r.node.endIndex;
      if (bad.some((b) => b.start <= end && start <= b.end)) continue;
      const key = pass.originalText.slice(start, end);
      if (next.has(key)) continue;
      while (c < comments.length && comments[c].span.startOffset < r.node.startIndex) c++;
      const inside: A.Module['comments'] = [];
      for (let i = c; i < comments.length && comments[i].span.startOffset < end; i++) inside.push(comments[i]);
      const p = r.node.startPosition;
      next.set(key, { startOffset: r.node.startIndex, line: p.row, character: p.column, stmts: r.stmts, firstId: r.firstId, idCount: r.idCount, comments: inside });
    }
    this.units = next;
  }

  clear(): void {
    this.units.clear();
  }
}

export class ReusePass {
  readonly recorded: Recorded[] = [];
  private readonly matched = new Map<CstNode, Unit>();
  private reusedComments: A.Module['comments'] = [];

  constructor(readonly originalText: string, private readonly units: ReadonlyMap<string, Unit>) {}

  /** For the mirror: whether the root child at [start, end), after `gapStart`, can be reused. */
  canReuse(gapStart: number, end: number): boolean {
    return this.units.has(this.originalText.slice(gapStart, end));
  }

  /** The mirror skipped `node` (no syntax error in it) because `canReuse` said so. */
  skipped(node: CstNode, gapStart: number): void {
    const unit = this.units.get(this.originalText.slice(gapStart, node.endIndex));
    if (unit) this.matched.set(node, unit);
  }

  /** The statements of a skipped root child, cloned into this version; undefined for others. */
  reuse(ctx: LowerContext, node: CstNode): A.Stmt[] | undefined {
    const unit = this.matched.get(node);
    if (!unit) return undefined;
    const p = node.startPosition;
    const dId = ctx.reserveIds(unit.idCount) - unit.firstId;
    if (dId === 0 && node.startIndex === unit.startOffset && p.row === unit.line && p.column === unit.character) {
      // Nothing moved (a statement above the edit): share the nodes. ASTs are never mutated, and
      // analyses keep per-node facts in WeakMaps, so two versions can hold the same statement.
      this.reusedComments.push(...unit.comments);
      return unit.stmts;
    }
    const shift = new Shift(unit, node.startIndex, p.row, p.column, dId);
    const stmts = unit.stmts.map((s) => shift.clone(s) as A.Stmt);
    for (const c of unit.comments) this.reusedComments.push(shift.clone(c) as A.Module['comments'][number]);
    return stmts;
  }

  /** Comments of the reused statements, shifted. */
  get comments(): A.Module['comments'] {
    return this.reusedComments;
  }

  record(gapStart: number, node: CstNode, stmts: A.Stmt[], firstId: number, idCount: number): void {
    this.recorded.push({ gapStart, node, stmts, firstId, idCount });
  }
}

/** Moves cloned nodes from the unit's old place to the new one. */
class Shift {
  private readonly dOffset: number;
  private readonly dLine: number;
  private readonly dCharacter: number;
  private readonly oldLine: number;

  constructor(unit: Unit, newOffset: number, newLine: number, newCharacter: number, private readonly dId: number) {
    this.dOffset = newOffset - unit.startOffset;
    this.dLine = newLine - unit.line;
    this.dCharacter = newCharacter - unit.character;
    this.oldLine = unit.line;
  }

  private position(p: A.Position): A.Position {
    // Only the statement's first line can start at a different column.
    return { line: p.line + this.dLine, character: p.line === this.oldLine ? p.character + this.dCharacter : p.character };
  }

  private span(s: A.Span): A.Span {
    return { start: this.position(s.start), end: this.position(s.end), startOffset: s.startOffset + this.dOffset, endOffset: s.endOffset + this.dOffset };
  }

  /** Deep copy of plain AST data: spans and node ids shifted. */
  clone(value: unknown): unknown {
    if (typeof value !== 'object' || value === null) return value;
    if (Array.isArray(value)) return value.map((v) => this.clone(v));
    const o = value as Record<string, unknown>;
    if (typeof o.startOffset === 'number' && typeof o.start === 'object') return this.span(o as unknown as A.Span);
    const out: Record<string, unknown> = {};
    for (const k in o) out[k] = k === 'id' && typeof o.kind === 'string' ? (o[k] as number) + this.dId : this.clone(o[k]);
    return out;
  }
}
