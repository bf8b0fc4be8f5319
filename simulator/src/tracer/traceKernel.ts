/**
 * Tracing a kernel: run the module in the sandboxed interpreter with the NKI modules installed,
 * find the kernel, give it input tensors (shapes from the caller, or unknown), call it, and
 * collect what the session recorded. Specialising a kernel by running its Python is what the
 * NKI 0.7 compiler itself does; we do it without the device, and without the user's Python
 * touching the machine. Bad input never escapes as an exception: failures become diagnostics
 * or gaps on the result.
 */
import type { FunctionDef, Module, Span } from '../frontend/ast';
import { parsePython } from '../frontend';
import {
  BudgetExceeded, createInterpreter, defaultRegistry, fromJs, InterpreterError, mkHost, mkTuple, PyException,
  type BudgetOptions, type FunctionValue, type ModuleHost, type ParseFn, type Value,
} from '../interp';
import type { NkiModel } from '../nki';
import type { ShapeSpec } from '../kernel/shapeSpec';
import { checkCapacity } from './capacity';
import { formatShape } from './convert';
import { KernelObject } from './nkiValues';
import { TraceSession, UNKNOWN_DTYPE, type InstructionSink, type TraceDiagnostic } from './session';
import type { Access } from './instruction';
import { NkiEnv } from './semantics/env';
import { nkiRegistry } from './semantics/modules';
import { installTensorBehaviour } from './semantics/operators';
import { OpaqueInputTensor } from './opaqueInput';
import { TensorObject } from './tensor';
import { contiguousView } from './indexing';

export interface TraceRequest {
  module: Module;
  path: string;
  /** Python module name the file is run as (never `__main__`, so test drivers do not run). */
  moduleName: string;
  kernel: FunctionDef;
  inputs: ShapeSpec[];
  /** Compile-time (non-tensor) kernel arguments by parameter name: numbers, booleans, strings, arrays (as tuples). */
  scalars?: Record<string, unknown>;
  model: NkiModel;
  /** SPMD launch grid (`kernel[bs, heads]`) when the caller knows it; program 0 is traced. */
  grid?: number[];
  /** The program instance to trace (its position in the grid); default all zeros (program 0). */
  instance?: number[];
  moduleHost?: ModuleHost;
  budget?: BudgetOptions;
  /** Parses helper modules; the language server passes a cache of parsed open buffers. */
  parse?: ParseFn;
  /** Makes the session's instruction sink (the performance model's stream encoder). */
  sink?: (session: TraceSession) => InstructionSink;
}

export type TraceStatus = 'complete' | 'partial' | 'none';

export interface KernelTrace {
  kernel: string;
  session: TraceSession;
  status: TraceStatus;
  /** Why the trace stopped early, when it did. */
  failure?: string;
  /** Kernel parameters that had no shape. */
  unknownInputs: string[];
  /** Kernel inputs (parameter name -> storage id) and the views it returned, in order. */
  inputs: Array<{ name: string; storage: number }>;
  results: Access[];
}

