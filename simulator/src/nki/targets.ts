/**
 * Hardware targets and their capacities; `nl.tile_size` constants per (version, target).
 *
 * Purpose: the one place where NeuronCore numbers live (partitions, SBUF/PSUM bytes, matmul and
 * transpose limits, alignment). Every limit name carries its unit; every value has a source.
 * Invariant: TARGET_LIMITS has an entry for each target and each LimitKey; tile_size attributes are
 * derived from (or cross-checked against) these limits by the unit tests, never typed twice by hand
 * without a test tying them together.
 * Sources: nki-api.md §2.2 (tile_size), §3.1 (capacities), §2.10 (per-instruction limits);
 * trainium-perf.md §1.2, §1.5 (clocks, memories).
 */
import { fact, type Fact } from './facts';
import type { NkiVersion, VersionRange } from './versions';

export const NKI_TARGETS = ['trn1', 'trn2', 'trn3'] as const;
export type NkiTarget = (typeof NKI_TARGETS)[number];

export interface TargetInfo {
  readonly target: NkiTarget;
  /** NeuronCore generation number (nisa.nc_version value). */
  readonly ncVersion: 2 | 3 | 4;
  readonly ncName: 'NC-v2' | 'NC-v3' | 'NC-v4';
  readonly chip: string;
  /** Spellings accepted by NEURON_PLATFORM_TARGET_OVERRIDE. */
  readonly aliases: readonly string[];
  /** True when NKI 0.3+ officially supports the hardware (trn1: simulator only, see §1.1). */
  readonly hardwareSupportedFrom03: boolean;
  readonly source: string;
}

export const TARGETS: Readonly<Record<NkiTarget, TargetInfo>> = Object.freeze({
  trn1: { target: 'trn1', ncVersion: 2, ncName: 'NC-v2', chip: 'Trainium1 / Inferentia2', aliases: ['trn1', 'inf2', 'gen2'], hardwareSupportedFrom03: false, source: 'nki-api.md §1.1, §2.1' },
  trn2: { target: 'trn2', ncVersion: 3, ncName: 'NC-v3', chip: 'Trainium2', aliases: ['trn2', 'gen3'], hardwareSupportedFrom03: true, source: 'nki-api.md §1.1, §2.1' },
  trn3: { target: 'trn3', ncVersion: 4, ncName: 'NC-v4', chip: 'Trainium3', aliases: ['trn3', 'gen4'], hardwareSupportedFrom03: true, source: 'nki-api.md §1.1, §2.1' },
});

export function isNkiTarget(s: string): s is NkiTarget {
  return (NKI_TARGETS as readonly string[]).includes(s);
}
/** 'inf2', 'gen3', 'NC-v4', 'trn2' … → target. */
export function parseTarget(s: string): NkiTarget | undefined {
  const t = s.trim().toLowerCase();
  for (const info of Object.values(TARGETS)) {
    if (info.aliases.includes(t) || info.ncName.toLowerCase() === t || `ncv${info.ncVersion}` === t.replace(/-/g, '')) return info.target;
  }
  return undefined;
}

export type LimitKey =
  | 'partitions'
  | 'sbufBytesPerPartitionRaw'
  | 'sbufBytesPerPartitionUsable'
  | 'sbufBytesTotal'
  | 'psumBytesPerPartition'
  | 'psumBanks'
  | 'psumBankBytes'
  | 'psumBankFp32Elems'
  | 'psumBytesTotal'
  | 'matmulContractionPartitionsMax'
  | 'matmulStationaryFreeElemsMax'
  | 'matmulMovingFreeElemsMax'
  | 'matmulMovingFreeElemsMaxFp32Dst'
  | 'matmulMovingFreeElemsMaxBf16Dst'
  | 'transposeTensorEngineElemsMax'
  | 'transposeVectorEngineElemsMax'
  | 'bnStatsFreeElemsMax'
  | 'max8FreeElemsMin'
  | 'max8FreeElemsMax'
  | 'psumMinAlignBytes'
  | 'sbufMinAlignBytes'
  | 'partitionQuadrantPartitions'
  | 'gpsimdCores'
  | 'gpsimdPartitionsPerCore'
  | 'registersPerEngine'
  | 'lncMax'
  | 'dmaEnginesPerCore'
  | 'tensorEngineClockMHz'
  | 'vectorEngineClockMHz'
  | 'scalarEngineClockMHz'
  | 'gpsimdEngineClockMHz';

