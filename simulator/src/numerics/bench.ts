/**
 * Benchmark of the numerics back end: matmul throughput of the kernel behind `nc_matmul` and
 * `nl.matmul`, in GFLOP/s (2·M·N·K floating-point operations per product).
 *
 * Purpose: the issue asks for at least 1 GFLOP/s of matmul work on a 2-core machine; `npm run
 * bench` calls `runNumericsBench` and prints `formatNumericsBench`. Shapes are the Tensor
 * Engine's largest tile (K = 128 contraction rows, M = 128 stationary columns, N = 512 moving
 * columns), the shape every tiled kernel issues.
 * Invariant: inputs are deterministic; only the median of the timed repetitions is reported.
 */
import { matmulKernel } from './ops/matmul';
import { Rng } from './rng';

export interface NumericsBenchResult {
  shape: { K: number; M: number; N: number };
  repetitions: number;
  medianMs: number;
  gflops: number;
}

export function runNumericsBench(options: { K?: number; M?: number; N?: number; repetitions?: number } = {}): NumericsBenchResult {
  const K = options.K ?? 128;
  const M = options.M ?? 128;
  const N = options.N ?? 512;
  const reps = options.repetitions ?? 30;
  const rng = new Rng(1);
  const a = Float64Array.from({ length: K * M }, () => Math.fround(rng.uniform() - 0.5));
  const b = Float64Array.from({ length: K * N }, () => Math.fround(rng.uniform() - 0.5));
  const c = new Float64Array(M * N);
  for (let i = 0; i < 5; i++) matmulKernel(a, b, c, K, M, N); // warm up the JIT
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    matmulKernel(a, b, c, K, M, N);
    times.push(performance.now() - t);
  }
  times.sort((x, y) => x - y);
  const medianMs = times[Math.floor(times.length / 2)];
  return { shape: { K, M, N }, repetitions: reps, medianMs, gflops: (2 * K * M * N) / (medianMs * 1e6) };
}

export function formatNumericsBench(r: NumericsBenchResult): string {
  return `numerics matmul [K=${r.shape.K}, M=${r.shape.M}, N=${r.shape.N}]: median ${r.medianMs.toFixed(3)} ms over ${r.repetitions} runs = ${r.gflops.toFixed(2)} GFLOP/s`;
}