/** Runs the module and the kernel; never throws for problems in the user's code. */
export function traceKernel(req: TraceRequest): KernelTrace {
  const session = new TraceSession(req.model, req.path);
  if (req.sink) session.sink = req.sink(session);
  const env = new NkiEnv(req.model, session);
  installTensorBehaviour(env);
  const registry = nkiRegistry(defaultRegistry(), env);
  const interp = createInterpreter({
    registry,
    moduleHost: req.moduleHost,
    parse: req.parse ?? ((src) => parsePython(src)),
    budget: { timeoutMs: 5_000, maxSteps: 20_000_000, ...req.budget },
    hooks: {
      onGap: (reason, span, path) => session.gap(reason, span, path),
      onBind: (target, name, value) => {
        if (value.kind !== 'host' || !(value.obj instanceof TensorObject)) return;
        const t = value.obj;
        if (!t.storage.name && t.storage.origin === 'local') t.storage.name = name;
        if (interp.ctx.path !== req.path) return;
        session.addTensorFact(target.span, req.path, name, t.storage, t.shape, t.dtype, t.buffer);
      },
    },
  });
  const unknownInputs: string[] = [];
  const inputs: KernelTrace['inputs'] = [];
  const fail = (failure: string, status: TraceStatus): KernelTrace => ({ kernel: req.kernel.name, session, status, failure, unknownInputs, inputs, results: [] });

  // 1. The module body: imports, helpers, the kernel definition.
  let moduleValue;
  try {
    moduleValue = interp.runModule(req.module, { qualifiedName: req.moduleName, path: req.path, asMain: true });
  } catch (err) {
    return fail(describeFailure(session, err, req, 'running the module'), 'none');
  }
  const kernelValue = moduleValue.attrs.get(req.kernel.name);
  const fn = unwrapKernel(kernelValue);
  if (!fn) return fail(`'${req.kernel.name}' is not a function after running the module`, 'none');

  // 2. Inputs: HBM tensors for parameters with shapes; defaults; unknown for the rest.
  const args: Value[] = [];
  const kwargs = new Map<string, Value>();
  for (const param of fn.params) {
    if (param.kind === 'varargs' || param.kind === 'kwargs') continue;
    const spec = req.inputs.find((s) => s.arg === param.name);
    let value: Value | undefined;
    if (req.scalars && param.name in req.scalars) {
      value = scalarValue(req.scalars[param.name]);
    } else if (spec) {
      const storage = session.allocate(interp.ctx, { name: param.name, buffer: 'hbm', dtype: spec.dtype, shape: [...spec.shape], origin: 'input' }, param.span);
      inputs.push({ name: param.name, storage: storage.id });
      value = mkHost(TensorObject.fresh(session, env.behaviour, storage));
    } else if (param.default) {
      continue;
    } else {
      unknownInputs.push(param.name);
      const storage = session.allocate(interp.ctx, { name: param.name, buffer: 'hbm', dtype: UNKNOWN_DTYPE, shape: [undefined, undefined], origin: 'input', opaque: true }, param.span);
      value = mkHost(new OpaqueInputTensor(session, env.behaviour, storage, contiguousView(storage.shape), storage.dtype));
    }
    // By keyword, so a parameter left to its default never shifts the ones after it.
    if (param.kind === 'positionalOnly') args.push(value);
    else kwargs.set(param.name, value);
  }
  const grid = req.grid ?? (kernelValue?.kind === 'host' && kernelValue.obj instanceof KernelObject ? kernelValue.obj.grid : []);
  env.launch = { grid, instance: req.instance ?? grid.map(() => 0) };

  // 3. The kernel body.
  session.phase = 'kernel';
  let result: Value | undefined;
  try {
    result = interp.call(fn, args, kwargs);
  } catch (err) {
    const failure = describeFailure(session, err, req, `tracing ${req.kernel.name}`, unknownInputs.length === 0);
    finish(session, req, undefined);
    return { kernel: req.kernel.name, session, status: 'partial', failure, unknownInputs, inputs, results: [] };
  }
  const results = finish(session, req, result);
  const partial = session.gaps.length > 0 || unknownInputs.length > 0 || session.instructionsDropped > 0;
  return { kernel: req.kernel.name, session, status: partial ? 'partial' : 'complete', unknownInputs, inputs, results };
}

/** Why a trace that hit the instruction cap is incomplete (the CLI and NKI901 say it in these words). */
export function instructionLimitMessage(trace: KernelTrace): string {
  const s = trace.session;
  return `the kernel issues more than ${s.limits.maxInstructions.toLocaleString('en-US')} instructions, the most one trace records `
    + `(${s.instructionsDropped.toLocaleString('en-US')} more were not recorded): trace a smaller shape`;
}

function scalarValue(x: unknown): Value {
  return Array.isArray(x) ? mkTuple(x.map(scalarValue)) : fromJs(x);
}

