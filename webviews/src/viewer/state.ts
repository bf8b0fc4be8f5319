/**
 * The viewer's one store: loaded datasets, the visible time window, tab, selection, hover and
 * source-line highlight. It changes only through the named functions below; each bumps a version
 * counter and schedules a frame, and renderers compare versions to know what to redraw.
 * Invariant: render code reads the store and never writes it; the viewport always lies within
 * the domain [0, domainEndNs] and spans at least MIN_SPAN_NS.
 */
import type { Qwen3Speedups } from '../qwen3/types';
import { buildDataset, eventsOnLines, subsetPyramids, type Dataset } from './data/dataset';
import type { LodPyramid } from './data/lod';
import { requestFrame } from './raf';

export type TabId = 'timeline' | 'summary' | 'memory' | 'compare' | 'qwen3';
export const TABS: Array<{ id: TabId; label: string }> = [
  { id: 'timeline', label: 'Timeline' }, { id: 'summary', label: 'Summary' }, { id: 'memory', label: 'Memory' },
  { id: 'compare', label: 'Compare' }, { id: 'qwen3', label: 'Qwen3' },
];

/** Which loaded profile an event belongs to. */
export type DatasetKey = 'current' | 'baseline';
export interface EventRef { set: DatasetKey; id: number }
export interface Viewport { startNs: number; endNs: number }
export interface Hover { ref: EventRef; clientX: number; clientY: number; mergedCount: number }
export interface Highlight { path: string; lines: number[]; ids: Record<DatasetKey, number[]>; pyramids: Record<DatasetKey, LodPyramid[] | undefined> }

/** Closest zoom: 10 ns across the view (float64 keeps ns exact far beyond any run we model). */
export const MIN_SPAN_NS = 10;

export interface Versions { data: number; viewport: number; selection: number; hover: number; highlight: number; tab: number; theme: number; layout: number }

class Store {
  current: Dataset | undefined;
  baseline: Dataset | undefined;
  qwen3: Qwen3Speedups | undefined;
  viewport: Viewport = { startNs: 0, endNs: 1 };
  tab: TabId = 'timeline';
  selection: EventRef | null = null;
  hover: Hover | null = null;
  highlight: Highlight | null = null;
  /** Where the pointer is over a timeline, in ns (W/S zoom around it), or null. */
  pointerNs: number | null = null;
  readonly versions: Versions = { data: 0, viewport: 0, selection: 0, hover: 0, highlight: 0, tab: 0, theme: 0, layout: 0 };

  /** Domain end shared by every timeline (the longer of the two runs in Compare). */
  get domainEndNs(): number {
    return Math.max(this.current?.endNs ?? 1, this.baseline?.endNs ?? 1);
  }

  dataset(key: DatasetKey): Dataset | undefined {
    return key === 'current' ? this.current : this.baseline;
  }
}

export const store = new Store();

function bump(key: keyof Versions): void {
  store.versions[key]++;
  requestFrame();
}

export function loadProfile(profile: Dataset['profile']): void {
  store.current = buildDataset(profile);
  store.selection = null;
  store.hover = null;
  bumpAll();
  resetViewport();
  if (store.highlight) highlightLines(store.highlight.path, store.highlight.lines);
}

export function loadBaseline(profile: Dataset['profile']): void {
  const wasWhole = store.viewport.startNs <= 0 && store.viewport.endNs >= store.domainEndNs;
  store.baseline = buildDataset(profile);
  if (store.selection?.set === 'baseline') store.selection = null;
  bumpAll();
  if (wasWhole) resetViewport(); else setViewport(store.viewport);
  if (store.highlight) highlightLines(store.highlight.path, store.highlight.lines);
}

export function loadQwen3(report: Qwen3Speedups): void {
  store.qwen3 = report;
  bumpAll();
}

function bumpAll(): void {
  for (const k of Object.keys(store.versions) as Array<keyof Versions>) store.versions[k]++;
  requestFrame();
}

