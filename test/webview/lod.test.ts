import { strict as assert } from 'node:assert';
import type * as Lod from '../../webviews/src/viewer/data/lod';
import type * as Format from '../../simulator/src/profile/format';
import type * as Messages from '../../webviews/src/messages';
import { loadBrowserModule } from './browserModule';
import { qwen3Report, syntheticProfile } from '../fixtures/profiles/generate';

const lod = loadBrowserModule<typeof Lod>('webviews/src/viewer/data/lod.ts');
const format = loadBrowserModule<typeof Format>('simulator/src/profile/format.ts');
const messages = loadBrowserModule<typeof Messages>('webviews/src/messages.ts');

/** A row of back-to-back 10 ns events with 5 ns gaps: event i spans [15i, 15i + 10]. */
function row(n: number): Lod.LodPyramid {
  const starts = Float64Array.from({ length: n }, (_, i) => 15 * i);
  const ends = starts.map((s) => s + 10);
  return new lod.LodPyramid(lod.rawMarks(starts, ends, Uint32Array.from({ length: n }, (_, i) => i)), 15 * n);
}

describe('timeline level of detail (webviews/src/viewer/data/lod.ts)', () => {
  it('returns raw events when few are visible', () => {
    const r = row(100).query(0, 150, 1);
    assert.equal(r.level, -1);
    assert.deepEqual([r.from, r.to], [0, 11]);
  });

  it('returns at most one mark per pixel, with counts that add up, when zoomed out', () => {
    const p = row(1_000_000);
    const widthPx = 1000;
    const r = p.query(0, 15_000_000, 15_000_000 / widthPx);
    assert.ok(r.level >= 0);
    assert.ok(r.to - r.from <= widthPx + 1, `${r.to - r.from} marks for ${widthPx} px`);
    let count = 0;
    let busy = 0;
    for (let i = r.from; i < r.to; i++) { count += r.marks.counts[i]!; busy += r.marks.busyNs[i]!; }
    assert.equal(count, 1_000_000);
    assert.equal(busy, 10_000_000);
  });

  it('keeps marks disjoint and sorted at every level, each level coarser than the last', () => {
    const p = row(50_000);
    let previous = Infinity;
    for (let level = 0; level < 22; level++) {
      const m = p.level(level);
      for (let i = 1; i < m.length; i++) assert.ok(m.startsNs[i]! >= m.endsNs[i - 1]!, `level ${level} mark ${i} overlaps`);
      assert.ok(m.length <= previous);
      previous = m.length;
    }
  });

  it('finds the visible range of overlapping events by their running maximum end', () => {
    const starts = Float64Array.from([0, 10, 20]);
    const ends = Float64Array.from([100, 15, 25]);
    const p = new lod.LodPyramid(lod.rawMarks(starts, ends, Uint32Array.from([0, 1, 2])), 100);
    const r = p.query(50, 60, 1);
    assert.deepEqual([r.from, r.to], [0, 3], 'the long first event is visible at 50..60');
  });
});

describe('viewer formatting (simulator/src/profile/format.ts)', () => {
  it('labels axis ticks in one unit with enough decimals to tell them apart', () => {
    const f = format.axisFormatter(50, 1_234_500);
    assert.equal(f(1_234_450), '1.23445 ms');
    assert.equal(format.axisFormatter(10_000, 80_000)(20_000), '20 µs');
    assert.equal(format.axisFormatter(200, 800)(400), '400 ns');
  });

  it('formats bytes, speedups and deltas', () => {
    assert.equal(format.formatBytes(2560), '2.5 KiB');
    assert.equal(format.formatSpeedup(2.4815), '2.48×');
    assert.equal(format.formatDelta(192, 48), '−75.0%');
    assert.equal(format.formatSource({ path: '/a/b/k.py', line: 0 }), 'k.py:1');
  });
});

describe('view ↔ host messages (webviews/src/messages.ts)', () => {
  const profile = syntheticProfile(50);

  it('accepts well-formed host messages', () => {
    assert.deepEqual(messages.parseHostMessage({ type: 'highlightLines', version: 1, path: 'k.py', lines: [3, 4] }),
      { ok: true, message: { type: 'highlightLines', path: 'k.py', lines: [3, 4] } });
    assert.equal(messages.parseHostMessage({ type: 'load', profile }).ok, true);
    assert.equal(messages.parseHostMessage({ type: 'loadQwen3', report: qwen3Report({ layers: 2 }) }).ok, true);
  });

  it('rejects malformed ones with a reason', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /not an object/],
      [{ type: 'load', profile: {} }, /not an nki-studio\.profile\/1/],
      [{ type: 'highlightLines', path: 'k.py', lines: [-1] }, /0-based line numbers/],
      [{ type: 'loadQwen3', report: { ...qwen3Report({ layers: 1 }), totals: {} } }, /totals/],
      [{ type: 'load', version: 9, profile }, /protocol version 9/],
      [{ type: 'nope' }, /unknown message type 'nope'/],
    ];
    for (const [input, reason] of cases) {
      const r = messages.parseHostMessage(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, reason);
    }
  });
});
