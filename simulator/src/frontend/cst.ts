/**
 * Small conveniences over tree-sitter nodes, so the lowering code reads as Python grammar rather
 * than as wasm API calls. Nothing here allocates AST nodes.
 */
import type { CstNode as SyntaxNode } from './cstMirror';

export function field(node: SyntaxNode, name: string): SyntaxNode | undefined {
  return node.childForFieldName(name) ?? undefined;
}

export function fields(node: SyntaxNode, name: string): SyntaxNode[] {
  return node.childrenForFieldName(name).filter((n): n is SyntaxNode => n !== null);
}

/** Named children that carry meaning: comments are dropped, ERROR and MISSING nodes are kept. */
export function namedKids(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((n): n is SyntaxNode => n !== null && n.type !== 'comment');
}

export function kids(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((n): n is SyntaxNode => n !== null);
}

/** Whether an anonymous token child `type` (e.g. 'async', ',') is present. */
export function hasToken(node: SyntaxNode, type: string): boolean {
  for (const c of kids(node)) if (!c.isNamed && c.type === type) return true;
  return false;
}

export const OPEN_BRACKETS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
export const CLOSE_BRACKETS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };
