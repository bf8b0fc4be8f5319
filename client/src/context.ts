/**
 * The extension's lifecycle owner. Two disposal scopes: `pushExtensionCleanup` lives as long as
 * the extension; `pushServerCleanup` is emptied each time the language server stops or restarts.
 * Every listener belongs to exactly one of them.
 */
import * as vscode from 'vscode';
import {
  CloseAction, ErrorAction, LanguageClient, State, TransportKind,
  type LanguageClientOptions, type ServerOptions,
} from 'vscode-languageclient/node';
import { NkiStatusBar } from './statusBar';
import { config } from './config';
import { CrashWindow, CRASH_WINDOW_MS, MAX_CRASHES } from './restartPolicy';
import { ProfileStore } from './profileStore';
import { ProfileDecorations } from './decorations';
import { qwen3Lenses } from './qwen3Lens';
import { NKI_STATUS_METHOD } from '../../server/src/methods';
import type { NkiStatusParams } from '../../server/src/protocol';

/**
 * The language client logs its errors to our output channel but never shows its own pop-ups:
 * during a crash loop it would stack several technical toasts ("Pending response rejected…")
 * that push our one clear message with "Show Output" / "Restart" out of view.
 */
class NkiLanguageClient extends LanguageClient {
  override error(message: string, data?: unknown, _showNotification?: boolean | 'force'): void {
    super.error(message, data, false);
  }
}

/** The spinner stops after this long even if the server never reports (e.g. a file without kernels). */
const ANALYSIS_SPINNER_MS = 15_000;

