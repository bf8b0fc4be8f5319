/**
 * One timeline: named rows (focusable, arrow keys move between events), a canvas of bars and an
 * SVG time axis, for one loaded profile. The Timeline tab has one; Compare has two sharing the
 * store's viewport, so their zoom is synced by construction. `render()` runs every frame while
 * visible and redraws only when a store version it depends on changed.
 */
import { select as d3select, type Selection } from 'd3';
import type { SourceLocation } from '../../../simulator/src/profile/schema';
import type { Dataset } from './data/dataset';
import { hitTest, nearestInRow, neighbourInRow } from './interact/hitTest';
import { attachZoomPan } from './interact/zoomPan';
import { el, eventSentence } from './panels/eventInfo';
import { AXIS_HEIGHT_PX, drawAxis, drawGrid } from './render/axis';
import { drawDependencies, drawRowMarks, outlineEvent, ROW_HEIGHT_PX } from './render/bars';
import { TimeScale } from './scales';
import { focusEvent, layoutChanged, select, selectAndShow, setHover, setPointerNs, store, type DatasetKey, type EventRef } from './state';
import { theme } from './theme';
import { formatPercent } from '../../../simulator/src/profile/format';

export interface TimelineOptions {
  key: DatasetKey;
  /** Shown above the rows (Compare: "Before" / "After"). */
  caption?: string;
  /** Called when the user activates an event (click, Enter): the app reveals its source. */
  onActivate(source: SourceLocation): void;
}

export class TimelineView {
  readonly root: HTMLElement;
  private readonly labels: HTMLElement;
  private readonly plot: HTMLElement;
  private readonly canvas: HTMLCanvasElement;
  private readonly svg: Selection<SVGSVGElement, unknown, null, undefined>;
  private readonly live: HTMLElement;
  private caption?: HTMLElement;
  private seenKey = '';
  private seenData = -1;
  private focusedRow = 0;

  constructor(parent: HTMLElement, private readonly opts: TimelineOptions) {
    this.root = el('div', 'nki-timeline');
    this.root.dataset.set = opts.key;
    const body = el('div', 'nki-timeline-body');
    this.labels = el('div', 'nki-row-labels');
    this.labels.setAttribute('role', 'listbox');
    this.setCaption(opts.caption);
    this.plot = el('div', 'nki-plot');
    this.canvas = el('canvas', 'nki-bars');
    this.canvas.setAttribute('aria-hidden', 'true');
    this.plot.append(this.canvas);
    body.append(this.labels, this.plot);
    const axisRow = el('div', 'nki-axis-row');
    this.svg = d3select(axisRow).append('svg').attr('class', 'nki-axis').attr('aria-hidden', 'true');
    this.live = el('div', 'nki-sr-only');
    this.live.setAttribute('aria-live', 'polite');
    this.root.append(body, axisRow, this.live);
    parent.append(this.root);

    attachZoomPan(this.plot);
    new ResizeObserver(() => layoutChanged()).observe(this.plot);
    this.plot.addEventListener('mousemove', (e) => this.onPointer(e));
    this.plot.addEventListener('mouseleave', () => { setHover(null); setPointerNs(null); });
    this.plot.addEventListener('click', (e) => this.onClick(e));
    this.labels.addEventListener('keydown', (e) => this.onKey(e));
  }

  private get ds(): Dataset | undefined {
    return store.dataset(this.opts.key);
  }

  private scale(): TimeScale {
    return new TimeScale(store.viewport, this.plot.clientWidth);
  }

  private local(e: MouseEvent): { x: number; y: number } {
    const r = this.plot.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  }

  private onPointer(e: MouseEvent): void {
    const ds = this.ds;
    if (!ds) return;
    const { x, y } = this.local(e);
    const scale = this.scale();
    setPointerNs(scale.pxToNs(x));
    if (e.buttons) { setHover(null); return; }
    const hit = hitTest(ds, scale, x, y);
    setHover(hit ? { ref: { set: this.opts.key, id: hit.id }, clientX: e.clientX, clientY: e.clientY, mergedCount: hit.mergedCount } : null);
  }

  private onClick(e: MouseEvent): void {
    const ds = this.ds;
    if (!ds) return;
    const { x, y } = this.local(e);
    const hit = hitTest(ds, this.scale(), x, y);
    if (!hit) { select(null); return; }
    this.activate({ set: this.opts.key, id: hit.id }, false);
  }

  private activate(ref: EventRef, show: boolean): void {
    const ev = this.ds?.profile.events[ref.id];
    if (!ev) return;
    if (show) selectAndShow(ref); else select(ref);
    this.focusedRow = this.ds!.rowOf[ref.id]!;
    this.live.textContent = eventSentence(ev);
    this.opts.onActivate(ev.source);
  }

