/**
 * W/A/S/D navigation as in Perfetto: W/S zoom in/out around the pointer (or the centre), A/D pan.
 * A tap moves one step at once; holding the key keeps moving smoothly in the animation loop.
 * Active on the tabs that show timelines; ignored while typing in a form control.
 */
import { animate, type Animation } from '../raf';
import { panBy, resetViewport, store, zoomAround } from '../state';

/** Zoom per tap, and per second while held. */
const ZOOM_STEP = 1.25;
const ZOOM_PER_SECOND = 4;
/** Pan per tap, and per second while held, as a fraction of the visible span. */
const PAN_STEP = 0.1;
const PAN_PER_SECOND = 1.2;

type NavKey = 'w' | 'a' | 's' | 'd';
const held = new Set<NavKey>();

function anchorNs(): number {
  const { startNs, endNs } = store.viewport;
  const p = store.pointerNs;
  return p !== null && p >= startNs && p <= endNs ? p : (startNs + endNs) / 2;
}

function apply(key: NavKey, zoomFactor: number, panFraction: number): void {
  const span = store.viewport.endNs - store.viewport.startNs;
  if (key === 'w') zoomAround(zoomFactor, anchorNs());
  else if (key === 's') zoomAround(1 / zoomFactor, anchorNs());
  else panBy((key === 'a' ? -1 : 1) * panFraction * span);
}

const step: Animation = (dtMs) => {
  if (held.size === 0) return false;
  const seconds = dtMs / 1000;
  for (const key of held) apply(key, ZOOM_PER_SECOND ** seconds, PAN_PER_SECOND * seconds);
  return true;
};

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement
    || (target instanceof HTMLElement && target.isContentEditable);
}

function navKey(e: KeyboardEvent): NavKey | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const k = e.key.toLowerCase();
  return k === 'w' || k === 'a' || k === 's' || k === 'd' ? k : null;
}

export function installKeyboard(): void {
  document.addEventListener('keydown', (e) => {
    if (isTyping(e.target) || (store.tab !== 'timeline' && store.tab !== 'compare')) return;
    if (e.key === '0' && !e.ctrlKey && !e.metaKey) { resetViewport(); e.preventDefault(); return; }
    const key = navKey(e);
    if (!key) return;
    e.preventDefault();
    if (e.repeat || held.has(key)) return;
    held.add(key);
    apply(key, ZOOM_STEP, PAN_STEP);
    animate(step);
  });
  document.addEventListener('keyup', (e) => {
    const key = navKey(e) ?? (e.key.toLowerCase() as NavKey);
    held.delete(key);
  });
  window.addEventListener('blur', () => held.clear());
}
