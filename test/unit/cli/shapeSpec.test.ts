import { strict as assert } from 'node:assert';
import { formatShapeSpec, parseShapeSpec, parseShapeSpecList, parseShapesDirective } from '../../../simulator/src/kernel/shapeSpec';

describe('shape specifications', () => {
  it('parses ARG=DTYPE[D0,D1] with spaces inside the brackets', () => {
    assert.deepEqual(parseShapeSpec('q=bfloat16[ 8, 128, 4096 ]'), { ok: true, spec: { arg: 'q', dtype: 'bfloat16', shape: [8, 128, 4096] } });
  });

  it('accepts a scalar shape written as empty brackets', () => {
    assert.deepEqual(parseShapeSpec('s=float32[]'), { ok: true, spec: { arg: 's', dtype: 'float32', shape: [] } });
  });

  it('refuses absurd dimensions instead of allocating them', () => {
    const r = parseShapeSpec('a=float32[1099511627777]');
    assert.equal(r.ok, false);
  });

  it('round-trips through formatShapeSpec', () => {
    const r = parseShapeSpec('a=float32[256,1024]');
    assert.ok(r.ok);
    if (r.ok) assert.equal(formatShapeSpec(r.spec), 'a=float32[256,1024]');
  });

  it('reads the shapes directive from comment text and reports bad entries', () => {
    const d = parseShapesDirective(' nki-studio: shapes a=float32[256, 1024] b=float32[256,1024] c=int8[x]');
    assert.ok(d);
    assert.deepEqual(d.specs.map(formatShapeSpec), ['a=float32[256,1024]', 'b=float32[256,1024]']);
    assert.equal(d.errors.length, 1);
    assert.match(d.errors[0], /'x' of c/);
  });

  it('ignores comments that are not the directive', () => {
    assert.equal(parseShapesDirective(' shapes a=float32[1]'), undefined);
  });

  it('parses a whitespace-separated list, and throws with the reason at the first bad spec', () => {
    assert.deepEqual(parseShapeSpecList('  a=float32[2,3]\n b=bfloat16[4] '), [
      { arg: 'a', dtype: 'float32', shape: [2, 3] }, { arg: 'b', dtype: 'bfloat16', shape: [4] },
    ]);
    assert.deepEqual(parseShapeSpecList(''), []);
    assert.throws(() => parseShapeSpecList('a=float32[2] b=float32[x]'), /dimension 'x' of b is not a whole number/);
  });
});
