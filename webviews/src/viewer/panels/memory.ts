/**
 * The Memory tab: SBUF and PSUM occupancy (bytes per partition) over the visible time window as
 * step area charts with a capacity line and the peak marked, and the largest allocations by name
 * (hovering one shades its lifetime; clicking reveals where it was allocated). Samples are reduced
 * to their maximum per pixel column so peaks survive any zoom. Wheel and drag zoom and pan the
 * shared viewport, as on the timeline.
 */
import { area, axisBottom, axisLeft, curveStepAfter, scaleLinear, select, type Selection } from 'd3';
import type { AllocationRecord, MemorySample, Profile, SourceLocation } from '../../../../simulator/src/profile/schema';
import { lowerBound } from '../data/lod';
import { axisFormatter, formatBytes, formatNs, formatPercent } from '../../../../simulator/src/profile/format';
import { attachZoomPan } from '../interact/zoomPan';
import { TimeScale } from '../scales';
import { layoutChanged, store } from '../state';
import { el, shortSource } from './eventInfo';

const CHART_HEIGHT_PX = 150;
const AXIS_PX = 22;
const LARGEST = 12;
/** Below this share of capacity at peak, the y axis fits the data instead of the capacity. */
const CAPACITY_SCALE_MIN_SHARE = 0.2;

type Buffer = 'sbuf' | 'psum';
interface Series { tNs: Float64Array; bytes: Float64Array }

const seriesCache = new WeakMap<MemorySample[], Series>();
function series(samples: MemorySample[]): Series {
  let s = seriesCache.get(samples);
  if (!s) {
    const sorted = [...samples].sort((a, b) => a.tNs - b.tNs);
    s = { tNs: Float64Array.from(sorted, (x) => x.tNs), bytes: Float64Array.from(sorted, (x) => x.bytesPerPartition) };
    seriesCache.set(samples, s);
  }
  return s;
}

/** Step points of the maximum occupancy per pixel column within the scale's window. */
export function columnMaxima(s: Series, scale: TimeScale): Array<[number, number]> {
  const n = s.tNs.length;
  if (n === 0) return [];
  const first = Math.max(0, lowerBound(s.tNs, n, scale.startNs) - 1);
  const points: Array<[number, number]> = [];
  let col = -Infinity;
  let colMax = 0;
  for (let i = first; i < n; i++) {
    const x = Math.max(0, Math.floor(scale.nsToPx(s.tNs[i]!)));
    if (x > scale.widthCssPx) break;
    if (x !== col) {
      if (col !== -Infinity) points.push([col, colMax]);
      col = x;
      colMax = s.bytes[i]!;
    } else {
      colMax = Math.max(colMax, s.bytes[i]!);
    }
  }
  points.push([col, colMax]);
  // Hold the last level to the right edge.
  const last = points[points.length - 1]!;
  if (last[0] < scale.widthCssPx) points.push([scale.widthCssPx, last[1]]);
  return points;
}

interface Chart { buffer: Buffer; plot: HTMLElement; svg: Selection<SVGSVGElement, unknown, null, undefined>; yAxis: Selection<SVGSVGElement, unknown, null, undefined>; caption: HTMLElement }

