/**
 * Trainium2 (NeuronCore-v3) hardware table. Purpose and invariant: see `spec.ts`.
 */
import { COMMON } from './common';
import { param, type HardwareSpec } from './spec';

export const TRN2: HardwareSpec = Object.freeze({
  target: 'trn2',
  ncName: 'NC-v3',
  ...COMMON,
  tensorClockHz: param(2.4e9, 'TensorE clock.', 'trainium-perf.md §1.2'),
  tensorTransposeFp32PassFactor: param(2, 'Passes of an FP32 TensorE transpose (transpose mode: 2x faster than the 4-pass FP32 matmul).', 'trainium-perf.md §1.3'),
  tensorBackgroundTransposeSpeedup: param(1, 'Speed-up of a transpose that follows another transpose (background transpose, NC-v4 only).', 'trainium-perf.md §1.3'),
  tensorFp8DoubleRowSpeedup: param(2, 'FP8 double-row matmul throughput over BF16 (K=256 in the time of K=128).', 'trainium-perf.md §1.3'),
  tensorMxSpeedup: param(1, 'MX (x4-packed) matmul throughput over BF16 (no MX on NC-v3).', 'trainium-perf.md §1.3'),
  tensorWarmupRampNs: param(3000, 'dI/dt throttling: TensorE ramps from 50% to full throughput over this time after idle.', 'trainium-perf.md §1.3'),
  tensorWarmupWindowNs: param(3000, 'dI/dt throttling re-engages when TensorE utilisation in a window this long drops below the minimum.', 'trainium-perf.md §1.3'),
  tensorWarmupMinUtilisation: param(0.5, 'TensorE utilisation (busy fraction of the window) below which the throttling ramp restarts.', 'trainium-perf.md §1.3',
    'checked at each TensorE instruction start over the window before it; time before the current ramp began counts as busy'),
  vectorClockHz: param(0.96e9, 'VectorE clock.', 'trainium-perf.md §1.2'),
  scalarClockHz: param(1.2e9, 'ScalarE clock.', 'trainium-perf.md §1.2'),
  gpsimdClockHz: param(1.2e9, 'GpSimdE clock.', 'trainium-perf.md §1.2'),
  vectorPerfModeMaxSpeedup: param(4, 'Largest VectorE BF16/FP16 performance mode (2x/4x, automatic).', 'trainium-perf.md §1.4'),
  vectorExpSpeedupOverScalar: param(0, 'VectorE exponential throughput over ScalarE exp (0: no nisa.exponential on NC-v3).', 'trainium-perf.md §1.4'),
  scalarBf16ModeSpeedup: param(1, 'ScalarE 16-bit tensor_scalar/tensor_copy mode (NC-v4 only).', 'trainium-perf.md §1.4'),
  sharedVectorGpsimdSbufPort: param(0, '0: VectorE and GpSimdE access SBUF concurrently (the perf-mode bus borrow is modelled separately).', 'trainium-perf.md §1.4'),
  sharedVectorScalarPsumPort: param(0, '0: VectorE and ScalarE use PSUM in parallel when they hit different banks.', 'trainium-perf.md §1.4'),
  sbufBytesPerPartition: param(224 * 1024, 'SBUF bytes per partition (raw).', 'trainium-perf.md §1.5'),
  dmaEngineBytesPerSecond: param(23e9, 'Bandwidth of one DMA engine ("BW/engine" table: 23 B/ns; one engine measured 23.1 GB/s).', 'trainium-perf.md §1.6'),
  dmaTransposeEfficiencyFromHbm: param(0.9, 'Throughput of an HBM→SBUF DMA transpose relative to a copy ("up to ~90%").', 'trainium-perf.md §1.6'),
  dmaTransposeEfficiencyFromSbuf: param(0.5, 'Throughput of an SBUF→SBUF DMA transpose relative to a copy ("up to ~50%").', 'trainium-perf.md §1.6'),
  hbmChipBytesPerSecond: param(2.9e12, 'HBM bandwidth of the chip (4 stacks; each ~725 GB/s stack shared by 2 physical cores).', 'trainium-perf.md §1.1'),
  hbmStacks: param(4, 'HBM stacks per chip.', 'trainium-perf.md §1.1'),
  physicalCoresPerChip: param(8, 'Physical NeuronCores per chip.', 'trainium-perf.md §1.1'),
});
