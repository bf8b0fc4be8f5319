/**
 * The summary maths of a simulated run: busy time per engine, FLOPs, bytes per memory level,
 * MFU, arithmetic intensity, roofline and bottleneck.
 *
 * Purpose: turn a `Schedule` into the numbers of `ProfileSummary` (minus recommendations) and the
 * per-line totals, in one pass over the instructions.
 * Definitions (units: ns, bytes, FLOP):
 * - MFU = FLOPs / totalNs / peak, with peak = the target's dense TensorE peak for the dtype that
 *   carries most FLOPs, times the cores used.
 * - Memory bandwidth = per core min(DMA engines × per-engine rate, HBM chip / physical cores), times
 *   the cores used (what the cores can stream together).
 * - Arithmetic intensity = FLOPs / HBM bytes (read + written by DMA).
 * - Roofline: attainable = max(FLOPs / peak, HBM bytes / bandwidth); slowdown = total / attainable.
 * - Bottleneck: the most-occupied resource (a compute engine, or the DMA queues); below 60%
 *   occupancy nothing is saturated and the run is latency-bound (dependencies serialise it).
 * Invariant: pure function of its inputs; utilisations are in [0, 1].
 */
import type { EngineSummary, ProfileSummary, TrackId } from '../profile/schema';
import { DMA_TRACK_BASE, trackName, type Schedule } from './engine';
import { memoryBytesPerSecondPerCore, tensorPeakFlopsPerSecond, type HardwareSpec } from './hardware/spec';

export const SATURATED = 0.6;

export interface RunFacts {
  totalNs: number;
  flops: number;
  dominantDtype: string;
  peakFlopsPerSecond: number;
  memBytesPerSecond: number;
  hbmRead: number;
  hbmWrite: number;
  sbufBytes: number;
  psumBytes: number;
  engines: EngineSummary[];
  /** Per core: busy fraction per engine track (tensor..sync) and DMA active fraction. */
  util: Map<number, { engines: number[]; dmaActive: number }>;
  /** Per-line totals (by line id of `sched.sources`). */
  lines: LineTotals;
  /** The instructions on DMA queues, in program order. */
  dmaInstructions: Int32Array;
  /** Tracks used: one past the highest track number (at least the engines and the core's DMA queues). */
  tracks: number;
}

/** Sums per source line id, in program order; lines listed in order of first use. */
export interface LineTotals {
  order: number[];
  ns: Float64Array;
  instructions: Float64Array;
  bytes: Float64Array;
  /** Instructions with no known cost, per line; lines with any, in order of first use, and the first such instruction of each. */
  unknown: Int32Array;
  unknownOrder: number[];
  unknownFirst: number[];
}

/**
 * The run's facts from one pass over the instructions (every total that sums a per-instruction
 * value is summed in program order).
 */