export function createMemory(parent: HTMLElement, reveal: (source: SourceLocation) => void): () => void {
  const root = el('div', 'nki-memory');
  parent.append(root);
  const charts: Chart[] = (['sbuf', 'psum'] as const).map((buffer) => {
    const box = el('section', 'nki-card nki-mem-chart');
    box.dataset.buffer = buffer;
    const caption = el('h3');
    const grid = el('div', 'nki-mem-grid');
    const yAxisHost = el('div', 'nki-mem-yaxis');
    const plot = el('div', 'nki-mem-plot');
    grid.append(yAxisHost, plot);
    box.append(caption, grid);
    root.append(box);
    attachZoomPan(plot);
    new ResizeObserver(() => layoutChanged()).observe(plot);
    return {
      buffer, plot, caption,
      svg: select(plot).append('svg').attr('class', 'nki-mem-svg').attr('role', 'img'),
      yAxis: select(yAxisHost).append('svg').attr('class', 'nki-chart-axis').attr('aria-hidden', 'true'),
    };
  });
  const allocSection = el('section', 'nki-card');
  root.append(allocSection);
  let hovered: AllocationGroup | null = null;
  let seen = '';
  let seenTable = -1;

  const redraw = (): void => {
    const p = store.current?.profile;
    if (!p) return;
    for (const c of charts) drawChart(c, p, hovered);
  };

  return () => {
    const p = store.current?.profile;
    const v = store.versions;
    if (!p) return;
    if (v.data !== seenTable) {
      seenTable = v.data;
      allocSection.replaceChildren(el('h3', undefined, 'Largest allocations'), allocationTable(p, reveal, (a) => { hovered = a; redraw(); }));
    }
    const key = `${v.data}|${v.viewport}|${v.layout}|${v.theme}`;
    if (key === seen || charts[0]!.plot.clientWidth === 0) return;
    seen = key;
    redraw();
  };
}

function drawChart(c: Chart, p: Profile, hovered: AllocationGroup | null): void {
  const samples = p.memory[c.buffer];
  const capacity = c.buffer === 'sbuf' ? p.memory.capacity.sbufBytesPerPartition : p.memory.capacity.psumBytesPerPartition;
  const s = series(samples);
  let peak = 0;
  let peakAt = 0;
  for (let i = 0; i < s.bytes.length; i++) if (s.bytes[i]! > peak) { peak = s.bytes[i]!; peakAt = s.tNs[i]!; }
  const name = c.buffer.toUpperCase();
  c.caption.textContent = `${name} occupancy per partition: peak ${formatBytes(peak)} of ${formatBytes(capacity)} (${formatPercent(peak / Math.max(1, capacity), 0)}) at ${formatNs(peakAt)}`;
  const width = c.plot.clientWidth;
  const scale = new TimeScale(store.viewport, width);
  const plotH = CHART_HEIGHT_PX - AXIS_PX;
  // Scale to the capacity unless the peak is a sliver of it; then scale to the data and say so.
  const showCapacity = peak >= capacity * CAPACITY_SCALE_MIN_SHARE;
  // Ticks at round numbers of one binary unit (0, 512 B, 1 KiB, 1.5 KiB ... rather than 1000 B).
  const top = (showCapacity ? Math.max(capacity, peak) * 1.08 : peak * 1.2) || 1;
  const [unitBytes, unit] = top >= 2 * 1024 ** 2 ? [1024 ** 2, 'MiB'] : top >= 2048 ? [1024, 'KiB'] : [1, 'B'];
  const yUnits = scaleLinear().domain([0, top / unitBytes]).range([plotH, 4]);
  const y = (bytes: number): number => yUnits(bytes / unitBytes);
  c.yAxis.attr('width', 64).attr('height', CHART_HEIGHT_PX).selectAll('*').remove();
  c.yAxis.append('g').attr('transform', 'translate(63,0)').call(axisLeft(yUnits).ticks(4).tickFormat((d) => `${Number(d)} ${unit}`));
  const svg = c.svg.attr('width', width).attr('height', CHART_HEIGHT_PX)
    .attr('aria-label', c.caption.textContent);
  svg.selectAll('*').remove();
  for (const a of hovered?.buffer === c.buffer ? hovered.instances : []) {
    const x0 = Math.max(0, scale.nsToPx(a.startNs));
    const x1 = Math.min(width, scale.nsToPx(a.endNs));
    if (x1 > x0) svg.append('rect').attr('class', 'nki-mem-lifetime').attr('x', x0).attr('y', 0).attr('width', x1 - x0).attr('height', plotH);
  }
  const points = columnMaxima(s, scale);
  svg.append('path').attr('class', `nki-mem-area nki-mem-${c.buffer}`)
    .attr('d', area<[number, number]>().curve(curveStepAfter).x((d) => d[0]).y0(plotH).y1((d) => y(d[1]))(points) ?? '');
  const capY = showCapacity ? y(capacity) : 4;
  if (showCapacity) svg.append('line').attr('class', 'nki-capacity').attr('x1', 0).attr('x2', width).attr('y1', capY).attr('y2', capY);
  svg.append('text').attr('class', 'nki-capacity-label').attr('x', width - 4).attr('y', showCapacity ? capY - 4 : 12).attr('text-anchor', 'end')
    .text(showCapacity ? `capacity ${formatBytes(capacity)}` : `capacity ${formatBytes(capacity)} (above this scale)`);
  const ticks = scale.toD3().ticks(Math.max(2, Math.floor(width / 110)));
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : scale.endNs - scale.startNs;
  const fmt = axisFormatter(step, Math.max(Math.abs(ticks[ticks.length - 1] ?? 0), step));
  svg.append('g').attr('class', 'nki-chart-axis').attr('transform', `translate(0,${plotH})`)
    .call(axisBottom(scale.toD3()).tickValues(ticks).tickFormat((d) => fmt(Number(d))).tickSizeOuter(0));
}

