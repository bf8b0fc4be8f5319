/**
 * Run & Profile and Shapes… for a kernel: the CodeLens arguments (`{uri, kernel}`) or, from the
 * palette, the active editor's kernels as the language server reports them (document symbols
 * whose detail says "NKI kernel"). The client never parses Python itself.
 */
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { config } from './config';
import { runProfile } from './profileRunner';
import { ProfilePanel } from './panels/profilePanel';
import { parseShapeSpec, parseShapesDirective } from '../../simulator/src/kernel/shapeSpec';

export interface KernelRef { uri: string; kernel: string }

async function kernelsOf(doc: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
  const symbols = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri)) ?? [];
  return symbols.filter((s) => /NKI kernel/.test(s.detail));
}

/** The kernel a command applies to: its argument, or one picked from the active editor. */
async function resolveKernel(arg: unknown): Promise<{ doc: vscode.TextDocument; kernel: string } | undefined> {
  const ref = arg as Partial<KernelRef> | undefined;
  if (ref?.uri && ref.kernel) return { doc: await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri)), kernel: ref.kernel };
  const editor = vscode.window.activeTextEditor;
  if (!editor) { void vscode.window.showInformationMessage('NKI: open a kernel file first.'); return undefined; }
  const kernels = await kernelsOf(editor.document);
  if (kernels.length === 0) { void vscode.window.showInformationMessage('NKI: no kernel (@nki.jit function) in this file.'); return undefined; }
  const here = kernels.find((k) => k.range.contains(editor.selection.active));
  const name = here?.name ?? (kernels.length === 1 ? kernels[0].name : (await vscode.window.showQuickPick(kernels.map((k) => k.name), { title: 'NKI: which kernel?' })));
  return name ? { doc: editor.document, kernel: name } : undefined;
}

export async function runAndProfile(ctx: Ctx, arg: unknown): Promise<void> {
  const target = await resolveKernel(arg);
  if (!target) return;
  if (target.doc.isDirty) await target.doc.save();
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `NKI: profiling ${target.kernel}`, cancellable: true },
    (_progress, token) => runProfile({
      cliPath: ctx.extension.asAbsolutePath('dist/cli.js'), file: target.doc.uri.fsPath, kernel: target.kernel,
      target: config.target(), nkiVersion: config.nkiVersion(),
    }, token),
  );
  if (outcome.ok) {
    ctx.output.info(outcome.summary);
    ProfilePanel.show(ctx.extension.extensionUri, outcome.profile);
  } else if (!outcome.cancelled) {
    ctx.output.warn(`profile of ${target.kernel} failed: ${outcome.message}`);
    const choice = await vscode.window.showWarningMessage(`NKI: ${outcome.message}`, ...(/shape/.test(outcome.message) ? ['Set Shapes…'] : []));
    if (choice) await editShapes({ uri: target.doc.uri.toString(), kernel: target.kernel });
  }
}

/** Asks for the kernel's input shapes (validated as you type) and writes the directive above it. */
export async function editShapes(arg: unknown): Promise<void> {
  const target = await resolveKernel(arg);
  if (!target) return;
  const kernel = (await kernelsOf(target.doc)).find((k) => k.name === target.kernel);
  if (!kernel) return;
  // The directive sits directly above the kernel's first decorator.
  let line = kernel.range.start.line;
  while (line > 0 && target.doc.lineAt(line - 1).text.trimStart().startsWith('@')) line--;
  const above = line > 0 ? target.doc.lineAt(line - 1) : undefined;
  const existing = above ? parseShapesDirective(above.text.replace(/^\s*#/, '')) : undefined;
  const value = await vscode.window.showInputBox({
    title: `NKI: input shapes of ${target.kernel}`,
    prompt: 'One ARG=DTYPE[D0,D1,...] per input, separated by spaces, e.g. a=bfloat16[128,512] b=bfloat16[128,512]',
    value: existing?.specs.map((s) => `${s.arg}=${s.dtype}[${s.shape.join(',')}]`).join(' ') ?? '',
    validateInput: (text) => {
      const tokens = text.trim().split(/\s+/).filter(Boolean);
      if (tokens.length === 0) return 'Give at least one input shape.';
      for (const t of tokens) { const r = parseShapeSpec(t); if (!r.ok) return r.error; }
      return undefined;
    },
  });
  if (value === undefined) return;
  const indent = target.doc.lineAt(line).text.match(/^\s*/)?.[0] ?? '';
  const directive = `${indent}# nki-studio: shapes ${value.trim().split(/\s+/).join(' ')}`;
  const edit = new vscode.WorkspaceEdit();
  if (above && existing) edit.replace(target.doc.uri, above.range, directive);
  else edit.insert(target.doc.uri, new vscode.Position(line, 0), `${directive}\n`);
  await vscode.workspace.applyEdit(edit);
}
