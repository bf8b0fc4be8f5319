/**
 * Resource limits for one run. The interpreter counts a step for every statement and every
 * call; the hot path is a single comparison against `nextCheck`, and the slower checks (wall
 * clock, cancellation) run only every `checkInterval` steps.
 * Invariant: `nextCheck <= maxSteps`, so exceeding the step budget always reaches `check()`.
 */
import type { BudgetKind } from './errors';

export interface CancellationToken { readonly isCancellationRequested: boolean }

export interface BudgetOptions {
  /** Statements + calls; default 50 million. */
  maxSteps?: number;
  /** Wall-clock milliseconds; default 10 000. */
  timeoutMs?: number;
  /** Bytes reported through `ctx.allocate` (and big container repetitions); default 2 GiB. */
  maxMemoryBytes?: number;
  /** Nested Python calls; default 400 (each uses several JS frames). */
  maxDepth?: number;
  cancellation?: CancellationToken;
  /** How many steps between clock/cancellation checks; default 4096. */
  checkInterval?: number;
}

export class Budget {
  readonly maxSteps: number;
  readonly timeoutMs: number;
  readonly maxMemoryBytes: number;
  readonly maxDepth: number;
  readonly checkInterval: number;
  readonly cancellation: CancellationToken | undefined;
  steps = 0;
  memory = 0;
  /** The step count at which `check()` must run next. */
  nextCheck: number;
  private deadline = Infinity;

  constructor(o: BudgetOptions = {}) {
    this.maxSteps = o.maxSteps ?? 50_000_000;
    this.timeoutMs = o.timeoutMs ?? 10_000;
    this.maxMemoryBytes = o.maxMemoryBytes ?? 2 * 1024 ** 3;
    this.maxDepth = o.maxDepth ?? 400;
    this.checkInterval = Math.max(1, o.checkInterval ?? 4096);
    this.cancellation = o.cancellation;
    this.nextCheck = Math.min(this.maxSteps, this.checkInterval);
  }

  /** Starts the wall clock at the first run entry (creating an interpreter does not count). */
  ensureStarted(): void {
    if (this.deadline === Infinity) this.deadline = performance.now() + this.timeoutMs;
  }

  /** The slow path of a step: returns the exceeded budget, if any, and schedules the next check. */
  check(): BudgetKind | undefined {
    if (this.steps > this.maxSteps) return 'steps';
    if (this.cancellation?.isCancellationRequested) return 'cancelled';
    if (performance.now() > this.deadline) return 'time';
    this.nextCheck = Math.min(this.maxSteps, this.steps + this.checkInterval);
    return undefined;
  }

  limitOf(kind: BudgetKind): number {
    switch (kind) {
      case 'steps': return this.maxSteps;
      case 'time': return this.timeoutMs;
      case 'memory': return this.maxMemoryBytes;
      case 'depth': return this.maxDepth;
      case 'cancelled': return 0;
    }
  }
}
