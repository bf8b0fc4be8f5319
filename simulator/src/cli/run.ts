/**
 * `nki-studio run FILE --kernel NAME --out DIR`: runs a kernel on the CPU with NKI numerics and
 * writes DIR/output.npy (or output_0.npy, output_1.npy, ... for several results) and
 * DIR/profile.json (the performance model's profile of the same trace), then prints a summary:
 * each output's shape, dtype, min/max/mean and NaN/Inf counts, warnings, and times.
 *
 * Inputs: `--input ARG=PATH.npy[:DTYPE]` reads (and casts) an array; `--shape ARG=DTYPE[...]`
 * and the `# nki-studio: shapes` directive describe inputs generated from `--seed`.
 * `--compare NAME=REF.npy` checks an output against a reference (max abs/rel error, NumPy
 * allclose with --rtol/--atol); `--grid` launches every SPMD program instance; `--format json`
 * prints the same summary as JSON for the editor's results view.
 * Exit status: 0 when the run completed (warnings included) and every comparison passed; 1 when
 * it could not run or an output differs from its reference.
 * Invariant: outputs are written before the profile is attempted; a failing performance model
 * never costs the user their results.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedCommand } from './args';
import type { Io } from './main';
import { NpyError, readNpy, writeNpy } from '../io/npy';
import { compareValues, summarise, type Comparison } from '../numerics/compare';
import { npyValues } from '../io/tensors';
import { runKernel, RunError, type InputSource, type RunResult } from '../numerics/run';
import { simulate } from '../perf/index';

type RunCommand = Extract<ParsedCommand, { command: 'run' }>;

/** One output's line in the summary (the editor's results view reads the JSON form). */
export interface OutputSummary {
  name: string;
  shape: number[];
  dtype: string;
  /** The .npy holds float32 values for dtypes NumPy lacks (bfloat16, fp8...). */
  storedAs: string;
  file: string;
  min: number; max: number; mean: number; nan: number; inf: number;
  comparison?: Comparison & { reference: string };
}

export interface RunSummary {
  ok: boolean;
  kernel: string;
  instances: number;
  instructions: number;
  ms: number;
  traceMs: number;
  outputs: OutputSummary[];
  warnings: string[];
  profile?: string;
  error?: string;
}

function fmt(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}

/** JSON has no NaN/Infinity: they become null (the NaN/Inf counts say how many there were). */
function finiteOrNull(_key: string, v: unknown): unknown {
  return typeof v === 'number' && !Number.isFinite(v) ? null : v;
}

function emit(io: Io, cmd: RunCommand, summary: RunSummary): number {
  if (cmd.format === 'json') io.out.write(`${JSON.stringify(summary, finiteOrNull, 2)}\n`);
  else if (summary.error !== undefined) io.err.write(`nki-studio run: ${summary.error}\n`);
  else io.out.write(`${textSummary(summary)}\n`);
  if (summary.error !== undefined && cmd.format === 'json') io.err.write(`nki-studio run: ${summary.error}\n`);
  return summary.ok ? 0 : 1;
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => `  ${r.map((cell, c) => cell.padEnd(widths[c])).join('  ').trimEnd()}`);
}

function textSummary(s: RunSummary): string {
  const lines = [`${s.kernel}: ran ${s.instructions} instruction(s)${s.instances > 1 ? ` in ${s.instances} program instances` : ''} in ${s.ms} ms (trace ${s.traceMs} ms)`];
  const anyCompare = s.outputs.some((o) => o.comparison);
  const head = ['output', 'shape', 'dtype', 'min', 'max', 'mean', 'NaN', 'Inf', ...(anyCompare ? ['max abs err', 'max rel err', 'allclose'] : []), 'file'];
  const rows = s.outputs.map((o) => {
    const c = o.comparison;
    return [
      o.name, `[${o.shape.join(', ')}]`, o.storedAs !== o.dtype ? `${o.dtype} (as ${o.storedAs})` : o.dtype,
      fmt(o.min), fmt(o.max), fmt(o.mean), String(o.nan), String(o.inf),
      ...(anyCompare ? (c ? [fmt(c.maxAbsError), fmt(c.maxRelError), c.allclose ? 'yes' : `NO (${c.mismatches} of ${c.elements})`] : ['', '', '']) : []),
      o.file,
    ];
  });
  lines.push(...table([head, ...rows]));
  for (const o of s.outputs) {
    const c = o.comparison;
    if (c && !c.allclose && c.firstMismatch) {
      lines.push(`  ${o.name} differs from ${c.reference} (rtol ${c.rtol}, atol ${c.atol}): first at flat index ${c.firstMismatch.index}: ${fmt(c.firstMismatch.actual)} vs ${fmt(c.firstMismatch.expected)}`);
    }
  }
  for (const w of s.warnings) lines.push(`  warning: ${w}`);
  if (s.profile) lines.push(`  profile -> ${s.profile}`);
  if (!s.ok) lines.push('MISMATCH: at least one output differs from its reference');
  return lines.join('\n');
}

