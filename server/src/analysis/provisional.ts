/**
 * Provisional diagnostics: what the server publishes for a new version as soon as it is parsed,
 * before its kernels are re-traced. They are this version's syntax errors (fresh) plus the
 * previous analysis's other diagnostics moved to where their lines are now, so the squiggles
 * follow the text while the trace runs; the full analysis replaces them moments later.
 *
 * Moving is by lines: the lines before and after the edited block keep their diagnostics (shifted
 * by the block's change in line count). Inside a one-line edit, positions after the edit move by
 * its length; a diagnostic elsewhere in an edited block is dropped (the trace will say).
 */
import type { NkiDiagnostic, Range } from '../../../simulator/src/check/diagnostic';

interface Position { line: number; character: number }

/** Maps positions of `before` to `after`, or undefined where the text changed too much. */
export function lineMapper(before: string, after: string): (p: Position) => Position | undefined {
  const a = before.split('\n');
  const b = after.split('\n');
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const oldEnd = a.length - suffix; // first unchanged line after the block, in `before`
  const delta = b.length - a.length;
  // A one-line edit: the common start and end of that line.
  const oneLine = oldEnd - prefix === 1 && b.length - suffix - prefix === 1;
  let head = 0;
  let shift = 0;
  if (oneLine) {
    const x = a[prefix];
    const y = b[prefix];
    while (head < x.length && head < y.length && x[head] === y[head]) head++;
    let tail = 0;
    while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail]) tail++;
    shift = y.length - x.length;
    // Positions in the replaced middle [head, x.length - tail) are not mapped.
    const middleEnd = x.length - tail;
    return (p) => {
      if (p.line < prefix) return p;
      if (p.line >= oldEnd) return { line: p.line + delta, character: p.character };
      if (p.character <= head) return p;
      if (p.character >= middleEnd) return { line: p.line, character: p.character + shift };
      return undefined;
    };
  }
  return (p) => (p.line < prefix ? p : p.line >= oldEnd ? { line: p.line + delta, character: p.character } : undefined);
}

function mapRange(r: Range, map: (p: Position) => Position | undefined): Range | undefined {
  const start = map(r.start);
  const end = map(r.end);
  return start && end ? { start, end } : undefined;
}

/** `previous` (other than syntax errors) moved from `beforeText` to `afterText`, then `syntax`, sorted. */
export function provisionalDiagnostics(previous: readonly NkiDiagnostic[], beforeText: string, afterText: string, syntax: readonly NkiDiagnostic[]): NkiDiagnostic[] {
  const map = lineMapper(beforeText, afterText);
  const out: NkiDiagnostic[] = [...syntax];
  for (const d of previous) {
    if (d.code === 'NKI000') continue;
    const range = mapRange(d.range, map);
    if (!range) continue;
    const related = d.related.flatMap((r) => {
      if (r.path) return [r];
      const moved = mapRange(r.range, map);
      return moved ? [{ ...r, range: moved }] : [];
    });
    out.push({ ...d, range, related });
  }
  return out.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
}
