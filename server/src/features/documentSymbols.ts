/**
 * Document symbols: kernels (marked as such) and the functions and classes around them, nested
 * as written, so the outline shows each kernel next to its helpers.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import type { ClassDef, FunctionDef, Stmt } from '../../../simulator/src/frontend';
import { findKernels } from '../../../simulator/src/check/kernels';
import type { SyntaxSnapshot } from '../analysis/snapshot';
import { throwIfCancelled } from '../cancellation';
import type { Range } from './hover';

export interface SymbolModel {
  name: string;
  kind: 'kernel' | 'function' | 'method' | 'class';
  detail: string;
  range: Range;
  selectionRange: Range;
  children: SymbolModel[];
}

function nested(body: readonly Stmt[], kernels: ReadonlySet<FunctionDef>, inClass: boolean): SymbolModel[] {
  const out: SymbolModel[] = [];
  const visit = (stmts: readonly Stmt[]): void => {
    for (const s of stmts) {
      if (s.kind === 'FunctionDef' || s.kind === 'ClassDef') out.push(symbolOf(s, kernels, inClass));
      // Definitions under `if`/`try` at the same level (guarded imports, version switches).
      else if (s.kind === 'If') { visit(s.body); visit(s.orelse); }
      else if (s.kind === 'Try') { visit(s.body); s.handlers.forEach((h) => visit(h.body)); visit(s.orelse); visit(s.finalbody); }
    }
  };
  visit(body);
  return out;
}

function symbolOf(def: FunctionDef | ClassDef, kernels: ReadonlySet<FunctionDef>, inClass: boolean): SymbolModel {
  const range = { start: def.span.start, end: def.span.end };
  const selectionRange = { start: def.nameSpan.start, end: def.nameSpan.end };
  if (def.kind === 'ClassDef') {
    return { name: def.name, kind: 'class', detail: '', range, selectionRange, children: nested(def.body, kernels, true) };
  }
  const isKernel = kernels.has(def);
  const params = def.params.map((p) => p.name).join(', ');
  return {
    name: def.name, kind: isKernel ? 'kernel' : inClass ? 'method' : 'function',
    detail: isKernel ? `NKI kernel (${params})` : `(${params})`, range, selectionRange, children: nested(def.body, kernels, false),
  };
}

export function provideDocumentSymbols(snapshot: SyntaxSnapshot, token: CancellationToken): SymbolModel[] {
  throwIfCancelled(token);
  return nested(snapshot.module.body, new Set(findKernels(snapshot.module)), false);
}
