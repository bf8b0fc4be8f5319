/**
 * The instruction stream as the scheduler reads it: columns gathered in one pass over the
 * tracer's objects.
 *
 * Purpose: a 16K-token flash attention is ~250,000 instruction objects (each with operand,
 * access, shape and stride objects) spread over hundreds of MiB of heap; every pass over them
 * costs cache misses, and the model used to make several (last uses, source locations, the main
 * loop, cost reuse). `StreamEncoder.add` reads each instruction once, in program order, and keeps
 * what scheduling needs: core, engine, source location, cost class (costClasses.ts), the
 * accumulate flag, and per operand the storage, role, bytes, element extent and partition range;
 * plus each storage's facts (storageFacts.ts) and last use. The scheduler then reads only these
 * columns, and an instruction object only to price the first instruction of a cost class.
 * Invariant: operand k of instruction i is entry `opStart[i] + k`; `extLo/extHi` is the access's
 * `extent ?? computeExtent(access)` (NaN when unknown); `part0 = -1` when the access has no
 * partition range; `lastUse[id]` is the last instruction touching storage `id` (-1: none).
 */
import type { Access, Instruction, Storage } from '../tracer/instruction';
import { elementExtent } from '../tracer/indexing';
import { engineOf } from './costs';
import { CostClasses } from './costClasses';
import { SourceIndex } from './sources';
import { BUF_PSUM, BUF_SBUF, StorageFacts } from './storageFacts';

export const ROLE_READ = 0;
export const ROLE_WRITE = 1;
export const ROLE_READWRITE = 2;

/** `flags` bits. */
export const FLAG_TENSOR = 1; // a Tensor Engine instruction (not a DMA issued from it)
export const FLAG_ACCUMULATE = 2; // a TensorE write that accumulates into PSUM
export const FLAG_NC_MATMUL = 4; // opcode nc_matmul (a transpose through the matmul path warms the array like a matmul)

export interface InstructionStream {
  count: number;
  core: Int32Array;
  flags: Uint8Array;
  costClass: Int32Array;
  opStart: Int32Array;
  opStorage: Int32Array;
  opRole: Uint8Array;
  extLo: Float64Array;
  extHi: Float64Array;
  part0: Int32Array;
  part1: Int32Array;
  /** By storage id. */
  lastUse: Int32Array;
  /** Bytes of all operand accesses to SBUF and to PSUM. */
  sbufBytes: number;
  psumBytes: number;
  sources: SourceIndex;
  classes: CostClasses;
  facts: StorageFacts;
}

export class StreamEncoder {
  private n = 0;
  private ops = 0;
  private core: Int32Array;
  private flags: Uint8Array;
  private costClass: Int32Array;
  private opStart: Int32Array;
  private opStorage: Int32Array;
  private opRole: Uint8Array;
  private extLo: Float64Array;
  private extHi: Float64Array;
  private part0: Int32Array;
  private part1: Int32Array;
  private lastUse: Int32Array;
  private sbufBytes = 0;
  private psumBytes = 0;
  readonly facts: StorageFacts;
  private readonly sources: SourceIndex;
  private readonly classes: CostClasses;

  constructor(storages: readonly Storage[], capacity = 1024) {
    const cap = Math.max(16, capacity);
    this.core = new Int32Array(cap);
    this.flags = new Uint8Array(cap);
    this.costClass = new Int32Array(cap);
    this.opStart = new Int32Array(cap + 1);
    const opCap = cap * 3; // kernels average 2-3 operands per instruction
    this.opStorage = new Int32Array(opCap);
    this.opRole = new Uint8Array(opCap);
    this.extLo = new Float64Array(opCap);
    this.extHi = new Float64Array(opCap);
    this.part0 = new Int32Array(opCap);
    this.part1 = new Int32Array(opCap);
    this.lastUse = new Int32Array(Math.max(16, storages.length)).fill(-1);
    this.facts = new StorageFacts(storages);
    this.sources = new SourceIndex(cap);
    const facts = this.facts;
    this.classes = new CostClasses((id) => facts.code(id));
  }

