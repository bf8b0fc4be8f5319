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
 * written. A slot whose tile is still used later (its last use, from the stream's `lastUse`, is at or after
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
import type { InstructionStream } from './stream';
import { ROLE_READ, ROLE_WRITE } from './stream';
import { BUF_SBUF } from './storageFacts';
import type { StorageFacts } from './storageFacts';

export { BUFFER_NAMES, BUF_PSUM, BUF_SBUF } from './storageFacts';
export { computeExtent } from './stream';

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

export class DependencyTracker {
  /** Explicitly placed storages share one physical buffer per buffer kind and core, by `code * 65536 + core`. */
  private readonly placedRegions = new Map<number, PhysBuffer>();
  /** Physical buffer of each storage id, as an index into `bufs` (-1: not placed yet); ids outside the array in `physOther`. */
  private physIdx: Int32Array;
  private readonly physOther = new Map<number, PhysBuffer>();
  private readonly bufs: PhysBuffer[] = [];
  /** Per allocation site id, per core: storages seen so far and the physical slots. */
  private readonly siteRecs: Array<{ slots: PhysBuffer[][]; occupant: number[][]; next: number[] } | undefined> = [];
  /** The instruction being collected. */
  private current = 0;
  private readonly nextPsumBank = new Map<number, number>();
  private nextId = 0;
  private readonly facts: StorageFacts;

  /** Output of `collect`: the first `depCount` entries are the current instruction's dependencies. */
  depIdx = new Int32Array(64);
  depKind = new Uint8Array(64);
  depCount = 0;

  constructor(private readonly stream: InstructionStream, private readonly rotation: RotationPolicy,
    private readonly psumBanks: number, private readonly psumBankBytes: number,
    /** engine identity per instruction (core * 16 + engine code); same value = same in-order stream. */
    private readonly streamOf: Int32Array,
    /** end time per instruction, for folding old records (keep the latest-finishing one). */
    private readonly ends: Float64Array) {
    this.facts = stream.facts;
    this.physIdx = new Int32Array(Math.max(16, stream.facts.bufCode.length)).fill(-1);
  }

  /** A new physical buffer, findable by its id. */
  private newBuffer(onChip: boolean, bytesPerPartition: number, psumBaseBank: number): PhysBuffer {
    const pb = new PhysBuffer(this.nextId++, onChip, bytesPerPartition, psumBaseBank);
    this.bufs.push(pb);
    return pb;
  }

  private physical(storageId: number, core: number): PhysBuffer {
    const inArray = storageId >= 0 && storageId < this.physIdx.length;
    let pb = inArray ? (this.physIdx[storageId] >= 0 ? this.bufs[this.physIdx[storageId]] : undefined) : this.physOther.get(storageId);
    if (pb) return pb;
    const f = this.facts;
    const code = f.code(storageId);
    const known = code >= 0;
    const onChip = code === 0 || code === 1;
    const bpp = known ? f.bpp[storageId] : 0;
    const site = known ? f.site[storageId] : -1;
    if (onChip && f.addrB[storageId] >= 0) {
      // Explicitly placed: the buffer's one address space, shared with every other placed tensor.
      const key = code * 65536 + core;
      pb = this.placedRegions.get(key);
      if (!pb) {
        pb = this.newBuffer(true, 0, code === 1 ? 0 : -1);
        this.placedRegions.set(key, pb);
      }
    } else if (site >= 0) {
      const depth = Math.max(1, this.rotation.perSite?.[f.siteNames[site]] ?? (code === 1 ? this.rotation.psum : this.rotation.sbuf));
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
        slots.push(this.newBuffer(true, bpp, code === 1 ? this.allocBanks(core, bpp) : -1));
        occupant.push(storageId);
      } else {
        occupant[pick] = storageId;
      }
      rec.next[core] = (pick + 1) % slots.length;
      pb = slots[pick];
    } else {
      pb = this.newBuffer(onChip, bpp, code === 1 ? this.allocBanks(core, bpp) : -1);
    }
    if (inArray) this.physIdx[storageId] = pb.id;
    else if (Number.isInteger(storageId) && storageId >= 0 && storageId < 2 ** 31) this.placeGrown(storageId, pb);
    else this.physOther.set(storageId, pb);
    return pb;
  }

  private placeGrown(storageId: number, pb: PhysBuffer): void {
    const grown = new Int32Array(Math.max(storageId + 1, this.physIdx.length * 2)).fill(-1);
    grown.set(this.physIdx);
    this.physIdx = grown;
    this.physIdx[storageId] = pb.id;
  }

  /** Storage `id` is still used at or after instruction `i`. */
  private liveAt(id: number, i: number): boolean {
    const l = this.stream.lastUse;
    return id < l.length && l[id] >= i;
  }

  /** PSUM bank policy: each physical PSUM buffer starts on a bank boundary, banks handed out in
   * order of first use, wrapping around the 8 banks. */
  private allocBanks(core: number, bytesPerPartition: number): number {
    const next = this.nextPsumBank.get(core) ?? 0;
    const n = Math.max(1, Math.ceil(bytesPerPartition / this.psumBankBytes));
    this.nextPsumBank.set(core, (next + n) % this.psumBanks);
    return next;
  }

  /** Of the instruction last passed to `collect`: it touches SBUF; the PSUM banks it touches (bitmask). */
  touchesSbuf = false;
  psumMask = 0;

  /** Bitmask of the PSUM banks of bytes [b0, b1) of a PSUM buffer. */
  private bankMask(pb: PhysBuffer, b0: number, b1: number): number {
    const first = Math.floor(b0 / this.psumBankBytes);
    const last = Math.max(first, Math.floor((b1 - 1) / this.psumBankBytes));
    let mask = 0;
    for (let b = first; b <= last && b - first < this.psumBanks; b++) mask |= 1 << ((pb.psumBaseBank + b) % this.psumBanks);
    return mask;
  }

  /** Rectangle of the last `rect` call: partitions [r0p, r1p) × bytes [r0b, r1b). */
  private r0p = 0;
  private r1p = 0;
  private r0b = 0;
  private r1b = 0;

  private rect(o: number, pb: PhysBuffer): void {
    const st = this.stream;
    const f = this.facts;
    const id = st.opStorage[o];
    const known = f.code(id) >= 0;
    const bpe = known ? f.bpe[id] : 1;
    const lo = st.extLo[o];
    const hi = st.extHi[o];
    const hasExt = lo === lo; // not NaN
    if (pb.onChip) {
      const parts = known ? f.parts[id] : 128;
      const q0 = st.part0[o];
      let p0 = q0 >= 0 ? q0 : 0;
      let p1 = q0 >= 0 ? st.part1[o] : parts;
      // A placed tensor's region is the whole buffer: its own size is the storage's.
      const placed = known && f.addrB[id] >= 0;
      const bpp = placed ? f.bpp[id] : pb.bytesPerPartition;
      const freeElems = bpp > 0 ? bpp / bpe : 0;
      let b0 = 0;
      let b1 = bpp > 0 ? bpp : Number.MAX_SAFE_INTEGER;
      if (hasExt && freeElems > 0) {
        const f0 = lo - p0 * freeElems;
        const f1 = hi - (p1 - 1) * freeElems;
        if (f0 >= 0 && f1 >= f0 && f1 < freeElems) { b0 = f0 * bpe; b1 = (f1 + 1) * bpe; }
        else if (p1 - p0 === 1 && f0 >= 0) { b0 = f0 * bpe; b1 = Math.min(freeElems, hi - p0 * freeElems + 1) * bpe; }
      }
      if (placed) {
        const dp = f.addrP[id]; const db = f.addrB[id];
        p0 += dp; p1 += dp; b0 += db;
        if (b1 !== Number.MAX_SAFE_INTEGER) b1 += db;
      }
      this.r0p = p0; this.r1p = p1; this.r0b = b0; this.r1b = b1;
    } else {
      this.r0p = 0;
      this.r1p = 1;
      if (hasExt) { this.r0b = lo * bpe; this.r1b = (hi + 1) * bpe; }
      else { this.r0b = 0; this.r1b = Number.MAX_SAFE_INTEGER; }
    }
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
  collect(i: number, tensorAccumulate: boolean): void {
    this.depCount = 0;
    this.current = i;
    const st = this.stream;
    const myStream = this.streamOf[i];
    const core = st.core[i];
    const oBegin = st.opStart[i];
    const oEnd = st.opStart[i + 1];
    this.opCount = oEnd - oBegin;
    let touchesSbuf = false;
    let psumMask = 0;
    for (let o = oBegin; o < oEnd; o++) {
      const id = st.opStorage[o];
      const pb = this.physical(id, core);
      this.rect(o, pb);
      const p0 = this.r0p, p1 = this.r1p, b0 = this.r0b, b1 = this.r1b;
      if (pb.psumBaseBank >= 0) psumMask |= this.bankMask(pb, b0, b1);
      else if (this.facts.bufCode[id] === BUF_SBUF) touchesSbuf = true;
      const x = o - oBegin;
      const role = st.opRole[o];
      this.opBuf[x] = pb;
      this.isWrite[x] = role !== ROLE_READ;
      this.opRect[4 * x] = p0; this.opRect[4 * x + 1] = p1; this.opRect[4 * x + 2] = b0; this.opRect[4 * x + 3] = b1;
      const reads = role !== ROLE_WRITE;
      const writes = role !== ROLE_READ;
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
        // Dependency lists are short (a few entries): a linear scan finds a repeat.
        let seen = -1;
        for (let d = 0; d < this.depCount; d++) if (this.depIdx[d] === j) { seen = d; break; }
        if (seen >= 0) {
          if (kind === DEP_RAW) this.depKind[seen] = DEP_RAW;
        } else {
          this.addDep(j, kind);
        }
      }
    }
    this.touchesSbuf = touchesSbuf;
    this.psumMask = psumMask;
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
