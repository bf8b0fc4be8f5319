/**
 * Completion of NKI names for the file's NKI version and target: members after `nl.`, `nisa.`,
 * `nl.tile_size.`, `nisa.engine.` … (the alias is resolved through the file's own imports), tensor
 * methods after a name bound to a tensor, and dtypes/buffers after `dtype=` / `buffer=`.
 * Works on the text before the cursor, so it answers inside code that does not parse yet.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import type { MemberInfo, NkiModel } from '../../../simulator/src/nki';
import type { SyntaxSnapshot } from '../analysis/snapshot';
import type { Pos } from '../analysis/kernelResult';
import { throwIfCancelled } from '../cancellation';
import { apiInfo, type ApiInfo } from './apiInfo';
import { qualify, spellInFile } from './nkiNames';
import { signatureOf } from './signatures';

export type CompletionKind = 'function' | 'constant' | 'enumMember' | 'module' | 'dtype' | 'buffer' | 'class' | 'namespace' | 'property';

export interface CompletionModel {
  label: string;
  kind: CompletionKind;
  /** Signature for callables, else the kind and value. */
  detail?: string;
  info?: ApiInfo;
  deprecated: boolean;
  /** Unsupported on the target: listed last. */
  unsupported: boolean;
  /** Text to insert when it differs from the label. */
  insertText?: string;
}

const MEMBER_ACCESS = /([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)\.(\w*)$/;
const KEYWORD_VALUE = /\b(dtype|buffer)\s*=\s*([\w.]*)$/;

function kindOf(m: MemberInfo): CompletionKind {
  switch (m.entry.kind) {
    case 'instruction': case 'function': case 'loop': case 'decorator': case 'context-manager': return 'function';
    case 'constant': return 'constant';
    case 'enum-member': return 'enumMember';
    case 'module': return 'module';
    case 'dtype': return 'dtype';
    case 'buffer': return 'buffer';
    case 'class': case 'enum': return 'class';
    case 'namespace': return 'namespace';
  }
}

function fromMember(model: NkiModel, m: MemberInfo, label = m.label, insertText?: string): CompletionModel {
  return {
    label, kind: kindOf(m), insertText,
    detail: m.variant.callable ? signatureOf(m.entry.name, m.variant).label : m.entry.kind,
    info: apiInfo(model, m.entry.name), deprecated: m.deprecated, unsupported: !m.targetSupported,
  };
}

function keywordValues(snapshot: SyntaxSnapshot, which: 'dtype' | 'buffer'): CompletionModel[] {
  const model = snapshot.model;
  const prefix = spellInFile('nki.language', snapshot.nkiAliases);
  if (!prefix) return [];
  return model.members('nki.language')
    .filter((m) => m.entry.kind === which)
    .map((m) => fromMember(model, m, `${prefix}.${m.label}`));
}

export interface CompletionContext {
  /** Whether `name` at `pos` is bound to a tensor (from the latest trace), for `t.` completion. */
  isTensor(name: string, pos: Pos): boolean;
}

export function provideCompletion(snapshot: SyntaxSnapshot, position: Pos, context: CompletionContext, token: CancellationToken): CompletionModel[] {
  throwIfCancelled(token);
  const lineStart = snapshot.text.lastIndexOf('\n', offsetOf(snapshot.text, position) - 1) + 1;
  const before = snapshot.text.slice(lineStart, offsetOf(snapshot.text, position));
  if (/#/.test(before.replace(/(['"]).*?\1/g, ''))) return [];
  const access = MEMBER_ACCESS.exec(before);
  if (access) {
    const qualified = qualify(access[1], snapshot.nkiAliases);
    if (qualified) return snapshot.model.members(qualified).map((m) => fromMember(snapshot.model, m));
    if (!access[1].includes('.') && context.isTensor(access[1], position)) {
      return snapshot.model.tensorMembers().map((m) => ({ ...fromMember(snapshot.model, m), kind: m.variant.callable ? 'function' : 'property' }));
    }
    return [];
  }
  const keyword = KEYWORD_VALUE.exec(before);
  if (keyword) return keywordValues(snapshot, keyword[1] as 'dtype' | 'buffer');
  return [];
}

/** LSP position → offset in `text` (clamped to the line). */
export function offsetOf(text: string, pos: Pos): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  const lineEnd = text.indexOf('\n', offset);
  return Math.min(offset + pos.character, lineEnd < 0 ? text.length : lineEnd);
}
