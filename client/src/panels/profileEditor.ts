/**
 * `*.nkiprofile.json` files open in the profile viewer (a read-only custom editor). The document
 * is the parsed profile; a file that is not a profile shows why instead of the viewer. When the
 * file is rewritten (e.g. `nki-studio profile --out` again), the view shows the new run with the
 * previous one as the Compare tab's baseline. VS Code
 * reopens custom editors itself after a reload, and the view restores its own state (viewport,
 * tab, selection) from `getState` because the kernel matches.
 */
import * as vscode from 'vscode';
import type { Profile } from '../../../simulator/src/profile/schema';
import { viewerHtml, viewerOptions } from './html';
import { parseProfileBytes, type ProfileRead } from './profileFiles';
import { ProfileSession, type SessionEnv } from './profileSession';

class ProfileDocument implements vscode.CustomDocument {
  constructor(readonly uri: vscode.Uri, readonly read: ProfileRead) {}
  dispose(): void { /* nothing held beyond the parsed profile */ }
}

/** Reads a profile document through the workspace file system (works for any scheme). */
export async function readProfileDocument(uri: vscode.Uri): Promise<ProfileRead> {
  const name = uri.path.split('/').pop() ?? uri.toString();
  try {
    return parseProfileBytes(await vscode.workspace.fs.readFile(uri), name);
  } catch (err) {
    return { ok: false, message: `${name} could not be read: ${(err as Error).message}` };
  }
}

export class ProfileEditorProvider implements vscode.CustomReadonlyEditorProvider<ProfileDocument> {
  static readonly viewType = 'nkiStudio.profileEditor';

  constructor(private readonly extensionUri: vscode.Uri, private readonly env: SessionEnv) {}

  async openCustomDocument(uri: vscode.Uri): Promise<ProfileDocument> {
    return new ProfileDocument(uri, await readProfileDocument(uri));
  }

  resolveCustomEditor(document: ProfileDocument, panel: vscode.WebviewPanel): void {
    panel.webview.options = viewerOptions(this.extensionUri);
    const read = document.read;
    if (!read.ok) {
      panel.webview.html = viewerHtml(panel.webview, this.extensionUri, read.message);
      return;
    }
    panel.webview.html = viewerHtml(panel.webview, this.extensionUri);
    const session = new ProfileSession(panel, this.env);
    panel.onDidDispose(() => session.dispose());
    const fromFile = document.uri.scheme === 'file' ? { fromFile: document.uri.fsPath } : {};
    let shown: Profile = read.profile;
    session.load(shown, fromFile);
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(document.uri, '..'), document.uri.path.split('/').pop()!), true, false, true);
    const reload = async (): Promise<void> => {
      const again = await readProfileDocument(document.uri);
      if (!again.ok) { this.env.log?.warn(`profile editor: ${again.message}`); return; }
      const previous = shown;
      shown = again.profile;
      session.load(shown, { ...fromFile, ...(previous.kernel === shown.kernel ? { baseline: previous } : {}) });
    };
    watcher.onDidChange(() => void reload());
    panel.onDidDispose(() => watcher.dispose());
  }
}
