/**
 * The command table: command id (without the `nkiStudio.` prefix) -> factory from the context to
 * a handler. Each handler is a small function; larger flows live in their own modules.
 */
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { config, TARGETS, type Target } from './config';
import type { CommandName } from './commandNames';
import { editShapes, runAndProfile } from './kernelCommands';

type Command = (ctx: Ctx) => (...args: unknown[]) => unknown;

const TARGET_DESCRIPTIONS: Record<Target, string> = {
  trn1: 'Trainium1 / Inferentia2 · NeuronCore-v2',
  trn2: 'Trainium2 · NeuronCore-v3',
  trn3: 'Trainium3 · NeuronCore-v4',
};

export const commands: Record<CommandName, Command> = {
  showOutput: (ctx) => () => ctx.output.show(true),

  restartServer: (ctx) => async () => {
    ctx.output.info('Restarting the language server');
    await ctx.restartServer();
  },

  runAndProfile: (ctx) => (arg) => runAndProfile(ctx, arg),

  editShapes: () => (arg) => editShapes(arg),

  selectTarget: () => async () => {
    const current = config.target();
    const picked = await vscode.window.showQuickPick(
      TARGETS.map((t) => ({ label: t, description: TARGET_DESCRIPTIONS[t], picked: t === current })),
      { title: 'NKI: Select Target', placeHolder: `Current target: ${current}` },
    );
    if (picked) await config.setTarget(picked.label as Target);
  },
};

export function registerCommands(ctx: Ctx): void {
  for (const [name, factory] of Object.entries(commands)) {
    ctx.pushExtensionCleanup(vscode.commands.registerCommand(`nkiStudio.${name}`, factory(ctx)));
  }
}
