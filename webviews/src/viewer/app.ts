/**
 * The viewer's page: title and export buttons, the highlight status line, the tab bar, one panel
 * per tab, and the hover card. Builds the DOM once and registers one renderer that updates the
 * header and tabs and renders only the visible panel. Actions that leave the page (reveal, export)
 * go through the host, or happen in the page when there is none.
 */
import type { SourceLocation } from '../../../simulator/src/profile/schema';
import { getHost } from '../host';
import { toHost, type ExportFormat } from '../messages';
import { createQwen3View } from '../qwen3/view';
import { toChromeTrace } from '../../../simulator/src/perf/chromeTrace';
import { dataUrlToBlob, downloadBlob, downloadJson } from './export/download';
import { exportFileName } from './export/fileNames';
import { profileJsonChunks } from '../../../simulator/src/profile/json';
import { timelinePng } from './export/png';
import { formatNs, formatSource } from '../../../simulator/src/profile/format';
import { installKeyboard } from './interact/keyboard';
import { createCompare } from './panels/compare';
import { createDetails } from './panels/details';
import { el } from './panels/eventInfo';
import { createHoverCard } from './panels/hoverCard';
import { createMemory } from './panels/memory';
import { createSummary } from './panels/summary';
import { addRenderer } from './raf';
import { createLegend } from './render/legend';
import { createMinimap } from './render/minimap';
import { highlightLines, setTab, store, TABS, type TabId } from './state';
import { TimelineView } from './timelineView';

type PanelRender = () => void;

export function reveal(source: SourceLocation): void {
  getHost().post(toHost.reveal(source));
}

export function exportAs(format: ExportFormat, timeline: TimelineView): void {
  const host = getHost();
  const ds = store.current;
  if (!ds) return;
  const name = exportFileName(ds.profile.kernel, format);
  if (format === 'png') {
    const dataUrl = timelinePng(ds, timeline.barsCanvas);
    if (host.embedded) host.post(toHost.export('png', dataUrl));
    else downloadBlob(name, dataUrlToBlob(dataUrl));
    return;
  }
  if (host.embedded) { host.post(toHost.export(format)); return; }
  if (format === 'chrome-trace') downloadJson(name, toChromeTrace(ds.profile));
  // In pieces: a large profile's JSON is longer than the longest string V8 can hold.
  else downloadBlob(name, new Blob([...profileJsonChunks(ds.profile)], { type: 'application/json' }));
}

export function mountApp(root: HTMLElement): void {
  root.replaceChildren();
  const header = el('header', 'nki-header');
  const title = el('h2', 'nki-title');
  const toolbar = el('div', 'nki-toolbar');
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', 'Export');
  header.append(title, toolbar);
  const status = el('div', 'nki-status');
  status.setAttribute('role', 'status');
  const tabBar = el('div', 'nki-tabs');
  tabBar.setAttribute('role', 'tablist');
  tabBar.setAttribute('aria-label', 'Profile views');
  root.append(header, status, tabBar);

  const panels = new Map<TabId, HTMLElement>();
  const tabButtons = new Map<TabId, HTMLButtonElement>();
  for (const { id, label } of TABS) {
    const b = el('button', 'nki-tab', label);
    b.id = `nki-tab-${id}`;
    b.setAttribute('role', 'tab');
    b.setAttribute('aria-controls', `nki-panel-${id}`);
    b.dataset.tab = id;
    b.addEventListener('click', () => setTab(id));
    tabBar.append(b);
    tabButtons.set(id, b);
    const panel = el('div', 'nki-panel');
    panel.id = `nki-panel-${id}`;
    panel.setAttribute('role', 'tabpanel');
    panel.setAttribute('aria-labelledby', b.id);
    root.append(panel);
    panels.set(id, panel);
  }
  tabBar.addEventListener('keydown', (e) => {
    const visible = TABS.filter((t) => !tabButtons.get(t.id)!.hidden).map((t) => t.id);
    const i = visible.indexOf(store.tab);
    const next = e.key === 'ArrowRight' ? visible[(i + 1) % visible.length] : e.key === 'ArrowLeft' ? visible[(i - 1 + visible.length) % visible.length]
      : e.key === 'Home' ? visible[0] : e.key === 'End' ? visible[visible.length - 1] : undefined;
    if (!next) return;
    e.preventDefault();
    setTab(next);
    tabButtons.get(next)!.focus();
  });

  const timelinePanel = panels.get('timeline')!;
  const renderMinimap = createMinimap(timelinePanel);
  const timeline = new TimelineView(timelinePanel, { key: 'current', onActivate: reveal });
  const renderLegend = createLegend(timelinePanel);
  const renderDetails = createDetails(timelinePanel, reveal);
  const renders: Record<TabId, PanelRender> = {
    timeline: () => { renderMinimap(); timeline.render(); renderLegend(); renderDetails(); },
    summary: createSummary(panels.get('summary')!, reveal),
    memory: createMemory(panels.get('memory')!, reveal),
    compare: createCompare(panels.get('compare')!, reveal),
    qwen3: createQwen3View(panels.get('qwen3')!),
  };
  const renderHover = createHoverCard(document.body);

  for (const [format, label] of [['chrome-trace', 'Chrome trace'], ['profile-json', 'Profile JSON'], ['png', 'PNG']] as const) {
    const b = el('button', 'nki-button', label);
    b.dataset.export = format;
    b.title = format === 'png' ? 'Save the timeline as shown as a PNG image' : format === 'chrome-trace' ? 'Save a Chrome trace (opens in Perfetto)' : 'Save the profile as JSON';
    b.setAttribute('aria-label', `Export ${label}`);
    b.addEventListener('click', () => exportAs(format, timeline));
    toolbar.append(b);
  }
  const clear = el('button', 'nki-link', 'Clear');
  clear.addEventListener('click', () => highlightLines('', []));

  let seenData = -1;
  let seenTab = -1;
  let seenHighlight = -1;
  addRenderer(() => {
    const v = store.versions;
    if (v.data !== seenData) {
      seenData = v.data;
      const p = store.current?.profile;
      title.textContent = p ? `${p.kernel} · ${p.target} · ${formatNs(p.summary.totalNs)}`
        : store.qwen3 ? `Qwen3-${store.qwen3.model.toUpperCase()} · per-layer speedups` : 'NKI Studio profile';
      toolbar.hidden = !p;
      for (const { id } of TABS) tabButtons.get(id)!.hidden = id === 'qwen3' ? !store.qwen3 : !p;
      if (!p && store.qwen3 && store.tab !== 'qwen3') setTab('qwen3');
    }
    if (v.tab !== seenTab) {
      seenTab = v.tab;
      for (const { id } of TABS) {
        const active = id === store.tab;
        const b = tabButtons.get(id)!;
        b.setAttribute('aria-selected', String(active));
        b.tabIndex = active ? 0 : -1;
        panels.get(id)!.hidden = !active;
      }
    }
    if (v.highlight !== seenHighlight) {
      seenHighlight = v.highlight;
      const h = store.highlight;
      if (!h) status.replaceChildren();
      else {
        const n = h.ids.current.length;
        const where = h.lines.map((l) => formatSource({ path: h.path, line: l })).join(', ');
        status.replaceChildren(document.createTextNode(`${n.toLocaleString('en-US')} instruction${n === 1 ? '' : 's'} from ${where} highlighted. `), clear);
      }
    }
    renders[store.tab]();
    renderHover();
  });
  installKeyboard();
}
