import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describeOutput, parseRunSummary } from '../../../client/src/runSummary';
import { main } from '../../../simulator/src/cli/main';
import { repoRoot } from '../../helpers/lspClient';

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

  it('reads what the real run command prints', async function () {
    this.timeout(30_000);
    const out = new PassThrough();
    let text = '';
    out.on('data', (d) => { text += d; });
    const code = await main(['run', join(repoRoot, 'examples/01_vector_add.py'), '--kernel', 'vector_add', '--out', mkdtempSync(join(tmpdir(), 'nki-run-'))],
      { out, err: new PassThrough() });
    assert.equal(code, 0, text);
    const s = parseRunSummary(text);
    assert.equal(s.outputs.length, 1, text);
    assert.deepEqual([s.outputs[0].dtype, s.outputs[0].shape], ['float32', [256, 1024]]);
    assert.ok(s.outputs[0].min <= s.outputs[0].mean && s.outputs[0].mean <= s.outputs[0].max, text);
    assert.equal(s.outputs[0].nan + s.outputs[0].inf, 0);
  });
});
