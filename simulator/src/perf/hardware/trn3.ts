/**
 * Trainium3 (NeuronCore-v4) hardware table. Purpose and invariant: see `spec.ts`.
 */
import { COMMON } from './common';
import { param, type HardwareSpec } from './spec';

export const TRN3: HardwareSpec = Object.freeze({
  target: 'trn3',
  ncName: 'NC-v4',
  ...COMMON,
  tensorClockHz: param(2.4e9, 'TensorE clock.', 'trainium-perf.md §1.2'),
  tensorTransposeFp32PassFactor: param(2, 'Passes of an FP32 TensorE transpose (transpose mode, as on NC-v3).', 'trainium-perf.md §1.3',
    'the 2x FP32 transpose mode is documented for NC-v3; assumed kept on NC-v4'),
  tensorBackgroundTransposeSpeedup: param(2, 'Speed-up of a transpose that follows another transpose (hardware background transpose, ~2x on chains).', 'trainium-perf.md §1.3'),
  tensorFp8DoubleRowSpeedup: param(2, 'FP8 double-row matmul throughput over BF16.', 'trainium-perf.md §1.3, nki-api.md §2.10'),
  tensorMxSpeedup: param(4, 'MX quad (nc_matmul_mx) throughput over BF16: K=512 per instruction.', 'trainium-perf.md §1.3'),
  tensorWarmupRampNs: param(3000, 'dI/dt throttling: TensorE ramps from 50% to full throughput over this time after idle.', 'trainium-perf.md §1.3'),
  tensorWarmupWindowNs: param(3000, 'dI/dt throttling re-engages when TensorE utilisation in a window this long drops below the minimum.', 'trainium-perf.md §1.3'),
  tensorWarmupMinUtilisation: param(0.5, 'TensorE utilisation (busy fraction of the window) below which the throttling ramp restarts.', 'trainium-perf.md §1.3',
    'checked at each TensorE instruction start over the window before it; time before the current ramp began counts as busy'),
  vectorClockHz: param(1.2e9, 'VectorE clock.', 'trainium-perf.md §1.2'),
  scalarClockHz: param(1.2e9, 'ScalarE clock.', 'trainium-perf.md §1.2'),
  gpsimdClockHz: param(1.2e9, 'GpSimdE clock.', 'trainium-perf.md §1.2'),
  vectorPerfModeMaxSpeedup: param(4, 'Largest VectorE 16-bit performance mode (512 elements/cycle for BF16/FP16/FP8).', 'trainium-perf.md §1.2, §1.4',
    'the 2x/4x mode rules are documented for NC-v3; assumed unchanged, with FP8 added per the NC-v4 width table'),
  vectorExpSpeedupOverScalar: param(4, 'nisa.exponential on VectorE runs at this multiple of ScalarE exp throughput.', 'trainium-perf.md §1.4'),
  scalarBf16ModeSpeedup: param(2, 'ScalarE 2x mode for 16-bit tensor_scalar/tensor_copy.', 'trainium-perf.md §1.4'),
  sharedVectorGpsimdSbufPort: param(0, '0: VectorE and GpSimdE access SBUF concurrently (the perf-mode bus borrow is modelled separately).', 'trainium-perf.md §1.4',
    'documented for NC-v3; assumed unchanged'),
  sharedVectorScalarPsumPort: param(0, '0: VectorE and ScalarE use PSUM in parallel when they hit different banks.', 'trainium-perf.md §1.4',
    'documented for NC-v3; assumed unchanged'),
  sbufBytesPerPartition: param(256 * 1024, 'SBUF bytes per partition (raw).', 'trainium-perf.md §1.5'),
  dmaEngineBytesPerSecond: param(33e9, 'Bandwidth of one DMA engine ("BW/engine" table: 33 B/ns).', 'trainium-perf.md §1.6'),
  dmaTransposeEfficiencyFromHbm: param(0.9, 'Throughput of an HBM→SBUF DMA transpose relative to a copy.', 'trainium-perf.md §1.6',
    'documented for Trn2 ("up to ~90%"); assumed unchanged'),
  dmaTransposeEfficiencyFromSbuf: param(0.5, 'Throughput of an SBUF→SBUF DMA transpose relative to a copy.', 'trainium-perf.md §1.6',
    'documented for Trn2 ("up to ~50%"); assumed unchanged'),
  hbmChipBytesPerSecond: param(4.9e12, 'HBM bandwidth of the chip (HW page; Arch-v4 says 4.7 TB/s).', 'trainium-perf.md §1.1',
    'the two official figures disagree (4.9 vs 4.7 TB/s); the HW-page figure is used'),
  hbmStacks: param(4, 'HBM stacks per chip.', 'trainium-perf.md §1.1'),
  physicalCoresPerChip: param(8, 'Physical NeuronCores per chip.', 'trainium-perf.md §1.1'),
});
