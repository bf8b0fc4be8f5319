/**
 * "NKI: Run Kernel": runs the kernel on the CPU simulator with NKI numerics (seeded random
 * inputs of the kernel's shapes) and shows each output's shape, dtype, min/max/mean and NaN/Inf
 * counts. Outputs are written as .npy under the extension's storage folder.
 */
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { config } from './config';
import { cliError } from './cliProcess';
import { withCli } from './profileCommands';
import { missingInputs } from './shapes';
import { askShapes, directiveAbove, rememberShapes, rememberedShapes, resolveKernel } from './kernelTarget';
import { describeOutput, parseRunSummary } from './runSummary';
import { formatShapeSpec, type ShapeSpec } from '../../simulator/src/kernel/shapeSpec';

export async function runKernel(ctx: Ctx, arg: unknown): Promise<void> {
  const t = await resolveKernel(arg);
  if (!t) return;
  if (t.doc.isDirty) await t.doc.save();
  const base = ctx.extension.storageUri ?? ctx.extension.globalStorageUri;
  const out = vscode.Uri.joinPath(base, 'runs', createHash('sha1').update(`${t.doc.uri.fsPath}\0${t.kernel}`).digest('hex').slice(0, 16)).fsPath;
  const run = (shapes: ShapeSpec[] | undefined) => {
    const args = ['run', t.doc.uri.fsPath, '--kernel', t.kernel, '--out', out, '--target', config.target(), '--nki-version', config.nkiVersion(),
      ...(shapes ?? []).flatMap((s) => ['--shape', formatShapeSpec(s)])];
    return withCli(ctx, `NKI: Running ${t.kernel}`, args);
  };
  let shapes = directiveAbove(t) ? undefined : rememberedShapes(ctx.extension.workspaceState, t);
  let result = await run(shapes);
  const missing = result.cancelled || result.code === 0 ? [] : missingInputs(cliError(result, 'run'));
  if (missing.length) {
    shapes = await askShapes(t, shapes ?? [], missing);
    if (!shapes) return;
    result = await run(shapes);
  }
  if (result.cancelled) return;
  if (result.code !== 0) {
    const message = cliError(result, 'run');
    ctx.output.warn(`run of ${t.kernel} failed: ${message}`);
    void vscode.window.showWarningMessage(`NKI: ${message}`);
    return;
  }
  if (shapes) await rememberShapes(ctx.extension.workspaceState, t, shapes);
  ctx.output.info(result.stdout.trim());
  const summary = parseRunSummary(result.stdout);
  const bad = summary.outputs.some((o) => o.nan > 0 || o.inf > 0);
  const text = summary.outputs.length ? summary.outputs.map(describeOutput).join('; ') : 'the kernel returned no output';
  const warn = summary.warnings.length ? ` ${summary.warnings.length} warning(s).` : '';
  const show = bad || warn ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(`NKI: ${t.kernel}: ${text}.${warn}`, 'Show Output');
  if (choice) ctx.output.show(true);
}
