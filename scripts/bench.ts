/**
 * Benchmarks (medians on this machine, not timed tests):
 *   npm run bench -- [--file KERNEL.py] [--only interp,perf,model,cold,numerics,check,trace] [--samples DIR] [--nkilib DIR] [--flash-seq S]
 * - interp: interpreter statements per second on small Python loops;
 * - perf: simulated instructions per second of the performance model on a synthetic tiled matmul;
 * - model: the same on real traces (the trace cases below, traced once each): encode, schedule,
 *   simulate and JSON, median of 5 runs;
 * - cold: the model run once in a fresh process right after the trace, as `profile` runs it (no
 *   earlier run has warmed the JIT): wall time of the scheduler and of building the profile, median
 *   of 5 processes per trace case; then the same with the trace's garbage collected first;
 * - numerics: matmul GFLOP/s of the CPU simulator's numerics;
 * - trace: median NKI instructions traced per second (shape mode, as `profile --timing-only`) on
 *   examples/06_flash_attention.py at seq 16384 (--flash-seq: another multiple of 512; the
 *   instruction count grows with its square), and, when a local checkout is given (--samples /
 *   $NKI_SAMPLES_DIR, --nkilib / $NKI_LIBRARY_DIR), the nki-samples matmul tutorial kernels at
 *   trn1 4096x8192x8192 and nki-library's attention_cte at seq 4096;
 * - check: parse, lower and full analysis (trace + rules) of a kernel file, median of 10 runs.
 *   Defaults to examples/02_matmul_tiled.py; pass a large real kernel (e.g. nki-library's
 *   attention_cte.py from a local corpus checkout) to measure the editor's worst case.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseScriptArgs } from './scriptArgs';
import { benchInterpreter } from '../simulator/src/interp/bench';
import { formatNumericsBench, runNumericsBench } from '../simulator/src/numerics/bench';
import { initParser, parsePython } from '../simulator/src/frontend';
import { analyzeFile } from '../simulator/src/check/analyzeFile';
import { runTraceBench, traceCase, type TraceBenchCase } from '../simulator/src/tracer/bench';
import { formatPerfBench, runPerfBench, timeModel } from '../simulator/src/perf/bench';
import { schedule } from '../simulator/src/perf/engine';
import { hardwareFor } from '../simulator/src/perf/hardware/index';
import { buildProfile } from '../simulator/src/perf/profile';
import { StreamEncoder } from '../simulator/src/perf/stream';

const USAGE = 'usage: npm run bench -- [--file KERNEL.py] [--only interp,perf,model,cold,numerics,check,trace] [--samples DIR] [--nkilib DIR] [--flash-seq S]';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function benchCheck(file: string): Promise<void> {
  await initParser();
  const text = readFileSync(file, 'utf8');
  const parse: number[] = [];
  const analyze: number[] = [];
  for (let i = 0; i < 10; i++) {
    let t = performance.now();
    parsePython(text);
    parse.push(performance.now() - t);
    t = performance.now();
    await analyzeFile(file, text);
    analyze.push(performance.now() - t);
  }
  const lines = text.split('\n').length;
  console.log(`check ${file} (${lines} lines): parse+lower median ${median(parse).toFixed(1)} ms; full analysis median ${median(analyze).toFixed(1)} ms`);
}

/** The trace cases; `note` says which were skipped for lack of a corpus. */
function traceCases(samples: string | undefined, nkilib: string | undefined, seq = 16384, note: (line: string) => void = console.log): TraceBenchCase[] {
  const cases: TraceBenchCase[] = [{
    label: `flash_attention seq ${seq}`, file: join(__dirname, '../../examples/06_flash_attention.py'), kernel: 'flash_attention',
    shapes: `q_t=bfloat16[128,${seq}] k_t=bfloat16[128,${seq}] v=bfloat16[${seq},128]`,
  }];
  if (samples) {
    const file = join(samples, 'src/nki_samples/tutorials/matrix_multiplication/matrix_multiplication_nki_kernels.py');
    for (const kernel of ['nki_matmul_tiled_', 'nki_matmul_fully_optimized_']) {
      cases.push({ label: `${kernel} trn1 M=4096 K=8192 N=8192`, file, kernel, target: 'trn1', shapes: 'lhsT=bfloat16[8192,4096] rhs=bfloat16[8192,8192]' });
    }
  } else note('trace: matmul tutorial skipped (give --samples DIR or NKI_SAMPLES_DIR: a checkout of aws-neuron/nki-samples)');
  if (nkilib) {
    cases.push({
      label: 'attention_cte seq 4096', file: join(nkilib, 'src/nkilib_src/nkilib/core/attention/attention_cte.py'), kernel: 'attention_cte',
      shapes: 'q=bfloat16[1,4096,128] k=bfloat16[1,128,4096] v=bfloat16[1,4096,128]',
    });
  } else note('trace: attention_cte skipped (give --nkilib DIR or NKI_LIBRARY_DIR: a checkout of aws-neuron/nki-library)');
  return cases;
}

async function benchModel(cases: TraceBenchCase[]): Promise<void> {
  await initParser();
  for (const c of cases) {
    // Traced as `profile` traces: the stream encoded by the tracer's sink as it records.
    let enc: StreamEncoder | undefined;
    const trace = traceCase(c, undefined, (session) => (enc = new StreamEncoder(session.storages)));
    if (!trace || trace.status !== 'complete' || !enc) { console.log(`model ${c.label}: skipped (trace ${trace?.status ?? 'missing'}${trace?.failure ? `: ${trace.failure}` : ''})`); continue; }
    trace.session.flushSink();
    const stream = enc.finish();
    console.log(formatPerfBench(timeModel(trace.session.instructions, trace.session.storages, { target: c.target ?? 'trn2', label: c.label, stream })));
  }
}

