/**
 * `runKernel`: a kernel's real output on the CPU with NKI numerics, the engine behind
 * `nki-studio run` and the editor's Run.
 *
 * Steps: resolve inputs (arrays, casts, generated from shapes; the `# nki-studio: shapes`
 * directive supplies the rest), trace the kernel in shape mode with those shapes (`analyzeFile`),
 * refuse when the trace is incomplete (and say why), replay the instruction stream on memory
 * (`replay.ts`), read the kernel's results. SPMD/LNC launches trace every program instance (each
 * with its own `program_id`) and replay them together on shared inputs and HBM, synchronising at
 * core_barrier/sendrecv (`multicore.ts`); results merge what each instance wrote. Rule diagnostics (version, capacity, placement) never
 * block a run; they come back as warnings.
 * Invariant: a `RunResult` is only returned for a run that executed every instruction; anything
 * else throws `RunError` with a message a person can act on.
 */
import { basename } from 'node:path';
import { analyzeFile, resolveModel } from '../check/analyzeFile';
import { fileModuleHost, moduleIdentity } from '../check/moduleHost';
import { parsePython, type FunctionDef } from '../frontend';
import { traceKernel } from '../tracer/traceKernel';
import type { FileReport } from '../check/diagnostic';
import type { ShapeSpec } from '../kernel/shapeSpec';
import type { TargetName } from '../options';
import type { KernelTrace } from '../tracer/traceKernel';
import type { Instruction } from '../tracer/instruction';
import type { NpyArray } from '../io/npy';
import { castValues, defaultDtypeOf, generateValues, npyValues, toNpy, type Generator } from '../io/tensors';
import { NumericsError, where } from './exec';
import { MemoryBudgetExceeded } from './memory';
import { createMachine, Replayer, ReplayBudgetExceeded, ReplayCancelled, type ReplayStats } from './replay';
import { replayInstances, sharedTensors } from './multicore';
import type { Machine } from './exec';
import { Rng } from './rng';
import { layoutOf } from './view';
import { DtypeError } from './dtype';

export type InputSource =
  | NpyArray
  | { npy: NpyArray; dtype?: string }
  | { shape: number[]; dtype: string; generate: Generator };

export interface RunBudgets {
  maxMemoryBytes?: number;
  maxInstructions?: number;
  timeoutMs?: number;
  /** Wall-clock budget of each program's trace (default 30 s: a run is a deliberate action, unlike the editor's 5 s check). */
  traceTimeoutMs?: number;
}

const DEFAULT_TRACE_TIMEOUT_MS = 30_000;

export interface RunRequest {
  path: string;
  text: string;
  kernel: string;
  inputs?: Record<string, InputSource>;
  /** How inputs with no source are filled (default 'random'), from the shapes directive. */
  generate?: Generator;
  /** Compile-time (non-tensor) kernel arguments by parameter name. */
  scalars?: Record<string, unknown>;
  seed?: number;
  target?: TargetName;
  nkiVersion?: string;
  budgets?: RunBudgets;
  isCancelled?: () => boolean;
  onProgress?: (done: number, total: number) => void;
  /** SPMD/LNC launch grid (`kernel[2, 2]`, `kernel[2]` for LNC2): every program instance runs. */
  grid?: number[];
}

export interface RunOutput extends NpyArray {
  name: string;
  /** The kernel's dtype for this result (the .npy may hold it as float32, see io/tensors.ts). */
  dtype: string;
  values: Float64Array;
}

export interface UninitialisedReadReport {
  tensor: string;
  location: string;
  elements: number;
  message: string;
}

export interface RunResult {
  kernel: string;
  outputs: RunOutput[];
  /** Input values as the kernel saw them (after casts and generation), by parameter name. */
  inputs: Record<string, { shape: number[]; dtype: string; values: Float64Array }>;
  warnings: string[];
  uninitialisedReads: UninitialisedReadReport[];
  stats: ReplayStats & { traceMs: number };
  /** The first program's trace (the only one without a grid) and the file's diagnostics. */
  trace: KernelTrace;
  report: FileReport;
  /** Program instances run (1 without a grid). */
  instances: number;
}

export class RunError extends Error {}

function isNpy(x: InputSource): x is NpyArray {
  return 'descr' in x && 'data' in x;
}

