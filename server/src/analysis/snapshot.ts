/**
 * The two views of a document that features read:
 * - `SyntaxSnapshot`: the AST, the NKI model and the NKI import aliases of one version; cheap
 *   (an incremental re-parse), enough for completion, signature help, CodeLens, symbols and
 *   go-to-definition;
 * - `DocumentAnalysis`: a snapshot plus the diagnostics and kernel facts of the full analysis,
 *   for hover, inlay hints, semantic tokens and code actions.
 * Invariant: both describe exactly one (uri, version, settings) and are never mutated.
 */
import type { Module } from '../../../simulator/src/frontend';
import type { NkiModel } from '../../../simulator/src/nki';
import type { FileReport } from '../../../simulator/src/check/diagnostic';
import type { SourceReader } from '../../../simulator/src/check/moduleHost';
import type { ServerSettings } from '../settings';
import type { KernelFacts } from './kernelResult';

export interface SyntaxSnapshot {
  readonly uri: string;
  readonly path: string;
  readonly version: number;
  readonly text: string;
  readonly module: Module;
  readonly model: NkiModel;
  /** The version came from the file's imports (setting 'auto'). */
  readonly detected: boolean;
  readonly mixedGenerations: boolean;
  /** NKI import aliases: `nl` → `nki.language`, `nisa` → `nki.isa`, `reduce_cmd` → `nki.isa.reduce_cmd`. */
  readonly nkiAliases: ReadonlyMap<string, string>;
  readonly settings: ServerSettings;
  /** Reads open buffers before the disk (for helper modules). */
  readonly reader: SourceReader;
}

export interface DocumentAnalysis extends SyntaxSnapshot {
  readonly report: FileReport;
  readonly traces: readonly KernelFacts[];
  /** Helper-module paths the traces read: a change to one of them re-analyses this document. */
  readonly reads: ReadonlySet<string>;
  /** How many kernels were traced afresh and how many came from the cache. */
  readonly traced: number;
  readonly reused: number;
}
