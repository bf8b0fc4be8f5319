/** Shared helpers for the front-end tests: parsing after init, and shape-only views of the AST. */
import type { Expr, Module, Span, Stmt } from '../../../simulator/src/frontend';
import { initParser, parsePython } from '../../../simulator/src/frontend';

export async function ready(): Promise<void> {
  await initParser();
}

/** Parses code that must be error-free. */
export function parseOk(text: string): Module {
  const module = parsePython(text);
  if (module.errors.length) throw new Error(`unexpected errors: ${JSON.stringify(module.errors.map((e) => e.message))}`);
  return module;
}

const POSITIONAL_KEYS = new Set(['id', 'span', 'nameSpan', 'attrSpan']);

/** The node with ids and spans removed, for structural comparison. */
export function shape(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(shape);
  if (node && typeof node === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) {
      if (!POSITIONAL_KEYS.has(k) && v !== undefined) out[k] = shape(v);
    }
    return out;
  }
  return node;
}

/** The first statement of `text`, which must parse cleanly. */
export function stmt(text: string): Stmt {
  return parseOk(text).body[0];
}

/** The value of the single expression statement `text`. */
export function expr(text: string): Expr {
  const s = stmt(text);
  if (s.kind !== 'ExprStmt') throw new Error(`expected an expression statement, got ${s.kind}`);
  return s.value;
}

/** The source text a span covers. */
export function textOf(source: string, span: Span): string {
  return source.slice(span.startOffset, span.endOffset);
}

/** `line:character-line:character`, compact for assertions. */
export function where(span: Span): string {
  return `${span.start.line}:${span.start.character}-${span.end.line}:${span.end.character}`;
}

export const name = (n: string): unknown => ({ kind: 'Name', name: n });
export const int = (v: number | bigint): unknown => ({ kind: 'Int', value: BigInt(v) });
