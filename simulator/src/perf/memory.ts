/**
 * SBUF and PSUM occupancy over time, from the storages' lifetimes.
 *
 * Purpose: a storage occupies its bytes per partition from the start of the first instruction that
 * touches it to the end of the last one (a compiler can free it no earlier and need not allocate
 * it sooner). Summing lifetimes gives a step function per buffer; for LNC runs the core with the
 * highest peak is reported. Samples are the step function's change points, thinned to at most
 * `MAX_SAMPLES` by keeping each bucket's maximum so peaks survive. Allocations lists the largest
 * storages (bytes per partition × lifetime), named, with their source. Storages explicitly placed
 * at the same address and size (`nl.ndarray(address=)`, rotated by hand) count as one life
 * (partial overlaps of different placements are still summed: an over-estimate).
 * Invariant: samples are sorted by time, the last sample is 0 bytes, and no sample exceeds the
 * true peak.
 */
import type { AllocationRecord, MemorySample, SourceLocation } from '../profile/schema';
import type { Storage } from '../tracer/instruction';
import type { Schedule } from './engine';

export const MAX_SAMPLES = 2000;
export const MAX_ALLOCATIONS = 50;

export interface Occupancy {
  sbuf: MemorySample[];
  psum: MemorySample[];
  allocations: AllocationRecord[];
  peak: { sbuf: number; psum: number };
}

/** Lifetimes of on-chip storages, column-wise, in order of first use. */
interface Lives {
  count: number;
  id: Int32Array;
  /** 0 SBUF, 1 PSUM. */
  buf: Uint8Array;
  bpp: Float64Array;
  core: Int32Array;
  start: Float64Array;
  end: Float64Array;
  firstIns: Int32Array;
}

/**
 * Buffers, sizes and explicit on-chip addresses come from what the scheduler read of each storage
 * (`sched.facts`), not from the storage objects (a cache miss each).
 */
export function occupancy(storageOf: (id: number) => Storage | undefined, sched: Schedule,
  sourceOf: (i: number) => SourceLocation): Occupancy {
  // Per storage id: index into the lives (>= 0), -2 not on chip (or unknown), -1 not seen yet.
  const { touchStart, touchStorage } = sched;
  const { bufCode: storageBuf, declaredBpp: storageBpp, addrP, addrB } = sched.facts;
  const nIds = storageBuf.length;
  const lifeOf = new Int32Array(nIds).fill(-1);
  // At most one life per storage id and per touch: sized once (growing copies, and every large
  // typed array counts towards the external memory that triggers full collections).
  const cap = Math.max(1, Math.min(nIds, touchStart[sched.count]));
  const id = new Int32Array(cap);
  const buf = new Uint8Array(cap);
  const core = new Int32Array(cap);
  const start = new Float64Array(cap);
  const end = new Float64Array(cap);
  const firstIns = new Int32Array(cap);
  let count = 0;
  const placedLife = new Map<string, number>();
  const S = sched.start;
  const E = sched.end;
  for (let i = 0; i < sched.count; i++) {
    for (let o = touchStart[i]; o < touchStart[i + 1]; o++) {
      const sid = touchStorage[o];
      if (sid < 0 || sid >= nIds) continue; // no such storage: not on chip
      let l = lifeOf[sid];
      if (l === -2) continue;
      if (l === -1) {
        const code = storageBuf[sid];
        if (code !== 0 && code !== 1) { lifeOf[sid] = -2; continue; }
        // Tensors placed at the same address (address=, hand rotation) are one reservation.
        const key = addrB[sid] >= 0 ? `${code}:${sched.core[i]}:${addrP[sid]}:${addrB[sid]}:${storageBpp[sid]}` : undefined;
        const shared = key === undefined ? undefined : placedLife.get(key);
        if (shared === undefined) {
          if (key !== undefined) placedLife.set(key, count);
          lifeOf[sid] = count;
          id[count] = sid;
          buf[count] = code;
          core[count] = sched.core[i];
          start[count] = S[i];
          end[count] = E[i];
          firstIns[count] = i;
          count++;
          continue;
        }
        lifeOf[sid] = shared;
        l = shared;
      }
      if (S[i] < start[l]) start[l] = S[i];
      if (E[i] > end[l]) end[l] = E[i];
    }
  }
  const bpp = new Float64Array(count);
  for (let k = 0; k < count; k++) bpp[k] = storageBpp[id[k]];
  const lives: Lives = { count, id, buf, bpp, core, start, end, firstIns };
  // Scratch shared by every curve (each large typed array is external memory, which drives full collections).
  const scratch = new CurveScratch(count);
  const sbuf = curve(lives, 0, scratch);
  const psum = curve(lives, 1, scratch);
  // The MAX_ALLOCATIONS heaviest lives (bytes per partition × lifetime), ties by storage id.
  const weight = scratch.time; // the curves are done with it
  for (let k = 0; k < count; k++) weight[k] = bpp[k] * Math.max(1, end[k] - start[k]);
  const top = topK(count, MAX_ALLOCATIONS, (a, b) => weight[b] - weight[a] || id[a] - id[b]);
  const allocations = top
    .map((k) => {
      const st = storageOf(id[k])!;
      return {
        name: st.name,
        buffer: st.buffer as 'sbuf' | 'psum',
        bytesPerPartition: bpp[k],
        startNs: start[k],
        endNs: end[k],
        source: st.span ? { path: st.span.path, line: st.span.line, character: st.span.character } : sourceOf(firstIns[k]),
      };
    })
    .sort((a, b) => a.startNs - b.startNs);
  return { sbuf: sbuf.samples, psum: psum.samples, allocations, peak: { sbuf: sbuf.peak, psum: psum.peak } };
}

