/**
 * Registers the profile viewer's VS Code glue at activation: the panel serializer (panels come
 * back after a reload, via the `onWebviewPanel:nkiStudio.profile` activation event) and the
 * custom editor for `*.nkiprofile.json`. Both are cheap: nothing is read until a view opens.
 */
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ProfileEditorProvider } from './profileEditor';
import { ProfileCache } from './profileFiles';
import { configurePanels, ProfilePanel, ProfilePanelSerializer, type PanelEnv } from './profilePanel';

export function registerProfileViewer(extension: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable {
  const storage = extension.storageUri ?? extension.globalStorageUri;
  const env: PanelEnv = { extensionUri: extension.extensionUri, cache: new ProfileCache(join(storage.fsPath, 'panel-profiles')), log };
  configurePanels(env);
  return vscode.Disposable.from(
    vscode.window.registerWebviewPanelSerializer(ProfilePanel.viewType, new ProfilePanelSerializer(env)),
    vscode.window.registerCustomEditorProvider(ProfileEditorProvider.viewType, new ProfileEditorProvider(extension.extensionUri, env), {
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: true,
    }),
  );
}
