/**
 * The Summary tab: latency and headline figures (MFU, HBM traffic and bandwidth, roofline gap),
 * per-engine utilisation bars, the roofline chart, the bottleneck, ranked recommendations and the
 * hottest source lines. Recommendations and lines with a source reveal it when clicked; a line
 * also highlights its events on the timeline. Rebuilt only when the data or theme change.
 */
import type { Profile, SourceLocation } from '../../../../simulator/src/profile/schema';
import { trackLabel } from '../data/dataset';
import { formatBytes, formatNs, formatPercent, formatRate, formatSource } from '../../../../simulator/src/profile/format';
import { highlightLines, store } from '../state';
import { el, shortSource } from './eventInfo';
import { rooflineChart } from './roofline';

const HOT_LINES = 10;

export function createSummary(parent: HTMLElement, reveal: (source: SourceLocation) => void): () => void {
  const root = el('div', 'nki-summary');
  parent.append(root);
  let seen = -1;
  return () => {
    if (!store.current || store.versions.data === seen) return;
    seen = store.versions.data;
    root.replaceChildren(...summaryContent(store.current.profile, reveal));
  };
}

function kpi(label: string, value: string, note?: string): HTMLElement {
  const box = el('div', 'nki-kpi');
  box.append(el('div', 'nki-kpi-label', label), el('div', 'nki-kpi-value', value));
  if (note) box.append(el('div', 'nki-kpi-note', note));
  return box;
}

function section(title: string, ...children: HTMLElement[]): HTMLElement {
  const s = el('section', 'nki-card');
  s.append(el('h3', undefined, title), ...children);
  return s;
}

function summaryContent(p: Profile, reveal: (source: SourceLocation) => void): HTMLElement[] {
  const s = p.summary;
  const hbm = s.bytes.hbmRead + s.bytes.hbmWrite;
  const seconds = s.totalNs * 1e-9;
  const kpis = el('div', 'nki-kpis');
  kpis.append(
    kpi('Latency', formatNs(s.totalNs), `${p.events.length.toLocaleString('en-US')} instructions`),
    kpi('MFU', formatPercent(s.mfu), `of ${formatRate(s.peakFlopsPerSecond, 'FLOP/s')} peak`),
    kpi('HBM traffic', formatBytes(hbm), `${formatRate(seconds > 0 ? hbm / seconds : 0, 'B/s')} of ${formatRate(s.hbmBytesPerSecond, 'B/s')}`),
    kpi('Roofline', `${s.roofline.slowdown.toFixed(1)}× slower`, `${s.roofline.bound}-bound; best ${formatNs(s.roofline.attainableNs)}`),
  );

  const engines = el('div', 'nki-util');
  for (const e of [...s.engines].sort((a, b) => orderKey(a.track) - orderKey(b.track))) {
    const row = el('div', 'nki-util-row');
    row.dataset.track = e.track;
    const bar = el('div', 'nki-util-bar');
    bar.setAttribute('role', 'meter');
    bar.setAttribute('aria-valuemin', '0');
    bar.setAttribute('aria-valuemax', '100');
    bar.setAttribute('aria-valuenow', String(Math.round(e.utilisation * 100)));
    bar.setAttribute('aria-label', `${trackLabel(e.track)} utilisation`);
    const fill = el('div', 'nki-util-fill');
    fill.style.width = `${Math.min(100, e.utilisation * 100)}%`;
    bar.append(fill);
    row.append(el('span', 'nki-util-name', trackLabel(e.track)), bar,
      el('span', 'nki-util-value', formatPercent(e.utilisation)), el('span', 'nki-muted', `${formatNs(e.busyNs)} · ${e.instructions.toLocaleString('en-US')} instr.`));
    engines.append(row);
  }

  const bottleneck = el('div', 'nki-bottleneck');
  bottleneck.append(el('strong', undefined, `Bottleneck: ${s.bottleneck.kind}. `), document.createTextNode(s.bottleneck.message));
  const recs = el('ol', 'nki-recs');
  const ranked = [...s.recommendations].sort((a, b) => b.impact - a.impact);
  for (const r of ranked) {
    const li = el('li');
    li.append(el('span', 'nki-rec-impact', `up to ${formatPercent(r.impact, 0)}`), el('span', 'nki-rec-text', r.message));
    if (r.source) {
      const src = r.source;
      const b = el('button', 'nki-link', formatSource(src));
      b.setAttribute('aria-label', `Reveal ${formatSource(src)}: ${r.message}`);
      b.addEventListener('click', () => reveal(src));
      li.append(b);
    }
    recs.append(li);
  }
  if (ranked.length === 0) recs.append(el('li', 'nki-muted', 'No recommendations: nothing obvious to improve.'));

  const roof = el('div', 'nki-roofline-wrap');
  roof.append(rooflineChart(s));
  const left = el('div', 'nki-col');
  left.append(section('Engine utilisation', engines), section('Bottleneck and recommendations', bottleneck, recs), section('Hottest lines', hotLines(p, reveal)));
  const right = el('div', 'nki-col');
  right.append(section('Roofline', roof, el('p', 'nki-muted',
    `${formatRate(s.flops, 'FLOP')} over ${formatBytes(hbm)} of HBM traffic: ${s.arithmeticIntensity.toPrecision(3)} FLOP/B.`)));
  const cols = el('div', 'nki-summary-cols');
  cols.append(left, right);
  return [kpis, cols];
}

function orderKey(track: string): number {
  const fixed = ['tensor', 'vector', 'scalar', 'gpsimd', 'sync'].indexOf(track);
  return fixed >= 0 ? fixed : 10 + Number(track.replace(/\D/g, '') || 0);
}

function hotLines(p: Profile, reveal: (source: SourceLocation) => void): HTMLElement {
  const lines = [...p.lines].sort((a, b) => b.timeNs - a.timeNs).slice(0, HOT_LINES);
  if (lines.length === 0) return el('p', 'nki-muted', 'No per-line totals in this profile.');
  const table = el('table', 'nki-table');
  const head = table.createTHead().insertRow();
  for (const h of ['Line', 'Busy time', 'Share', 'Instructions', 'Bytes']) head.append(el('th', undefined, h));
  // Busy time sums over engines working in parallel, so shares are of all busy time, not latency.
  const allBusy = p.lines.reduce((s, l) => s + l.timeNs, 0) || 1;
  const body = table.createTBody();
  for (const line of lines) {
    const row = body.insertRow();
    const cell = row.insertCell();
    const b = el('button', 'nki-link', shortSource(line));
    b.title = `${line.path}:${line.line + 1}`;
    b.title = 'Reveal in the editor and highlight its instructions on the timeline';
    b.addEventListener('click', () => {
      highlightLines(line.path, [line.line]);
      reveal({ path: line.path, line: line.line, character: 0 });
    });
    cell.append(b);
    for (const t of [formatNs(line.timeNs), formatPercent(line.timeNs / allBusy),
      line.instructions.toLocaleString('en-US'), formatBytes(line.bytes)]) row.insertCell().textContent = t;
  }
  return table;
}
