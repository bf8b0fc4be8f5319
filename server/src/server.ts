/**
 * Wires the LSP connection to the analysis service and the features. Each handler only gets the
 * document's snapshot or analysis, calls one feature, and converts the result (format/lsp.ts);
 * the work lives in `analysis/` and `features/`, and the checks in `simulator/` (shared with the CLI).
 */
import {
  CodeActionKind, TextDocumentSyncKind, type CancellationToken, type ClientCapabilities, type Connection, type InitializeResult,
} from 'vscode-languageserver/node';
import { initParser } from '../../simulator/src/frontend';
import { AnalysisService } from './analysis/service';
import { HelperModules } from './analysis/helperModules';
import type { DocumentAnalysis, SyntaxSnapshot } from './analysis/snapshot';
import { throwIfCancelled } from './cancellation';
import { provideCodeActions } from './features/codeActions';
import { provideCodeLenses } from './features/codeLens';
import { provideCompletion } from './features/completion';
import { provideDefinition } from './features/definition';
import { provideDocumentSymbols } from './features/documentSymbols';
import { provideHover } from './features/hover';
import { provideInlayHints } from './features/inlayHints';
import { provideSemanticTokens } from './features/semanticTokens';
import { provideSignatureHelp } from './features/signatureHelp';
import { statusOf } from './features/status';
import { tensorIndex } from './features/tensorIndex';
import {
  SEMANTIC_TOKENS_LEGEND, toCodeActions, toCodeLenses, toCompletionItems, toDocumentSymbols, toHover, toInlayHints,
  toLocations, toLspDiagnostic, toSemanticTokens, toSignatureHelp,
} from './format/lsp';
import { NkiStatusNotification } from './protocol';
import type { NkiDiagnostic } from '../../simulator/src/check/diagnostic';
import { ServerSettings } from './settings';

export { toLspDiagnostic };

function capabilities(): InitializeResult['capabilities'] {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: true,
    inlayHintProvider: true,
    completionProvider: { triggerCharacters: ['.', '='] },
    signatureHelpProvider: { triggerCharacters: ['(', ','], retriggerCharacters: ['='] },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    semanticTokensProvider: { legend: SEMANTIC_TOKENS_LEGEND, full: true },
    codeLensProvider: { resolveProvider: false },
    documentSymbolProvider: true,
    definitionProvider: true,
  };
}

export function startServer(connection: Connection): void {
  let client: ClientCapabilities = {};
  const service = new AnalysisService({
    onAnalysed: (a) => {
      if (a.report.internalError) connection.console.error(`analysis of ${a.uri} failed: ${a.report.internalError}`);
      void connection.sendDiagnostics({ uri: a.uri, version: a.version, diagnostics: a.report.diagnostics.map((d) => toLspDiagnostic(d, a.uri)) });
      void connection.sendNotification(NkiStatusNotification.type, statusOf(a));
    },
    // NKI_STUDIO_PROVISIONAL=0 turns the early publish off (to compare latencies with bench-lsp).
    ...(process.env.NKI_STUDIO_PROVISIONAL === '0' ? {} : {
      onProvisional: (uri: string, version: number, diagnostics: NkiDiagnostic[]) => void connection.sendDiagnostics({ uri, version, diagnostics: diagnostics.map((d) => toLspDiagnostic(d, uri)) }),
    }),
    onClosed: (uri) => void connection.sendDiagnostics({ uri, diagnostics: [] }),
    onError: (uri, err) => connection.console.error(`analysis of ${uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`),
  });
  const helpers = new HelperModules(service.documents.reader);

  /** The full analysis for a request, or undefined (closed document, or superseded throughout). */
  const analysed = async (uri: string, token: CancellationToken): Promise<DocumentAnalysis | undefined> => {
    const analysis = await service.analysis(uri);
    throwIfCancelled(token);
    return analysis;
  };
  const syntax = (uri: string): SyntaxSnapshot | undefined => service.syntaxSnapshot(uri);

  connection.onInitialize(async (params) => {
    client = params.capabilities;
    await initParser();
    service.updateSettings(ServerSettings.from(params.initializationOptions));
    return { capabilities: capabilities(), serverInfo: { name: 'nki-studio', version: '0.1.0' } };
  });
  connection.onDidChangeConfiguration((p) => {
    service.updateSettings(ServerSettings.from(p.settings, service.settings));
    if (client.workspace?.inlayHint?.refreshSupport) void connection.languages.inlayHint.refresh();
    if (client.workspace?.semanticTokens?.refreshSupport) void connection.languages.semanticTokens.refresh();
  });

  connection.onDidOpenTextDocument((p) => service.open(p.textDocument.uri, p.textDocument.version, p.textDocument.text));
  connection.onDidChangeTextDocument((p) => service.change(p.textDocument.uri, p.textDocument.version, p.contentChanges));
  connection.onDidCloseTextDocument((p) => service.close(p.textDocument.uri));

  connection.onHover(async (p, token) => {
    const a = await analysed(p.textDocument.uri, token);
    return a ? toHover(provideHover(a, p.position, token)) : null;
  });
  connection.languages.inlayHint.on(async (p, token) => {
    const a = await analysed(p.textDocument.uri, token);
    return a ? toInlayHints(provideInlayHints(a, p.range, { allocations: service.settings.inlayHintsAllocations }, token)) : null;
  });
  connection.onCompletion((p, token) => {
    const s = syntax(p.textDocument.uri);
    const latest = service.latestAnalysis(p.textDocument.uri);
    return s ? toCompletionItems(provideCompletion(s, p.position, { isTensor: (name, pos) => !!latest && !!tensorIndex(latest).siteAt(name, pos) }, token)) : null;
  });
  connection.onSignatureHelp((p, token) => {
    const s = syntax(p.textDocument.uri);
    return s ? toSignatureHelp(provideSignatureHelp(s, p.position, token)) : null;
  });
  connection.onCodeAction(async (p, token) => {
    const a = await analysed(p.textDocument.uri, token);
    return a ? toCodeActions(provideCodeActions(a, p.range, p.context.diagnostics, token), a.uri, p.context.diagnostics) : null;
  });
  connection.languages.semanticTokens.on(async (p, token) => {
    const a = await analysed(p.textDocument.uri, token);
    return toSemanticTokens(a ? provideSemanticTokens(a, token) : []);
  });
  connection.onCodeLens((p, token) => {
    const s = syntax(p.textDocument.uri);
    return s ? toCodeLenses(provideCodeLenses(s, token)) : null;
  });
  connection.onDocumentSymbol((p, token) => {
    const s = syntax(p.textDocument.uri);
    return s ? toDocumentSymbols(provideDocumentSymbols(s, token)) : null;
  });
  connection.onDefinition((p, token) => {
    const s = syntax(p.textDocument.uri);
    return s ? toLocations(provideDefinition(s, p.position, helpers, token)) : null;
  });

  connection.onShutdown(() => service.dispose());
  connection.listen();
}
