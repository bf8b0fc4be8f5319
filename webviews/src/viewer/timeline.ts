/**
 * The engine timeline: one row per engine and DMA queue, instructions as bars on a time axis.
 * Axis and labels are SVG (crisp text); bars are drawn on a canvas so large profiles stay cheap.
 */
import { axisBottom, scaleLinear, select } from 'd3';
import type { Profile, ProfileEvent } from '../../../simulator/src/profile/schema';
import { formatNs } from './format';

const ROW_HEIGHT_PX = 22;
const LABEL_WIDTH_PX = 90;
const AXIS_HEIGHT_PX = 24;

/** Display order of the fixed engines; DMA queues follow in numeric order. */
const ENGINE_ORDER = ['tensor', 'vector', 'scalar', 'gpsimd', 'sync'];
const ENGINE_LABEL: Record<string, string> = { tensor: 'Tensor', vector: 'Vector', scalar: 'Scalar', gpsimd: 'GpSimd', sync: 'Sync' };

export function engineRows(events: ProfileEvent[]): string[] {
  const present = new Set(events.map((e) => e.track as string));
  const fixed = ENGINE_ORDER.filter((e) => present.has(e));
  const dma = [...present].filter((e) => e.startsWith('dma')).sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)));
  return [...fixed, ...dma];
}

export function engineLabel(engine: string): string {
  return ENGINE_LABEL[engine] ?? (engine.startsWith('dma') ? `DMA ${engine.slice(3)}` : engine);
}

export function renderTimeline(container: HTMLElement, profile: Profile): void {
  container.replaceChildren();
  const header = document.createElement('h2');
  header.className = 'nki-title';
  header.textContent = `${profile.kernel} · ${profile.target} · ${formatNs(profile.summary.totalNs)}`;
  container.append(header);

  const rows = engineRows(profile.events);
  const width = Math.max(320, container.clientWidth || 800);
  const plotWidth = width - LABEL_WIDTH_PX;
  const height = rows.length * ROW_HEIGHT_PX;
  const x = scaleLinear().domain([0, Math.max(1, profile.summary.totalNs)]).range([0, plotWidth]);

  const frame = document.createElement('div');
  frame.className = 'nki-timeline';
  frame.style.position = 'relative';
  frame.style.height = `${height + AXIS_HEIGHT_PX}px`;
  container.append(frame);

  const labels = select(frame).append('div').attr('class', 'nki-row-labels');
  rows.forEach((engine, i) => {
    labels.append('div').attr('class', 'nki-row-label').attr('data-engine', engine)
      .style('top', `${i * ROW_HEIGHT_PX}px`).style('height', `${ROW_HEIGHT_PX}px`).text(engineLabel(engine));
  });

  const canvas = document.createElement('canvas');
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(plotWidth * dpr);
  canvas.height = Math.round(height * dpr);
  canvas.style.cssText = `position:absolute;left:${LABEL_WIDTH_PX}px;top:0;width:${plotWidth}px;height:${height}px`;
  frame.append(canvas);
  const g = canvas.getContext('2d');
  if (g) {
    g.scale(dpr, dpr);
    const style = getComputedStyle(container);
    g.fillStyle = style.getPropertyValue('--nki-bar').trim() || '#3b82f6';
    for (const ev of profile.events) {
      const row = rows.indexOf(ev.track);
      const x0 = x(ev.startNs);
      const w = Math.max(1, x(ev.startNs + ev.durNs) - x0);
      g.fillRect(x0, row * ROW_HEIGHT_PX + 3, w, ROW_HEIGHT_PX - 6);
    }
  }

  const svg = select(frame).append('svg').attr('class', 'nki-axis')
    .attr('width', plotWidth).attr('height', AXIS_HEIGHT_PX)
    .style('position', 'absolute').style('left', `${LABEL_WIDTH_PX}px`).style('top', `${height}px`).style('overflow', 'visible');
  svg.append('g').call(axisBottom(x).ticks(Math.max(2, Math.floor(plotWidth / 90))).tickFormat((d) => formatNs(Number(d))));
}
