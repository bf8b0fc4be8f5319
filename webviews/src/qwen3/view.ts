/**
 * The Qwen3 tab: end-to-end latency and prompts/s, baseline vs NKI kernels; a grouped bar chart by
 * layer (baseline vs the optimised run) or by operation (summed over layers and the final norm:
 * baseline kernel vs NKI kernel) with speedups; and the matching table, which for operations adds
 * each one's share of the baseline, its Amdahl bound and whether the optimised run uses it.
 * Reads a validated `Qwen3Speedups` from the store; redraws when the data, the grouping or the
 * width change.
 */
import { axisBottom, axisLeft, max, scaleBand, scaleLinear, select } from 'd3';
import { formatNs, formatPercent, formatRate, formatSpeedup } from '../../../simulator/src/profile/format';
import { el } from '../viewer/panels/eventInfo';
import { layoutChanged, store } from '../viewer/state';
import { speedup, type Qwen3Speedups } from './types';

type Grouping = 'layer' | 'op';
interface Group { label: string; baselineNs: number; optimisedNs: number; replaced?: boolean }

const CHART_HEIGHT_PX = 260;
const M = { top: 22, right: 12, bottom: 34, left: 64 };

export function groups(report: Qwen3Speedups, by: Grouping): Group[] {
  if (by === 'layer') {
    return report.layers.map((l) => ({
      label: String(l.index),
      baselineNs: l.ops.reduce((s, o) => s + o.baselineNs, 0),
      optimisedNs: l.ops.reduce((s, o) => s + o.optimisedNs, 0),
    }));
  }
  // Per operation the NKI bar is the NKI kernel's time (nkiNs), used by the optimised run or not.
  const byOp = new Map<string, Group>();
  for (const o of [...report.layers.flatMap((l) => l.ops), ...(report.final ?? [])]) {
    const g = byOp.get(o.name) ?? { label: o.name, baselineNs: 0, optimisedNs: 0, replaced: o.replaced };
    g.baselineNs += o.baselineNs;
    g.optimisedNs += o.nkiNs ?? o.optimisedNs;
    byOp.set(o.name, g);
  }
  return [...byOp.values()];
}

export function createQwen3View(parent: HTMLElement): () => void {
  const root = el('div', 'nki-qwen3');
  parent.append(root);
  const kpis = el('div', 'nki-kpis');
  const controls = el('div', 'nki-segmented');
  controls.setAttribute('role', 'radiogroup');
  controls.setAttribute('aria-label', 'Group by');
  const chartHost = el('div', 'nki-qwen3-chart');
  const tableHost = el('div', 'nki-qwen3-table');
  const empty = el('p', 'nki-muted', 'No Qwen3 report loaded. Run "nki-studio qwen3 --format json" or "NKI: Qwen3 Speedups".');
  root.append(empty, kpis, controls, chartHost, tableHost);
  new ResizeObserver(() => layoutChanged()).observe(chartHost);
  let by: Grouping = 'layer';
  let seen = '';
  const buttons = (['layer', 'op'] as const).map((g) => {
    const b = el('button', 'nki-seg', g === 'layer' ? 'By layer' : 'By operation');
    b.setAttribute('role', 'radio');
    b.addEventListener('click', () => { by = g; seen = ''; layoutChanged(); });
    controls.append(b);
    return [g, b] as const;
  });
  return () => {
    const report = store.qwen3;
    const key = `${store.versions.data}|${store.versions.layout}|${store.versions.theme}|${by}`;
    if (key === seen) return;
    const width = chartHost.clientWidth;
    if (report && width === 0) return;
    seen = key;
    empty.hidden = !!report;
    kpis.hidden = controls.hidden = !report;
    if (!report) { chartHost.replaceChildren(); tableHost.replaceChildren(); return; }
    for (const [g, b] of buttons) b.setAttribute('aria-checked', String(g === by));
    kpis.replaceChildren(...headline(report));
    const data = groups(report, by);
    chartHost.replaceChildren(chart(data, width, by));
    tableHost.replaceChildren(by === 'layer' ? table(data, by, report) : opTable(data, report));
  };
}

function kpi(label: string, value: string, note: string): HTMLElement {
  const box = el('div', 'nki-kpi');
  box.append(el('div', 'nki-kpi-label', label), el('div', 'nki-kpi-value', value), el('div', 'nki-kpi-note', note));
  return box;
}

