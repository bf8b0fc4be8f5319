/**
 * Semantic tokens for tensors: every use of a name that the trace bound to a tensor is a
 * `variable` token with a modifier for its buffer (`hbm`, `sbuf`, `psum`), so themes can colour
 * on-chip and off-chip data differently. Names the trace never saw get no token (the TextMate
 * grammar colours them as usual).
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { walk } from '../../../simulator/src/frontend';
import type { DocumentAnalysis } from '../analysis/snapshot';
import { throwIfCancelled } from '../cancellation';
import { tensorIndex } from './tensorIndex';

export const TOKEN_TYPES = ['variable'] as const;
export const TOKEN_MODIFIERS = ['hbm', 'sbuf', 'psum'] as const;
export type BufferModifier = (typeof TOKEN_MODIFIERS)[number];

export interface SemanticTokenModel {
  line: number;
  character: number;
  length: number;
  type: (typeof TOKEN_TYPES)[number];
  modifiers: BufferModifier[];
}

function modifierOf(buffer: string): BufferModifier {
  return buffer === 'sbuf' || buffer === 'psum' ? buffer : 'hbm';
}

export function provideSemanticTokens(analysis: DocumentAnalysis, token: CancellationToken): SemanticTokenModel[] {
  throwIfCancelled(token);
  const index = tensorIndex(analysis);
  const out: SemanticTokenModel[] = [];
  walk(analysis.module, (node) => {
    if (node.kind !== 'Name') return;
    const { start, end } = node.span;
    if (start.line !== end.line) return;
    const site = index.siteAt(node.name, start);
    if (!site) return;
    const modifiers = [...new Set(site.tensors.map((t) => modifierOf(t.buffer)))];
    out.push({ line: start.line, character: start.character, length: end.character - start.character, type: 'variable', modifiers });
  });
  throwIfCancelled(token);
  return out.sort((a, b) => a.line - b.line || a.character - b.character);
}
