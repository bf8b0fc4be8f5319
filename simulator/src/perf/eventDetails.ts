/**
 * The instruction-dependent part of a profile's events, computed lazily in program order.
 *
 * Purpose: building a profile should not walk 10^6 instruction objects (each a handful of cache
 * misses: operands, accesses, stacks) when the caller may never read the events. `LazyEventDetails`
 * keeps a reference to the instruction stream and fills, on demand (`advance`), each event's
 * middle (opcode, kind, operand list, source, stack; shared between events, see
 * profile/eventStore.ts) and loop list; once every event is done it drops the stream.
 * Sharing, as before: one operand list per distinct content per source location (the last few
 * kept), one stack array per distinct stack (the tracer interns stacks, so an identical array is
 * recognised by identity first), the tracer's loop arrays as they are.
 * Invariant: the middle of event i depends only on instruction i (and its storages), so the
 * result does not depend on how far or how often `advance` is called.
 */
import type { EventDetails, EventMiddle } from '../profile/eventStore';
import type { EventOperand, SourceLocation } from '../profile/schema';
import type { Dim } from '../tracer/indexing';
import type { Frame, Instruction, LoopLevel, Operand, Storage } from '../tracer/instruction';
import type { CostTable } from './costTable';
import type { SourceIndex } from './sources';

const MAX_OPERAND_VARIANTS = 8;
const MAX_MIDDLE_VARIANTS = 8;
const NO_OPERANDS: EventOperand[] = [];

export class LazyEventDetails implements EventDetails {
  // Allocated on the first `advance`: a profile whose events are never read or written costs nothing here.
  middle: Int32Array = new Int32Array(0);
  readonly middles: EventMiddle[] = [];
  loops: Array<readonly LoopLevel[]> = [];
  private done = 0;
  private instructions: readonly Instruction[] | undefined;
  private operands: OperandInterner | undefined;
  /** Per location id: the last stack array seen there and its event stack. */
  private readonly stackIn: Array<readonly Frame[] | undefined> = [];
  private readonly stackOut: Array<SourceLocation[] | undefined> = [];
  /** Per location id: middle ids seen there, most recent last. */
  private readonly middlesAt: Array<number[] | undefined> = [];

  constructor(instructions: readonly Instruction[], storageOf: (id: number) => Storage | undefined, private readonly src: SourceIndex,
    private readonly costs: CostTable, private readonly detailed: number) {
    this.instructions = instructions;
    this.operands = new OperandInterner(storageOf);
  }

  advance(upTo: number): void {
    if (this.instructions === undefined) return; // all done
    const instructions = this.instructions;
    const n = instructions.length;
    const to = Math.min(upTo, n);
    if (to <= this.done) return;
    if (this.middle.length !== n) { this.middle = new Int32Array(n); this.loops = new Array(n); }
    const { src, costs, detailed, middle, loops } = this;
    const { known, kind } = costs.rows;
    const { kinds, row } = costs;
    const interner = this.operands!;
    const locOf = src.loc;
    for (let i = this.done; i < to; i++) {
      const ins = instructions[i];
      const loc = locOf[i];
      loops[i] = ins.loops;
      const full = i < detailed;
      const operands = full ? interner.of(ins.operands, loc) : NO_OPERANDS;
      const stack = full ? this.stackOf(ins.stack, loc) : src.ownStack(loc);
      const r = row[i];
      const k = known[r] === 1 ? kinds[kind[r]] : 'unknown-cost';
      middle[i] = this.middleOf(loc, ins.opcode, k, operands, stack);
    }
    this.done = to;
    // Everything is in the columns now: let go of the instruction stream and the storages.
    if (to === n) { this.instructions = undefined; this.operands = undefined; }
  }

  private stackOf(frames: readonly Frame[], loc: number): SourceLocation[] {
    if (this.stackIn[loc] === frames) return this.stackOut[loc]!;
    const out = this.src.stack(frames, loc);
    this.stackIn[loc] = frames;
    this.stackOut[loc] = out;
    return out;
  }

  private middleOf(loc: number, opcode: string, kind: string, operands: EventOperand[], stack: SourceLocation[]): number {
    let ids = this.middlesAt[loc];
    if (ids === undefined) { ids = []; this.middlesAt[loc] = ids; }
    for (let v = ids.length - 1; v >= 0; v--) {
      const m = this.middles[ids[v]];
      if (m.operands === operands && m.stack === stack && m.opcode === opcode && m.kind === kind) return ids[v];
    }
    const id = this.middles.length;
    this.middles.push({ opcode, kind, operands, source: this.src.locs[loc], stack });
    if (ids.length >= MAX_MIDDLE_VARIANTS) ids.shift();
    ids.push(id);
    return id;
  }
}

interface OperandVariant { ids: number[]; shapes: Dim[][]; out: EventOperand[] }

/**
 * Event operand lists, shared between events with the same content: the instructions of one
 * source line usually touch the same storages' names, shapes and dtypes in every iteration, so
 * each line keeps its last few lists and an instruction reuses one that matches field by field
 * (shapes first by identity: the tracer interns them).
 */
export class OperandInterner {
  private readonly bySource: Array<OperandVariant[] | undefined> = [];
  constructor(private readonly storageOf: (id: number) => Storage | undefined) {}

  of(ops: readonly Operand[], locId: number): EventOperand[] {
    let variants = this.bySource[locId];
    if (variants) {
      for (let v = 0; v < variants.length; v++) if (this.matches(variants[v], ops)) return variants[v].out;
    } else {
      variants = [];
      this.bySource[locId] = variants;
    }
    const out = ops.map((o) => eventOperand(o, this.storageOf));
    const entry = { ids: ops.map((o) => o.access.storage), shapes: ops.map((o) => o.access.shape), out };
    if (variants.length < MAX_OPERAND_VARIANTS) variants.push(entry);
    else { variants.pop(); variants.unshift(entry); }
    return out;
  }

  private matches(variant: OperandVariant, ops: readonly Operand[]): boolean {
    const { ids, shapes, out: evs } = variant;
    if (evs.length !== ops.length) return false;
    for (let k = 0; k < ops.length; k++) {
      const o = ops[k];
      const e = evs[k];
      const a = o.access;
      if (e.param !== o.param || e.role !== o.role || e.dtype !== a.dtype || e.bytes !== (a.bytes ?? null)) return false;
      const sh = a.shape;
      if (sh !== shapes[k]) {
        const es = e.shape;
        if (sh.length !== es.length) return false;
        for (let d = 0; d < sh.length; d++) if ((sh[d] ?? null) !== es[d]) return false;
      }
      if (ids[k] !== a.storage) {
        // A different storage with the same name and buffer (a rotated tile) yields the same operand.
        const st = this.storageOf(a.storage);
        if ((st?.buffer ?? 'sbuf') !== e.buffer || (st?.name ?? `storage${a.storage}`) !== e.name) return false;
      }
    }
    return true;
  }
}

function eventOperand(o: Operand, storageOf: (id: number) => Storage | undefined): EventOperand {
  const st = storageOf(o.access.storage);
  return {
    param: o.param,
    role: o.role,
    buffer: st?.buffer ?? 'sbuf',
    dtype: o.access.dtype,
    shape: o.access.shape.map((d) => d ?? null),
    bytes: o.access.bytes ?? null,
    name: st?.name ?? `storage${o.access.storage}`,
  };
}