function headline(r: Qwen3Speedups): HTMLElement[] {
  const e2e = speedup(r.totals.baselineNs, r.totals.optimisedNs);
  const layers = r.modelLayers && r.modelLayers !== r.layers.length ? `${r.layers.length} of ${r.modelLayers} layers` : `${r.layers.length} layers`;
  const out = [
    kpi('Model', `Qwen3-${r.model.toUpperCase()}`, `${layers} · seq ${r.seq} · batch ${r.batch} · ${r.target}`),
    kpi('End-to-end latency', `${formatNs(r.totals.baselineNs)} → ${formatNs(r.totals.optimisedNs)}`,
      `${formatSpeedup(e2e)} with NKI kernels${r.replace === 'all' ? ' for every op' : r.replace === 'attention' ? ' for attention' : ''}`),
    kpi('Prompts/s', `${formatRate(r.promptsPerSecond.baseline, '')} → ${formatRate(r.promptsPerSecond.optimised, '')}`, `attention: ${r.attention.split('/').pop()}`),
  ];
  const top = r.ops && [...r.ops].sort((a, b) => b.baselineShare - a.baselineShare)[0];
  if (top) out.push(kpi('Largest op', `${top.name} ${formatPercent(top.baselineShare)}`, `of the baseline · Amdahl bound ${formatSpeedup(top.amdahlBound)}`));
  return out;
}

function chart(data: Group[], widthPx: number, by: Grouping): SVGSVGElement {
  const w = Math.max(300, widthPx);
  const svg = select(document.createElementNS('http://www.w3.org/2000/svg', 'svg'))
    .attr('width', w).attr('height', CHART_HEIGHT_PX).attr('role', 'img')
    .attr('aria-label', `Baseline and NKI latency ${by === 'layer' ? 'per layer' : 'per operation'}`);
  const x = scaleBand().domain(data.map((d) => d.label)).range([M.left, w - M.right]).paddingInner(0.2).paddingOuter(0.1);
  const inner = scaleBand().domain(['baseline', 'nki']).range([0, x.bandwidth()]).padding(0.05);
  const y = scaleLinear().domain([0, (max(data, (d) => Math.max(d.baselineNs, d.optimisedNs)) ?? 1) * 1.12]).nice().range([CHART_HEIGHT_PX - M.bottom, M.top]);
  const step = Math.max(1, Math.ceil(data.length / Math.max(1, Math.floor((w - M.left) / 28))));
  const xAxis = svg.append('g').attr('class', 'nki-chart-axis').attr('transform', `translate(0,${CHART_HEIGHT_PX - M.bottom})`)
    .call(axisBottom(x).tickValues(x.domain().filter((_, i) => i % step === 0)).tickSizeOuter(0));
  // Operation names are longer than their bars are wide: shorten them; the full name is in the title.
  if (by === 'op') {
    const room = Math.max(4, Math.floor(x.step() / 6.5));
    xAxis.selectAll<SVGTextElement, string>('text').text((d) => (d.length > room ? `${d.slice(0, room - 1)}…` : d))
      .append('title').text((d) => d);
  }
  svg.append('g').attr('class', 'nki-chart-axis').attr('transform', `translate(${M.left},0)`)
    .call(axisLeft(y).ticks(5).tickFormat((d) => formatNs(Number(d))));
  svg.append('text').attr('class', 'nki-chart-label').attr('x', (M.left + w) / 2).attr('y', CHART_HEIGHT_PX - 4).attr('text-anchor', 'middle')
    .text(by === 'layer' ? 'Decoder layer' : 'Operation (all layers)');
  const g = svg.append('g').selectAll('g').data(data).join('g').attr('transform', (d) => `translate(${x(d.label)},0)`);
  for (const series of ['baseline', 'nki'] as const) {
    g.append('rect').attr('class', series === 'baseline' ? 'nki-q-base' : 'nki-q-opt')
      .attr('x', inner(series)!).attr('width', inner.bandwidth())
      .attr('y', (d) => y(series === 'baseline' ? d.baselineNs : d.optimisedNs))
      .attr('height', (d) => y(0) - y(series === 'baseline' ? d.baselineNs : d.optimisedNs))
      .append('title').text((d) => `${by === 'layer' ? 'Layer ' : ''}${d.label} ${series === 'baseline' ? 'baseline' : 'NKI'}: ${formatNs(series === 'baseline' ? d.baselineNs : d.optimisedNs)}`);
  }
  if (x.bandwidth() >= 30) {
    g.append('text').attr('class', 'nki-q-speedup').attr('x', x.bandwidth() / 2).attr('text-anchor', 'middle')
      .attr('y', (d) => y(Math.max(d.baselineNs, d.optimisedNs)) - 5).text((d) => formatSpeedup(speedup(d.baselineNs, d.optimisedNs)));
  }
  const legend = svg.append('g').attr('transform', `translate(${w - M.right - 150},${8})`);
  [['nki-q-base', 'Baseline'], ['nki-q-opt', 'NKI kernels']].forEach(([cls, text], i) => {
    legend.append('rect').attr('class', cls!).attr('x', i * 80).attr('y', -2).attr('width', 10).attr('height', 10);
    legend.append('text').attr('class', 'nki-chart-label').attr('x', i * 80 + 14).attr('y', 7).text(text!);
  });
  return svg.node()!;
}

