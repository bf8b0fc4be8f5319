/**
 * Loading tree-sitter and parsing Python text into concrete syntax trees, whole or incrementally.
 *
 * `initParser()` is the only asynchronous step (it instantiates two WebAssembly modules); after it
 * resolves everything here is synchronous. The wasm files are found next to the running bundle
 * (`dist/`, where scripts/build.mjs copies them) or, for unbundled code under `out/` in tests, in
 * `node_modules/` found by walking up from this file.
 *
 * Invariant: every tree this module creates is owned by exactly one object and freed with
 * `tree.delete()` when that owner is done with it; wasm memory is not garbage collected.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TreeSitter from 'web-tree-sitter';

// The CommonJS entry: the ESM one relies on `import.meta.url`, which a CommonJS bundle lacks.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Parser, Language, Edit } = require('web-tree-sitter') as typeof TreeSitter;

export type Tree = TreeSitter.Tree;

const RUNTIME_WASM = 'web-tree-sitter.wasm';
const PYTHON_WASM = 'tree-sitter-python.wasm';

let parser: TreeSitter.Parser | undefined;
let initPromise: Promise<void> | undefined;

export interface InitOptions {
  /** A directory holding both `web-tree-sitter.wasm` and `tree-sitter-python.wasm`. */
  wasmDir?: string;
}

/** Loads the runtime and the Python grammar once; later calls return the same promise. */
export function initParser(options: InitOptions = {}): Promise<void> {
  initPromise ??= load(options).catch((err: unknown) => {
    initPromise = undefined; // let a later call retry, e.g. after the files were restored
    throw err;
  });
  return initPromise;
}

export function isParserReady(): boolean {
  return parser !== undefined;
}

async function load(options: InitOptions): Promise<void> {
  const runtimeWasm = locateWasm(RUNTIME_WASM, options.wasmDir, 'web-tree-sitter');
  const pythonWasm = locateWasm(PYTHON_WASM, options.wasmDir, 'tree-sitter-python');
  await Parser.init({ locateFile: () => runtimeWasm });
  const python = await Language.load(pythonWasm);
  const p = new Parser();
  p.setLanguage(python);
  parser = p;
}

/** `dir/file` when given, else next to this code (the bundle in dist/), else in node_modules. */
function locateWasm(file: string, dir: string | undefined, packageName: string): string {
  const candidates: string[] = [];
  if (dir) candidates.push(path.join(dir, file));
  candidates.push(path.join(__dirname, file));
  for (let d = __dirname; ; d = path.dirname(d)) {
    candidates.push(path.join(d, 'node_modules', packageName, file));
    if (path.dirname(d) === d) break;
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`NKI Studio: cannot find ${file}; looked in:\n  ${candidates.join('\n  ')}`);
  return found;
}

function requireParser(): TreeSitter.Parser {
  if (!parser) throw new Error('initParser() must resolve before Python can be parsed');
  return parser;
}

/**
 * Parses `text`, reusing `oldTree` (which must already have been `edit`ed to match) when given.
 * The caller owns the returned tree; `oldTree` is left untouched and still owned by the caller.
 */
export function parseTree(text: string, oldTree?: Tree): Tree {
  const tree = requireParser().parse(text, oldTree ?? null);
  // parse() only returns null without a language or when a progress callback cancels; we set
  // a language and pass no callback, so null means the runtime is broken.
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** An edit in tree-sitter's terms: indices in UTF-16 code units, rows and UTF-16 columns. */
export interface TreeEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: TreeSitter.Point;
  oldEndPosition: TreeSitter.Point;
  newEndPosition: TreeSitter.Point;
}

/** Adjusts `tree` in place so it can be passed as `oldTree` for the edited text. */
export function editTree(tree: Tree, edit: TreeEdit): void {
  tree.edit(new Edit(edit));
}
