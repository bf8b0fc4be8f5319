/**
 * The roofline chart (log-log): arithmetic intensity (FLOP per HBM byte) against FLOP/s, with the
 * memory roof (bandwidth × intensity), the compute roof (peak FLOP/s), the ridge point, and this
 * kernel's achieved point with its gap to the roof. SVG with a viewBox so it scales; text stays
 * text.
 */
import { axisBottom, axisLeft, scaleLog, select } from 'd3';
import type { ProfileSummary } from '../../../../simulator/src/profile/schema';
import { formatRate } from '../../../../simulator/src/profile/format';

const W = 440;
const H = 270;
const M = { top: 16, right: 20, bottom: 40, left: 64 };

export function rooflineChart(summary: ProfileSummary): SVGSVGElement {
  const svg = select(document.createElementNS('http://www.w3.org/2000/svg', 'svg'))
    .attr('class', 'nki-roofline').attr('viewBox', `0 0 ${W} ${H}`).attr('role', 'img');
  const peak = summary.peakFlopsPerSecond;
  const bw = summary.hbmBytesPerSecond;
  const ai = summary.arithmeticIntensity;
  const achieved = summary.totalNs > 0 ? summary.flops / (summary.totalNs * 1e-9) : 0;
  const ridge = peak / bw;
  const hasPoint = ai > 0 && achieved > 0;
  const xLo = Math.min(ridge, hasPoint ? ai : ridge) / 16;
  const xHi = Math.max(ridge, hasPoint ? ai : ridge) * 16;
  const yHi = peak * 3;
  const yLo = Math.min(bw * xLo, hasPoint ? achieved : Infinity) / 3;
  const x = scaleLog().domain([xLo, xHi]).range([M.left, W - M.right]);
  const y = scaleLog().domain([yLo, yHi]).range([H - M.bottom, M.top]).clamp(true);
  svg.attr('aria-label', `Roofline: ridge at ${ridge.toPrecision(3)} FLOP/B; kernel at ${ai.toPrecision(3)} FLOP/B achieving ${formatRate(achieved, 'FLOP/s')} of ${formatRate(peak, 'FLOP/s')} peak`);

  svg.append('g').attr('class', 'nki-chart-axis').attr('transform', `translate(0,${H - M.bottom})`)
    .call(axisBottom(x).tickValues(decades(xLo, xHi)).tickFormat((d) => Number(d).toLocaleString('en-US')));
  svg.append('g').attr('class', 'nki-chart-axis').attr('transform', `translate(${M.left},0)`)
    .call(axisLeft(y).tickValues(decades(yLo, yHi)).tickFormat((d) => formatRate(Number(d), '')));
  svg.append('text').attr('class', 'nki-chart-label').attr('x', (M.left + W - M.right) / 2).attr('y', H - 6)
    .attr('text-anchor', 'middle').text('Arithmetic intensity (FLOP per HBM byte)');
  svg.append('text').attr('class', 'nki-chart-label').attr('transform', `translate(14,${(M.top + H - M.bottom) / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle').text('FLOP/s');

  // Roofs: bandwidth-bound slope up to the ridge, then flat at peak.
  svg.append('path').attr('class', 'nki-roof')
    .attr('d', `M${x(xLo)},${y(bw * xLo)} L${x(ridge)},${y(peak)} L${x(xHi)},${y(peak)}`);
  svg.append('text').attr('class', 'nki-roof-label').attr('x', x(xHi) - 4).attr('y', y(peak) - 6).attr('text-anchor', 'end')
    .text(`compute roof ${formatRate(peak, 'FLOP/s')}`);
  // The bandwidth label runs along the slope, just above it, where it is farthest from the
  // kernel's point (which lies on or below the roof), so the two never overlap.
  const angle = (Math.atan2(y(peak) - y(bw * xLo), x(ridge) - x(xLo)) * 180) / Math.PI;
  const candidates = [0.2, 0.35, 0.5, 0.65].map((f) => xLo * (ridge / xLo) ** f);
  const far = (c: number) => (hasPoint ? Math.hypot(x(c) - x(ai), y(bw * c) - y(achieved)) : 0);
  const memLabelX = candidates.reduce((best, c) => (far(c) > far(best) ? c : best), candidates[1]!);
  svg.append('text').attr('class', 'nki-roof-label').attr('text-anchor', 'middle')
    .attr('transform', `translate(${x(memLabelX)},${y(bw * memLabelX)}) rotate(${angle.toFixed(1)}) translate(0,-6)`)
    .text(`HBM ${formatRate(bw, 'B/s')}`);

  if (hasPoint) {
    const roofAt = Math.min(peak, bw * ai);
    svg.append('line').attr('class', 'nki-roof-gap').attr('x1', x(ai)).attr('x2', x(ai)).attr('y1', y(achieved)).attr('y2', y(roofAt));
    svg.append('circle').attr('class', 'nki-kernel-point').attr('cx', x(ai)).attr('cy', y(achieved)).attr('r', 5);
    const right = x(ai) < (M.left + W - M.right) / 2;
    svg.append('text').attr('class', 'nki-point-label').attr('x', x(ai) + (right ? 9 : -9)).attr('y', y(achieved) + 4)
      .attr('text-anchor', right ? 'start' : 'end').text(`this kernel: ${formatRate(achieved, 'FLOP/s')}`);
  } else {
    svg.append('text').attr('class', 'nki-point-label').attr('x', W / 2).attr('y', H / 2).attr('text-anchor', 'middle')
      .text('No floating-point work: the kernel only moves data');
  }
  return svg.node()!;
}

/** Powers of ten within [lo, hi] (log axes label decades only). */
function decades(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.ceil(Math.log10(lo)); e <= Math.floor(Math.log10(hi)); e++) out.push(10 ** e);
  return out;
}
