/**
 * Run & Profile, Profile with Shapes…, Compare with Previous Run, Export Chrome Trace… and Open
 * Profile…. Profiles come from `nki-studio profile` in a child process (cliProcess.ts) with a
 * cancellable progress notification, and open in the profile viewer beside the code.
 */
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { config } from './config';
import { cliError, runCli, type CliResult } from './cliProcess';
import { missingInputs } from './shapes';
import {
  askShapes, directiveAbove, insertDirective, rememberShapes, rememberedShapes, resolveKernel, type KernelTarget,
} from './kernelTarget';
import { ProfilePanel } from './panels/profilePanel';
import { Qwen3Panel } from './qwen3Panel';
import { formatShapeSpec, type ShapeSpec } from '../../simulator/src/kernel/shapeSpec';
import { isProfile, type Profile } from '../../simulator/src/profile/schema';
import { formatNs } from '../../simulator/src/profile/format';
import { qwen3Problem } from '../../webviews/src/qwen3/types';

/** Runs the CLI with a cancellable progress notification while the status bar shows "simulating". */
export function withCli(ctx: Ctx, title: string, args: string[]): Promise<CliResult> {
  ctx.output.info(`nki-studio ${args.join(' ')}`);
  return ctx.statusBar.simulating(() => vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    (_progress, token) => runCli(ctx.cliPath, args, token, config.simulatorTimeoutMs()),
  ));
}

export function kernelArgs(t: KernelTarget, shapes: readonly ShapeSpec[] | undefined): string[] {
  return [t.doc.uri.fsPath, '--kernel', t.kernel, '--target', config.target(), '--nki-version', config.nkiVersion(), ...config.simulatorLimitArgs(),
    ...(shapes ?? []).flatMap((s) => ['--shape', formatShapeSpec(s)])];
}

/**
 * The shapes to pass on the command line: none when the file's comment gives them (the file is
 * the truth), else the remembered ones; `ask` always asks, starting from those.
 */
async function initialShapes(ctx: Ctx, t: KernelTarget, ask: boolean): Promise<{ shapes?: ShapeSpec[]; dismissed?: boolean }> {
  const remembered = rememberedShapes(ctx.extension.workspaceState, t);
  const directive = directiveAbove(t)?.specs;
  if (!ask) return { shapes: directive ? undefined : remembered };
  const shapes = await askShapes(t, remembered ?? directive ?? []);
  return shapes ? { shapes } : { dismissed: true };
}

/**
 * Runs a CLI command for a kernel; when it fails for lack of input shapes, asks for them (the
 * names the simulator reports) and runs once more. `typed`: the shapes passed on the command
 * line, for the caller to remember once it knows the run succeeded.
 */
export async function runWithShapes(ctx: Ctx, t: KernelTarget, ask: boolean, run: (shapes: ShapeSpec[] | undefined) => Promise<CliResult>, command: string):
  Promise<{ result: CliResult; typed?: ShapeSpec[] } | undefined> {
  const first = await initialShapes(ctx, t, ask);
  if (first.dismissed) return undefined;
  let shapes = first.shapes;
  let result = await run(shapes);
  const missing = result.cancelled || result.code === 0 ? [] : missingInputs(cliError(result, command));
  if (missing.length) {
    shapes = await askShapes(t, shapes ?? rememberedShapes(ctx.extension.workspaceState, t) ?? [], missing);
    if (!shapes) return undefined;
    result = await run(shapes);
  }
  return { result, typed: shapes };
}

export async function runAndProfile(ctx: Ctx, arg: unknown, ask = false): Promise<void> {
  const t = await resolveKernel(arg);
  if (!t) return;
  if (t.doc.isDirty) await t.doc.save();
  const file = t.doc.uri.fsPath;
  const outcome = await runWithShapes(ctx, t, ask, (shapes) => withCli(ctx, `NKI: Profiling ${t.kernel}`,
    ['profile', ...kernelArgs(t, shapes), '--out', ctx.profiles.nextPath(file, t.kernel)]), 'profile');
  if (!outcome) return;
  const { result, typed } = outcome;
  if (result.cancelled) return ctx.profiles.discardNext(file, t.kernel);
  if (result.code !== 0) {
    ctx.profiles.discardNext(file, t.kernel);
    const message = cliError(result, 'profile');
    ctx.output.warn(`profile of ${t.kernel} failed: ${message}`);
    const choice = await vscode.window.showWarningMessage(`NKI: ${message}`, 'Show Output');
    if (choice) ctx.output.show(true);
    return;
  }
  if (typed) await rememberShapes(ctx.extension.workspaceState, t, typed);
  ctx.profiles.promote(file, t.kernel);
  ctx.output.info(result.stdout.trim());
  const profile = ctx.profiles.read(file, t.kernel, 'latest');
  if (!profile) {
    void vscode.window.showErrorMessage('NKI: the profile could not be read. See the output for details.');
    return;
  }
  ProfilePanel.show(ctx.extension.extensionUri, profile);
  if (t.lines) ctx.decorations.show(t.doc, t.kernel, t.lines, profile);
  await offerFollowUps(ctx, t, profile, typed);
}

