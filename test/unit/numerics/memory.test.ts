import { strict as assert } from 'node:assert';
import { AccessError, Memory, MemoryBudgetExceeded } from '../../../simulator/src/numerics/memory';
import { Harness } from './harness';

describe('numerics: memory', () => {
  it('writes and reads through strided, offset views of one storage', () => {
    const h = new Harness();
    const t = h.tensor('t', 'sbuf', 'float32', [4, 6]);
    const mem = new Memory(h.storages);
    mem.fill(t.id, Array.from({ length: 24 }, (_, i) => i));
    // Every other column of rows 1..2: elements 7, 9, 11, 13, 15, 17.
    const v = t.view([2, 3], [6, 2], 7);
    assert.deepEqual([...mem.read(v)], [7, 9, 11, 13, 15, 17]);
    mem.write(v, [-1, -2, -3, -4, -5, -6]);
    const all = mem.read(t.view());
    assert.deepEqual([...all.slice(6, 12)], [6, -1, 8, -2, 10, -3]);
    assert.equal(all[0], 0);
  });

  it('rounds values to the storage dtype on write', () => {
    const h = new Harness();
    const t = h.tensor('t', 'sbuf', 'bfloat16', [1, 2]);
    const mem = new Memory(h.storages);
    mem.write(t.view(), [1 + 2 ** -8, 1 + 3 * 2 ** -8]);
    assert.deepEqual([...mem.read(t.view())], [1, 1 + 2 ** -6]);
  });

  it('reads never-written elements as NaN and reports the tensor once', () => {
    const h = new Harness();
    const t = h.tensor('acc', 'psum', 'float32', [2, 2]);
    const mem = new Memory(h.storages);
    mem.write(t.view([1, 2]), [1, 2]);
    const v = mem.read(t.view());
    assert.deepEqual([...v.slice(0, 2)], [1, 2]);
    assert.ok(Number.isNaN(v[2]) && Number.isNaN(v[3]));
    mem.read(t.view());
    assert.equal(mem.uninitialisedReads.length, 1);
    assert.equal(mem.uninitialisedReads[0].name, "'acc'");
    assert.equal(mem.uninitialisedReads[0].occurrences, 2);
  });

  it('gives integers the official simulator\'s sentinel 4 when never written', () => {
    const h = new Harness();
    const t = h.tensor('i', 'sbuf', 'int32', [1, 2]);
    assert.deepEqual([...new Memory(h.storages).read(t.view())], [4, 4]);
  });

  it('refuses an access outside its storage instead of wrapping', () => {
    const h = new Harness();
    const t = h.tensor('t', 'sbuf', 'float32', [2, 4]);
    assert.throws(() => new Memory(h.storages).read(t.view([2, 4], [4, 1], 4)), (e: Error) => e instanceof AccessError && /out of bounds/.test(e.message));
  });

  it('stops with a clear error when live tensors exceed the memory budget', () => {
    const h = new Harness();
    const a = h.tensor('big', 'hbm', 'float32', [1024, 1024]);
    assert.throws(() => new Memory(h.storages, 1024 * 1024).tensor(a.id), (e: Error) => e instanceof MemoryBudgetExceeded && /'big'.*memory budget/.test(e.message));
  });

  it('frees a released storage\'s bytes', () => {
    const h = new Harness();
    const a = h.tensor('a', 'sbuf', 'float32', [128, 512]);
    const mem = new Memory(h.storages);
    mem.tensor(a.id);
    assert.ok(mem.liveBytes > 0);
    mem.release(a.id);
    assert.equal(mem.liveBytes, 0);
  });
});
