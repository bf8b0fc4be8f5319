/**
 * Profiles every example kernel and the public tutorial kernels on each target and prints one
 * table: kernel, target, latency, roofline bound, MFU, bottleneck, instructions, wall time.
 *
 *   node scripts/build.mjs --tests >/dev/null
 *   node out/scripts/profile-report.js [--corpus DIR] [--manifest FILE] [--targets trn1,trn2,trn3]
 *       [--only SUBSTRING] [--budget-ms 120000] [--json FILE]
 *
 * Examples come from examples/*.py with the shapes in their `# nki-studio: shapes` comments. With
 * --corpus (a checkout of aws-neuron/nki-samples), the tutorial kernels (matmul steps, the
 * attention_fwd_performance versions, fused mamba) are profiled with the shapes of the manifest
 * (default scripts/corpus-shapes/nki-samples-7af4e4d.json). The corpus is only read, never copied.
 * Wall time is tracing + simulation of one kernel on one target on this machine (informative).
 * Invariant: reads only; a kernel that cannot be traced gets a row saying why, never a number.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseScriptArgs } from './scriptArgs';
import { analyzeFile } from '../simulator/src/check/analyzeFile';
import { initParser } from '../simulator/src/frontend';
import { parseShapeSpec, type ShapeSpec } from '../simulator/src/kernel/shapeSpec';
import { simulate } from '../simulator/src/perf/profile';
import { eventCount } from '../simulator/src/profile/eventStore';
import { formatNs } from '../simulator/src/profile/format';
import type { TargetName } from '../simulator/src/profile/schema';
import type { KernelTrace } from '../simulator/src/tracer/traceKernel';

const USAGE = 'usage: node out/scripts/profile-report.js [--corpus DIR] [--manifest FILE] [--targets trn1,trn2,trn3] [--only SUBSTRING] [--budget-ms 120000] [--json FILE]';

interface Job { group: string; file: string; kernel?: string; shapes?: ShapeSpec[]; scalars?: Record<string, unknown>; grid?: number[]; nkiVersion?: string }

export interface ReportRow {
  kernel: string; target: TargetName; latencyNs?: number; bound?: string; slowdown?: number; mfu?: number; bottleneck?: string;
  instructions?: number; wallMs: number; error?: string;
}

const TUTORIALS = ['tutorials/matrix_multiplication/', 'tutorials/attention_fwd_performance/', 'tutorials/fused_mamba/'];

function exampleJobs(dir: string): Job[] {
  return readdirSync(dir).filter((f) => f.endsWith('.py')).sort().map((f) => ({ group: 'examples', file: join(dir, f) }));
}

function corpusJobs(root: string, manifestPath: string): Job[] {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { kernels: Array<{ file: string; kernel: string; shapes: string; args?: Record<string, unknown>; grid?: number[]; nkiVersion?: string }> };
  const out: Job[] = [];
  for (const e of manifest.kernels) {
    if (!TUTORIALS.some((t) => e.file.includes(t))) continue;
    const shapes: ShapeSpec[] = [];
    for (const token of e.shapes.trim().split(/\s+/).filter(Boolean)) {
      const r = parseShapeSpec(token);
      if (r.ok) shapes.push(r.spec);
    }
    out.push({ group: 'corpus', file: join(root, e.file), kernel: e.kernel, shapes, scalars: e.args, grid: e.grid, nkiVersion: e.nkiVersion });
  }
  return out;
}

/** Traces the job's kernels (all kernels of the file when none is named) and profiles each. */
async function profileJob(job: Job, target: TargetName, budgetMs: number): Promise<ReportRow[]> {
  const rows: ReportRow[] = [];
  let text: string;
  try { text = readFileSync(job.file, 'utf8'); } catch (e) {
    return [{ kernel: `${basename(job.file)}::${job.kernel ?? '*'}`, target, wallMs: 0, error: `cannot read: ${(e as Error).message}` }];
  }
  const t0 = performance.now();
  const traces: KernelTrace[] = [];
  const report = await analyzeFile(job.file, text, {
    kernel: job.kernel, shapes: job.shapes, scalars: job.scalars, grid: job.grid, target, nkiVersion: job.nkiVersion,
    budget: { timeoutMs: budgetMs, maxSteps: 1e9 }, onTrace: (t) => traces.push(t),
  });
  const traceMs = (performance.now() - t0) / Math.max(1, traces.length);
  if (traces.length === 0) {
    const why = report.internalError?.split('\n')[0] ?? (job.kernel ? `no trace of ${job.kernel}` : 'no kernel with known shapes');
    return [{ kernel: `${basename(job.file)}::${job.kernel ?? '*'}`, target, wallMs: performance.now() - t0, error: why }];
  }
  for (const t of traces) {
    const name = `${basename(job.file)}::${t.kernel}`;
    if (t.unknownInputs.length > 0) { rows.push({ kernel: name, target, wallMs: traceMs, error: `no shapes for ${t.unknownInputs.join(', ')}` }); continue; }
    if (t.status !== 'complete') { rows.push({ kernel: name, target, wallMs: traceMs, error: `trace ${t.status}: ${(t.failure ?? t.session.gaps[0]?.reason ?? '').slice(0, 80)}` }); continue; }
    const s0 = performance.now();
    const p = simulate(t.session.instructions, t.session.storages, target, { kernel: t.kernel });
    const s = p.summary;
    rows.push({
      kernel: name, target, latencyNs: s.totalNs, bound: s.roofline.bound, slowdown: s.roofline.slowdown, mfu: s.mfu, bottleneck: s.bottleneck.kind,
      instructions: eventCount(p), wallMs: traceMs + (performance.now() - s0),
    });
  }
  return rows;
}

