/**
 * Replays a traced instruction stream on real memory: the numerics back end. The tracer (shape
 * mode) already ran the kernel's Python and recorded every NKI call with exact views; NKI kernels
 * cannot branch on tensor values, so executing the records in program order is the kernel's
 * computation (the Triton-interpreter split: one front end, swappable back ends).
 *
 * Purpose: look each instruction up in `ops/`, execute it, release storages after their last use,
 * and enforce the instruction and time budgets and cancellation.
 * Invariant: the replay either runs every instruction or throws (`NumericsError` naming the
 * instruction and its location, `ReplayBudgetExceeded`, `MemoryBudgetExceeded`); partial results
 * are never returned as if complete.
 */
import type { Instruction, Storage } from '../tracer/instruction';
import { Accumulators, Exec, NumericsError, type Machine } from './exec';
import { Memory, type SharedTensors } from './memory';
import { opFor } from './ops/index';
import { Rng } from './rng';

export class ReplayBudgetExceeded extends Error {}
export class ReplayCancelled extends Error {}

export interface ReplayOptions {
  seed: number;
  maxMemoryBytes?: number;
  maxInstructions?: number;
  timeoutMs?: number;
  /** Storages kept after their last use (kernel inputs and results). */
  keep?: ReadonlySet<number>;
  /** Polled between instructions; true stops the run. */
  isCancelled?: () => boolean;
  /** Called every few hundred instructions with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface ReplayStats {
  instructions: number;
  ms: number;
  peakMemoryBytes: number;
  /** Multiply-adds executed by matmul instructions, ×2 (floating-point operations). */
  matmulFlops: number;
}

/** The first instruction that uses each storage is where it comes alive; the last, where it can go. */
function lastUses(instructions: readonly Instruction[]): Map<number, number> {
  const last = new Map<number, number>();
  instructions.forEach((ins, i) => { for (const o of ins.operands) last.set(o.access.storage, i); });
  return last;
}

/** APIs the numerics implement (for reports); see ops/index.ts. */
export function unsupportedApis(instructions: readonly Instruction[]): Map<string, Instruction> {
  const out = new Map<string, Instruction>();
  for (const ins of instructions) if (!opFor(ins.api) && !out.has(ins.api)) out.set(ins.api, ins);
  return out;
}

export function createMachine(storages: readonly Storage[], seed: number, maxMemoryBytes?: number, shared?: SharedTensors): Machine {
  return {
    mem: new Memory(storages, maxMemoryBytes, shared),
    rng: new Rng(seed),
    scalarAcc: new Accumulators(),
    vectorAcc: new Accumulators(),
    warnings: [],
  };
}

export function replay(instructions: readonly Instruction[], machine: Machine, options: ReplayOptions): ReplayStats {
  const r = new Replayer(instructions, machine, options);
  r.run();
  return r.stats();
}

/**
 * A resumable replay of one instruction stream: `run` executes up to the end or up to an
 * instruction `stop` selects (left unexecuted, for a multi-core driver to synchronise on), and
 * `advance` steps past such an instruction after the driver has performed it.
 */
export class Replayer {
  pc = 0;
  private flops = 0;
  private readonly started = Date.now();
  private readonly last: Map<number, number>;
  private readonly keep: ReadonlySet<number>;

  constructor(readonly instructions: readonly Instruction[], readonly machine: Machine, readonly options: ReplayOptions) {
    const max = options.maxInstructions ?? Infinity;
    if (instructions.length > max) {
      throw new ReplayBudgetExceeded(`the kernel issues ${instructions.length} instructions, over the budget of ${max}; run with smaller shapes`);
    }
    // Refuse up front rather than after minutes of work.
    const missing = unsupportedApis(instructions);
    if (missing.size > 0) {
      const [api, ins] = [...missing.entries()][0];
      const more = missing.size > 1 ? ` (and ${missing.size - 1} more: ${[...missing.keys()].slice(1, 4).map(short).join(', ')})` : '';
      throw new NumericsError(`${short(api)} is not implemented by the numerics yet${more}`, ins);
    }
    this.last = lastUses(instructions);
    this.keep = options.keep ?? new Set<number>();
  }

  get done(): boolean { return this.pc >= this.instructions.length; }

  /** Executes instructions until the end, or until `stop(ins)` (that instruction is not executed); returns it. */
  run(stop?: (ins: Instruction) => boolean): Instruction | undefined {
    const { instructions, machine, options } = this;
    for (; this.pc < instructions.length; this.pc++) {
      const i = this.pc;
      const ins = instructions[i];
      if ((i & 63) === 0) {
        if (options.isCancelled?.()) throw new ReplayCancelled(`cancelled after ${i} of ${instructions.length} instructions`);
        if (options.timeoutMs !== undefined && Date.now() - this.started > options.timeoutMs) {
          throw new ReplayBudgetExceeded(`the run took longer than ${options.timeoutMs} ms (${i} of ${instructions.length} instructions done); run with smaller shapes or raise the time budget`);
        }
        if ((i & 511) === 0) options.onProgress?.(i, instructions.length);
      }
      if (stop?.(ins)) return ins;
      machine.mem.currentSeq = ins.seq;
      opFor(ins.api)!(new Exec(ins, machine));
      if (ins.opcode === 'nc_matmul' || ins.opcode === 'matmul') this.flops += matmulFlops(ins);
      this.release(i);
    }
    options.onProgress?.(instructions.length, instructions.length);
    return undefined;
  }

  /** Steps past the current instruction, which the caller has executed. */
  advance(): void {
    this.release(this.pc);
    this.pc++;
  }

  private release(i: number): void {
    for (const o of this.instructions[i].operands) {
      const id = o.access.storage;
      if (this.last.get(id) === i && !this.keep.has(id)) this.machine.mem.release(id);
    }
  }

  stats(): ReplayStats {
    return { instructions: this.instructions.length, ms: Date.now() - this.started, peakMemoryBytes: this.machine.mem.peakBytes, matmulFlops: this.flops };
  }
}

function matmulFlops(ins: Instruction): number {
  const reads = ins.operands.filter((o) => o.role === 'read');
  if (reads.length < 2) return 0;
  const size = (s: readonly (number | undefined)[]) => s.reduce<number>((a, b) => a * (b ?? 0), 1);
  const [a, b] = reads;
  // double_row contracts over the partitions and the row pair: K is twice the partitions.
  const K = (a.access.shape[0] ?? 0) * (/double_row/.test(String(ins.args?.perf_mode ?? '')) ? 2 : 1);
  return K === 0 ? 0 : (2 * size(a.access.shape) * size(b.access.shape)) / K;
}

function short(api: string): string {
  return api.replace(/^nki\.language\./, 'nl.').replace(/^nki\.isa\./, 'nisa.');
}