/**
 * The first `k` of `0..n-1` in `cmp` order, sorted (what sorting everything and slicing gives,
 * for a total order): a bounded sorted list, O(n log k).
 */
function topK(n: number, k: number, cmp: (a: number, b: number) => number): number[] {
  const out: number[] = [];
  for (let x = 0; x < n; x++) {
    if (out.length === k && cmp(x, out[k - 1]) >= 0) continue;
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cmp(x, out[mid]) < 0) hi = mid; else lo = mid + 1;
    }
    out.splice(lo, 0, x);
    if (out.length > k) out.pop();
  }
  return out;
}

/**
 * Events of the lives being summed (two per life: +bytes at its start, -bytes at its end), and
 * the same sorted by time; sized once for every life and shared by every curve.
 */
class CurveScratch {
  readonly time: Float64Array;
  readonly delta: Float64Array;
  /** The events in time order; then, from the start, the step function of the curve being built
   * (thinned into samples before the next curve reuses them). */
  readonly sortedT: Float64Array;
  readonly sortedD: Float64Array;
  /** Per-bucket counts, then positions, of the counting sort. */
  readonly bucketAt: Int32Array;
  constructor(lives: number) {
    this.time = new Float64Array(2 * lives);
    this.delta = new Float64Array(2 * lives);
    this.sortedT = new Float64Array(2 * lives);
    this.sortedD = new Float64Array(2 * lives);
    this.bucketAt = new Int32Array(2 * lives + 2);
  }
}

/** The occupancy curve of one buffer: of the core with the highest peak (lowest core on ties). */
function curve(lives: Lives, buffer: number, scratch: CurveScratch): { samples: MemorySample[]; peak: number } {
  const cores: number[] = [];
  let lastCore = NaN;
  for (let k = 0; k < lives.count; k++) {
    const c = lives.core[k];
    if (lives.buf[k] === buffer && c !== lastCore && !cores.includes(c)) cores.push(c);
    if (lives.buf[k] === buffer) lastCore = c;
  }
  cores.sort((a, b) => a - b);
  let best: { samples: MemorySample[]; peak: number } = { samples: [], peak: 0 };
  for (const c of cores) {
    const r = coreCurve(lives, buffer, c, scratch);
    if (r.peak > best.peak || best.samples.length === 0) best = r;
  }
  return best;
}

/**
 * The step function of bytes per partition in use on one core: each life adds its bytes at its
 * start time and removes them at its end time; steps are the running sum at each distinct time
 * where it changes. Bytes are integers, so the sums do not depend on the order of the deltas at
 * one instant. Steps are kept in typed arrays; only the (thinned) samples become objects.
 */
function coreCurve(lives: Lives, buffer: number, core: number, scratch: CurveScratch): { samples: MemorySample[]; peak: number } {
  const { time, delta, sortedT, sortedD } = scratch;
  let m = 0;
  for (let k = 0; k < lives.count; k++) {
    if (lives.core[k] !== core || lives.buf[k] !== buffer) continue;
    const v = lives.bpp[k];
    if (v <= 0) continue;
    time[m] = lives.start[k]; delta[m] = v; m++;
    time[m] = lives.end[k]; delta[m] = -v; m++;
  }
  sortByTime(m, scratch);
  // Steps are written over the sorted events already read (step k <= event x).
  const steps = new Steps(sortedT, sortedD);
  for (let x = 0; x < m;) {
    // Every delta at this instant, summed: one step.
    const t = sortedT[x];
    let d = 0;
    while (x < m && sortedT[x] === t) d += sortedD[x++];
    steps.add(t, d);
  }
  return { samples: thin(sortedT, sortedD, steps.steps), peak: steps.peak };
}

