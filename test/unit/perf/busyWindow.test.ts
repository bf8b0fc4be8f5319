import { strict as assert } from 'node:assert';
import { BusyWindow } from '../../../simulator/src/perf/busyWindow';

/** Busy time of `intervals` within [from, t], the plain way. */
function plain(intervals: Array<[number, number]>, from: number, t: number): number {
  let s = 0;
  for (const [a, b] of intervals) s += Math.max(0, Math.min(b, t) - Math.max(a, from));
  return s;
}

describe('BusyWindow', () => {
  it('sums the busy time after a point within the window, cutting the interval that straddles it', () => {
    const w = new BusyWindow(3000);
    w.add(0, 1000);
    w.add(1500, 2000);
    w.add(2500, 2600);
    assert.equal(w.busyIn(0, 2600), 1600);
    assert.equal(w.busyIn(500, 2600), 1100);
    assert.equal(w.busyIn(1800, 2600), 300);
    assert.equal(w.busyIn(2600, 2600), 0);
    // Later queries forget what fell out of the window: [0, 1000) ends before 4000 - 3000.
    assert.equal(w.busyIn(1000, 4000), 600);
  });

  it('agrees with a plain sum over random in-order intervals and queries', () => {
    let seed = 12345;
    const rnd = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
    const w = new BusyWindow(3000);
    const all: Array<[number, number]> = [];
    let t = 0;
    for (let k = 0; k < 2000; k++) {
      const start = t + (rnd() < 0.3 ? rnd() * 2500 : 0);
      const end = start + rnd() * 400;
      w.add(start, end);
      all.push([start, end]);
      t = end;
      const from = t - rnd() * 3000;
      assert.ok(Math.abs(w.busyIn(from, t) - plain(all, from, t)) < 1e-6, `query ${k}`);
    }
  });
});
