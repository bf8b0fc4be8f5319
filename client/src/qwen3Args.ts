/**
 * The choices of "Show Qwen3 Layer Speedups…" and the `nki-studio qwen3` command line they make.
 * No vscode import.
 */

import { QWEN3_CONFIGS, QWEN3_MODELS } from '../../simulator/src/qwen3/configs';

export { QWEN3_MODELS };

/** Decoder layers of a model (the simulator's configuration table). */
export function modelLayers(model: string): number {
  return QWEN3_CONFIGS[model as (typeof QWEN3_MODELS)[number]]?.layers ?? 1;
}
/** The bundled kernels tile tokens and keys by 512, so the CLI takes multiples of 512 only. */
export const QWEN3_SEQ_STEP = 512;
export const QWEN3_SEQ_LENGTHS = [512, 1024, 2048, 4096, 8192, 16384] as const;
export const QWEN3_MAX_SEQ = 131072;

export type Qwen3Attention = { kind: 'naive' } | { kind: 'flash' } | { kind: 'kernel'; file: string; kernel: string };

export interface Qwen3Request {
  model: string;
  seq: number;
  batch: number;
  /** Undefined: all of the model's layers. */
  layers?: number;
  attention: Qwen3Attention;
  target: string;
  /** Kernel timings reused across runs (`--cache`). */
  cache?: string;
}

export function attentionFlag(a: Qwen3Attention): string {
  return a.kind === 'kernel' ? `${a.file}:${a.kernel}` : a.kind;
}

export function qwen3Args(req: Qwen3Request): string[] {
  return ['qwen3', '--model', req.model, ...(req.layers ? ['--layers', String(req.layers)] : []),
    '--seq', String(req.seq), '--batch', String(req.batch), '--attention', attentionFlag(req.attention),
    '--target', req.target, ...(req.cache ? ['--cache', req.cache] : []), '--format', 'json'];
}

/** A whole number in [1, max], or a reason. */
export function positiveInt(text: string, max: number): number | string {
  if (!/^\s*\d+\s*$/.test(text)) return 'Give a whole number.';
  const n = Number(text);
  if (n < 1 || n > max) return `Give a number from 1 to ${max}.`;
  return n;
}

/** A prompt length the CLI accepts (a multiple of 512), or a reason. */
export function seqLength(text: string): number | string {
  const n = positiveInt(text, QWEN3_MAX_SEQ);
  if (typeof n === 'string') return n;
  return n % QWEN3_SEQ_STEP === 0 ? n : `Give a multiple of ${QWEN3_SEQ_STEP} (the bundled kernels tile tokens by ${QWEN3_SEQ_STEP}).`;
}

/** Decoder layers typed by the user: empty or 0 means all of the model's (undefined), else 1..max. */
export function layerCount(text: string, max: number): number | undefined | string {
  if (/^\s*0?\s*$/.test(text)) return undefined;
  return positiveInt(text, max);
}

/** The arguments a caller (a test, a keybinding) may give the command to skip the quick picks. */
export interface Qwen3CommandArgs {
  model?: string;
  seq?: number;
  /** 0: all layers. */
  layers?: number;
  attention?: 'naive' | 'flash';
}

/** Validated command arguments, or a reason; absent fields are asked for. */
export function qwen3CommandArgs(arg: unknown): Qwen3CommandArgs | string {
  if (arg === undefined || arg === null) return {};
  if (typeof arg !== 'object') return 'expected { model, seq, layers, attention }';
  const a = arg as Record<string, unknown>;
  const out: Qwen3CommandArgs = {};
  if (a.model !== undefined) {
    if (typeof a.model !== 'string' || !(QWEN3_MODELS as readonly string[]).includes(a.model)) return `model must be one of ${QWEN3_MODELS.join(', ')}`;
    out.model = a.model;
  }
  if (a.seq !== undefined) {
    const s = seqLength(String(a.seq));
    if (typeof s === 'string') return `seq: ${s}`;
    out.seq = s;
  }
  if (a.layers !== undefined) {
    if (!(Number.isInteger(a.layers) && (a.layers as number) >= 0)) return 'layers must be a whole number (0: all)';
    out.layers = a.layers as number;
  }
  if (a.attention !== undefined) {
    if (a.attention !== 'naive' && a.attention !== 'flash') return 'attention must be naive or flash';
    out.attention = a.attention;
  }
  return out;
}
