/**
 * What the server keeps from one kernel's trace: its diagnostics, and the tensor facts features
 * need (hover, inlay hints, semantic tokens). The trace session itself (instructions, every
 * loop iteration's allocations) is dropped so twenty open files stay small.
 *
 * Invariant: everything here is plain data, positions are line/character only (byte offsets of
 * a cached result may be stale, see kernelUnits.ts), and facts are de-duplicated per binding
 * site and summary, at most MAX_SUMMARIES_PER_SITE each.
 */
import type { FunctionDef } from '../../../simulator/src/frontend';
import type { KernelReport, NkiDiagnostic } from '../../../simulator/src/check/diagnostic';
import type { KernelTrace } from '../../../simulator/src/tracer/traceKernel';
import type { Storage } from '../../../simulator/src/tracer/instruction';
import type { Dim } from '../../../simulator/src/tracer/indexing';

/** A loop that rebinds a name with several shapes shows a few of them, not every iteration. */
const MAX_SUMMARIES_PER_SITE = 4;

export interface Pos { line: number; character: number }

export interface TensorBinding {
  name: string;
  /** The assignment target (or parameter) that bound the name. */
  start: Pos;
  end: Pos;
  shape: Dim[];
  dtype: string;
  buffer: Storage['buffer'];
  storage: StorageSummary;
}

export interface StorageSummary {
  name: string;
  buffer: Storage['buffer'];
  dtype: string;
  shape: Dim[];
  partitions?: Dim;
  bytesPerPartition?: Dim;
  totalBytes?: Dim;
  origin: Storage['origin'];
  opaque: boolean;
  /** Where it was allocated (any file). */
  site?: { path: string; line: number; character: number; endLine: number; endCharacter: number };
}

export interface KernelFacts {
  kernel: string;
  status: KernelTrace['status'];
  unknownInputs: string[];
  failure?: string;
  /** Line of the kernel's `def` in the traced version (same as the current one, see kernelUnits.ts). */
  defLine: number;
  bindings: TensorBinding[];
  /** The kernel's own inputs with known shapes (parameters are bound by the call, not by an assignment). */
  inputs: StorageSummary[];
}

export interface KernelResult {
  name: string;
  /** Finalised diagnostics of this kernel's trace, syntax errors excluded (those are per version). */
  diagnostics: NkiDiagnostic[];
  kernels: KernelReport[];
  traces: KernelFacts[];
  /** Every helper-module path the module host looked at, with a hash of what it read (undefined: absent). */
  reads: ReadonlyMap<string, string | undefined>;
  durationMs: number;
}

function summarise(s: Storage): StorageSummary {
  return {
    name: s.name, buffer: s.buffer, dtype: s.dtype, shape: [...s.shape], partitions: s.partitions,
    bytesPerPartition: s.bytesPerPartition, totalBytes: s.totalBytes, origin: s.origin, opaque: !!s.opaque,
    site: s.span ? { ...s.span } : undefined,
  };
}

/** Keeps the tensor facts of `path` from a finished trace. */
export function kernelFacts(trace: KernelTrace, def: FunctionDef, path: string): KernelFacts {
  const session = trace.session;
  const perSite = new Map<string, Set<string>>();
  const bindings: TensorBinding[] = [];
  for (const fact of session.facts) {
    if (fact.path !== path || fact.summary.kind !== 'tensor') continue;
    const storage = session.storages[fact.summary.storage];
    if (!storage) continue;
    const siteKey = `${fact.span.start.line}:${fact.span.start.character}:${fact.name}`;
    const summaryKey = `${storage.site}|${fact.summary.buffer}|${fact.summary.dtype}|${fact.summary.shape.join(',')}`;
    let seen = perSite.get(siteKey);
    if (!seen) perSite.set(siteKey, (seen = new Set()));
    if (seen.has(summaryKey) || seen.size >= MAX_SUMMARIES_PER_SITE) continue;
    seen.add(summaryKey);
    bindings.push({
      name: fact.name, start: { ...fact.span.start }, end: { ...fact.span.end },
      shape: [...fact.summary.shape], dtype: fact.summary.dtype, buffer: fact.summary.buffer, storage: summarise(storage),
    });
  }
  const inputs = session.storages.filter((s) => s.origin === 'input' && !s.opaque).map(summarise);
  return { kernel: trace.kernel, defLine: def.nameSpan.start.line, status: trace.status, unknownInputs: [...trace.unknownInputs], failure: trace.failure, bindings, inputs };
}
