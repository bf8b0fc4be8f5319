/**
 * Memory dependencies between instructions: RAW, WAR and WAW through overlapping bytes of the
 * same physical buffer, with the compiler's buffer rotation.
 *
 * Purpose: turn each instruction's operand accesses into the list of earlier instructions it must
 * wait for. Accesses are rectangles: partitions [p0, p1) × bytes within a partition [b0, b1)
 * for SBUF/PSUM, one row × bytes for HBM. Each physical buffer keeps a short list of live access
 * records (an interval index): a write removes every record it fully covers, because anything
 * that later conflicts with the covered records also conflicts with the write, which is already
 * ordered after them; so a tile that is rewritten each iteration keeps O(1) records. If a buffer
 * still accumulates more than `MAX_RECORDS` (piecewise writes of a large tile), the oldest half is
 * folded into one bounding-box read record and one write record (conservative: may add a
 * dependency on an old, long-finished instruction, never misses one). A read covered by a later
 * read that ends no earlier is dropped too (a future writer need only wait for the later one).
 * Reads of a buffer that nothing has written yet (kernel inputs) are not recorded: the only
 * dependency they could create is a WAR with a later write of an input, which dataflow through
 * the kernel orders anyway.
 *
 * Buffer rotation policy: an SBUF/PSUM allocation site (`Storage.site`) executed again in a later
 * loop iteration gets a new `Storage`; each site has at least `depth` physical slots per core
 * (default 2 for SBUF and PSUM, i.e. double buffering) taken round robin, so iteration i+2 reuses
 * iteration i's buffer and picks up WAR/WAW dependencies on it, while iteration i+1 can load
 * while iteration i computes: DMA/compute overlap and its stalls emerge from the kernel as
 * written. A slot whose tile is still used later (its last use, from `setLastUse`, is at or after
 * the new tile's first use: tiles collected in a list and consumed after the loop) is skipped,
 * and when every slot is live the site gets another one, as a compiler gives simultaneously live
 * tiles separate buffers. (Rotating blindly made such tiles share a buffer: false WAR/RAW
 * dependencies serialised loads hoisted out of a loop.) HBM storages and allocations outside
 * loops are their own buffer.
 *
 * Explicit placement (`nl.ndarray(address=(p, f))`, `Storage.address`): such storages share one
 * physical buffer per buffer kind and core, their rectangles shifted to their start partition and
 * byte offset, so tensors placed at overlapping addresses (hand-rotated buffers) depend on each
 * other (RAW/WAR/WAW) as they do on the device; they take no part in the rotation policy.
 *
 * Ordering that program order already guarantees is not recorded: WAR/WAW between two
 * instructions of the same engine (engines issue in order), and matmuls accumulating into the
 * same PSUM region (the array accumulates in pipeline order). DMA queues are separate in-order
 * streams, so DMA→DMA dependencies are kept.
 *
 * Invariant: every returned dependency points to an earlier instruction; no dependency is listed
 * twice for one instruction (RAW wins over WAR/WAW when both apply).
 */
import type { Access, BufferName, Instruction, Storage } from '../tracer/instruction';

export const DEP_RAW = 0;
export const DEP_WAR = 1;
export const DEP_WAW = 2;

export interface RotationPolicy {
  /** Physical buffers per SBUF allocation site (per core). */
  sbuf: number;
  /** Physical buffers per PSUM allocation site (per core). */
  psum: number;
  /** Overrides by `Storage.site`. */
  perSite?: Readonly<Record<string, number>>;
}

export const DEFAULT_ROTATION: RotationPolicy = { sbuf: 2, psum: 2 };

const MAX_RECORDS = 64;

class PhysBuffer {
  /** Live records: the first `n` entries of the arrays (arrays never shrink, to avoid reallocation). */
  n = 0;
  p0: number[] = [];
  p1: number[] = [];
  b0: number[] = [];
  b1: number[] = [];
  ins: number[] = [];
  write: boolean[] = [];
  /** Some instruction has written this buffer; until then reads are not recorded. */
  written = false;
  constructor(readonly id: number, readonly onChip: boolean, readonly bytesPerPartition: number, readonly psumBaseBank: number) {}
}