export class Ctx {
  readonly output: vscode.LogOutputChannel;
  readonly statusBar: NkiStatusBar;
  private lineDecorations: ProfileDecorations | undefined;
  private client: LanguageClient | undefined;
  private readonly crashes = new CrashWindow();
  private readonly extensionCleanup: vscode.Disposable[] = [];
  private serverCleanup: vscode.Disposable[] = [];
  /** Documents the server has reported on, with their NKI version: edits to them start the
   * "analysing" spinner, and switching to one shows its version. */
  private readonly analysed = new Map<string, string>();
  private spinnerTimer: ReturnType<typeof setTimeout> | undefined;
  private store: ProfileStore | undefined;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = this.pushExtensionCleanup(vscode.window.createOutputChannel('NKI Studio', { log: true }));
    this.statusBar = this.pushExtensionCleanup(new NkiStatusBar());
  }

  pushExtensionCleanup<T extends vscode.Disposable>(d: T): T {
    this.extensionCleanup.push(d);
    return d;
  }

  pushServerCleanup<T extends vscode.Disposable>(d: T): T {
    this.serverCleanup.push(d);
    return d;
  }

  /** Created with the first profile: activation stays free of decoration work. */
  get decorations(): ProfileDecorations {
    this.lineDecorations ??= this.pushExtensionCleanup(new ProfileDecorations());
    return this.lineDecorations;
  }

  get cliPath(): string {
    return this.extension.asAbsolutePath('dist/cli.js');
  }

  /** Profiles kept per kernel (latest and previous), under the workspace's storage folder. */
  get profiles(): ProfileStore {
    const base = this.extension.storageUri ?? this.extension.globalStorageUri;
    this.store ??= new ProfileStore(vscode.Uri.joinPath(base, 'profiles').fsPath);
    return this.store;
  }

  get serverRunning(): boolean {
    return this.client !== undefined && this.client.state !== State.Stopped;
  }

  /** Starts the language server unless it runs already. Safe to call repeatedly. */
  async startServer(): Promise<void> {
    if (this.client) return;
    const serverModule = this.extension.asAbsolutePath('dist/server.js');
    const serverOptions: ServerOptions = {
      run: { module: serverModule, transport: TransportKind.ipc },
      debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: 'python' }],
      outputChannel: this.output,
      initializationOptions: { target: config.target(), nkiVersion: config.nkiVersion() },
      synchronize: { configurationSection: 'nkiStudio' },
      // A server killed while starting: logged; the crash count below decides what happens next.
      initializationFailedHandler: (error) => {
        this.output.error(`language server initialization failed: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      },
      errorHandler: {
        // A bad message is logged and skipped; only a closed connection decides about restarts.
        error: (error) => {
          this.output.error(`language server connection: ${error.message}`);
          return { action: ErrorAction.Continue, handled: true };
        },
        closed: () => this.onServerClosed(),
      },
      middleware: {
        provideCodeLenses: async (document, token, next) => qwen3Lenses(await next(document, token)),
      },
    };
    const client = new NkiLanguageClient('nkiStudio', 'NKI Language Server', serverOptions, clientOptions);
    this.client = client;
    this.pushServerCleanup(client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.statusBar.setServerState('ready');
      else if (e.newState === State.Starting) this.statusBar.setServerState('starting');
      else if (this.statusBar.state !== 'error') this.statusBar.setServerState('stopped');
    }));
    this.pushServerCleanup(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length && this.analysed.has(e.document.uri.toString())
        && e.document === vscode.window.activeTextEditor?.document) this.setAnalysing(true);
    }));
    this.statusBar.setServerState('starting');
    const started = performance.now();
    try {
      await client.start();
      this.output.info(`Language server ready in ${(performance.now() - started).toFixed(0)} ms`);
      // By method name: client and server bundle separate copies of the protocol package.
      this.pushServerCleanup(client.onNotification(NKI_STATUS_METHOD, (p: NkiStatusParams) => this.onStatus(p)));
    } catch (err) {
      this.statusBar.setServerState('error');
      this.output.error(`The language server failed to start: ${String(err)}`);
      void this.offerRestart('NKI: the language server failed to start.');
    }
  }

  private onStatus(p: NkiStatusParams): void {
    this.analysed.set(p.uri, p.nkiVersion);
    const active = vscode.window.activeTextEditor?.document;
    if (active?.uri.toString() !== p.uri) return;
    this.statusBar.setDetectedVersion(p.nkiVersion);
    if (p.version >= active.version) this.setAnalysing(false);
  }

  /** The status bar follows the active editor's NKI version. */
  activeEditorChanged(editor: vscode.TextEditor | undefined): void {
    const version = editor && this.analysed.get(editor.document.uri.toString());
    if (version) this.statusBar.setDetectedVersion(version);
  }

  private setAnalysing(on: boolean): void {
    clearTimeout(this.spinnerTimer);
    this.statusBar.setAnalysing(on);
    if (on) this.spinnerTimer = setTimeout(() => this.statusBar.setAnalysing(false), ANALYSIS_SPINNER_MS);
  }

  /** The connection closed without stop(): the server crashed. Restart, up to the cap. */
  private onServerClosed(): { action: CloseAction; handled: boolean } {
    if (this.crashes.recordCrash(Date.now())) {
      this.output.warn(`The language server stopped unexpectedly; restarting (${this.crashes.recent} of ${MAX_CRASHES} in ${CRASH_WINDOW_MS / 60_000} minutes).`);
      return { action: CloseAction.Restart, handled: true };
    }
    this.output.error(`The language server crashed ${this.crashes.recent} times in ${CRASH_WINDOW_MS / 60_000} minutes; not restarting it.`);
    this.statusBar.setServerState('error');
    void this.offerRestart(`NKI: the language server keeps crashing, so it was stopped.`);
    return { action: CloseAction.DoNotRestart, handled: true };
  }

  private async offerRestart(message: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(message, 'Show Output', 'Restart');
    if (choice === 'Show Output') this.output.show(true);
    else if (choice === 'Restart') await this.restartServer();
  }

  async stopServer(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    clearTimeout(this.spinnerTimer);
    for (const d of this.serverCleanup.splice(0)) d.dispose();
    if (client) await client.stop().catch((err: unknown) => this.output.warn(`stopping the server: ${String(err)}`));
    this.statusBar.setServerState('stopped');
  }

  async restartServer(): Promise<void> {
    this.crashes.reset();
    await this.stopServer();
    this.statusBar.show();
    await this.startServer();
  }

  async dispose(): Promise<void> {
    await this.stopServer();
    for (const d of this.extensionCleanup.splice(0).reverse()) d.dispose();
  }
}
