/**
 * "Show Qwen3 Layer Speedups…" (quick picks for attention, model, layers and prompt length) and
 * "Use Kernel in Qwen3 Layer…" (the kernel under the cursor as the attention): runs
 * `nki-studio qwen3 ... --format json` in a child process (cancellable: the child is killed),
 * with kernel timings cached in the extension's global storage, and shows the report in the
 * viewer's Qwen3 tab. A failure (e.g. a kernel whose parameters cannot be bound to q, k, v) is
 * the CLI's own message.
 */
import { mkdir } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Ctx } from './context';
import { config } from './config';
import { cliError } from './cliProcess';
import { withCli } from './profileCommands';
import { resolveKernel } from './kernelTarget';
import { Qwen3Panel } from './qwen3Panel';
import {
  layerCount, modelLayers, qwen3Args, qwen3CommandArgs, seqLength, QWEN3_MODELS, QWEN3_SEQ_LENGTHS,
  type Qwen3Attention, type Qwen3CommandArgs, type Qwen3Request,
} from './qwen3Args';
import { qwen3Problem, type Qwen3Speedups } from '../../webviews/src/qwen3/types';

const LAST_CHOICES = 'qwen3.lastChoices';

interface Choices { model: string; seq: number; layers?: number }

/** Model, layers and prompt length: from `given` where present, else asked (last choices first). */
async function pickChoices(ctx: Ctx, step: string, given: Qwen3CommandArgs): Promise<Choices | undefined> {
  const last = ctx.extension.globalState.get<Partial<Choices>>(LAST_CHOICES);
  let model = given.model;
  if (!model) {
    const picked = await vscode.window.showQuickPick(
      QWEN3_MODELS.map((m) => ({ label: `Qwen3-${m.toUpperCase()}`, model: m, description: `${modelLayers(m)} layers${m === last?.model ? ' · last used' : ''}` })),
      { title: `NKI: Qwen3 model${step}` });
    if (!picked) return undefined;
    model = picked.model;
  }
  const all = modelLayers(model);
  let layers: number | undefined;
  if (given.layers !== undefined) layers = given.layers > 0 ? Math.min(given.layers, all) : undefined;
  else {
    const setting = Math.floor(vscode.workspace.getConfiguration('nkiStudio.qwen3').get<number>('layers', 0));
    const text = await vscode.window.showInputBox({
      title: `NKI: Decoder layers to simulate (Qwen3-${model.toUpperCase()} has ${all})`,
      prompt: 'Empty or 0: all layers. Fewer layers run faster (default: setting nkiStudio.qwen3.layers).',
      value: setting > 0 ? String(Math.min(setting, all)) : '',
      validateInput: (v) => { const n = layerCount(v, all); return typeof n === 'string' ? n : undefined; },
    });
    if (text === undefined) return undefined;
    const n = layerCount(text, all);
    if (typeof n === 'string') return undefined;
    layers = n;
  }
  let seq = given.seq;
  if (!seq) {
    const custom = 'Other…';
    const picked = await vscode.window.showQuickPick(
      [...QWEN3_SEQ_LENGTHS.map((s) => ({ label: String(s), description: s === last?.seq ? 'tokens · last used' : 'tokens' })), { label: custom, description: 'a multiple of 512' }],
      { title: 'NKI: Prompt length (tokens)' });
    if (!picked) return undefined;
    if (picked.label === custom) {
      const text = await vscode.window.showInputBox({
        title: 'NKI: Prompt length (tokens, a multiple of 512)', value: String(last?.seq ?? 1024),
        validateInput: (v) => { const n = seqLength(v); return typeof n === 'string' ? n : undefined; },
      });
      const n = text === undefined ? undefined : seqLength(text);
      if (typeof n !== 'number') return undefined;
      seq = n;
    } else seq = Number(picked.label);
  }
  const choices = { model, seq, layers };
  await ctx.extension.globalState.update(LAST_CHOICES, choices);
  return choices;
}

/** Where kernel timings are cached across runs (and sessions). */
async function cacheDir(ctx: Ctx): Promise<string | undefined> {
  const dir = vscode.Uri.joinPath(ctx.extension.globalStorageUri, 'qwen3-cache').fsPath;
  try {
    await mkdir(dir, { recursive: true });
    return dir;
  } catch (err) {
    ctx.output.warn(`qwen3: no timing cache (${(err as Error).message})`);
    return undefined;
  }
}

async function runQwen3(ctx: Ctx, choices: Choices, attention: Qwen3Attention): Promise<void> {
  const batch = vscode.workspace.getConfiguration('nkiStudio.qwen3').get<number>('batch', 1);
  const req: Qwen3Request = {
    ...choices, attention, target: config.target(), cache: await cacheDir(ctx),
    batch: Number.isFinite(batch) ? Math.min(256, Math.max(1, Math.floor(batch))) : 1,
  };
  const layers = req.layers ? `${req.layers} layer${req.layers > 1 ? 's' : ''}` : 'all layers';
  const result = await withCli(ctx, `NKI: Qwen3-${req.model.toUpperCase()} layer speedups (${layers}, ${req.seq} tokens)`, qwen3Args(req));
  if (result.cancelled) return;
  if (result.code !== 0) {
    const message = cliError(result, 'qwen3');
    ctx.output.warn(`qwen3 failed: ${message}`);
    const choice = await vscode.window.showWarningMessage(`NKI: Qwen3 speedups failed: ${message}`, 'Show Output');
    if (choice) ctx.output.show(true);
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
  ctx.output.info(result.stderr.trim().split('\n').slice(-1)[0] ?? '');
  Qwen3Panel.show(ctx.extension.extensionUri, report as Qwen3Speedups);
}

export async function showQwen3Speedups(ctx: Ctx, arg?: unknown): Promise<void> {
  const given = qwen3CommandArgs(arg);
  if (typeof given === 'string') {
    void vscode.window.showErrorMessage(`NKI: Show Qwen3 Layer Speedups: ${given}`);
    return;
  }
  let attention: Qwen3Attention | undefined = given.attention ? { kind: given.attention } : undefined;
  if (!attention) {
    const kinds = [
      { label: 'Flash attention', description: 'the bundled NKI flash attention kernel', attention: { kind: 'flash' } as Qwen3Attention },
      { label: 'Naive attention', description: 'the bundled NKI naive attention kernel', attention: { kind: 'naive' } as Qwen3Attention },
      { label: 'A kernel of mine…', description: 'the kernel under the cursor', attention: undefined },
    ];
    const kind = await vscode.window.showQuickPick(kinds, { title: 'NKI: Attention kernel for the NKI run' });
    if (!kind) return;
    if (!kind.attention) return useKernelInQwen3(ctx, undefined);
    attention = kind.attention;
  }
  const choices = await pickChoices(ctx, '', given);
  if (choices) await runQwen3(ctx, choices, attention);
}

export async function useKernelInQwen3(ctx: Ctx, arg: unknown): Promise<void> {
  const t = await resolveKernel(arg);
  if (!t) return;
  if (t.doc.isDirty) await t.doc.save();
  const choices = await pickChoices(ctx, ` with ${t.kernel} as attention`, {});
  if (choices) await runQwen3(ctx, choices, { kind: 'kernel', file: t.doc.uri.fsPath, kernel: t.kernel });
}