/** The shape spec and values of one input source (values undefined: generate after tracing). */
function resolveInput(arg: string, src: InputSource): { spec: ShapeSpec; values?: Float64Array; generate?: Generator } {
  if (isNpy(src) || 'npy' in src) {
    const npy = isNpy(src) ? src : src.npy;
    const dtype = (!isNpy(src) && src.dtype) || defaultDtypeOf(npy.descr);
    let values = npyValues(npy);
    try {
      values = castValues(values, dtype);
    } catch (e) {
      throw new RunError(`input ${arg}: ${(e as Error).message}`);
    }
    return { spec: { arg, dtype, shape: [...npy.shape] }, values };
  }
  return { spec: { arg, dtype: src.dtype, shape: [...src.shape] }, generate: src.generate };
}

function traceProblems(trace: KernelTrace): string {
  const parts: string[] = [];
  if (trace.unknownInputs.length) parts.push(`inputs without shapes: ${trace.unknownInputs.join(', ')} (give --shape/--input, or a '# nki-studio: shapes' comment above the kernel)`);
  const reasons = [...new Set(trace.session.gaps.map((g) => g.reason))];
  if (reasons.length) parts.push(`the trace has gaps: ${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? ` (+${reasons.length - 3} more)` : ''}`);
  if (trace.failure) parts.push(trace.failure);
  if (trace.session.instructionsDropped > 0) parts.push(`more than ${trace.session.instructions.length} instructions (the trace stopped recording)`);
  return parts.join('; ') || 'the trace is incomplete';
}

export async function runKernel(req: RunRequest): Promise<RunResult> {
  const seed = req.seed ?? 0;
  const given = new Map<string, ReturnType<typeof resolveInput>>();
  for (const [arg, src] of Object.entries(req.inputs ?? {})) given.set(arg, resolveInput(arg, src));

  const t0 = Date.now();
  let trace: KernelTrace | undefined;
  let kernelDef: FunctionDef | undefined;
  const grid = req.grid ?? [];
  const report = await analyzeFile(req.path, req.text, {
    kernel: req.kernel, shapes: [...given.values()].map((g) => g.spec), scalars: req.scalars, target: req.target, nkiVersion: req.nkiVersion,
    grid: grid.length ? grid : undefined, budget: traceBudget(req.budgets),
    onTrace: (t, k) => { if (!trace) { trace = t; kernelDef = k; } },
  });
  if (report.internalError) throw new RunError(`internal error while tracing ${req.kernel}: ${report.internalError.split('\n')[0]}`);
  if (!trace || !kernelDef) throw new RunError(`no kernel named '${req.kernel}' in ${req.path}`);
  if (trace.status !== 'complete') throw new RunError(`cannot run ${req.kernel}: ${traceProblems(trace)}`);
  const first: KernelTrace = trace;

  // Inputs: given values, else generated from the traced storage's shape and dtype.
  const rng = new Rng(seed);
  const inputs: RunResult['inputs'] = {};
  for (const { name, storage } of first.inputs) {
    const s = first.session.storages[storage];
    const shape = s.shape as number[];
    const g = given.get(name);
    try {
      const values = g?.values ?? generateValues(shape, s.dtype, g?.generate ?? req.generate ?? 'random', rng);
      inputs[name] = { shape, dtype: s.dtype, values };
    } catch (e) {
      throw new RunError(`input ${name} (${s.dtype}[${shape.join(', ')}]): ${(e as Error).message}`);
    }
  }

  // SPMD/LNC launches: every program instance is traced with its own program_id and replayed on
  // the same inputs; each output element comes from the instance that wrote it.
  const instances = gridInstances(grid);
  const traces: KernelTrace[] = [first];
  const retrace = instances.length > 1 ? instanceTracer(req, kernelDef, first) : undefined;
  for (const instance of instances.slice(1)) {
    const t = retrace!(instance);
    if (t.status !== 'complete') throw new RunError(`cannot run ${req.kernel} as program ${JSON.stringify(instance)} of grid ${JSON.stringify(grid)}: ${traceProblems(t)}`);
    traces.push(t);
  }
  const traceMs = Date.now() - t0;

  const warnings = report.diagnostics
    .filter((d) => d.severity === 'error' || d.severity === 'warning')
    .map((d) => `${req.path}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${d.code}: ${d.message}`);
  let outputs: RunOutput[] | undefined;
  let written: Uint8Array[] = [];
  const uninitialisedReads: UninitialisedReadReport[] = [];
  const stats: ReplayStats = { instructions: 0, ms: 0, peakMemoryBytes: 0, matmulFlops: 0 };
  for (const [k, r] of executeAll(traces, instances, inputs, seed, req).entries()) {
    stats.instructions += r.stats.instructions;
    stats.ms = Math.max(stats.ms, r.stats.ms);
    stats.matmulFlops += r.stats.matmulFlops;
    stats.peakMemoryBytes = Math.max(stats.peakMemoryBytes, r.stats.peakMemoryBytes);
    for (const w of r.warnings) if (!warnings.includes(w)) warnings.push(w);
    for (const u of r.uninitialisedReads) if (!uninitialisedReads.some((x) => x.message === u.message)) uninitialisedReads.push(u);
    if (!outputs) { outputs = r.outputs; written = r.written; continue; }
    if (r.outputs.length !== outputs.length) throw new RunError(`program ${JSON.stringify(instances[k])} returns ${r.outputs.length} result(s), program 0 returns ${outputs.length}`);
    outputs = outputs.map((o, i) => merge(o, r.outputs[i], r.written[i]));
    written = written.map((w, i) => w.map((x, j) => x | r.written[i][j]));
  }
  // Result elements no instruction (of any program) wrote: NaN in the output, and said so.
  for (const [i, o] of (outputs ?? []).entries()) {
    const missing = written[i].reduce((n, w) => n + (w ? 0 : 1), 0);
    if (missing > 0) {
      uninitialisedReads.push({ tensor: o.name, location: 'the kernel result', elements: missing,
        message: `${missing} of ${o.values.length} elements of ${o.name} were never written by the kernel: they are NaN (integers: 4)` });
    }
  }
  return { kernel: req.kernel, outputs: outputs ?? [], inputs, warnings, uninitialisedReads, stats: { ...stats, traceMs }, trace: first, report, instances: instances.length };
}

