/**
 * Hover: on a name bound to a tensor, what the trace knows about it (buffer, dtype, shape,
 * partition dimension, bytes per partition and in total, where it was allocated); on an NKI
 * name (`nisa.nc_matmul`, `nl.tile_size.pmax`, `nl.sbuf`), its `ApiInfo` for the file's version
 * and target. Returns a model; `format/markdown.ts` renders it.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { nodeAt, type Expr } from '../../../simulator/src/frontend';
import type { Dim } from '../../../simulator/src/tracer/indexing';
import type { DocumentAnalysis } from '../analysis/snapshot';
import type { Pos } from '../analysis/kernelResult';
import { throwIfCancelled } from '../cancellation';
import { apiInfo, type ApiInfo } from './apiInfo';
import { dottedName, qualify } from './nkiNames';
import { tensorIndex } from './tensorIndex';

export interface Range { start: Pos; end: Pos }

export interface TensorHoverEntry {
  buffer: string;
  dtype: string;
  shape: Dim[];
  /** On-chip tensors: partitions used (dim 0). */
  partitions?: Dim;
  bytesPerPartition?: Dim;
  totalBytes?: Dim;
  /** The allocation's own name (differs from the hovered name for aliases and views). */
  storageName: string;
  origin: 'input' | 'output' | 'local';
  allocatedAt?: { path: string; line: number; character: number; sameFile: boolean };
}

export type HoverModel =
  | { kind: 'tensor'; range: Range; name: string; tensors: TensorHoverEntry[] }
  | { kind: 'api'; range: Range; info: ApiInfo };

function tensorHover(analysis: DocumentAnalysis, node: Expr & { kind: 'Name' }): HoverModel | undefined {
  const site = tensorIndex(analysis).siteAt(node.name, node.span.start);
  if (!site) return undefined;
  const tensors = site.tensors.map((t): TensorHoverEntry => {
    const s = t.storage;
    const onChip = t.buffer === 'sbuf' || t.buffer === 'psum';
    const total = onChip
      ? (s.partitions !== undefined && s.bytesPerPartition !== undefined ? s.partitions * s.bytesPerPartition : undefined)
      : s.totalBytes;
    return {
      buffer: t.buffer, dtype: t.dtype, shape: t.shape, storageName: s.name, origin: s.origin,
      partitions: onChip ? s.partitions : undefined, bytesPerPartition: onChip ? s.bytesPerPartition : undefined, totalBytes: total,
      allocatedAt: s.site ? { path: s.site.path, line: s.site.line, character: s.site.character, sameFile: s.site.path === analysis.path } : undefined,
    };
  });
  return { kind: 'tensor', range: { start: node.span.start, end: node.span.end }, name: node.name, tensors };
}

function apiHover(analysis: DocumentAnalysis, node: Expr): HoverModel | undefined {
  const dotted = dottedName(node);
  const qualified = dotted && qualify(dotted, analysis.nkiAliases);
  if (!qualified) return undefined;
  const info = apiInfo(analysis.model, qualified);
  if (!info) return undefined;
  const start = node.kind === 'Attribute' ? node.attrSpan.start : node.span.start;
  return { kind: 'api', range: { start, end: node.span.end }, info };
}

export function provideHover(analysis: DocumentAnalysis, position: Pos, token: CancellationToken): HoverModel | undefined {
  throwIfCancelled(token);
  const node = nodeAt(analysis.module, position);
  if (!node) return undefined;
  if (node.kind === 'Name') return tensorHover(analysis, node) ?? apiHover(analysis, node);
  if (node.kind === 'Attribute') return apiHover(analysis, node);
  return undefined;
}
