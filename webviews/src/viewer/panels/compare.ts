/**
 * The Compare tab: a baseline ("before") profile and the current ("after") one as two timelines
 * sharing the store's viewport (zoom and pan stay in sync), a headline speedup, and tables of
 * deltas per engine and per source line. The baseline comes from the host (`loadBaseline`), an
 * inlined `nki-baseline` script element, or a file the user picks.
 */
import type { LineTotal, Profile, SourceLocation } from '../../../../simulator/src/profile/schema';
import { isProfile } from '../../../../simulator/src/profile/schema';
import { orderTracks, trackLabel } from '../data/dataset';
import { formatDelta, formatNs, formatPercent, formatSpeedup } from '../../../../simulator/src/profile/format';
import { setRestoreKey } from '../persist';
import { loadBaseline, store } from '../state';
import { TimelineView } from '../timelineView';
import { el, shortSource } from './eventInfo';

const LINE_ROWS = 15;

export function createCompare(parent: HTMLElement, reveal: (source: SourceLocation) => void): () => void {
  const root = el('div', 'nki-compare');
  parent.append(root);
  const head = el('div', 'nki-compare-head');
  const picker = filePicker();
  const timelines = el('div', 'nki-compare-timelines');
  const tables = el('div', 'nki-compare-tables');
  root.append(head, timelines, tables);
  let views: TimelineView[] = [];
  let seen = -1;
  return () => {
    const v = store.versions.data;
    if (v !== seen) {
      seen = v;
      const before = store.baseline?.profile;
      const after = store.current?.profile;
      if (!before || !after) {
        head.replaceChildren(el('p', undefined, 'Compare this profile with another run of the kernel (before/after a change).'), picker);
        timelines.replaceChildren();
        tables.replaceChildren();
        views = [];
      } else {
        head.replaceChildren(headline(before, after), picker);
        if (views.length === 0) {
          timelines.replaceChildren();
          views = [new TimelineView(timelines, { key: 'baseline', onActivate: reveal }), new TimelineView(timelines, { key: 'current', onActivate: reveal })];
        }
        // Either profile can be replaced while the tab is open (a new run, Open Profile…).
        views[0].setCaption(`Before · ${before.kernel} · ${formatNs(before.summary.totalNs)}`);
        views[1].setCaption(`After · ${after.kernel} · ${formatNs(after.summary.totalNs)}`);
        tables.replaceChildren(engineDeltas(before, after), lineDeltas(before, after, reveal));
      }
    }
    for (const view of views) view.render();
  };
}

function filePicker(): HTMLElement {
  const label = el('label', 'nki-button nki-file');
  const input = el('input');
  input.type = 'file';
  input.accept = '.json,application/json';
  const status = el('span', 'nki-muted');
  label.append(document.createTextNode('Load baseline profile…'), input);
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (!file) return;
    file.text().then((text) => {
      const value: unknown = JSON.parse(text);
      if (isProfile(value)) { setRestoreKey('baseline', undefined); loadBaseline(value); status.textContent = ''; } else status.textContent = `${file.name} is not an NKI Studio profile.`;
    }).catch(() => { status.textContent = `${file.name} could not be read as JSON.`; });
  });
  const wrap = el('div', 'nki-picker');
  wrap.append(label, status);
  return wrap;
}

function headline(before: Profile, after: Profile): HTMLElement {
  const ratio = before.summary.totalNs / Math.max(1e-9, after.summary.totalNs);
  const h = el('p', 'nki-compare-headline');
  h.append(el('strong', undefined, `${formatSpeedup(ratio)} ${ratio >= 1 ? 'faster' : 'slower'}`),
    document.createTextNode(`: ${formatNs(before.summary.totalNs)} → ${formatNs(after.summary.totalNs)} (${formatDelta(before.summary.totalNs, after.summary.totalNs)})`));
  return h;
}

function table(caption: string, headers: string[]): { table: HTMLTableElement; body: HTMLTableSectionElement } {
  const t = el('table', 'nki-table');
  t.createCaption().textContent = caption;
  const head = t.createTHead().insertRow();
  for (const h of headers) head.append(el('th', undefined, h));
  return { table: t, body: t.createTBody() };
}

