/**
 * A busy calendar for a shared resource (a bandwidth link, a memory port): sorted, disjoint,
 * merged busy intervals, with first-fit search.
 *
 * Purpose: the scheduler visits instructions in program order, but shared resources are used by
 * several engines whose clocks interleave arbitrarily, so reservations arrive out of time order.
 * A calendar lets a later-visited instruction fill an earlier gap instead of queueing behind a
 * reservation that happens later in time.
 * Memory stays bounded: when more than 2 × `KEEP` intervals accumulate, all but the last `KEEP`
 * are forgotten and the time before the last forgotten one counts as busy (`floor`). Only an
 * instruction visited thousands of reservations after others that ran later than it could have
 * used a forgotten gap; it then waits for the floor instead (conservative).
 * Invariant: `starts`/`ends` are sorted, `starts[i] < ends[i] <= starts[i+1]` (touching intervals
 * are merged), nothing is free before `floor`, so `fit` never returns a time whose interval
 * overlaps a reservation.
 */
const KEEP = 4096;

export class Calendar {
  private starts: number[] = [];
  private ends: number[] = [];
  private floor = -Infinity;

  get size(): number { return this.starts.length; }

  /** Earliest t' >= t such that [t', t'+d) is free. */
  fit(t: number, d: number): number {
    if (d <= 0) return t;
    if (t < this.floor) t = this.floor;
    const ends = this.ends;
    const starts = this.starts;
    let i = this.firstEndingAfter(t);
    while (i < starts.length && starts[i] < t + d) {
      if (ends[i] > t) t = ends[i];
      i++;
    }
    return t;
  }

  /** Marks [t, t+d) busy; the caller got t from `fit`, so it overlaps nothing. */
  reserve(t: number, d: number): void {
    if (d <= 0) return;
    const e = t + d;
    const starts = this.starts;
    const ends = this.ends;
    const n = starts.length;
    // Fast path: at or after the last interval.
    if (n === 0 || t >= ends[n - 1]) {
      if (n > 0 && t <= ends[n - 1]) ends[n - 1] = Math.max(ends[n - 1], e);
      else { starts.push(t); ends.push(e); if (n + 1 > 2 * KEEP) this.forget(); }
      return;
    }
    const i = this.firstEndingAfter(t); // first interval with end > t: the new one goes before it
    const joinPrev = i > 0 && ends[i - 1] >= t;
    const joinNext = i < n && starts[i] <= e;
    if (joinPrev && joinNext) {
      ends[i - 1] = Math.max(ends[i], e);
      starts.splice(i, 1);
      ends.splice(i, 1);
    } else if (joinPrev) {
      ends[i - 1] = Math.max(ends[i - 1], e);
    } else if (joinNext) {
      starts[i] = Math.min(starts[i], t);
      ends[i] = Math.max(ends[i], e);
    } else {
      starts.splice(i, 0, t);
      ends.splice(i, 0, e);
    }
  }

  /**
   * Reserves `work` ns of the resource from time t on, using every free gap (the work may be split
   * across gaps, like packets of a transfer interleaving with others'); returns when it completes.
   */
  fill(t: number, work: number): number {
    if (work <= 0) return t;
    if (t < this.floor) t = this.floor;
    let left = work;
    for (;;) {
      const i = this.firstEndingAfter(t);
      if (i < this.starts.length && this.starts[i] <= t) { t = this.ends[i]; continue; }
      const gapEnd = i < this.starts.length ? this.starts[i] : Infinity;
      const take = Math.min(left, gapEnd - t);
      this.reserve(t, take);
      left -= take;
      t += take;
      if (left <= 0) return t;
    }
  }

  private forget(): void {
    const drop = this.starts.length - KEEP;
    this.floor = this.ends[drop - 1];
    this.starts = this.starts.slice(drop);
    this.ends = this.ends.slice(drop);
  }

  /** Total reserved time (for tests and utilisation). */
  busyNs(): number {
    let s = 0;
    for (let i = 0; i < this.starts.length; i++) s += this.ends[i] - this.starts[i];
    return s;
  }

  private firstEndingAfter(t: number): number {
    const ends = this.ends;
    let lo = 0;
    let hi = ends.length;
    // Most queries are near the end: check the tail first.
    if (hi > 0 && ends[hi - 1] <= t) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid] > t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