/** The budgets as interpreter limits for tracing: an instruction needs at least one step. */
/** The trace's budget: the run's time limit, plus the user's step and memory limits when given. */
function traceBudget(b: RunBudgets | undefined): { timeoutMs: number; maxSteps?: number; maxMemoryBytes?: number } {
  return {
    timeoutMs: b?.traceTimeoutMs ?? DEFAULT_TRACE_TIMEOUT_MS,
    ...(b?.maxInstructions !== undefined ? { maxSteps: b.maxInstructions } : {}),
    ...(b?.maxMemoryBytes !== undefined ? { maxMemoryBytes: b.maxMemoryBytes } : {}),
  };
}

/** Every position of a launch grid, program 0 first (C order). */
function gridInstances(grid: number[]): number[][] {
  let out: number[][] = [[]];
  for (const n of grid) out = out.flatMap((p) => Array.from({ length: n }, (_, i) => [...p, i]));
  return out;
}

/** Traces program `instance` of the kernel with the first trace's inputs. */
function instanceTracer(req: RunRequest, kernel: FunctionDef, first: KernelTrace): (instance: number[]) => KernelTrace {
  const module = parsePython(req.text);
  const { model } = resolveModel(module, req.target ?? 'trn2', req.nkiVersion);
  const identity = moduleIdentity(req.path);
  const inputs = first.inputs.map(({ name, storage }) => {
    const s = first.session.storages[storage];
    return { arg: name, dtype: s.dtype, shape: s.shape as number[] };
  });
  const moduleHost = fileModuleHost(req.path);
  return (instance) => traceKernel({
    module, path: req.path, moduleName: identity.qualifiedName || basename(req.path, '.py'), kernel, inputs, scalars: req.scalars, model, moduleHost,
    grid: req.grid, instance, budget: traceBudget(req.budgets),
  });
}

/** `later`'s elements where it wrote them, `base` elsewhere. */
function merge(base: RunOutput, later: RunOutput, written: Uint8Array): RunOutput {
  const values = Float64Array.from(base.values);
  for (let i = 0; i < values.length; i++) if (written[i]) values[i] = later.values[i];
  return { ...toNpy(values, base.shape, base.dtype), name: base.name, dtype: base.dtype, values };
}

/**
 * Replays every program instance's trace (one: the plain case) and reads each one's results
 * (values and which elements were written). Several instances share inputs and HBM and
 * synchronise at core_barrier/sendrecv (multicore.ts).
 */
