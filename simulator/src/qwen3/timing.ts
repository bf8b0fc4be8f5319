/**
 * Times one kernel at given shapes: traces it in shape mode and simulates the instruction stream
 * with the performance model in timing-only mode. Results are cached in memory per run and,
 * optionally, on disk across runs, keyed by the kernel source's hash, kernel name, input shapes,
 * compile-time arguments, target and the performance model's generator id. Helper modules a
 * kernel imports are not part of the key: clear the cache directory after changing them.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATOR } from '../perf';
import { profileKernel } from '../profile/profileKernel';
import { eventCount } from '../profile/eventStore';
import type { Profile } from '../profile/schema';
import type { ShapeSpec } from '../kernel/shapeSpec';
import type { TargetName } from '../options';
import type { KernelInputs, KernelRef } from './kernels';

export interface KernelTiming {
  ns: number;
  instructions: number;
  /** Milliseconds spent tracing and simulating (0 when the result came from a cache). */
  wallMs: number;
  cached: 'memory' | 'disk' | false;
  /** Error diagnostics of the checker at these shapes (the timing is still given, as `profile` does). */
  errors: string[];
}

export interface TimingOptions {
  target: TargetName;
  /** Interpreter wall-clock budget per trace, ms. */
  traceTimeoutMs: number;
}

export function cacheKey(source: string, kernel: string, inputs: KernelInputs, target: TargetName): string {
  const shapes = [...inputs.shapes].sort((a, b) => a.arg.localeCompare(b.arg)).map((s: ShapeSpec) => `${s.arg}=${s.dtype}[${s.shape.join(',')}]`);
  const scalars = Object.keys(inputs.scalars).sort().map((k) => `${k}=${JSON.stringify(inputs.scalars[k])}`);
  return createHash('sha256').update(JSON.stringify([GENERATOR, target, kernel, shapes, scalars, createHash('sha256').update(source).digest('hex')])).digest('hex');
}

export class TimingCache {
  private readonly memory = new Map<string, { ns: number; instructions: number }>();
  hits = 0;
  misses = 0;

  /** `dir`: directory for the on-disk cache (created when missing). */
  constructor(readonly dir?: string) {
    if (dir) mkdirSync(dir, { recursive: true });
  }

  get(key: string): { ns: number; instructions: number; from: 'memory' | 'disk' } | undefined {
    const m = this.memory.get(key);
    if (m) { this.hits++; return { ...m, from: 'memory' }; }
    if (this.dir) {
      try {
        const v = JSON.parse(readFileSync(join(this.dir, `${key}.json`), 'utf8')) as { ns?: unknown; instructions?: unknown };
        if (typeof v.ns === 'number' && Number.isFinite(v.ns) && typeof v.instructions === 'number') {
          this.memory.set(key, { ns: v.ns, instructions: v.instructions });
          this.hits++;
          return { ns: v.ns, instructions: v.instructions, from: 'disk' };
        }
      } catch { /* absent or unreadable: simulate again */ }
    }
    this.misses++;
    return undefined;
  }

  set(key: string, value: { ns: number; instructions: number }, describe: string): void {
    this.memory.set(key, value);
    if (!this.dir) return;
    const path = join(this.dir, `${key}.json`);
    // Write-then-rename so a concurrent reader never sees half a file.
    writeFileSync(`${path}.tmp`, JSON.stringify({ ...value, kernel: describe }));
    renameSync(`${path}.tmp`, path);
  }
}

/** Traces and simulates; throws an Error with a user-facing message when the kernel cannot be timed. */
export async function timeKernel(ref: KernelRef, source: string, inputs: KernelInputs, opts: TimingOptions, cache: TimingCache): Promise<KernelTiming> {
  const key = cacheKey(source, ref.kernel, inputs, opts.target);
  const hit = cache.get(key);
  if (hit) return { ns: hit.ns, instructions: hit.instructions, wallMs: 0, cached: hit.from, errors: [] };
  const started = performance.now();
  const where = `${ref.kernel} (${ref.path})`;
  let profile: Profile;
  try {
    ({ profile } = await profileKernel(ref.path, source, {
      kernel: ref.kernel, shapes: inputs.shapes, scalars: inputs.scalars, target: opts.target,
      // Scratch tensors such as a naive attention's [S, S] scores are large at long sequences.
      budget: { timeoutMs: opts.traceTimeoutMs, maxSteps: 4_000_000_000, maxMemoryBytes: 64 * 1024 ** 3 },
    }));
  } catch (err) {
    throw new Error(`${where} at ${inputs.shapes.map((s) => `${s.arg}[${s.shape.join(',')}]`).join(' ')}: ${(err as Error).message}`);
  }
  const errors = profile.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} line ${d.source.line + 1}: ${d.message}`);
  const value = { ns: profile.summary.totalNs, instructions: eventCount(profile) };
  cache.set(key, value, `${ref.kernel} ${inputs.shapes.map((s) => `${s.arg}=${s.dtype}[${s.shape.join(',')}]`).join(' ')}`);
  return { ...value, wallMs: performance.now() - started, cached: false, errors };
}
