/**
 * Inlay hints after each allocation assignment (`t = nl.ndarray((128, 512), nl.bfloat16,
 * buffer=nl.sbuf)` → `sbuf bf16[128, 512] · 1 KiB/partition`), from the trace facts. Only
 * statements that allocate get one: a binding whose storage was allocated inside the same
 * statement of this file (not an alias `u = t`, not a kernel input). Controlled by
 * `nkiStudio.inlayHints.allocations`.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { statementAt, type Stmt } from '../../../simulator/src/frontend';
import type { DocumentAnalysis } from '../analysis/snapshot';
import type { Pos, TensorBinding } from '../analysis/kernelResult';
import { throwIfCancelled } from '../cancellation';
import { tensorIndex } from './tensorIndex';
import { tensorLabel } from './tensorText';
import type { Range } from './hover';

/** A loop allocating several shapes at one site shows this many, then "…". */
const MAX_LABELS_PER_SITE = 2;

export interface InlayHintModel {
  position: Pos;
  label: string;
  /** Longer text for the hint's tooltip. */
  tooltip: string;
}

function allocatedIn(stmt: Stmt, t: TensorBinding, path: string): boolean {
  const site = t.storage.site;
  if (!site || site.path !== path || t.storage.origin === 'input') return false;
  return site.line >= stmt.span.start.line && site.line <= stmt.span.end.line;
}

function inRange(p: Pos, range: Range): boolean {
  return p.line >= range.start.line && p.line <= range.end.line;
}

export interface InlayHintOptions {
  /** `nkiStudio.inlayHints.allocations`: presentation only, so not part of the analysis key. */
  allocations: boolean;
}

export function provideInlayHints(analysis: DocumentAnalysis, range: Range, options: InlayHintOptions, token: CancellationToken): InlayHintModel[] {
  throwIfCancelled(token);
  if (!options.allocations) return [];
  const byStatement = new Map<Stmt, Array<{ name: string; labels: string[] }>>();
  for (const site of tensorIndex(analysis).allSites()) {
    if (!inRange(site.start, range)) continue;
    const stmt = statementAt(analysis.module, site.start);
    if (!stmt || (stmt.kind !== 'Assign' && stmt.kind !== 'AnnAssign' && stmt.kind !== 'AugAssign')) continue;
    const labels = [...new Set(site.tensors.filter((t) => allocatedIn(stmt, t, analysis.path)).map((t) => tensorLabel({
      buffer: t.buffer, dtype: t.dtype, shape: t.shape, bytesPerPartition: t.storage.bytesPerPartition, totalBytes: t.storage.totalBytes,
    })))];
    if (labels.length === 0) continue;
    const list = byStatement.get(stmt) ?? [];
    list.push({ name: site.name, labels });
    byStatement.set(stmt, list);
  }
  const hints: InlayHintModel[] = [];
  for (const [stmt, sites] of byStatement) {
    const text = sites.map((s) => {
      const shown = s.labels.slice(0, MAX_LABELS_PER_SITE).join(' | ') + (s.labels.length > MAX_LABELS_PER_SITE ? ' | …' : '');
      return sites.length > 1 ? `${s.name}: ${shown}` : shown;
    }).join('; ');
    const tooltip = sites.map((s) => `${s.name}: ${s.labels.join(' | ')}`).join('\n');
    hints.push({ position: { ...stmt.span.end }, label: text, tooltip });
  }
  return hints.sort((a, b) => a.position.line - b.position.line || a.position.character - b.position.character);
}
