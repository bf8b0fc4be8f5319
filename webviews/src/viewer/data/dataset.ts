/**
 * A profile prepared for drawing, built once per loaded profile: one row per engine and DMA queue
 * (fixed engines first, then queues in numeric order), each row's events in typed buffers with a
 * level-of-detail pyramid, a kind table, and indexes from event id to row and position and from
 * source line to event ids. Invariant: event ids are indices into `profile.events`.
 */
import type { EngineSummary, Profile, ProfileEvent } from '../../../../simulator/src/profile/schema';
import { LodPyramid, rawMarks, type Marks } from './lod';

/** Display order of the fixed engines; DMA queues follow in numeric order. */
export const ENGINE_ORDER = ['tensor', 'vector', 'scalar', 'gpsimd', 'sync'] as const;
const ENGINE_LABEL: Record<string, string> = { tensor: 'Tensor', vector: 'Vector', scalar: 'Scalar', gpsimd: 'GpSimd', sync: 'Sync' };

export function trackLabel(track: string): string {
  return ENGINE_LABEL[track] ?? (track.startsWith('dma') ? `DMA ${track.slice(3)}` : track);
}

export function orderTracks(tracks: Iterable<string>): string[] {
  const present = new Set(tracks);
  const fixed = ENGINE_ORDER.filter((e) => present.has(e));
  const other = [...present].filter((t) => !(ENGINE_ORDER as readonly string[]).includes(t))
    .sort((a, b) => (a.startsWith('dma') && b.startsWith('dma') ? Number(a.slice(3)) - Number(b.slice(3)) : a.localeCompare(b)));
  return [...fixed, ...other];
}

export interface Row {
  track: string;
  label: string;
  index: number;
  /** Event ids sorted by start. */
  ids: Uint32Array;
  lod: LodPyramid;
  summary?: EngineSummary;
}

export interface Dataset {
  profile: Profile;
  rows: Row[];
  /** Distinct kinds; `kindOf[id]` indexes it. */
  kinds: string[];
  kindOf: Uint8Array;
  rowOf: Uint16Array;
  /** Position of each event within its row's sorted buffers. */
  posOf: Uint32Array;
  /** End of the run: the larger of summary.totalNs and the last event end. */
  endNs: number;
}

export function buildDataset(profile: Profile): Dataset {
  const events = profile.events;
  const n = events.length;
  const order = orderTracks([...new Set(events.map((e) => e.track as string)), ...profile.summary.engines.map((e) => e.track as string)]);
  const rowIndex = new Map(order.map((t, i) => [t, i]));
  const kinds: string[] = [];
  const kindIndex = new Map<string, number>();
  const kindOf = new Uint8Array(n);
  const rowOf = new Uint16Array(n);
  const counts = new Uint32Array(order.length);
  let endNs = profile.summary.totalNs;
  for (let id = 0; id < n; id++) {
    const ev = events[id]!;
    let k = kindIndex.get(ev.kind);
    if (k === undefined) {
      k = Math.min(kinds.length, 255);
      if (kinds.length < 255) { kinds.push(ev.kind); kindIndex.set(ev.kind, k); }
    }
    kindOf[id] = k;
    const r = rowIndex.get(ev.track)!;
    rowOf[id] = r;
    counts[r]!++;
    const end = ev.startNs + ev.durNs;
    if (end > endNs) endNs = end;
  }
  const idsPerRow = order.map((_, r) => new Uint32Array(counts[r]!));
  const fill = new Uint32Array(order.length);
  for (let id = 0; id < n; id++) { const r = rowOf[id]!; idsPerRow[r]![fill[r]!++] = id; }
  const posOf = new Uint32Array(n);
  const rows = order.map((track, index): Row => {
    const ids = sortByStart(idsPerRow[index]!, events);
    const starts = new Float64Array(ids.length);
    const ends = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) {
      const ev = events[ids[i]!]!;
      starts[i] = ev.startNs;
      ends[i] = ev.startNs + ev.durNs;
      posOf[ids[i]!] = i;
    }
    const marks: Marks = rawMarks(starts, ends, ids);
    return {
      track, label: trackLabel(track), index, ids, lod: new LodPyramid(marks, Math.max(1, endNs)),
      summary: profile.summary.engines.find((e) => e.track === track),
    };
  });
  return { profile, rows, kinds, kindOf, rowOf, posOf, endNs: Math.max(1, endNs) };
}

function sortByStart(ids: Uint32Array, events: ProfileEvent[]): Uint32Array {
  let sorted = true;
  for (let i = 1; i < ids.length; i++) {
    if (events[ids[i]!]!.startNs < events[ids[i - 1]!]!.startNs) { sorted = false; break; }
  }
  if (sorted) return ids;
  return Uint32Array.from([...ids].sort((a, b) => events[a]!.startNs - events[b]!.startNs || a - b));
}

/** Event ids on the given 0-based lines of `path` (an event matches by its own line or any stack frame). */
export function eventsOnLines(ds: Dataset, path: string, lines: readonly number[]): number[] {
  const want = new Set(lines);
  const out: number[] = [];
  const events = ds.profile.events;
  for (let id = 0; id < events.length; id++) {
    const ev = events[id]!;
    if ((samePath(ev.source.path, path) && want.has(ev.source.line))
      || ev.stack.some((f) => samePath(f.path, path) && want.has(f.line))) out.push(id);
  }
  return out;
}

/** Paths compare equal when one ends with the other at a separator (workspace-relative vs absolute). */
export function samePath(a: string, b: string): boolean {
  if (a === b) return true;
  const x = a.replace(/\\/g, '/');
  const y = b.replace(/\\/g, '/');
  return x === y || x.endsWith(`/${y}`) || y.endsWith(`/${x}`);
}

/** Builds a LOD pyramid per row over a subset of events (used for highlighted events). */
export function subsetPyramids(ds: Dataset, ids: readonly number[]): LodPyramid[] {
  const perRow: number[][] = ds.rows.map(() => []);
  for (const id of ids) perRow[ds.rowOf[id]!]!.push(id);
  const events = ds.profile.events;
  return perRow.map((list) => {
    list.sort((a, b) => ds.posOf[a]! - ds.posOf[b]!);
    const sIds = Uint32Array.from(list);
    const starts = Float64Array.from(list, (id) => events[id]!.startNs);
    const ends = Float64Array.from(list, (id) => events[id]!.startNs + events[id]!.durNs);
    return new LodPyramid(rawMarks(starts, ends, sIds), ds.endNs);
  });
}
