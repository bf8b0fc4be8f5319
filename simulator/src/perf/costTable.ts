/**
 * The costs of every instruction of a run: one row per distinct cost, and per instruction the
 * index of its row.
 *
 * Purpose: a kernel's 10^5–10^6 instructions have a few hundred distinct costs (a loop issues
 * the same instruction again and again: costClasses.ts). Keeping 25 columns per instruction was
 * ~150 bytes per instruction of typed arrays, and allocating them made V8 run a full garbage
 * collection over the tracer's heap on every simulation. Rows are stored column-wise in
 * `rows` (typed arrays, grown by doubling); `row[i]` is instruction i's row, so readers index
 * `rows.X[row[i]]`.
 * Invariant: `rows.X[row[i]]` is instruction i's cost field X; string columns are indices into
 * small tables (`kinds`, `dtypes`).
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

/** Numeric columns of a row, by name and element type. */
const COLUMNS = {
  durationNs: Float64Array, flops: Float64Array, elems: Float64Array, partitions: Float64Array, overheadNs: Float64Array,
  fp32ExtraNs: Float64Array, dependentIssueNs: Float64Array, perfMode: Uint8Array, known: Uint8Array, engine: Uint8Array,
  kind: Uint8Array,
  /** Index into `dtypes`, -1 when not a matmul. */
  matmulDtype: Int16Array,
  /** 1 when the instruction is a DMA transfer (the dma* columns are meaningful). */
  isDma: Uint8Array,
  dmaBytes: Float64Array, dmaBytesPerPartition: Float64Array, dmaPartitions: Float64Array, dmaRunBytes: Float64Array,
  dmaEfficiency: Float64Array, dmaEnginesUsed: Uint8Array, dmaFixedNs: Float64Array, dmaOwnDataNs: Float64Array,
  dmaPoolNs: Float64Array, hbmReadBytes: Float64Array, hbmWriteBytes: Float64Array, dmaTranspose: Uint8Array,
} as const;

type ColumnName = keyof typeof COLUMNS;
export type CostRows = { -readonly [K in ColumnName]: InstanceType<(typeof COLUMNS)[K]> };

export class CostTable {
  /** Per instruction: its row in `rows`. */
  readonly row: Int32Array;
  /** The distinct costs, column-wise (the first `rowCount` entries). */
  readonly rows: CostRows;
  rowCount = 0;
  readonly kinds: string[] = [];
  readonly dtypes: string[] = [];
  private readonly reasonOfRow = new Map<number, string>();
  /** Why instruction i's cost is unknown (`get(i)`), if it is. */
  readonly unknownReason = { get: (i: number): string | undefined => this.reasonOfRow.get(this.row[i]) };
  private readonly kindIds = new Map<string, number>();
  private readonly dtypeIds = new Map<string, number>();

  constructor(readonly count: number) {
    this.row = new Int32Array(count);
    const rows = {} as Record<ColumnName, CostRows[ColumnName]>;
    for (const name of Object.keys(COLUMNS) as ColumnName[]) rows[name] = new COLUMNS[name](64);
    rows.matmulDtype.fill(-1);
    this.rows = rows as CostRows;
  }

  private id(map: Map<string, number>, list: string[], s: string): number {
    let k = map.get(s);
    if (k === undefined) { k = list.length; list.push(s); map.set(s, k); }
    return k;
  }

  /** Adds a row for cost `c`; returns its index. */
  add(c: InstructionCost): number {
    const r = this.rowCount++;
    if (r === this.rows.durationNs.length) this.growRows();
    const R = this.rows;
    R.durationNs[r] = c.durationNs;
    R.flops[r] = c.flops;
    R.elems[r] = c.elems;
    R.partitions[r] = c.partitions;
    R.overheadNs[r] = c.overheadNs;
    R.fp32ExtraNs[r] = c.fp32ExtraNs;
    R.dependentIssueNs[r] = c.dependentIssueNs;
    R.perfMode[r] = c.perfMode;
    R.known[r] = c.known ? 1 : 0;
    R.engine[r] = engineCode(c.engine);
    R.kind[r] = this.id(this.kindIds, this.kinds, c.kind);
    if (c.matmulDtype !== undefined) R.matmulDtype[r] = this.id(this.dtypeIds, this.dtypes, c.matmulDtype);
    if (c.unknownReason !== undefined) this.reasonOfRow.set(r, c.unknownReason);
    const d = c.dma;
    if (d) {
      R.isDma[r] = 1;
      R.dmaBytes[r] = d.bytes;
      R.dmaBytesPerPartition[r] = d.bytesPerPartition;
      R.dmaPartitions[r] = d.partitions;
      R.dmaRunBytes[r] = d.runBytes;
      R.dmaEfficiency[r] = d.efficiency;
      R.dmaEnginesUsed[r] = d.enginesUsed;
      R.dmaFixedNs[r] = d.fixedNs;
      R.dmaOwnDataNs[r] = d.ownDataNs;
      R.dmaPoolNs[r] = d.poolNs;
      R.hbmReadBytes[r] = d.hbmReadBytes;
      R.hbmWriteBytes[r] = d.hbmWriteBytes;
      R.dmaTranspose[r] = d.transpose ? 1 : 0;
    }
    return r;
  }

  private growRows(): void {
    const R = this.rows as Record<ColumnName, CostRows[ColumnName]>;
    for (const name of Object.keys(COLUMNS) as ColumnName[]) {
      const old = R[name];
      const next = new COLUMNS[name](old.length * 2);
      if (name === 'matmulDtype') next.fill(-1);
      next.set(old as never);
      R[name] = next;
    }
  }

  kindOf(i: number): string { return this.kinds[this.rows.kind[this.row[i]]]; }
  engineOf(i: number): EngineKind { return ENGINES[this.rows.engine[this.row[i]]]; }
  matmulDtypeOf(i: number): string | undefined {
    const d = this.rows.matmulDtype[this.row[i]];
    return d < 0 ? undefined : this.dtypes[d];
  }

  /** The whole cost of instruction i as an object (allocates; not for loops over every instruction). */
  get(i: number): InstructionCost {
    const r = this.row[i];
    const R = this.rows;
    const dma: DmaCost | undefined = R.isDma[r] ? {
      bytes: R.dmaBytes[r], partitions: R.dmaPartitions[r], bytesPerPartition: R.dmaBytesPerPartition[r],
      runBytes: R.dmaRunBytes[r], descriptors: Math.ceil(R.dmaBytes[r] / Math.max(1, R.dmaRunBytes[r])),
      enginesUsed: R.dmaEnginesUsed[r], efficiency: R.dmaEfficiency[r], fixedNs: R.dmaFixedNs[r],
      ownDataNs: R.dmaOwnDataNs[r], poolNs: R.dmaPoolNs[r], hbmReadBytes: R.hbmReadBytes[r],
      hbmWriteBytes: R.hbmWriteBytes[r], transpose: R.dmaTranspose[r] === 1,
    } : undefined;
    return {
      engine: this.engineOf(i), kind: this.kindOf(i), known: R.known[r] === 1, unknownReason: this.reasonOfRow.get(r),
      durationNs: R.durationNs[r], flops: R.flops[r], matmulDtype: this.matmulDtypeOf(i), elems: R.elems[r],
      partitions: R.partitions[r], overheadNs: R.overheadNs[r], perfMode: R.perfMode[r], fp32ExtraNs: R.fp32ExtraNs[r],
      dependentIssueNs: R.dependentIssueNs[r], dma,
    };
  }
}
