/**
 * The typed hardware table of one NeuronCore generation, as the performance model reads it.
 *
 * Purpose: every number the cost model uses lives in one `HardwareSpec` per target
 * (`trn1.ts`, `trn2.ts`, `trn3.ts`), named with its unit, described in one line and traced to a
 * section of /work/shared/reference/trainium-perf.md. Cost code never contains a hardware number.
 * Invariant: each entry has a non-empty `description` and `source`; an entry whose value the notes
 * do not give carries `assumption` (why this value, why it is conservative), so reports can list
 * every modelling assumption mechanically (`assumptionsOf`).
 */
import type { TargetName } from '../../profile/schema';

export interface HwParam {
  readonly value: number;
  readonly description: string;
  /** Section of trainium-perf.md (or nki-api.md) the value comes from. */
  readonly source: string;
  /** Set when the notes have no number: the assumption made and why. */
  readonly assumption?: string;
}

export interface HardwareSpec {
  readonly target: TargetName;
  readonly ncName: 'NC-v2' | 'NC-v3' | 'NC-v4';

  // Tensor Engine
  readonly tensorClockHz: HwParam;
  readonly tensorPeRows: HwParam;
  readonly tensorPeColumns: HwParam;
  readonly tensorMatmulMinCycles: HwParam;
  readonly tensorFp32PassFactor: HwParam;
  readonly tensorLoadStationarySpeedup: HwParam;
  readonly tensorTransposeFp32PassFactor: HwParam;
  readonly tensorBackgroundTransposeSpeedup: HwParam;
  readonly tensorFp8DoubleRowSpeedup: HwParam;
  readonly tensorMxSpeedup: HwParam;
  readonly tensorWarmupRampNs: HwParam;
  readonly tensorWarmupStartFraction: HwParam;
  readonly tensorWarmupWindowNs: HwParam;
  readonly tensorWarmupMinUtilisation: HwParam;
  readonly tensorDependentIssueCycles: HwParam;

  // Vector / Scalar / GpSimd engines
  readonly vectorClockHz: HwParam;
  readonly scalarClockHz: HwParam;
  readonly gpsimdClockHz: HwParam;
  readonly computeElemsPerCyclePerPartition: HwParam;
  readonly computeMinCycles: HwParam;
  readonly computeDependentIssueCycles: HwParam;
  readonly computeStridePenaltyThresholdBytes: HwParam;
  readonly computeStridePenaltyFactor: HwParam;
  readonly vectorPerfModeMaxSpeedup: HwParam;
  readonly vectorExpSpeedupOverScalar: HwParam;
  readonly scalarBf16ModeSpeedup: HwParam;
  readonly scalarAccumulatorReadCycles: HwParam;
  readonly gpsimdStartCycles: HwParam;
  readonly vectorDynamicCopyMinCycles: HwParam;
  readonly sharedVectorGpsimdSbufPort: HwParam;
  readonly sharedVectorScalarPsumPort: HwParam;
  readonly syncInstructionNs: HwParam;

  // On-chip memories
  readonly partitions: HwParam;
  readonly sbufBytesPerPartition: HwParam;
  readonly psumBytesPerPartition: HwParam;
  readonly psumBanks: HwParam;
  readonly psumBankBytes: HwParam;

  // DMA and HBM
  readonly dmaEnginesPerCore: HwParam;
  readonly dmaPartitionsPerEngine: HwParam;
  readonly dmaEngineBytesPerSecond: HwParam;
  readonly dmaFixedLatencyNs: HwParam;
  readonly dmaDescriptorOverheadBytes: HwParam;
  readonly dmaQueuesModelled: HwParam;
  readonly dmaTransposeEfficiencyFromHbm: HwParam;
  readonly dmaTransposeEfficiencyFromSbuf: HwParam;
  readonly dmaHbmToHbmChunkBytes: HwParam;
  readonly hbmChipBytesPerSecond: HwParam;
  readonly hbmStacks: HwParam;
  readonly physicalCoresPerChip: HwParam;
}

export type HwKey = Exclude<keyof HardwareSpec, 'target' | 'ncName'>;

export function param(value: number, description: string, source: string, assumption?: string): HwParam {
  return assumption === undefined ? { value, description, source } : { value, description, source, assumption };
}

/** Every entry that is an assumption rather than a documented number. */
export function assumptionsOf(spec: HardwareSpec): Array<{ key: HwKey; value: number; assumption: string }> {
  const out: Array<{ key: HwKey; value: number; assumption: string }> = [];
  for (const key of Object.keys(spec) as Array<keyof HardwareSpec>) {
    if (key === 'target' || key === 'ncName') continue;
    const p = spec[key];
    if (p.assumption !== undefined) out.push({ key, value: p.value, assumption: p.assumption });
  }
  return out;
}

/** HBM bandwidth one physical core can count on when the chip's cores all stream (chip / cores). */
export function hbmBytesPerSecondPerCore(spec: HardwareSpec): number {
  return spec.hbmChipBytesPerSecond.value / spec.physicalCoresPerChip.value;
}

/** Peak DMA bandwidth of one core: all of its engines at the per-engine rate. */
export function dmaBytesPerSecondPerCore(spec: HardwareSpec): number {
  return spec.dmaEnginesPerCore.value * spec.dmaEngineBytesPerSecond.value;
}

/** What a core can actually stream from HBM: the lower of its DMA engines and its HBM share. */
export function memoryBytesPerSecondPerCore(spec: HardwareSpec): number {
  return Math.min(dmaBytesPerSecondPerCore(spec), hbmBytesPerSecondPerCore(spec));
}

/** Dense TensorE peak FLOP/s of one core for a matmul input dtype (2 FLOP per MAC). */
export function tensorPeakFlopsPerSecond(spec: HardwareSpec, dtype: string): number {
  const base = 2 * spec.tensorPeRows.value * spec.tensorPeColumns.value * spec.tensorClockHz.value;
  if (dtype === 'float32') return base / spec.tensorFp32PassFactor.value;
  if (dtype.endsWith('_x4')) return base * spec.tensorMxSpeedup.value;
  if (dtype.startsWith('float8')) return base * spec.tensorFp8DoubleRowSpeedup.value;
  return base;
}
