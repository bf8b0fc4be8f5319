/**
 * One profile shown in one webview (a panel beside the code, or the custom editor of a
 * `*.nkiprofile.json`): posts the profile once the view is ready, checks every view message
 * (`parseViewMessage`), reveals clicked source lines, saves exports through a save dialog, and
 * sends the lines selected in an editor of the profiled file so the view highlights their events.
 */
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { packProfile } from '../../../simulator/src/profile/packedEvents';
import type { Profile, SourceLocation } from '../../../simulator/src/profile/schema';
import { parseViewMessage, PROTOCOL_VERSION, type ExportFormat, type HostToView } from '../../../webviews/src/messages';
import { profilePathFor, resolveSourcePath, selectedLines, sourcePaths } from './editorLinks';
import { planExport } from './exports';
import { writeChunks } from './profileFiles';

export interface SessionEnv {
  log: vscode.LogOutputChannel | undefined;
}

/** Editor selections are sent at most this often. */
const SELECTION_DELAY_MS = 120;

export class ProfileSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private ready = false;
  /** The load messages of what the view shows, resent whenever it (re)announces itself. */
  private shown: HostToView[] = [];
  private profile: Profile | undefined;
  private paths: string[] = [];
  /** Where relative source paths are looked up (the profile file's folder, then workspace folders). */
  private bases: string[] = [];
  private lastHighlight = '';
  private selectionTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly panel: vscode.WebviewPanel, private readonly env: SessionEnv) {
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m)),
      vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e.textEditor)),
      panel.onDidChangeViewState(() => { if (panel.visible && vscode.window.activeTextEditor) this.onSelection(vscode.window.activeTextEditor); }),
    );
  }

  get kernel(): string | undefined {
    return this.profile?.kernel;
  }

  get current(): Profile | undefined {
    return this.profile;
  }

  /** Shows a profile; `restoreKey` lets a reloaded window bring it back, `fromFile` anchors relative paths. */
  load(profile: Profile, opts: { restoreKey?: string; fromFile?: string; baseline?: Profile; baselineKey?: string } = {}): void {
    this.profile = profile;
    this.paths = sourcePaths(profile);
    this.bases = [...(opts.fromFile ? [dirname(opts.fromFile)] : []), ...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri.fsPath)];
    this.lastHighlight = '';
    // Packed: VS Code sends the typed-array columns as binary, where a whole profile would be
    // JSON text (beyond V8's longest string past ~800K events) rebuilt as millions of objects.
    this.shown = [{ type: 'load', version: PROTOCOL_VERSION, packed: packProfile(profile), ...(opts.restoreKey ? { restoreKey: opts.restoreKey } : {}) }];
    if (opts.baseline) this.shown.push({ type: 'loadBaseline', version: PROTOCOL_VERSION, packed: packProfile(opts.baseline), ...(opts.baselineKey ? { restoreKey: opts.baselineKey } : {}) });
    for (const m of this.shown) this.post(m);
  }

  /** Tells the view the keys it should save (and records them in what a reloaded view is sent). */
  setRestoreKeys(profile: string, baseline: string | undefined): void {
    for (const m of this.shown) {
      if (m.type === 'load') m.restoreKey = profile;
      if (m.type === 'loadBaseline' && baseline) m.restoreKey = baseline;
    }
    this.post({ type: 'restoreKeys', version: PROTOCOL_VERSION, profile, ...(baseline ? { baseline } : {}) });
  }

  /** Before the view is ready messages are dropped: `shown` is sent on 'ready', then the selection. */
  private post(message: HostToView): void {
    if (this.ready) void this.panel.webview.postMessage(message);
  }

  private onMessage(raw: unknown): void {
    const parsed = parseViewMessage(raw);
    if (!parsed.ok) { this.env.log?.warn(`profile view: ignored message (${parsed.received}): ${parsed.reason}`); return; }
    const m = parsed.message;
    switch (m.type) {
      case 'ready':
        // A reloaded view announces itself again: resend what it shows.
        this.ready = true;
        this.lastHighlight = '';
        for (const p of this.shown) this.post(p);
        if (vscode.window.activeTextEditor) this.onSelection(vscode.window.activeTextEditor);
        break;
      case 'reveal':
        void this.reveal(m.source);
        break;
      case 'export':
        void this.export(m.format, m.dataUrl);
        break;
      case 'invalidMessage':
        this.env.log?.warn(`profile view rejected a '${m.received}' message: ${m.reason}`);
        break;
    }
  }

  private async reveal(source: SourceLocation): Promise<void> {
    const file = resolveSourcePath(source.path, this.bases);
    if (!file) { void vscode.window.showWarningMessage(`NKI: cannot find ${source.path} to show line ${source.line + 1}.`); return; }
    const uri = vscode.Uri.file(file);
    const position = new vscode.Position(source.line, source.character);
    // Beside the profile: in the column that already shows the file, else the other column.
    const shown = vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === uri.fsPath);
    const viewColumn = shown?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(uri, { viewColumn, selection: new vscode.Range(position, position), preserveFocus: false });
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  private async export(format: ExportFormat, dataUrl: string | undefined): Promise<void> {
    const profile = this.profile;
    if (!profile) return;
    const plan = planExport(format, profile, dataUrl);
    const folder = this.bases[0];
    const target = await vscode.window.showSaveDialog({
      title: `Export ${profile.kernel} profile`,
      defaultUri: folder ? vscode.Uri.file(join(folder, plan.fileName)) : undefined,
      filters: plan.filters,
      saveLabel: 'Export',
    });
    if (!target) return;
    try {
      if (target.scheme === 'file') await writeChunks(target.fsPath, plan.chunks());
      else await vscode.workspace.fs.writeFile(target, Buffer.concat([...plan.chunks()].map((c) => (typeof c === 'string' ? Buffer.from(c) : c))));
      void vscode.window.showInformationMessage(`NKI: saved ${vscode.workspace.asRelativePath(target)}`);
    } catch (err) {
      void vscode.window.showErrorMessage(`NKI: could not save ${target.fsPath}: ${(err as Error).message}`);
    }
  }

  /** Editor → view: the selected lines of a profiled file (nothing selected clears). */
  private onSelection(editor: vscode.TextEditor): void {
    if (!this.profile || editor.document.uri.scheme !== 'file') return;
    const path = profilePathFor(this.paths, editor.document.uri.fsPath);
    if (!path) return;
    const lines = selectedLines(editor.selections);
    clearTimeout(this.selectionTimer);
    this.selectionTimer = setTimeout(() => {
      const key = `${path}|${lines.join(',')}`;
      if (key === this.lastHighlight || (lines.length === 0 && this.lastHighlight === '')) return;
      this.lastHighlight = lines.length ? key : '';
      this.post({ type: 'highlightLines', version: PROTOCOL_VERSION, path, lines });
    }, SELECTION_DELAY_MS);
  }

  dispose(): void {
    clearTimeout(this.selectionTimer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
