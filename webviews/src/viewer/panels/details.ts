/**
 * The details panel under the timeline: everything about the selected event, its call stack and
 * dependencies (each clickable), and a button revealing its source line. Rendered from
 * `store.selection`; actions go back through the store and the `reveal` callback.
 */
import type { SourceLocation } from '../../../../simulator/src/profile/schema';
import { trackLabel } from '../data/dataset';
import { formatNs, formatSource } from '../../../../simulator/src/profile/format';
import { selectAndShow, store } from '../state';
import { el, eventFacts, eventTitle, operandTable } from './eventInfo';

const HINT = 'Click an instruction for its details. Wheel or W/S zoom, drag or A/D pan, 0 shows the whole run; '
  + 'in the row names, arrow keys move between instructions and Enter reveals the source.';

export function createDetails(parent: HTMLElement, reveal: (source: SourceLocation) => void): () => void {
  const panel = el('section', 'nki-details');
  panel.setAttribute('aria-label', 'Selected instruction');
  parent.append(panel);
  let seen = '';
  return () => {
    const key = `${store.versions.selection}|${store.versions.data}`;
    if (key === seen) return;
    seen = key;
    const ref = store.selection;
    const ds = ref ? store.dataset(ref.set) : undefined;
    const ev = ref && ds ? ds.profile.events[ref.id] : undefined;
    if (!ref || !ds || !ev) { panel.replaceChildren(el('p', 'nki-muted', HINT)); return; }
    const head = el('div', 'nki-details-head');
    const revealBtn = el('button', 'nki-button', `Reveal ${formatSource(ev.source)}`);
    revealBtn.addEventListener('click', () => reveal(ev.source));
    head.append(eventTitle(ev), revealBtn);
    const cols = el('div', 'nki-details-cols');
    const left = el('div');
    left.append(eventFacts(ev));
    const right = el('div');
    const ops = operandTable(ev);
    if (ops) right.append(ops);
    if (ev.stack.length > 1) {
      right.append(el('h4', undefined, 'Call stack'));
      const list = el('ol', 'nki-links');
      for (const frame of ev.stack) list.append(linkItem(formatSource(frame), () => reveal(frame)));
      right.append(list);
    }
    if (ev.deps.length > 0) {
      right.append(el('h4', undefined, `Waited for (${ev.deps.length})`));
      const list = el('ul', 'nki-links');
      for (const dep of ev.deps.slice(0, 12)) {
        const d = ds.profile.events[dep];
        if (d) list.append(linkItem(`${d.opcode} on ${trackLabel(d.track)}, ended ${formatNs(d.startNs + d.durNs)}`, () => selectAndShow({ set: ref.set, id: dep })));
      }
      right.append(list);
    }
    cols.append(left, right);
    panel.replaceChildren(head, cols);
  };
}

function linkItem(text: string, onClick: () => void): HTMLLIElement {
  const li = el('li');
  const b = el('button', 'nki-link', text);
  b.addEventListener('click', onClick);
  li.append(b);
  return li;
}