const KiB = 1024;
const MiB = 1024 * 1024;
const C31 = 'nki-api.md §3.1';
const C22 = 'nki-api.md §2.2';
const C210 = 'nki-api.md §2.10';
const P12 = 'trainium-perf.md §1.2';

function perTarget(v2: number, v3: number, v4: number, source: string, confidence: Fact['confidence'] = 'documented', note?: string): Readonly<Record<NkiTarget, Fact>> {
  return { trn1: fact(v2, source, confidence, note), trn2: fact(v3, source, confidence, note), trn3: fact(v4, source, confidence, note) };
}
function same(v: number, source: string, confidence: Fact['confidence'] = 'documented', note?: string) {
  return perTarget(v, v, v, source, confidence, note);
}

/** Capacities per target, each a sourced fact. */
export const LIMIT_FACTS: Readonly<Record<LimitKey, Readonly<Record<NkiTarget, Fact>>>> = Object.freeze({
  partitions: same(128, C31),
  sbufBytesPerPartitionRaw: perTarget(192 * KiB, 224 * KiB, 256 * KiB, C31),
  sbufBytesPerPartitionUsable: perTarget(180224, 212984, 245752, `${C31} (KLR total_available_sbuf_size)`, 'documented',
    'raw minus 16 KiB (v3/v4 also minus 8 B) reserved; the real allocator may differ'),
  sbufBytesTotal: perTarget(24 * MiB, 28 * MiB, 32 * MiB, C31),
  psumBytesPerPartition: same(16 * KiB, C31),
  psumBanks: same(8, C31, 'documented', 'tile_size.psum_num_banks is 7 on trn2+ when NKI_DMA_TRANSPOSE_AS_PE_TRANSPOSE=true'),
  psumBankBytes: same(2 * KiB, C31),
  psumBankFp32Elems: same(512, C31),
  psumBytesTotal: same(2 * MiB, C31),
  matmulContractionPartitionsMax: same(128, C210),
  matmulStationaryFreeElemsMax: same(128, C210),
  matmulMovingFreeElemsMax: perTarget(512, 512, 512, `${C22} (gemm_moving_fmax)`, 'documented',
    'tile_size.gemm_moving_fmax is 512 everywhere; NC-v4 nc_matmul accepts more (see *Fp32Dst / *Bf16Dst)'),
  matmulMovingFreeElemsMaxFp32Dst: perTarget(512, 512, 4096, C210),
  matmulMovingFreeElemsMaxBf16Dst: perTarget(0, 0, 8192, C210, 'documented', '0 = bf16 matmul destination not supported (NC-v4 only)'),
  transposeTensorEngineElemsMax: same(128, `${C210} nc_transpose`),
  transposeVectorEngineElemsMax: same(32, `${C210} nc_transpose`),
  bnStatsFreeElemsMax: same(512, `${C22} bn_stats_fmax`),
  max8FreeElemsMin: same(8, `${C210} max8`),
  max8FreeElemsMax: same(16384, `${C210} max8`),
  psumMinAlignBytes: same(4, `${C22} psum_min_align (KLR)`),
  sbufMinAlignBytes: same(1, `${C22} sbuf_min_align (KLR)`),
  partitionQuadrantPartitions: same(32, C31),
  gpsimdCores: same(8, C31),
  gpsimdPartitionsPerCore: same(16, C31),
  registersPerEngine: same(64, C31),
  lncMax: perTarget(1, 2, 2, C31),
  dmaEnginesPerCore: same(16, 'trainium-perf.md §1.6'),
  tensorEngineClockMHz: perTarget(2800, 2400, 2400, P12),
  vectorEngineClockMHz: perTarget(1120, 960, 1200, P12),
  scalarEngineClockMHz: perTarget(1400, 1200, 1200, P12),
  gpsimdEngineClockMHz: perTarget(1400, 1200, 1200, P12),
});

export type TargetLimits = Readonly<Record<LimitKey, number>>;

/** Plain numbers for one target (what most callers want). */
export function limitsFor(target: NkiTarget): TargetLimits {
  const out = {} as Record<LimitKey, number>;
  for (const k of Object.keys(LIMIT_FACTS) as LimitKey[]) out[k] = LIMIT_FACTS[k][target].value;
  return Object.freeze(out);
}

// ---------------------------------------------------------------------------------------------
// nl.tile_size
// ---------------------------------------------------------------------------------------------

