import { strict as assert } from 'node:assert';
import { formatShare, lineShares, shareLevel } from '../../../client/src/lineShares';

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
});
