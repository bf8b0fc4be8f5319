/**
 * The analysis service: owns the open documents, the settings, the trace cache and the latest
 * analysis of each document, and answers "the analysis of this URI as it is now".
 *
 * - Pushed diagnostics: each change schedules a debounced analysis of that document only; when
 *   it finishes the `onAnalysed` callback publishes it. A newer version or a settings change
 *   supersedes a run in progress (it stops at the next kernel boundary).
 * - On demand: a request that needs facts (hover, inlay hints…) awaits `analysis(uri)`, which
 *   returns the cached analysis if it matches (version, settings), joins the run in flight for
 *   it, or starts one at once.
 * - Dependents: a change to an open helper module re-schedules every open document whose
 *   kernels read it.
 * Invariant: `latest` only holds analyses of the current version under the current settings or
 *   older ones that are never returned as current (each is checked against both before use).
 */
import type { TextChange } from '../../../simulator/src/frontend';
import { ServerSettings } from '../settings';
import { OpenDocuments, type OpenDocument } from './documents';
import { analyzeDocument, fileLevelDiagnostics, syntaxSnapshot, yieldToEventLoopSoon, type DocumentInput } from './analyzeDocument';
import { provisionalDiagnostics } from './provisional';
import type { NkiDiagnostic } from '../../../simulator/src/check/diagnostic';
import { DebouncedScheduler } from './scheduler';
import { TraceCache } from './traceCache';
import { TracePool } from './tracePool';
import { ParsedModules } from './parsedModules';
import type { DocumentAnalysis, SyntaxSnapshot } from './snapshot';

export interface ServiceEvents {
  onAnalysed(analysis: DocumentAnalysis): void;
  /** A changed document's diagnostics right after parsing, before re-tracing (provisional.ts). */
  onProvisional?(uri: string, version: number, diagnostics: NkiDiagnostic[]): void;
  onClosed(uri: string): void;
  onError(uri: string, error: unknown): void;
}

interface Run { version: number; settingsKey: string; promise: Promise<DocumentAnalysis | undefined> }

export class AnalysisService {
  readonly documents = new OpenDocuments();
  private settingsValue: ServerSettings = ServerSettings.defaults;
  private readonly cache = new TraceCache();
  private readonly parsed = new ParsedModules();
  private readonly latest = new Map<string, DocumentAnalysis>();
  private readonly inflight = new Map<string, Run>();
  private readonly syntax = new Map<string, SyntaxSnapshot>();
  private readonly scheduler: DebouncedScheduler;
  /** Traces run on worker threads when the bundled worker exists (tracePool.ts). */
  private readonly pool = TracePool.nextToBundle(() => new Map(this.documents.all().map((d) => [d.path, d.doc.text])));
  private readonly threads = this.pool && { pool: this.pool, lastMs: new Map<string, number>() };

  constructor(private readonly events: ServiceEvents, debounceMs?: number) {
    this.scheduler = new DebouncedScheduler(async (uri, token) => {
      if (this.publishProvisional(uri)) {
        // Let the provisional message go out before the trace occupies the thread.
        await yieldToEventLoopSoon();
        if (token.cancelled) return;
      }
      const analysis = await this.analysis(uri);
      if (!token.cancelled && analysis && this.isCurrent(analysis)) this.events.onAnalysed(analysis);
    }, debounceMs);
  }

  get settings(): ServerSettings {
    return this.settingsValue;
  }

  updateSettings(next: ServerSettings): void {
    const changed = next.key !== this.settingsValue.key;
    this.settingsValue = next;
    if (!changed) return;
    this.syntax.clear();
    for (const doc of this.documents.all()) this.scheduler.schedule(doc.uri, 0);
  }

  open(uri: string, version: number, text: string): void {
    this.documents.open(uri, version, text);
    this.scheduler.schedule(uri, 0);
    this.scheduleDependents(uri);
  }

  change(uri: string, version: number, changes: readonly TextChange[]): void {
    if (!this.documents.change(uri, version, changes)) return;
    this.scheduler.schedule(uri);
    this.scheduleDependents(uri);
  }

  close(uri: string): void {
    const path = this.documents.get(uri)?.path;
    this.scheduler.cancel(uri);
    this.documents.close(uri);
    this.latest.delete(uri);
    this.syntax.delete(uri);
    this.inflight.delete(uri);
    this.events.onClosed(uri);
    if (path) this.scheduleReaders(path);
  }

