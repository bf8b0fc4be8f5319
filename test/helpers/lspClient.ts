/**
 * A minimal LSP client for tests: spawns `node dist/server.js --stdio` and talks JSON-RPC over
 * its stdio, exactly as an editor would. Waits are event-driven with timeouts, never sleeps.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection, InitializeRequest, InitializedNotification, DidOpenTextDocumentNotification,
  DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, PublishDiagnosticsNotification,
  ShutdownRequest, ExitNotification, type ProtocolConnection, type PublishDiagnosticsParams,
  type InitializeResult, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver/node';

import { NKI_STATUS_METHOD } from '../../server/src/methods';

export const repoRoot = join(__dirname, '../../..');

export class LspClient {
  readonly connection: ProtocolConnection;
  readonly stderr: string[] = [];
  private readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Versions fully analysed (nki/status), by URI, and who waits for one. */
  private readonly analysed = new Map<string, number>();
  private readonly analysisWaiters: Array<{ uri: string; version: number; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  private readonly waiters: Array<{ uri: string; accept: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }> = [];
  private exited = false;

  private constructor(readonly process: ChildProcessWithoutNullStreams) {
    this.connection = createProtocolConnection(process.stdout, process.stdin);
    process.stderr.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    process.on('exit', () => { this.exited = true; });
    this.connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      this.diagnostics.set(p.uri, p);
      for (const w of [...this.waiters]) {
        if (w.uri === p.uri && w.accept(p)) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          w.resolve(p);
        }
      }
    });
    // The server sends nki/status right after the diagnostics of a full analysis (a changed
    // document may first get provisional diagnostics, published before its kernels are re-traced).
    this.connection.onNotification(NKI_STATUS_METHOD, (p: { uri: string; version: number }) => {
      this.analysed.set(p.uri, p.version);
      for (const w of [...this.analysisWaiters]) {
        if (w.uri === p.uri && w.version === p.version) {
          this.analysisWaiters.splice(this.analysisWaiters.indexOf(w), 1);
          w.resolve(this.diagnostics.get(p.uri)!);
        }
      }
    });
    this.connection.listen();
  }

  /** The diagnostics of the full analysis of `version` (not a provisional publish). */
  waitForAnalysis(uri: string, version: number, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    if (this.analysed.get(uri) === version && this.diagnostics.get(uri)?.version === version) return Promise.resolve(this.diagnostics.get(uri)!);
    return new Promise((resolve, reject) => {
      const waiter = { uri, version, resolve: (p: PublishDiagnosticsParams) => { clearTimeout(timer); resolve(p); } };
      const timer = setTimeout(() => {
        this.analysisWaiters.splice(this.analysisWaiters.indexOf(waiter), 1);
        reject(new Error(`no analysis of ${uri} version ${version} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.analysisWaiters.push(waiter);
    });
  }

  /** `serverPath` (default dist/server.js) lets a benchmark compare another build of the server;
   * `nodeArgs` (e.g. `--cpu-prof`) go to the server's node. */
  static async start(options: { initializationOptions?: unknown; serverPath?: string; nodeArgs?: string[] } = {}): Promise<{ client: LspClient; init: InitializeResult }> {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), options.serverPath ?? join(repoRoot, 'dist/server.js'), '--stdio'], { stdio: 'pipe' });
    const client = new LspClient(child);
    const init = await client.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid, rootUri: pathToFileURL(repoRoot).href, capabilities: {}, workspaceFolders: null,
      initializationOptions: options.initializationOptions,
    });
    await client.connection.sendNotification(InitializedNotification.type, {});
    return { client, init };
  }

  get alive(): boolean {
    return !this.exited;
  }

  async open(uri: string, text: string, version = 1): Promise<void> {
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version, text } });
  }

  async change(uri: string, version: number, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Resolves with the next diagnostics for `uri` that satisfy `accept` (default: any). */
  waitForDiagnostics(uri: string, accept: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 10_000): Promise<PublishDiagnosticsParams> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; server stderr:\n${this.stderr.join('')}`)), timeoutMs);
      this.waiters.push({ uri, accept, resolve: (p) => { clearTimeout(timer); resolve(p); } });
    });
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    try {
      await this.connection.sendRequest(ShutdownRequest.type);
      await this.connection.sendNotification(ExitNotification.type);
    } catch {
      // The server may already be gone; the kill below makes sure.
    }
    // Let it exit on its own (a --cpu-prof profile is written at exit), then make sure.
    const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
    if (!this.exited) await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    this.connection.dispose();
    this.process.kill();
  }
}

export function fileUri(name: string): string {
  return pathToFileURL(join(repoRoot, 'test/fixtures', name)).href;
}