export function runFacts(sched: Schedule, spec: HardwareSpec): RunFacts {
  const totalNs = sched.totalNs;
  const n = sched.count;
  const C = sched.costs;
  let flops = 0;
  // FLOPs per matmul dtype, at the cost table's dtype id + 1 (0: no dtype), and the first
  // instruction of each (typed arrays: no elements-kind transitions in the loop).
  const flopsByDtype = new Float64Array(C.dtypes.length + 1);
  const dtypeFirst = new Int32Array(flopsByDtype.length).fill(-1);
  let hbmRead = 0;
  let hbmWrite = 0;
  // Bytes through SBUF and PSUM: summed by the scheduler while it read the operands.
  const { sbufBytes, psumBytes } = sched;
  const tracksPerCore = DMA_TRACK_BASE + sched.dmaQueues;
  let tracks = tracksPerCore;
  // Busy time and instruction count per (core, track), at core id * tracksPerCore + track.
  const busyNs = new Float64Array((Math.max(0, ...sched.cores) + 1) * tracksPerCore);
  const busyCount = new Int32Array(busyNs.length);
  // Per line id: time, instructions, DMA bytes, instructions of unknown cost; the first
  // instruction and the first one of unknown cost (their orders of first use).
  const lineCount = sched.sources.lineCount;
  const lineNs = new Float64Array(lineCount);
  const lineIns = new Float64Array(lineCount);
  const lineBytes = new Float64Array(lineCount);
  const unknown = new Int32Array(lineCount);
  const lineFirst = new Int32Array(lineCount).fill(-1);
  const unknownFirstOf = new Int32Array(lineCount).fill(-1);
  const dma = new Int32Array(n);
  let dmaCount = 0;
  // Cost fields through the instruction's row (costTable.ts: one row per distinct cost).
  const { flops: F, matmulDtype, hbmReadBytes, hbmWriteBytes, known, dmaBytes } = C.rows;
  const row = C.row;
  const lineOf = sched.sources.line;
  const { start, end, track, core } = sched;
  const dmaBase = DMA_TRACK_BASE; // a local: an imported binding can be a getter call per read
  for (let i = 0; i < n; i++) {
    const r = row[i];
    const f = F[r];
    if (f > 0) {
      flops += f;
      const key = matmulDtype[r] + 1; // 0: no dtype, counted as bfloat16 below
      flopsByDtype[key] += f;
      if (dtypeFirst[key] < 0) dtypeFirst[key] = i;
    }
    hbmRead += hbmReadBytes[r];
    hbmWrite += hbmWriteBytes[r];
    const t = track[i];
    const dur = end[i] - start[i];
    if (t < tracksPerCore) {
      const k = core[i] * tracksPerCore + t;
      busyNs[k] += dur;
      busyCount[k]++;
    } else if (t >= tracks) tracks = t + 1;
    if (t >= dmaBase) dma[dmaCount++] = i;
    const l = lineOf[i];
    if (lineFirst[l] < 0) lineFirst[l] = i;
    lineNs[l] += dur;
    lineIns[l]++;
    lineBytes[l] += dmaBytes[r];
    if (known[r] !== 1) {
      if (unknownFirstOf[l] < 0) unknownFirstOf[l] = i;
      unknown[l]++;
    }
  }
  const unknownOrder = byFirstUse(unknownFirstOf);
  const lines: LineTotals = {
    order: byFirstUse(lineFirst), ns: lineNs, instructions: lineIns, bytes: lineBytes,
    unknown, unknownOrder, unknownFirst: unknownOrder.map((l) => unknownFirstOf[l]),
  };
  const dmaInstructions = dma.subarray(0, dmaCount);
  // The dtype carrying most FLOPs (first in order of use on ties). Undefined dtypes count as
  // bfloat16 under that name, so merge them with a real bfloat16 entry as a map by name would.
  const byName = new Map<string, number>();
  for (const key of byFirstUse(dtypeFirst)) {
    const name = key === 0 ? 'bfloat16' : C.dtypes[key - 1];
    byName.set(name, (byName.get(name) ?? 0) + flopsByDtype[key]);
  }
  let dominantDtype = 'bfloat16';
  let best = -1;
  for (const [d, f] of byName) if (f > best) { best = f; dominantDtype = d; }
  const cores = Math.max(1, sched.cores.length);

  const engines: EngineSummary[] = [];
  const util = new Map<number, { engines: number[]; dmaActive: number }>();
  const active = dmaActiveByCore(sched, dmaInstructions);
  for (const c of sched.cores) {
    const ns = busyNs.subarray(c * tracksPerCore, (c + 1) * tracksPerCore);
    const count = busyCount.subarray(c * tracksPerCore, (c + 1) * tracksPerCore);
    for (let t = 0; t < tracksPerCore; t++) {
      if (t >= DMA_TRACK_BASE && count[t] === 0) continue;
      const e: EngineSummary = {
        track: trackName(t) as TrackId, busyNs: ns[t], utilisation: totalNs > 0 ? ns[t] / totalNs : 0, instructions: count[t],
      };
      if (sched.cores.length > 1 || c !== 0) e.core = c;
      engines.push(e);
    }
    util.set(c, {
      engines: Array.from(ns.subarray(0, DMA_TRACK_BASE), (x) => (totalNs > 0 ? x / totalNs : 0)),
      dmaActive: totalNs > 0 ? (active.get(c) ?? 0) / totalNs : 0,
    });
  }
  return {
    totalNs, flops, dominantDtype,
    peakFlopsPerSecond: tensorPeakFlopsPerSecond(spec, dominantDtype) * cores,
    memBytesPerSecond: memoryBytesPerSecondPerCore(spec) * cores,
    hbmRead, hbmWrite, sbufBytes, psumBytes, engines, util, lines, dmaInstructions, tracks,
  };
}

/** The indices whose `first` is set (≥ 0), in increasing order of `first`. */
export function byFirstUse(first: Int32Array): number[] {
  const out: number[] = [];
  for (let k = 0; k < first.length; k++) if (first[k] >= 0) out.push(k);
  return out.sort((a, b) => first[a] - first[b]);
}

/**
 * Union length of each core's non-empty DMA intervals (`dma`: the instructions on DMA queues).
 * Sorting starts and ends separately (native numeric sorts, no comparator) and sweeping them with
 * starts before ends at equal times finds exactly the merged segments of a sort-by-start merge
 * (touching intervals join), and sums their lengths in the same order, so the result is the same
 * double.
 */