/**
 * Traces `c` as `profile` does, then times one schedule and one profile build (wall ms), printed
 * as JSON. With `collectFirst` (the process has `--expose-gc`), the trace's garbage is collected
 * before the timing: the full collection of a 10^5..10^6-instruction trace heap otherwise tends to
 * land in the model's first milliseconds and is the tracer's cost, not the model's.
 */
async function coldChild(c: TraceBenchCase, collectFirst: boolean): Promise<void> {
  await initParser();
  let enc: StreamEncoder | undefined;
  const trace = traceCase(c, undefined, (session) => (enc = new StreamEncoder(session.storages)));
  if (!trace || trace.status !== 'complete' || !enc) { console.log(JSON.stringify({ skipped: trace?.failure ?? trace?.status ?? 'missing' })); return; }
  trace.session.flushSink();
  const stream = enc.finish();
  const { instructions, storages } = trace.session;
  const spec = hardwareFor(c.target ?? 'trn2');
  if (collectFirst) (globalThis as { gc?: () => void }).gc?.();
  const t0 = performance.now();
  const sched = schedule(instructions, storages, spec, { stream });
  const t1 = performance.now();
  buildProfile(instructions, storages, sched, spec, { stream });
  const t2 = performance.now();
  console.log(JSON.stringify({ instructions: instructions.length, scheduleMs: t1 - t0, profileMs: t2 - t1 }));
}

interface ColdRun { instructions: number; scheduleMs: number; profileMs: number }

/** `processes` fresh processes running case k once each; undefined (and a printed reason) if one failed. */
function coldRuns(c: TraceBenchCase, k: number, argv: string[], collectFirst: boolean, processes: number): ColdRun[] | undefined {
  const runs: ColdRun[] = [];
  for (let r = 0; r < processes; r++) {
    const flags = collectFirst ? ['--expose-gc'] : [];
    const res = spawnSync(process.execPath, [...flags, __filename, ...argv, '--cold-child', String(k), ...(collectFirst ? ['--collect-first'] : [])], { encoding: 'utf8' });
    const line = res.stdout.trim().split('\n').pop() ?? '';
    if (res.status !== 0 || !line.startsWith('{')) { console.log(`cold ${c.label}: failed: ${res.stderr.trim().split('\n').pop()}`); return undefined; }
    const out = JSON.parse(line);
    if (out.skipped) { console.log(`cold ${c.label}: skipped (${out.skipped})`); return undefined; }
    runs.push(out);
  }
  return runs;
}

async function benchCold(cases: TraceBenchCase[], argv: string[], processes = 5): Promise<void> {
  for (let k = 0; k < cases.length; k++) {
    const c = cases[k];
    const parts: string[] = [];
    let n = 0;
    for (const collectFirst of [false, true]) {
      const runs = coldRuns(c, k, argv, collectFirst, processes);
      if (!runs) break;
      n = runs[0].instructions;
      const rate = (ms: number) => `${(n / ms / 1000).toFixed(2)} M instr/s`;
      const sched = median(runs.map((x) => x.scheduleMs));
      const prof = median(runs.map((x) => x.profileMs));
      const total = median(runs.map((x) => x.scheduleMs + x.profileMs));
      parts.push(`${collectFirst ? 'with the trace\'s garbage collected first' : 'right after the trace, as `profile` runs it'}: `
        + `simulate ${total.toFixed(0)} ms = ${rate(total)} (scheduler ${sched.toFixed(0)} ms = ${rate(sched)}; profile building ${prof.toFixed(0)} ms)`);
    }
    if (parts.length < 2) continue;
    console.log(`cold model (${c.target ?? 'trn2'}, ${c.label}): ${n.toLocaleString('en-US')} instructions, one run per fresh process, median wall time of ${processes}; `
      + parts.join('; '));
  }
}

async function main(): Promise<void> {
  const { values } = parseScriptArgs({
    args: process.argv.slice(2),
    options: {
      file: { type: 'string' }, only: { type: 'string' }, samples: { type: 'string' }, nkilib: { type: 'string' }, 'flash-seq': { type: 'string' }, 'cold-child': { type: 'string' },
      'collect-first': { type: 'boolean' },
    },
  }, USAGE);
  const seq = Number(values['flash-seq'] ?? 16384);
  if (!Number.isInteger(seq) || seq < 512 || seq % 512 !== 0) throw new Error(`--flash-seq must be a multiple of 512, got ${values['flash-seq']}`);
  const cases = (note?: (line: string) => void) => traceCases(values.samples ?? process.env.NKI_SAMPLES_DIR, values.nkilib ?? process.env.NKI_LIBRARY_DIR, seq, note);
  if (values['cold-child'] !== undefined) {
    // Quiet about skipped cases (the parent said so): the child's stdout is its JSON line.
    await coldChild(cases(() => {})[Number(values['cold-child'])], values['collect-first'] === true);
    return;
  }
  const only = new Set((values.only ?? 'interp,perf,model,numerics,check,trace').split(','));
  if (only.has('trace')) await runTraceBench(cases());
  if (only.has('model')) await benchModel(cases());
  if (only.has('cold')) await benchCold(cases(), process.argv.slice(2).filter((a, i, all) => a !== '--only' && all[i - 1] !== '--only'));
  if (only.has('interp')) await benchInterpreter((line) => console.log(`interp ${line}`));
  if (only.has('perf')) console.log(formatPerfBench(runPerfBench({ approxInstructions: 200_000, runs: 5 })));
  if (only.has('numerics')) console.log(formatNumericsBench(runNumericsBench()));
  if (only.has('check')) await benchCheck(values.file ?? join(__dirname, '../../examples/02_matmul_tiled.py'));
}

main().catch((err) => { console.error(err); process.exitCode = 1; });
