/**
 * The time axis: SVG ticks and labels (crisp text, never scaled), regenerated from the zoomed
 * scale each time the viewport changes, with one unit for all ticks (see `axisFormatter`).
 */
import { axisBottom, type Selection } from 'd3';
import { axisFormatter } from '../../../../simulator/src/profile/format';
import type { TimeScale } from '../scales';

export const AXIS_HEIGHT_PX = 22;
/** About one tick per this many pixels. */
const TICK_SPACING_PX = 110;

/** Tick times for the scale; shared by the axis and the canvas grid lines. */
export function tickValues(scale: TimeScale): number[] {
  return scale.toD3().ticks(Math.max(2, Math.floor(scale.widthCssPx / TICK_SPACING_PX)));
}

export function drawAxis(svg: Selection<SVGSVGElement, unknown, null, undefined>, scale: TimeScale): void {
  const ticks = tickValues(scale);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : scale.endNs - scale.startNs;
  const fmt = axisFormatter(step, Math.max(Math.abs(ticks[ticks.length - 1] ?? 0), step));
  svg.attr('width', scale.widthCssPx).attr('height', AXIS_HEIGHT_PX);
  let g = svg.select<SVGGElement>('g.nki-axis-ticks');
  if (g.empty()) g = svg.append('g').attr('class', 'nki-axis-ticks');
  g.call(axisBottom(scale.toD3()).tickValues(ticks).tickFormat((d) => fmt(Number(d))).tickSizeOuter(0));
  // Keep the first and last labels inside the plot instead of clipping them at the edges.
  g.selectAll<SVGTextElement, number>('.tick text').attr('text-anchor', function (d) {
    const x = scale.nsToPx(d);
    const half = ((this.getComputedTextLength?.() ?? 40) / 2) + 2;
    return x < half ? 'start' : x > scale.widthCssPx - half ? 'end' : 'middle';
  });
}

/** Faint vertical lines at the ticks, drawn behind the bars. */
export function drawGrid(g: CanvasRenderingContext2D, scale: TimeScale, heightCssPx: number, colour: string): void {
  g.strokeStyle = colour;
  g.globalAlpha = 0.5;
  g.lineWidth = 1;
  g.beginPath();
  for (const t of tickValues(scale)) {
    const x = Math.round(scale.nsToPx(t)) + 0.5;
    g.moveTo(x, 0);
    g.lineTo(x, heightCssPx);
  }
  g.stroke();
  g.globalAlpha = 1;
}
