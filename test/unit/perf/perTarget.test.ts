import { strict as assert } from 'node:assert';
import { simulate } from '../../../simulator/src/perf/profile';
import { close, psumReaders, TraceBuilder, twoMatmuls } from './builder';

/**
 * Hand-computed timings for the targets engine.test.ts does not cover for each basic case (one
 * matmul on trn3; a pipelined loop on trn2 and trn3; a dependency stall on trn1 and trn3; a PSUM
 * bank conflict on trn3). Numbers from the hardware tables (trainium-perf.md): DMA fixed cost
 * 1300 ns, 16 engines at 17/23/33 B/ns, efficiency run / (run + 512 B); hand-off 200 engine
 * cycles; ScalarE 1.4/1.2/1.2 GHz, VectorE 1.12/0.96/1.2 GHz, TensorE 2.8/2.4/2.4 GHz.
 */
describe('hand-computed timings per target', () => {
  describe('one matmul on trn3', () => {
    it('takes (32 + 512) then 512 cycles at 2.4 GHz without the warm-up ramp', () => {
      const b = twoMatmuls();
      const p = simulate(b.instructions, b.storages, 'trn3', { tensorWarmup: false });
      // LoadStationary max(128, 64) / 4 = 32 cycles + MultiplyMoving 512 cycles = 544 cycles = 226.67 ns;
      // the second matmul's LoadStationary hides behind the first: 512 cycles = 213.33 ns.
      close(p.events[0].durNs, (544 / 2.4e9) * 1e9);
      close(p.events[1].startNs, (544 / 2.4e9) * 1e9);
      close(p.events[1].durNs, (512 / 2.4e9) * 1e9);
    });

    it('starts at 50% throughput and ramps over 3 µs (dI/dt warm-up, as on trn2)', () => {
      const b = twoMatmuls();
      const p = simulate(b.instructions, b.storages, 'trn3');
      // W = 226.67 ns of work under f(τ) = 0.5 + 0.5 τ / 3000: 0.5 τ + τ² / 12000 = W
      // → τ = (−6000 + √(36e6 + 48000 W)) / 2 = 423.4 ns.
      const w = (544 / 2.4e9) * 1e9;
      close(p.events[0].durNs, (-6000 + Math.sqrt(36e6 + 48000 * w)) / 2);
    });
  });

  describe('a pipelined loop: loads overlap compute', () => {
    // for i in range(8): x = load(inp[i]) (2 MiB: [128, 8192] bf16, 16 KiB runs); y = exp(x[:, :2048])
    // Load data phase D = 2 MiB / (16 engines × rate × 16384/16896); the first load also pays the
    // 1300 ns fixed cost; later loads' fixed costs and all exps but the last hide under the data of
    // the loads before them, because exp(i) + 1300 ≤ D (two-deep rotation: load i+2 waits for exp i).
    // Last exp: (200 hand-off + 2048) ScalarE cycles after the last load. Total = 1300 + 8 D + exp.
    const cases = {
      // D = 2097152 / (16 × 23 × 0.96970) = 5876.8 ns (HBM share 2.9 TB/s / 8 = 362.5 B/ns: 5785.2 ns, not limiting);
      // exp = 2248 / 1.2 GHz = 1873.3 ns; 1873.3 + 1300 ≤ 5876.8.
      trn2: { rate: 23, scalarHz: 1.2e9 },
      // D = 2097152 / (16 × 33 × 0.96970) = 4096.0 ns (HBM share 612.5 B/ns: 3423.9 ns); exp = 1873.3 ns.
      trn3: { rate: 33, scalarHz: 1.2e9 },
    };
    for (const [target, c] of Object.entries(cases) as Array<['trn2' | 'trn3', { rate: number; scalarHz: number }]>) {
      it(`costs the DMA time plus one exp on ${target}, not the sum of both`, () => {
        const b = new TraceBuilder();
        const T = 8;
        const src = b.hbm('inp', [128 * T, 8192]);
        for (let i = 0; i < T; i++) {
          b.inLoops([['i', i]]);
          const x = b.at(5).sbuf('x', [128, 8192], 'bfloat16', 'x@5');
          const y = b.at(6).sbuf('y', [128, 2048], 'bfloat16', 'y@6');
          b.at(5).dma(b.view(x), b.view(src, { rows: [128 * i, 128 * (i + 1)] }));
          b.at(6).activation(b.view(y), b.view(x, { cols: [0, 2048] }));
        }
        const p = simulate(b.instructions, b.storages, target);
        const data = 2097152 / (16 * c.rate * (16384 / 16896));
        const exp = ((200 + 2048) / c.scalarHz) * 1e9;
        close(p.summary.totalNs, 1300 + T * data + exp, 1e-3);
        // Serially: 8 × (1300 + D + exp); overlapped, 7 fixed costs and 7 exps are hidden.
        assert.ok(p.summary.totalNs < T * (1300 + data + exp) - (T - 1) * (1300 + exp) + 1e-3);
      });
    }
  });

  describe('a dependency stall (RAW through SBUF)', () => {
    // load t ([128, 512] bf16 = 131072 B, 1 KiB runs: efficiency 1024/1536), then exp(t):
    // the exp waits for the load's end plus the 200-cycle ScalarE hand-off.
    const cases = {
      // 1300 + 131072 / (16 × 17 × 2/3) = 1300 + 722.82 ns; hand-off 200 / 1.4 GHz = 142.86 ns
      trn1: { rate: 17, scalarHz: 1.4e9 },
      // 1300 + 131072 / (16 × 33 × 2/3) = 1300 + 372.36 ns; hand-off 200 / 1.2 GHz = 166.67 ns
      trn3: { rate: 33, scalarHz: 1.2e9 },
    };
    for (const [target, c] of Object.entries(cases) as Array<['trn1' | 'trn3', { rate: number; scalarHz: number }]>) {
      it(`starts the consumer at the producer's end plus the hand-off on ${target}`, () => {
        const b = new TraceBuilder();
        const h = b.hbm('a', [128, 512]);
        const t = b.sbuf('t', [128, 512]);
        const u = b.sbuf('u', [128, 512]);
        b.at(2).dma(b.view(t), b.view(h));
        b.at(3).activation(b.view(u), b.view(t));
        const p = simulate(b.instructions, b.storages, target);
        const act = p.events[1];
        assert.deepEqual(act.deps, [0]);
        const loadEnd = 1300 + 131072 / (16 * c.rate * (1024 / 1536));
        close(p.events[0].durNs, loadEnd);
        close(act.startNs, loadEnd + (200 / c.scalarHz) * 1e9);
        close(act.stallNs, act.startNs);
      });
    }
  });

  describe('a PSUM bank conflict on trn3', () => {
    function twoReaders(sameBank: boolean) {
      const b = psumReaders(sameBank);
      return simulate(b.instructions, b.storages, 'trn3');
    }

    it('makes ScalarE wait for VectorE to release the bank they share', () => {
      const p = twoReaders(true);
      // VectorE copy from PSUM (fp32 input: no 16-bit mode) = 512 cycles at 1.2 GHz = 426.67 ns
      close(p.events[1].startNs, (512 / 1.2e9) * 1e9);
    });

    it('lets them run in parallel on different banks', () => {
      assert.equal(twoReaders(false).events[1].startNs, 0);
    });
  });
});
