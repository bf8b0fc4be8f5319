/**
 * The command table: command id (without the `nkiStudio.` prefix) -> factory from the context to
 * a handler. Each handler is a small function; larger flows live in their own modules.
 */
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { config, TARGETS, type Target } from './config';
import type { CommandName } from './commandNames';
import { compareWithPrevious, exportChromeTrace, openProfile, runAndProfile } from './profileCommands';
import { runKernel } from './runKernelCommand';
import { showQwen3Speedups, useKernelInQwen3 } from './qwen3Commands';

type Command = (ctx: Ctx) => (...args: unknown[]) => unknown;

const TARGET_DESCRIPTIONS: Record<Target, string> = {
  trn1: 'Trainium1 / Inferentia2 · NeuronCore-v2',
  trn2: 'Trainium2 · NeuronCore-v3',
  trn3: 'Trainium3 · NeuronCore-v4',
};

export const commands: Record<CommandName, Command> = {
  runAndProfile: (ctx) => (arg) => runAndProfile(ctx, arg),
  // "Profile with Shapes…" (the CodeLens "Shapes…"): always asks for the shapes first.
  editShapes: (ctx) => (arg) => runAndProfile(ctx, arg, true),
  compareWithPrevious: (ctx) => (arg) => compareWithPrevious(ctx, arg),
  openProfile: (ctx) => () => openProfile(ctx),
  exportChromeTrace: (ctx) => (arg) => exportChromeTrace(ctx, arg),
  runKernel: (ctx) => (arg) => runKernel(ctx, arg),
  showQwen3Speedups: (ctx) => (arg) => showQwen3Speedups(ctx, arg),
  useKernelInQwen3: (ctx) => (arg) => useKernelInQwen3(ctx, arg),

  // The walkthrough's example: a copy in the extension's storage, so the user may edit it freely.
  openExample: (ctx) => async () => {
    const copy = vscode.Uri.joinPath(ctx.extension.globalStorageUri, 'examples', 'scale_add.py');
    const exists = await vscode.workspace.fs.stat(copy).then(() => true, () => false);
    if (!exists) await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(copy, '..'));
    if (!exists) await vscode.workspace.fs.copy(vscode.Uri.joinPath(ctx.extension.extensionUri, 'media', 'walkthrough', 'scale_add.py'), copy);
    await vscode.window.showTextDocument(copy, { preview: false });
  },

  selectTarget: () => async () => {
    const current = config.target();
    const picked = await vscode.window.showQuickPick(
      TARGETS.map((t) => ({ label: t, description: TARGET_DESCRIPTIONS[t], detail: t === current ? 'current' : undefined })),
      { title: 'NKI: Select Target', placeHolder: `Current target: ${current}` },
    );
    if (picked) await config.setTarget(picked.label as Target);
  },

  restartServer: (ctx) => async () => {
    ctx.output.info('Restarting the language server');
    await ctx.restartServer();
  },

  showOutput: (ctx) => () => ctx.output.show(true),
};

export function registerCommands(ctx: Ctx): void {
  for (const [name, factory] of Object.entries(commands)) {
    ctx.pushExtensionCleanup(vscode.commands.registerCommand(`nkiStudio.${name}`, factory(ctx)));
  }
}