  /** Appends the next instruction in program order. */
  add(ins: Instruction): void {
    const i = this.n;
    if (i === this.core.length) this.growInstructions();
    const ops = ins.operands;
    if (this.ops + ops.length > this.opStorage.length) this.growOperands(this.ops + ops.length);
    this.core[i] = ins.core;
    const loc = this.sources.add(ins.span);
    this.costClass[i] = this.classes.classify(loc, ins);
    const tensor = ins.engine === 'tensor' && engineOf(ins) === 'tensor';
    let accumulate = tensor && ins.attrs.accumulate === true;
    const facts = this.facts;
    let o = this.ops;
    this.opStart[i] = o;
    for (let k = 0; k < ops.length; k++, o++) {
      const op = ops[k];
      const a = op.access;
      const id = a.storage;
      const code = facts.code(id);
      this.opStorage[o] = id;
      const role = op.role === 'read' ? ROLE_READ : op.role === 'write' ? ROLE_WRITE : ROLE_READWRITE;
      this.opRole[o] = role;
      const b = a.bytes;
      if (b !== undefined) {
        if (code === BUF_SBUF) this.sbufBytes += b;
        else if (code === BUF_PSUM) this.psumBytes += b;
      }
      // A TensorE instruction that reads and writes PSUM accumulates.
      if (tensor && code === BUF_PSUM && role === ROLE_READWRITE) accumulate = true;
      const ext = a.extent;
      if (ext !== undefined) { this.extLo[o] = ext[0]; this.extHi[o] = ext[1]; } else extentInto(a, this.extLo, this.extHi, o);
      const pr = a.partitionRange;
      if (pr !== undefined) { this.part0[o] = pr[0]; this.part1[o] = pr[1]; } else { this.part0[o] = -1; this.part1[o] = -1; }
      if (id >= 0) {
        if (id >= this.lastUse.length) this.growLastUse(id + 1);
        this.lastUse[id] = i;
      }
    }
    this.ops = o;
    this.flags[i] = (tensor ? FLAG_TENSOR : 0) | (accumulate ? FLAG_ACCUMULATE : 0) | (ins.opcode === 'nc_matmul' ? FLAG_NC_MATMUL : 0);
    this.n = i + 1;
  }

  finish(): InstructionStream {
    const n = this.n;
    this.opStart[n] = this.ops;
    return {
      count: n, core: this.core, flags: this.flags, costClass: this.costClass, opStart: this.opStart, opStorage: this.opStorage,
      opRole: this.opRole, extLo: this.extLo, extHi: this.extHi, part0: this.part0, part1: this.part1, lastUse: this.lastUse,
      sbufBytes: this.sbufBytes, psumBytes: this.psumBytes, sources: this.sources, classes: this.classes, facts: this.facts,
    };
  }

  private growInstructions(): void {
    const cap = this.core.length * 2;
    this.core = grow(this.core, new Int32Array(cap));
    this.flags = grow(this.flags, new Uint8Array(cap));
    this.costClass = grow(this.costClass, new Int32Array(cap));
    this.opStart = grow(this.opStart, new Int32Array(cap + 1));
  }

  private growOperands(min: number): void {
    const cap = Math.max(min, this.opStorage.length * 2);
    this.opStorage = grow(this.opStorage, new Int32Array(cap));
    this.opRole = grow(this.opRole, new Uint8Array(cap));
    this.extLo = grow(this.extLo, new Float64Array(cap));
    this.extHi = grow(this.extHi, new Float64Array(cap));
    this.part0 = grow(this.part0, new Int32Array(cap));
    this.part1 = grow(this.part1, new Int32Array(cap));
  }

  private growLastUse(min: number): void {
    const next = new Int32Array(Math.max(min, this.lastUse.length * 2)).fill(-1);
    next.set(this.lastUse);
    this.lastUse = next;
  }
}

/** The stream of `instructions` (in program order). */
export function encodeStream(instructions: readonly Instruction[], storages: readonly Storage[]): InstructionStream {
  const enc = new StreamEncoder(storages, instructions.length);
  for (let i = 0; i < instructions.length; i++) enc.add(instructions[i]);
  return enc.finish();
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** [first, last] element of a view from its offset, strides and shape, into lo/hi[o]; NaN if unknown. */
function extentInto(a: Access, lo: Float64Array, hi: Float64Array, o: number): void {
  const e = computeExtent(a);
  lo[o] = e ? e[0] : NaN;
  hi[o] = e ? e[1] : NaN;
}

/** [first, last] element of an access from its offset, strides and shape; undefined if unknown. */
export function computeExtent(a: Access): [number, number] | undefined {
  return elementExtent(a);
}
