import { strict as assert } from 'node:assert';
import { isProfile } from '../../../simulator/src/profile/schema';
import { simulate } from '../../../simulator/src/perf/profile';
import { TraceBuilder } from './builder';
import { wellPipelinedMatmul } from './kernels';

const close = (actual: number, expected: number, rel = 1e-9) =>
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)), `${actual} ≈ ${expected}`);

/** One tile of C = A @ B: load Aᵀ [128, 128] and B [128, 512], matmul, drain, store. */
function oneTile(dtype = 'bfloat16') {
  const b = new TraceBuilder();
  const aT = b.hbm('a_t', [128, 128], dtype);
  const bb = b.hbm('b', [128, 512], dtype);
  const c = b.hbm('c', [128, 512], 'bfloat16', 'output');
  const sa = b.at(2).sbuf('sa', [128, 128], dtype);
  const sb = b.at(3).sbuf('sb', [128, 512], dtype);
  const ps = b.at(4).psum('ps', [128, 512]);
  const sc = b.at(5).sbuf('sc', [128, 512]);
  b.at(2).dma(b.view(sa), b.view(aT));
  b.at(3).dma(b.view(sb), b.view(bb));
  b.at(4).matmul(b.view(ps), b.view(sa), b.view(sb));
  b.at(5).tensorCopy(b.view(sc), b.view(ps));
  b.at(6).dma(b.view(c), b.view(sc));
  return b;
}

