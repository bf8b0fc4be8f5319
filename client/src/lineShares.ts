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
