import { strict as assert } from 'node:assert';
import { initParser } from '../../../simulator/src/frontend';
import { analyzeFile } from '../../../simulator/src/check/analyzeFile';
import { peakLive } from '../../../simulator/src/tracer/capacity';
import type { Storage } from '../../../simulator/src/tracer/instruction';
import type { KernelTrace } from '../../../simulator/src/tracer/traceKernel';

const storage = { id: 0 } as Storage;
const iv = (start: number, end: number, cost: number) => ({ storage, start, end, cost });

describe('tracer session bookkeeping', () => {
  before(async () => { await initParser(); });

  it('peakLive: frees at an index happen before allocations there, and the first peak wins', () => {
    // [0,2] and [3,5] never overlap: 10 at most. [1,4] overlaps both.
    const r = peakLive([iv(0, 2, 10), iv(3, 5, 10), iv(1, 4, 5)]);
    assert.equal(r.peak, 15);
    assert.equal(r.at, 1);
    assert.deepEqual(r.live.map((x) => x.start), [0, 1]);
    assert.deepEqual(peakLive([]), { peak: 0, at: -1, live: [] });
  });

  const kernel = [
    'import nki', 'import nki.isa as nisa', 'import nki.language as nl', '',
    '@nki.jit', 'def k(a):',
    '    out = nl.ndarray((128, 512), dtype=a.dtype, buffer=nl.shared_hbm)',
    '    for i in range(4):',
    '        t = nl.ndarray((128, 512), dtype=a.dtype, buffer=nl.sbuf)',
    '        nisa.dma_copy(dst=t, src=a)',
    '        u = nl.ndarray((128, 512), dtype=a.dtype, buffer=nl.sbuf)',
    '        nisa.tensor_copy(dst=u, src=t)',
    '        nisa.dma_copy(dst=out, src=u)',
    '    return out', '',
  ].join('\n');

  async function trace(): Promise<KernelTrace> {
    let t: KernelTrace | undefined;
    await analyzeFile('/k.py', kernel, { shapes: [{ arg: 'a', dtype: 'float32', shape: [128, 512] }], onTrace: (x) => { t = x; } });
    return t!;
  }

  it('records liveness per storage and shares source records across loop iterations', async () => {
    const t = await trace();
    const s = t.session;
    assert.equal(t.status, 'complete');
    assert.equal(s.instructions.length, 12);
    const tiles = s.storages.filter((x) => x.name === 't');
    assert.equal(tiles.length, 4);
    for (const x of tiles) {
      assert.ok(s.isWritten(x.id));
      assert.ok((s.lastUse[x.id] ?? -1) >= s.allocatedAt[x.id]);
    }
    // One allocation site, one record per position: iterations share spans, stacks and shapes.
    assert.equal(new Set(tiles.map((x) => x.site)).size, 1);
    const copies = s.instructions.filter((i) => i.opcode === 'tensor_copy');
    assert.equal(copies[0].span, copies[3].span);
    assert.equal(copies[0].stack, copies[3].stack);
    assert.equal(copies[0].operands[0].access.shape, copies[3].operands[0].access.shape);
    assert.notEqual(copies[0].loops, copies[1].loops);
    assert.deepEqual(copies.map((c) => c.loops[0].iteration), [0, 1, 2, 3]);
    assert.equal(copies[2].loops[0].variable, 'i', 'profiles show "i=2", not "=2"');
    // The same binding in every iteration is one hover fact per distinct summary.
    assert.equal(s.facts.filter((f) => f.name === 't').length, 1);
  });
});
