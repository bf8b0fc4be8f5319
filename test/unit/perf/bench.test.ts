import { strict as assert } from 'node:assert';
import { formatPerfBench, runPerfBench, tiledMatmulTrace } from '../../../simulator/src/perf/bench';
import { simulate } from '../../../simulator/src/perf/profile';

describe('the performance-model benchmark', () => {
  it('builds the tutorial tiled matmul with 3·k + 2 instructions per output tile', () => {
    const t = tiledMatmulTrace(2, 3, 4);
    assert.equal(t.instructions.length, 2 * 3 * (3 * 4 + 2));
    const p = simulate(t.instructions, t.storages, 'trn2');
    // 2 · M · N · K = 2 · 256 · 1536 · 512
    assert.equal(p.summary.flops, 2 * 256 * 1536 * 512);
  });

  it('reports instructions per second', () => {
    const r = runPerfBench({ approxInstructions: 2000, runs: 1 });
    assert.ok(r.instructions > 1000 && r.simulateMs > 0 && r.scheduleMs > 0 && r.objectsMs > 0 && r.jsonBytes > 0);
    assert.match(formatPerfBench(r), /simulate on the encoded stream \d+ ms = [\d.]+ M instr\/s/);
  });
});
