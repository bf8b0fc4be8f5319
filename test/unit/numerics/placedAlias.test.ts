/** Numerics of explicit placement: tensors at one address (same dtype and shape) share memory. */
import { strict as assert } from 'node:assert';
import { Memory } from '../../../simulator/src/numerics/memory';
import { Harness } from './harness';

describe('numerics: tensors placed at the same address', () => {
  it('a write through one is read through the other while either is live', () => {
    const h = new Harness();
    const a = h.tensor('a', 'psum', 'float32', [2, 4]);
    const b = h.tensor('b', 'psum', 'float32', [2, 4]);
    const c = h.tensor('c', 'psum', 'float32', [2, 4]);
    h.storages[a.id].address = { partition: 0, byte: 0 };
    h.storages[b.id].address = { partition: 0, byte: 0 };
    h.storages[c.id].address = { partition: 0, byte: 2048 };
    const mem = new Memory(h.storages);
    mem.write(a.view(), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual([...mem.read(b.view())], [1, 2, 3, 4, 5, 6, 7, 8]);
    mem.write(b.view([1, 4], [4, 1], 4), [9, 9, 9, 9]);
    assert.deepEqual([...mem.read(a.view())], [1, 2, 3, 4, 9, 9, 9, 9]);
    // Another bank is another memory; releasing one alias keeps the bytes for the other.
    assert.ok(Number.isNaN(mem.read(c.view())[0]));
    const live = mem.liveBytes;
    mem.release(a.id);
    assert.equal(mem.liveBytes, live);
    assert.deepEqual([...mem.read(b.view())], [1, 2, 3, 4, 9, 9, 9, 9]);
    mem.release(b.id);
    assert.equal(mem.liveBytes, live / 2, "two memories were live (a/b and c); one remains");
  });
});
