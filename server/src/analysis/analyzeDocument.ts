/**
 * One analysis pass over an open document: re-trace only the kernels whose fingerprint (or whose
 * helper modules) changed, reuse the others from the trace cache, and merge everything into one
 * report with fresh syntax errors.
 *
 * The engine's `analyzeModule` does the work, one kernel name at a time (`options.kernel`), so
 * the rules, severity overrides and `# nki: ignore` handling stay in one place (simulator/).
 * Between kernels the pass yields to the event loop and gives up when `superseded()` says a newer
 * version or other settings exist, so a long file never holds up other requests for more than one
 * kernel's trace; a kernel whose last trace was slow runs on a worker thread (tracePool.ts), so it
 * holds up nothing.
 */
import { analyzeModule, resolveModel, type AnalyzeOptions } from '../../../simulator/src/check/analyzeFile';
import { fileModuleHost } from '../../../simulator/src/check/moduleHost';
import { nkiImportBindings } from '../../../simulator/src/check/kernels';
import type { KernelReport, NkiDiagnostic } from '../../../simulator/src/check/diagnostic';
import type { Module } from '../../../simulator/src/frontend';
import type { ParseFn } from '../../../simulator/src/interp';
import type { SourceReader } from '../../../simulator/src/check/moduleHost';
import type { ServerSettings } from '../settings';
import { kernelUnits } from './kernelUnits';
import { kernelFacts, type KernelFacts, type KernelResult } from './kernelResult';
import { recordingReader, type TraceCache } from './traceCache';
import type { DocumentAnalysis, SyntaxSnapshot } from './snapshot';
import { Superseded, type TracePool } from './tracePool';

/** `analyzeModule` with a kernel name no def can have traces nothing: the file-level report. */
const NO_KERNEL = ' ';

export interface DocumentInput {
  uri: string;
  path: string;
  version: number;
  text: string;
  module: Module;
  settings: ServerSettings;
  reader: SourceReader;
  /** Parses helper modules (cached across traces, see parsedModules.ts). */
  parse?: ParseFn;
}

/**
 * `parse` reaches the interpreter once `AnalyzeOptions.parse` is passed through to `traceKernel`
 * in simulator/ (requested); until then the engine parses helpers itself and this is ignored.
 */
type AnalyzeOptionsWithParse = AnalyzeOptions & { parse?: ParseFn };

export function syntaxSnapshot(input: DocumentInput): SyntaxSnapshot {
  const resolved = resolveModel(input.module, input.settings.target, input.settings.nkiVersion);
  return {
    ...input,
    model: resolved.model,
    detected: input.settings.nkiVersion === 'auto',
    mixedGenerations: resolved.mixed,
    nkiAliases: nkiImportBindings(input.module),
  };
}

export function traceUnit(input: DocumentInput, name: string): KernelResult {
  const started = performance.now();
  const { reader, reads } = recordingReader(input.reader);
  const traces: KernelFacts[] = [];
  const options: AnalyzeOptionsWithParse = {
    kernel: name, target: input.settings.target, nkiVersion: input.settings.nkiVersion, severity: { ...input.settings.severity },
    moduleHost: fileModuleHost(input.path, reader),
    onTrace: (trace, def) => traces.push(kernelFacts(trace, def, input.path)),
    parse: input.parse,
  };
  const report = analyzeModule(input.path, input.module, options);
  return {
    name, diagnostics: report.diagnostics.filter((d) => d.code !== 'NKI000'), kernels: report.kernels, traces, reads,
    durationMs: performance.now() - started,
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function merge(fileLevel: NkiDiagnostic[], results: KernelResult[]): NkiDiagnostic[] {
  const seen = new Set<string>();
  const out: NkiDiagnostic[] = [];
  for (const d of [...fileLevel, ...results.flatMap((r) => r.diagnostics)]) {
    const key = `${d.code}:${d.range.start.line}:${d.range.start.character}:${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(d);
  }
  return out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** The file-level report: syntax errors, with severity overrides and `# nki: ignore` applied. */
export function fileLevelDiagnostics(input: DocumentInput): NkiDiagnostic[] {
  return analyzeModule(input.path, input.module, {
    kernel: NO_KERNEL, target: input.settings.target, nkiVersion: input.settings.nkiVersion, severity: { ...input.settings.severity },
  }).diagnostics;
}

export function yieldToEventLoopSoon(): Promise<void> {
  return yieldToEventLoop();
}

/**
 * Only a kernel whose last trace took at least this long is traced on a worker: for quicker ones
 * a worker's round trip, duplicate parse and colder JIT cost more than the wait they save (on
 * nki-library's attention kernel, p95 of a re-analysis 91 → 138 ms), and a worker's own heap and
 * parser memory (~85 MiB) is only paid once some kernel is slow. A kernel never traced before
 * runs here too, so opening a slow file still holds the loop once, for that one trace.
 */
const INLINE_TRACE_MS = 200;

/** Off-thread tracing: the pool, and the last trace time of each (path, kernel) to pick a thread. */
export interface TraceThreads { pool: TracePool; lastMs: Map<string, number> }

/**
 * Resolves to undefined when superseded before it finished. With `threads`, kernels whose last
 * trace was slow are traced on its worker threads; the others on this thread.
 */
export async function analyzeDocument(input: DocumentInput, cache: TraceCache, superseded: () => boolean,
  threads?: TraceThreads): Promise<DocumentAnalysis | undefined> {
  const snapshot = syntaxSnapshot(input);
  const fileLevel = analyzeModule(input.path, input.module, {
    kernel: NO_KERNEL, target: input.settings.target, nkiVersion: input.settings.nkiVersion, severity: { ...input.settings.severity },
  });
  const results: KernelResult[] = [];
  const internalErrors: string[] = fileLevel.internalError ? [fileLevel.internalError] : [];
  let traced = 0;
  let reused = 0;
  for (const unit of kernelUnits(input.module, input.text, input.path, input.settings.key)) {
    let result = cache.get(unit.fingerprint, input.reader);
    if (result) reused++;
    else {
      if (traced > 0) {
        await yieldToEventLoop();
        if (superseded()) return undefined;
      }
      try {
        const key = `${input.path}\0${unit.name}`;
        const last = threads?.lastMs.get(key);
        result = threads && last !== undefined && last >= INLINE_TRACE_MS
          ? await threads.pool.trace({
            path: input.path, text: input.text, kernel: unit.name, target: input.settings.target, nkiVersion: input.settings.nkiVersion,
            severity: { ...input.settings.severity },
          }, superseded)
          : traceUnit(input, unit.name);
        threads?.lastMs.set(key, result.durationMs);
        cache.set(unit.fingerprint, result);
      } catch (err) {
        if (err instanceof Superseded) return undefined;
        // The engine promises not to throw for bad input; if it does, keep the other kernels.
        internalErrors.push(`${unit.name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        continue;
      } finally {
        traced++;
      }
    }
    results.push(result);
  }
  const kernels: KernelReport[] = results.flatMap((r) => r.kernels).sort((a, b) => a.range.start.line - b.range.start.line);
  return {
    ...snapshot,
    report: { path: input.path, diagnostics: merge(fileLevel.diagnostics, results), kernels, ...(internalErrors.length ? { internalError: internalErrors.join('\n') } : {}) },
    traces: results.flatMap((r) => r.traces),
    reads: new Set(results.flatMap((r) => [...r.reads.keys()])),
    traced,
    reused,
  };
}
