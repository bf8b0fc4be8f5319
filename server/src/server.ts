/**
 * Wires the LSP connection to NKI Studio's analysis. Handlers stay small: they find the
 * document's latest analysis and convert it; the work lives in the scheduler and in
 * `simulator/` (shared with the CLI).
 */
import { Connection, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from './uri';
import { analyzeFile } from '../../simulator/src/check/analyzeFile';
import type { NkiDiagnostic } from '../../simulator/src/check/diagnostic';
import { DebouncedScheduler } from './scheduler';

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

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);

  const scheduler = new DebouncedScheduler(async (uri, token) => {
    const doc = documents.get(uri);
    if (!doc) return;
    const version = doc.version;
    const report = await analyzeFile(URI.toPath(uri), doc.getText());
    if (token.cancelled || documents.get(uri)?.version !== version) return;
    if (report.internalError) connection.console.error(`analysis of ${uri} failed: ${report.internalError}`);
    await connection.sendDiagnostics({ uri, version, diagnostics: report.diagnostics.map((d) => toLspDiagnostic(d, uri)) });
  });

  connection.onInitialize(() => ({
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
    },
    serverInfo: { name: 'nki-studio', version: '0.1.0' },
  }));

  documents.onDidOpen((e) => scheduler.schedule(e.document.uri, 0));
  documents.onDidChangeContent((e) => scheduler.schedule(e.document.uri));
  documents.onDidClose((e) => {
    scheduler.cancel(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });
  connection.onShutdown(() => scheduler.dispose());

  documents.listen(connection);
  connection.listen();
}
