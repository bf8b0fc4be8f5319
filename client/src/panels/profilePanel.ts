/**
 * The profile viewer beside the code: one panel, reused for each run. Messages from the view are
 * validated (`webviews/src/messages.ts`); clicking an event or a recommendation reveals its line.
 */
import * as vscode from 'vscode';
import type { Profile } from '../../../simulator/src/profile/schema';
import { PROTOCOL_VERSION, type HostToView, type ViewToHost } from '../../../webviews/src/messages';
import { viewerHtml } from './html';

export class ProfilePanel implements vscode.Disposable {
  static readonly viewType = 'nkiStudio.profile';
  private static current: ProfilePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  private pending: HostToView[] = [];

  static show(extensionUri: vscode.Uri, profile: Profile, baseline?: Profile): ProfilePanel {
    const panel = ProfilePanel.current ?? new ProfilePanel(extensionUri);
    ProfilePanel.current = panel;
    panel.panel.reveal(vscode.ViewColumn.Beside, true);
    panel.panel.title = `Profile: ${profile.kernel}`;
    panel.post({ type: 'load', version: PROTOCOL_VERSION, profile });
    if (baseline) panel.post({ type: 'loadBaseline', version: PROTOCOL_VERSION, profile: baseline });
    return panel;
  }

  private readonly panel: vscode.WebviewPanel;

  private constructor(extensionUri: vscode.Uri) {
    this.panel = vscode.window.createWebviewPanel(ProfilePanel.viewType, 'NKI profile', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
    });
    this.panel.webview.html = viewerHtml(this.panel.webview, extensionUri);
    this.panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m), undefined, this.disposables);
  }

  private post(message: HostToView): void {
    if (this.ready) void this.panel.webview.postMessage(message);
    else this.pending.push(message);
  }

  private onMessage(raw: unknown): void {
    const m = raw as Partial<ViewToHost> | null;
    if (!m || m.version !== PROTOCOL_VERSION) return;
    if (m.type === 'ready') {
      this.ready = true;
      for (const p of this.pending.splice(0)) void this.panel.webview.postMessage(p);
    } else if (m.type === 'reveal' && m.source && typeof m.source.path === 'string' && Number.isInteger(m.source.line)) {
      const { path, line, character } = m.source;
      const position = new vscode.Position(line, character ?? 0);
      void vscode.window.showTextDocument(vscode.Uri.file(path), { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
    }
  }

  dispose(): void {
    if (ProfilePanel.current === this) ProfilePanel.current = undefined;
    this.panel.dispose();
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
