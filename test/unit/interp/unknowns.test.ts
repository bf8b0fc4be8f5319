import { strict as assert } from 'node:assert';
import { mkUnknown, type Value } from '../../../simulator/src/interp';
import { dedent, ready, run } from './helpers';

before(ready);

/** Runs `src` with `n` bound to an unknown int (as shape mode does for an unspecified input). */
function withUnknown(src: string) {
  return run(`import torch\nn = torch.size\n${dedent(src)}`);
}

describe('interp: unknown values (shape mode)', () => {
  it('propagates unknown through arithmetic, comparison, calls and subscripts', () => {
    const r = withUnknown(`
      a = n * 2 + 1
      b = n < 3
      c = int(n)
      d = [1, 2, 3][n]
      e = len(range(n))
      f = abs(n) // 4
    `);
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) assert.equal(r.value(name).kind, 'unknown', name);
  });

  it('runs both branches of an if on an unknown condition and records a gap', () => {
    const r = withUnknown(`
      log = []
      if n > 4:
          log.append("then")
          x = 1
      else:
          log.append("else")
          x = 2
    `);
    assert.deepEqual(r.get('log'), ['then', 'else']);
    assert.equal(r.get('x'), 2);
    assert.ok(r.gaps.some((g) => g.reason.startsWith('condition is unknown')));
  });

  it('does not stop at a raise under an unknown condition', () => {
    const r = withUnknown(`
      def check(size):
          if size > 128:
              raise ValueError("too big")
          return "checked"
      out = check(n)
    `);
    assert.equal(r.get('out'), 'checked');
    assert.ok(r.gaps.some((g) => /raises ValueError: too big/.test(g.reason)));
  });

  it('runs a loop over an unknown range once with an unknown target', () => {
    const r = withUnknown(`
      count = 0
      for i in range(n):
          count += 1
          seen = i
      k = 0
      while k < n:
          k += 1
    `);
    assert.equal(r.get('count'), 1);
    assert.equal(r.value('seen').kind, 'unknown');
    assert.ok(r.gaps.some((g) => /loop over an unknown iterable/.test(g.reason)));
    assert.ok(r.gaps.some((g) => /loop condition is unknown/.test(g.reason)));
  });

  it('records a gap once per span for calls of unknown values', () => {
    const r = withUnknown(`
      for i in range(3):
          y = torch.ones(i)
    `);
    assert.equal(r.gaps.filter((g) => /call of an unknown value/.test(g.reason)).length, 1);
    assert.equal(r.value('y').kind, 'unknown');
  });

  it('keeps the reason and span where the unknown arose', () => {
    const u: Value = mkUnknown('input shape not given');
    assert.equal(u.kind, 'unknown');
    const r = withUnknown('z = n + 1');
    const z = r.value('z');
    assert.equal(z.kind === 'unknown' && z.reason, "module 'torch' not found");
  });
});