function unwrapKernel(v: Value | undefined): FunctionValue | undefined {
  if (!v) return undefined;
  if (v.kind === 'function') return v;
  if (v.kind === 'host' && v.obj instanceof KernelObject) return unwrapKernel(v.obj.fn);
  return undefined;
}

/** Result placement (NKI105) and capacity (NKI301/302) need the whole trace; returns the result views. */
function finish(session: TraceSession, req: TraceRequest, result: Value | undefined): Access[] {
  const outputs: TensorObject[] = [];
  const collect = (v: Value | undefined): void => {
    if (!v) return;
    if (v.kind === 'host' && v.obj instanceof TensorObject) outputs.push(v.obj);
    else if (v.kind === 'tuple' || v.kind === 'list') v.items.forEach(collect);
  };
  collect(result);
  const views = outputs.map((t) => t.access());
  // Traced without shapes, an input may be an SBUF tile of a calling kernel (nki-library runs
  // sub-kernels that return tiles): result placement is only checked for top-level launches.
  if (session.storages.some((s) => s.opaque)) outputs.length = 0;
  const beta1 = req.model.version === 'beta1';
  for (const t of outputs) {
    if (t instanceof OpaqueInputTensor || t.storage.origin === 'input') continue;
    const ok = beta1 ? t.buffer !== 'sbuf' && t.buffer !== 'psum' : t.buffer === 'shared_hbm';
    if (ok) continue;
    const s = t.storage.span;
    const span: Span | undefined = s && s.path === req.path
      ? { start: { line: s.line, character: s.character }, end: { line: s.endLine, character: s.endCharacter }, startOffset: -1, endOffset: -1 }
      : req.kernel.nameSpan;
    push(session, {
      code: 'NKI105', span: span ?? req.kernel.nameSpan, path: req.path, related: [],
      message: `kernel result ${t.label()} is in ${t.buffer} (${t.storage.dtype}${formatShape(t.storage.shape)}); kernel results must be allocated with buffer=nl.shared_hbm${beta1 ? ' (HBM)' : ''} and written with a DMA.`,
    });
  }
  checkCapacity(session, (code, message, span, related) => {
    const inFile = span && related.length > 0 && related[0].path === req.path;
    push(session, { code, message, span: inFile && span ? span : req.kernel.nameSpan, path: req.path, related });
  });
  return views;
}

function push(session: TraceSession, d: TraceDiagnostic): void {
  session.diagnostics.push(d);
}

/** Turns an exception out of the interpreter into a located gap or diagnostic. */
function describeFailure(session: TraceSession, err: unknown, req: TraceRequest, doing: string, inputsKnown = false): string {
  if (err instanceof PyException) {
    const here = err.traceback.slice().reverse().find((t) => t.path === req.path && t.span);
    const message = `${err.typeName}: ${err.message.replace(/^\w+: /, '')}`;
    if (inputsKnown && here?.span) {
      push(session, { code: 'NKI902', span: here.span, path: req.path, related: [], message: `tracing ${req.kernel.name} with the given shapes raised ${message}` });
    } else {
      session.gap(`${doing} raised ${message}`, here?.span ?? req.kernel.nameSpan, req.path);
    }
    return `${doing} raised ${message}`;
  }
  if (err instanceof BudgetExceeded) {
    const span = err.path === req.path ? err.span : req.kernel.nameSpan;
    push(session, { code: 'NKI902', span: span ?? req.kernel.nameSpan, path: req.path, related: [], message: `${doing} stopped: ${err.message}` });
    return `${doing} stopped: ${err.message}`;
  }
  if (err instanceof InterpreterError) {
    session.gap(`${doing}: ${err.message}`, err.span, req.path);
    return `${doing}: ${err.message}`;
  }
  const message = err instanceof Error ? err.message : String(err);
  session.gap(`${doing}: internal error: ${message}`, req.kernel.nameSpan, req.path);
  return `${doing}: internal error: ${message}`;
}
