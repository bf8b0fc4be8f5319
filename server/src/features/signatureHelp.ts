/**
 * Signature help for NKI calls: the innermost open call before the cursor, its callee resolved
 * through the file's NKI imports, the signature for the file's version, and the active parameter
 * (the keyword being written, else the positional index). Reads the text before the cursor, as
 * a call being typed rarely parses.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import type { SyntaxSnapshot } from '../analysis/snapshot';
import type { Pos } from '../analysis/kernelResult';
import { throwIfCancelled } from '../cancellation';
import { offsetOf } from './completion';
import { qualify } from './nkiNames';
import { signatureOf, type SignatureModel } from './signatures';

/** How far back to look for the opening parenthesis (a long call spans a few lines). */
const MAX_LOOKBACK_CHARS = 4000;

export interface SignatureHelpModel {
  signature: SignatureModel;
  doc: string;
  activeParameter: number;
}

interface OpenCall { callee: string; positional: number; keyword?: string }

/** Scans back from `end` for the innermost unclosed `(`, counting top-level commas. */
export function openCallBefore(text: string, end: number): OpenCall | undefined {
  let depth = 0;
  let commas = 0;
  let keyword: string | undefined;
  let argStart = end;
  const stop = Math.max(0, end - MAX_LOOKBACK_CHARS);
  for (let i = end - 1; i >= stop; i--) {
    const c = text[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '[' || c === '{') {
      if (depth === 0) return undefined;
      depth--;
    } else if (c === '(') {
      if (depth > 0) {
        depth--;
        continue;
      }
      const callee = /([A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)\s*$/.exec(text.slice(Math.max(0, i - 200), i));
      if (!callee) return undefined;
      if (commas === 0) argStart = i + 1;
      const current = text.slice(argStart, end);
      const kw = /^\s*([A-Za-z_]\w*)\s*=(?!=)/.exec(current);
      keyword = kw?.[1];
      return { callee: callee[1].replace(/\s+/g, ''), positional: commas, keyword };
    } else if (c === ',' && depth === 0) {
      if (commas === 0) argStart = i + 1;
      commas++;
    } else if (c === '\n' && /^\s*(def|class|@)\b/.test(text.slice(i + 1, i + 12))) {
      return undefined;
    }
  }
  return undefined;
}

export function provideSignatureHelp(snapshot: SyntaxSnapshot, position: Pos, token: CancellationToken): SignatureHelpModel | undefined {
  throwIfCancelled(token);
  const call = openCallBefore(snapshot.text, offsetOf(snapshot.text, position));
  if (!call) return undefined;
  const qualified = qualify(call.callee, snapshot.nkiAliases);
  if (!qualified) return undefined;
  const found = snapshot.model.lookup(qualified);
  if (found.status !== 'available' || !found.variant.callable) return undefined;
  const signature = signatureOf(found.entry.name, found.variant);
  let active = call.keyword !== undefined ? signature.params.findIndex((p) => p.name === call.keyword) : call.positional;
  if (active < 0 || active >= signature.params.length) {
    const varargs = signature.params.findIndex((p) => p.kind === 'varargs');
    active = varargs >= 0 && call.keyword === undefined ? varargs : -1;
  }
  return { signature, doc: found.entry.doc, activeParameter: active };
}