/** With `perOp` (layer grouping), one extra column per replaced operation gives its speedup in that layer. */
function table(data: Group[], by: Grouping, perOp?: Qwen3Speedups): HTMLElement {
  // Only the ops the optimised run changes get a column (all of them with --replace all).
  const opNames = perOp ? [...new Set(perOp.layers.flatMap((l) => l.ops.filter((o) => o.optimisedNs !== o.baselineNs).map((o) => o.name)))] : [];
  const t = el('table', 'nki-table');
  t.createCaption().textContent = by === 'layer' ? 'Per layer' : 'Per operation, summed over layers';
  const head = t.createTHead().insertRow();
  for (const h of [by === 'layer' ? 'Layer' : 'Operation', 'Baseline', 'NKI', 'Speedup', 'Saved', ...opNames]) head.append(el('th', undefined, h));
  const body = t.createTBody();
  for (const [i, d] of data.entries()) {
    const row = body.insertRow();
    const s = speedup(d.baselineNs, d.optimisedNs);
    for (const text of [d.label, formatNs(d.baselineNs), formatNs(d.optimisedNs), formatSpeedup(s), formatNs(d.baselineNs - d.optimisedNs)]) {
      row.insertCell().textContent = text;
    }
    row.cells[3]!.className = s > 1 ? 'nki-better' : s < 1 ? 'nki-worse' : '';
    const layer = perOp?.layers[i];
    for (const name of opNames) {
      const op = layer?.ops.find((o) => o.name === name);
      const cell = row.insertCell();
      cell.textContent = op ? formatSpeedup(speedup(op.baselineNs, op.optimisedNs)) : '—';
      cell.className = 'nki-muted';
      if (op) cell.title = `${name}: ${formatNs(op.baselineNs)} → ${formatNs(op.optimisedNs)}${op.kernel ? ` (${op.kernel})` : ''}`;
    }
  }
  return t;
}

/** Per operation: baseline kernel vs NKI kernel, share of the baseline, Amdahl bound, use in the optimised run. */
function opTable(data: Group[], report: Qwen3Speedups): HTMLElement {
  const summary = new Map((report.ops ?? []).map((o) => [o.name, o]));
  const t = el('table', 'nki-table');
  t.createCaption().textContent = 'Per operation, summed over layers: baseline kernel vs NKI kernel';
  const head = t.createTHead().insertRow();
  for (const h of ['Operation', 'Baseline', 'NKI kernel', 'Speedup', 'Share', 'Amdahl bound', 'In optimised run']) head.append(el('th', undefined, h));
  const body = t.createTBody();
  for (const d of data) {
    const row = body.insertRow();
    const s = speedup(d.baselineNs, d.optimisedNs);
    const o = summary.get(d.label);
    const cells = [d.label, formatNs(d.baselineNs), formatNs(d.optimisedNs), formatSpeedup(s),
      o ? formatPercent(o.baselineShare) : '—', o ? formatSpeedup(o.amdahlBound) : '—', d.replaced === undefined ? '—' : d.replaced ? 'NKI' : 'baseline'];
    for (const text of cells) row.insertCell().textContent = text;
    row.cells[3]!.className = s > 1 ? 'nki-better' : s < 1 ? 'nki-worse' : '';
  }
  return t;
}
