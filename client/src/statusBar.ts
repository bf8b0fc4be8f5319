/**
 * The status bar item: the language server's state, the NKI version and the target. Each state
 * has its own icon (a spinner only while something is being computed). Clicking it picks
 * another target; when the server has failed, clicking it shows the output instead.
 */
import * as vscode from 'vscode';
import { config } from './config';

export type ServerState = 'off' | 'starting' | 'ready' | 'analysing' | 'simulating' | 'stopped' | 'error';

const ICONS: Record<ServerState, string> = {
  off: '$(circle-large-outline)',
  starting: '$(loading~spin)',
  ready: '$(circuit-board)',
  analysing: '$(sync~spin)',
  simulating: '$(pulse)',
  stopped: '$(debug-stop)',
  error: '$(error)',
};

const DESCRIPTIONS: Record<ServerState, string> = {
  off: 'not started (no NKI file open yet)',
  starting: 'starting',
  ready: 'ready',
  analysing: 'checking the file',
  simulating: 'running the simulator',
  stopped: 'stopped',
  error: 'stopped after an error',
};

export class NkiStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nkiStudio.status', vscode.StatusBarAlignment.Right, 100);
  private serverState: ServerState = 'off';
  private analysing = false;
  private simulations = 0;
  private detectedVersion: string | undefined;

  constructor() {
    this.item.name = 'NKI Studio';
    this.render();
  }

  get state(): ServerState {
    if (this.serverState !== 'ready') return this.serverState;
    if (this.simulations > 0) return 'simulating';
    return this.analysing ? 'analysing' : 'ready';
  }

  setServerState(state: ServerState): void {
    this.serverState = state;
    if (state !== 'ready') this.analysing = false;
    this.render();
  }

  setAnalysing(analysing: boolean): void {
    if (this.analysing === analysing) return;
    this.analysing = analysing;
    this.render();
  }

  /** Marks a simulator run for as long as `work` runs. */
  async simulating<T>(work: () => PromiseLike<T>): Promise<T> {
    this.simulations++;
    this.render();
    try {
      return await work();
    } finally {
      this.simulations--;
      this.render();
    }
  }

  setDetectedVersion(version: string | undefined): void {
    this.detectedVersion = version;
    this.render();
  }

  show(): void {
    this.item.show();
  }

  render(): void {
    const state = this.state;
    const setting = config.nkiVersion();
    const version = setting === 'auto' ? (this.detectedVersion ?? 'auto') : setting;
    this.item.text = `${ICONS[state]} NKI ${version} · ${config.target()}`;
    const failed = state === 'error';
    this.item.command = failed ? 'nkiStudio.showOutput' : 'nkiStudio.selectTarget';
    this.item.tooltip = new vscode.MarkdownString(
      `**NKI Studio**\n\nNKI version: ${version}${setting === 'auto' ? ' (from the imports)' : ''}\n\n` +
      `Target: ${config.target()}\n\nLanguage server: ${DESCRIPTIONS[state]}\n\n${failed ? 'Click to show the output.' : 'Click to change the target.'}`,
    );
    this.item.accessibilityInformation = { label: `NKI ${version}, target ${config.target()}, language server ${DESCRIPTIONS[state]}` };
    this.item.backgroundColor = failed ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
