/**
 * The one animation-frame loop. State changes call `requestFrame()`; several changes in one task
 * coalesce into one frame. Each frame runs the animations (held W/A/S/D keys) first, then every
 * renderer, which decides from the store's versions whether it has anything to redraw.
 * Invariant: nothing draws outside this loop.
 */

/** Returns false when finished. `dtMs` is the time since the previous animated frame. */
export type Animation = (dtMs: number) => boolean;
export type Renderer = () => void;

const renderers: Renderer[] = [];
const animations = new Set<Animation>();
let pending = false;
let lastAnimatedMs = 0;

/** A benchmark may define `globalThis.__nkiFrameWorkMs = []` to receive each frame's work time. */
interface FrameProbe { __nkiFrameWorkMs?: number[] }

export function addRenderer(render: Renderer): void {
  renderers.push(render);
  requestFrame();
}

export function requestFrame(): void {
  if (pending) return;
  pending = true;
  requestAnimationFrame(frame);
}

export function animate(animation: Animation): void {
  animations.add(animation);
  requestFrame();
}

export function stopAnimation(animation: Animation): void {
  animations.delete(animation);
}

function frame(nowMs: number): void {
  pending = false;
  const began = performance.now();
  if (animations.size > 0) {
    const dtMs = lastAnimatedMs ? Math.min(100, nowMs - lastAnimatedMs) : 16;
    lastAnimatedMs = nowMs;
    for (const a of [...animations]) if (!a(dtMs)) animations.delete(a);
  } else {
    lastAnimatedMs = 0;
  }
  for (const render of renderers) render();
  if (animations.size > 0) requestFrame();
  (globalThis as FrameProbe).__nkiFrameWorkMs?.push(performance.now() - began);
}
