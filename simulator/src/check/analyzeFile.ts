/**
 * Analyses one Python file and reports NKI diagnostics and the kernels found: the single entry
 * point behind `nki-studio check` and the language server. For each kernel it picks the NKI
 * version (from the imports unless given), gathers input shapes (CLI, the `# nki-studio: shapes`
 * directive above the decorator), traces it, and turns what the trace recorded into diagnostics.
 * It never throws for bad input: syntax errors become diagnostics; an internal failure becomes
 * the report's `internalError`.
 */
import { basename } from 'node:path';
import { initParser, parsePython, type FunctionDef, type Module, type Span } from '../frontend';
import { detectGeneration, getNkiModel, parseVersion, type NkiModel, type NkiVersion } from '../nki';
import type { BudgetOptions, ModuleHost, ParseFn } from '../interp';
import { parseShapesDirective, type ShapeSpec } from '../kernel/shapeSpec';
import { instructionLimitMessage, traceKernel, type KernelTrace, type TraceRequest } from '../tracer/traceKernel';
import type { FileReport, KernelReport, NkiDiagnostic, Range, Severity } from './diagnostic';
import { findKernels } from './kernels';
import { affineLoopDependencies } from './affineLoops';
import { fileModuleHost, moduleIdentity } from './moduleHost';
import { ruleSpec, type RuleCode } from './rules';
import type { TargetName } from '../options';

export interface AnalyzeOptions {
  kernel?: string;
  shapes?: ShapeSpec[];
  /** Compile-time kernel arguments (numbers, booleans, strings, arrays), by parameter name. */
  scalars?: Record<string, unknown>;
  /** SPMD launch grid for the kernel (`kernel[2, 4]`); program 0 is traced. */
  grid?: number[];
  target?: TargetName;
  /** 'auto', a version ('0.3'), or a Neuron release ('2.24'). */
  nkiVersion?: string;
  /** Per-rule severity overrides; 'off' drops the rule. */
  severity?: Record<string, Severity | 'off'>;
  moduleHost?: ModuleHost;
  /** Interpreter budgets per kernel trace (defaults: 20 million steps, 5 s). */
  budget?: BudgetOptions;
  /** Parses helper modules (the language server caches parsed buffers). */
  parse?: ParseFn;
  /** Called with each kernel's trace (the language server keeps them for hover). */
  onTrace?: (trace: KernelTrace, kernel: FunctionDef) => void;
  /** Gives each kernel trace an instruction sink (see `TraceSession.sink`). */
  sink?: TraceRequest['sink'];
}

export function spanToRange(span: Span): Range {
  return { start: { ...span.start }, end: { ...span.end } };
}

/** Modules imported anywhere in the file, for generation detection. */
export function importedModules(module: Module): string[] {
  const out: string[] = [];
  const visit = (body: Module['body']): void => {
    for (const st of body) {
      if (st.kind === 'Import') out.push(...st.names.map((n) => n.name));
      else if (st.kind === 'ImportFrom' && st.level === 0) {
        out.push(st.module);
        if (st.names !== '*') out.push(...st.names.map((n) => `${st.module}.${n.name}`));
      } else if (st.kind === 'If' || st.kind === 'Try' || st.kind === 'FunctionDef' || st.kind === 'With') {
        visit(st.body);
        if (st.kind === 'If') visit(st.orelse);
        if (st.kind === 'Try') st.handlers.forEach((h) => visit(h.body));
      }
    }
  };
  visit(module.body);
  return out;
}

export interface ResolvedModel { model: NkiModel; mixed: boolean; error?: string }

export function resolveModel(module: Module, target: TargetName, nkiVersion = 'auto'): ResolvedModel {
  const gen = detectGeneration(importedModules(module));
  const parsed = parseVersion(nkiVersion);
  if (!parsed.ok) return { model: getNkiModel('0.7', target), mixed: false, error: parsed.error };
  if (!parsed.auto) return { model: getNkiModel(parsed.selection.version, target, parsed.selection.neuronRelease), mixed: gen.generation === 'mixed' };
  const version: NkiVersion = gen.generation === 'beta1' ? 'beta1' : '0.7';
  return { model: getNkiModel(version, target), mixed: gen.generation === 'mixed' };
}

/** `# nki: ignore` or `# nki: ignore[NKI201, NKI203]` on a line silences it. */
function suppressions(module: Module): Map<number, Set<string> | 'all'> {
  const out = new Map<number, Set<string> | 'all'>();
  for (const c of module.comments) {
    const m = /\bnki:\s*ignore(?:\[([^\]]*)\])?/.exec(c.text);
    if (!m) continue;
    out.set(c.span.start.line, m[1] === undefined ? 'all' : new Set(m[1].split(',').map((s) => s.trim()).filter(Boolean)));
  }
  return out;
}

function kernelInputs(kernel: FunctionDef, cli: ShapeSpec[], model: NkiModel, report: (d: NkiDiagnostic) => void): ShapeSpec[] {
  const params = new Set(kernel.params.map((p) => p.name));
  const specs = new Map<string, ShapeSpec>();
  for (const c of kernel.leadingComments) {
    const d = parseShapesDirective(c.text);
    if (!d) continue;
    for (const e of d.errors) report(diag('NKI900', `shapes directive: ${e}`, c.span));
    for (const s of d.specs) {
      if (!params.has(s.arg)) report(diag('NKI900', `shapes directive: ${kernel.name} has no parameter '${s.arg}'`, c.span));
      else if (!model.dtype(s.dtype)) report(diag('NKI900', `shapes directive: unknown dtype '${s.dtype}' for '${s.arg}' (e.g. float32, bfloat16, float16, int32)`, c.span));
      else specs.set(s.arg, s);
    }
  }
  for (const s of cli) if (params.has(s.arg)) specs.set(s.arg, s);
  return [...specs.values()];
}

