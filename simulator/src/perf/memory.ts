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
  /** The instructions whose start and end times are the life's start and end. */
  startIns: Int32Array;
  endIns: Int32Array;
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
  const startIns = new Int32Array(cap);
  const endIns = new Int32Array(cap);
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
          startIns[count] = i;
          endIns[count] = i;
          count++;
          continue;
        }
        lifeOf[sid] = shared;
        l = shared;
      }
      if (S[i] < start[l]) { start[l] = S[i]; startIns[l] = i; }
      if (E[i] > end[l]) { end[l] = E[i]; endIns[l] = i; }
    }
  }
  const bpp = new Float64Array(count);
  for (let k = 0; k < count; k++) bpp[k] = storageBpp[id[k]];
  const lives: Lives = { count, id, buf, bpp, core, start, end, firstIns, startIns, endIns };
  // Scratch shared by every curve (each large typed array is external memory, which drives full collections).
  const scratch: CurveScratch = { b: new Float64Array(count), plus: new Float64Array(sched.count), minus: new Float64Array(sched.count) };
  const sbuf = curve(lives, 0, sched, scratch);
  const psum = curve(lives, 1, sched, scratch);
  // The MAX_ALLOCATIONS heaviest lives (bytes per partition × lifetime), ties by storage id.
  const weight = new Float64Array(count);
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

/** The occupancy curve of one buffer: of the core with the highest peak (lowest core on ties, as before). */
/** Per-life bytes and per-instruction deltas, zeroed before each use. */
interface CurveScratch { b: Float64Array; plus: Float64Array; minus: Float64Array }

function curve(lives: Lives, buffer: number, sched: Schedule, scratch: CurveScratch): { samples: MemorySample[]; peak: number } {
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
    const r = coreCurve(lives, buffer, c, sched, scratch);
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
function coreCurve(lives: Lives, buffer: number, core: number, sched: Schedule, scratch: CurveScratch): { samples: MemorySample[]; peak: number } {
  let m = 0;
  const b = scratch.b;
  b.fill(0);
  for (let k = 0; k < lives.count; k++) {
    if (lives.core[k] !== core || lives.buf[k] !== buffer) continue;
    const v = lives.bpp[k];
    if (v <= 0) continue;
    b[k] = v;
    m++;
  }
  let curve = stepsInTrackOrder(lives, b, sched, scratch);
  if (!curve) {
    const { time, delta } = timesBySorting(lives, b, m);
    curve = new Steps(time.length);
    // One entry per distinct time, its deltas already summed.
    for (let x = 0; x < time.length; x++) curve.add(time[x], delta[x]);
  }
  return { samples: thin(curve.stepT, curve.stepB, curve.steps), peak: curve.peak };
}

/** Deltas sorted by time. */
interface TimedDeltas { time: Float64Array; delta: Float64Array }

/** The step function being built: `steps` (time, bytes) pairs, and its peak. */
class Steps {
  readonly stepT: Float64Array;
  readonly stepB: Float64Array;
  steps = 0;
  peak = 0;
  private cur = 0;
  constructor(capacity: number) {
    this.stepT = new Float64Array(capacity);
    this.stepB = new Float64Array(capacity);
  }

  /** The sum `d` of every delta at time `t` (times in increasing order): a step where the bytes change. */
  add(t: number, d: number): void {
    const cur = this.cur + d;
    this.cur = cur;
    if (cur > this.peak) this.peak = cur;
    const n = this.steps;
    if (n === 0 || this.stepB[n - 1] !== cur) { this.stepT[n] = t; this.stepB[n] = cur; this.steps = n + 1; }
  }
}

/**
 * The step function without sorting: every life's time is the start or end of an instruction,
 * and on one track (engine or DMA queue of a core) instructions run in program order without
 * overlap, so per track the sequence start(i), end(i), start(next)... never decreases. The
 * lives' bytes are summed per instruction (added at its start, removed at its end) and the
 * tracks' sequences merged by always taking the earliest next time; equal times come out
 * together and are summed, as in a sorted sweep. Undefined if some track is not in order after
 * all (the caller then sorts).
 */
function stepsInTrackOrder(lives: Lives, b: Float64Array, sched: Schedule, scratch: CurveScratch): Steps | undefined {
  const n = sched.count;
  const { plus, minus } = scratch;
  plus.fill(0);
  minus.fill(0);
  for (let k = 0; k < lives.count; k++) {
    const v = b[k];
    if (v > 0) { plus[lives.startIns[k]] += v; minus[lives.endIns[k]] += v; }
  }
  const { track, start: S, end: E, cores } = sched;
  const coreOf = sched.core;
  // The instructions with a delta, per run in program order (a counting sort). A run is a track
  // of a core: a life's first and last instruction may be on another core than the life's.
  let perCore = 0;
  let events = 0;
  for (let i = 0; i < n; i++) {
    if (plus[i] === 0 && minus[i] === 0) continue;
    if (track[i] >= perCore) perCore = track[i] + 1;
    events += (plus[i] !== 0 ? 1 : 0) + (minus[i] !== 0 ? 1 : 0);
  }
  const coreIndex = new Map<number, number>();
  for (const c of cores) coreIndex.set(c, coreIndex.size);
  const runOf = (i: number): number => (cores.length === 1 ? 0 : coreIndex.get(coreOf[i]) ?? 0) * perCore + track[i];
  const tracks = Math.max(1, cores.length) * perCore;
  const at = new Int32Array(tracks + 1);
  for (let i = 0; i < n; i++) if (plus[i] !== 0 || minus[i] !== 0) at[runOf(i) + 1]++;
  for (let t = 0; t < tracks; t++) at[t + 1] += at[t];
  const list = new Int32Array(at[tracks]);
  const fill = at.slice(0, tracks);
  const last = new Float64Array(tracks).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    if (plus[i] === 0 && minus[i] === 0) continue;
    const t = runOf(i);
    if (plus[i] !== 0) { if (S[i] < last[t]) return undefined; last[t] = S[i]; }
    if (minus[i] !== 0) { if (E[i] < last[t]) return undefined; last[t] = E[i]; }
    list[fill[t]++] = i;
  }
  // Merge: per track the next instruction and whether its start (0) or end (1) is next.
  const pos = at.slice(0, tracks);
  const phase = new Uint8Array(tracks);
  const nextTime = (t: number): number => {
    while (pos[t] < at[t + 1]) {
      const i = list[pos[t]];
      if (phase[t] === 0) { if (plus[i] !== 0) return S[i]; phase[t] = 1; }
      if (minus[i] !== 0) return E[i];
      phase[t] = 0;
      pos[t]++;
    }
    return Infinity;
  };
  const head = new Float64Array(tracks);
  for (let t = 0; t < tracks; t++) head[t] = nextTime(t);
  const curve = new Steps(events);
  for (;;) {
    let best = -1;
    let tMin = Infinity;
    for (let t = 0; t < tracks; t++) if (head[t] < tMin) { tMin = head[t]; best = t; }
    if (best < 0) break;
    // Every event at time tMin, from any track.
    let d = 0;
    for (let t = best; t < tracks; t++) {
      while (head[t] === tMin) {
        const i = list[pos[t]];
        if (phase[t] === 0) { d += plus[i]; phase[t] = 1; } else { d -= minus[i]; phase[t] = 0; pos[t]++; }
        head[t] = nextTime(t);
      }
    }
    curve.add(tMin, d);
  }
  return curve;
}

