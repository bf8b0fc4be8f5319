/**
 * Entries that are the same on every generation, so the three target tables cannot drift apart
 * on them. Purpose and invariant as in `spec.ts`: one description and one source per entry.
 */
import { param, type HwParam } from './spec';

const S13 = 'trainium-perf.md §1.3';
const S14 = 'trainium-perf.md §1.4';
const S15 = 'trainium-perf.md §1.5';
const S16 = 'trainium-perf.md §1.6';
const S17 = 'trainium-perf.md §1.7';

export const COMMON = {
  tensorPeRows: param(128, 'Rows of the systolic array (contraction partitions per pass).', S13),
  tensorPeColumns: param(128, 'Columns of the systolic array (stationary free size per pass).', S13),
  tensorMatmulMinCycles: param(64, 'Minimum initiation interval of one MultiplyMoving (MM_INIT_LATENCY), TensorE cycles.', S13,
    'the notes give 64 for NC-v2 only; used for NC-v3/v4 too (cheat sheet §0 does the same)'),
  tensorFp32PassFactor: param(4, 'FP32 matmul inputs take this many passes (1/4 of BF16 throughput).', `${S13}, §1.8`),
  tensorLoadStationarySpeedup: param(4, 'LoadStationary is up to this much faster than an MM of the same free size.', S13),
  tensorWarmupStartFraction: param(0.5, 'Throughput fraction the throttled TensorE starts at after idle.', S13),
  tensorDependentIssueCycles: param(64, 'TensorE cycles between a producer finishing and a dependent matmul starting.', S13,
    'no public number (§6 gaps); taken equal to MM_INIT_LATENCY, i.e. one pipeline fill'),

  computeElemsPerCyclePerPartition: param(1, 'Elements per partition per cycle of Vector/Scalar/GpSimd at the 1x rate (128 lanes, one per partition).', S14),
  computeMinCycles: param(64, 'Minimum initiation interval (MIN_II) of a Vector/Scalar instruction, engine cycles.', S14),
  computeDependentIssueCycles: param(200, 'Extra engine cycles before an instruction that waits on a result can start (static overhead + SBUF access initiation).', `${S14} (Perf-guide: dependent 1-element ACTIVATEs every 264 cycles = MIN_II 64 + 200)`,
    'measured on NC-v2 only; same cycle count assumed on NC-v3/v4; applied to every dependency hand-off, same-engine or cross-engine (compute→compute semaphore latency is not public, §1.7)'),
  computeStridePenaltyThresholdBytes: param(16, 'Innermost stride above this many bytes halves the engine access bandwidth.', S14),
  computeStridePenaltyFactor: param(2, 'Slowdown of an instruction whose innermost operand stride exceeds the threshold.', S14,
    'documented for NC-v2; assumed unchanged on NC-v3/v4'),
  scalarAccumulatorReadCycles: param(64, 'ActReadAccumulator cost added by an activation that writes a reduction result, ScalarE cycles.', S14),
  gpsimdStartCycles: param(150, 'Fixed start cost of a GpSimd instruction (GPSIMD_START), cycles.', S14,
    'documented for NC-v2; assumed unchanged on NC-v3/v4'),
  vectorDynamicCopyMinCycles: param(600, 'Minimum cost of tensor_copy_dynamic_src/dst, VectorE cycles.', S14),
  syncInstructionNs: param(50, 'Occupancy of one SyncE instruction (barrier, register op).', S17,
    'no public number; about 64 cycles of a ~1.3 GHz sequencer'),

  partitions: param(128, 'SBUF/PSUM partitions (lanes).', S15),
  psumBytesPerPartition: param(16 * 1024, 'PSUM bytes per partition.', S15),
  psumBanks: param(8, 'PSUM banks per partition; one matmul output fits one bank (NC-v2/v3).', S15),
  psumBankBytes: param(2048, 'Bytes per PSUM bank per partition (512 fp32).', S15),

  dmaEnginesPerCore: param(16, 'DMA engines serving one NeuronCore.', S16),
  dmaPartitionsPerEngine: param(8, 'SBUF partitions each DMA engine serves in the default mapping (128 / 16).', S16),
  dmaFixedLatencyNs: param(1300, 'Fixed cost per DMA transfer: descriptor setup + synchronisation + semaphore-to-start.', `${S16} (DMA-BW)`),
  dmaDescriptorOverheadBytes: param(512, 'Per-descriptor overhead expressed in bytes of transfer time: efficiency = run / (run + this).', S16,
    'the efficiency curve is only an image in the docs; 512 B gives 33% at 256 B ("severely overhead-bound"), 80% at 2 KiB, 89% at 4 KiB ("saturates"); conservative'),
  dmaQueuesModelled: param(4, 'DMA queues the model spreads transfers over (each in order; earliest-free queue first).', S16,
    'the compiler chooses queues; profiles show a few IO queues per triggering engine (qSyncIO0, qScalarIO0, qGpSimdIO0, ...); 4 is a conservative count'),
  dmaHbmToHbmChunkBytes: param(4096, 'HBM→HBM copies are split into chunks of this size spread over the engines.', S16,
    'no number for HBM→HBM descriptor splitting; 4 KiB is the "saturating" run length'),
} as const;

export type CommonKeys = keyof typeof COMMON;
export type Common = { readonly [K in CommonKeys]: HwParam };
