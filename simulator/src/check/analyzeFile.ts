/**
 * Analyses one Python file and reports NKI diagnostics and the kernels found. This is the single
 * entry point behind `nki-studio check` (and, through the language server, the editor). It never
 * throws for bad input: syntax errors become diagnostics; an internal failure becomes the
 * report's `internalError`.
 */
import { initParser, parsePython } from '../frontend';
import type { Span } from '../frontend/ast';
import type { FileReport, KernelReport, NkiDiagnostic, Range } from './diagnostic';
import { findKernels } from './kernels';
import type { ShapeSpec } from '../kernel/shapeSpec';

export interface AnalyzeOptions {
  kernel?: string;
  shapes?: ShapeSpec[];
  target?: 'trn1' | 'trn2' | 'trn3';
  nkiVersion?: string;
}

export function spanToRange(span: Span): Range {
  return { start: { ...span.start }, end: { ...span.end } };
}

export async function analyzeFile(path: string, text: string, options: AnalyzeOptions = {}): Promise<FileReport> {
  try {
    await initParser();
    const module = parsePython(text);
    const diagnostics: NkiDiagnostic[] = module.errors.map((e) => ({
      code: 'NKI000',
      severity: 'error',
      message: `Python syntax error: ${e.message}`,
      range: spanToRange(e.span),
      related: [],
    }));
    const kernels: KernelReport[] = findKernels(module)
      .filter((k) => options.kernel === undefined || k.name === options.kernel)
      .map((k) => ({ name: k.name, range: spanToRange(k.nameSpan), traced: 'none', gaps: 0 }));
    return { path, diagnostics, kernels };
  } catch (err) {
    return { path, diagnostics: [], kernels: [], internalError: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}