/** Rectangle of one access; module-level scratch to avoid allocating per access. */
interface Rect { p0: number; p1: number; b0: number; b1: number }

/** Buffer codes of `DependencyTracker.bufCode` (-1: no such storage). */
export const BUFFER_NAMES: readonly BufferName[] = ['sbuf', 'psum', 'hbm', 'shared_hbm', 'private_hbm'];
export const BUF_SBUF = 0;
export const BUF_PSUM = 1;

function bufferCode(b: BufferName): number {
  switch (b) {
    case 'sbuf': return 0;
    case 'psum': return 1;
    case 'hbm': return 2;
    case 'shared_hbm': return 3;
    default: return 4;
  }
}

export class DependencyTracker {
  /**
   * What the hot path needs of each storage, by id, read from the `Storage` object the first time
   * the id is touched (in program order, so next to the instructions that use it in memory; a
   * separate pass over every storage costs a cache and TLB miss per storage): buffer code (-2 not
   * looked up yet, -1 no such storage), bytes per element, partitions (`partitions ?? shape[0] ??
   * 128`), bytes per partition (declared, else from the shape), the declared bytes per partition
   * (0 if none) and the rotation site id and depth of a local SBUF/PSUM storage (-1: its own buffer).
   */
  bufCode: Int8Array;
  private bpe: Float64Array;
  private parts: Float64Array;
  private bppOf: Float64Array;
  declaredBpp: Float64Array;
  private siteOf: Int32Array;
  private depthOf: Float64Array;
  /** Explicit address (start partition, byte offset) per storage id; -1: allocator-placed. */
  private addrP: Float64Array;
  private addrB: Float64Array;
  /** The shared physical buffer of explicitly placed storages, by `code * 65536 + core`. */
  private readonly placedRegions = new Map<number, PhysBuffer>();
  private readonly siteIds = new Map<string, number>();
  /** Storages by id when `storages[id].id !== id` for some id (built on first need). */
  private byId: Map<number, Storage> | undefined;
  private readonly physOf: Array<PhysBuffer | undefined> = [];
  /** Per allocation site id, per core: storages seen so far and the physical slots. */
  private readonly siteRecs: Array<{ slots: PhysBuffer[][]; occupant: number[][]; next: number[] } | undefined> = [];
  /** Last instruction touching each storage id (`setLastUse`); without it every tile is dead once replaced. */
  private lastUse: Int32Array | undefined;
  /** The instruction being collected. */
  private current = 0;
  private readonly nextPsumBank = new Map<number, number>();
  private nextId = 0;
  private readonly stamp: Int32Array;
  private readonly stampPos: Int32Array;

  /** Output of `collect`: the first `depCount` entries are the current instruction's dependencies. */
  depIdx = new Int32Array(64);
  depKind = new Uint8Array(64);
  depCount = 0;

  constructor(private readonly storages: readonly Storage[], instructionCount: number, private readonly rotation: RotationPolicy,
    private readonly psumBanks: number, private readonly psumBankBytes: number,
    /** engine identity per instruction (core * 16 + engine code); same value = same in-order stream. */
    private readonly streamOf: Int32Array,
    /** end time per instruction, for folding old records (keep the latest-finishing one). */
    private readonly ends: Float64Array) {
    const cap = Math.max(16, storages.length);
    this.bufCode = new Int8Array(cap).fill(-2);
    this.bpe = new Float64Array(cap);
    this.parts = new Float64Array(cap);
    this.bppOf = new Float64Array(cap);
    this.declaredBpp = new Float64Array(cap);
    this.siteOf = new Int32Array(cap);
    this.depthOf = new Float64Array(cap);
    this.addrP = new Float64Array(cap).fill(-1);
    this.addrB = new Float64Array(cap).fill(-1);
    this.stamp = new Int32Array(instructionCount).fill(-1);
    this.stampPos = new Int32Array(instructionCount);
  }

