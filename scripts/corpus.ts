/**
 * Corpus report: runs the checker over a folder of kernels (e.g. a local checkout of
 * aws-neuron/nki-samples or nki-library) and prints per-file status, the analysis gaps counted
 * by cause, and every error-level diagnostic. Kernels from public corpora are read in place and
 * never copied into this repository.
 *
 *   npm run corpus -- <dir> [--nki-version 0.3] [--beta1 2.24] [--target trn2|auto] [--shapes MANIFEST.json]
 *                          [--run [--run-timeout MS]] [--json out.json] [--quiet]
 *
 * --nki-version applies to files written against the current `nki` package; files importing the
 * Beta 1 `neuronxcc.nki` modules are checked as Beta 1, at the Neuron release given by --beta1
 * (default 2.26; e.g. 2.24 for kernels that still use block dimensions, an error from 2.25). --target auto checks on trn2 and re-checks on trn3 the
 * files that use NeuronCore-v4-only APIs (MX matmul, quantize_mx, ...), as those kernels target it.
 *
 * --shapes names a manifest of kernels whose input shapes are known (from the corpus's own tests
 * and docstrings): `{"kernels": [{"file", "kernel", "shapes": "a=float32[128,512] ...",
 * "args": {"scale": 0.125}, "grid"?: [2, 4], "target"?, "source"}]}` with files relative to <dir>. Those kernels
 * are traced again with their shapes and the report says how many trace completely. With --run,
 * each is also executed on the CPU simulator (seeded random inputs, a 60 s budget each unless
 * --run-timeout says otherwise: figures depend on the machine's load) and the
 * report counts how many run to completion.
 *
 * Exit status: 0 when no file has an internal error or an error diagnostic; 1 otherwise.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseScriptArgs } from './scriptArgs';
import { analyzeFile } from '../simulator/src/check/analyzeFile';
import { collectPythonFiles } from '../simulator/src/cli/check';
import type { FileReport } from '../simulator/src/check/diagnostic';
import { parseShapeSpec, type ShapeSpec } from '../simulator/src/kernel/shapeSpec';
import { runKernel } from '../simulator/src/numerics/run';
import type { KernelTrace } from '../simulator/src/tracer/traceKernel';

const USAGE = 'usage: npm run corpus -- <dir> [--nki-version V] [--beta1 V] [--target trn1|trn2|trn3|auto] [--shapes MANIFEST.json] [--run] [--run-timeout S] [--json FILE] [--quiet]';

async function main(): Promise<number> {
  const { values, positionals } = parseScriptArgs({
    args: process.argv.slice(2), allowPositionals: true,
    options: { 'nki-version': { type: 'string' }, beta1: { type: 'string' }, shapes: { type: 'string' }, run: { type: 'boolean' }, 'run-timeout': { type: 'string' }, target: { type: 'string' }, json: { type: 'string' }, quiet: { type: 'boolean' } },
  }, USAGE);
  if (positionals.length === 0) {
    console.error(USAGE);
    return 2;
  }
  const { files } = collectPythonFiles(positionals);
  const reports: FileReport[] = [];
  const gapCauses = new Map<string, number>();
  const traced = { complete: 0, partial: 0, none: 0 };
  const started = Date.now();
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const t0 = Date.now();
    const beta1 = /^\s*(from\s+neuronxcc|import\s+neuronxcc)/m.test(text);
    const nkiVersion = beta1 ? (values.beta1 ?? 'beta1') : values['nki-version'];
    const traces: KernelTrace[] = [];
    const run = (target: string | undefined) => analyzeFile(file, text, {
      nkiVersion, target: (target === 'auto' ? 'trn2' : target) as 'trn1' | 'trn2' | 'trn3' | undefined,
      onTrace: (trace: KernelTrace) => traces.push(trace),
    });
    let report = await run(values.target);
    if (values.target === 'auto' && report.diagnostics.some((d) => d.code === 'NKI401' && /requires trn3/.test(d.message))) {
      traces.length = 0;
      report = await run('trn3');
      report.path += ' (trn3)';
    }
    for (const trace of traces) {
      if (trace.status === 'none' && trace.failure) {
        const cause = `not traced: ${trace.failure}`.replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N').slice(0, 110);
        gapCauses.set(cause, (gapCauses.get(cause) ?? 0) + 1);
      }
      for (const g of trace.session.gaps) {
        const cause = g.reason.replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N').slice(0, 110);
        gapCauses.set(cause, (gapCauses.get(cause) ?? 0) + 1);
      }
    }
    const ms = Date.now() - t0;
    reports.push(report);
    for (const k of report.kernels) traced[k.traced]++;
    const errors = report.diagnostics.filter((d) => d.severity === 'error');
    const status = report.internalError ? 'INTERNAL' : errors.length ? `${errors.length} ERROR(S)` : 'ok';
    if (!values.quiet || status !== 'ok') {
      const kernels = report.kernels.map((k) => `${k.name}:${k.traced}`).join(' ');
      console.log(`${status.padEnd(12)} ${relative(process.cwd(), report.path.replace(/ \(trn3\)$/, ''))}${report.path.endsWith('(trn3)') ? ' (trn3)' : ''} ${kernels ? `[${kernels}]` : ''} ${ms} ms`);
      for (const e of errors) console.log(`    ${e.range.start.line + 1}:${e.range.start.character + 1} ${e.code} ${e.message}`);
      if (report.internalError) console.log(`    ${report.internalError.split('\n').slice(0, 3).join('\n    ')}`);
    }
  }
  const internal = reports.filter((r) => r.internalError).length;
  const withErrors = reports.filter((r) => r.diagnostics.some((d) => d.severity === 'error')).length;
  const kernelCount = traced.complete + traced.partial + traced.none;
  console.log(`\n${files.length} files, ${kernelCount} kernels in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`files with internal errors: ${internal}; files with error diagnostics: ${withErrors}`);
  console.log(`kernels traced: ${traced.complete} complete, ${traced.partial} partial, ${traced.none} not traced`);
  console.log('analysis gaps by cause:');
  for (const [cause, n] of [...gapCauses.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${String(n).padStart(5)}  ${cause}`);
  const withShapes = values.shapes ? await traceWithShapes(positionals[0], values.shapes, values) : undefined;
  if (values.json) writeFileSync(values.json, JSON.stringify({ files: reports, traced, gapCauses: Object.fromEntries(gapCauses) }, null, 1));
  return internal > 0 || withErrors > 0 || (withShapes?.errors ?? 0) > 0 ? 1 : 0;
}

interface ManifestEntry { file: string; kernel: string; shapes: string; args?: Record<string, unknown>; grid?: number[]; target?: string; nkiVersion?: string; source?: string }

function versionFor(text: string, values: Record<string, unknown>, entry: ManifestEntry): string | undefined {
  if (entry.nkiVersion) return entry.nkiVersion;
  const beta1 = /^\s*(from\s+neuronxcc|import\s+neuronxcc)/m.test(text);
  return (beta1 ? (values.beta1 ?? 'beta1') : values['nki-version']) as string | undefined;
}

/** Re-traces the manifest's kernels with their known shapes; prints and returns the tally. */
async function traceWithShapes(root: string, manifestPath: string, values: Record<string, unknown>): Promise<{ errors: number }> {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { kernels: ManifestEntry[] };
  const tally = { complete: 0, partial: 0, none: 0 };
  const reasons = new Map<string, number>();
  let errors = 0;
  console.log(`\nkernels traced with known shapes (${relative(process.cwd(), manifestPath)}):`);
  for (const entry of manifest.kernels) {
    const file = join(root, entry.file);
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch { console.log(`  MISSING    ${entry.file}`); tally.none++; continue; }
    const shapes: ShapeSpec[] = [];
    for (const token of entry.shapes.trim().split(/\s+/).filter(Boolean)) {
      const r = parseShapeSpec(token);
      if (r.ok) shapes.push(r.spec); else console.log(`  bad shape in manifest: ${entry.kernel}: ${r.error}`);
    }
    const traces: KernelTrace[] = [];
    const report = await analyzeFile(file, text, {
      kernel: entry.kernel, shapes, scalars: entry.args, grid: entry.grid, nkiVersion: versionFor(text, values, entry),
      target: (entry.target ?? (values.target === 'auto' || !values.target ? 'trn2' : values.target)) as 'trn1' | 'trn2' | 'trn3',
      onTrace: (t) => traces.push(t),
    });
    const t = traces[0];
    const status = t?.status ?? 'none';
    tally[status]++;
    const errs = report.diagnostics.filter((d) => d.severity === 'error');
    errors += errs.length;
    const why = t?.failure ?? t?.session.gaps[0]?.reason;
    if (status !== 'complete' && why) {
      const cause = why.replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N').slice(0, 100);
      reasons.set(cause, (reasons.get(cause) ?? 0) + 1);
    }
    const count = t ? `${t.session.instructions.length} instr` : '';
    console.log(`  ${status.padEnd(9)} ${entry.file}::${entry.kernel} ${count}${status !== 'complete' && why ? ` — ${why.slice(0, 120)}` : ''}`);
    for (const e of errs) console.log(`      ${e.range.start.line + 1}:${e.range.start.character + 1} ${e.code} ${e.message}`);
  }
  console.log(`with shapes: ${tally.complete} complete, ${tally.partial} partial, ${tally.none} not traced of ${manifest.kernels.length}; ${errors} error diagnostic(s)`);
  if (values.run) await runManifest(root, manifest.kernels, values);
  for (const [r, n] of [...reasons.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${r}`);
  return { errors };
}

main().then((code) => { process.exitCode = code; }, (err) => { console.error(err); process.exitCode = 3; });

/** Runs each manifest kernel on the CPU simulator with seeded random inputs; prints the tally. */
async function runManifest(root: string, kernels: ManifestEntry[], values: Record<string, unknown>): Promise<void> {
  console.log('\nkernels run on the CPU simulator at their manifest shapes:');
  let ok = 0;
  const reasons = new Map<string, number>();
  for (const entry of kernels) {
    const file = join(root, entry.file);
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch { continue; }
    const inputs: Record<string, { shape: number[]; dtype: string; generate: 'random' }> = {};
    for (const token of entry.shapes.trim().split(/\s+/).filter(Boolean)) {
      const r = parseShapeSpec(token);
      if (r.ok) inputs[r.spec.arg] = { shape: r.spec.shape, dtype: r.spec.dtype, generate: 'random' };
    }
    const t0 = Date.now();
    try {
      await runKernel({
        path: file, text, kernel: entry.kernel, inputs, scalars: entry.args, grid: entry.grid, seed: 0,
        nkiVersion: versionFor(text, values, entry), target: (entry.target ?? 'trn2') as 'trn1' | 'trn2' | 'trn3',
        budgets: { timeoutMs: Number(values['run-timeout'] ?? 60_000) },
      });
      ok++;
      console.log(`  ran       ${entry.file}::${entry.kernel} ${Date.now() - t0} ms`);
    } catch (err) {
      const why = (err as Error).message.split('\n')[0];
      const cause = why.replace(/'[^']*'/g, "'…'").replace(/\d+/g, 'N').slice(0, 100);
      reasons.set(cause, (reasons.get(cause) ?? 0) + 1);
      console.log(`  stopped   ${entry.file}::${entry.kernel} — ${why.slice(0, 140)}`);
    }
  }
  console.log(`ran to completion: ${ok} of ${kernels.length}`);
  for (const [r, n] of [...reasons.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(4)}  ${r}`);
}

