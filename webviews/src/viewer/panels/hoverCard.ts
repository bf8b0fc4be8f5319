/**
 * The hover card: a floating description of the event under the pointer, placed beside the
 * pointer and kept inside the window. Rendered from `store.hover` only.
 */
import { store } from '../state';
import { el, eventFacts, eventTitle, operandTable } from './eventInfo';

const OFFSET_PX = 14;

export function createHoverCard(parent: HTMLElement): () => void {
  const card = el('div', 'nki-hovercard');
  card.setAttribute('role', 'tooltip');
  card.hidden = true;
  parent.append(card);
  let seen = -1;
  return () => {
    if (store.versions.hover === seen) return;
    seen = store.versions.hover;
    const hover = store.hover;
    const ev = hover ? store.dataset(hover.ref.set)?.profile.events[hover.ref.id] : undefined;
    if (!hover || !ev) { card.hidden = true; return; }
    card.replaceChildren(eventTitle(ev), eventFacts(ev));
    const ops = operandTable(ev);
    if (ops) card.append(ops);
    if (hover.mergedCount > 1) card.append(el('div', 'nki-muted', `${hover.mergedCount.toLocaleString('en-US')} events in this pixel; zoom in to separate them`));
    card.hidden = false;
    const { innerWidth, innerHeight } = window;
    const w = card.offsetWidth;
    const h = card.offsetHeight;
    let x = hover.clientX + OFFSET_PX;
    let y = hover.clientY + OFFSET_PX;
    if (x + w > innerWidth - 4) x = Math.max(4, hover.clientX - OFFSET_PX - w);
    if (y + h > innerHeight - 4) y = Math.max(4, hover.clientY - OFFSET_PX - h);
    card.style.left = `${x}px`;
    card.style.top = `${y}px`;
  };
}
