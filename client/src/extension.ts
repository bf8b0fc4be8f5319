/**
 * Entry point. Activation must stay cheap (it happens for every Python file): it registers the
 * commands and the status bar, and starts the language server only once a document that imports
 * NKI is open. The server and simulator are separate bundles loaded lazily.
 */
import * as vscode from 'vscode';
import { Ctx } from './context';
import { registerCommands } from './commands';
import { importsNki } from './nkiDetect';
import { registerProfileViewer } from './panels/register';

let ctx: Ctx | undefined;

export function activate(extension: vscode.ExtensionContext): { activationMs: number } {
  const started = performance.now();
  ctx = new Ctx(extension);
  const c = ctx;
  registerCommands(c);
  c.pushExtensionCleanup(registerProfileViewer(extension, c.output));

  const maybeStart = (doc: vscode.TextDocument): void => {
    if (doc.languageId !== 'python' || c.serverRunning) return;
    if (!importsNki(doc.getText())) return;
    c.statusBar.show();
    void c.startServer();
  };
  // `nkiStudio.nkiFile` shows the kernel commands in the editor's title bar and context menu.
  const onActive = (editor: vscode.TextEditor | undefined): void => {
    const nki = !!editor && editor.document.languageId === 'python' && importsNki(editor.document.getText());
    void vscode.commands.executeCommand('setContext', 'nkiStudio.nkiFile', nki);
    if (editor) maybeStart(editor.document);
    c.activeEditorChanged(editor);
  };
  c.pushExtensionCleanup(vscode.workspace.onDidOpenTextDocument(maybeStart));
  c.pushExtensionCleanup(vscode.window.onDidChangeActiveTextEditor(onActive));
  // The server process starts after activation returns: forking it is not activation work.
  setTimeout(() => onActive(vscode.window.activeTextEditor), 0);
  c.pushExtensionCleanup(vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('nkiStudio')) c.statusBar.render();
  }));
  setTimeout(() => { for (const doc of vscode.workspace.textDocuments) maybeStart(doc); }, 0);

  const activationMs = performance.now() - started;
  c.output.info(`NKI Studio ${extension.extension.packageJSON.version as string} activated in ${activationMs.toFixed(1)} ms`);
  return { activationMs };
}

export async function deactivate(): Promise<void> {
  await ctx?.dispose();
  ctx = undefined;
}
