/**
 * The diagnostic model shared by the CLI (`check --format json`) and the language server.
 * Positions are 0-based LSP positions (line, UTF-16 character), so the server forwards them
 * unchanged and the CLI's JSON matches what an editor shows.
 */

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position { line: number; character: number }
export interface Range { start: Position; end: Position }

export interface RelatedInformation {
  message: string;
  range: Range;
  /** File of the related location; absent means the same file. */
  path?: string;
}

export interface NkiDiagnostic {
  /** Stable public rule code, e.g. `NKI201`. */
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  related: RelatedInformation[];
}

export interface KernelReport {
  name: string;
  range: Range;
  /** complete: every instruction traced with known shapes; partial: analysis gaps; none: not traced. */
  traced: 'complete' | 'partial' | 'none';
  gaps: number;
}

export interface FileReport {
  path: string;
  diagnostics: NkiDiagnostic[];
  kernels: KernelReport[];
  /** Set when the analysis itself failed on this file; the other files are still checked. */
  internalError?: string;
}

export const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
