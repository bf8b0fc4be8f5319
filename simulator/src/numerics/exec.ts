/**
 * The execution context one instruction's semantics see: its operands by parameter name, its
 * non-tensor arguments, reads and writes over views through `Memory`, the Beta 1 `mask=`
 * predicate, the engines' accumulator registers and the seeded RNG.
 *
 * Purpose: keep `ops/*.ts` free of trace plumbing, so each op reads like its documented formula.
 * Invariant: an op either completes its writes or throws `NumericsError` naming the instruction
 * and its source location; it never writes a guess.
 */
import type { Access, ArgValue, Instruction, Operand } from '../tracer/instruction';
import { AccessError, type Memory } from './memory';
import { DtypeError } from './dtype';
import { evalMask } from './mask';
import type { Rng } from './rng';
import { fitTo, layoutOf, product, ViewError, type Layout } from './view';

export class NumericsError extends Error {
  constructor(message: string, readonly instruction?: Instruction) {
    super(message);
  }
}

/** Per-partition accumulator registers of an engine (ScalarE: activation; VectorE: the reduce family). */
export class Accumulators {
  readonly values = new Float64Array(128);
  /** The last reduce op used, to combine with later `reduce` commands. */
  op: string | undefined;
}

export interface Machine {
  mem: Memory;
  rng: Rng;
  scalarAcc: Accumulators;
  vectorAcc: Accumulators;
  warnings: string[];
}

const OUTPUT_PARAMS = ['dst', 'result', 'val_dst'];

export class Exec {
  constructor(readonly ins: Instruction, readonly m: Machine) {}

  get api(): string { return this.ins.api; }

  fail(message: string): never {
    throw new NumericsError(message, this.ins);
  }

  operand(param: string): Operand | undefined {
    return this.ins.operands.find((o) => o.param === param);
  }

  need(param: string): Operand {
    return this.operand(param) ?? this.fail(`${this.ins.opcode}: operand '${param}' is missing from the trace`);
  }

  /** The instruction's main destination (`dst`, or the tile a Beta 1 call returns). */
  out(): Operand {
    const o = this.ins.operands.find((x) => x.role !== 'read' && OUTPUT_PARAMS.includes(x.param))
      ?? this.ins.operands.find((x) => x.role !== 'read');
    return o ?? this.fail(`${this.ins.opcode}: no destination operand in the trace`);
  }

  arg(name: string): ArgValue | undefined {
    return this.ins.args?.[name];
  }

  has(name: string): boolean {
    const v = this.arg(name);
    return v !== undefined && v !== null;
  }

  num(name: string, fallback?: number): number {
    const v = this.arg(name);
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    return this.fail(`${this.ins.opcode}: argument '${name}' is ${describe(v)}, not a number known at trace time`);
  }

  str(name: string, fallback?: string): string {
    const v = this.arg(name) ?? this.ins.attrs[name];
    if (typeof v === 'string') return v;
    if ((v === undefined || v === null) && fallback !== undefined) return fallback;
    return this.fail(`${this.ins.opcode}: argument '${name}' is ${describe(v)}, expected a name`);
  }

  bool(name: string, fallback = false): boolean {
    const v = this.arg(name) ?? this.ins.attrs[name];
    if (typeof v === 'boolean') return v;
    if (typeof v === 'number') return v !== 0;
    return fallback;
  }

  layout(a: Access, what: string): Layout {
    try {
      return layoutOf(a, what);
    } catch (e) {
      return this.fail((e as Error).message);
    }
  }

  shape(o: Operand): number[] {
    return this.layout(o.access, `'${o.param}'`).shape;
  }