describe('the profile', () => {
  it('is a valid profile with one event per instruction carrying its source line', () => {
    const b = oneTile();
    const p = simulate(b.instructions, b.storages, 'trn2', { kernel: 'one_tile' });
    assert.ok(isProfile(p));
    assert.equal(p.events.length, 5);
    assert.deepEqual(p.events.map((e) => e.source.line + 1), [2, 3, 4, 5, 6]);
    assert.deepEqual(p.events.map((e) => e.track), ['dma0', 'dma1', 'tensor', 'vector', 'dma0']);
    assert.deepEqual(p.events[2].deps, [0, 1]);
    assert.equal(p.events[2].operands[1].name, 'sa');
    assert.deepEqual(p.inputs.map((i) => i.name), ['a_t', 'b']);
  });

  it('computes FLOPs, bytes, MFU, intensity and the roofline of a known case', () => {
    const b = oneTile();
    const p = simulate(b.instructions, b.storages, 'trn1');
    const s = p.summary;
    // FLOPs = 2 · K · M · N = 2 · 128 · 128 · 512 = 16,777,216
    assert.equal(s.flops, 16_777_216);
    // HBM read: 128·128·2 + 128·512·2 = 163,840 B; written: 128·512·2 = 131,072 B
    assert.deepEqual([s.bytes.hbmRead, s.bytes.hbmWrite], [163_840, 131_072]);
    // Intensity = 16,777,216 / 294,912 = 56.9 FLOP/B
    close(s.arithmeticIntensity, 16_777_216 / 294_912);
    // Peak (trn1, bf16) = 128 · 128 · 2 · 2.8e9 = 91.75 TFLOP/s; memory = min(16 · 17, 820/2) = 272 GB/s
    close(s.peakFlopsPerSecond, 128 * 128 * 2 * 2.8e9);
    close(s.hbmBytesPerSecond, 272e9);
    // Compute 16,777,216 / 91.75e12 = 182.9 ns < memory 294,912 / 272e9 = 1084.2 ns → memory-bound
    assert.equal(s.roofline.bound, 'memory');
    close(s.roofline.attainableNs, (294_912 / 272e9) * 1e9);
    close(s.roofline.slowdown, s.totalNs / ((294_912 / 272e9) * 1e9));
    close(s.mfu, 16_777_216 / (s.totalNs * 1e-9) / (128 * 128 * 2 * 2.8e9));
    // SBUF: DMA writes 32 KiB + 128 KiB, matmul reads both, copy writes 128 KiB, store reads it
    assert.equal(s.bytes.sbuf, 2 * (32_768 + 131_072) + 2 * 131_072);
    // PSUM: written by the matmul (128 · 512 · 4) and read by the copy
    assert.equal(s.bytes.psum, 2 * 262_144);
  });

  it('measures MFU against the fp32 peak when the matmul is fp32', () => {
    const b = oneTile('float32');
    const p = simulate(b.instructions, b.storages, 'trn2');
    // trn2 fp32 peak: 128 · 128 · 2 · 2.4e9 / 4 = 19.66 TFLOP/s
    close(p.summary.peakFlopsPerSecond, (128 * 128 * 2 * 2.4e9) / 4);
  });

  it('reports per-engine busy time and utilisation', () => {
    const b = oneTile();
    const p = simulate(b.instructions, b.storages, 'trn1');
    const tensor = p.summary.engines.find((e) => e.track === 'tensor')!;
    // One matmul: (32 + 512) cycles at 2.8 GHz
    close(tensor.busyNs, (544 / 2.8e9) * 1e9);
    close(tensor.utilisation, tensor.busyNs / p.summary.totalNs);
    assert.equal(tensor.instructions, 1);
    assert.equal(p.summary.engines.find((e) => e.track === 'dma0')!.instructions, 2);
  });

  it('totals time, instructions and DMA bytes per source line', () => {
    const b = wellPipelinedMatmul(4);
    const p = simulate(b.instructions, b.storages, 'trn2');
    const line = (n: number) => p.lines.find((l) => l.line === n - 1)!;
    // 4 blocks × 4 m × 8 k matmuls on line 11; 4 loads of 1 MiB on line 6
    assert.equal(line(11).instructions, 128);
    assert.equal(line(6).bytes, 4 * 1_048_576);
    close(line(11).timeNs, p.events.filter((e) => e.source.line === 10).reduce((s, e) => s + e.durNs, 0));
  });

  it('tracks SBUF and PSUM occupancy from first to last use and names the largest allocations', () => {
    const b = wellPipelinedMatmul(4);
    const p = simulate(b.instructions, b.storages, 'trn2');
    const peak = Math.max(...p.memory.sbuf.map((s) => s.bytesPerPartition));
    // w_t (8 KiB) + at most 2 × b_t (8 KiB) + 2 × c_t (4 KiB) per partition are live at once
    assert.ok(peak <= 8192 + 2 * 8192 + 2 * 4096, `peak ${peak}`);
    assert.ok(peak >= 8192 + 8192 + 4096);
    assert.equal(p.memory.sbuf[p.memory.sbuf.length - 1].bytesPerPartition, 0);
    assert.ok(Math.max(...p.memory.psum.map((s) => s.bytesPerPartition)) <= 2 * 2048 + 2048);
    assert.equal(p.memory.capacity.sbufBytesPerPartition, 224 * 1024);
    assert.ok(p.memory.allocations.some((a) => a.name === 'w_t' && a.bytesPerPartition === 8192 && a.source.line === 2));
  });

  describe('recommendations', () => {
    it('stay silent on a well-pipelined kernel', () => {
      const b = wellPipelinedMatmul();
      for (const target of ['trn2', 'trn3'] as const) {
        const p = simulate(b.instructions, b.storages, target);
        assert.equal(p.summary.bottleneck.kind, 'tensor-bound');
        assert.deepEqual(p.summary.recommendations, [], `${target}: ${JSON.stringify(p.summary.recommendations)}`);
      }
    });

    it('ask for bigger transfers when DMAs move a few hundred bytes per partition', () => {
      // for i in range(32): x = load(inp[i]) of [128, 64] bf16 (128 B per partition); y = exp(x)
      const b = new TraceBuilder();
      const src = b.hbm('inp', [128, 32 * 64]);
      for (let i = 0; i < 32; i++) {
        b.inLoops([['i', i]]);
        const x = b.at(4).sbuf('x', [128, 64], 'bfloat16', 'x@4');
        const y = b.at(5).sbuf('y', [128, 64], 'bfloat16', 'y@5');
        b.at(4).dma(b.view(x), b.view(src, { cols: [i * 64, i * 64 + 64] }));
        b.at(5).activation(b.view(y), b.view(x));
      }
      const p = simulate(b.instructions, b.storages, 'trn2');
      const r = p.summary.recommendations.find((x) => x.message.startsWith('DMA transfers of 128 B per partition'));
      assert.ok(r, JSON.stringify(p.summary.recommendations));
      assert.equal(r.source!.line + 1, 4);
      assert.match(r.message, /load 4 KiB or more per partition \(2048 bfloat16 elements\)/);
      assert.equal(p.summary.bottleneck.kind, 'dma-latency');
    });

    it('point at a load repeated inside a loop and name the loop to hoist it out of', () => {
      // B loaded once; for n in range(8): a = load(a_t) (the same 32 KiB each time); matmul(ps[n], a, B[:, n])
      const b = new TraceBuilder();
      const aT = b.hbm('a_t', [128, 128]);
      const B = b.hbm('b', [128, 4096]);
      const sb = b.at(2).sbuf('sb', [128, 4096]);
      b.at(2).dma(b.view(sb), b.view(B));
      for (let n = 0; n < 8; n++) {
        b.inLoops([['n', n]]);
        const sa = b.at(5).sbuf('sa', [128, 128], 'bfloat16', 'sa@5');
        const ps = b.at(6).psum('ps', [128, 512], 'float32', 'ps@6');
        b.at(5).dma(b.view(sa), b.view(aT));
        b.at(6).matmul(b.view(ps), b.view(sa), b.view(sb, { cols: [n * 512, n * 512 + 512] }));
      }
      const p = simulate(b.instructions, b.storages, 'trn2');
      const r = p.summary.recommendations.find((x) => x.message.includes('loads the same'));
      assert.ok(r, JSON.stringify(p.summary.recommendations));
      assert.match(r.message, /^Tensor Engine idle \d+% of the time waiting on DMA: line 5 loads the same 32 KiB of `a_t` 8 times; hoist the load out of the `n` loop/);
      assert.equal(r.source!.line + 1, 5);
    });

    it('point at a tile allocated once outside the loop that serialises loads and compute', () => {
      const b = new TraceBuilder();
      const src = b.hbm('inp', [128, 8 * 2048]);
      const x = b.at(2).sbuf('x', [128, 2048]);
      for (let i = 0; i < 8; i++) {
        b.inLoops([['i', i]]);
        const y = b.at(6).sbuf('y', [128, 2048], 'bfloat16', 'y@6');
        b.at(5).dma(b.view(x), b.view(src, { cols: [i * 2048, i * 2048 + 2048] }));
        b.at(6).activation(b.view(y), b.view(x));
      }
      const p = simulate(b.instructions, b.storages, 'trn2');
      const r = p.summary.recommendations.find((m) => m.message.includes('allocate the tile inside the loop'));
      assert.ok(r, JSON.stringify(p.summary.recommendations));
      assert.match(r.message, /^Scalar Engine idle \d+% of the time waiting on DMA: the load on line 5 must wait for `x` \(allocated on line 2\) to be released by line 6/);
    });

    it('flag instructions that process one element per partition', () => {
      const b = new TraceBuilder();
      const t = b.sbuf('acc', [128, 1], 'float32');
      for (let i = 0; i < 200; i++) b.inLoops([['i', i]]).at(8).activation(b.view(t), b.view(t));
      const p = simulate(b.instructions, b.storages, 'trn2');
      const r = p.summary.recommendations[0];
      assert.match(r.message, /^200 Scalar Engine instructions on line 8 process only 1 element\(s\) per partition/);
      // each waits for the previous one: 64 busy cycles in every 264, so nothing is saturated
      assert.equal(p.summary.bottleneck.kind, 'latency');
    });

    it('suggest bf16 for fp32 matmuls that keep the Tensor Engine busy', () => {
      const b = new TraceBuilder();
      const w = b.sbuf('w', [128, 128], 'float32');
      const x = b.sbuf('x', [128, 512], 'float32');
      const ps = b.psum('ps', [128, 512]);
      for (let k = 0; k < 64; k++) b.inLoops([['k', k]]).at(9).matmul(b.view(ps), b.view(w), b.view(x), { accumulate: k > 0 });
      const p = simulate(b.instructions, b.storages, 'trn2');
      assert.ok(p.summary.recommendations.some((r) => r.message.startsWith('Matmuls on line 9 take float32 inputs and run in 4 passes')),
        JSON.stringify(p.summary.recommendations));
    });
  });
});
