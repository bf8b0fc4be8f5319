import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { positiveInt, qwen3Args, qwen3Failure } from '../../../client/src/qwen3Args';
import { parseCommandLine } from '../../../simulator/src/cli/args';
import { main } from '../../../simulator/src/cli/main';

describe('client: qwen3 command line', () => {
  it('builds a command line the CLI parser accepts', () => {
    const args = qwen3Args({ model: '8b', seq: 2048, batch: 2, layers: 4, attention: { kind: 'kernel', file: '/w/attn.py', kernel: 'flash_fwd' }, target: 'trn2' });
    assert.deepEqual(args, ['qwen3', '--model', '8b', '--layers', '4', '--seq', '2048', '--batch', '2', '--attention', '/w/attn.py:flash_fwd', '--target', 'trn2', '--format', 'json']);
    const parsed = parseCommandLine(args);
    assert.equal(parsed.command, 'qwen3');
    const all = qwen3Args({ model: '0.6b', seq: 128, batch: 1, attention: { kind: 'flash' }, target: 'trn1' });
    assert.ok(!all.includes('--layers'));
    assert.equal(parseCommandLine(all).command, 'qwen3');
  });

  it('validates numbers typed for the prompt length', () => {
    assert.equal(positiveInt('512', 1000), 512);
    assert.equal(positiveInt('0', 1000), 'Give a number from 1 to 1000.');
    assert.equal(positiveInt('1.5', 1000), 'Give a whole number.');
  });

  it('turns the CLI\'s failure into a plain message', async () => {
    const err = new PassThrough();
    let text = '';
    err.on('data', (d) => { text += d; });
    const code = await main(qwen3Args({ model: '0.6b', seq: 128, batch: 1, layers: 1, attention: { kind: 'naive' }, target: 'trn2' }), { out: new PassThrough(), err });
    if (code === 0) return; // the qwen3 command exists: nothing to translate
    assert.ok(qwen3Failure(text).length > 0);
    if (/not available yet/.test(text)) assert.equal(qwen3Failure(text), 'Qwen3 speedups are not available yet.');
  });
});
