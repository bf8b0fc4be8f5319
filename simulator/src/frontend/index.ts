/**
 * The Python front end: parse Python source with tree-sitter and lower it to our typed AST.
 *
 *   await initParser();                  // once, loads the wasm runtime and grammar
 *   const module = parsePython(text);    // one-off parse
 *   const doc = new PythonDocument(text); doc.applyChanges(lspChanges); doc.module;  // incremental
 *
 * Invariant: after `initParser()` resolves, nothing here is asynchronous and lowering never throws.
 */
import type { Module } from './ast';
import { lowerTree } from './lower';
import { parseTree } from './parse';

export * from './ast';
export { initParser, isParserReady, type InitOptions } from './parse';
export { PythonDocument, type TextChange } from './document';
export {
  childNodes, functionDefs, isStmt, nodeAt, nodePathAt, spanContains, statementAt, walk,
  type AstNode, type LookupOptions,
} from './walk';

/** Parses and lowers `text` in one go, freeing the tree. Requires `initParser()` to have resolved. */
export function parsePython(text: string): Module {
  const tree = parseTree(text);
  try {
    return lowerTree(tree, text);
  } finally {
    tree.delete();
  }
}
