/**
 * Markdown for hover and completion documentation, from the feature models. The only place in
 * the server that writes Markdown.
 */
import { MarkupKind, type MarkupContent } from 'vscode-languageserver/node';
import { basename } from 'node:path';
import type { ApiInfo } from '../features/apiInfo';
import type { HoverModel, TensorHoverEntry } from '../features/hover';
import { bytesText, formatShape } from '../features/tensorText';

function code(text: string): string {
  return '```python\n' + text + '\n```';
}

function apiMarkdown(info: ApiInfo, withSignature = true): string {
  const parts: string[] = [];
  parts.push(withSignature ? code(info.signature ?? info.display) : '');
  parts.push(info.doc);
  const facts: string[] = [];
  if (info.engine) facts.push(`**Engine:** ${info.engine}`);
  for (const l of info.limits) facts.push(`**Limit:** ${l}`);
  for (const n of info.notes) facts.push(n);
  if (facts.length) parts.push(facts.map((f) => `- ${f}`).join('\n'));
  parts.push(`*${info.modelLabel}*`);
  return parts.filter(Boolean).join('\n\n');
}

function tensorLine(t: TensorHoverEntry): string {
  const lines = [`**${t.buffer}** \`${t.dtype}${formatShape(t.shape)}\``];
  if (t.partitions !== undefined) lines.push(`partition dim: ${t.partitions}`);
  if (t.bytesPerPartition !== undefined) lines.push(`${bytesText(t.bytesPerPartition)} per partition`);
  if (t.totalBytes !== undefined) lines.push(`${bytesText(t.totalBytes)} in total`);
  const where = t.origin === 'input'
    ? 'kernel input'
    : t.allocatedAt ? `allocated at ${t.allocatedAt.sameFile ? '' : `${basename(t.allocatedAt.path)}:`}line ${t.allocatedAt.line + 1}` : undefined;
  if (where) lines.push(where + (t.storageName ? ` as \`${t.storageName}\`` : ''));
  return lines.join(' · ');
}

export function hoverMarkdown(model: HoverModel): MarkupContent {
  if (model.kind === 'api') return { kind: MarkupKind.Markdown, value: apiMarkdown(model.info) };
  const body = model.tensors.map((t) => `- ${tensorLine(t)}`).join('\n');
  const header = model.tensors.length > 1 ? `\`${model.name}\`: tensor (${model.tensors.length} shapes across iterations)` : `\`${model.name}\`: tensor`;
  return { kind: MarkupKind.Markdown, value: `${header}\n\n${body}` };
}

/** Completion documentation: the signature is already the item's detail. */
export function apiDocMarkdown(info: ApiInfo): MarkupContent {
  return { kind: MarkupKind.Markdown, value: apiMarkdown(info, false) };
}

export function plainDoc(text: string): MarkupContent {
  return { kind: MarkupKind.Markdown, value: text };
}
