/**
 * The user's other modules, for go-to-definition: resolve a dotted import (absolute or relative
 * to the document) through the engine's module host (open buffers before disk) and parse it,
 * remembering the last few parses by content.
 */
import { parsePython, type Module } from '../../../simulator/src/frontend';
import { fileModuleHost, moduleIdentity, type SourceReader } from '../../../simulator/src/check/moduleHost';
import { contentHash } from './traceCache';

const MAX_PARSED = 32;

export interface HelperModule { path: string; module: Module }

export class HelperModules {
  private readonly parsed = new Map<string, { hash: string; module: Module }>();

  constructor(private readonly reader: SourceReader) {}

  /** `from ..utils.x import y` in `fromPath`: level 2, module 'utils.x'. */
  resolve(fromPath: string, level: number, dotted: string): HelperModule | undefined {
    const name = absoluteName(fromPath, level, dotted);
    if (!name) return undefined;
    const resolved = fileModuleHost(fromPath, this.reader).resolve(name, { qualifiedName: moduleIdentity(fromPath).qualifiedName, path: fromPath });
    if (!resolved) return undefined;
    const hash = contentHash(resolved.source)!;
    let entry = this.parsed.get(resolved.path);
    if (!entry || entry.hash !== hash) {
      entry = { hash, module: parsePython(resolved.source) };
      this.parsed.delete(resolved.path);
      this.parsed.set(resolved.path, entry);
      while (this.parsed.size > MAX_PARSED) this.parsed.delete(this.parsed.keys().next().value as string);
    }
    return { path: resolved.path, module: entry.module };
  }
}

/** The absolute module name of an import written in `fromPath`. */
export function absoluteName(fromPath: string, level: number, dotted: string): string | undefined {
  if (level === 0) return dotted || undefined;
  const identity = moduleIdentity(fromPath);
  const parts = identity.qualifiedName.split('.');
  // A module's package is its name minus the last part; a package's is itself.
  const pkg = identity.isPackage ? parts : parts.slice(0, -1);
  if (level - 1 > pkg.length) return undefined;
  const base = pkg.slice(0, pkg.length - (level - 1));
  return [...base, ...(dotted ? dotted.split('.') : [])].join('.') || undefined;
}
