/**
 * Feature models → LSP wire types. Handlers call one converter each; nothing else in the server
 * builds protocol objects for features.
 */
import {
  CodeActionKind, CompletionItemKind, CompletionItemTag, DiagnosticSeverity, InlayHintKind, SymbolKind,
  type CodeAction, type CodeLens, type CompletionItem, type Diagnostic, type DocumentSymbol, type Hover, type InlayHint,
  type Location, type SemanticTokens, type SignatureHelp,
} from 'vscode-languageserver/node';
import type { NkiDiagnostic } from '../../../simulator/src/check/diagnostic';
import type { CodeActionModel } from '../features/codeActions';
import type { CodeLensModel } from '../features/codeLens';
import type { CompletionKind, CompletionModel } from '../features/completion';
import type { LocationModel } from '../features/definition';
import type { SymbolModel } from '../features/documentSymbols';
import type { HoverModel } from '../features/hover';
import type { InlayHintModel } from '../features/inlayHints';
import { TOKEN_MODIFIERS, TOKEN_TYPES, type SemanticTokenModel } from '../features/semanticTokens';
import type { SignatureHelpModel } from '../features/signatureHelp';
import { URI } from '../uri';
import { apiDocMarkdown, hoverMarkdown, plainDoc } from './markdown';

const SEVERITY: Record<NkiDiagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: NkiDiagnostic, uri: string): Diagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.code,
    source: 'nki',
    message: d.message,
    relatedInformation: d.related.map((r) => ({
      message: r.message,
      location: { uri: r.path ? URI.fromPath(r.path) : uri, range: r.range },
    })),
  };
}

export function toHover(model: HoverModel | undefined): Hover | null {
  return model ? { contents: hoverMarkdown(model), range: model.range } : null;
}

export function toInlayHints(models: InlayHintModel[]): InlayHint[] {
  return models.map((m) => ({ position: m.position, label: m.label, kind: InlayHintKind.Type, paddingLeft: true, tooltip: m.tooltip }));
}

const COMPLETION_KIND: Record<CompletionKind, CompletionItemKind> = {
  function: CompletionItemKind.Function,
  constant: CompletionItemKind.Constant,
  enumMember: CompletionItemKind.EnumMember,
  module: CompletionItemKind.Module,
  dtype: CompletionItemKind.TypeParameter,
  buffer: CompletionItemKind.Value,
  class: CompletionItemKind.Class,
  namespace: CompletionItemKind.Module,
  property: CompletionItemKind.Property,
};

export function toCompletionItems(models: CompletionModel[]): CompletionItem[] {
  return models.map((m) => ({
    label: m.label,
    kind: COMPLETION_KIND[m.kind],
    detail: m.detail,
    documentation: m.info ? apiDocMarkdown(m.info) : undefined,
    insertText: m.insertText,
    sortText: `${m.unsupported ? 2 : m.deprecated ? 1 : 0}${m.label}`,
    ...(m.deprecated ? { tags: [CompletionItemTag.Deprecated] } : {}),
  }));
}

export function toSignatureHelp(model: SignatureHelpModel | undefined): SignatureHelp | null {
  if (!model) return null;
  return {
    signatures: [{
      label: model.signature.label,
      documentation: plainDoc(model.doc),
      parameters: model.signature.params.map((p) => ({ label: p.label, documentation: p.doc ? plainDoc(p.doc) : undefined })),
    }],
    activeSignature: 0,
    activeParameter: model.activeParameter,
  };
}

export function toCodeActions(models: CodeActionModel[], uri: string, diagnostics: Diagnostic[]): CodeAction[] {
  return models.map((m) => ({
    title: m.title,
    kind: CodeActionKind.QuickFix,
    isPreferred: m.isPreferred,
    diagnostics: m.diagnostic ? diagnostics.filter((d) => d === m.diagnostic) : undefined,
    edit: { changes: { [uri]: m.edits } },
  }));
}

export const SEMANTIC_TOKENS_LEGEND = { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] };

/** Relative encoding: (Δline, Δstart, length, type, modifier bits) per token. */
export function toSemanticTokens(models: SemanticTokenModel[]): SemanticTokens {
  const data: number[] = [];
  let line = 0;
  let character = 0;
  for (const t of models) {
    const dl = t.line - line;
    data.push(dl, dl === 0 ? t.character - character : t.character, t.length, TOKEN_TYPES.indexOf(t.type),
      t.modifiers.reduce((bits, m) => bits | (1 << TOKEN_MODIFIERS.indexOf(m)), 0));
    line = t.line;
    character = t.character;
  }
  return { data };
}

export function toCodeLenses(models: CodeLensModel[]): CodeLens[] {
  return models.map((m) => ({ range: m.range, command: { title: m.title, command: m.command, arguments: [m.args] } }));
}

const SYMBOL_KIND: Record<SymbolModel['kind'], SymbolKind> = {
  kernel: SymbolKind.Function, function: SymbolKind.Function, method: SymbolKind.Method, class: SymbolKind.Class,
};

export function toDocumentSymbols(models: SymbolModel[]): DocumentSymbol[] {
  return models.map((m) => ({
    name: m.name, kind: SYMBOL_KIND[m.kind], detail: m.detail, range: m.range, selectionRange: m.selectionRange,
    children: toDocumentSymbols(m.children),
  }));
}

export function toLocations(models: LocationModel[]): Location[] {
  return models.map((m) => ({ uri: URI.fromPath(m.path), range: m.range }));
}