  storage(id: number): Storage | undefined {
    const s = this.storages[id];
    if (s !== undefined && s.id === id) return s;
    if (!this.byId) {
      // Last one wins, as for an array filled in order.
      this.byId = new Map();
      for (const t of this.storages) this.byId.set(t.id, t);
    }
    return this.byId.get(id);
  }

  /** Buffer code of a storage id (`BUFFER_NAMES` index; -1 no such storage). */
  bufCodeOf(id: number): number {
    if (id >= 0 && id < this.bufCode.length) {
      const c = this.bufCode[id];
      if (c !== -2) return c;
    }
    return this.lookUp(id);
  }

  bufferOf(id: number): BufferName | undefined {
    const c = this.bufCodeOf(id);
    return c < 0 ? undefined : BUFFER_NAMES[c];
  }

  private lookUp(id: number): number {
    if (!Number.isInteger(id) || id < 0) return -1;
    if (id >= this.bufCode.length) this.grow(id + 1);
    const s = this.storage(id);
    if (!s) { this.bufCode[id] = -1; return -1; }
    const code = bufferCode(s.buffer);
    this.bufCode[id] = code;
    this.bpe[id] = s.bytesPerElement ?? 1;
    this.parts[id] = s.partitions ?? s.shape[0] ?? 128;
    const declared = s.bytesPerPartition;
    this.bppOf[id] = typeof declared === 'number' ? declared : bytesPerPartitionOf(s);
    this.declaredBpp[id] = typeof declared === 'number' ? declared : 0;
    this.siteOf[id] = -1;
    this.depthOf[id] = 1;
    const addr = s.address;
    if ((code === 0 || code === 1) && addr) {
      this.addrP[id] = addr.partition;
      this.addrB[id] = addr.byte;
    } else if ((code === 0 || code === 1) && s.origin === 'local') {
      const name = s.site;
      let site = this.siteIds.get(name);
      if (site === undefined) { site = this.siteIds.size; this.siteIds.set(name, site); }
      this.siteOf[id] = site;
      this.depthOf[id] = Math.max(1, this.rotation.perSite?.[name] ?? (code === 1 ? this.rotation.psum : this.rotation.sbuf));
    }
    return code;
  }

  private grow(min: number): void {
    const cap = Math.max(min, this.bufCode.length * 2);
    const code = new Int8Array(cap).fill(-2);
    code.set(this.bufCode);
    this.bufCode = code;
    this.bpe = grown(this.bpe, new Float64Array(cap));
    this.parts = grown(this.parts, new Float64Array(cap));
    this.bppOf = grown(this.bppOf, new Float64Array(cap));
    this.declaredBpp = grown(this.declaredBpp, new Float64Array(cap));
    this.siteOf = grown(this.siteOf, new Int32Array(cap));
    this.depthOf = grown(this.depthOf, new Float64Array(cap));
    const n = this.addrP.length;
    this.addrP = grown(this.addrP, new Float64Array(cap));
    this.addrB = grown(this.addrB, new Float64Array(cap));
    this.addrP.fill(-1, n);
    this.addrB.fill(-1, n);
  }

