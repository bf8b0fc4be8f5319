import { strict as assert } from 'node:assert';
import { HARDWARE, assumptionsOf, memoryBytesPerSecondPerCore, tensorPeakFlopsPerSecond, type HwKey } from '../../../simulator/src/perf/hardware/index';
import { LIMIT_FACTS } from '../../../simulator/src/nki/targets';

describe('performance model hardware tables', () => {
  for (const spec of Object.values(HARDWARE)) {
    describe(spec.target, () => {
      it('describes every entry and names the section of the notes it comes from', () => {
        for (const key of Object.keys(spec) as Array<keyof typeof spec>) {
          if (key === 'target' || key === 'ncName') continue;
          const p = spec[key as HwKey];
          assert.ok(Number.isFinite(p.value), `${key} is a number`);
          assert.ok(p.description.length > 10, `${key} has a description`);
          assert.match(p.source, /(trainium-perf|nki-api)\.md §\d/, `${key} names its source section`);
          if (p.assumption !== undefined) assert.ok(p.assumption.length > 10, `${key} explains its assumption`);
        }
      });

      it('labels the numbers the notes do not give as assumptions', () => {
        const keys = assumptionsOf(spec).map((a) => a.key);
        for (const k of ['dmaDescriptorOverheadBytes', 'dmaQueuesModelled', 'tensorDependentIssueCycles', 'syncInstructionNs'] as const) {
          assert.ok(keys.includes(k), `${k} is labelled as an assumption`);
        }
      });

      it('agrees with the target limits table on clocks and memory sizes', () => {
        const t = spec.target;
        assert.equal(spec.tensorClockHz.value, LIMIT_FACTS.tensorEngineClockMHz[t].value * 1e6);
        assert.equal(spec.vectorClockHz.value, LIMIT_FACTS.vectorEngineClockMHz[t].value * 1e6);
        assert.equal(spec.scalarClockHz.value, LIMIT_FACTS.scalarEngineClockMHz[t].value * 1e6);
        assert.equal(spec.gpsimdClockHz.value, LIMIT_FACTS.gpsimdEngineClockMHz[t].value * 1e6);
        assert.equal(spec.sbufBytesPerPartition.value, LIMIT_FACTS.sbufBytesPerPartitionRaw[t].value);
        assert.equal(spec.psumBytesPerPartition.value, LIMIT_FACTS.psumBytesPerPartition[t].value);
        assert.equal(spec.psumBanks.value, LIMIT_FACTS.psumBanks[t].value);
        assert.equal(spec.dmaEnginesPerCore.value, LIMIT_FACTS.dmaEnginesPerCore[t].value);
      });
    });
  }

  it('reproduces the documented per-core TensorE peaks from clock and array size', () => {
    // 128 × 128 PEs × 2 FLOP × 2.8 GHz = 91.75 TFLOPS ("92 TFLOPS" per NC-v2, §1.2)
    assert.ok(Math.abs(tensorPeakFlopsPerSecond(HARDWARE.trn1, 'bfloat16') / 1e12 - 91.75) < 0.01);
    // 128 × 128 × 2 × 2.4 GHz = 78.6 TFLOPS (doc: 79); fp32 is a quarter (doc: 20); fp8 double-row 2x (doc: 158)
    assert.ok(Math.abs(tensorPeakFlopsPerSecond(HARDWARE.trn2, 'bfloat16') / 1e12 - 78.64) < 0.01);
    assert.ok(Math.abs(tensorPeakFlopsPerSecond(HARDWARE.trn2, 'float32') / 1e12 - 19.66) < 0.01);
    assert.ok(Math.abs(tensorPeakFlopsPerSecond(HARDWARE.trn2, 'float8_e4m3') / 1e12 - 157.3) < 0.1);
    // MX quad on NC-v4: 4 × 78.6 = 314.6 (doc: 315)
    assert.ok(Math.abs(tensorPeakFlopsPerSecond(HARDWARE.trn3, 'float8_e4m3fn_x4') / 1e12 - 314.6) < 0.1);
  });

  it('lets a core stream the lower of its DMA engines and its share of HBM', () => {
    // trn1: 16 × 17 GB/s = 272 GB/s < 820 / 2 = 410 GB/s
    assert.equal(memoryBytesPerSecondPerCore(HARDWARE.trn1), 272e9);
    // trn2: 16 × 23 = 368 GB/s > 2.9 TB/s / 8 = 362.5 GB/s
    assert.equal(memoryBytesPerSecondPerCore(HARDWARE.trn2), 362.5e9);
    // trn3: 16 × 33 = 528 GB/s < 4.9 TB/s / 8 = 612.5 GB/s
    assert.equal(memoryBytesPerSecondPerCore(HARDWARE.trn3), 528e9);
  });
});