export async function runRun(cmd: RunCommand, io: Io): Promise<number> {
  const failed = (error: string): number => emit(io, cmd, { ok: false, kernel: cmd.kernel, instances: 0, instructions: 0, ms: 0, traceMs: 0, outputs: [], warnings: [], error });
  let text: string;
  try {
    text = readFileSync(cmd.file, 'utf8');
  } catch (err) {
    return failed(`cannot read ${cmd.file}: ${(err as Error).message}`);
  }
  const readArray = (flag: string, spec: string, path: string) => {
    try {
      return readNpy(new Uint8Array(readFileSync(path)));
    } catch (err) {
      throw new Error(`--${flag} ${spec}: ${err instanceof NpyError ? err.message : (err as Error).message}`);
    }
  };
  const inputs: Record<string, InputSource> = {};
  const references = new Map<string, { path: string; values: Float64Array; shape: number[] }>();
  try {
    for (const spec of cmd.inputs) inputs[spec.arg] = { npy: readArray('input', `${spec.arg}=${spec.path}`, spec.path), dtype: spec.dtype };
    for (const c of cmd.compare) {
      const npy = readArray('compare', `${c.name}=${c.path}`, c.path);
      references.set(c.name, { path: c.path, values: npyValues(npy), shape: npy.shape });
    }
  } catch (err) {
    return failed((err as Error).message);
  }
  for (const s of cmd.shapes) {
    if (!(s.arg in inputs)) inputs[s.arg] = { shape: s.shape, dtype: s.dtype, generate: cmd.generate };
  }

  let result: RunResult;
  try {
    result = await runKernel({
      path: cmd.file, text, kernel: cmd.kernel, inputs, seed: cmd.seed, target: cmd.target, nkiVersion: cmd.nkiVersion,
      generate: cmd.generate, grid: cmd.grid.length ? cmd.grid : undefined, scalars: Object.keys(cmd.args).length ? cmd.args : undefined,
      budgets: {
        maxInstructions: cmd.limits.maxInstructions,
        maxMemoryBytes: cmd.limits.maxMemoryMB === undefined ? undefined : cmd.limits.maxMemoryMB * 1024 ** 2,
      },
    });
  } catch (err) {
    if (err instanceof RunError) return failed(err.message);
    throw err;
  }

  const names = result.outputs.map((o) => o.name);
  const unknown = [...references.keys()].filter((n) => !names.includes(n));
  if (unknown.length) return failed(`--compare ${unknown.join(', ')}: the kernel's outputs are ${names.join(', ') || '(none)'}`);

  mkdirSync(cmd.out, { recursive: true });
  let ok = true;
  const outputs: OutputSummary[] = [];
  for (const o of result.outputs) {
    const file = join(cmd.out, `${o.name}.npy`);
    writeFileSync(file, writeNpy(o));
    const summary: OutputSummary = { name: o.name, shape: o.shape, dtype: o.dtype, storedAs: o.descr === '<f4' ? 'float32' : o.dtype, file, ...summarise(o.values) };
    const ref = references.get(o.name);
    if (ref) {
      if (ref.shape.join(',') !== o.shape.join(',')) return failed(`--compare ${o.name}=${ref.path}: the reference has shape [${ref.shape.join(', ')}], the output [${o.shape.join(', ')}]`);
      summary.comparison = { reference: ref.path, ...compareValues(o.values, ref.values, cmd.rtol, cmd.atol) };
      ok &&= summary.comparison.allclose;
    }
    outputs.push(summary);
  }
  const warnings = [...result.uninitialisedReads.map((u) => u.message), ...result.warnings];

  let profile: string | undefined;
  try {
    const profileInputs = Object.entries(result.inputs).map(([name, i]) => ({ name, dtype: i.dtype, shape: i.shape }));
    const p = simulate(result.trace.session.instructions, result.trace.session.storages, cmd.target, { kernel: cmd.kernel, mode: 'data', inputs: profileInputs });
    profile = join(cmd.out, 'profile.json');
    writeFileSync(profile, JSON.stringify(p));
  } catch (err) {
    warnings.push(`no profile.json: the performance model failed: ${(err as Error).message.split('\n')[0]}`);
  }
  return emit(io, cmd, {
    ok, kernel: cmd.kernel, instances: result.instances, instructions: result.stats.instructions, ms: result.stats.ms, traceMs: result.stats.traceMs,
    outputs, warnings, profile,
  });
}
