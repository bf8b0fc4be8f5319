/**
 * Time ↔ pixel mapping. The base scale maps the whole run [0, domainEndNs] onto the plot width and
 * never changes while zooming; each frame derives the zoomed scale from the viewport, equivalently
 * `zoomTransform.rescaleX(base)` as in d3-zoom. Names carry their space: `tNs` is time in
 * nanoseconds since the kernel started, `xCssPx` a CSS pixel from the plot's left edge.
 */
import { scaleLinear, zoomIdentity, type ScaleLinear, type ZoomTransform } from 'd3';
import type { Viewport } from './state';

/** The per-frame scale (Perfetto's TimeScale): cheap arithmetic for hot loops. */
export class TimeScale {
  readonly startNs: number;
  readonly nsPerPx: number;
  readonly widthCssPx: number;

  constructor(viewport: Viewport, widthCssPx: number) {
    this.startNs = viewport.startNs;
    this.widthCssPx = Math.max(1, widthCssPx);
    this.nsPerPx = (viewport.endNs - viewport.startNs) / this.widthCssPx;
  }

  get endNs(): number { return this.startNs + this.nsPerPx * this.widthCssPx; }
  nsToPx(tNs: number): number { return (tNs - this.startNs) / this.nsPerPx; }
  pxToNs(xCssPx: number): number { return this.startNs + xCssPx * this.nsPerPx; }
  durationToPx(durNs: number): number { return durNs / this.nsPerPx; }
  pxToDuration(px: number): number { return px * this.nsPerPx; }

  /** The same mapping as a d3 scale (for axes). */
  toD3(): ScaleLinear<number, number> {
    return scaleLinear().domain([this.startNs, this.endNs]).range([0, this.widthCssPx]);
  }
}

/** The immutable base scale over the whole run. */
export function baseScale(domainEndNs: number, widthCssPx: number): ScaleLinear<number, number> {
  return scaleLinear().domain([0, domainEndNs]).range([0, Math.max(1, widthCssPx)]);
}

/** The d3-zoom transform that shows `viewport` through `base`. */
export function transformFor(viewport: Viewport, base: ScaleLinear<number, number>): ZoomTransform {
  const k = (base.domain()[1]! - base.domain()[0]!) / Math.max(1e-9, viewport.endNs - viewport.startNs);
  return zoomIdentity.translate(-base(viewport.startNs) * k, 0).scale(k);
}

/** The viewport a d3-zoom transform shows through `base` (its rescaled domain). */
export function viewportFrom(transform: ZoomTransform, base: ScaleLinear<number, number>): Viewport {
  const [startNs, endNs] = transform.rescaleX(base).domain() as [number, number];
  return { startNs, endNs };
}