  private physical(storageId: number, core: number): PhysBuffer {
    let pb = this.physOf[storageId];
    if (pb) return pb;
    const code = this.bufCodeOf(storageId);
    const known = code >= 0;
    const onChip = code === 0 || code === 1;
    const bpp = known ? this.bppOf[storageId] : 0;
    const site = known ? this.siteOf[storageId] : -1;
    if (onChip && this.addrB[storageId] >= 0) {
      // Explicitly placed: the buffer's one address space, shared with every other placed tensor.
      const key = code * 65536 + core;
      pb = this.placedRegions.get(key);
      if (!pb) {
        pb = new PhysBuffer(this.nextId++, true, 0, code === 1 ? 0 : -1);
        this.placedRegions.set(key, pb);
      }
    } else if (site >= 0) {
      const depth = this.depthOf[storageId];
      let rec = this.siteRecs[site];
      if (!rec) { rec = { slots: [], occupant: [], next: [] }; this.siteRecs[site] = rec; }
      const slots = rec.slots[core] ?? (rec.slots[core] = []);
      const occupant = rec.occupant[core] ?? (rec.occupant[core] = []);
      // Round robin over the site's slots, skipping any whose tile is still used later: a tile
      // kept alive (e.g. appended to a list and used after the loop) keeps its buffer.
      let pick = -1;
      if (slots.length >= depth) {
        const next = rec.next[core] ?? 0;
        for (let k = 0; k < slots.length; k++) {
          const q = (next + k) % slots.length;
          if (!this.liveAt(occupant[q], this.current)) { pick = q; break; }
        }
      }
      if (pick < 0) {
        pick = slots.length;
        slots.push(new PhysBuffer(this.nextId++, true, bpp, code === 1 ? this.allocBanks(core, bpp) : -1));
        occupant.push(storageId);
      } else {
        occupant[pick] = storageId;
      }
      rec.next[core] = (pick + 1) % slots.length;
      pb = slots[pick];
    } else {
      pb = new PhysBuffer(this.nextId++, onChip, bpp, code === 1 ? this.allocBanks(core, bpp) : -1);
    }
    this.physOf[storageId] = pb;
    return pb;
  }

  /** Gives the index of the last instruction that touches each storage id (for slot reuse). */
  setLastUse(lastUse: Int32Array): void { this.lastUse = lastUse; }

  /** Storage `id` is still used at or after instruction `i`. */
  private liveAt(id: number, i: number): boolean {
    const l = this.lastUse;
    return l !== undefined && id < l.length && l[id] >= i;
  }

  /** PSUM bank policy: each physical PSUM buffer starts on a bank boundary, banks handed out in
   * order of first use, wrapping around the 8 banks. */
  private allocBanks(core: number, bytesPerPartition: number): number {
    const next = this.nextPsumBank.get(core) ?? 0;
    const n = Math.max(1, Math.ceil(bytesPerPartition / this.psumBankBytes));
    this.nextPsumBank.set(core, (next + n) % this.psumBanks);
    return next;
  }

  /** Bitmask of the PSUM banks an access touches (0 if not PSUM). */
  psumBankMask(a: Access, core: number): number {
    const pb = this.physical(a.storage, core);
    if (pb.psumBaseBank < 0) return 0;
    const r = this.rect(a, pb);
    const first = Math.floor(r.b0 / this.psumBankBytes);
    const last = Math.max(first, Math.floor((r.b1 - 1) / this.psumBankBytes));
    let mask = 0;
    for (let b = first; b <= last && b - first < this.psumBanks; b++) mask |= 1 << ((pb.psumBaseBank + b) % this.psumBanks);
    return mask;
  }

  private readonly scratch: Rect = { p0: 0, p1: 0, b0: 0, b1: 0 };

  private rect(a: Access, pb: PhysBuffer): Rect {
    const r = this.scratch;
    const id = a.storage;
    const known = this.bufCodeOf(id) >= 0;
    const bpe = known ? this.bpe[id] : 1;
    const ext = a.extent ?? computeExtent(a);
    if (pb.onChip) {
      const parts = known ? this.parts[id] : 128;
      const pr = a.partitionRange;
      r.p0 = pr ? pr[0] : 0;
      r.p1 = pr ? pr[1] : (parts ?? 128);
      // A placed tensor's region is the whole buffer: its own size is the storage's.
      const placed = known && this.addrB[id] >= 0;
      const bpp = placed ? this.bppOf[id] : pb.bytesPerPartition;
      const freeElems = bpp > 0 ? bpp / bpe : 0;
      r.b0 = 0;
      r.b1 = bpp > 0 ? bpp : Number.MAX_SAFE_INTEGER;
      if (ext && freeElems > 0) {
        const f0 = ext[0] - r.p0 * freeElems;
        const f1 = ext[1] - (r.p1 - 1) * freeElems;
        if (f0 >= 0 && f1 >= f0 && f1 < freeElems) { r.b0 = f0 * bpe; r.b1 = (f1 + 1) * bpe; }
        else if (r.p1 - r.p0 === 1 && f0 >= 0) { r.b0 = f0 * bpe; r.b1 = Math.min(freeElems, ext[1] - r.p0 * freeElems + 1) * bpe; }
      }
      if (placed) {
        const dp = this.addrP[id]; const db = this.addrB[id];
        r.p0 += dp; r.p1 += dp; r.b0 += db;
        if (r.b1 !== Number.MAX_SAFE_INTEGER) r.b1 += db;
      }
    } else {
      r.p0 = 0;
      r.p1 = 1;
      if (ext) { r.b0 = ext[0] * bpe; r.b1 = (ext[1] + 1) * bpe; }
      else { r.b0 = 0; r.b1 = Number.MAX_SAFE_INTEGER; }
    }
    return r;
  }

