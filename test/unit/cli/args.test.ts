import { strict as assert } from 'node:assert';
import { parseCommandLine, UsageError } from '../../../simulator/src/cli/args';

function usageError(argv: string[]): UsageError {
  try {
    parseCommandLine(argv);
  } catch (err) {
    assert.ok(err instanceof UsageError, `expected a UsageError, got ${String(err)}`);
    return err;
  }
  assert.fail(`expected ${argv.join(' ')} to be refused`);
}

describe('CLI argument parsing', () => {
  it('parses check with files, repeated shapes, target, version and format', () => {
    const cmd = parseCommandLine(['check', 'a.py', 'kernels/', '--shape', 'a=float32[256,1024]', '--shape', 'b=bfloat16[128]',
      '--target', 'trn3', '--nki-version', '0.3', '--format', 'json', '--kernel', 'add']);
    assert.deepEqual(cmd, {
      command: 'check', files: ['a.py', 'kernels/'], format: 'json', kernel: 'add', target: 'trn3', nkiVersion: '0.3',
      shapes: [{ arg: 'a', dtype: 'float32', shape: [256, 1024] }, { arg: 'b', dtype: 'bfloat16', shape: [128] }],
    });
  });

  it('defaults the target to trn2, the version to auto and the format to text', () => {
    const cmd = parseCommandLine(['check', 'k.py']);
    assert.equal(cmd.command, 'check');
    if (cmd.command !== 'check') return;
    assert.equal(cmd.target, 'trn2');
    assert.equal(cmd.nkiVersion, 'auto');
    assert.equal(cmd.format, 'text');
  });

  it('parses run inputs with an optional cast dtype', () => {
    const cmd = parseCommandLine(['run', 'k.py', '--kernel', 'mm', '--input', 'x=in/x.npy:bfloat16', '--input', 'y=y.npy', '--seed', '7', '--out', 'o']);
    assert.equal(cmd.command, 'run');
    if (cmd.command !== 'run') return;
    assert.deepEqual(cmd.inputs, [{ arg: 'x', path: 'in/x.npy', dtype: 'bfloat16' }, { arg: 'y', path: 'y.npy', dtype: undefined }]);
    assert.equal(cmd.seed, 7);
    assert.equal(cmd.out, 'o');
  });

  it('parses run comparisons, tolerances, grid, generator, format and scalar arguments', () => {
    const cmd = parseCommandLine(['run', 'k.py', '--kernel', 'k', '--out', 'o', '--compare', 'output=ref.npy', '--rtol', '1e-3', '--atol', '0',
      '--grid', '2,2', '--generate', 'zeros', '--format', 'json', '--arg', 'n=7', '--arg', 'scale=0.125', '--arg', 'causal=True', '--arg', 'start=None',
      '--arg', 'tile=(2, 4)', '--arg', 'mode=fast']);
    if (cmd.command !== 'run') return assert.fail('not a run command');
    assert.deepEqual(cmd.compare, [{ name: 'output', path: 'ref.npy' }]);
    assert.deepEqual([cmd.rtol, cmd.atol, cmd.grid, cmd.generate, cmd.format], [1e-3, 0, [2, 2], 'zeros', 'json']);
    assert.deepEqual(cmd.args, { n: 7, scale: 0.125, causal: true, start: null, tile: [2, 4], mode: 'fast' });
    const plain = parseCommandLine(['run', 'k.py', '--kernel', 'k', '--out', 'o']);
    if (plain.command !== 'run') return assert.fail('not a run command');
    assert.deepEqual([plain.rtol, plain.atol, plain.grid, plain.generate, plain.format, plain.args], [1e-5, 1e-8, [], 'random', 'text', {}]);
  });

  it('parses qwen3 with a FILE:KERNEL attention binding', () => {
    const cmd = parseCommandLine(['qwen3', '--model', '0.6b', '--layers', '4', '--seq', '16384', '--attention', 'my/attn.py:flash_fwd']);
    assert.deepEqual(cmd, {
      command: 'qwen3', model: '0.6b', layers: 4, seq: 16384, batch: 1,
      attention: { file: 'my/attn.py', kernel: 'flash_fwd' }, target: 'trn2', format: 'text',
      replace: 'attention', cache: undefined, traceTimeoutS: 600, out: undefined,
    });
  });

  it('parses the qwen3 replace, cache and trace-timeout options', () => {
    const cmd = parseCommandLine(['qwen3', '--model', '8b', '--seq', '512', '--attention', 'naive', '--replace', 'all', '--cache', 'c', '--trace-timeout', '30', '--out', 'r.json']);
    assert.ok(cmd.command === 'qwen3');
    assert.deepEqual([cmd.replace, cmd.cache, cmd.traceTimeoutS, cmd.out], ['all', 'c', 30, 'r.json']);
  });

  it('accepts a Neuron release as the NKI version', () => {
    const cmd = parseCommandLine(['check', 'k.py', '--nki-version', '2.24']);
    assert.equal(cmd.command === 'check' && cmd.nkiVersion, '2.24');
  });

  it('treats --help after a command as help for that command', () => {
    assert.deepEqual(parseCommandLine(['profile', '--help']), { command: 'help', topic: 'profile' });
  });

  const refusals: Array<[string[], RegExp]> = [
    [[], /no command given/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['check'], /at least one FILE/],
    [['check', 'a.py', '--target', 'trn9'], /--target must be one of trn1, trn2, trn3; got 'trn9'/],
    [['check', 'a.py', '--nki-version', '1.0'], /--nki-version must be one of .* or a Neuron release such as 2.24; got '1.0'/],
    [['check', 'a.py', '--bogus'], /unknown option '--bogus'/],
    [['check', 'a.py', '--shape', 'a=float32[12x4]'], /dimension '12x4' of a is not a whole number/],
    [['check', 'a.py', '--shape', 'float32[1]'], /expected ARG=DTYPE\[D0,D1,...\]/],
    [['run', 'k.py', '--out', 'o'], /missing required option --kernel/],
    [['run', 'k.py', '--kernel', 'k'], /missing required option --out/],
    [['run', 'k.py', '--kernel', 'k', '--out', 'o', '--input', 'x=x.txt'], /--input expects ARG=PATH.npy/],
    [['run', 'k.py', '--kernel', 'k', '--out', 'o', '--seed=-1'], /--seed must be a whole number/],
    [['run', 'k.py', '--kernel', 'k', '--out', 'o', '--seed', '-1'], /option '--seed' argument is ambiguous/],
    [['run', 'k.py', '--kernel', 'k', '--out', 'o', '--compare', 'ref.npy'], /--compare expects NAME=REF.npy/],
    [['run', 'k.py', '--kernel', 'k', '--out', 'o', '--rtol', 'tight'], /--rtol must be a non-negative number/],
    [['run', 'k.py', '--kernel', 'k', '--out', 'o', '--atol=-1'], /--atol must be a non-negative number/],
    [['run', 'k.py', '--kernel', 'k', '--out', 'o', '--grid', '0'], /--grid must be 1 to 3 whole numbers/],
    [['run', 'k.py', '--kernel', 'k', '--out', 'o', '--grid', '2,2,2,2'], /--grid must be 1 to 3 whole numbers/],
    [['run', 'k.py', '--kernel', 'k', '--out', 'o', '--generate', 'noise'], /--generate must be one of random, zeros, ones/],
    [['run', 'k.py', '--kernel', 'k', '--out', 'o', '--arg', '7'], /--arg expects NAME=VALUE/],
    [['profile', '--kernel', 'k'], /give the FILE/],
    [['qwen3', '--model', '3b', '--seq', '10', '--attention', 'flash'], /--model must be one of 0.6b/],
    [['qwen3', '--model', '0.6b', '--seq', '0', '--attention', 'flash'], /--seq must be a whole number of at least 1/],
    [['qwen3', '--model', '0.6b', '--seq', '128', '--attention', 'fast'], /--attention must be naive, flash or FILE.py:KERNEL/],
    [['qwen3', '--model', '0.6b', '--seq', '512', '--attention', 'flash', '--replace', 'some'], /--replace must be one of attention, all/],
  ];
  for (const [argv, message] of refusals) {
    it(`refuses \`${argv.join(' ') || '(nothing)'}\` with a clear message`, () => {
      assert.match(usageError(argv).message, message);
    });
  }
});
