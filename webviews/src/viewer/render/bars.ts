/**
 * Draws timeline rows onto a canvas: bars coloured by kind, batched by colour so a frame issues
 * one fill per colour, with merged marks (zoomed out) shaded by how busy their span is, opcode
 * labels inside bars wide enough, and the selection, hover and dependency overlays.
 * Reads its inputs only; never touches the store.
 */
import type { Dataset } from '../data/dataset';
import type { MarkRange } from '../data/lod';
import type { TimeScale } from '../scales';
import type { Theme } from '../theme';

export const ROW_HEIGHT_PX = 24;
const BAR_INSET_PX = 3;
/** Labels are drawn inside bars at least this wide. */
const LABEL_MIN_WIDTH_PX = 36;
const LABEL_FONT_PX = 11;
/** Shading of merged marks by busy fraction (busy time / mark span), in four steps. */
const DENSITY_ALPHA = [0.45, 0.6, 0.8, 1];

export interface RowStyle { alpha: number; outline: string | null; labels?: boolean }

/**
 * Collects rectangles per colour key (kind × shading step, a small integer), then fills them key
 * by key, so the fill style changes once per key. Buffers are reused across frames so drawing allocates nothing per mark.
 */
class RectBatch {
  private rects: Float32Array[] = [];
  private lengths: number[] = [];

  add(key: number, x: number, y: number, w: number, h: number): void {
    let buf = this.rects[key];
    if (!buf) { buf = new Float32Array(1024); this.rects[key] = buf; this.lengths[key] = 0; }
    let n = this.lengths[key]!;
    if (n + 4 > buf.length) {
      const grown = new Float32Array(buf.length * 2);
      grown.set(buf);
      buf = grown;
      this.rects[key] = buf;
    }
    buf[n++] = x; buf[n++] = y; buf[n++] = w; buf[n++] = h;
    this.lengths[key] = n;
  }

  flush(g: CanvasRenderingContext2D, fill: (key: number) => { colour: string; alpha: number }, outline: string | null): void {
    for (let key = 0; key < this.rects.length; key++) {
      const buf = this.rects[key];
      const n = this.lengths[key] ?? 0;
      if (!buf || n === 0) continue;
      const { colour, alpha } = fill(key);
      g.globalAlpha = alpha;
      g.fillStyle = colour;
      // fillRect, not one path of many rects: Chromium rasterizes a path of thousands of
      // subpaths as one complex shape (hundreds of ms per frame), but batches plain rects.
      for (let i = 0; i < n; i += 4) g.fillRect(buf[i]!, buf[i + 1]!, buf[i + 2]!, buf[i + 3]!);
      if (outline) {
        g.strokeStyle = outline;
        g.lineWidth = 1;
        for (let i = 0; i < n; i += 4) g.strokeRect(buf[i]!, buf[i + 1]!, buf[i + 2]!, buf[i + 3]!);
      }
      this.lengths[key] = 0;
    }
    g.globalAlpha = 1;
  }
}

const batch = new RectBatch();
const textWidthCache = new Map<string, number>();

/** Draws one row's visible marks at vertical offset `yCssPx`. */
export function drawRowMarks(g: CanvasRenderingContext2D, ds: Dataset, range: MarkRange, scale: TimeScale,
  yCssPx: number, theme: Theme, style: RowStyle): void {
  const { marks, from, to } = range;
  const y = yCssPx + BAR_INSET_PX;
  const h = ROW_HEIGHT_PX - 2 * BAR_INSET_PX;
  const widthPx = scale.widthCssPx;
  const labels: Array<[number, number, number]> = [];
  for (let i = from; i < to; i++) {
    const s = marks.startsNs[i]!;
    const e = marks.endsNs[i]!;
    let x0 = scale.nsToPx(s);
    let x1 = scale.nsToPx(e);
    if (x1 < 0 || x0 > widthPx) continue;
    x0 = Math.max(-1, x0);
    x1 = Math.min(widthPx + 1, x1);
    // Back-to-back instructions stay distinguishable: wide single bars give up their last pixel.
    const raw = marks.counts[i] === 1;
    const w = Math.max(1, x1 - x0 - (raw && x1 - x0 > 4 ? 1 : 0));
    const rep = marks.reps[i]!;
    const kind = ds.kindOf[rep]!;
    let alphaStep = 3;
    if (!raw) {
      const density = marks.busyNs[i]! / Math.max(1e-9, e - s);
      alphaStep = Math.min(3, Math.floor(density * 4));
    } else if (w >= LABEL_MIN_WIDTH_PX && style.labels !== false) {
      labels.push([rep, x0, w]);
    }
    batch.add(kind * 4 + alphaStep, x0, y, w, h);
  }
  batch.flush(g, (key) => ({ colour: theme.kindColour(ds.kinds[key >> 2]!), alpha: DENSITY_ALPHA[key & 3]! * style.alpha }), style.outline);
  if (labels.length > 0 && style.labels !== false && style.alpha >= 1) drawLabels(g, ds, labels, y + h / 2, theme);
}

