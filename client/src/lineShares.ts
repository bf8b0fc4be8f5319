/**
 * Per-line time shares of a profile for one file, for the editor decorations: each line's
 * summed instruction time over the file's total (engines overlap, so this is a share of engine
 * time, not of wall-clock latency). No vscode import.
 */
import type { Profile } from '../../simulator/src/profile/schema';

export interface LineShare {
  /** 0-based. */
  line: number;
  share: number;
  timeNs: number;
  instructions: number;
}

export function lineShares(profile: Pick<Profile, 'lines'>, path: string): LineShare[] {
  const mine = profile.lines.filter((l) => l.path === path && l.timeNs > 0);
  const total = mine.reduce((s, l) => s + l.timeNs, 0);
  if (total <= 0) return [];
  return mine.map((l) => ({ line: l.line, share: l.timeNs / total, timeNs: l.timeNs, instructions: l.instructions }))
    .sort((a, b) => a.line - b.line);
}

/** 0..levels-1: how tall the gutter bar is drawn. */
export function shareLevel(share: number, levels: number): number {
  return Math.max(0, Math.min(levels - 1, Math.ceil(share * levels) - 1));
}

export function formatShare(share: number): string {
  const pct = share * 100;
  return pct >= 10 ? `${pct.toFixed(0)}%` : pct >= 0.1 ? `${pct.toFixed(1)}%` : '<0.1%';
}

/** A kernel's decorated lines: its span (decorators to last line) and each line's share. */
export interface KernelMarks {
  start: number;
  end: number;
  shares: LineShare[];
}

/**
 * The marks after an edit that replaced lines first..last (0-based) with text of `newLines`
 * line breaks: undefined when the edit touches the kernel or a decorated line (the numbers are
 * stale), else the marks moved by the change in line count.
 */
export function marksAfterEdit(m: KernelMarks, first: number, last: number, newLines: number): KernelMarks | undefined {
  if ((first <= m.end && last >= m.start) || m.shares.some((s) => s.line >= first && s.line <= last)) return undefined;
  const delta = newLines - (last - first);
  if (delta === 0) return m;
  const move = (line: number) => (line > last ? line + delta : line);
  return { start: move(m.start), end: move(m.end), shares: m.shares.map((s) => ({ ...s, line: move(s.line) })) };
}
