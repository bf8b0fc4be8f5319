/**
 * Short tensor descriptions for inlay hints and hover: `sbuf bf16[128, 512] · 1 KiB/partition`.
 * The dtype abbreviations are the ones NKI users read in profiles (bf16, fp32, fp8_e4m3).
 */
import type { Dim } from '../../../simulator/src/tracer/indexing';
import { formatBytes, formatShape } from '../../../simulator/src/tracer/convert';

const SHORT_DTYPES: Readonly<Record<string, string>> = {
  bfloat16: 'bf16', float32: 'fp32', float16: 'fp16', tfloat32: 'tf32', float32r: 'fp32r',
  float8_e4m3: 'fp8_e4m3', float8_e5m2: 'fp8_e5m2', float8_e4m3fn: 'fp8_e4m3fn', float8_e8m0fnu: 'fp8_e8m0',
  bool_: 'bool', '?': '?',
};

export function shortDtype(dtype: string): string {
  return SHORT_DTYPES[dtype] ?? dtype;
}

export function bytesText(n: Dim): string {
  return n === undefined ? '?' : formatBytes(n);
}

export interface TensorLike {
  buffer: string;
  dtype: string;
  shape: Dim[];
  bytesPerPartition?: Dim;
  totalBytes?: Dim;
}

export function tensorLabel(t: TensorLike): string {
  const head = `${t.buffer} ${shortDtype(t.dtype)}${formatShape(t.shape)}`;
  if (t.buffer === 'sbuf' || t.buffer === 'psum') return `${head} · ${bytesText(t.bytesPerPartition)}/partition`;
  return t.totalBytes === undefined ? head : `${head} · ${bytesText(t.totalBytes)}`;
}

export { formatShape };
