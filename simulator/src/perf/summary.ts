/**
 * The summary maths of a simulated run: busy time per engine, FLOPs, bytes per memory level,
 * MFU, arithmetic intensity, roofline and bottleneck.
 *
 * Purpose: turn a `Schedule` into the numbers of `ProfileSummary` (minus recommendations).
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
import type { Instruction, Storage } from '../tracer/instruction';
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
}

export function runFacts(instructions: readonly Instruction[], storageOf: (id: number) => Storage | undefined, sched: Schedule, spec: HardwareSpec): RunFacts {
  const totalNs = sched.totalNs;
  const n = sched.count;
  let flops = 0;
  const flopsByDtype = new Map<string, number>();
  let hbmRead = 0;
  let hbmWrite = 0;
  let sbufBytes = 0;
  let psumBytes = 0;
  const tracksPerCore = DMA_TRACK_BASE + sched.dmaQueues;
  const busy = new Map<number, { ns: Float64Array; count: Int32Array }>();
  for (const c of sched.cores) busy.set(c, { ns: new Float64Array(tracksPerCore), count: new Int32Array(tracksPerCore) });
  for (let i = 0; i < n; i++) {
    const C = sched.costs;
    if (C.flops[i] > 0) {
      flops += C.flops[i];
      const d = C.matmulDtypeOf(i) ?? 'bfloat16';
      flopsByDtype.set(d, (flopsByDtype.get(d) ?? 0) + C.flops[i]);
    }
    hbmRead += C.hbmReadBytes[i];
    hbmWrite += C.hbmWriteBytes[i];
    for (const o of instructions[i].operands) {
      const b = o.access.bytes;
      if (b === undefined) continue;
      const buf = storageOf(o.access.storage)?.buffer;
      if (buf === 'sbuf') sbufBytes += b;
      else if (buf === 'psum') psumBytes += b;
    }
    const bc = busy.get(sched.core[i])!;
    bc.ns[sched.track[i]] += sched.end[i] - sched.start[i];
    bc.count[sched.track[i]]++;
  }
  let dominantDtype = 'bfloat16';
  let best = -1;
  for (const [d, f] of flopsByDtype) if (f > best) { best = f; dominantDtype = d; }
  const cores = Math.max(1, sched.cores.length);

  const engines: EngineSummary[] = [];
  const util = new Map<number, { engines: number[]; dmaActive: number }>();
  for (const c of sched.cores) {
    const bc = busy.get(c)!;
    for (let t = 0; t < tracksPerCore; t++) {
      if (t >= DMA_TRACK_BASE && bc.count[t] === 0) continue;
      const e: EngineSummary = {
        track: trackName(t) as TrackId, busyNs: bc.ns[t], utilisation: totalNs > 0 ? bc.ns[t] / totalNs : 0, instructions: bc.count[t],
      };
      if (sched.cores.length > 1 || c !== 0) e.core = c;
      engines.push(e);
    }
    util.set(c, {
      engines: Array.from(bc.ns.subarray(0, DMA_TRACK_BASE), (ns) => (totalNs > 0 ? ns / totalNs : 0)),
      dmaActive: totalNs > 0 ? dmaActiveNs(sched, c) / totalNs : 0,
    });
  }
  return {
    totalNs, flops, dominantDtype,
    peakFlopsPerSecond: tensorPeakFlopsPerSecond(spec, dominantDtype) * cores,
    memBytesPerSecond: memoryBytesPerSecondPerCore(spec) * cores,
    hbmRead, hbmWrite, sbufBytes, psumBytes, engines, util,
  };
}

/** Time during which at least one DMA transfer of the core is in flight (union of intervals). */
export function dmaActiveNs(sched: Schedule, core: number): number {
  const iv: Array<[number, number]> = [];
  for (let i = 0; i < sched.count; i++) {
    if (sched.core[i] === core && sched.track[i] >= DMA_TRACK_BASE && sched.end[i] > sched.start[i]) iv.push([sched.start[i], sched.end[i]]);
  }
  iv.sort((a, b) => a[0] - b[0]);
  let total = 0;
  let cs = -Infinity;
  let ce = -Infinity;
  for (const [s, e] of iv) {
    if (s > ce) { if (ce > cs) total += ce - cs; cs = s; ce = e; }
    else if (e > ce) ce = e;
  }
  if (ce > cs) total += ce - cs;
  return total;
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
