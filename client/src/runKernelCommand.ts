/**
 * "NKI: Run Kernel": runs the kernel on the CPU simulator with NKI numerics (seeded random
 * inputs of the kernel's shapes) via `nki-studio run --format json` and shows each output's
 * shape, dtype, min/max/mean, NaN/Inf counts and, once the user picked a reference .npy, the
 * comparison with it, in a read-only Markdown results view. Outputs are written as .npy under
 * the extension's storage folder; references are remembered per kernel.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { cliError } from './cliProcess';
import { kernelArgs, runWithShapes, withCli } from './profileCommands';
import { rememberShapes, resolveKernel, type KernelTarget } from './kernelTarget';
import { describeOutput, needsAttention, parseRunSummary, runSummaryMarkdown, type RunSummary } from './runSummary';
import type { ShapeSpec } from '../../simulator/src/kernel/shapeSpec';

const SCHEME = 'nki-studio-run';
const REFERENCES = 'run.references';

/** The results documents (virtual, read-only), by URI. */
class ResultsDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }
}

let results: ResultsDocuments | undefined;

async function showResults(ctx: Ctx, t: KernelTarget, summary: RunSummary): Promise<void> {
  if (!results) {
    results = new ResultsDocuments();
    ctx.pushExtensionCleanup(vscode.workspace.registerTextDocumentContentProvider(SCHEME, results));
  }
  const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${t.kernel} results.md`, query: t.doc.uri.toString() });
  results.set(uri, runSummaryMarkdown(summary, vscode.workspace.asRelativePath(t.doc.uri)));
  try {
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  } catch {
    await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  }
}

type References = Record<string, string[]>;
const keyOf = (t: KernelTarget): string => `${t.doc.uri.toString()}#${t.kernel}`;

function referencesOf(ctx: Ctx, t: KernelTarget): string[] {
  return ctx.extension.workspaceState.get<References>(REFERENCES, {})[keyOf(t)] ?? [];
}

async function setReferences(ctx: Ctx, t: KernelTarget, specs: string[]): Promise<void> {
  const all = { ...ctx.extension.workspaceState.get<References>(REFERENCES, {}) };
  if (specs.length) all[keyOf(t)] = specs;
  else delete all[keyOf(t)];
  await ctx.extension.workspaceState.update(REFERENCES, all);
}

/** Asks for a reference .npy for one of the outputs; returns `--compare` specs (NAME=PATH). */
async function askReference(t: KernelTarget, summary: RunSummary, current: string[]): Promise<string[] | undefined> {
  let name: string | undefined = summary.outputs[0]?.name;
  if (summary.outputs.length > 1) {
    name = (await vscode.window.showQuickPick(summary.outputs.map((o) => o.name), { title: `NKI: Output of ${t.kernel} to compare` }));
  }
  if (!name) return undefined;
  const picked = await vscode.window.showOpenDialog({
    title: `NKI: Reference for ${name} of ${t.kernel}`, canSelectMany: false, filters: { 'NumPy array': ['npy'] },
    defaultUri: vscode.Uri.joinPath(t.doc.uri, '..'),
  });
  if (!picked?.[0]) return undefined;
  return [...current.filter((s) => !s.startsWith(`${name}=`)), `${name}=${picked[0].fsPath}`];
}

export async function runKernel(ctx: Ctx, arg: unknown): Promise<void> {
  const t = await resolveKernel(arg);
  if (!t) return;
  if (t.doc.isDirty) await t.doc.save();
  const base = ctx.extension.storageUri ?? ctx.extension.globalStorageUri;
  const out = vscode.Uri.joinPath(base, 'runs', createHash('sha1').update(`${t.doc.uri.fsPath}\0${t.kernel}`).digest('hex').slice(0, 16)).fsPath;
  let references = referencesOf(ctx, t);
  const run = (shapes: ShapeSpec[] | undefined) => withCli(ctx, `NKI: Running ${t.kernel}`,
    ['run', ...kernelArgs(t, shapes), '--out', out, ...references.flatMap((r) => ['--compare', r]), '--format', 'json']);
  for (;;) {
    const outcome = await runWithShapes(ctx, t, false, run, 'run');
    if (!outcome) return;
    const { result, typed: shapes } = outcome;
    if (result.cancelled) return;
    // Exit 1 with a summary and no error: the run completed and an output differs from its reference.
    const summary = parseRunSummary(result.stdout);
    if (typeof summary === 'string' || summary.error !== undefined) {
      const message = result.code !== 0 ? cliError(result, 'run') : `the run's summary could not be read (${String(summary)})`;
      ctx.output.warn(`run of ${t.kernel} failed: ${message}`);
      const choice = await vscode.window.showWarningMessage(`NKI: ${message}`, 'Show Output', ...(references.length ? ['Forget Reference'] : []));
      if (choice === 'Show Output') ctx.output.show(true);
      if (choice === 'Forget Reference') await setReferences(ctx, t, []);
      return;
    }
    if (shapes) await rememberShapes(ctx.extension.workspaceState, t, shapes);
    ctx.output.info(summary.outputs.map(describeOutput).join('\n') || `${t.kernel}: no output`);
    await showResults(ctx, t, summary);
    const text = summary.outputs.length ? summary.outputs.map(describeOutput).join('; ') : 'the kernel returned no output';
    const warn = summary.warnings.length ? ` ${summary.warnings.length} warning(s).` : '';
    const show = needsAttention(summary) ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    const compare = summary.outputs.length ? 'Compare with Reference…' : undefined;
    const choice = await show(`NKI: ${t.kernel}: ${text}.${warn}`, ...[compare].filter((x): x is string => !!x));
    if (choice !== compare) return;
    const specs = await askReference(t, summary, references);
    if (!specs) return;
    references = specs;
    await setReferences(ctx, t, specs);
  }
}