/** The decorated kernels; or the one named, even undecorated (`nki.baremetal()(matmul)` launches). */
function kernelsToTrace(module: Module, name: string | undefined): FunctionDef[] {
  const kernels = findKernels(module);
  if (name === undefined) return kernels;
  const named = kernels.filter((k) => k.name === name);
  if (named.length > 0) return named;
  const plain = module.body.find((s): s is FunctionDef => s.kind === 'FunctionDef' && s.name === name);
  return plain ? [plain] : [];
}

function diag(code: RuleCode, message: string, span: Span, severity?: Severity): NkiDiagnostic {
  return { code, severity: severity ?? ruleSpec(code).defaultSeverity, message, range: spanToRange(span), related: [] };
}

function gapSummary(trace: KernelTrace): string | undefined {
  const gaps = trace.session.gaps;
  const dropped = trace.session.instructionsDropped;
  if (gaps.length === 0 && trace.unknownInputs.length === 0 && !trace.failure && dropped === 0) return undefined;
  const parts: string[] = [];
  if (trace.unknownInputs.length) {
    parts.push(`inputs without shapes: ${trace.unknownInputs.join(', ')} (add '# nki-studio: shapes ${trace.unknownInputs.map((n) => `${n}=float32[...]`).join(' ')}' above the decorator)`);
  }
  const reasons = new Map<string, number>();
  for (const g of gaps) reasons.set(g.reason, (reasons.get(g.reason) ?? 0) + 1);
  const top = [...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([r, n]) => (n > 1 ? `${r} (x${n})` : r));
  if (top.length) parts.push(top.join('; '));
  if (trace.failure && !gaps.some((g) => trace.failure?.includes(g.reason))) parts.push(trace.failure);
  if (dropped > 0) parts.push(instructionLimitMessage(trace));
  return `Analysis of ${trace.kernel} is partial: ${parts.join('; ')}. Checks that depend on unknown values were skipped.`;
}

export async function analyzeFile(path: string, text: string, options: AnalyzeOptions = {}): Promise<FileReport> {
  try {
    await initParser();
    return analyzeModule(path, parsePython(text), options);
  } catch (err) {
    return { path, diagnostics: [], kernels: [], internalError: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

export function analyzeModule(path: string, module: Module, options: AnalyzeOptions = {}): FileReport {
  const diagnostics: NkiDiagnostic[] = module.errors.map((e) => diag('NKI000', `Python syntax error: ${e.message}`, e.span));
  const kernels: KernelReport[] = [];
  const resolved = resolveModel(module, options.target ?? 'trn2', options.nkiVersion);
  const { model } = resolved;
  const identity = moduleIdentity(path);
  const host = options.moduleHost ?? fileModuleHost(path);
  for (const kernel of kernelsToTrace(module, options.kernel)) {
    const inputs = kernelInputs(kernel, options.shapes ?? [], model, (d) => diagnostics.push(d));
    const trace = traceKernel({
      module, path, moduleName: identity.qualifiedName || basename(path, '.py'), kernel, inputs, model, moduleHost: host, scalars: options.scalars, grid: options.grid, budget: options.budget, parse: options.parse, sink: options.sink,
    });
    options.onTrace?.(trace, kernel);
    for (const d of trace.session.diagnostics) {
      if (d.path !== path) continue;
      diagnostics.push({
        code: d.code, severity: d.severity ?? ruleSpec(d.code).defaultSeverity, message: d.message, range: spanToRange(d.span),
        related: d.related.map((r) => ({ message: r.message, range: spanToRange(r.span), path: r.path === path ? undefined : r.path })),
      });
    }
    diagnostics.push(...affineLoopDependencies(module, kernel, model));
    const summary = gapSummary(trace);
    if (summary) diagnostics.push(diag('NKI901', summary, kernel.nameSpan));
    if (resolved.mixed) diagnostics.push(diag('NKI505', `${kernel.name}: this file imports both Beta 1 (neuronxcc.nki) and current (nki) modules; use one API generation (checking against ${model.label}).`, kernel.nameSpan));
    kernels.push({ name: kernel.name, range: spanToRange(kernel.nameSpan), traced: trace.status, gaps: trace.session.gaps.length });
  }
  return { path, diagnostics: finalise(diagnostics, module, options.severity), kernels };
}

/** De-duplicates, applies severity overrides and `# nki: ignore`, and sorts by position. */
function finalise(diagnostics: NkiDiagnostic[], module: Module, overrides: AnalyzeOptions['severity'] = {}): NkiDiagnostic[] {
  const ignored = suppressions(module);
  const seen = new Set<string>();
  const out: NkiDiagnostic[] = [];
  for (const d of diagnostics) {
    const key = `${d.code}:${d.range.start.line}:${d.range.start.character}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rule = ignored.get(d.range.start.line);
    if (rule === 'all' || rule?.has(d.code)) continue;
    const override = overrides[d.code];
    if (override === 'off') continue;
    out.push(override ? { ...d, severity: override } : d);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}
