/**
 * The overview strip above the timeline: the whole run in miniature (each row a thin band drawn
 * from the coarsest useful LOD level) and a window marking the visible span. Clicking centres
 * the view there; dragging the window pans. Redraws the miniature only when data, theme or size
 * change; the window follows the viewport every frame it changes.
 */
import { TimeScale } from '../scales';
import { layoutChanged, setViewport, store } from '../state';
import { theme } from '../theme';
import { el } from '../panels/eventInfo';
import { drawRowMarks, ROW_HEIGHT_PX } from './bars';

const BAND_PX = 4;
const MAX_HEIGHT_PX = 44;

export function createMinimap(parent: HTMLElement): () => void {
  const root = el('div', 'nki-minimap');
  root.setAttribute('role', 'slider');
  root.setAttribute('aria-label', 'Overview of the whole run; the window marks the visible span');
  const canvas = el('canvas');
  canvas.setAttribute('aria-hidden', 'true');
  const win = el('div', 'nki-minimap-window');
  root.append(canvas, win);
  parent.append(root);
  new ResizeObserver(() => layoutChanged()).observe(root);

  let seenArt = '';
  let seenWindow = '';
  const widthPx = (): number => Math.max(1, root.clientWidth);
  const toNs = (clientX: number): number => ((clientX - root.getBoundingClientRect().left) / widthPx()) * store.domainEndNs;

  root.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const { startNs, endNs } = store.viewport;
    const span = endNs - startNs;
    const at = toNs(e.clientX);
    const grabOffsetNs = at >= startNs && at <= endNs ? at - startNs : span / 2;
    const move = (ev: PointerEvent): void => {
      const s = toNs(ev.clientX) - grabOffsetNs;
      setViewport({ startNs: s, endNs: s + span });
    };
    move(e);
    root.setPointerCapture(e.pointerId);
    root.addEventListener('pointermove', move);
    root.addEventListener('pointerup', () => root.removeEventListener('pointermove', move), { once: true });
  });

  return () => {
    const ds = store.current;
    const v = store.versions;
    if (!ds || root.clientWidth === 0) return;
    const w = widthPx();
    const rows = ds.rows.length;
    const band = Math.max(2, Math.min(BAND_PX, Math.floor(MAX_HEIGHT_PX / Math.max(1, rows))));
    const h = band * rows;
    const art = `${v.data}|${v.theme}|${v.layout}`;
    if (art !== seenArt) {
      seenArt = art;
      const dpr = window.devicePixelRatio || 1;
      canvas.width = Math.round(w * dpr);
      canvas.height = Math.round(h * dpr);
      canvas.style.width = `${w}px`;
      canvas.style.height = `${h}px`;
      root.style.height = `${h}px`;
      const g = canvas.getContext('2d');
      if (g) {
        g.setTransform(dpr, 0, 0, dpr, 0, 0);
        g.clearRect(0, 0, w, h);
        const scale = new TimeScale({ startNs: 0, endNs: store.domainEndNs }, w);
        const th = theme();
        // Bars are drawn ROW_HEIGHT_PX tall; squash each row into its band.
        ds.rows.forEach((row, r) => {
          g.save();
          g.translate(0, r * band);
          g.scale(1, band / ROW_HEIGHT_PX);
          drawRowMarks(g, ds, row.lod.query(0, store.domainEndNs, scale.nsPerPx), scale, 0, th, { alpha: 1, outline: null, labels: false });
          g.restore();
        });
      }
    }
    const win_ = `${v.viewport}|${v.layout}|${v.data}`;
    if (win_ !== seenWindow) {
      seenWindow = win_;
      const { startNs, endNs } = store.viewport;
      const left = (startNs / store.domainEndNs) * w;
      win.style.left = `${left}px`;
      win.style.width = `${Math.max(3, ((endNs - startNs) / store.domainEndNs) * w)}px`;
      root.setAttribute('aria-valuetext', `${Math.round((startNs / store.domainEndNs) * 100)}% to ${Math.round((endNs / store.domainEndNs) * 100)}% of the run`);
    }
  };
}