  /** Values of an operand lined up with `target` (broadcast or flattened as the ISA matches operands). */
  read(o: Operand, target?: readonly number[], skip?: Uint8Array): Float64Array {
    const own = this.layout(o.access, `'${o.param}'`);
    let l = own;
    if (target) {
      const fitted = fitTo(own, target);
      if (!fitted) this.fail(`${this.ins.opcode}: '${o.param}' has shape [${own.shape.join(', ')}], which does not match [${target.join(', ')}]`);
      l = fitted;
    }
    return this.guard(() => this.m.mem.read(o.access, l, `'${o.param}' of ${this.ins.opcode}`, skip));
  }

  write(o: Operand, values: ArrayLike<number>, skip?: Uint8Array, options?: { matmul?: boolean }): void {
    const l = this.layout(o.access, `'${o.param}'`);
    if (values.length !== product(l.shape)) this.fail(`${this.ins.opcode}: result has ${values.length} elements but '${o.param}' has ${product(l.shape)} ([${l.shape.join(', ')}])`);
    this.guard(() => this.m.mem.write(o.access, values, l, `'${o.param}' of ${this.ins.opcode}`, skip, options));
  }

  /**
   * A per-partition scalar operand (`scale`, `bias`, `operand0`, ...): a (P, 1) tensor, or a number
   * in the arguments. Returns one value per partition of `partitions`, or undefined when absent.
   */
  perPartition(name: string, partitions: number, fallback?: number): Float64Array | undefined {
    const o = this.operand(name);
    if (o) {
      const s = this.shape(o);
      const n = product(s);
      const v = this.read(o);
      if (n === partitions) return v;
      if (n === 1) return new Float64Array(partitions).fill(v[0]);
      return this.fail(`${this.ins.opcode}: '${name}' has shape [${s.join(', ')}]; expected ${partitions} partitions with one element each`);
    }
    const a = this.arg(name);
    if (typeof a === 'number' || typeof a === 'boolean') return new Float64Array(partitions).fill(Number(a));
    if (a === undefined || a === null) return fallback === undefined ? undefined : new Float64Array(partitions).fill(fallback);
    return this.fail(`${this.ins.opcode}: argument '${name}' is ${describe(a)}, not a number or tensor`);
  }

  /**
   * The common start of a per-element instruction: its destination, the iteration shape, the
   * mask, `param` read over that shape, and the partitions and elements per partition.
   */
  perElement(param = 'data'): { dst: Operand; shape: number[]; skip: Uint8Array | undefined; data: Float64Array; P: number; F: number } {
    const dst = this.out();
    const shape = this.shape(dst);
    const skip = this.skipMask(shape);
    const data = this.read(this.need(param), shape, skip);
    return { dst, shape, skip, data, P: shape[0], F: product(shape.slice(1)) };
  }

  /**
   * The Beta 1 `mask=` predicate over `shape` as a skip mask (1 = masked off), or undefined when
   * the instruction is unmasked. Stops the run when the mask is not understood.
   */
  skipMask(shape: readonly number[]): Uint8Array | undefined {
    if (this.ins.attrs.masked !== true) return undefined;
    const m = this.arg('mask');
    const r = evalMask(m, shape);
    if (typeof r === 'string') return this.fail(`${this.ins.opcode}: its mask= ${r}`);
    return r;
  }

  /** Fails for a masked instruction whose semantics do not support masks yet. */
  noMask(): void {
    if (this.ins.attrs.masked === true) this.fail(`${this.ins.opcode} with mask= is not supported by the numerics yet`);
  }

  warn(message: string): void {
    this.m.warnings.push(`${where(this.ins)}: ${message}`);
  }

  private guard<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof AccessError || e instanceof ViewError || e instanceof DtypeError) return this.fail(e.message);
      throw e;
    }
  }
}

export type OpImpl = (x: Exec) => void;

export function describe(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v && typeof v === 'object' && 'unknown' in (v as object)) return `unknown (${(v as { unknown: string }).unknown})`;
  return JSON.stringify(v);
}

export function where(ins: Instruction): string {
  return `${ins.span.path}:${ins.span.line + 1}:${ins.span.character + 1}`;
}