function dmaActiveByCore(sched: Schedule, dma: Int32Array): Map<number, number> {
  const out = new Map<number, number>();
  const { start, end, core } = sched;
  const single = sched.cores.length === 1;
  // Room for every DMA; each core's intervals fill the front.
  const starts = new Float64Array(dma.length);
  const ends = new Float64Array(dma.length);
  for (const c of sched.cores) {
    let m = 0;
    for (let k = 0; k < dma.length; k++) { const i = dma[k]; if ((single || core[i] === c) && end[i] > start[i]) { starts[m] = start[i]; ends[m] = end[i]; m++; } }
    const s = starts.subarray(0, m).sort();
    const e = ends.subarray(0, m).sort();
    let total = 0;
    let open = 0;
    let segStart = 0;
    let a = 0;
    let b = 0;
    while (b < m) {
      if (a < m && s[a] <= e[b]) {
        if (open === 0) segStart = s[a];
        open++;
        a++;
      } else {
        open--;
        if (open === 0) total += e[b] - segStart;
        b++;
      }
    }
    out.set(c, total);
  }
  return out;
}

const ENGINE_LABEL = ['Tensor Engine', 'Vector Engine', 'Scalar Engine', 'GpSimd Engine', 'Sync Engine'];

export function summarise(f: RunFacts): Omit<ProfileSummary, 'recommendations'> {
  const hbmBytes = f.hbmRead + f.hbmWrite;
  const computeNs = f.peakFlopsPerSecond > 0 ? (f.flops / f.peakFlopsPerSecond) * 1e9 : 0;
  const memoryNs = f.memBytesPerSecond > 0 ? (hbmBytes / f.memBytesPerSecond) * 1e9 : 0;
  const attainableNs = Math.max(computeNs, memoryNs);
  return {
    totalNs: f.totalNs,
    engines: f.engines,
    flops: f.flops,
    bytes: { hbmRead: f.hbmRead, hbmWrite: f.hbmWrite, sbuf: f.sbufBytes, psum: f.psumBytes },
    mfu: f.totalNs > 0 ? f.flops / (f.totalNs * 1e-9) / f.peakFlopsPerSecond : 0,
    peakFlopsPerSecond: f.peakFlopsPerSecond,
    hbmBytesPerSecond: f.memBytesPerSecond,
    arithmeticIntensity: hbmBytes > 0 ? f.flops / hbmBytes : 0,
    roofline: {
      bound: computeNs >= memoryNs && f.flops > 0 ? 'compute' : 'memory',
      attainableNs,
      slowdown: attainableNs > 0 ? f.totalNs / attainableNs : 1,
    },
    bottleneck: bottleneckOf(f),
  };
}

function pct(x: number): string { return `${Math.round(x * 100)}%`; }

export function bottleneckOf(f: RunFacts): { kind: string; message: string } {
  let bestKind = 'latency';
  let bestUtil = 0;
  let bestLabel = '';
  for (const [, u] of f.util) {
    for (let t = 0; t < 4; t++) {
      if (u.engines[t] > bestUtil) { bestUtil = u.engines[t]; bestKind = ['tensor', 'vector', 'scalar', 'gpsimd'][t]; bestLabel = ENGINE_LABEL[t]; }
    }
    if (u.dmaActive > bestUtil) { bestUtil = u.dmaActive; bestKind = 'dma'; bestLabel = 'DMA'; }
  }
  if (f.totalNs <= 0) return { kind: 'empty', message: 'Nothing ran.' };
  if (bestUtil < SATURATED) {
    return { kind: 'latency', message: `No engine is busy more than ${pct(bestUtil)} of the time: the run is latency-bound (engines wait on each other through dependencies).` };
  }
  if (bestKind === 'dma') {
    const bw = (f.hbmRead + f.hbmWrite) / (f.totalNs * 1e-9);
    const share = f.memBytesPerSecond > 0 ? bw / f.memBytesPerSecond : 0;
    if (share >= SATURATED) {
      return { kind: 'memory-bandwidth', message: `DMA moves ${(bw / 1e9).toFixed(0)} GB/s, ${pct(share)} of the ${(f.memBytesPerSecond / 1e9).toFixed(0)} GB/s the core can stream: memory-bandwidth-bound.` };
    }
    return { kind: 'dma-latency', message: `DMA transfers are in flight ${pct(bestUtil)} of the time but move only ${pct(share)} of peak bandwidth: per-transfer fixed costs dominate (transfers too small or serialised).` };
  }
  return { kind: `${bestKind}-bound`, message: `${bestLabel} is busy ${pct(bestUtil)} of the time: it sets the pace.` };
}
