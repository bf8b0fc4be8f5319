/**
 * Trainium1 / Inferentia2 (NeuronCore-v2) hardware table. Purpose and invariant: see `spec.ts`.
 */
import { COMMON } from './common';
import { param, type HardwareSpec } from './spec';

export const TRN1: HardwareSpec = Object.freeze({
  target: 'trn1',
  ncName: 'NC-v2',
  ...COMMON,
  tensorClockHz: param(2.8e9, 'TensorE clock.', 'trainium-perf.md §1.2'),
  tensorTransposeFp32PassFactor: param(4, 'Passes of an FP32 TensorE transpose (a matmul by identity; no transpose mode on NC-v2).', 'trainium-perf.md §1.3'),
  tensorBackgroundTransposeSpeedup: param(1, 'Speed-up of a transpose that follows another transpose (background transpose, NC-v4 only).', 'trainium-perf.md §1.3'),
  tensorFp8DoubleRowSpeedup: param(1, 'FP8 throughput over BF16 (FP8 runs at the BF16 rate on Trn1).', 'trainium-perf.md §1.1, §1.8'),
  tensorMxSpeedup: param(1, 'MX (x4-packed) matmul throughput over BF16 (no MX on NC-v2).', 'trainium-perf.md §1.3'),
  tensorWarmupRampNs: param(0, 'Length of the dI/dt throttling ramp after TensorE idle (none documented on Trn1).', 'trainium-perf.md §1.3'),
  tensorWarmupWindowNs: param(0, 'Window of the utilisation check that restarts the throttling ramp (no throttling on Trn1).', 'trainium-perf.md §1.3'),
  tensorWarmupMinUtilisation: param(0, 'TensorE utilisation below which the ramp restarts (no throttling on Trn1).', 'trainium-perf.md §1.3'),
  vectorClockHz: param(1.12e9, 'VectorE clock.', 'trainium-perf.md §1.2'),
  scalarClockHz: param(1.4e9, 'ScalarE clock.', 'trainium-perf.md §1.2'),
  gpsimdClockHz: param(1.4e9, 'GpSimdE clock.', 'trainium-perf.md §1.2'),
  vectorPerfModeMaxSpeedup: param(1, 'Largest VectorE BF16/FP16 performance mode (none on NC-v2).', 'trainium-perf.md §1.4'),
  vectorExpSpeedupOverScalar: param(0, 'VectorE exponential throughput over ScalarE exp (0: no nisa.exponential on NC-v2).', 'trainium-perf.md §1.4'),
  scalarBf16ModeSpeedup: param(1, 'ScalarE 16-bit tensor_scalar/tensor_copy mode (none on NC-v2).', 'trainium-perf.md §1.4'),
  sharedVectorGpsimdSbufPort: param(1, '1: VectorE and GpSimdE cannot access SBUF at the same time.', 'trainium-perf.md §1.4'),
  sharedVectorScalarPsumPort: param(1, '1: VectorE and ScalarE cannot access PSUM at the same time (any bank).', 'trainium-perf.md §1.4'),
  sbufBytesPerPartition: param(192 * 1024, 'SBUF bytes per partition (raw).', 'trainium-perf.md §1.5'),
  dmaEngineBytesPerSecond: param(17e9, 'Bandwidth of one DMA engine ("BW/engine" table: 17 B/ns).', 'trainium-perf.md §1.6'),
  dmaTransposeEfficiencyFromHbm: param(0.1, 'Throughput of a DMA transpose (load_transpose2d) relative to a copy.', 'trainium-perf.md §1.6',
    'the Perf-guide says "much lower" on Trn1 without a number; 10% assumed'),
  dmaTransposeEfficiencyFromSbuf: param(0.1, 'Throughput of an SBUF→SBUF DMA transpose relative to a copy.', 'trainium-perf.md §1.6',
    'no number on Trn1; same as from HBM'),
  hbmChipBytesPerSecond: param(820e9, 'HBM bandwidth of the chip.', 'trainium-perf.md §1.1'),
  hbmStacks: param(2, 'HBM stacks per chip.', 'trainium-perf.md §1.1'),
  physicalCoresPerChip: param(2, 'Physical NeuronCores per chip.', 'trainium-perf.md §1.1'),
});
