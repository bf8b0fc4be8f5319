import { strict as assert } from 'node:assert';
import { HARDWARE } from '../../../simulator/src/perf/hardware/index';
import { simulate } from '../../../simulator/src/perf/profile';
import { close, psumReaders, TraceBuilder, twoMatmuls } from './builder';

/** Expected duration of an HBM→SBUF load of `bytes` over `partitions` partitions (run = bytes per partition). */
function loadNs(target: keyof typeof HARDWARE, bytes: number, partitions = 128): number {
  const s = HARDWARE[target];
  const run = bytes / partitions;
  const eff = run / (run + s.dmaDescriptorOverheadBytes.value);
  const engines = Math.min(16, Math.ceil(partitions / s.dmaPartitionsPerEngine.value));
  const engineNs = bytes / (engines * (s.dmaEngineBytesPerSecond.value / 1e9) * eff);
  const hbmNs = bytes / (s.hbmChipBytesPerSecond.value / s.physicalCoresPerChip.value / 1e9);
  return s.dmaFixedLatencyNs.value + Math.max(engineNs, hbmNs);
}

describe('the scheduler', () => {
  describe('one DMA', () => {
    const expected = {
      // 1300 + 524288 B / (16 engines × 17 B/ns × 4096/(4096+512)) = 1300 + 2168.47
      trn1: 1300 + 524288 / (16 * 17 * (4096 / 4608)),
      // 1300 + 524288 / (16 × 23 × 8/9) = 1300 + 1602.78 (HBM share 362.5 GB/s would take 1446.3)
      trn2: 1300 + 524288 / (16 * 23 * (4096 / 4608)),
      // 1300 + 524288 / (16 × 33 × 8/9) = 1300 + 1117.09
      trn3: 1300 + 524288 / (16 * 33 * (4096 / 4608)),
    };
    for (const target of ['trn1', 'trn2', 'trn3'] as const) {
      it(`takes the fixed cost plus bytes over the engines' bandwidth on ${target}`, () => {
        const b = new TraceBuilder();
        const h = b.hbm('a', [128, 2048]);
        const t = b.sbuf('a_t', [128, 2048]);
        b.at(3).dma(b.view(t), b.view(h));
        const p = simulate(b.instructions, b.storages, target);
        close(p.summary.totalNs, expected[target]);
        close(expected[target], loadNs(target, 524288));
        assert.equal(p.events[0].track, 'dma0');
      });
    }
  });

  describe('one matmul', () => {
    it('runs at full speed on trn1: (32 + 512) then 512 cycles at 2.8 GHz', () => {
      const b = twoMatmuls();
      const p = simulate(b.instructions, b.storages, 'trn1');
      close(p.events[0].durNs, (544 / 2.8e9) * 1e9);
      close(p.events[1].startNs, (544 / 2.8e9) * 1e9);
      close(p.events[1].durNs, (512 / 2.8e9) * 1e9);
    });

    it('starts throttled at 50% on trn2 and ramps up (dI/dt warm-up)', () => {
      const b = twoMatmuls();
      const p = simulate(b.instructions, b.storages, 'trn2');
      // Work W = 544 cycles / 2.4 GHz = 226.67 ns under f(τ) = 0.5 + 0.5 τ/3000:
      // 0.5 τ + τ²/12000 = W → τ = (−6000 + √(36e6 + 48000 W)) / 2 = 423.4 ns
      const w = (544 / 2.4e9) * 1e9;
      const tau = (-6000 + Math.sqrt(36e6 + 48000 * w)) / 2;
      close(p.events[0].durNs, tau, 1e-6);
      // Without the ramp it is the nominal 226.67 ns.
      const flat = simulate(b.instructions, b.storages, 'trn2', { tensorWarmup: false });
      close(flat.events[0].durNs, w);
    });
  });

  describe('TensorE warm-up re-engages when utilisation drops below 50% in a 3 µs window (trn2)', () => {
    /**
     * Bursts of `burst` back-to-back matmuls into PSUM tile `ps`; between bursts ScalarE turns the
     * PSUM result into the next burst's moving tile over `gapCols` columns, so TensorE idles for
     * that activation. Returns the events.
     */
    function bursts(burst: number, gapCols: number, rounds: number) {
      const b = new TraceBuilder();
      const w = b.sbuf('w', [128, 128]);
      let x = b.sbuf('x0', [128, 512]);
      for (let r = 0; r < rounds; r++) {
        const ps = b.psum(`ps${r}`, [128, 512]);
        for (let k = 0; k < burst; k++) b.at(10).matmul(b.view(ps), b.view(w), b.view(x), { accumulate: k > 0 });
        const next = b.sbuf(`x${r + 1}`, [128, 512]);
        b.at(11).activation(b.view(next, { cols: [0, gapCols] }), b.view(ps, { cols: [0, gapCols] }));
        x = next;
      }
      return simulate(b.instructions, b.storages, 'trn2').events;
    }
    /** Idle time before each burst's first matmul, and that matmul's throttled extra time. */
    function gaps(burst: number, gapCols: number, rounds: number) {
      const ev = bursts(burst, gapCols, rounds).filter((e) => e.track === 'tensor');
      const out: Array<{ idle: number; busyBefore: number; throttled: boolean }> = [];
      for (let r = 1; r < rounds; r++) {
        const first = ev[r * burst];
        const prev = ev[r * burst - 1];
        const nominal = (512 / 2.4e9) * 1e9;
        // Busy time of TensorE in the 3 µs before this matmul.
        let busy = 0;
        for (const e of ev) busy += Math.max(0, Math.min(e.startNs + e.durNs, first.startNs) - Math.max(e.startNs, first.startNs - 3000));
        out.push({ idle: first.startNs - (prev.startNs + prev.durNs), busyBefore: busy, throttled: first.durNs > nominal + 1e-6 });
      }
      return out;
    }

    it('does not restart the ramp after a gap that leaves the window at least half busy', () => {
      // 20 matmuls of 213 ns: 4.3 µs busy, so the first ramp is over before each gap.
      for (const g of gaps(20, 1024, 4)) {
        assert.ok(g.idle > 300 && g.busyBefore >= 1500, `a short gap: ${JSON.stringify(g)}`);
        assert.equal(g.throttled, false, JSON.stringify(g));
      }
    });

    it('restarts it after a gap that leaves the window less than half busy', () => {
      for (const g of gaps(20, 8192, 4)) {
        assert.ok(g.busyBefore < 1500, `a long gap: ${JSON.stringify(g)}`);
        assert.equal(g.throttled, true, JSON.stringify(g));
      }
    });

    it('keeps a sparsely used TensorE throttled even when no single gap is long', () => {
      // Bursts of 3 matmuls (~0.6 µs) separated by ~1 µs: no gap reaches 1.5 µs, but the window is
      // only ~40% busy, so the limit re-engages.
      const gs = gaps(3, 1024, 12);
      for (const g of gs) assert.ok(g.idle < 1500, `gaps stay short: ${JSON.stringify(g)}`);
      const late = gs.slice(4);
      assert.ok(late.every((g) => g.busyBefore < 1500), JSON.stringify(late));
      assert.ok(late.every((g) => g.throttled), JSON.stringify(late));
    });
  });

  it('overlaps a pipelined loop of loads with compute: the total is the DMA time, not the sum', () => {
    // for i in range(8): x = load(in[i]) (1 MiB, [128, 4096] bf16); y = exp(x[:, :2048])   (trn1)
    const b = new TraceBuilder();
    const T = 8;
    const src = b.hbm('inp', [128 * T, 4096]);
    for (let i = 0; i < T; i++) {
      b.inLoops([['i', i]]);
      const x = b.at(5).sbuf('x', [128, 4096], 'bfloat16', 'x@5');
      const y = b.at(6).sbuf('y', [128, 2048], 'bfloat16', 'y@6');
      b.at(5).dma(b.view(x), b.view(src, { rows: [128 * i, 128 * (i + 1)] }));
      b.at(6).activation(b.view(y), b.view(x, { cols: [0, 2048] }));
    }
    const p = simulate(b.instructions, b.storages, 'trn1');
    // Each load's data phase: 1 MiB / (16 × 17 B/ns × 8192/8704) = 4096 ns; loads stream back to back on the
    // engine pool after the first fixed cost (1300 ns), since 2-deep rotation lets load i+2 start as soon as
    // exp(i) finishes (5396 + 1605.7 < 9492). Last exp: (200 hand-off + 2048) cycles / 1.4 GHz = 1605.71 ns.
    const data = 1048576 / (16 * 17 * (8192 / 8704));
    const act = ((200 + 2048) / 1.4e9) * 1e9;
    close(p.summary.totalNs, 1300 + T * data + act, 1e-3);
    // Run serially it would take T × (1300 + 4096 + 1605.7) = 56 µs; overlapped, all exps but the last are hidden.
    const serial = T * (1300 + data + act);
    assert.ok(p.summary.totalNs <= serial - (T - 1) * (1300 + act) + 1e-3, 'compute and fixed costs are hidden under the data transfers');
  });

  it('stalls a consumer on its producer through SBUF (RAW) with the dependent-issue hand-off', () => {
    const b = new TraceBuilder();
    const h = b.hbm('a', [128, 512]);
    const t = b.sbuf('t', [128, 512]);
    const u = b.sbuf('u', [128, 512]);
    b.at(2).dma(b.view(t), b.view(h));
    b.at(3).activation(b.view(u), b.view(t));
    const p = simulate(b.instructions, b.storages, 'trn2');
    const act = p.events[1];
    assert.deepEqual(act.deps, [0]);
    // Load: 1300 + 131072 / (16 × 23 × 1024/1536) = 1834.2 ns; the activation starts 200 ScalarE cycles later
    const loadEnd = 1300 + 131072 / (16 * 23 * (1024 / 1536));
    close(act.startNs, loadEnd + (200 / 1.2e9) * 1e9, 1e-6);
    close(act.stallNs, act.startNs);
  });

  it('issues dependent 1-element activations every 264 ScalarE cycles on trn1, as the performance guide measured', () => {
    const b = new TraceBuilder();
    const tiles = Array.from({ length: 6 }, (_, k) => b.sbuf(`t${k}`, [128, 1], 'float32'));
    for (let k = 1; k < tiles.length; k++) b.at(4).activation(b.view(tiles[k]), b.view(tiles[k - 1]));
    const p = simulate(b.instructions, b.storages, 'trn1');
    // MIN_II 64 + hand-off 200 = 264 cycles = 188.57 ns at 1.4 GHz (guide: ~189 ns)
    close(p.events[2].startNs - p.events[1].startNs, (264 / 1.4e9) * 1e9, 1e-6);
  });

  describe('buffer rotation', () => {
    function loop(depth?: number) {
      const b = new TraceBuilder();
      const src = b.hbm('inp', [128 * 3, 512]);
      for (let i = 0; i < 3; i++) {
        b.inLoops([['i', i]]);
        const x = b.at(5).sbuf('x', [128, 512], 'bfloat16', 'x@5');
        const y = b.at(6).sbuf('y', [128, 512], 'bfloat16', 'y@6');
        b.at(5).dma(b.view(x), b.view(src, { rows: [128 * i, 128 * (i + 1)] }));
        b.at(6).activation(b.view(y), b.view(x));
      }
      return simulate(b.instructions, b.storages, 'trn2', depth ? { rotation: { sbuf: depth } } : {});
    }

    it('lets iteration i+1 load while iteration i computes, and makes iteration i+2 wait for it (WAR)', () => {
      const p = loop();
      const [load0, act0, load1, , load2] = p.events;
      assert.deepEqual(load1.deps, []);
      // WAW on the load that filled the buffer, WAR on the exp that read it
      assert.deepEqual(load2.deps, [load0.id, act0.id]);
      close(load2.startNs, act0.startNs + act0.durNs);
      close(load1.startNs, 0);
      assert.equal(load0.startNs, 0);
    });

    it('serialises loads behind compute when the site has a single buffer', () => {
      const p = loop(1);
      const [load0, act0, load1] = p.events;
      assert.deepEqual(load1.deps, [load0.id, act0.id]);
      close(load1.startNs, act0.startNs + act0.durNs);
    });
  });

  describe('PSUM', () => {
    it('accumulates a chain of matmuls into one bank back to back and drains it after the last', () => {
      const b = new TraceBuilder();
      const ps = b.psum('ps', [128, 512]);
      const w = b.sbuf('w', [128, 512]);
      const x = b.sbuf('x', [128, 2048]);
      const o = b.sbuf('o', [128, 512]);
      for (let k = 0; k < 4; k++) {
        b.inLoops([['k', k]]).at(7).matmul(b.view(ps), b.view(w, { cols: [k * 128, k * 128 + 128] }), b.view(x, { cols: [k * 512, k * 512 + 512] }), { accumulate: k > 0 });
      }
      b.inLoops([]).at(8).tensorCopy(b.view(o), b.view(ps));
      const p = simulate(b.instructions, b.storages, 'trn1');
      for (let k = 1; k < 4; k++) {
        assert.deepEqual(p.events[k].deps, []);
        close(p.events[k].startNs, p.events[k - 1].startNs + p.events[k - 1].durNs);
      }
      // (32 + 512) + 3 × 512 cycles at 2.8 GHz, then 200 VectorE cycles hand-off
      const mmEnd = ((544 + 3 * 512) / 2.8e9) * 1e9;
      assert.deepEqual(p.events[4].deps, [3]);
      close(p.events[4].startNs, mmEnd + (200 / 1.12e9) * 1e9);
    });

    function twoReaders(target: 'trn1' | 'trn2', sameBank: boolean) {
      const b = psumReaders(sameBank);
      return simulate(b.instructions, b.storages, target);
    }

    it('serialises VectorE and ScalarE reads of the same PSUM bank on trn2', () => {
      const p = twoReaders('trn2', true);
      // VectorE copy from PSUM (fp32 in, no perf mode): 512 cycles at 0.96 GHz = 533.3 ns
      close(p.events[1].startNs, (512 / 0.96e9) * 1e9);
    });

    it('lets VectorE and ScalarE read different PSUM banks in parallel on trn2', () => {
      const p = twoReaders('trn2', false);
      assert.equal(p.events[1].startNs, 0);
    });

    it('never lets VectorE and ScalarE use PSUM at the same time on trn1', () => {
      const p = twoReaders('trn1', false);
      // 512 VectorE cycles at 1.12 GHz
      close(p.events[1].startNs, (512 / 1.12e9) * 1e9);
    });
  });

  describe('shared HBM bandwidth', () => {
    it('shares one core\'s HBM bandwidth between transfers on different queues', () => {
      // Two HBM→HBM copies of 1 MiB each read and write HBM: 2 MiB of HBM traffic per copy.
      const b = new TraceBuilder();
      const a = b.hbm('a', [512, 1024]);
      const c = b.hbm('c', [512, 1024], 'bfloat16', 'output');
      const d = b.hbm('d', [512, 1024]);
      const e = b.hbm('e', [512, 1024], 'bfloat16', 'output');
      b.at(3).dma(b.view(c), b.view(a));
      b.at(4).dma(b.view(e), b.view(d));
      const p = simulate(b.instructions, b.storages, 'trn2');
      assert.notEqual(p.events[0].track, p.events[1].track);
      assert.equal(p.events[1].startNs, 0);
      // HBM share of a trn2 core: 2.9 TB/s / 8 = 362.5 B/ns. One copy alone: 1300 + 2 MiB / 362.5 = 7085.7 ns
      // (its engines alone would need 1 MiB / (16 × 23 × 1048576/1049088) = 2850.8 ns).
      const hbm = (2 * 1048576) / 362.5;
      close(p.events[0].durNs, 1300 + hbm, 1e-6);
      // Together they queue on the HBM link: the second finishes at 1300 + 2 × 5785.7
      close(p.summary.totalNs, 1300 + 2 * hbm, 1e-6);
    });

    it('gives an LNC pair on trn2 the HBM stack the two physical cores share', () => {
      const b = new TraceBuilder();
      for (const core of [0, 1]) {
        const a = b.hbm(`a${core}`, [512, 1024]);
        const c = b.hbm(`c${core}`, [512, 1024], 'bfloat16', 'output');
        b.onCore(core).at(3).dma(b.view(c), b.view(a));
      }
      const p = simulate(b.instructions, b.storages, 'trn2');
      assert.equal(p.events[1].core, 1);
      // Stack of ~725 GB/s (2 × 362.5) shared: 4 MiB of HBM traffic end at 1300 + 4 MiB / 725 B/ns.
      close(p.summary.totalNs, 1300 + (4 * 1048576) / 725, 1e-6);
      assert.deepEqual(p.summary.engines.filter((e) => e.track === 'dma0').map((e) => e.core), [0, 1]);
    });
  });

  it('reports instructions of unknown shape instead of guessing their cost', () => {
    const b = new TraceBuilder();
    const t = b.sbuf('t', [128, 512]);
    b.at(9).unknownShape('vector', t);
    const p = simulate(b.instructions, b.storages, 'trn2');
    assert.equal(p.events[0].durNs, 0);
    assert.equal(p.events[0].kind, 'unknown-cost');
    assert.equal(p.diagnostics.length, 1);
    assert.equal(p.diagnostics[0].code, 'PERF001');
    assert.equal(p.diagnostics[0].source.line, 8);
  });

  it('is deterministic', () => {
    const b = new TraceBuilder();
    const src = b.hbm('inp', [128 * 4, 512]);
    for (let i = 0; i < 4; i++) {
      const x = b.sbuf('x', [128, 512], 'bfloat16', 'x');
      b.dma(b.view(x), b.view(src, { rows: [128 * i, 128 * i + 128] }));
      b.activation(b.view(x), b.view(x));
    }
    assert.deepEqual(simulate(b.instructions, b.storages, 'trn3'), simulate(b.instructions, b.storages, 'trn3'));
  });
});
