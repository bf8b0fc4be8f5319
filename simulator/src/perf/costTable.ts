/**
 * The costs of every instruction of a run, stored column-wise (typed arrays).
 *
 * Purpose: a million `InstructionCost` objects kept alive for the profile would dominate memory
 * and garbage collection; the scheduler computes each cost as a short-lived object and copies it
 * here. Summary and recommendation code read the columns; `get(i)` rebuilds the object for the
 * occasional caller that wants it whole.
 * Invariant: column i describes instruction i; string columns are indices into small tables.
 */
import type { DmaCost, EngineKind, InstructionCost } from './costs';

const ENGINES: EngineKind[] = ['tensor', 'vector', 'scalar', 'gpsimd', 'sync', 'dma'];

function engineCode(e: EngineKind): number {
  switch (e) {
    case 'tensor': return 0;
    case 'vector': return 1;
    case 'scalar': return 2;
    case 'gpsimd': return 3;
    case 'sync': return 4;
    case 'dma': return 5;
    default: return -1;
  }
}

export class CostTable {
  readonly durationNs: Float64Array;
  readonly flops: Float64Array;
  readonly elems: Float64Array;
  readonly partitions: Float64Array;
  readonly overheadNs: Float64Array;
  readonly fp32ExtraNs: Float64Array;
  readonly dependentIssueNs: Float64Array;
  readonly perfMode: Uint8Array;
  readonly known: Uint8Array;
  readonly engine: Uint8Array;
  readonly kind: Uint8Array;
  /** Index into `dtypes`, -1 when not a matmul. */
  readonly matmulDtype: Int16Array;
  /** 1 when the instruction is a DMA transfer (the dma* columns are meaningful). */
  readonly isDma: Uint8Array;
  readonly dmaBytes: Float64Array;
  readonly dmaBytesPerPartition: Float64Array;
  readonly dmaPartitions: Float64Array;
  readonly dmaRunBytes: Float64Array;
  readonly dmaEfficiency: Float64Array;
  readonly dmaEnginesUsed: Uint8Array;
  readonly dmaFixedNs: Float64Array;
  readonly dmaOwnDataNs: Float64Array;
  readonly dmaPoolNs: Float64Array;
  readonly hbmReadBytes: Float64Array;
  readonly hbmWriteBytes: Float64Array;
  readonly dmaTranspose: Uint8Array;
  readonly kinds: string[] = [];
  readonly dtypes: string[] = [];
  readonly unknownReason = new Map<number, string>();
  private readonly kindIds = new Map<string, number>();
  private readonly dtypeIds = new Map<string, number>();

  constructor(readonly count: number) {
    const f = () => new Float64Array(count);
    this.durationNs = f(); this.flops = f(); this.elems = f(); this.partitions = f(); this.overheadNs = f();
    this.fp32ExtraNs = f(); this.dependentIssueNs = f();
    this.perfMode = new Uint8Array(count); this.known = new Uint8Array(count); this.engine = new Uint8Array(count);
    this.kind = new Uint8Array(count); this.matmulDtype = new Int16Array(count).fill(-1); this.isDma = new Uint8Array(count);
    this.dmaBytes = f(); this.dmaBytesPerPartition = f(); this.dmaPartitions = f(); this.dmaRunBytes = f(); this.dmaEfficiency = f();
    this.dmaEnginesUsed = new Uint8Array(count); this.dmaFixedNs = f(); this.dmaOwnDataNs = f(); this.dmaPoolNs = f();
    this.hbmReadBytes = f(); this.hbmWriteBytes = f(); this.dmaTranspose = new Uint8Array(count);
  }

  private lastKind = '';
  private lastKindId = -1;
  private lastDtype = '';
  private lastDtypeId = -1;

  private id(map: Map<string, number>, list: string[], s: string): number {
    let k = map.get(s);
    if (k === undefined) { k = list.length; list.push(s); map.set(s, k); }
    return k;
  }

