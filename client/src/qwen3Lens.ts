/**
 * Adds "Use in Qwen3 Layer…" next to the server's "Run & Profile" lens of attention kernels. The
 * server says where kernels are; only attention kernels can stand in for a Qwen3 layer's
 * attention, so the lens is offered where the name says attention (the palette command works
 * for any kernel).
 */
import * as vscode from 'vscode';

const ATTENTION_NAME = /attn|attention|sdpa|flash/i;

export function qwen3Lenses(lenses: vscode.CodeLens[] | null | undefined): vscode.CodeLens[] | null | undefined {
  if (!lenses) return lenses;
  const extra: vscode.CodeLens[] = [];
  for (const lens of lenses) {
    const cmd = lens.command;
    const arg = cmd?.arguments?.[0] as { kernel?: unknown } | undefined;
    if (cmd?.command === 'nkiStudio.runAndProfile' && typeof arg?.kernel === 'string' && ATTENTION_NAME.test(arg.kernel)) {
      extra.push(new vscode.CodeLens(lens.range, { title: 'Use in Qwen3 Layer…', command: 'nkiStudio.useKernelInQwen3', arguments: cmd.arguments }));
    }
  }
  return [...lenses, ...extra];
}