  private onKey(e: KeyboardEvent): void {
    const ds = this.ds;
    if (!ds || ds.rows.length === 0) return;
    const sel = store.selection?.set === this.opts.key ? store.selection.id : -1;
    const centreNs = (store.viewport.startNs + store.viewport.endNs) / 2;
    const choose = (id: number): void => {
      if (id < 0) return;
      selectAndShow({ set: this.opts.key, id });
      this.live.textContent = eventSentence(ds.profile.events[id]!);
    };
    switch (e.key) {
      case 'ArrowUp':
      case 'ArrowDown': {
        const r = Math.max(0, Math.min(ds.rows.length - 1, this.focusedRow + (e.key === 'ArrowUp' ? -1 : 1)));
        this.focusRow(r);
        if (sel >= 0) choose(nearestInRow(ds, r, ds.profile.events[sel]!.startNs));
        break;
      }
      case 'ArrowLeft':
      case 'ArrowRight':
        if (sel >= 0 && ds.rowOf[sel] === this.focusedRow) choose(neighbourInRow(ds, sel, e.key === 'ArrowLeft' ? -1 : 1));
        else choose(nearestInRow(ds, this.focusedRow, centreNs));
        break;
      case 'Home':
      case 'End': {
        const ids = ds.rows[this.focusedRow]!.ids;
        if (ids.length) choose(ids[e.key === 'Home' ? 0 : ids.length - 1]!);
        break;
      }
      case 'Enter':
        if (sel >= 0) this.activate({ set: this.opts.key, id: sel }, true);
        break;
      case 'f':
        if (sel >= 0) focusEvent({ set: this.opts.key, id: sel });
        break;
      case 'Escape':
        select(null);
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
  }

  private focusRow(r: number): void {
    this.focusedRow = r;
    const items = this.labels.children;
    for (let i = 0; i < items.length; i++) (items[i] as HTMLElement).tabIndex = i === r ? 0 : -1;
    (items[r] as HTMLElement | undefined)?.focus();
  }

  private buildRows(ds: Dataset): void {
    this.labels.replaceChildren(...ds.rows.map((row, i) => {
      const label = el('div', 'nki-row-label', row.label);
      label.dataset.track = row.track;
      label.setAttribute('role', 'option');
      label.tabIndex = i === 0 ? 0 : -1;
      const util = row.summary ? `, ${formatPercent(row.summary.utilisation)} busy` : '';
      label.setAttribute('aria-label', `${row.label}: ${row.ids.length} instructions${util}`);
      label.title = `${row.label}: ${row.ids.length.toLocaleString('en-US')} instructions${util}`;
      label.addEventListener('click', () => this.focusRow(i));
      return label;
    }));
    this.focusedRow = 0;
    const height = ds.rows.length * ROW_HEIGHT_PX;
    this.labels.style.height = `${height}px`;
    this.plot.style.height = `${height}px`;
  }

  /** The bars canvas (PNG export draws it). */
  get barsCanvas(): HTMLCanvasElement { return this.canvas; }

  /** The caption above the rows (and the rows' accessible name); undefined removes it. */
  setCaption(text: string | undefined): void {
    if (text && !this.caption) { this.caption = el('div', 'nki-timeline-caption'); this.root.prepend(this.caption); }
    if (this.caption) {
      if (text) this.caption.textContent = text;
      else { this.caption.remove(); this.caption = undefined; }
    }
    this.labels.setAttribute('aria-label', `${text ?? 'Timeline'} rows: arrow keys move between events, Enter reveals the source`);
  }

  render(): void {
    const ds = this.ds;
    const v = store.versions;
    if (!ds) return;
    if (v.data !== this.seenData) { this.seenData = v.data; this.buildRows(ds); }
    const widthPx = this.plot.clientWidth;
    if (widthPx === 0) return;
    const key = `${v.data}|${v.viewport}|${v.selection}|${v.hover}|${v.highlight}|${v.theme}|${v.layout}`;
    if (key === this.seenKey) return;
    this.seenKey = key;
    const scale = new TimeScale(store.viewport, widthPx);
    // The visible window, readable by tests and automation.
    this.root.dataset.startNs = String(scale.startNs);
    this.root.dataset.endNs = String(scale.endNs);
    this.draw(ds, scale);
    drawAxis(this.svg, scale);
    this.svg.style('height', `${AXIS_HEIGHT_PX}px`);
  }

  private draw(ds: Dataset, scale: TimeScale): void {
    const th = theme();
    const heightPx = ds.rows.length * ROW_HEIGHT_PX;
    const dpr = window.devicePixelRatio || 1;
    const wDev = Math.round(scale.widthCssPx * dpr);
    const hDev = Math.round(heightPx * dpr);
    if (this.canvas.width !== wDev || this.canvas.height !== hDev) {
      this.canvas.width = wDev;
      this.canvas.height = hDev;
      this.canvas.style.width = `${scale.widthCssPx}px`;
      this.canvas.style.height = `${heightPx}px`;
    }
    const g = this.canvas.getContext('2d');
    if (!g) return;
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.clearRect(0, 0, scale.widthCssPx, heightPx);
    for (let r = 1; r < ds.rows.length; r += 2) {
      g.fillStyle = th.rowAlt;
      g.fillRect(0, r * ROW_HEIGHT_PX, scale.widthCssPx, ROW_HEIGHT_PX);
    }
    drawGrid(g, scale, heightPx, th.gridLine);
    const hl = store.highlight?.pyramids[this.opts.key];
    const base = { alpha: hl ? 0.25 : 1, outline: th.contrastBorder };
    ds.rows.forEach((row, r) => {
      drawRowMarks(g, ds, row.lod.query(scale.startNs, scale.endNs, scale.nsPerPx), scale, r * ROW_HEIGHT_PX, th, base);
      const sub = hl?.[r];
      if (sub && sub.raw.length) {
        drawRowMarks(g, ds, sub.query(scale.startNs, scale.endNs, scale.nsPerPx), scale, r * ROW_HEIGHT_PX, th, { alpha: 1, outline: th.highlight });
      }
    });
    const sel = store.selection?.set === this.opts.key ? store.selection.id : -1;
    if (sel >= 0) {
      drawDependencies(g, ds, sel, scale, th.foreground);
      outlineEvent(g, ds, sel, scale, th.selection, 2);
    }
    const hov = store.hover?.ref.set === this.opts.key ? store.hover.ref.id : -1;
    if (hov >= 0 && hov !== sel) outlineEvent(g, ds, hov, scale, th.foreground, 1);
  }
}
