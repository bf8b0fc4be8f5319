/**
 * Pixel → event, using the same typed buffers and LOD levels as drawing: the event under the
 * pointer (or the nearest within a few pixels) and how many events share that pixel when zoomed
 * out. Pure lookups; the caller decides what to do with the answer.
 */
import type { Dataset } from '../data/dataset';
import { lowerBound, upperBound } from '../data/lod';
import { ROW_HEIGHT_PX } from '../render/bars';
import type { TimeScale } from '../scales';

/** Events this close to the pointer count as under it. */
const HIT_SLOP_PX = 3;
/** Candidates examined either side of the pointer. */
const CANDIDATES = 64;

export interface Hit { id: number; mergedCount: number }

export function rowAt(ds: Dataset, yCssPx: number): number {
  const r = Math.floor(yCssPx / ROW_HEIGHT_PX);
  return r >= 0 && r < ds.rows.length ? r : -1;
}

export function hitTest(ds: Dataset, scale: TimeScale, xCssPx: number, yCssPx: number): Hit | null {
  const r = rowAt(ds, yCssPx);
  if (r < 0) return null;
  const marks = ds.rows[r]!.lod.raw;
  const tNs = scale.pxToNs(xCssPx);
  const slopNs = scale.pxToDuration(HIT_SLOP_PX);
  const from = lowerBound(marks.endMaxNs, marks.length, tNs - slopNs);
  const to = upperBound(marks.startsNs, marks.length, tNs + slopNs);
  if (from >= to) return null;
  // Look at a bounded window of candidates around the event starting at or before the pointer,
  // so a pixel holding 100k events stays cheap; prefer containment, then the shorter event.
  const pivot = Math.max(from, Math.min(to - 1, upperBound(marks.startsNs, marks.length, tNs) - 1));
  const lo = Math.max(from, pivot - CANDIDATES);
  const hi = Math.min(to, pivot + CANDIDATES + 1);
  let best = -1;
  let bestDist = Infinity;
  let bestDur = Infinity;
  for (let i = lo; i < hi; i++) {
    const s = marks.startsNs[i]!;
    const e = marks.endsNs[i]!;
    const dist = tNs < s ? s - tNs : tNs > e ? tNs - e : 0;
    if (dist < bestDist || (dist === bestDist && e - s < bestDur)) {
      best = i;
      bestDist = dist;
      bestDur = e - s;
    }
  }
  if (best < 0 || bestDist > slopNs) return null;
  const pixelFrom = lowerBound(marks.endMaxNs, marks.length, scale.pxToNs(Math.floor(xCssPx)));
  const pixelTo = upperBound(marks.startsNs, marks.length, scale.pxToNs(Math.floor(xCssPx) + 1));
  return { id: marks.reps[best]!, mergedCount: Math.max(1, pixelTo - pixelFrom) };
}

/** The event before/after `id` in its row, or -1. */
export function neighbourInRow(ds: Dataset, id: number, step: -1 | 1): number {
  const row = ds.rows[ds.rowOf[id]!]!;
  const pos = ds.posOf[id]! + step;
  return pos >= 0 && pos < row.ids.length ? row.ids[pos]! : -1;
}

/** The event in row `r` nearest in time to `tNs`, or -1 when the row is empty. */
export function nearestInRow(ds: Dataset, r: number, tNs: number): number {
  const row = ds.rows[r];
  if (!row || row.ids.length === 0) return -1;
  const m = row.lod.raw;
  const i = upperBound(m.startsNs, m.length, tNs);
  const cands = [i - 1, i].filter((j) => j >= 0 && j < m.length);
  let best = cands[0]!;
  for (const j of cands) {
    const d = Math.min(Math.abs(m.startsNs[j]! - tNs), Math.abs(m.endsNs[j]! - tNs));
    const bd = Math.min(Math.abs(m.startsNs[best]! - tNs), Math.abs(m.endsNs[best]! - tNs));
    if (d < bd) best = j;
  }
  return row.ids[best]!;
}
