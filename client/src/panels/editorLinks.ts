/**
 * The links between a profile and source editors, without vscode: which 0-based lines an editor
 * selection covers (editor → view highlight), and which file a profile's source path names
 * (view → editor reveal; profiles may hold paths relative to where the CLI ran).
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { samePath } from '../../../webviews/src/viewer/data/dataset';
import type { Profile } from '../../../simulator/src/profile/schema';

export interface LineRange { start: { line: number }; end: { line: number; character: number }; isEmpty: boolean }

/** Lines of the non-empty selections, sorted and unique; a selection that ends at column 0 stops at the line before. */
export function selectedLines(selections: readonly LineRange[], maxLines = 10_000): number[] {
  const out = new Set<number>();
  for (const s of selections) {
    if (s.isEmpty) continue;
    const last = s.end.character === 0 && s.end.line > s.start.line ? s.end.line - 1 : s.end.line;
    for (let l = s.start.line; l <= last && out.size < maxLines; l++) out.add(l);
  }
  return [...out].sort((a, b) => a - b);
}

/** The distinct source paths a profile's events mention (own line and stack frames). */
export function sourcePaths(profile: Profile): string[] {
  const paths = new Set<string>();
  for (const ev of profile.events) {
    paths.add(ev.source.path);
    for (const f of ev.stack) paths.add(f.path);
  }
  return [...paths];
}

/** The profile path that names `fsPath`, if any (exact, or one a suffix of the other). */
export function profilePathFor(paths: readonly string[], fsPath: string): string | undefined {
  return paths.find((p) => samePath(p, fsPath));
}

/**
 * An existing file for a profile's source path: itself when absolute, else under the first base
 * that has it; a relative path (relative to wherever the CLI ran) may also match under a base
 * with its leading folders dropped (`examples/k.py` in a workspace that is `examples/`).
 */
export function resolveSourcePath(path: string, bases: readonly string[]): string | undefined {
  if (isAbsolute(path)) return existsSync(path) ? path : undefined;
  const parts = path.replace(/\\/g, '/').split('/').filter((p) => p && p !== '.');
  for (let drop = 0; drop < parts.length; drop++) {
    const rel = parts.slice(drop);
    if (rel.includes('..')) continue;
    for (const base of bases) {
      const candidate = join(base, ...rel);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}