/** Allocations of one name at one source line (a tile allocated in a loop): its instances. */
interface AllocationGroup { name: string; buffer: Buffer; bytesPerPartition: number; source: SourceLocation; instances: AllocationRecord[]; liveNs: number }

export function groupAllocations(allocs: AllocationRecord[]): AllocationGroup[] {
  const groups = new Map<string, AllocationGroup>();
  for (const a of allocs) {
    const key = `${a.name}|${a.buffer}|${a.source.path}:${a.source.line}`;
    let g = groups.get(key);
    if (!g) { g = { name: a.name, buffer: a.buffer, bytesPerPartition: 0, source: a.source, instances: [], liveNs: 0 }; groups.set(key, g); }
    g.bytesPerPartition = Math.max(g.bytesPerPartition, a.bytesPerPartition);
    g.instances.push(a);
    g.liveNs += a.endNs - a.startNs;
  }
  return [...groups.values()].sort((x, y) => y.bytesPerPartition - x.bytesPerPartition || y.liveNs - x.liveNs);
}

function allocationTable(p: Profile, reveal: (source: SourceLocation) => void, hover: (a: AllocationGroup | null) => void): HTMLElement {
  const largest = groupAllocations(p.memory.allocations).slice(0, LARGEST);
  if (largest.length === 0) return el('p', 'nki-muted', 'No allocations recorded.');
  const table = el('table', 'nki-table nki-allocs');
  const head = table.createTHead().insertRow();
  for (const h of ['Name', 'Buffer', 'Per partition', 'Instances', 'Live (total)', 'First – last', 'Allocated at']) head.append(el('th', undefined, h));
  const body = table.createTBody();
  for (const a of largest) {
    const row = body.insertRow();
    row.tabIndex = 0;
    row.title = 'Shades this allocation\'s lifetimes on the chart';
    row.addEventListener('mouseenter', () => hover(a));
    row.addEventListener('focus', () => hover(a));
    row.addEventListener('mouseleave', () => hover(null));
    row.addEventListener('blur', () => hover(null));
    const first = a.instances.reduce((t, x) => Math.min(t, x.startNs), Infinity);
    const last = a.instances.reduce((t, x) => Math.max(t, x.endNs), -Infinity);
    for (const t of [a.name, a.buffer.toUpperCase(), formatBytes(a.bytesPerPartition), String(a.instances.length), formatNs(a.liveNs), `${formatNs(first)} – ${formatNs(last)}`]) {
      row.insertCell().textContent = t;
    }
    const b = el('button', 'nki-link', shortSource(a.source));
    b.title = `${a.source.path}:${a.source.line + 1}`;
    b.addEventListener('click', () => reveal(a.source));
    row.insertCell().append(b);
  }
  return table;
}
