/**
 * The rule fixtures under test/fixtures/rules: each marks where a rule must fire with
 * `# expect: NKI201[, NKI301]` at the end of the line, or, for a line that cannot hold one (a
 * `# nki-studio:` directive is a comment itself), `# expect-next-line: NKI900` on the line above.
 * Used by the unit tests (engine) and the LSP tests (the same files over stdio).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './lspClient';

export const ruleFixtureDir = join(repoRoot, 'test/fixtures/rules');

export function ruleFixtures(): string[] {
  return readdirSync(ruleFixtureDir).filter((f) => f.endsWith('.py')).sort();
}

/** `"<1-based line> <code>"` for every expectation, sorted and unique. */
export function expectations(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const next = /^\s*#\s*expect-next-line:\s*([A-Z0-9, ]+)$/.exec(line);
    const here = next ? undefined : /#\s*expect:\s*([A-Z0-9, ]+)$/.exec(line);
    const m = next ?? here;
    if (m) for (const code of m[1].split(',').map((c) => c.trim()).filter(Boolean)) out.push(`${i + (next ? 2 : 1)} ${code}`);
  });
  return [...new Set(out)].sort();
}
