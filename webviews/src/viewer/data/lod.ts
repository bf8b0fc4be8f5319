/**
 * Level of detail for one timeline row, as in Perfetto's mipmap tables: the row's events in
 * struct-of-arrays typed buffers sorted by start, plus lazily built levels where level L merges
 * events whose 2^L ns buckets overlap into one mark with a count, a busy time and a
 * representative (the longest event). Invariants: every level's marks are disjoint and sorted, so
 * a query at a resolution of r ns/px uses level ceil(log2 r) and returns at most one mark per
 * pixel; raw events are returned instead whenever few enough are visible.
 * Pure data code: no DOM, so it is unit-tested in Node.
 */

export interface Marks {
  length: number;
  startsNs: Float64Array;
  endsNs: Float64Array;
  /** Running maximum of endsNs (equal to endsNs when marks are disjoint). */
  endMaxNs: Float64Array;
  counts: Uint32Array;
  busyNs: Float64Array;
  /** Event id representing the mark (the longest event merged into it). */
  reps: Uint32Array;
}

export interface MarkRange {
  marks: Marks;
  /** Visible marks are indices [from, to). */
  from: number;
  to: number;
  /** -1 for raw events, otherwise the level (bucket = 2^level ns). */
  level: number;
}

/** Raw events are used while at most this many are visible per pixel of width. */
export const RAW_EVENTS_PER_PX = 2;
/** Levels below 2^MIN_LEVEL ns are never built (sub-ns buckets never help). */
const MIN_LEVEL = 0;

/** First index i in [0, n) with a[i] >= v (n if none); `a` ascending. */
export function lowerBound(a: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index i with a[i] > v. */
export function upperBound(a: Float64Array, n: number, v: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Raw marks from events already sorted by start: one mark per event. */
export function rawMarks(startsNs: Float64Array, endsNs: Float64Array, ids: Uint32Array): Marks {
  const n = startsNs.length;
  const endMaxNs = new Float64Array(n);
  const busyNs = new Float64Array(n);
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    max = Math.max(max, endsNs[i]!);
    endMaxNs[i] = max;
    busyNs[i] = endsNs[i]! - startsNs[i]!;
  }
  return { length: n, startsNs, endsNs, endMaxNs, counts: new Uint32Array(n).fill(1), busyNs, reps: ids };
}

/** Merges `src` (raw or a finer level) into buckets of `bucketNs`. */
export function mergeLevel(src: Marks, bucketNs: number): Marks {
  const n = src.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  const counts = new Uint32Array(n);
  const busy = new Float64Array(n);
  const reps = new Uint32Array(n);
  let m = -1;
  let curBucketEnd = -Infinity;
  let repDur = 0;
  for (let i = 0; i < n; i++) {
    const s = src.startsNs[i]!;
    const e = src.endsNs[i]!;
    const qs = Math.floor(s / bucketNs);
    const qe = Math.max(qs + 1, Math.ceil(e / bucketNs));
    const dur = e - s;
    if (m >= 0 && qs < curBucketEnd) {
      if (e > ends[m]!) ends[m] = e;
      counts[m]! += src.counts[i]!;
      busy[m]! += src.busyNs[i]!;
      if (dur > repDur) { repDur = dur; reps[m] = src.reps[i]!; }
      if (qe > curBucketEnd) curBucketEnd = qe;
    } else {
      m++;
      starts[m] = s;
      ends[m] = e;
      counts[m] = src.counts[i]!;
      busy[m] = src.busyNs[i]!;
      reps[m] = src.reps[i]!;
      repDur = dur;
      curBucketEnd = qe;
    }
  }
  const len = m + 1;
  const endsNs = ends.slice(0, len);
  return {
    length: len, startsNs: starts.slice(0, len), endsNs, endMaxNs: endsNs,
    counts: counts.slice(0, len), busyNs: busy.slice(0, len), reps: reps.slice(0, len),
  };
}

export function levelFor(nsPerPx: number): number {
  return Math.max(MIN_LEVEL, Math.ceil(Math.log2(Math.max(nsPerPx, 1e-9))));
}

export class LodPyramid {
  readonly raw: Marks;
  private readonly levels = new Map<number, Marks>();

  constructor(raw: Marks, spanNs: number) {
    this.raw = raw;
    // Prebuild the chain from the finest useful level (about one event per bucket) upwards, each
    // level from the previous one, so zooming never pays a full pass over the raw events.
    if (raw.length > 0 && spanNs > 0) {
      let level = levelFor(spanNs / raw.length);
      const top = levelFor(spanNs);
      let src = raw;
      for (; level <= top; level++) {
        src = mergeLevel(src, 2 ** level);
        this.levels.set(level, src);
        if (src.length <= 1) break;
      }
    }
  }

  /** Marks overlapping [t0Ns, t1Ns] at a resolution of nsPerPx. */
  query(t0Ns: number, t1Ns: number, nsPerPx: number): MarkRange {
    const raw = this.raw;
    const from = lowerBound(raw.endMaxNs, raw.length, t0Ns);
    const to = upperBound(raw.startsNs, raw.length, t1Ns);
    const widthPx = (t1Ns - t0Ns) / nsPerPx;
    if (to - from <= RAW_EVENTS_PER_PX * widthPx) return { marks: raw, from, to, level: -1 };
    const level = levelFor(nsPerPx);
    const marks = this.level(level);
    return {
      marks, level,
      from: lowerBound(marks.endMaxNs, marks.length, t0Ns),
      to: upperBound(marks.startsNs, marks.length, t1Ns),
    };
  }

  /** The level's marks, built on first use from the nearest finer built level (or the raw events). */
  level(level: number): Marks {
    const cached = this.levels.get(level);
    if (cached) return cached;
    let src = this.raw;
    for (let l = level - 1; l >= MIN_LEVEL; l--) {
      const finer = this.levels.get(l);
      if (finer) { src = finer; break; }
    }
    const built = mergeLevel(src, 2 ** level);
    this.levels.set(level, built);
    return built;
  }

  /** Number of levels built so far (for tests). */
  get builtLevels(): number[] {
    return [...this.levels.keys()].sort((a, b) => a - b);
  }
}