function executeAll(traces: KernelTrace[], positions: number[][], inputs: RunResult['inputs'], seed: number, req: RunRequest) {
  const shared = traces.length > 1 ? sharedTensors(traces.map((t) => ({ storages: t.session.storages, inputs: t.inputs }))) : undefined;
  const prepared = traces.map((trace, k) => {
    const { session } = trace;
    const machine = createMachine(session.storages, (seed ^ 0x5eed) + k, req.budgets?.maxMemoryBytes, shared);
    for (const { name, storage } of trace.inputs) {
      // Shared inputs are one memory: filled once.
      if (k > 0 && shared) continue;
      try {
        machine.mem.fill(storage, inputs[name].values);
      } catch (e) {
        throw new RunError(`input ${name}: ${(e as Error).message}`);
      }
    }
    fillConstants(trace, machine);
    const results = trace.results.length > 0 ? trace.results.map((a, i) => ({ access: a, name: trace.results.length === 1 ? 'output' : `output_${i}` })) : writtenInputs(trace);
    const keep = new Set<number>([...trace.inputs.map((i) => i.storage), ...results.map((r) => r.access.storage)]);
    const replayer = guarded(() => new Replayer(session.instructions, machine, {
      seed, keep, maxInstructions: req.budgets?.maxInstructions, timeoutMs: req.budgets?.timeoutMs,
      isCancelled: req.isCancelled, onProgress: k === 0 ? req.onProgress : undefined,
    }));
    return { trace, machine, results, replayer };
  });
  guarded(() => (prepared.length === 1 ? prepared[0].replayer.run() : replayInstances(prepared.map((p) => p.replayer), positions)));
  return prepared.map(({ trace, machine, results, replayer }) => finish(trace, machine, results, replayer.stats()));
}

/** Engine errors as run errors with the instruction's location. */
function guarded<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof NumericsError) {
      const at = e.instruction ? `${where(e.instruction)} (${e.instruction.api}): ` : '';
      throw new RunError(`${at}${e.message}`);
    }
    if (e instanceof MemoryBudgetExceeded || e instanceof ReplayBudgetExceeded || e instanceof ReplayCancelled || e instanceof DtypeError) throw new RunError(e.message);
    throw e;
  }
}

/** `nl.shared_constant` tensors hold the host array's values before the kernel starts. */
function fillConstants(trace: KernelTrace, machine: Machine): void {
  const { session } = trace;
  const used = new Set(session.instructions.flatMap((ins) => ins.operands.map((o) => o.access.storage)));
  for (const s of session.storages) {
    if (!s.constant || !used.has(s.id)) continue;
    const at = s.span ? `${s.span.path}:${s.span.line + 1}:${s.span.character + 1}: ` : '';
    if (!s.constant.values) throw new RunError(`${at}nl.shared_constant: the constant's values are not known (${s.constant.unknown}), so the kernel cannot run`);
    try {
      machine.mem.fill(s.id, s.constant.values);
    } catch (e) {
      throw new RunError(`${at}nl.shared_constant: ${(e as Error).message}`);
    }
  }
}

/** One instance's results, written flags and reports after its replay. */
function finish(trace: KernelTrace, machine: Machine, results: Array<{ access: KernelTrace['results'][number]; name: string }>, stats: ReplayStats) {
  const { session } = trace;
  const bySeq = new Map<number, Instruction>(session.instructions.map((ins) => [ins.seq, ins]));
  const written: Uint8Array[] = [];
  const outputs: RunOutput[] = results.map(({ access, name }) => {
    let layout;
    try { layout = layoutOf(access, `result ${name}`); } catch (e) { throw new RunError((e as Error).message); }
    const { t, idx } = machine.mem.indices(access, layout, `result ${name}`);
    written.push(Uint8Array.from(idx, (j) => t.written[j]));
    const values = Float64Array.from(idx, (j) => (t.written[j] ? t.data[j] : t.dtype.uninitialised));
    return { ...toNpy(values, layout.shape, access.dtype), name, dtype: access.dtype, values };
  });
  const uninitialisedReads = machine.mem.uninitialisedReads.map((u) => {
    const ins = bySeq.get(u.seq);
    const location = ins ? where(ins) : '?';
    const what = `${ins?.opcode ?? 'an instruction'} at ${location} reads never-written elements`;
    const times = u.occurrences > 1 ? ` (${u.occurrences} reads of this tensor, ${u.elements} elements in all)` : '';
    return { tensor: u.name, location, elements: u.elements, message: `${what} of ${u.name}: they read as NaN (integers: 4)${times}` };
  });
  return { outputs, written, stats, warnings: machine.warnings, uninitialisedReads };
}

/** Pass-by-reference kernels (Beta 1 `def k(a, out)`) return nothing: their outputs are the inputs they write. */
function writtenInputs(trace: KernelTrace): Array<{ access: KernelTrace['results'][number]; name: string }> {
  const written = new Set<number>();
  for (const ins of trace.session.instructions) for (const o of ins.operands) if (o.role !== 'read') written.add(o.access.storage);
  return trace.inputs.filter((i) => written.has(i.storage)).map((i) => {
    const s = trace.session.storages[i.storage];
    const shape = s.shape as number[];
    const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
    return { name: i.name, access: { storage: s.id, shape, dtype: s.dtype, strides, offset: 0, bytes: undefined } };
  });
}


