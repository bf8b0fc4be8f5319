/**
 * Busy time of one in-order engine over a trailing time window (the TensorE utilisation that
 * triggers Trn2/Trn3 dI/dt throttling).
 *
 * Purpose: the engine's intervals arrive in time order and never overlap (one in-order track), so
 * a ring of the intervals that can still reach into the window, with the running busy total at
 * each interval's end, answers "busy time in [from, t]" by one binary search, for
 * non-decreasing t: O(log) per query, O(1) amortised per interval.
 * Invariant: exact while the window holds at most `CAPACITY` intervals of positive length (a 3 µs
 * window holds ~130 of the shortest matmuls); beyond that the oldest are dropped and the busy time
 * is undercounted.
 */
const CAPACITY = 1024;

export class BusyWindow {
  private readonly starts = new Float64Array(CAPACITY);
  private readonly ends = new Float64Array(CAPACITY);
  /** Busy total (since the first interval) at each interval's end. */
  private readonly totalAtEnd = new Float64Array(CAPACITY);
  private head = 0;
  private count = 0;
  private total = 0;

  constructor(private readonly windowNs: number) {}

  /** Busy time in [from, t] for `t - windowNs <= from <= t`, when every interval added ends by t. */
  busyIn(from: number, t: number): number {
    const lo = t - this.windowNs;
    while (this.count > 0 && this.ends[this.head] <= lo) { this.head = (this.head + 1) % CAPACITY; this.count--; }
    // The first interval ending after `from` (intervals are in time order).
    let a = 0;
    let b = this.count;
    while (a < b) {
      const m = (a + b) >>> 1;
      if (this.ends[(this.head + m) % CAPACITY] > from) b = m; else a = m + 1;
    }
    if (a === this.count) return 0;
    const k = (this.head + a) % CAPACITY;
    // Busy after `from`: everything from interval k on, less the part of k before `from`.
    const before = this.totalAtEnd[k] - (this.ends[k] - this.starts[k]);
    const cut = from > this.starts[k] ? from - this.starts[k] : 0;
    return this.total - before - cut;
  }

  /** Records the busy interval [start, end) (after every earlier one). */
  add(start: number, end: number): void {
    if (end <= start) return;
    if (this.count === CAPACITY) { this.head = (this.head + 1) % CAPACITY; this.count--; }
    const k = (this.head + this.count) % CAPACITY;
    this.total += end - start;
    this.starts[k] = start;
    this.ends[k] = end;
    this.totalAtEnd[k] = this.total;
    this.count++;
  }
}
