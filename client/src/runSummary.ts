/**
 * The summary `nki-studio run --format json` prints (each output's shape, dtype, min/max/mean,
 * NaN/Inf counts and its comparison with a reference), checked and rendered as Markdown for the
 * editor's results view. No vscode import.
 */
import type { OutputSummary, RunSummary } from '../../simulator/src/cli/run';

export type { OutputSummary, RunSummary };

const isNum = (v: unknown): boolean => typeof v === 'number' || v === null; // JSON has no NaN/Inf: null

function outputProblem(v: unknown): string | undefined {
  const o = v as Partial<OutputSummary> | null;
  if (typeof o !== 'object' || o === null || typeof o.name !== 'string' || typeof o.dtype !== 'string') return 'needs name and dtype';
  if (!Array.isArray(o.shape) || !o.shape.every((d) => Number.isInteger(d))) return 'shape is not a list of dimensions';
  if (![o.min, o.max, o.mean].every(isNum) || !Number.isInteger(o.nan) || !Number.isInteger(o.inf)) return 'needs min, max, mean, nan and inf';
  const c = o.comparison;
  if (c !== undefined && (typeof c !== 'object' || c === null || typeof c.allclose !== 'boolean' || ![c.maxAbsError, c.maxRelError].every(isNum) || !Number.isInteger(c.mismatches))) {
    return 'comparison needs allclose, errors and mismatches';
  }
  return undefined;
}

/** The run's summary from the CLI's stdout, or the reason it is not one. */
export function parseRunSummary(stdout: string): RunSummary | string {
  let v: Partial<RunSummary> | null;
  try {
    v = JSON.parse(stdout) as Partial<RunSummary> | null;
  } catch {
    return 'not JSON';
  }
  if (typeof v !== 'object' || v === null || typeof v.ok !== 'boolean' || typeof v.kernel !== 'string') return 'needs ok and kernel';
  if (!Array.isArray(v.outputs) || !Array.isArray(v.warnings)) return 'needs outputs and warnings';
  for (const [i, o] of v.outputs.entries()) {
    const p = outputProblem(o);
    if (p) return `outputs[${i}] ${p}`;
  }
  return v as RunSummary;
}

/** A number as a person reads it; null is what JSON made of NaN/Inf. */
export function fmt(v: number | null): string {
  if (v === null) return 'n/a';
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}

function dtypeOf(o: OutputSummary): string {
  return o.storedAs && o.storedAs !== o.dtype ? `${o.dtype} (as ${o.storedAs})` : o.dtype;
}

/** One line for a notification. */
export function describeOutput(o: OutputSummary): string {
  const bad = [o.nan ? `${o.nan} NaN` : '', o.inf ? `${o.inf} Inf` : ''].filter(Boolean).join(', ');
  const c = o.comparison;
  const cmp = c ? (c.allclose ? ', matches the reference' : `, DIFFERS from the reference in ${c.mismatches} of ${c.elements}`) : '';
  return `${o.name}: ${o.dtype}[${o.shape.join(', ')}] min ${fmt(o.min)} max ${fmt(o.max)} mean ${fmt(o.mean)}${bad ? ` (${bad})` : ''}${cmp}`;
}

/** Whether a person should look: NaN/Inf, a failed comparison or warnings. */
export function needsAttention(s: RunSummary): boolean {
  return !s.ok || s.warnings.length > 0 || s.outputs.some((o) => o.nan > 0 || o.inf > 0 || (o.comparison && !o.comparison.allclose));
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The results view: a Markdown table per run. */
export function runSummaryMarkdown(s: RunSummary, file: string): string {
  const lines = [`# ${s.kernel}: run results`, '',
    `${file} · ${s.instructions.toLocaleString('en-US')} instruction(s)${s.instances > 1 ? ` in ${s.instances} program instances` : ''} · replay ${s.ms} ms, trace ${s.traceMs} ms`, ''];
  if (s.error) lines.push(`**Failed:** ${s.error}`, '');
  if (s.outputs.length === 0) lines.push('The kernel returned no output.', '');
  else {
    const anyCompare = s.outputs.some((o) => o.comparison);
    const head = ['Output', 'Shape', 'Dtype', 'Min', 'Max', 'Mean', 'NaN', 'Inf', ...(anyCompare ? ['Max abs err', 'Max rel err', 'allclose'] : [])];
    lines.push(`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`);
    for (const o of s.outputs) {
      const c = o.comparison;
      const compare = anyCompare ? (c ? [fmt(c.maxAbsError), fmt(c.maxRelError), c.allclose ? 'yes' : `**NO** (${c.mismatches} of ${c.elements})`] : ['', '', '']) : [];
      lines.push(`| ${[o.name, `[${o.shape.join(', ')}]`, dtypeOf(o), fmt(o.min), fmt(o.max), fmt(o.mean), String(o.nan), String(o.inf), ...compare].map(cell).join(' | ')} |`);
    }
    lines.push('');
    for (const o of s.outputs) {
      const c = o.comparison;
      if (c) lines.push(`- ${o.name} vs ${c.reference} (rtol ${c.rtol}, atol ${c.atol})${c.firstMismatch ? `: first mismatch at flat index ${c.firstMismatch.index}: ${fmt(c.firstMismatch.actual)} vs ${fmt(c.firstMismatch.expected)}` : ''}`);
    }
    for (const o of s.outputs) lines.push(`- ${o.name} → ${o.file}`);
    lines.push('');
  }
  if (s.warnings.length) lines.push('## Warnings', '', ...s.warnings.map((w) => `- ${w}`), '');
  if (s.profile) lines.push(`Profile of this run: ${s.profile}`, '');
  return lines.join('\n');
}