  set(i: number, c: InstructionCost): void {
    this.durationNs[i] = c.durationNs;
    this.flops[i] = c.flops;
    this.elems[i] = c.elems;
    this.partitions[i] = c.partitions;
    this.overheadNs[i] = c.overheadNs;
    this.fp32ExtraNs[i] = c.fp32ExtraNs;
    this.dependentIssueNs[i] = c.dependentIssueNs;
    this.perfMode[i] = c.perfMode;
    this.known[i] = c.known ? 1 : 0;
    this.engine[i] = engineCode(c.engine);
    // Kinds and dtypes repeat from one instruction to the next: check the last one before the map.
    const kind = c.kind;
    if (kind !== this.lastKind || this.lastKindId < 0) { this.lastKind = kind; this.lastKindId = this.id(this.kindIds, this.kinds, kind); }
    this.kind[i] = this.lastKindId;
    const dt = c.matmulDtype;
    if (dt !== undefined) {
      if (dt !== this.lastDtype || this.lastDtypeId < 0) { this.lastDtype = dt; this.lastDtypeId = this.id(this.dtypeIds, this.dtypes, dt); }
      this.matmulDtype[i] = this.lastDtypeId;
    }
    if (c.unknownReason !== undefined) this.unknownReason.set(i, c.unknownReason);
    const d = c.dma;
    if (d) {
      this.isDma[i] = 1;
      this.dmaBytes[i] = d.bytes;
      this.dmaBytesPerPartition[i] = d.bytesPerPartition;
      this.dmaPartitions[i] = d.partitions;
      this.dmaRunBytes[i] = d.runBytes;
      this.dmaEfficiency[i] = d.efficiency;
      this.dmaEnginesUsed[i] = d.enginesUsed;
      this.dmaFixedNs[i] = d.fixedNs;
      this.dmaOwnDataNs[i] = d.ownDataNs;
      this.dmaPoolNs[i] = d.poolNs;
      this.hbmReadBytes[i] = d.hbmReadBytes;
      this.hbmWriteBytes[i] = d.hbmWriteBytes;
      this.dmaTranspose[i] = d.transpose ? 1 : 0;
    }
  }

  /** Gives row `dst` the cost of row `src` (an identically priced instruction). */
  copyRow(dst: number, src: number): void {
    this.durationNs[dst] = this.durationNs[src];
    this.flops[dst] = this.flops[src];
    this.elems[dst] = this.elems[src];
    this.partitions[dst] = this.partitions[src];
    this.overheadNs[dst] = this.overheadNs[src];
    this.fp32ExtraNs[dst] = this.fp32ExtraNs[src];
    this.dependentIssueNs[dst] = this.dependentIssueNs[src];
    this.perfMode[dst] = this.perfMode[src];
    this.known[dst] = this.known[src];
    this.engine[dst] = this.engine[src];
    this.kind[dst] = this.kind[src];
    this.matmulDtype[dst] = this.matmulDtype[src];
    if (this.known[src] === 0) {
      const r = this.unknownReason.get(src);
      if (r !== undefined) this.unknownReason.set(dst, r);
    }
    if (this.isDma[src] === 1) {
      this.isDma[dst] = 1;
      this.dmaBytes[dst] = this.dmaBytes[src];
      this.dmaBytesPerPartition[dst] = this.dmaBytesPerPartition[src];
      this.dmaPartitions[dst] = this.dmaPartitions[src];
      this.dmaRunBytes[dst] = this.dmaRunBytes[src];
      this.dmaEfficiency[dst] = this.dmaEfficiency[src];
      this.dmaEnginesUsed[dst] = this.dmaEnginesUsed[src];
      this.dmaFixedNs[dst] = this.dmaFixedNs[src];
      this.dmaOwnDataNs[dst] = this.dmaOwnDataNs[src];
      this.dmaPoolNs[dst] = this.dmaPoolNs[src];
      this.hbmReadBytes[dst] = this.hbmReadBytes[src];
      this.hbmWriteBytes[dst] = this.hbmWriteBytes[src];
      this.dmaTranspose[dst] = this.dmaTranspose[src];
    }
  }

  kindOf(i: number): string { return this.kinds[this.kind[i]]; }
  engineOf(i: number): EngineKind { return ENGINES[this.engine[i]]; }
  matmulDtypeOf(i: number): string | undefined { return this.matmulDtype[i] < 0 ? undefined : this.dtypes[this.matmulDtype[i]]; }

  /** The whole cost of instruction i as an object (allocates; not for loops over every instruction). */
  get(i: number): InstructionCost {
    const dma: DmaCost | undefined = this.isDma[i] ? {
      bytes: this.dmaBytes[i], partitions: this.dmaPartitions[i], bytesPerPartition: this.dmaBytesPerPartition[i],
      runBytes: this.dmaRunBytes[i], descriptors: Math.ceil(this.dmaBytes[i] / Math.max(1, this.dmaRunBytes[i])),
      enginesUsed: this.dmaEnginesUsed[i], efficiency: this.dmaEfficiency[i], fixedNs: this.dmaFixedNs[i],
      ownDataNs: this.dmaOwnDataNs[i], poolNs: this.dmaPoolNs[i], hbmReadBytes: this.hbmReadBytes[i],
      hbmWriteBytes: this.hbmWriteBytes[i], transpose: this.dmaTranspose[i] === 1,
    } : undefined;
    return {
      engine: this.engineOf(i), kind: this.kindOf(i), known: this.known[i] === 1, unknownReason: this.unknownReason.get(i),
      durationNs: this.durationNs[i], flops: this.flops[i], matmulDtype: this.matmulDtypeOf(i), elems: this.elems[i],
      partitions: this.partitions[i], overheadNs: this.overheadNs[i], perfMode: this.perfMode[i], fp32ExtraNs: this.fp32ExtraNs[i],
      dependentIssueNs: this.dependentIssueNs[i], dma,
    };
  }
}
