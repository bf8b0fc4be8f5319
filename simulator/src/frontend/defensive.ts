/**
 * The safety net that keeps lowering total: any exception while lowering one CST node (an
 * unexpected tree shape, a bug here) turns into an `Error`/`ErrorStmt` node plus a `ParseError`
 * for that node only, and lowering carries on with its siblings.
 *
 * Invariant: the functions exported here never throw.
 */
import type { ErrorExpr, ErrorStmt } from './ast';
import { LowerContext, spanOf } from './context';
import type { CstNode as SyntaxNode } from './cstMirror';

export function errorExpr(ctx: LowerContext, node: SyntaxNode): ErrorExpr {
  return { kind: 'Error', id: ctx.id(), span: spanOf(node), text: node.text };
}

export function errorStmt(ctx: LowerContext, node: SyntaxNode): ErrorStmt {
  return { kind: 'ErrorStmt', id: ctx.id(), span: spanOf(node), text: node.text };
}

/** Runs `lower(node)`; if it throws, records why and returns `fallback(node)` instead. */
export function guarded<T>(
  ctx: LowerContext,
  node: SyntaxNode,
  lower: (node: SyntaxNode) => T,
  fallback: (ctx: LowerContext, node: SyntaxNode) => T,
): T {
  try {
    return lower(node);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    try {
      ctx.error(`internal error: could not read this ${node.type.replace(/_/g, ' ')} (${why})`, spanOf(node));
      return fallback(ctx, node);
    } catch {
      // The node itself is unusable (e.g. a tree freed under us); nothing sensible is left to say.
      return fallback(ctx, { type: 'ERROR', text: '', startIndex: 0, endIndex: 0, startPosition: { row: 0, column: 0 }, endPosition: { row: 0, column: 0 } } as SyntaxNode);
    }
  }
}
