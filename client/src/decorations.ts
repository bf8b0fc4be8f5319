/**
 * Editor decorations after a profile: each line's share of the kernel's engine time, after the
 * line ("afterLine") or as a bar in the gutter ("gutter"), per `nkiStudio.profile.decorations`.
 * A kernel's decorations go away when that kernel or a decorated line is edited (the numbers
 * would be stale); other edits just move them.
 */
import * as vscode from 'vscode';
import { formatNs } from '../../simulator/src/profile/format';
import { formatShare, lineShares, marksAfterEdit, shareLevel, type KernelMarks, type LineShare } from './lineShares';
import type { Profile } from '../../simulator/src/profile/schema';

export type DecorationStyle = 'afterLine' | 'gutter' | 'off';
const GUTTER_LEVELS = 8;

function gutterIcon(level: number): vscode.Uri {
  const width = Math.round(((level + 1) / GUTTER_LEVELS) * 14) + 1;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16"><rect x="0" y="4" width="${width}" height="8" rx="1" fill="#e0913a"/></svg>`;
  return vscode.Uri.parse(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);
}

export function decorationStyle(): DecorationStyle {
  const v = vscode.workspace.getConfiguration('nkiStudio').get('profile.decorations');
  return v === 'gutter' || v === 'off' ? v : 'afterLine';
}

export class ProfileDecorations implements vscode.Disposable {
  private readonly afterLine = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em', fontStyle: 'italic' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly gutter = Array.from({ length: GUTTER_LEVELS }, (_, level) => vscode.window.createTextEditorDecorationType({
    gutterIconPath: gutterIcon(level), gutterIconSize: 'contain',
  }));
  /** document uri -> kernel -> marks */
  private readonly marks = new Map<string, Map<string, KernelMarks>>();
  private readonly listeners: vscode.Disposable[];

  constructor() {
    this.listeners = [
      vscode.workspace.onDidChangeTextDocument((e) => this.onEdit(e)),
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((ed) => this.apply(ed))),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('nkiStudio.profile.decorations')) vscode.window.visibleTextEditors.forEach((ed) => this.apply(ed));
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.marks.delete(d.uri.toString())),
    ];
  }

  /** Shows `profile`'s per-line shares in `doc` for the kernel spanning lines start..end. */
  show(doc: vscode.TextDocument, kernel: string, lines: { start: number; end: number }, profile: Pick<Profile, 'lines'>): void {
    const uri = doc.uri.toString();
    const perKernel = this.marks.get(uri) ?? new Map<string, KernelMarks>();
    this.marks.set(uri, perKernel);
    // All lines of this file: helpers the kernel calls carry time too.
    perKernel.set(kernel, { ...lines, shares: lineShares(profile, doc.uri.fsPath) });
    for (const ed of vscode.window.visibleTextEditors) if (ed.document === doc) this.apply(ed);
  }

  /** The kernels of a document that currently show shares (for tests and the clear command). */
  kernelsWithMarks(doc: vscode.TextDocument): string[] {
    return [...(this.marks.get(doc.uri.toString())?.keys() ?? [])];
  }

  private onEdit(e: vscode.TextDocumentChangeEvent): void {
    const perKernel = this.marks.get(e.document.uri.toString());
    if (!perKernel || e.contentChanges.length === 0) return;
    for (const [kernel, marks] of perKernel) {
      let m: KernelMarks | undefined = marks;
      for (const c of e.contentChanges) {
        m = m && marksAfterEdit(m, c.range.start.line, c.range.end.line, c.text.match(/\n/g)?.length ?? 0);
      }
      if (m) perKernel.set(kernel, m);
      else perKernel.delete(kernel);
    }
    for (const ed of vscode.window.visibleTextEditors) if (ed.document === e.document) this.apply(ed);
  }

  private apply(editor: vscode.TextEditor): void {
    const style = decorationStyle();
    const shares = [...(this.marks.get(editor.document.uri.toString())?.values() ?? [])].flatMap((m) => m.shares)
      .filter((s) => s.line < editor.document.lineCount);
    const hover = (s: LineShare) => new vscode.MarkdownString(
      `**${formatShare(s.share)}** of the kernel's engine time: ${formatNs(s.timeNs)} in ${s.instructions} instruction${s.instructions === 1 ? '' : 's'} (model estimate)`);
    const lineRange = (s: LineShare) => editor.document.lineAt(s.line).range;
    editor.setDecorations(this.afterLine, style !== 'afterLine' ? [] : shares.map((s) => ({
      range: lineRange(s), hoverMessage: hover(s),
      renderOptions: { after: { contentText: `${formatShare(s.share)} · ${formatNs(s.timeNs)}` } },
    })));
    this.gutter.forEach((type, level) => editor.setDecorations(type, style !== 'gutter' ? [] : shares
      .filter((s) => shareLevel(s.share, GUTTER_LEVELS) === level).map((s) => ({ range: lineRange(s), hoverMessage: hover(s) }))));
  }

  dispose(): void {
    for (const d of this.listeners) d.dispose();
    this.afterLine.dispose();
    for (const g of this.gutter) g.dispose();
    this.marks.clear();
  }
}
