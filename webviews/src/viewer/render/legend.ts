/**
 * The colour key under the timeline: one swatch per instruction kind present, with its count,
 * in the colours the bars use (rebuilt when the profile or the theme changes).
 */
import { el } from '../panels/eventInfo';
import { store } from '../state';
import { theme } from '../theme';

export function createLegend(parent: HTMLElement): () => void {
  const root = el('ul', 'nki-legend');
  root.setAttribute('aria-label', 'Bar colours by instruction kind');
  parent.append(root);
  let seen = '';
  return () => {
    const ds = store.current;
    const key = `${store.versions.data}|${store.versions.theme}`;
    if (!ds || key === seen) return;
    seen = key;
    const counts = new Uint32Array(ds.kinds.length);
    for (let i = 0; i < ds.kindOf.length; i++) counts[ds.kindOf[i]!]!++;
    const th = theme();
    root.replaceChildren(...ds.kinds.map((kind, k) => {
      const item = el('li', 'nki-legend-item');
      item.dataset.kind = kind;
      const swatch = el('span', 'nki-swatch');
      swatch.style.background = th.kindColour(kind);
      item.append(swatch, document.createTextNode(`${kind} ${counts[k]!.toLocaleString('en-US')}`));
      return item;
    }));
  };
}
