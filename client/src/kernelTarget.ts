/**
 * Which kernel a command applies to, and its input shapes. The kernel comes from the CodeLens
 * argument (`{uri, kernel}`) or the active editor (the kernel under the cursor, else a pick);
 * kernels are the language server's document symbols whose detail says "NKI kernel", so the
 * client never parses Python. Shapes come from the `# nki-studio: shapes` comment above the
 * kernel, else from what the user typed last time for that kernel (workspace state), else the
 * input box.
 */
import * as vscode from 'vscode';
import type { ShapeSpec } from '../../simulator/src/kernel/shapeSpec';
import { directiveLine, directiveOf, formatShapes, parseShapesInput, suggestShapes } from './shapes';

export interface KernelRef { uri: string; kernel: string }

export interface KernelTarget {
  doc: vscode.TextDocument;
  kernel: string;
  /** 0-based lines from the first decorator to the end of the kernel, when the server knows it. */
  lines?: { start: number; end: number };
}

function flatten(symbols: readonly vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  return symbols.flatMap((s) => [s, ...flatten(s.children ?? [])]);
}

async function kernelsOf(doc: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[] | undefined>('vscode.executeDocumentSymbolProvider', doc.uri);
  return flatten(symbols ?? []).filter((s) => /NKI kernel/.test(s.detail));
}

function linesOf(doc: vscode.TextDocument, symbol: vscode.DocumentSymbol): { start: number; end: number } {
  let start = symbol.range.start.line;
  while (start > 0 && doc.lineAt(start - 1).text.trimStart().startsWith('@')) start--;
  return { start, end: symbol.range.end.line };
}

/** The kernel a command applies to: its argument, or the one under the cursor / picked. */
export async function resolveKernel(arg: unknown): Promise<KernelTarget | undefined> {
  const ref = arg as Partial<KernelRef> | undefined;
  if (typeof ref?.uri === 'string' && typeof ref.kernel === 'string') {
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(ref.uri));
    const symbol = (await kernelsOf(doc)).find((k) => k.name === ref.kernel);
    return { doc, kernel: ref.kernel, lines: symbol && linesOf(doc, symbol) };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'python') {
    void vscode.window.showInformationMessage('NKI: open a kernel file first.');
    return undefined;
  }
  const kernels = await kernelsOf(editor.document);
  if (kernels.length === 0) {
    void vscode.window.showInformationMessage('NKI: no kernel (@nki.jit function) in this file.');
    return undefined;
  }
  const here = kernels.find((k) => linesOf(editor.document, k).start <= editor.selection.active.line && k.range.end.line >= editor.selection.active.line);
  const symbol = here ?? (kernels.length === 1 ? kernels[0] : await pickKernel(kernels));
  return symbol ? { doc: editor.document, kernel: symbol.name, lines: linesOf(editor.document, symbol) } : undefined;
}

async function pickKernel(kernels: vscode.DocumentSymbol[]): Promise<vscode.DocumentSymbol | undefined> {
  const picked = await vscode.window.showQuickPick(kernels.map((k) => ({ label: k.name, description: k.detail, symbol: k })), { title: 'NKI: Which kernel?' });
  return picked?.symbol;
}

/** The shapes comment directly above the kernel's decorators, with its line. */
export function directiveAbove(t: KernelTarget): { line: number; specs: ShapeSpec[] } | undefined {
  if (!t.lines || t.lines.start === 0) return undefined;
  const line = t.lines.start - 1;
  const specs = directiveOf(t.doc.lineAt(line).text);
  return specs ? { line, specs } : undefined;
}

function memoryKey(t: KernelTarget): string {
  return `shapes:${t.doc.uri.toString()}#${t.kernel}`;
}

/** Shapes typed for this kernel before, per workspace. */
export function rememberedShapes(state: vscode.Memento, t: KernelTarget): ShapeSpec[] | undefined {
  const text = state.get<string>(memoryKey(t));
  const parsed = text === undefined ? undefined : parseShapesInput(text);
  return parsed?.ok ? parsed.specs : undefined;
}

export async function rememberShapes(state: vscode.Memento, t: KernelTarget, specs: readonly ShapeSpec[]): Promise<void> {
  await state.update(memoryKey(t), formatShapes(specs));
}

/** Asks for input shapes, validated as the user types; undefined when dismissed. */
export async function askShapes(t: KernelTarget, initial: readonly ShapeSpec[], missing: readonly string[] = []): Promise<ShapeSpec[] | undefined> {
  const value = suggestShapes(initial, missing);
  const text = await vscode.window.showInputBox({
    title: `NKI: Input shapes of ${t.kernel}`,
    prompt: missing.length ? `Shapes needed for ${missing.join(', ')}. One NAME=DTYPE[D0,D1,...] per input.` : 'One NAME=DTYPE[D0,D1,...] per input, e.g. a=bfloat16[128,512]',
    value,
    ignoreFocusOut: true,
    validateInput: (input) => {
      const r = parseShapesInput(input, missing);
      return r.ok ? undefined : r.error;
    },
  });
  if (text === undefined) return undefined;
  const r = parseShapesInput(text, missing);
  return r.ok ? r.specs : undefined;
}

/** Writes (or replaces) the shapes comment above the kernel. Only ever called from a user's click. */
export async function insertDirective(t: KernelTarget, specs: readonly ShapeSpec[]): Promise<boolean> {
  if (!t.lines) return false;
  const existing = directiveAbove(t);
  const indent = t.doc.lineAt(t.lines.start).text.match(/^\s*/)?.[0] ?? '';
  const line = directiveLine(specs, indent);
  const edit = new vscode.WorkspaceEdit();
  if (existing) edit.replace(t.doc.uri, t.doc.lineAt(existing.line).range, line);
  else edit.insert(t.doc.uri, new vscode.Position(t.lines.start, 0), `${line}\n`);
  return vscode.workspace.applyEdit(edit);
}
