/**
 * The Qwen3 layer speedups in the profile viewer (its Qwen3 tab), in a panel of its own so a
 * kernel's profile and a model-level report can sit side by side. One panel, reused per report.
 */
import * as vscode from 'vscode';
import { PROTOCOL_VERSION, type HostToView } from '../../webviews/src/messages';
import type { Qwen3Speedups } from '../../webviews/src/qwen3/types';
import { viewerHtml } from './panels/html';

export class Qwen3Panel {
  private static current: Qwen3Panel | undefined;
  private ready = false;
  private pending: HostToView | undefined;
  private readonly panel: vscode.WebviewPanel;

  static show(extensionUri: vscode.Uri, report: Qwen3Speedups): void {
    const p = Qwen3Panel.current ?? new Qwen3Panel(extensionUri);
    Qwen3Panel.current = p;
    p.panel.title = `Qwen3-${report.model.toUpperCase()} speedups`;
    p.panel.reveal(vscode.ViewColumn.Beside, true);
    p.post({ type: 'loadQwen3', version: PROTOCOL_VERSION, report });
  }

  private constructor(extensionUri: vscode.Uri) {
    this.panel = vscode.window.createWebviewPanel('nkiStudio.qwen3', 'Qwen3 speedups', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    });
    this.panel.webview.html = viewerHtml(this.panel.webview, extensionUri);
    this.panel.onDidDispose(() => { if (Qwen3Panel.current === this) Qwen3Panel.current = undefined; });
    this.panel.webview.onDidReceiveMessage((m: unknown) => {
      const msg = m as { type?: unknown; version?: unknown } | null;
      if (msg?.version !== PROTOCOL_VERSION || msg.type !== 'ready') return;
      this.ready = true;
      if (this.pending) void this.panel.webview.postMessage(this.pending);
      this.pending = undefined;
    });
  }

  private post(message: HostToView): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.pending = message;
  }
}
