/**
 * Tracer throughput benchmark (wired to `npm run bench -- --only trace`): traces large kernels in
 * shape mode (what `profile --timing-only` and the editor's checks run) and reports the median
 * NKI instructions recorded per second of tracing. The trace budget is raised so a slow tracer
 * shows up as a low rate rather than a budget failure.
 */
import { readFileSync } from 'node:fs';
import { initParser, parsePython } from '../frontend';
import { analyzeModule } from '../check/analyzeFile';
import { parseShapeSpecList } from '../kernel/shapeSpec';
import type { Module } from '../frontend/ast';
import type { KernelTrace, TraceRequest } from './traceKernel';

export interface TraceBenchCase {
  label: string;
  file: string;
  kernel: string;
  /** `a=bfloat16[128,512] b=...`, as in the corpus shape manifests. */
  shapes: string;
  args?: Record<string, unknown>;
  target?: 'trn1' | 'trn2' | 'trn3';
}

export interface TraceBenchResult {
  label: string;
  status: string;
  instructions: number;
  /** Median wall-clock and CPU (user + system) time of a trace. */
  medianMs: number;
  medianCpuMs: number;
  instructionsPerSecond: number;
  failure?: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** One trace of a case (the parser must be initialised); undefined if the kernel was not traced. */
export function traceCase(c: TraceBenchCase, module: Module = parsePython(readFileSync(c.file, 'utf8')), sink?: TraceRequest['sink']): KernelTrace | undefined {
  let trace: KernelTrace | undefined;
  analyzeModule(c.file, module, {
    kernel: c.kernel, shapes: parseShapeSpecList(c.shapes), scalars: c.args, target: c.target ?? 'trn2',
    budget: { timeoutMs: 600_000, maxSteps: 1e9 },
    onTrace: (t) => { trace = t; }, sink,
  });
  return trace;
}

export async function runTraceBench(cases: TraceBenchCase[], runs = 3, log: (line: string) => void = console.log): Promise<TraceBenchResult[]> {
  await initParser();
  const results: TraceBenchResult[] = [];
  for (const c of cases) {
    let text: string;
    try {
      text = readFileSync(c.file, 'utf8');
    } catch {
      log(`trace ${c.label}: skipped (${c.file} not found)`);
      continue;
    }
    const module = parsePython(text);
    const times: number[] = [];
    const cpu: number[] = [];
    let trace: KernelTrace | undefined;
    for (let r = 0; r < runs; r++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      trace = traceCase(c, module);
      times.push(performance.now() - t0);
      const used = process.cpuUsage(c0);
      cpu.push((used.user + used.system) / 1000);
    }
    const medianMs = median(times);
    const medianCpuMs = median(cpu);
    const instructions = trace ? trace.session.instructions.length : 0;
    const res: TraceBenchResult = {
      label: c.label, status: trace?.status ?? 'none', instructions, medianMs, medianCpuMs,
      instructionsPerSecond: instructions / (medianMs / 1000), failure: trace?.failure,
    };
    results.push(res);
    // CPU time as well: on a shared machine the wall clock includes time the process was not running.
    log(`trace ${c.label}: ${instructions.toLocaleString('en-US')} instructions (${res.status}) in ${medianMs.toFixed(0)} ms median of ${runs}`
      + ` = ${(res.instructionsPerSecond / 1000).toFixed(1)}K instructions/s (CPU ${medianCpuMs.toFixed(0)} ms = ${(instructions / medianCpuMs).toFixed(1)}K/s)${res.failure ? `; ${res.failure}` : ''}`);
  }
  return results;
}
