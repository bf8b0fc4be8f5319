/**
 * What the performance model needs of each storage, in columns by storage id.
 *
 * Purpose: the scheduler touches a storage per operand per instruction; reading the `Storage`
 * object each time (a cache miss on a cold object, a string switch on its buffer) dominated it.
 * Each storage is read once, the first time an instruction touches it (in program order, so next
 * to the instructions that use it in memory; a separate pass over every storage costs a cache and
 * TLB miss per storage), and its facts kept in typed arrays: buffer code (-2 not looked up yet,
 * -1 no such storage), bytes per element, partitions (`partitions ?? shape[0] ?? 128`), bytes per
 * partition (declared, else from the shape), the declared bytes per partition (0 if none), the
 * allocation site of a local SBUF/PSUM storage (-1: its own buffer), and an explicit address.
 * Narrow types where the values allow (bytes per element and partitions are small exact floats,
 * addresses small integers): the columns are allocated per run, and allocation volume is what
 * makes V8 collect the tracer's whole heap.
 * Invariant: `code(id)` equals `BUFFER_NAMES.indexOf(storage.buffer)` (-1 unknown id); every
 * other column of an id is valid once `code(id)` has been called for it.
 */
import type { BufferName, Storage } from '../tracer/instruction';

/** Buffer codes of `StorageFacts.bufCode` (-1: no such storage). */
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

export class StorageFacts {
  bufCode: Int8Array;
  bpe: Float32Array;
  parts: Float32Array;
  bpp: Float64Array;
  declaredBpp: Float64Array;
  /** Allocation site id of a local SBUF/PSUM storage without an explicit address; -1 otherwise. */
  site: Int32Array;
  /** Explicit address (start partition, byte offset); -1: allocator-placed. */
  addrP: Int32Array;
  addrB: Int32Array;
  /** Site names by site id (`Storage.site`). */
  readonly siteNames: string[] = [];
  private readonly siteIds = new Map<string, number>();
  /** Storages by id when `storages[id].id !== id` for some id (built on first need). */
  private byId: Map<number, Storage> | undefined;

  constructor(private readonly storages: readonly Storage[]) {
    const cap = Math.max(16, storages.length);
    this.bufCode = new Int8Array(cap).fill(-2);
    this.bpe = new Float32Array(cap);
    this.parts = new Float32Array(cap);
    this.bpp = new Float64Array(cap);
    this.declaredBpp = new Float64Array(cap);
    this.site = new Int32Array(cap);
    this.addrP = new Int32Array(cap).fill(-1);
    this.addrB = new Int32Array(cap).fill(-1);
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
  code(id: number): number {
    if (id >= 0 && id < this.bufCode.length) {
      const c = this.bufCode[id];
      if (c !== -2) return c;
    }
    return this.lookUp(id);
  }

  bufferOf(id: number): BufferName | undefined {
    const c = this.code(id);
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
    this.bpp[id] = typeof declared === 'number' ? declared : bytesPerPartitionOf(s);
    this.declaredBpp[id] = typeof declared === 'number' ? declared : 0;
    this.site[id] = -1;
    const addr = s.address;
    if ((code === 0 || code === 1) && addr) {
      this.addrP[id] = addr.partition;
      this.addrB[id] = addr.byte;
    } else if ((code === 0 || code === 1) && s.origin === 'local') {
      const name = s.site;
      let site = this.siteIds.get(name);
      if (site === undefined) { site = this.siteNames.length; this.siteIds.set(name, site); this.siteNames.push(name); }
      this.site[id] = site;
    }
    return code;
  }

  private grow(min: number): void {
    const cap = Math.max(min, this.bufCode.length * 2);
    const code = new Int8Array(cap).fill(-2);
    code.set(this.bufCode);
    this.bufCode = code;
    this.bpe = grown(this.bpe, new Float32Array(cap));
    this.parts = grown(this.parts, new Float32Array(cap));
    this.bpp = grown(this.bpp, new Float64Array(cap));
    this.declaredBpp = grown(this.declaredBpp, new Float64Array(cap));
    this.site = grown(this.site, new Int32Array(cap));
    const n = this.addrP.length;
    this.addrP = grown(this.addrP, new Int32Array(cap));
    this.addrB = grown(this.addrB, new Int32Array(cap));
    this.addrP.fill(-1, n);
    this.addrB.fill(-1, n);
  }
}

function grown<T extends Int32Array | Float32Array | Float64Array>(from: T, to: T): T {
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
