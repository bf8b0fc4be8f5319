import { strict as assert } from 'node:assert';
import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { layerCount, modelLayers, positiveInt, qwen3Args, qwen3CommandArgs, seqLength } from '../../../client/src/qwen3Args';
import { cliError } from '../../../client/src/cliProcess';
import { parseCommandLine } from '../../../simulator/src/cli/args';
import { main } from '../../../simulator/src/cli/main';
import { repoRoot } from '../../helpers/lspClient';

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d) => { stdout += d; });
  err.on('data', (d) => { stderr += d; });
  const code = await main(args, { out, err });
  return { code, stdout, stderr };
}

describe('client: qwen3 command line', () => {
  it('builds a command line the CLI parser accepts, with the timing cache', () => {
    const args = qwen3Args({ model: '8b', seq: 2048, batch: 2, layers: 4, attention: { kind: 'kernel', file: '/w/attn.py', kernel: 'flash_fwd' }, target: 'trn2', cache: '/s/qwen3-cache' });
    assert.deepEqual(args, ['qwen3', '--model', '8b', '--layers', '4', '--seq', '2048', '--batch', '2', '--attention', '/w/attn.py:flash_fwd', '--target', 'trn2', '--cache', '/s/qwen3-cache', '--format', 'json']);
    const parsed = parseCommandLine(args);
    assert.ok(parsed.command === 'qwen3' && parsed.cache === '/s/qwen3-cache');
    const all = qwen3Args({ model: '0.6b', seq: 512, batch: 1, attention: { kind: 'flash' }, target: 'trn1' });
    assert.ok(!all.includes('--layers') && !all.includes('--cache'));
    assert.equal(parseCommandLine(all).command, 'qwen3');
  });

  it('validates typed prompt lengths and layer counts as the CLI does', () => {
    assert.equal(positiveInt('512', 1000), 512);
    assert.equal(positiveInt('0', 1000), 'Give a number from 1 to 1000.');
    assert.equal(positiveInt('1.5', 1000), 'Give a whole number.');
    assert.equal(seqLength('1024'), 1024);
    assert.match(String(seqLength('1000')), /multiple of 512/);
    assert.equal(layerCount('', 28), undefined);
    assert.equal(layerCount('0', 28), undefined);
    assert.equal(layerCount('2', 28), 2);
    assert.match(String(layerCount('29', 28)), /1 to 28/);
    assert.equal(modelLayers('8b'), 36);
  });

  it('accepts command arguments that skip the quick picks, and refuses bad ones plainly', () => {
    assert.deepEqual(qwen3CommandArgs(undefined), {});
    assert.deepEqual(qwen3CommandArgs({ model: '0.6b', seq: 512, layers: 1, attention: 'flash' }), { model: '0.6b', seq: 512, layers: 1, attention: 'flash' });
    assert.match(String(qwen3CommandArgs({ model: '7b' })), /model must be one of 0\.6b/);
    assert.match(String(qwen3CommandArgs({ seq: 100 })), /seq: Give a multiple of 512/);
    assert.match(String(qwen3CommandArgs({ attention: 'fast' })), /naive or flash/);
    assert.match(String(qwen3CommandArgs('x')), /expected/);
  });

  it('shows the CLI\'s own message when a user kernel cannot stand in for attention', async function () {
    this.timeout(30_000);
    const args = qwen3Args({ model: '0.6b', seq: 512, batch: 1, layers: 1, attention: { kind: 'kernel', file: join(repoRoot, 'examples/01_vector_add.py'), kernel: 'vector_add' }, target: 'trn2' });
    const r = await cli(args);
    assert.equal(r.code, 1);
    const message = cliError({ code: r.code, stdout: r.stdout, stderr: r.stderr, cancelled: false }, 'qwen3');
    assert.match(message, /^vector_add \(.*01_vector_add\.py\): cannot bind parameter 'a'/);
    assert.doesNotMatch(message, /nki-studio|Usage:/);
  });
});
