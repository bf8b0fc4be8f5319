/**
 * Mouse, wheel, trackpad and touch zoom/pan on a plot element. d3-zoom handles vertical wheel
 * (zoom around the cursor), pinch (ctrl+wheel), drag and touch; horizontal trackpad swipes and
 * shift+wheel pan. Every gesture only calls `setViewport`/`panBy` on the store; before a gesture
 * starts, d3-zoom's own transform is re-synchronised from the store, because keys, the minimap
 * and the other timeline in Compare change the viewport too.
 */
import { select, zoom, zoomTransform, type D3ZoomEvent, type ZoomBehavior } from 'd3';
import { baseScale, transformFor, viewportFrom } from '../scales';
import { MIN_SPAN_NS, panBy, setViewport, store } from '../state';

/** d3-zoom's default wheel speed, slightly slowed for smooth-scrolling mice. */
const WHEEL_ZOOM_PER_DELTA_PX = 0.0015;

export interface ZoomPanHandle { dispose(): void }

export function attachZoomPan(el: HTMLElement): ZoomPanHandle {
  const widthPx = (): number => Math.max(1, el.clientWidth);
  const base = () => baseScale(store.domainEndNs, widthPx());
  const behaviour: ZoomBehavior<HTMLElement, unknown> = zoom<HTMLElement, unknown>()
    .filter((event: Event) => {
      if (event instanceof WheelEvent) return !event.shiftKey && Math.abs(event.deltaY) >= Math.abs(event.deltaX);
      return !(event as MouseEvent).button && !(event as MouseEvent).ctrlKey;
    })
    .wheelDelta((event: WheelEvent) => -event.deltaY * (event.deltaMode === 1 ? 0.05 : event.deltaMode ? 1 : WHEEL_ZOOM_PER_DELTA_PX) * (event.ctrlKey ? 8 : 1))
    .on('zoom', (event: D3ZoomEvent<HTMLElement, unknown>) => {
      if (!event.sourceEvent) return; // our own re-synchronisation
      setViewport(viewportFrom(event.transform, base()));
    });

  const sync = (): void => {
    const b = base();
    const w = widthPx();
    behaviour.scaleExtent([1, Math.max(1, store.domainEndNs / MIN_SPAN_NS)]).translateExtent([[0, -Infinity], [w, Infinity]]);
    const current = viewportFrom(zoomTransform(el), b);
    const span = store.viewport.endNs - store.viewport.startNs;
    if (Math.abs(current.startNs - store.viewport.startNs) > span * 1e-9 || Math.abs(current.endNs - store.viewport.endNs) > span * 1e-9) {
      behaviour.transform(select(el), transformFor(store.viewport, b));
    }
  };

  // Horizontal swipes and shift+wheel pan; d3-zoom's filter leaves them to us.
  const onWheel = (event: WheelEvent): void => {
    sync();
    const horizontal = Math.abs(event.deltaX) > Math.abs(event.deltaY);
    if (!horizontal && !event.shiftKey) return;
    event.preventDefault();
    const deltaPx = horizontal ? event.deltaX : event.deltaY;
    const px = event.deltaMode === 1 ? deltaPx * 20 : deltaPx;
    panBy((px * (store.viewport.endNs - store.viewport.startNs)) / widthPx());
  };

  el.addEventListener('wheel', onWheel, { capture: true, passive: false });
  el.addEventListener('mousedown', sync, { capture: true });
  el.addEventListener('touchstart', sync, { capture: true, passive: true });
  select(el).call(behaviour).on('dblclick.zoom', null);
  sync();
  return {
    dispose: () => {
      el.removeEventListener('wheel', onWheel, { capture: true });
      el.removeEventListener('mousedown', sync, { capture: true });
      el.removeEventListener('touchstart', sync, { capture: true });
      select(el).on('.zoom', null);
    },
  };
}
