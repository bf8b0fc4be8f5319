/**
 * Quick fixes for NKI diagnostics. Every fix is an edit the user chooses; nothing here changes
 * a file by itself.
 * - NKI402: `np.float32` (any NumPy/torch/JAX dtype spelling) → `nl.float32`;
 * - NKI501: a renamed or deprecated name whose table entry marks the replacement mechanical
 *   (`nisa.vector_engine` → `nisa.engine.vector`);
 * - any rule: "Ignore NKIxxx on this line" (adds or extends `# nki: ignore[NKIxxx]`);
 * - NKI901 (partial analysis): insert a `# nki-studio: shapes a=float32[...]` line above the
 *   kernel's decorator listing the inputs without shapes, for the user to fill in.
 * Text positions come from the snapshot's text, which is the version the client sees.
 */
import type { CancellationToken } from 'vscode-languageserver/node';
import { dtypeFromForeign } from '../../../simulator/src/nki';
import { findKernels } from '../../../simulator/src/check/kernels';
import type { DocumentAnalysis } from '../analysis/snapshot';
import type { Pos } from '../analysis/kernelResult';
import { throwIfCancelled } from '../cancellation';
import { kernelFirstLine } from '../analysis/kernelUnits';
import { offsetOf } from './completion';
import { fromDisplayName, qualify, spellInFile } from './nkiNames';
import type { Range } from './hover';

export interface DiagnosticRef {
  code?: string | number;
  range: Range;
}

export interface TextEditModel { range: Range; newText: string }

export interface CodeActionModel {
  title: string;
  diagnostic?: DiagnosticRef;
  edits: TextEditModel[];
  isPreferred: boolean;
}

const DOTTED = /\b[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+/g;

function positionAt(text: string, offset: number): Pos {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** Dotted names written inside `range`, with their ranges. */
function dottedNamesIn(text: string, range: Range): Array<{ name: string; range: Range }> {
  const start = offsetOf(text, range.start);
  const slice = text.slice(start, offsetOf(text, range.end));
  const out: Array<{ name: string; range: Range }> = [];
  for (const m of slice.matchAll(DOTTED)) {
    const from = start + (m.index ?? 0);
    out.push({ name: m[0], range: { start: positionAt(text, from), end: positionAt(text, from + m[0].length) } });
  }
  return out;
}

function foreignDtypeFix(a: DocumentAnalysis, d: DiagnosticRef): CodeActionModel[] {
  const nl = spellInFile('nki.language', a.nkiAliases);
  if (!nl) return [];
  return dottedNamesIn(a.text, d.range).flatMap(({ name, range }) => {
    const hit = dtypeFromForeign(name);
    if (!hit) return [];
    const replacement = `${nl}.${hit.dtype.name}`;
    return [{ title: `Replace ${name} with ${replacement}`, diagnostic: d, edits: [{ range, newText: replacement }], isPreferred: true }];
  });
}

function renameFix(a: DocumentAnalysis, d: DiagnosticRef): CodeActionModel[] {
  return dottedNamesIn(a.text, d.range).flatMap(({ name, range }) => {
    const qualified = qualify(name, a.nkiAliases);
    if (!qualified) return [];
    const found = a.model.lookup(qualified);
    let target: string | undefined;
    if (found.status === 'unavailable' && found.mechanical && found.renamedTo) target = found.renamedTo;
    else if (found.status === 'available' && found.deprecation?.mechanical && /^[\w.]+$/.test(found.deprecation.replacement ?? '')) {
      target = fromDisplayName(found.deprecation.replacement!);
    }
    const spelled = target && spellInFile(target, a.nkiAliases);
    if (!spelled || spelled === name) return [];
    return [{ title: `Replace ${name} with ${spelled}`, diagnostic: d, edits: [{ range, newText: spelled }], isPreferred: true }];
  });
}

function ignoreFix(a: DocumentAnalysis, d: DiagnosticRef, code: string): CodeActionModel[] {
  const line = d.range.start.line;
  const lineStart = offsetOf(a.text, { line, character: 0 });
  const lineEndRaw = a.text.indexOf('\n', lineStart);
  const lineText = a.text.slice(lineStart, lineEndRaw < 0 ? a.text.length : lineEndRaw).replace(/\r$/, '');
  const title = `Ignore ${code} on this line`;
  for (const c of a.module.comments) {
    if (c.span.start.line !== line) continue;
    const raw = lineText.slice(c.span.start.character);
    const m = /\bnki:\s*ignore(\[([^\]]*)\])?/.exec(raw);
    if (!m) continue;
    if (m[1] === undefined) return []; // `# nki: ignore` already silences every rule here
    const codes = m[2].split(',').map((s) => s.trim()).filter(Boolean);
    if (codes.includes(code)) return [];
    const closing = c.span.start.character + (m.index ?? 0) + m[0].length - 1;
    const at = { line, character: closing };
    return [{ title, diagnostic: d, edits: [{ range: { start: at, end: at }, newText: codes.length ? `, ${code}` : code }], isPreferred: false }];
  }
  const end = { line, character: lineText.replace(/\s+$/, '').length };
  return [{ title, diagnostic: d, edits: [{ range: { start: end, end: { line, character: lineText.length } }, newText: `  # nki: ignore[${code}]` }], isPreferred: false }];
}

function shapesDirectiveFix(a: DocumentAnalysis, d: DiagnosticRef): CodeActionModel[] {
  const kernel = findKernels(a.module).find((k) => k.nameSpan.start.line === d.range.start.line);
  if (!kernel) return [];
  const trace = a.traces.find((t) => t.kernel === kernel.name && t.defLine === kernel.nameSpan.start.line);
  const names = trace?.unknownInputs.length
    ? trace.unknownInputs
    : kernel.params.filter((p) => !p.default && p.kind !== 'varargs' && p.kind !== 'kwargs').map((p) => p.name);
  if (names.length === 0) return [];
  const line = kernel.decorators.length ? Math.min(...kernel.decorators.map((x) => x.span.start.line)) : kernelFirstLine(kernel);
  const lineText = a.text.slice(offsetOf(a.text, { line, character: 0 }));
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const at = { line, character: 0 };
  const directive = `${indent}# nki-studio: shapes ${names.map((n) => `${n}=float32[...]`).join(' ')}\n`;
  return [{ title: `Insert shapes directive for ${kernel.name} (${names.join(', ')})`, diagnostic: d, edits: [{ range: { start: at, end: at }, newText: directive }], isPreferred: true }];
}

export function provideCodeActions(analysis: DocumentAnalysis, range: Range, diagnostics: readonly DiagnosticRef[], token: CancellationToken): CodeActionModel[] {
  throwIfCancelled(token);
  const actions: CodeActionModel[] = [];
  for (const d of diagnostics) {
    const code = typeof d.code === 'string' ? d.code : undefined;
    if (!code || !/^NKI\d{3}$/.test(code) || d.range.start.line > range.end.line || d.range.end.line < range.start.line) continue;
    if (code === 'NKI402') actions.push(...foreignDtypeFix(analysis, d));
    if (code === 'NKI501') actions.push(...renameFix(analysis, d));
    if (code === 'NKI901') actions.push(...shapesDirectiveFix(analysis, d));
    if (code !== 'NKI000' && code !== 'NKI901') actions.push(...ignoreFix(analysis, d, code));
  }
  return actions;
}
