/**
 * The status bar item: which NKI version and target apply, and whether the language server runs.
 * Clicking it picks another target.
 */
import * as vscode from 'vscode';
import { config } from './config';

export type ServerState = 'idle' | 'starting' | 'running' | 'stopped' | 'failed';

export class NkiStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('nkiStudio.status', vscode.StatusBarAlignment.Right, 100);
  private state: ServerState = 'idle';
  private detectedVersion: string | undefined;

  constructor() {
    this.item.name = 'NKI Studio';
    this.item.command = 'nkiStudio.selectTarget';
    this.render();
  }

  setState(state: ServerState): void {
    this.state = state;
    this.render();
  }

  setDetectedVersion(version: string | undefined): void {
    this.detectedVersion = version;
    this.render();
  }

  show(): void {
    this.item.show();
  }

  render(): void {
    const setting = config.nkiVersion();
    const version = setting === 'auto' ? (this.detectedVersion ?? 'auto') : setting;
    const icon = { idle: '$(circuit-board)', starting: '$(sync~spin)', running: '$(circuit-board)', stopped: '$(debug-stop)', failed: '$(error)' }[this.state];
    this.item.text = `${icon} NKI ${version} · ${config.target()}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**NKI Studio**\n\nNKI version: ${version}${setting === 'auto' ? ' (detected from imports)' : ''}\n\n` +
      `Target: ${config.target()}\n\nLanguage server: ${this.state}\n\nClick to select the target.`,
    );
    this.item.backgroundColor = this.state === 'failed' ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
  }

  dispose(): void {
    this.item.dispose();
  }
}
