/**
 * The extension's lifecycle owner. Two disposal scopes: `pushExtensionCleanup` lives as long as
 * the extension; `pushServerCleanup` is emptied each time the language server stops or restarts.
 * Every listener belongs to exactly one of them.
 */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';
import { NkiStatusBar } from './statusBar';
import { config } from './config';
import { NKI_STATUS_METHOD } from '../../server/src/methods';
import type { NkiStatusParams } from '../../server/src/protocol';

/** After this many crashes in a session we stop restarting and tell the user. */
const MAX_SERVER_RESTARTS = 4;

export class Ctx {
  readonly output: vscode.LogOutputChannel;
  readonly statusBar: NkiStatusBar;
  private client: LanguageClient | undefined;
  private readonly extensionCleanup: vscode.Disposable[] = [];
  private serverCleanup: vscode.Disposable[] = [];

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

  get serverRunning(): boolean {
    return this.client?.state === State.Running;
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
      connectionOptions: { maxRestartCount: MAX_SERVER_RESTARTS },
    };
    const client = new LanguageClient('nkiStudio', 'NKI Language Server', serverOptions, clientOptions);
    this.client = client;
    this.pushServerCleanup(client.onDidChangeState((e) => {
      if (e.newState === State.Running) this.statusBar.setState('running');
      else if (e.newState === State.Starting) this.statusBar.setState('starting');
      else this.statusBar.setState('stopped');
    }));
    this.statusBar.setState('starting');
    try {
      await client.start();
      // By method name: client and server bundle separate copies of the protocol package.
      this.pushServerCleanup(client.onNotification(NKI_STATUS_METHOD, (p: NkiStatusParams) => {
        if (vscode.window.activeTextEditor?.document.uri.toString() === p.uri) this.statusBar.setDetectedVersion(p.nkiVersion);
      }));
    } catch (err) {
      this.statusBar.setState('failed');
      this.output.error(`The NKI language server failed to start: ${String(err)}`);
      void vscode.window.showErrorMessage('NKI Studio: the language server failed to start. See the "NKI Studio" output for details.');
    }
  }

  async stopServer(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    for (const d of this.serverCleanup.splice(0)) d.dispose();
    if (client) await client.stop().catch((err: unknown) => this.output.warn(`stopping the server: ${String(err)}`));
    this.statusBar.setState('stopped');
  }

  async restartServer(): Promise<void> {
    await this.stopServer();
    await this.startServer();
  }

  async dispose(): Promise<void> {
    await this.stopServer();
    for (const d of this.extensionCleanup.splice(0).reverse()) d.dispose();
  }
}
