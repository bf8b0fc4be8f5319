/**
 * The numerics summary `nki-studio run` prints for each output (shape, dtype, min/max/mean,
 * NaN/Inf counts), parsed from its text so the client can show it. No vscode import.
 */

export interface OutputSummary {
  name: string;
  dtype: string;
  shape: number[];
  min: number;
  max: number;
  mean: number;
  nan: number;
  inf: number;
  file?: string;
}

export interface RunSummary {
  outputs: OutputSummary[];
  warnings: string[];
}

const OUTPUT = /^\s+(\w+): (\w+)\[([\d, ]*)\](?: \(stored as \w+\))? min (\S+) max (\S+) mean (\S+)(?: NaN (\d+))?(?: Inf (\d+))?(?: -> (.+))?$/;

export function parseRunSummary(stdout: string): RunSummary {
  const outputs: OutputSummary[] = [];
  const warnings: string[] = [];
  for (const line of stdout.split('\n')) {
    const m = OUTPUT.exec(line);
    if (m) {
      outputs.push({
        name: m[1], dtype: m[2], shape: m[3].split(',').map((d) => d.trim()).filter(Boolean).map(Number),
        min: Number(m[4]), max: Number(m[5]), mean: Number(m[6]), nan: Number(m[7] ?? 0), inf: Number(m[8] ?? 0), file: m[9],
      });
      continue;
    }
    const w = /^\s+warning: (.+)$/.exec(line);
    if (w) warnings.push(w[1]);
  }
  return { outputs, warnings };
}

export function describeOutput(o: OutputSummary): string {
  const bad = [o.nan ? `${o.nan} NaN` : '', o.inf ? `${o.inf} Inf` : ''].filter(Boolean).join(', ');
  return `${o.name}: ${o.dtype}[${o.shape.join(', ')}] min ${o.min} max ${o.max} mean ${o.mean}${bad ? ` (${bad})` : ''}`;
}
