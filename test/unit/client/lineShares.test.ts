import { strict as assert } from 'node:assert';
import { formatShare, lineShares, marksAfterEdit, shareLevel } from '../../../client/src/lineShares';

const line = (path: string, l: number, timeNs: number) => ({ path, line: l, timeNs, instructions: 2, bytes: 0 });

describe('client: per-line time shares', () => {
  it('shares the file\'s engine time among its lines, sorted by line', () => {
    const shares = lineShares({ lines: [line('/k.py', 9, 300), line('/k.py', 4, 100), line('/other.py', 1, 600), line('/k.py', 5, 0)] }, '/k.py');
    assert.deepEqual(shares.map((s) => [s.line, s.share]), [[4, 0.25], [9, 0.75]]);
  });

  it('is empty for a file without time', () => {
    assert.deepEqual(lineShares({ lines: [] }, '/k.py'), []);
  });

  it('maps shares to gutter levels and short labels', () => {
    assert.equal(shareLevel(0.001, 8), 0);
    assert.equal(shareLevel(1, 8), 7);
    assert.equal(shareLevel(0.5, 8), 3);
    assert.equal(formatShare(0.42), '42%');
    assert.equal(formatShare(0.034), '3.4%');
    assert.equal(formatShare(0.0001), '<0.1%');
  });

  describe('after an edit', () => {
    const share = (l: number) => ({ line: l, share: 0.5, timeNs: 1, instructions: 1 });
    const marks = { start: 10, end: 20, shares: [share(5), share(12), share(18)] };

    it('are dropped when the kernel or a decorated line is edited', () => {
      assert.equal(marksAfterEdit(marks, 15, 15, 0), undefined);
      assert.equal(marksAfterEdit(marks, 8, 10, 0), undefined);
      assert.equal(marksAfterEdit(marks, 5, 5, 0), undefined); // a helper's line above the kernel
    });

    it('move with lines added or removed above, and stay put for edits below', () => {
      assert.deepEqual(marksAfterEdit(marks, 2, 2, 3), { start: 13, end: 23, shares: [share(8), share(15), share(21)] });
      assert.deepEqual(marksAfterEdit(marks, 6, 8, 0), { start: 8, end: 18, shares: [share(5), share(10), share(16)] });
      assert.deepEqual(marksAfterEdit(marks, 30, 30, 4), marks);
      assert.equal(marksAfterEdit(marks, 2, 2, 0), marks);
    });
  });
});
