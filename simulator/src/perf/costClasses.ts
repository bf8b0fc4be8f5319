/**
 * Cost classes: instructions that would be priced identically share one class id.
 *
 * Purpose: a kernel's loop issues the same instruction (same source position, operand shapes,
 * dtypes, buffers, strides and attributes) thousands of times; pricing each from scratch
 * (costs.ts builds several small arrays per instruction) dominated the scheduler. Instructions
 * are classified while the stream is encoded (stream.ts), when their objects are at hand: per
 * source location (`SourceIndex` location id) the last few classes are kept with a
 * representative instruction, and a new instruction joins a class when every input the cost
 * formulas read is equal: opcode, engine, free size and partitions, attributes, and per operand
 * its parameter, role, buffer, dtype, shape, strides, partition range, bytes and contiguous run.
 * The scheduler prices a class once per Tensor Engine context (previous instruction a matmul /
 * transpose), the only cost input that is not in the instruction.
 * Invariant: two instructions of one class get equal costs from `instructionCostOf` in equal
 * contexts; anything not compared is not read by costs.ts.
 */
import type { Access, Instruction } from '../tracer/instruction';

const VARIANTS = 4;

interface Entry { ins: Instruction; cls: number }

export class CostClasses {
  private readonly byLoc: Entry[][] = [];
  /** Classes made so far (ids 0 .. count - 1). */
  count = 0;

  constructor(private readonly bufCodeOf: (storage: number) => number) {}

  /** The class of instruction `ins` at location `loc`, a new one if no earlier instruction matches. */
  classify(loc: number, ins: Instruction): number {
    let l = this.byLoc[loc];
    if (l === undefined) { l = []; this.byLoc[loc] = l; }
    for (let k = 0; k < l.length; k++) {
      const e = l[k];
      if (e.ins === ins || this.same(e.ins, ins)) return e.cls;
    }
    const cls = this.count++;
    const e = { ins, cls };
    if (l.length < VARIANTS) l.push(e);
    else { l.pop(); l.unshift(e); }
    return cls;
  }

  private same(a: Instruction, b: Instruction): boolean {
    if (a.opcode !== b.opcode || a.engine !== b.engine || a.freeElements !== b.freeElements || a.partitions !== b.partitions) return false;
    if (!sameAttrs(a.attrs, b.attrs)) return false;
    const x = a.operands;
    const y = b.operands;
    if (x.length !== y.length) return false;
    for (let k = 0; k < x.length; k++) {
      const o = x[k];
      const p = y[k];
      if (o.param !== p.param || o.role !== p.role) return false;
      const s = o.access;
      const t = p.access;
      if (s === t) continue;
      if (s.dtype !== t.dtype || s.bytes !== t.bytes || s.contiguousBytes !== t.contiguousBytes) return false;
      if (!sameDims(s.shape, t.shape) || !sameDims(s.strides, t.strides) || !sameRange(s, t)) return false;
      if (s.storage !== t.storage && this.bufCodeOf(s.storage) !== this.bufCodeOf(t.storage)) return false;
    }
    return true;
  }
}

function sameDims(a: readonly (number | undefined)[], b: readonly (number | undefined)[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let d = 0; d < a.length; d++) if (a[d] !== b[d]) return false;
  return true;
}

function sameRange(s: Access, t: Access): boolean {
  const a = s.partitionRange;
  const b = t.partitionRange;
  if (a === b) return true;
  if (!a || !b) return false;
  return a[0] === b[0] && a[1] === b[1];
}

function sameAttrs(a: Instruction['attrs'], b: Instruction['attrs']): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  for (const _ in b) n--; // eslint-disable-line @typescript-eslint/no-unused-vars
  return n === 0;
}