function drawLabels(g: CanvasRenderingContext2D, ds: Dataset, labels: Array<[number, number, number]>, yMid: number, theme: Theme): void {
  g.font = `${LABEL_FONT_PX}px ${theme.fontFamily}`;
  g.textBaseline = 'middle';
  for (const [id, x, w] of labels) {
    const ev = ds.profile.events[id]!;
    const text = fitText(g, ev.opcode, w - 6);
    if (!text) continue;
    g.fillStyle = theme.kindText(ev.kind);
    g.fillText(text, Math.max(0, x) + 3, yMid);
  }
}

function measure(g: CanvasRenderingContext2D, text: string): number {
  const key = `${g.font}|${text}`;
  let w = textWidthCache.get(key);
  if (w === undefined) {
    w = g.measureText(text).width;
    if (textWidthCache.size > 5000) textWidthCache.clear();
    textWidthCache.set(key, w);
  }
  return w;
}

/** The text, or its prefix with an ellipsis, fitting `maxPx`; '' when not even two characters fit. */
export function fitText(g: CanvasRenderingContext2D, text: string, maxPx: number): string {
  if (measure(g, text) <= maxPx) return text;
  const perChar = measure(g, text) / text.length;
  const n = Math.floor(maxPx / perChar) - 1;
  return n >= 2 ? `${text.slice(0, n)}…` : '';
}

/** Outlines one event (selection or hover). */
export function outlineEvent(g: CanvasRenderingContext2D, ds: Dataset, id: number, scale: TimeScale, colour: string, lineWidth: number): void {
  const ev = ds.profile.events[id];
  if (!ev) return;
  const row = ds.rowOf[id]!;
  const x0 = scale.nsToPx(ev.startNs);
  const w = Math.max(2, scale.durationToPx(ev.durNs));
  g.strokeStyle = colour;
  g.lineWidth = lineWidth;
  g.strokeRect(x0 - lineWidth / 2, row * ROW_HEIGHT_PX + BAR_INSET_PX - lineWidth / 2,
    w + lineWidth, ROW_HEIGHT_PX - 2 * BAR_INSET_PX + lineWidth);
}

/** Arrows from each dependency's end to the selected event's start (Perfetto's flows). */
export function drawDependencies(g: CanvasRenderingContext2D, ds: Dataset, id: number, scale: TimeScale, colour: string): void {
  const ev = ds.profile.events[id];
  if (!ev) return;
  const toX = scale.nsToPx(ev.startNs);
  const toY = ds.rowOf[id]! * ROW_HEIGHT_PX + ROW_HEIGHT_PX / 2;
  g.strokeStyle = colour;
  g.fillStyle = colour;
  g.lineWidth = 1.25;
  for (const dep of ev.deps) {
    const d = ds.profile.events[dep];
    if (!d) continue;
    const fromX = scale.nsToPx(d.startNs + d.durNs);
    const fromY = ds.rowOf[dep]! * ROW_HEIGHT_PX + ROW_HEIGHT_PX / 2;
    const midX = (fromX + toX) / 2;
    g.beginPath();
    g.moveTo(fromX, fromY);
    g.bezierCurveTo(midX, fromY, midX, toY, toX, toY);
    g.stroke();
    g.beginPath();
    g.moveTo(toX, toY);
    g.lineTo(toX - 6, toY - 3.5);
    g.lineTo(toX - 6, toY + 3.5);
    g.closePath();
    g.fill();
  }
}