export interface TileSizeAttr {
  /** Attribute name under nl.tile_size. */
  readonly name: string;
  /** Unit of the value: partitions, elements (fp32 unless noted), bytes or banks. */
  readonly unit: 'partitions' | 'elements' | 'fp32-elements' | 'bytes' | 'banks';
  readonly value: Readonly<Record<NkiTarget, Fact>>;
  readonly range: VersionRange;
  readonly deprecated?: { readonly since: NkiVersion; readonly replacement: string };
  readonly doc: string;
}

const usable = LIMIT_FACTS.sbufBytesPerPartitionUsable;
export const TILE_SIZE_ATTRS: readonly TileSizeAttr[] = Object.freeze([
  { name: 'pmax', unit: 'partitions', value: LIMIT_FACTS.partitions, range: {}, doc: 'Maximum partition count of an on-chip tile (128).' },
  { name: 'psum_fmax', unit: 'fp32-elements', value: LIMIT_FACTS.psumBankFp32Elems, range: {},
    deprecated: { since: '0.4', replacement: 'nl.tile_size.psum_bank_fmax' },
    doc: 'Maximum free size of a PSUM tile: fp32 elements in one 2 KiB bank per partition (512).' },
  { name: 'psum_bank_fmax', unit: 'fp32-elements', value: LIMIT_FACTS.psumBankFp32Elems, range: { since: '0.4' }, doc: 'fp32 elements per PSUM bank per partition (512).' },
  { name: 'psum_bank_fmax_bytes', unit: 'bytes', value: LIMIT_FACTS.psumBankBytes, range: { since: '0.4' }, doc: 'Bytes per PSUM bank per partition (2048).' },
  { name: 'psum_num_banks', unit: 'banks', value: LIMIT_FACTS.psumBanks, range: { since: '0.5' },
    doc: 'Usable PSUM banks per partition (8; 7 on trn2+ when NKI_DMA_TRANSPOSE_AS_PE_TRANSPOSE=true reserves bank 7).' },
  { name: 'gemm_stationary_fmax', unit: 'elements', value: LIMIT_FACTS.matmulStationaryFreeElemsMax, range: {}, doc: 'Maximum free size of the stationary (lhsT) matmul operand (128).' },
  { name: 'gemm_moving_fmax', unit: 'elements', value: LIMIT_FACTS.matmulMovingFreeElemsMax, range: {},
    doc: 'Maximum free size of the moving (rhs) matmul operand (512; NC-v4 nc_matmul accepts larger, see docs).' },
  { name: 'bn_stats_fmax', unit: 'elements', value: LIMIT_FACTS.bnStatsFreeElemsMax, range: {}, doc: 'Maximum free size of a bn_stats input (512).' },
  { name: 'psum_min_align', unit: 'bytes', value: LIMIT_FACTS.psumMinAlignBytes, range: {}, doc: 'Minimum byte alignment of a PSUM free-dimension address (4).' },
  { name: 'sbuf_min_align', unit: 'bytes', value: LIMIT_FACTS.sbufMinAlignBytes, range: {}, doc: 'Minimum byte alignment of an SBUF free-dimension address (1).' },
  { name: 'total_available_sbuf_size', unit: 'bytes', value: usable, range: { since: '2.26' },
    deprecated: { since: '0.4', replacement: 'nl.tile_size.sbuf_fmax_bytes' },
    doc: 'Usable SBUF bytes per partition (misnamed: it is per partition, not total).' },
  { name: 'sbuf_fmax_bytes', unit: 'bytes',
    value: perTarget(usable.trn1.value, usable.trn2.value, usable.trn3.value, C22, 'uncertain', 'presumably equals total_available_sbuf_size; no number is stated'),
    range: { since: '0.4' }, doc: 'Usable SBUF bytes per partition.' },
  { name: 'sbuf_fmax', unit: 'fp32-elements',
    value: perTarget(usable.trn1.value / 4, usable.trn2.value / 4, usable.trn3.value / 4, C22, 'uncertain', 'derived as sbuf_fmax_bytes / 4; no number is stated'),
    range: { since: '0.4' }, doc: 'Usable SBUF per partition in fp32 elements.' },
  { name: 'sbuf_size_bytes', unit: 'bytes',
    value: perTarget(24 * MiB, 28 * MiB, 32 * MiB, C22, 'uncertain', 'arch-guide totals; whether raw or usable is not stated'),
    range: { since: '0.4' }, doc: 'Total SBUF bytes across all partitions.' },
] satisfies readonly TileSizeAttr[]);