  /** Operands of the instruction being collected: physical buffer and rectangle. */
  private opBuf: PhysBuffer[] = [];
  private opRect: number[] = [];
  private isWrite: boolean[] = [];
  private opCount = 0;

  /**
   * Computes the dependencies of instruction `i` into `depIdx`/`depKind`. `tensorAccumulate` marks
   * a TensorE instruction whose PSUM write accumulates. Call `record(i)` once `i` is scheduled.
   */
  collect(i: number, ins: Instruction, tensorAccumulate: boolean): void {
    this.depCount = 0;
    this.current = i;
    const myStream = this.streamOf[i];
    const ops = ins.operands;
    this.opCount = ops.length;
    for (let o = 0; o < ops.length; o++) {
      const op = ops[o];
      const pb = this.physical(op.access.storage, ins.core);
      const r = this.rect(op.access, pb);
      const { p0, p1, b0, b1 } = r;
      this.opBuf[o] = pb;
      this.isWrite[o] = op.role !== 'read';
      this.opRect[4 * o] = p0; this.opRect[4 * o + 1] = p1; this.opRect[4 * o + 2] = b0; this.opRect[4 * o + 3] = b1;
      const reads = op.role !== 'write';
      const writes = op.role !== 'read';
      const n = pb.n;
      for (let k = 0; k < n; k++) {
        if (pb.p0[k] >= p1 || p0 >= pb.p1[k] || pb.b0[k] >= b1 || b0 >= pb.b1[k]) continue;
        const j = pb.ins[k];
        if (j === i) continue;
        const sameStream = this.streamOf[j] === myStream;
        let kind = -1;
        if (pb.write[k]) {
          if (tensorAccumulate && writes && sameStream) continue; // accumulation group in flight
          if (reads) kind = DEP_RAW;
          else if (!sameStream) kind = DEP_WAW;
        } else if (writes && !sameStream) {
          kind = DEP_WAR;
        }
        if (kind < 0) continue;
        if (this.stamp[j] === i) {
          if (kind === DEP_RAW) this.depKind[this.stampPos[j]] = DEP_RAW;
        } else {
          this.stamp[j] = i;
          this.addDep(j, kind);
        }
      }
    }
  }

  private addDep(j: number, kind: number): void {
    if (this.depCount === this.depIdx.length) {
      const idx = new Int32Array(this.depIdx.length * 2);
      idx.set(this.depIdx);
      this.depIdx = idx;
      const kinds = new Uint8Array(idx.length);
      kinds.set(this.depKind);
      this.depKind = kinds;
    }
    this.stampPos[j] = this.depCount;
    this.depIdx[this.depCount] = j;
    this.depKind[this.depCount] = kind;
    this.depCount++;
  }