function table(rows: ReportRow[]): string {
  const head = ['kernel', 'target', 'latency', 'bound (x roofline)', 'MFU', 'bottleneck', 'instructions', 'wall'];
  const body = rows.map((r) => r.error
    ? [r.kernel, r.target, '—', '—', '—', `not profiled: ${r.error}`, '—', `${(r.wallMs / 1000).toFixed(1)} s`]
    : [r.kernel, r.target, formatNs(r.latencyNs!), `${r.bound} (${r.slowdown!.toFixed(1)}x)`, `${(r.mfu! * 100).toFixed(1)}%`, r.bottleneck!,
      r.instructions!.toLocaleString('en-US'), `${(r.wallMs / 1000).toFixed(1)} s`]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((b) => b[c].length)));
  const line = (cells: string[]) => `| ${cells.map((x, c) => x.padEnd(widths[c])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseScriptArgs({
    args: process.argv.slice(2),
    options: { corpus: { type: 'string' }, manifest: { type: 'string' }, targets: { type: 'string' }, only: { type: 'string' }, 'budget-ms': { type: 'string' }, json: { type: 'string' } },
  }, USAGE);
  await initParser();
  const root = join(__dirname, '../..');
  const targets = (values.targets ?? 'trn1,trn2,trn3').split(',') as TargetName[];
  for (const t of targets) if (!['trn1', 'trn2', 'trn3'].includes(t)) throw new Error(`--targets: unknown target ${t}`);
  const jobs = exampleJobs(join(root, 'examples'));
  if (values.corpus) jobs.push(...corpusJobs(values.corpus, values.manifest ?? join(root, 'scripts/corpus-shapes/nki-samples-7af4e4d.json')));
  else console.log('(no --corpus DIR: tutorial kernels skipped)');
  const only = values.only;
  const budgetMs = Number(values['budget-ms'] ?? 120_000);
  const rows: ReportRow[] = [];
  for (const job of jobs) {
    if (only && !`${job.file}::${job.kernel ?? ''}`.includes(only)) continue;
    for (const target of targets) {
      const r = await profileJob(job, target, budgetMs);
      for (const row of r) process.stderr.write(`${row.kernel} ${row.target}: ${row.error ?? formatNs(row.latencyNs!)}\n`);
      rows.push(...r);
    }
  }
  console.log(table(rows));
  if (values.json) writeFileSync(values.json, JSON.stringify(rows, null, 2));
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
