import { strict as assert } from 'node:assert';
import { applyIndex, contiguousView, elementCount, elementExtent, type IndexKey, type View } from '../../../simulator/src/tracer/indexing';

const i = (value: number | undefined): IndexKey => ({ kind: 'int', value });
const all: IndexKey = { kind: 'slice', startGiven: false, stopGiven: false };
const sl = (start?: number, stop?: number, step?: number): IndexKey =>
  ({ kind: 'slice', start, stop, step, startGiven: start !== undefined, stopGiven: stop !== undefined });
const ell: IndexKey = { kind: 'ellipsis' };

function view(v: ReturnType<typeof applyIndex>): View {
  if (!v.ok) assert.fail(v.error.message);
  return v.view;
}

describe('tensor indexing (NKI 0.2+ rules)', () => {
  const t3 = contiguousView([64, 64, 64]);

  it('keeps the partition dim with size 1 for an integer on an on-chip tensor', () => {
    assert.deepEqual(view(applyIndex(t3, [i(0), i(0), i(10)], true)).shape, [1, 1]);
  });

  it('drops integer-indexed free dims but keeps on-chip tensors 2-D', () => {
    assert.deepEqual(view(applyIndex(t3, [all, i(0), i(10)], true)).shape, [64, 1]);
    assert.deepEqual(view(applyIndex(t3, [all, i(3)], true)).shape, [64, 64]);
  });

  it('drops integer-indexed dims on HBM down to 1-D', () => {
    const hbm = contiguousView([4, 128, 512]);
    const v = view(applyIndex(hbm, [i(2)], false));
    assert.deepEqual(v.shape, [128, 512]);
    assert.equal(v.offset, 2 * 128 * 512);
    assert.deepEqual(view(applyIndex(hbm, [i(1), i(2), i(3)], false)).shape, [1]);
  });

  it('computes offsets and strides of strided slices', () => {
    const t = contiguousView([256, 1024]);
    const v = view(applyIndex(t, [sl(128, 256), sl(0, 1024, 2)], false));
    assert.deepEqual(v.shape, [128, 512]);
    assert.deepEqual(v.strides, [1024, 2]);
    assert.equal(v.offset, 128 * 1024);
    assert.deepEqual(elementExtent(v), [128 * 1024, 255 * 1024 + 1022]);
  });

  it('counts negative indices from the end', () => {
    const v = view(applyIndex(contiguousView([8, 16]), [i(-1), sl(-4)], false));
    assert.deepEqual(v.shape, [4]);
    assert.equal(v.offset, 7 * 16 + 12);
  });

  it('expands an ellipsis to full slices', () => {
    assert.deepEqual(view(applyIndex(t3, [ell, sl(0, 8)], true)).shape, [64, 64, 8]);
    assert.deepEqual(view(applyIndex(t3, [ell], true)).shape, [64, 64, 64]);
  });

  it('reports an out-of-bounds integer index with the dimension and size', () => {
    const r = applyIndex(contiguousView([128, 4000]), [all, i(4000)], true);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.error.kind, 'out-of-bounds');
      assert.equal(r.error.dim, 1);
      assert.match(r.error.message, /index 4000 is out of bounds for dimension 1 of size 4000/);
    }
  });

  it('reports a slice that ends past the dimension', () => {
    const r = applyIndex(contiguousView([128, 4000]), [all, sl(0, 4096)], true);
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.error.message, /slice \[0:4096\] is out of bounds for dimension 1 of size 4000/);
  });

  it('refuses zero and negative steps and too many indices', () => {
    const t = contiguousView([8, 8]);
    assert.equal(applyIndex(t, [sl(0, 8, 0)], true).ok, false);
    const r = applyIndex(t, [i(0), i(0), i(0)], true);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.error.kind, 'too-many-indices');
  });

  it('propagates unknown dims and indices instead of guessing', () => {
    const t = contiguousView([undefined, 512]);
    const v = view(applyIndex(t, [sl(0, 128), all], false));
    assert.deepEqual(v.shape, [128, 512]);
    const w = view(applyIndex(contiguousView([128, 512]), [all, sl(undefined, undefined)], true));
    assert.deepEqual(w.shape, [128, 512]);
    const u = view(applyIndex(contiguousView([128, 512]), [i(undefined), all], true));
    assert.equal(u.offset, undefined);
    assert.equal(elementCount([128, undefined]), undefined);
  });
});