  /**
   * Records the accesses of the instruction last passed to `collect`, now that its end time is
   * known. A write drops every record it covers; a read drops reads it covers that end no later
   * (a future writer only needs to wait for the latest of them); reads of a buffer nobody writes
   * are not recorded at all.
   */
  record(i: number): void {
    const ops = this.opBuf;
    const end = this.ends[i];
    for (let o = 0; o < this.opCount; o++) {
      const pb = ops[o];
      const p0 = this.opRect[4 * o], p1 = this.opRect[4 * o + 1], b0 = this.opRect[4 * o + 2], b1 = this.opRect[4 * o + 3];
      const writes = this.isWrite[o];
      if (writes) pb.written = true;
      else if (!pb.written) continue;
      this.prune(pb, p0, p1, b0, b1, i, writes ? -1 : end);
      const k = pb.n++;
      pb.p0[k] = p0; pb.p1[k] = p1; pb.b0[k] = b0; pb.b1[k] = b1; pb.ins[k] = i; pb.write[k] = writes;
      if (pb.n > MAX_RECORDS) this.fold(pb);
    }
  }

  private prune(pb: PhysBuffer, p0: number, p1: number, b0: number, b1: number, i: number, readEnd: number): void {
    let w = 0;
    const n = pb.n;
    for (let k = 0; k < n; k++) {
      const j = pb.ins[k];
      const covered = j !== i && pb.p0[k] >= p0 && pb.p1[k] <= p1 && pb.b0[k] >= b0 && pb.b1[k] <= b1
        && (readEnd < 0 || (!pb.write[k] && this.ends[j] <= readEnd));
      if (covered) continue;
      if (w !== k) {
        pb.p0[w] = pb.p0[k]; pb.p1[w] = pb.p1[k]; pb.b0[w] = pb.b0[k]; pb.b1[w] = pb.b1[k];
        pb.ins[w] = j; pb.write[w] = pb.write[k];
      }
      w++;
    }
    pb.n = w;
  }

  /** Folds the oldest half of the records into one read and one write bounding box. */
  private fold(pb: PhysBuffer): void {
    const half = pb.n >> 1;
    let out = 0;
    for (const wantWrite of [false, true]) {
      let q0 = Infinity, q1 = -Infinity, c0 = Infinity, c1 = -Infinity, ins = -1, end = -Infinity;
      for (let k = 0; k < half; k++) {
        if (pb.write[k] !== wantWrite) continue;
        q0 = Math.min(q0, pb.p0[k]); q1 = Math.max(q1, pb.p1[k]); c0 = Math.min(c0, pb.b0[k]); c1 = Math.max(c1, pb.b1[k]);
        const e = this.ends[pb.ins[k]];
        if (ins < 0 || e > end) { end = e; ins = pb.ins[k]; }
      }
      if (ins < 0) continue;
      // out <= the index of a record already consumed (out ≤ 1 < half), so overwriting is safe.
      pb.p0[out] = q0; pb.p1[out] = q1; pb.b0[out] = c0; pb.b1[out] = c1; pb.ins[out] = ins; pb.write[out] = wantWrite;
      out++;
    }
    for (let k = half; k < pb.n; k++, out++) {
      pb.p0[out] = pb.p0[k]; pb.p1[out] = pb.p1[k]; pb.b0[out] = pb.b0[k]; pb.b1[out] = pb.b1[k]; pb.ins[out] = pb.ins[k]; pb.write[out] = pb.write[k];
    }
    pb.n = out;
  }
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

function bytesPerPartitionOf(st: Storage): number {
  if (typeof st.bytesPerPartition === 'number') return st.bytesPerPartition;
  let n = st.bytesPerElement;
  for (let i = 1; i < st.shape.length; i++) {
    const d = st.shape[i];
    if (d === undefined) return 0;
    n *= d;
  }
  return n;
}

/** [first, last] element of a view from its offset, strides and shape; undefined if unknown. */
export function computeExtent(a: Access): [number, number] | undefined {
  if (a.offset === undefined) return undefined;
  let lo = a.offset;
  let hi = a.offset;
  for (let d = 0; d < a.shape.length; d++) {
    const n = a.shape[d];
    const s = a.strides[d];
    if (n === undefined || s === undefined) return undefined;
    if (n === 0) return undefined;
    const span = s * (n - 1);
    if (span >= 0) hi += span; else lo += span;
  }
  return [lo, hi];
}
