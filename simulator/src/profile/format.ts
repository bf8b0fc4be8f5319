/**
 * Human-readable numbers: durations (ns below 1 µs, µs below 1 ms, then ms and s), bytes (binary
 * units), rates, shapes and percentages. Three significant digits unless stated.
 */

export function formatNs(ns: number): string {
  const abs = Math.abs(ns);
  if (abs < 1e3) return `${trim(ns)} ns`;
  if (abs < 1e6) return `${trim(ns / 1e3)} µs`;
  if (abs < 1e9) return `${trim(ns / 1e6)} ms`;
  return `${trim(ns / 1e9)} s`;
}

function trim(v: number): string {
  return Number(v.toPrecision(3)).toString();
}

const TIME_UNITS: Array<[number, string]> = [[1e9, 's'], [1e6, 'ms'], [1e3, 'µs'], [1, 'ns']];

/**
 * A tick formatter for an axis whose ticks are `stepNs` apart and reach `maxNs`: one unit for all
 * ticks (that of the largest), with just enough decimals to tell neighbouring ticks apart.
 */
export function axisFormatter(stepNs: number, maxNs: number): (tNs: number) => string {
  const [factor, unit] = TIME_UNITS.find(([f]) => Math.abs(maxNs) >= f) ?? [1, 'ns'];
  const decimals = Math.max(0, Math.min(9, Math.ceil(-Math.log10(stepNs / factor) - 1e-9)));
  return (tNs) => `${(tNs / factor).toFixed(decimals)} ${unit}`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const abs = Math.abs(bytes);
  if (abs < 1024) return `${bytes} B`;
  if (abs < 1024 ** 2) return `${trim(bytes / 1024)} KiB`;
  if (abs < 1024 ** 3) return `${trim(bytes / 1024 ** 2)} MiB`;
  return `${trim(bytes / 1024 ** 3)} GiB`;
}

/** 1.5e14 → "150 T"; for FLOP/s and B/s. */
export function formatRate(perSecond: number, unit: string): string {
  const prefixes: Array<[number, string]> = [[1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  const [f, p] = prefixes.find(([v]) => Math.abs(perSecond) >= v) ?? [1, ''];
  return `${trim(perSecond / f)} ${p}${unit}`;
}

export function formatPercent(fraction: number, digits = 1): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function formatShape(shape: ReadonlyArray<number | null>): string {
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/** "3.2×" for speedups (faster) and "0.8×" for slowdowns. */
export function formatSpeedup(ratio: number): string {
  return `${ratio >= 10 ? ratio.toFixed(1) : ratio.toFixed(2)}×`;
}

/** Signed percentage change from `before` to `after`, e.g. "−23.5%". */
export function formatDelta(before: number, after: number): string {
  if (before === 0) return after === 0 ? '0%' : 'new';
  const pct = ((after - before) / before) * 100;
  return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${Math.abs(pct).toFixed(1)}%`;
}

/** A 0-based source line shown 1-based, as editors do: "kernel.py:42". */
export function formatSource(src: { path: string; line: number }): string {
  const base = src.path.split(/[\\/]/).pop() ?? src.path;
  return `${base}:${src.line + 1}`;
}
