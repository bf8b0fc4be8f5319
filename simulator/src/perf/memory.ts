/**
 * SBUF and PSUM occupancy over time, from the storages' lifetimes.
 *
 * Purpose: a storage occupies its bytes per partition from the start of the first instruction that
 * touches it to the end of the last one (a compiler can free it no earlier and need not allocate
 * it sooner). Summing lifetimes gives a step function per buffer; for LNC runs the core with the
 * highest peak is reported. Samples are the step function's change points, thinned to at most
 * `MAX_SAMPLES` by keeping each bucket's maximum so peaks survive. Allocations lists the largest
 * storages (bytes per partition × lifetime), named, with their source.
 * Invariant: samples are sorted by time, the last sample is 0 bytes, and no sample exceeds the
 * true peak.
 */
import type { AllocationRecord, MemorySample, SourceLocation } from '../profile/schema';
import type { Instruction, Storage } from '../tracer/instruction';
import type { Schedule } from './engine';

export const MAX_SAMPLES = 2000;
export const MAX_ALLOCATIONS = 50;

interface Life { storage: Storage; core: number; start: number; end: number; firstIns: number }

export interface Occupancy {
  sbuf: MemorySample[];
  psum: MemorySample[];
  allocations: AllocationRecord[];
  peak: { sbuf: number; psum: number };
}

export function occupancy(instructions: readonly Instruction[], storageOf: (id: number) => Storage | undefined, sched: Schedule,
  sourceOf: (i: number) => SourceLocation): Occupancy {
  const lives: Array<Life | null | undefined> = []; // by storage id; null: not on chip
  const all: Life[] = [];
  for (let i = 0; i < sched.count; i++) {
    const ops = instructions[i].operands;
    for (let o = 0; o < ops.length; o++) {
      const id = ops[o].access.storage;
      let l = lives[id];
      if (l === null) continue;
      if (l === undefined) {
        const st = storageOf(id);
        if (!st || (st.buffer !== 'sbuf' && st.buffer !== 'psum')) { lives[id] = null; continue; }
        l = { storage: st, core: sched.core[i], start: sched.start[i], end: sched.end[i], firstIns: i };
        lives[id] = l;
        all.push(l);
      } else {
        if (sched.start[i] < l.start) l.start = sched.start[i];
        if (sched.end[i] > l.end) l.end = sched.end[i];
      }
    }
  }
  const sbuf = curve(all.filter((l) => l.storage.buffer === 'sbuf'));
  const psum = curve(all.filter((l) => l.storage.buffer === 'psum'));
  const bpp = (l: Life) => (typeof l.storage.bytesPerPartition === 'number' ? l.storage.bytesPerPartition : 0);
  const allocations = all
    .map((l) => ({ l, weight: bpp(l) * Math.max(1, l.end - l.start) }))
    .sort((a, b) => b.weight - a.weight || a.l.storage.id - b.l.storage.id)
    .slice(0, MAX_ALLOCATIONS)
    .map(({ l }) => ({
      name: l.storage.name,
      buffer: l.storage.buffer as 'sbuf' | 'psum',
      bytesPerPartition: bpp(l),
      startNs: l.start,
      endNs: l.end,
      source: l.storage.span
        ? { path: l.storage.span.path, line: l.storage.span.line, character: l.storage.span.character }
        : sourceOf(l.firstIns),
    }))
    .sort((a, b) => a.startNs - b.startNs);
  return { sbuf: sbuf.samples, psum: psum.samples, allocations, peak: { sbuf: sbuf.peak, psum: psum.peak } };
}

function curve(lives: Life[]): { samples: MemorySample[]; peak: number } {
  const byCore = new Map<number, Life[]>();
  for (const l of lives) {
    const list = byCore.get(l.core) ?? [];
    list.push(l);
    byCore.set(l.core, list);
  }
  let best: { samples: MemorySample[]; peak: number } = { samples: [], peak: 0 };
  for (const core of [...byCore.keys()].sort((a, b) => a - b)) {
    const c = coreCurve(byCore.get(core)!);
    if (c.peak > best.peak || best.samples.length === 0) best = c;
  }
  return best;
}

function coreCurve(lives: Life[]): { samples: MemorySample[]; peak: number } {
  const deltas: Array<[number, number]> = [];
  for (const l of lives) {
    const b = typeof l.storage.bytesPerPartition === 'number' ? l.storage.bytesPerPartition : 0;
    if (b <= 0) continue;
    deltas.push([l.start, b], [l.end, -b]);
  }
  // Frees before allocations at the same instant: a buffer released and reused at t is not double-counted.
  deltas.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const steps: MemorySample[] = [];
  let cur = 0;
  let peak = 0;
  for (let k = 0; k < deltas.length; k++) {
    cur += deltas[k][1];
    if (k + 1 < deltas.length && deltas[k + 1][0] === deltas[k][0]) continue;
    if (cur > peak) peak = cur;
    const last = steps[steps.length - 1];
    if (last && last.tNs === deltas[k][0]) last.bytesPerPartition = cur;
    else if (!last || last.bytesPerPartition !== cur) steps.push({ tNs: deltas[k][0], bytesPerPartition: cur });
  }
  return { samples: thin(steps), peak };
}

/** Keeps at most MAX_SAMPLES samples: each time bucket contributes its maximum. */
function thin(steps: MemorySample[]): MemorySample[] {
  if (steps.length <= MAX_SAMPLES) return steps;
  const t0 = steps[0].tNs;
  const span = steps[steps.length - 1].tNs - t0 || 1;
  const buckets = MAX_SAMPLES - 1;
  const out: MemorySample[] = [];
  let k = 0;
  for (let b = 0; b < buckets && k < steps.length - 1; b++) {
    const hi = t0 + ((b + 1) * span) / buckets;
    let max: MemorySample | undefined;
    while (k < steps.length - 1 && steps[k].tNs < hi) {
      if (!max || steps[k].bytesPerPartition > max.bytesPerPartition) max = steps[k];
      k++;
    }
    if (max) out.push({ tNs: max.tNs, bytesPerPartition: max.bytesPerPartition });
  }
  out.push(steps[steps.length - 1]);
  return out;
}