  /** The AST and model of the current version: no tracing. */
  syntaxSnapshot(uri: string): SyntaxSnapshot | undefined {
    const doc = this.documents.get(uri);
    if (!doc) return undefined;
    const cached = this.syntax.get(uri);
    if (cached && cached.version === doc.version && cached.settings === this.settingsValue) return cached;
    const analysed = this.latest.get(uri);
    const snapshot = analysed && this.isCurrent(analysed) ? analysed : syntaxSnapshot(this.input(doc));
    this.syntax.set(uri, snapshot);
    return snapshot;
  }

  /** The full analysis of the current version (undefined if the document is not open). */
  async analysis(uri: string): Promise<DocumentAnalysis | undefined> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const doc = this.documents.get(uri);
      if (!doc) return undefined;
      const cached = this.latest.get(uri);
      if (cached && this.isCurrent(cached)) return cached;
      const run = this.run(doc);
      const result = await run.promise;
      if (result && this.isCurrent(result)) return result;
      // Superseded while running: try again with the newer version.
    }
    return undefined;
  }

  /** The newest finished analysis, possibly of an older version (positions may be slightly off). */
  latestAnalysis(uri: string): DocumentAnalysis | undefined {
    return this.latest.get(uri);
  }

  dispose(): void {
    this.scheduler.dispose();
    this.pool?.dispose();
    this.documents.dispose();
    this.cache.clear();
    this.parsed.clear();
  }

  /**
   * Publishes this version's syntax errors plus the previous analysis's other diagnostics, moved
   * with the text, when a full analysis of an older version (same settings, with kernels) exists
   * and none of this one yet. Returns whether it published.
   */
  private publishProvisional(uri: string): boolean {
    const doc = this.documents.get(uri);
    const previous = this.latest.get(uri);
    if (!this.events.onProvisional || !doc || !previous || previous.version === doc.version || previous.settings.key !== this.settingsValue.key) return false;
    // Without kernels there is nothing to re-trace: the full analysis is as quick as this.
    if (previous.report.kernels.length === 0) return false;
    const syntax = fileLevelDiagnostics(this.input(doc));
    this.events.onProvisional(uri, doc.version, provisionalDiagnostics(previous.report.diagnostics, previous.text, doc.doc.text, syntax));
    return true;
  }

  private isCurrent(a: DocumentAnalysis | SyntaxSnapshot): boolean {
    return this.documents.get(a.uri)?.version === a.version && a.settings.key === this.settingsValue.key;
  }

  private input(doc: OpenDocument): DocumentInput {
    return {
      uri: doc.uri, path: doc.path, version: doc.version, text: doc.doc.text, module: doc.doc.module,
      settings: this.settingsValue, reader: this.documents.reader, parse: this.parsed.parse,
    };
  }

  private run(doc: OpenDocument): Run {
    const existing = this.inflight.get(doc.uri);
    if (existing && existing.version === doc.version && existing.settingsKey === this.settingsValue.key) return existing;
    const input = this.input(doc);
    const superseded = (): boolean => this.documents.get(doc.uri)?.version !== input.version || this.settingsValue.key !== input.settings.key;
    const promise = analyzeDocument(input, this.cache, superseded, this.threads).then((analysis) => {
      if (analysis) this.latest.set(doc.uri, analysis);
      return analysis;
    }, (err: unknown) => {
      this.events.onError(doc.uri, err);
      return undefined;
    }).finally(() => {
      if (this.inflight.get(doc.uri) === run) this.inflight.delete(doc.uri);
    });
    const run: Run = { version: input.version, settingsKey: input.settings.key, promise };
    this.inflight.set(doc.uri, run);
    return run;
  }

  /** Other open documents whose last analysis read `uri`'s file. */
  private scheduleDependents(uri: string): void {
    const path = this.documents.get(uri)?.path;
    if (path) this.scheduleReaders(path);
  }

  private scheduleReaders(path: string): void {
    for (const [other, analysis] of [...this.latest]) {
      if (analysis.path === path || !analysis.reads.has(path)) continue;
      // Its version did not change, but what it was computed from did.
      this.latest.delete(other);
      this.scheduler.schedule(other);
    }
  }
}