/** After a run: the time, and buttons to save the typed shapes in the file or compare runs. */
async function offerFollowUps(ctx: Ctx, t: KernelTarget, profile: Profile, typed: ShapeSpec[] | undefined): Promise<void> {
  const directive = directiveAbove(t);
  const differs = typed && (!directive || directive.specs.map(formatShapeSpec).join(' ') !== typed.map(formatShapeSpec).join(' '));
  const addComment = differs ? (directive ? 'Update Shapes Comment' : 'Add Shapes Comment') : undefined;
  const compare = ctx.profiles.path(t.doc.uri.fsPath, t.kernel, 'previous') ? 'Compare with Previous' : undefined;
  const choice = await vscode.window.showInformationMessage(
    `NKI: ${t.kernel} ≈ ${formatNs(profile.summary.totalNs)} on ${profile.target} (estimate)`,
    ...[addComment, compare].filter((x): x is string => !!x));
  if (choice && choice === addComment && typed) await insertDirective(t, typed);
  else if (choice && choice === compare) await compareWithPrevious(ctx, { uri: t.doc.uri.toString(), kernel: t.kernel });
}

export async function compareWithPrevious(ctx: Ctx, arg: unknown): Promise<void> {
  const t = await resolveKernel(arg);
  if (!t) return;
  const file = t.doc.uri.fsPath;
  const latest = ctx.profiles.read(file, t.kernel, 'latest');
  const previous = ctx.profiles.read(file, t.kernel, 'previous');
  if (!latest || !previous) {
    void vscode.window.showInformationMessage(`NKI: Run & Profile ${t.kernel} twice to compare runs.`);
    return;
  }
  ProfilePanel.show(ctx.extension.extensionUri, latest, previous);
}

export async function exportChromeTrace(ctx: Ctx, arg: unknown): Promise<void> {
  const t = await resolveKernel(arg);
  if (!t) return;
  const dest = await vscode.window.showSaveDialog({
    title: `NKI: Export Chrome Trace of ${t.kernel}`,
    defaultUri: vscode.Uri.joinPath(t.doc.uri, '..', `${t.kernel}.trace.json`),
    filters: { 'Chrome trace': ['json'] },
  });
  if (!dest) return;
  if (t.doc.isDirty) await t.doc.save();
  const outcome = await runWithShapes(ctx, t, false, (shapes) => withCli(ctx, `NKI: Tracing ${t.kernel}`,
    ['profile', ...kernelArgs(t, shapes), '--trace', dest.fsPath]), 'profile');
  if (!outcome || outcome.result.cancelled) return;
  if (outcome.result.code !== 0) {
    void vscode.window.showWarningMessage(`NKI: ${cliError(outcome.result, 'profile')}`);
    return;
  }
  ctx.output.info(`Chrome trace of ${t.kernel} written to ${dest.fsPath}`);
  void vscode.window.showInformationMessage(`NKI: Saved the trace. Open it in Perfetto (ui.perfetto.dev) or chrome://tracing.`);
}

/** Opens a saved profile (or a Qwen3 report) in the viewer. */
export async function openProfile(ctx: Ctx): Promise<void> {
  const picked = await vscode.window.showOpenDialog({
    title: 'NKI: Open Profile', canSelectMany: false, filters: { 'NKI Studio profile': ['json'] },
  });
  if (!picked?.[0]) return;
  let value: unknown;
  try {
    value = JSON.parse(await readFile(picked[0].fsPath, 'utf8'));
  } catch (err) {
    void vscode.window.showErrorMessage(`NKI: cannot read ${picked[0].fsPath}: ${(err as Error).message}`);
    return;
  }
  if (isProfile(value)) ProfilePanel.show(ctx.extension.extensionUri, value);
  else if (!qwen3Problem(value)) Qwen3Panel.show(ctx.extension.extensionUri, value as never);
  else void vscode.window.showErrorMessage('NKI: this file is not an NKI Studio profile (nki-studio profile --out writes one).');
}
