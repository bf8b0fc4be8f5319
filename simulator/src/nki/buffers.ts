/**
 * NKI memory buffers (`nl.sbuf`, `nl.psum`, `nl.hbm`, `nl.private_hbm`, `nl.shared_hbm`).
 *
 * Purpose: where a tensor may live, per generation, and what each name means.
 * Invariant: on-chip buffers are exactly sbuf and psum; capacities are not repeated here (see
 * targets.ts LIMIT_FACTS); `aliasOf` points at another buffer in this table.
 * Source: nki-api.md §2.4 (buffers), §3.2 B1–B12 (placement rules), §1.2 (Beta 1 meanings).
 */
import type { VersionRange } from './versions';

export const BUFFER_NAMES = ['sbuf', 'psum', 'hbm', 'private_hbm', 'shared_hbm'] as const;
export type BufferName = (typeof BUFFER_NAMES)[number];

export interface BufferSpec {
  readonly name: BufferName;
  readonly onChip: boolean;
  readonly range: VersionRange;
  /** Meaning in Beta 1 and in 0.2+ when they differ. */
  readonly meaningBeta1: string;
  readonly meaning: string;
  /** 0.2+: `nl.hbm` is an alias of private_hbm. */
  readonly aliasOf?: { readonly buffer: BufferName; readonly range: VersionRange };
  /** Kernel return tensors must use this buffer (0.3+: only shared_hbm). */
  readonly validKernelOutput: { readonly beta1: boolean; readonly from03: boolean };
  readonly source: string;
}

const S = 'nki-api.md §2.4';
export const BUFFERS: readonly BufferSpec[] = Object.freeze([
  { name: 'sbuf', onChip: true, range: {},
    meaningBeta1: 'State buffer: 128 partitions of on-chip SRAM, the working memory of every compute engine.',
    meaning: 'State buffer: 128 partitions of on-chip SRAM (192/224/256 KiB per partition on trn1/trn2/trn3), private to each program instance.',
    validKernelOutput: { beta1: false, from03: false }, source: S },
  { name: 'psum', onChip: true, range: {},
    meaningBeta1: 'Partial-sum buffer: 128 partitions × 16 KiB in 8 banks; the only place TensorE writes.',
    meaning: 'Partial-sum buffer: 128 partitions × 16 KiB in 8 banks of 2 KiB. TensorE accumulates here; VectorE/ScalarE read and write it; GpSimd cannot access it; DMA cannot read it (0.3+).',
    validKernelOutput: { beta1: false, from03: false }, source: `${S}; §3.2 B5, B7` },
  { name: 'hbm', onChip: false, range: {},
    meaningBeta1: 'Device memory (HBM).',
    meaning: 'Device memory; since 0.2 an alias of private_hbm (private to a program instance).',
    aliasOf: { buffer: 'private_hbm', range: { since: '0.2' } },
    validKernelOutput: { beta1: true, from03: false }, source: `${S}; §3.2 B9` },
  { name: 'private_hbm', onChip: false, range: {},
    meaningBeta1: 'HBM private to one program instance.',
    meaning: 'HBM private to one program instance (LNC-aware since 0.2 / Neuron 2.28).',
    validKernelOutput: { beta1: false, from03: false }, source: `${S}; corpus (Beta 1 kernels use nl.private_hbm)` },
  { name: 'shared_hbm', onChip: false, range: {},
    meaningBeta1: 'HBM visible to every program instance; kernel outputs are created here at top-level kernel scope.',
    meaning: 'HBM visible to every program instance; required for kernel return tensors (0.3+).',
    validKernelOutput: { beta1: true, from03: true }, source: `${S}; §3.2 B9` },
] satisfies readonly BufferSpec[]);

export function bufferByName(name: string): BufferSpec | undefined {
  return BUFFERS.find((b) => b.name === name);
}
export const ON_CHIP_BUFFERS: readonly BufferName[] = ['sbuf', 'psum'];
export const HBM_BUFFERS: readonly BufferName[] = ['hbm', 'private_hbm', 'shared_hbm'];
