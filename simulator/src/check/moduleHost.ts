/**
 * Finding the user's own modules for `import` statements in a kernel file: the folder of the
 * file and the root of its Python package (the first ancestor without `__init__.py`), as Python
 * would with the package root on `sys.path`. Only `.py` sources are read; an overlay of open
 * editor buffers wins over the disk so unsaved helpers are analysed as shown.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { ModuleHost, ResolvedModule } from '../interp';

export interface SourceReader {
  read(path: string): string | undefined;
}

export const diskReader: SourceReader = {
  read(path) {
    try {
      return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
    } catch {
      return undefined;
    }
  },
};

/** The package root above `file` and the module's dotted name relative to it. */
export function moduleIdentity(file: string): { root: string; qualifiedName: string; isPackage: boolean } {
  let dir = dirname(file);
  // Climb through packages, and through a namespace package (no __init__.py) that sits inside a
  // regular one, as `reference/rmsnorm_quant/kernel.py` does with `from ..util import x`.
  const isPkg = (d: string): boolean => existsSync(join(d, '__init__.py'));
  while (dirname(dir) !== dir && (isPkg(dir) || isPkg(dirname(dir)))) dir = dirname(dir);
  const rel = relative(dir, file).replace(/\.py$/, '');
  const parts = rel.split(sep);
  const isPackage = basename(file) === '__init__.py';
  if (isPackage) parts.pop();
  // A file that is not inside a package still needs a name that is not `__main__`.
  const qualifiedName = parts.join('.') || basename(dirname(file));
  return { root: dir, qualifiedName, isPackage };
}

export function fileModuleHost(file: string, reader: SourceReader = diskReader): ModuleHost {
  // The package root, its parent (for absolute imports of a namespace package) and the file's folder.
  const root = moduleIdentity(file).root;
  const roots = [...new Set([root, dirname(root), dirname(file)])];
  return {
    resolve(qualifiedName: string): ResolvedModule | undefined {
      const rel = qualifiedName.split('.');
      for (const root of roots) {
        const asFile = join(root, ...rel) + '.py';
        const src = reader.read(asFile);
        if (src !== undefined) return { qualifiedName, path: asFile, source: src, isPackage: false };
        const asPkg = join(root, ...rel, '__init__.py');
        const pkg = reader.read(asPkg);
        if (pkg !== undefined) return { qualifiedName, path: asPkg, source: pkg, isPackage: true };
      }
      return undefined;
    },
  };
}
