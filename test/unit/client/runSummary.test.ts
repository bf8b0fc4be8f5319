import { strict as assert } from 'node:assert';
import { describeOutput, parseRunSummary } from '../../../client/src/runSummary';

describe('client: run summary', () => {
  it('reads each output\'s shape, dtype, statistics and NaN/Inf counts', () => {
    const s = parseRunSummary([
      'k: ran 20 instruction(s) in 12 ms (trace 3 ms)',
      '  output: bfloat16[128, 512] (stored as float32) min -3.5 max 4.25 mean 0.0123 NaN 2 Inf 1 -> /tmp/o/output.npy',
      '  output_1: float32[4] min 0 max 1 mean 0.5 -> /tmp/o/output_1.npy',
      '  warning: read of uninitialised t',
      '  profile -> /tmp/o/profile.json',
    ].join('\n'));
    assert.deepEqual(s.outputs.map((o) => [o.name, o.dtype, o.shape, o.min, o.max, o.mean, o.nan, o.inf]),
      [['output', 'bfloat16', [128, 512], -3.5, 4.25, 0.0123, 2, 1], ['output_1', 'float32', [4], 0, 1, 0.5, 0, 0]]);
    assert.equal(s.outputs[1].file, '/tmp/o/output_1.npy');
    assert.deepEqual(s.warnings, ['read of uninitialised t']);
    assert.equal(describeOutput(s.outputs[0]), 'output: bfloat16[128, 512] min -3.5 max 4.25 mean 0.0123 (2 NaN, 1 Inf)');
  });
});