/**
 * Copies the first m events of `time`/`delta` into `sortedT`/`sortedD` in increasing time order:
 * a counting sort into m equal-width time buckets, then each bucket sorted on its own (times are
 * spread over the run, so buckets hold a few events; a crowded one is sorted natively). O(m) for
 * the event times a schedule produces, where a comparison sort of 10^5..10^6 events dominated the
 * profile; moving the values rather than indices keeps the later passes sequential in memory.
 */
function sortByTime(m: number, scratch: CurveScratch): void {
  const { time, delta, sortedT, sortedD, bucketAt } = scratch;
  if (m === 0) return;
  let lo = Infinity;
  let hi = -Infinity;
  for (let x = 0; x < m; x++) { const t = time[x]; if (t < lo) lo = t; if (t > hi) hi = t; }
  const buckets = m;
  const scale = hi > lo ? (buckets - 1) / (hi - lo) : 0;
  bucketAt.fill(0, 0, buckets + 1);
  for (let x = 0; x < m; x++) bucketAt[((time[x] - lo) * scale) | 0]++;
  // Exclusive prefix sums: bucketAt[b] is where bucket b starts; bucketAt[buckets] = m.
  let sum = 0;
  for (let b = 0; b <= buckets; b++) { const c = bucketAt[b]; bucketAt[b] = sum; sum += c; }
  for (let x = 0; x < m; x++) {
    const at = bucketAt[((time[x] - lo) * scale) | 0]++;
    sortedT[at] = time[x];
    sortedD[at] = delta[x];
  }
  // After the scatter bucketAt[b] is where bucket b ends (= where b+1 started).
  let from = 0;
  for (let b = 0; b < buckets; b++) {
    const to = bucketAt[b];
    if (to - from > 32) {
      const idx = Array.from({ length: to - from }, (_, k) => from + k).sort((p, q) => sortedT[p] - sortedT[q]);
      const t = idx.map((k) => sortedT[k]);
      const d = idx.map((k) => sortedD[k]);
      sortedT.set(t, from);
      sortedD.set(d, from);
    } else {
      for (let x = from + 1; x < to; x++) {
        const t = sortedT[x];
        const d = sortedD[x];
        let y = x - 1;
        while (y >= from && sortedT[y] > t) { sortedT[y + 1] = sortedT[y]; sortedD[y + 1] = sortedD[y]; y--; }
        sortedT[y + 1] = t;
        sortedD[y + 1] = d;
      }
    }
    from = to;
  }
}

/** The step function being built: `steps` (time, bytes) pairs, and its peak. */
class Steps {
  steps = 0;
  peak = 0;
  private cur = 0;
  /** Written from the start of `stepT`/`stepB` (room for one step per delta). */
  constructor(readonly stepT: Float64Array, readonly stepB: Float64Array) {}

  /** The sum `d` of every delta at time `t` (times in increasing order): a step where the bytes change. */
  add(t: number, d: number): void {
    const cur = this.cur + d;
    this.cur = cur;
    if (cur > this.peak) this.peak = cur;
    const n = this.steps;
    if (n === 0 || this.stepB[n - 1] !== cur) { this.stepT[n] = t; this.stepB[n] = cur; this.steps = n + 1; }
  }
}

/** Keeps at most MAX_SAMPLES samples: each time bucket contributes its maximum. */
function thin(tNs: Float64Array, bytes: Float64Array, count: number): MemorySample[] {
  const out: MemorySample[] = [];
  if (count <= MAX_SAMPLES) {
    for (let k = 0; k < count; k++) out.push({ tNs: tNs[k], bytesPerPartition: bytes[k] });
    return out;
  }
  const t0 = tNs[0];
  const span = tNs[count - 1] - t0 || 1;
  const buckets = MAX_SAMPLES - 1;
  let k = 0;
  for (let b = 0; b < buckets && k < count - 1; b++) {
    const hi = t0 + ((b + 1) * span) / buckets;
    let max = -1;
    while (k < count - 1 && tNs[k] < hi) {
      if (max < 0 || bytes[k] > bytes[max]) max = k;
      k++;
    }
    if (max >= 0) out.push({ tNs: tNs[max], bytesPerPartition: bytes[max] });
  }
  out.push({ tNs: tNs[count - 1], bytesPerPartition: bytes[count - 1] });
  return out;
}
