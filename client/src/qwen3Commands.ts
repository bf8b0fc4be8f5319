/**
 * "Show Qwen3 Layer Speedups…" (quick picks for model, attention and sequence length) and
 * "Use Kernel in Qwen3 Layer…" (the kernel under the cursor as the attention): runs
 * `nki-studio qwen3 ... --format json` in a child process and shows the report in the viewer.
 */
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { config } from './config';
import { cliError } from './cliProcess';
import { withCli } from './profileCommands';
import { resolveKernel } from './kernelTarget';
import { Qwen3Panel } from './qwen3Panel';
import { positiveInt, qwen3Args, qwen3Failure, QWEN3_MODELS, QWEN3_SEQ_LENGTHS, type Qwen3Attention, type Qwen3Request } from './qwen3Args';
import { qwen3Problem, type Qwen3Speedups } from '../../webviews/src/qwen3/types';

const LAST_CHOICES = 'qwen3.lastChoices';

interface Choices { model: string; seq: number }

async function pickModelAndSeq(ctx: Ctx, step: string): Promise<Choices | undefined> {
  const last = ctx.extension.globalState.get<Choices>(LAST_CHOICES);
  const model = await vscode.window.showQuickPick(
    QWEN3_MODELS.map((m) => ({ label: `Qwen3-${m.toUpperCase()}`, model: m, picked: m === last?.model, description: m === last?.model ? 'last used' : undefined })),
    { title: `NKI: Qwen3 model ${step}` });
  if (!model) return undefined;
  const custom = 'Other…';
  const seqPick = await vscode.window.showQuickPick(
    [...QWEN3_SEQ_LENGTHS.map((s) => ({ label: String(s), description: s === last?.seq ? 'last used' : 'tokens' })), { label: custom, description: '' }],
    { title: 'NKI: Prompt length (tokens)' });
  if (!seqPick) return undefined;
  let seq = Number(seqPick.label);
  if (seqPick.label === custom) {
    const text = await vscode.window.showInputBox({
      title: 'NKI: Prompt length (tokens)', value: String(last?.seq ?? 1024),
      validateInput: (v) => { const n = positiveInt(v, 131072); return typeof n === 'string' ? n : undefined; },
    });
    const n = text === undefined ? undefined : positiveInt(text, 131072);
    if (typeof n !== 'number') return undefined;
    seq = n;
  }
  const choices = { model: model.model, seq };
  await ctx.extension.globalState.update(LAST_CHOICES, choices);
  return choices;
}

async function runQwen3(ctx: Ctx, choices: Choices, attention: Qwen3Attention): Promise<void> {
  const settings = vscode.workspace.getConfiguration('nkiStudio.qwen3');
  const layers = settings.get<number>('layers', 0);
  const req: Qwen3Request = {
    ...choices, attention, target: config.target(),
    batch: Math.max(1, Math.floor(settings.get<number>('batch', 1))),
    layers: layers > 0 ? Math.floor(layers) : undefined,
  };
  const result = await withCli(ctx, `NKI: Qwen3-${req.model.toUpperCase()} layer speedups`, qwen3Args(req));
  if (result.cancelled) return;
  if (result.code !== 0) {
    const message = qwen3Failure(cliError(result, 'qwen3'));
    ctx.output.warn(`qwen3 failed: ${message}`);
    void vscode.window.showWarningMessage(`NKI: ${message}`);
    return;
  }
  let report: unknown;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    report = undefined;
  }
  const problem = qwen3Problem(report);
  if (problem) {
    ctx.output.error(`qwen3 printed something that is not a report (${problem}):\n${result.stdout.slice(0, 2000)}`);
    void vscode.window.showErrorMessage('NKI: the Qwen3 report could not be read. See the output for details.');
    return;
  }
  Qwen3Panel.show(ctx.extension.extensionUri, report as Qwen3Speedups);
}

export async function showQwen3Speedups(ctx: Ctx): Promise<void> {
  const kinds = [
    { label: 'Flash attention', description: 'the bundled NKI flash attention kernel', attention: { kind: 'flash' } as Qwen3Attention },
    { label: 'Naive attention', description: 'the bundled NKI naive attention kernel', attention: { kind: 'naive' } as Qwen3Attention },
    { label: 'A kernel of mine…', description: 'the kernel under the cursor', attention: undefined },
  ];
  const kind = await vscode.window.showQuickPick(kinds, { title: 'NKI: Attention kernel for the NKI run' });
  if (!kind) return;
  if (!kind.attention) return useKernelInQwen3(ctx, undefined);
  const choices = await pickModelAndSeq(ctx, '');
  if (choices) await runQwen3(ctx, choices, kind.attention);
}

export async function useKernelInQwen3(ctx: Ctx, arg: unknown): Promise<void> {
  const t = await resolveKernel(arg);
  if (!t) return;
  if (t.doc.isDirty) await t.doc.save();
  const choices = await pickModelAndSeq(ctx, `with ${t.kernel} as attention`);
  if (choices) await runQwen3(ctx, choices, { kind: 'kernel', file: t.doc.uri.fsPath, kernel: t.kernel });
}
