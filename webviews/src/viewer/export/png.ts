/**
 * A PNG of the timeline as shown: title, row names, the bars canvas, the time axis and the colour
 * key composed onto one canvas at device resolution, with the theme's background (so it reads
 * outside VS Code).
 */
import type { Dataset } from '../data/dataset';
import { axisFormatter, formatNs } from '../../../../simulator/src/profile/format';
import { tickValues } from '../render/axis';
import { ROW_HEIGHT_PX } from '../render/bars';
import { TimeScale } from '../scales';
import { store } from '../state';
import { theme } from '../theme';

const LABEL_WIDTH_PX = 96;
const TITLE_PX = 28;
const AXIS_PX = 24;
const LEGEND_PX = 20;

export function timelinePng(ds: Dataset, bars: HTMLCanvasElement): string {
  const th = theme();
  const dpr = window.devicePixelRatio || 1;
  const plotW = bars.width / dpr;
  const rowsH = ds.rows.length * ROW_HEIGHT_PX;
  const out = document.createElement('canvas');
  out.width = Math.round((LABEL_WIDTH_PX + plotW + 8) * dpr);
  out.height = Math.round((TITLE_PX + rowsH + AXIS_PX + LEGEND_PX + 6) * dpr);
  const g = out.getContext('2d')!;
  g.scale(dpr, dpr);
  g.fillStyle = th.background;
  g.fillRect(0, 0, out.width, out.height);
  g.fillStyle = th.foreground;
  g.textBaseline = 'middle';
  g.font = `600 13px ${th.fontFamily}`;
  const p = ds.profile;
  g.fillText(`${p.kernel} · ${p.target} · ${formatNs(p.summary.totalNs)}`, 6, TITLE_PX / 2);
  g.font = `12px ${th.fontFamily}`;
  ds.rows.forEach((row, i) => g.fillText(row.label, 6, TITLE_PX + i * ROW_HEIGHT_PX + ROW_HEIGHT_PX / 2));
  g.drawImage(bars, LABEL_WIDTH_PX, TITLE_PX, plotW, rowsH);
  const scale = new TimeScale(store.viewport, plotW);
  const ticks = tickValues(scale);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : scale.endNs - scale.startNs;
  const fmt = axisFormatter(step, Math.max(Math.abs(ticks[ticks.length - 1] ?? 0), step));
  const y = TITLE_PX + rowsH;
  g.strokeStyle = th.gridLine;
  g.beginPath();
  g.moveTo(LABEL_WIDTH_PX, y + 0.5);
  g.lineTo(LABEL_WIDTH_PX + plotW, y + 0.5);
  g.stroke();
  g.fillStyle = th.muted;
  g.font = `11px ${th.fontFamily}`;
  g.textAlign = 'center';
  for (const t of ticks) {
    const x = LABEL_WIDTH_PX + scale.nsToPx(t);
    g.beginPath();
    g.moveTo(x + 0.5, y);
    g.lineTo(x + 0.5, y + 5);
    g.stroke();
    g.fillText(fmt(t), Math.min(Math.max(x, LABEL_WIDTH_PX + 24), LABEL_WIDTH_PX + plotW - 24), y + 14);
  }
  // Colour key: a swatch and the name of each kind, left to right.
  g.textAlign = 'left';
  const counts = new Uint32Array(ds.kinds.length);
  for (let i = 0; i < ds.kindOf.length; i++) counts[ds.kindOf[i]!]!++;
  let x = LABEL_WIDTH_PX;
  const ly = y + AXIS_PX + LEGEND_PX / 2;
  ds.kinds.forEach((kind, k) => {
    g.fillStyle = th.kindColour(kind);
    g.fillRect(x, ly - 5, 10, 10);
    g.fillStyle = th.muted;
    const text = `${kind} ${counts[k]!.toLocaleString('en-US')}`;
    g.fillText(text, x + 14, ly);
    x += 14 + g.measureText(text).width + 14;
  });
  return out.toDataURL('image/png');
}
