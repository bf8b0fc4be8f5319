/**
 * Explicit placement in the performance model: storages with `address` share their buffer's
 * address space, so tensors placed at overlapping addresses depend on each other (hand-rotated
 * buffers), while disjoint addresses and allocator-placed tensors stay independent.
 */
import { strict as assert } from 'node:assert';
import { simulate } from '../../../simulator/src/perf/profile';
import type { Storage } from '../../../simulator/src/tracer/instruction';
import { TraceBuilder } from './builder';

function place(st: Storage, partition: number, byte: number): Storage {
  st.address = { partition, byte };
  st.explicitlyPlaced = true;
  return st;
}

/** matmul → a, copy a out (VectorE), matmul → b: b's write may only start after the copy reads a
 * when a and b share bytes. */
function twoAccumulators(addrA?: number, addrB?: number) {
  const b = new TraceBuilder();
  const w = b.sbuf('w', [128, 128]);
  const x = b.sbuf('x', [128, 512]);
  const out = b.sbuf('out', [128, 512], 'float32');
  const pa = b.psum('pa', [128, 512]);
  const pb = b.psum('pb', [128, 512]);
  if (addrA !== undefined) place(pa, 0, addrA);
  if (addrB !== undefined) place(pb, 0, addrB);
  b.matmul(b.view(pa), b.view(w), b.view(x));
  b.tensorCopy(b.view(out), b.view(pa));
  b.matmul(b.view(pb), b.view(w), b.view(x));
  return simulate(b.instructions, b.storages, 'trn2');
}

describe('explicit addresses in the performance model', () => {
  it('two PSUM tensors at the same bank: the second matmul waits for the read of the first (WAR)', () => {
    const p = twoAccumulators(0, 0);
    assert.deepEqual(p.events[2].deps, [1]);
    assert.ok(p.events[2].startNs >= p.events[1].startNs + p.events[1].durNs - 1e-9);
  });

  it('a partial overlap counts: a tensor at byte 3072 lies inside one of 4 KiB at byte 0', () => {
    const b = new TraceBuilder();
    const big = place(b.sbuf('big', [128, 1024], 'float32'), 0, 0);
    const small = place(b.sbuf('small', [128, 256], 'float32'), 0, 3072);
    const h = b.hbm('h', [128, 1024], 'float32');
    const h2 = b.hbm('h2', [128, 256], 'float32', 'output');
    b.dma(b.view(big), b.view(h));
    b.dma(b.view(h2), b.view(small));
    const p = simulate(b.instructions, b.storages, 'trn2');
    assert.deepEqual(p.events[1].deps, [0], 'the read of small sees the write of big (RAW through the shared bytes)');
  });

  it('different banks or partitions, or no address: no dependency', () => {
    assert.deepEqual(twoAccumulators(0, 2048).events[2].deps, []);
    assert.deepEqual(twoAccumulators().events[2].deps, []);
    const b = new TraceBuilder();
    const lo = place(b.sbuf('lo', [32, 256], 'float32'), 0, 0);
    const hi = place(b.sbuf('hi', [32, 256], 'float32'), 32, 0);
    const h = b.hbm('h', [32, 256], 'float32');
    const o = b.hbm('o', [32, 256], 'float32', 'output');
    b.dma(b.view(lo), b.view(h));
    b.dma(b.view(o), b.view(hi));
    assert.deepEqual(simulate(b.instructions, b.storages, 'trn2').events[1].deps, []);
  });

  it('memory occupancy counts tensors at one address once', () => {
    const peak = (p: ReturnType<typeof twoAccumulators>) => Math.max(...p.memory.psum.map((x) => x.bytesPerPartition));
    // The copy keeps pa live while pb is written: 4 KiB when separate, one 2 KiB bank when shared.
    assert.equal(peak(twoAccumulators()), 4096);
    assert.equal(peak(twoAccumulators(0, 0)), 2048);
  });
});
