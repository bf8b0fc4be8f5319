/**
 * The choices of "Show Qwen3 Layer Speedups…" and the `nki-studio qwen3` command line they make.
 * No vscode import.
 */

export const QWEN3_MODELS = ['0.6b', '1.7b', '4b', '8b', '14b', '32b'] as const;
export const QWEN3_SEQ_LENGTHS = [128, 512, 1024, 2048, 4096, 8192] as const;

export type Qwen3Attention = { kind: 'naive' } | { kind: 'flash' } | { kind: 'kernel'; file: string; kernel: string };

export interface Qwen3Request {
  model: string;
  seq: number;
  batch: number;
  /** Undefined: all of the model's layers. */
  layers?: number;
  attention: Qwen3Attention;
  target: string;
}

export function attentionFlag(a: Qwen3Attention): string {
  return a.kind === 'kernel' ? `${a.file}:${a.kernel}` : a.kind;
}

export function qwen3Args(req: Qwen3Request): string[] {
  return ['qwen3', '--model', req.model, ...(req.layers ? ['--layers', String(req.layers)] : []),
    '--seq', String(req.seq), '--batch', String(req.batch), '--attention', attentionFlag(req.attention),
    '--target', req.target, '--format', 'json'];
}

/** A whole number in [1, max], or a reason. */
export function positiveInt(text: string, max: number): number | string {
  if (!/^\s*\d+\s*$/.test(text)) return 'Give a whole number.';
  const n = Number(text);
  if (n < 1 || n > max) return `Give a number from 1 to ${max}.`;
  return n;
}

/** The user-facing reason a qwen3 run failed, from the CLI's message. */
export function qwen3Failure(message: string): string {
  if (/not available yet/.test(message)) return 'Qwen3 speedups are not available yet.';
  return message;
}