/** The same by a native sort of the times (and a search for each life's times). */
function timesBySorting(lives: Lives, b: Float64Array, m: number): TimedDeltas {
  const times = new Float64Array(2 * m);
  let j = 0;
  for (let k = 0; k < lives.count; k++) if (b[k] > 0) { times[j++] = lives.start[k]; times[j++] = lives.end[k]; }
  times.sort();
  let u = 0;
  for (let x = 0; x < times.length; x++) if (x === 0 || times[x] !== times[u - 1]) times[u++] = times[x];
  const uniq = times.subarray(0, u);
  const delta = new Float64Array(2 * m);
  let atStart = 0;
  let atEnd = 0;
  for (let k = 0; k < lives.count; k++) {
    if (b[k] <= 0) continue;
    atStart = indexNear(uniq, lives.start[k], atStart);
    delta[atStart] += b[k];
    atEnd = indexNear(uniq, lives.end[k], atEnd);
    delta[atEnd] -= b[k];
  }
  // One entry per distinct time (the sweep sums equal times; here they are already summed).
  return { time: uniq, delta: delta.subarray(0, u) };
}

/** The index of `t` in `sorted` (the first not below it), searched outwards from `from`. */
function indexNear(sorted: Float64Array, t: number, from: number): number {
  const n = sorted.length;
  let lo: number;
  let hi: number;
  if (sorted[from] < t) {
    // Gallop up: sorted[lo] < t.
    lo = from;
    let step = 1;
    hi = from + 1;
    while (hi < n - 1 && sorted[hi] < t) { lo = hi; step *= 2; hi = Math.min(n - 1, from + step); }
    if (hi > n - 1) hi = n - 1;
  } else {
    // Gallop down: sorted[hi] >= t.
    hi = from;
    let step = 1;
    lo = from - 1;
    while (lo > 0 && sorted[lo] >= t) { hi = lo; step *= 2; lo = Math.max(0, from - step); }
    if (lo < 0) return 0;
    if (sorted[lo] >= t) return lo;
  }
  // Invariant: sorted[lo] < t <= sorted[hi] (or hi is the last index).
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < t) lo = mid + 1; else hi = mid;
  }
  return lo;
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
