/**
 * `nki-studio run FILE --kernel NAME --out DIR`: runs a kernel on the CPU with NKI numerics and
 * writes DIR/output.npy (or output_0.npy, output_1.npy, ... for several results) and
 * DIR/profile.json (the performance model's profile of the same trace), then prints a summary:
 * each output's shape, dtype, min/max/mean and NaN/Inf counts, warnings, and times.
 *
 * Inputs: `--input ARG=PATH.npy[:DTYPE]` reads (and casts) an array; `--shape ARG=DTYPE[...]`
 * and the `# nki-studio: shapes` directive describe inputs generated from `--seed`.
 * Exit status: 0 when the run completed (warnings included), 1 when it could not run.
 * Invariant: outputs are written before the profile is attempted; a failing performance model
 * never costs the user their results.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ParsedCommand } from './args';
import type { Io } from './main';
import { NpyError, readNpy, writeNpy } from '../io/npy';
import { summarise } from '../numerics/compare';
import { runKernel, RunError, type InputSource, type RunResult } from '../numerics/run';
import { simulate } from '../perf/index';

type RunCommand = Extract<ParsedCommand, { command: 'run' }>;

function fmt(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  const a = Math.abs(v);
  return a !== 0 && (a >= 1e5 || a < 1e-3) ? v.toExponential(4) : String(Number(v.toPrecision(6)));
}

export async function runRun(cmd: RunCommand, io: Io): Promise<number> {
  let text: string;
  try {
    text = readFileSync(cmd.file, 'utf8');
  } catch (err) {
    io.err.write(`nki-studio run: cannot read ${cmd.file}: ${(err as Error).message}\n`);
    return 1;
  }
  const inputs: Record<string, InputSource> = {};
  for (const spec of cmd.inputs) {
    try {
      inputs[spec.arg] = { npy: readNpy(new Uint8Array(readFileSync(spec.path))), dtype: spec.dtype };
    } catch (err) {
      const why = err instanceof NpyError ? err.message : (err as Error).message;
      io.err.write(`nki-studio run: --input ${spec.arg}=${spec.path}: ${why}\n`);
      return 1;
    }
  }
  for (const s of cmd.shapes) {
    if (!(s.arg in inputs)) inputs[s.arg] = { shape: s.shape, dtype: s.dtype, generate: 'random' };
  }

  const started = Date.now();
  let result: RunResult;
  try {
    result = await runKernel({ path: cmd.file, text, kernel: cmd.kernel, inputs, seed: cmd.seed, target: cmd.target, nkiVersion: cmd.nkiVersion });
  } catch (err) {
    if (err instanceof RunError) {
      io.err.write(`nki-studio run: ${err.message}\n`);
      return 1;
    }
    throw err;
  }

  mkdirSync(cmd.out, { recursive: true });
  const lines: string[] = [`${cmd.kernel}: ran ${result.stats.instructions} instruction(s) in ${result.stats.ms} ms (trace ${result.stats.traceMs} ms)`];
  for (const o of result.outputs) {
    const file = join(cmd.out, `${o.name}.npy`);
    writeFileSync(file, writeNpy(o));
    const s = summarise(o.values);
    const stored = o.descr === '<f4' && o.dtype !== 'float32' ? ` (stored as float32)` : '';
    lines.push(`  ${o.name}: ${o.dtype}[${o.shape.join(', ')}]${stored} min ${fmt(s.min)} max ${fmt(s.max)} mean ${fmt(s.mean)}` +
      `${s.nan ? ` NaN ${s.nan}` : ''}${s.inf ? ` Inf ${s.inf}` : ''} -> ${file}`);
  }
  for (const u of result.uninitialisedReads) lines.push(`  warning: ${u.message}`);
  for (const w of result.warnings) lines.push(`  warning: ${w}`);

  try {
    const profileInputs = Object.entries(result.inputs).map(([name, i]) => ({ name, dtype: i.dtype, shape: i.shape }));
    const profile = simulate(result.trace.session.instructions, result.trace.session.storages, cmd.target, { kernel: cmd.kernel, mode: 'data', inputs: profileInputs });
    writeFileSync(join(cmd.out, 'profile.json'), JSON.stringify(profile));
    lines.push(`  profile -> ${join(cmd.out, 'profile.json')}`);
  } catch (err) {
    lines.push(`  warning: no profile.json: the performance model failed: ${(err as Error).message.split('\n')[0]}`);
  }
  lines.push(`done in ${Date.now() - started} ms`);
  io.out.write(`${lines.join('\n')}\n`);
  return 0;
}
