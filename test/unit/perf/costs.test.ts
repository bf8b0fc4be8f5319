import { strict as assert } from 'node:assert';
import { costModelFor, dmaRunEfficiency, instructionCost, throttledDurationNs, type TensorContext } from '../../../simulator/src/perf/costs';
import { HARDWARE } from '../../../simulator/src/perf/hardware/index';
import { TraceBuilder } from './builder';

const fresh: TensorContext = { prevWasMatmul: false, prevWasTranspose: false };
const afterMatmul: TensorContext = { prevWasMatmul: true, prevWasTranspose: false };

function costOf(b: TraceBuilder, target: keyof typeof HARDWARE, ctx: TensorContext = fresh, index = b.instructions.length - 1) {
  const byId = new Map(b.storages.map((s) => [s.id, s]));
  return instructionCost(b.instructions[index], (id) => byId.get(id), costModelFor(HARDWARE[target]), ctx);
}

const close = (actual: number, expected: number, tol = 1e-6) =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} ≈ ${expected}`);

describe('instruction costs', () => {
  describe('Tensor Engine', () => {
    function matmul(dtype = 'bfloat16', n = 512, m = 128) {
      const b = new TraceBuilder();
      const ps = b.psum('ps', [m, n]);
      const st = b.sbuf('w', [128, m], dtype);
      const mv = b.sbuf('x', [128, n], dtype);
      b.matmul(b.view(ps), b.view(st), b.view(mv));
      return b;
    }

    for (const target of ['trn1', 'trn2', 'trn3'] as const) {
      it(`prices a first bf16 matmul on ${target} as LoadStationary plus MultiplyMoving`, () => {
        const s = HARDWARE[target];
        const c = costOf(matmul(), target);
        // LS = max(128, 64) / 4 = 32 cycles; MM = max(512, 64) = 512 cycles; not hidden: 544 cycles
        const cycles = Math.max(128, s.tensorMatmulMinCycles.value) / s.tensorLoadStationarySpeedup.value + Math.max(512, s.tensorMatmulMinCycles.value);
        assert.equal(cycles, 544);
        close(c.durationNs, (cycles / s.tensorClockHz.value) * 1e9);
        // 2 · K · M · N = 2 · 128 · 128 · 512
        assert.equal(c.flops, 2 * 128 * 128 * 512);
      });
    }

    it('hides the LoadStationary behind the previous matmul (background load)', () => {
      const s = HARDWARE.trn1;
      // max(MM 512, LS 32) = 512 cycles at 2.8 GHz = 182.86 ns
      close(costOf(matmul(), 'trn1', afterMatmul).durationNs, (512 / s.tensorClockHz.value) * 1e9);
    });

    it('charges the 64-cycle minimum to a matmul with a short moving free size', () => {
      // moving N = 16 → max(16, 64) = 64 cycles; LS = 32 hidden
      close(costOf(matmul('bfloat16', 16), 'trn2', afterMatmul).durationNs, (64 / 2.4e9) * 1e9);
    });

    it('runs fp32 matmuls in four passes', () => {
      // (32 + 512) cycles × 4 passes = 2176 cycles at 2.8 GHz
      const c = costOf(matmul('float32'), 'trn1');
      close(c.durationNs, (544 * HARDWARE.trn1.tensorFp32PassFactor.value / 2.8e9) * 1e9);
      close(c.fp32ExtraNs, (544 * 3 / 2.8e9) * 1e9);
      assert.equal(c.matmulDtype, 'float32');
    });

    it('prices a TensorE transpose at max(P, min(64, F)) cycles, fp32 twice as fast on trn2 as on trn1', () => {
      const mk = (dtype: string) => {
        const b = new TraceBuilder();
        const src = b.sbuf('x', [128, 96], dtype);
        const dst = b.psum('xt', [96, 128], dtype);
        b.transpose(b.view(dst), b.view(src));
        return b;
      };
      // bf16: max(128, min(64, 96)) = 128 cycles
      close(costOf(mk('bfloat16'), 'trn2').durationNs, (128 / 2.4e9) * 1e9);
      // fp32: trn1 4 passes (matmul by identity) = 512 cycles; trn2 transpose mode 2 passes = 256 cycles
      close(costOf(mk('float32'), 'trn1').durationNs, (512 / 2.8e9) * 1e9);
      close(costOf(mk('float32'), 'trn2').durationNs, (256 / 2.4e9) * 1e9);
      // trn3 background transpose: a transpose after a transpose takes half (128 / 2 cycles)
      close(costOf(mk('bfloat16'), 'trn3', { prevWasMatmul: false, prevWasTranspose: true }).durationNs, (64 / 2.4e9) * 1e9);
    });
  });

  describe('Vector, Scalar and GpSimd engines', () => {
    it('prices a two-input tensor_tensor at 2N cycles and a one-input copy at N on trn1', () => {
      const b = new TraceBuilder();
      const x = b.sbuf('x', [128, 1024], 'float32');
      const y = b.sbuf('y', [128, 1024], 'float32');
      b.tensorTensor(b.view(y), b.view(x), b.view(x), 'maximum');
      b.tensorCopy(b.view(y), b.view(x));
      // 2 × 1024 cycles at 1.12 GHz; 1024 cycles at 1.12 GHz
      close(costOf(b, 'trn1', fresh, 0).durationNs, (2048 / 1.12e9) * 1e9);
      close(costOf(b, 'trn1', fresh, 1).durationNs, (1024 / 1.12e9) * 1e9);
    });

    it('applies the trn2 VectorE 4x mode to a contiguous bf16 SBUF copy but not to fp32', () => {
      const b = new TraceBuilder();
      const x = b.sbuf('x', [128, 2048], 'bfloat16');
      const y = b.sbuf('y', [128, 2048], 'bfloat16');
      const z = b.sbuf('z', [128, 2048], 'float32');
      b.tensorCopy(b.view(y), b.view(x));
      b.tensorCopy(b.view(z), b.view(x));
      // 2048 / 4 = 512 VectorE cycles at 0.96 GHz; fp32 output: 2048 cycles
      const fast = costOf(b, 'trn2', fresh, 0);
      assert.equal(fast.perfMode, 4);
      close(fast.durationNs, (512 / 0.96e9) * 1e9);
      close(costOf(b, 'trn2', fresh, 1).durationNs, (2048 / 0.96e9) * 1e9);
      // no perf modes on trn1: 2048 cycles at 1.12 GHz
      close(costOf(b, 'trn1', fresh, 0).durationNs, (2048 / 1.12e9) * 1e9);
    });

    it('charges the 64-cycle MIN_II to tiny instructions', () => {
      const b = new TraceBuilder();
      const x = b.sbuf('x', [128, 1], 'float32');
      b.activation(b.view(x), b.view(x));
      const c = costOf(b, 'trn1');
      // max(64, 1) = 64 ScalarE cycles at 1.4 GHz, 63 of them overhead
      close(c.durationNs, (64 / 1.4e9) * 1e9);
      close(c.overheadNs, (63 / 1.4e9) * 1e9);
    });

    it('adds the GpSimd start cost', () => {
      const b = new TraceBuilder();
      const x = b.sbuf('x', [128, 512], 'float32');
      b.tensorCopy(b.view(x), b.view(x), 'gpsimd');
      // 150 + 512 cycles at 1.2 GHz
      close(costOf(b, 'trn2').durationNs, ((150 + 512) / 1.2e9) * 1e9);
    });

    it('halves the access bandwidth for an innermost stride above 16 bytes', () => {
      const b = new TraceBuilder();
      const x = b.sbuf('x', [128, 4096], 'float32');
      const y = b.sbuf('y', [128, 512], 'float32');
      const strided = { ...b.view(x), shape: [128, 512], strides: [4096, 8] }; // 32-byte stride
      b.tensorCopy(b.view(y), strided);
      // 512 cycles × 2 at 1.12 GHz
      close(costOf(b, 'trn1').durationNs, ((512 * 2) / 1.12e9) * 1e9);
    });
  });

  describe('DMA', () => {
    it('loses efficiency on short contiguous runs: run / (run + 512 B)', () => {
      const s = HARDWARE.trn2;
      assert.equal(s.dmaDescriptorOverheadBytes.value, 512);
      close(dmaRunEfficiency(256, s), 256 / 768);
      close(dmaRunEfficiency(4096, s), 4096 / 4608);
    });

    it('spreads a 128-partition transfer over all 16 engines and a 4-partition one over a single engine', () => {
      const b = new TraceBuilder();
      const h = b.hbm('h', [128, 4096]);
      const t = b.sbuf('t', [128, 4096]);
      b.dma(b.view(t), b.view(h));
      b.dma(b.view(t, { rows: [0, 4] }), b.view(h, { rows: [0, 4] }));
      assert.equal(costOf(b, 'trn2', fresh, 0).dma!.enginesUsed, 16);
      // [4, 4096] bf16: one engine moves 32 KiB (DMA-intro example)
      const small = costOf(b, 'trn2', fresh, 1).dma!;
      assert.equal(small.enginesUsed, 1);
      assert.equal(small.bytes, 32 * 1024);
    });

    it('counts HBM bytes read and written', () => {
      const b = new TraceBuilder();
      const h = b.hbm('h', [128, 512]);
      const o = b.hbm('o', [128, 512], 'bfloat16', 'output');
      const t = b.sbuf('t', [128, 512]);
      b.dma(b.view(t), b.view(h));
      b.dma(b.view(o), b.view(t));
      assert.equal(costOf(b, 'trn1', fresh, 0).dma!.hbmReadBytes, 128 * 512 * 2);
      assert.equal(costOf(b, 'trn1', fresh, 1).dma!.hbmWriteBytes, 128 * 512 * 2);
    });
  });

  describe('TensorE warm-up ramp', () => {
    it('solves the linear ramp from 50% to full throughput', () => {
      // f(τ) = 0.5 + 0.5 τ / 3000. Work 226.67 ns from τ = 0: 0.5 τ + τ² / 12000 = W → τ = (−6000 + √(36e6 + 48000 W)) / 2
      const w = (544 / 2.4e9) * 1e9;
      close(throttledDurationNs(w, 0, 3000, 0.5), (-6000 + Math.sqrt(36e6 + 48000 * w)) / 2);
      // The 3000 ns ramp delivers 0.5·3000 + 3000²/12000 = 2250 ns of work; the other 750 ns run at full speed
      close(throttledDurationNs(3000, 0, 3000, 0.5), 3000 + (3000 - 2250));
      close(throttledDurationNs(100, 5000, 3000, 0.5), 100);
    });
  });
});