function deltaCell(row: HTMLTableRowElement, before: number, after: number): void {
  const cell = row.insertCell();
  cell.textContent = formatDelta(before, after);
  cell.className = before === 0 ? '' : after < before ? 'nki-better' : after > before ? 'nki-worse' : '';
}

function engineDeltas(before: Profile, after: Profile): HTMLElement {
  const { table: t, body } = table('Per engine', ['Engine', 'Busy before', 'Busy after', 'Δ busy', 'Utilisation', 'Instructions']);
  const b = new Map(before.summary.engines.map((e) => [e.track as string, e]));
  const a = new Map(after.summary.engines.map((e) => [e.track as string, e]));
  for (const track of orderTracks([...b.keys(), ...a.keys()])) {
    const eb = b.get(track);
    const ea = a.get(track);
    const row = body.insertRow();
    row.dataset.track = track;
    row.insertCell().textContent = trackLabel(track);
    row.insertCell().textContent = formatNs(eb?.busyNs ?? 0);
    row.insertCell().textContent = formatNs(ea?.busyNs ?? 0);
    deltaCell(row, eb?.busyNs ?? 0, ea?.busyNs ?? 0);
    row.insertCell().textContent = `${formatPercent(eb?.utilisation ?? 0, 0)} → ${formatPercent(ea?.utilisation ?? 0, 0)}`;
    row.insertCell().textContent = `${(eb?.instructions ?? 0).toLocaleString('en-US')} → ${(ea?.instructions ?? 0).toLocaleString('en-US')}`;
  }
  return t;
}

/** Lines match by path and line; when each profile has one file (two versions of a kernel), by line. */
function lineKey(before: Profile, after: Profile): (l: LineTotal) => string {
  const paths = (p: Profile) => new Set(p.lines.map((l) => l.path));
  const single = paths(before).size === 1 && paths(after).size === 1;
  return single ? (l) => String(l.line) : (l) => `${l.path}:${l.line}`;
}

/** Stall (waiting for dependencies) per line, from the events. */
function stallByLine(p: Profile, key: (l: LineTotal) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of p.events) {
    if (e.stallNs <= 0) continue;
    const k = key({ path: e.source.path, line: e.source.line, timeNs: 0, instructions: 0, bytes: 0 });
    out.set(k, (out.get(k) ?? 0) + e.stallNs);
  }
  return out;
}

function lineDeltas(before: Profile, after: Profile, reveal: (source: SourceLocation) => void): HTMLElement {
  const key = lineKey(before, after);
  const sb = stallByLine(before, key);
  const sa = stallByLine(after, key);
  const change = (k: string): number => Math.abs((a.get(k)?.timeNs ?? 0) - (b.get(k)?.timeNs ?? 0)) + Math.abs((sa.get(k) ?? 0) - (sb.get(k) ?? 0));
  const b = new Map(before.lines.map((l) => [key(l), l]));
  const a = new Map(after.lines.map((l) => [key(l), l]));
  const keys = [...new Set([...b.keys(), ...a.keys()])]
    .sort((x, y) => change(y) - change(x))
    .slice(0, LINE_ROWS);
  const { table: t, body } = table(`Per source line (largest changes first)`, ['Line', 'Busy before', 'Busy after', 'Δ busy', 'Stall before', 'Stall after', 'Δ stall', 'Instructions']);
  for (const k of keys) {
    const lb = b.get(k);
    const la = a.get(k);
    const any = (la ?? lb)!;
    const row = body.insertRow();
    const btn = el('button', 'nki-link', shortSource(any));
    btn.title = `${any.path}:${any.line + 1}`;
    btn.addEventListener('click', () => reveal({ path: any.path, line: any.line, character: 0 }));
    row.insertCell().append(btn);
    row.insertCell().textContent = lb ? formatNs(lb.timeNs) : '—';
    row.insertCell().textContent = la ? formatNs(la.timeNs) : '—';
    deltaCell(row, lb?.timeNs ?? 0, la?.timeNs ?? 0);
    row.insertCell().textContent = formatNs(sb.get(k) ?? 0);
    row.insertCell().textContent = formatNs(sa.get(k) ?? 0);
    deltaCell(row, sb.get(k) ?? 0, sa.get(k) ?? 0);
    row.insertCell().textContent = `${(lb?.instructions ?? 0).toLocaleString('en-US')} → ${(la?.instructions ?? 0).toLocaleString('en-US')}`;
  }
  return t;
}