export function resetViewport(): void {
  setViewport({ startNs: 0, endNs: store.domainEndNs });
}

/** Clamps to the domain and the zoom limits, keeping the span when panning past an edge. */
export function setViewport(v: Viewport): void {
  const domainEnd = store.domainEndNs;
  let span = Math.min(domainEnd, Math.max(MIN_SPAN_NS, v.endNs - v.startNs));
  if (!Number.isFinite(span)) span = domainEnd;
  let start = Number.isFinite(v.startNs) ? v.startNs : 0;
  start = Math.min(Math.max(0, start), domainEnd - span);
  const next = { startNs: start, endNs: start + span };
  if (next.startNs === store.viewport.startNs && next.endNs === store.viewport.endNs) return;
  store.viewport = next;
  bump('viewport');
}

/** Zooms by `factor` (> 1 zooms in) keeping `anchorNs` at the same screen position. */
export function zoomAround(factor: number, anchorNs: number): void {
  const { startNs, endNs } = store.viewport;
  const a = Math.min(Math.max(anchorNs, startNs), endNs);
  setViewport({ startNs: a - (a - startNs) / factor, endNs: a + (endNs - a) / factor });
}

export function panBy(deltaNs: number): void {
  setViewport({ startNs: store.viewport.startNs + deltaNs, endNs: store.viewport.endNs + deltaNs });
}

export function setTab(tab: TabId): void {
  if (store.tab === tab) return;
  store.tab = tab;
  store.hover = null;
  bump('tab');
}

export function select(ref: EventRef | null): void {
  if (ref?.set === store.selection?.set && ref?.id === store.selection?.id) return;
  store.selection = ref;
  bump('selection');
}

export function setHover(hover: Hover | null): void {
  if (!hover && !store.hover) return;
  store.hover = hover;
  bump('hover');
}

export function setPointerNs(tNs: number | null): void {
  store.pointerNs = tNs;
}

/** Highlights the events of these lines in every loaded profile; no lines clears. */
export function highlightLines(path: string, lines: number[]): void {
  if (lines.length === 0) {
    store.highlight = null;
  } else {
    const ids = { current: store.current ? eventsOnLines(store.current, path, lines) : [], baseline: store.baseline ? eventsOnLines(store.baseline, path, lines) : [] };
    store.highlight = {
      path, lines, ids,
      pyramids: {
        current: store.current ? subsetPyramids(store.current, ids.current) : undefined,
        baseline: store.baseline ? subsetPyramids(store.baseline, ids.baseline) : undefined,
      },
    };
  }
  bump('highlight');
}

export function themeChanged(): void {
  bump('theme');
}

export function layoutChanged(): void {
  bump('layout');
}

/** Selects an event and pans (keeping the zoom) so it is on screen. */
export function selectAndShow(ref: EventRef): void {
  select(ref);
  const ev = store.dataset(ref.set)?.profile.events[ref.id];
  if (!ev) return;
  const { startNs, endNs } = store.viewport;
  const span = endNs - startNs;
  const evEnd = ev.startNs + ev.durNs;
  if (ev.startNs >= startNs && evEnd <= endNs) return;
  if (ev.durNs > span) setViewport({ startNs: ev.startNs - span * 0.05, endNs: ev.startNs + span * 0.95 });
  else setViewport({ startNs: (ev.startNs + evEnd) / 2 - span / 2, endNs: (ev.startNs + evEnd) / 2 + span / 2 });
}

/** Zooms so the event fills most of the view (Perfetto's F). */
export function focusEvent(ref: EventRef): void {
  const ev = store.dataset(ref.set)?.profile.events[ref.id];
  if (!ev) return;
  const pad = Math.max(ev.durNs * 0.25, MIN_SPAN_NS);
  select(ref);
  setViewport({ startNs: ev.startNs - pad, endNs: ev.startNs + ev.durNs + pad });
}
