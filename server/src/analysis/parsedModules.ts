/**
 * Parsed helper modules, shared by every trace: `import`ed user modules are parsed once per
 * content instead of once per trace (on nki-library's attention kernel the helpers are ~2,000
 * lines, about a third of a re-trace). The interpreter keeps its per-node state in WeakMaps, so
 * one AST can serve any number of traces.
 * Invariant: a path maps to the AST of exactly the text it was parsed from (checked by hash).
 */
import { parsePython, type Module } from '../../../simulator/src/frontend';
import { contentHash } from './traceCache';

/** Helper modules of ~20 open kernels, with room to spare. */
const MAX_MODULES = 128;

export class ParsedModules {
  private readonly byPath = new Map<string, { hash: string; module: Module }>();

  /** A `ParseFn` for the interpreter. */
  readonly parse = (source: string, path: string): Module => {
    const hash = contentHash(source)!;
    const hit = this.byPath.get(path);
    if (hit && hit.hash === hash) return hit.module;
    const module = parsePython(source);
    this.byPath.delete(path);
    this.byPath.set(path, { hash, module });
    while (this.byPath.size > MAX_MODULES) this.byPath.delete(this.byPath.keys().next().value as string);
    return module;
  };

  clear(): void {
    this.byPath.clear();
  }
}
