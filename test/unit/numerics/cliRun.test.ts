import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { float32Npy, readNpy, writeNpy, type NpyArray } from '../../../simulator/src/io/npy';
import { npyValues } from '../../../simulator/src/io/tensors';
import { data } from './harness';

const root = join(__dirname, '../../../..');
const cli = join(root, 'dist/cli.js');
const add = join(root, 'examples/01_vector_add.py');

function cliRun(args: string[]) {
  return spawnSync(process.execPath, [cli, 'run', ...args], { encoding: 'utf8' });
}

function save(dir: string, name: string, npy: NpyArray): string {
  const p = join(dir, name);
  writeFileSync(p, writeNpy(npy));
  return p;
}

describe('numerics: nki-studio run --compare, --grid, --format json, --generate', function () {
  this.timeout(60000);
  let dir: string;
  let a: number[];
  let b: number[];
  let aPath: string;
  let bPath: string;
  before(function () {
    if (!existsSync(cli)) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'nki-cli-run-'));
    a = data(256 * 1024, 21);
    b = data(256 * 1024, 22);
    aPath = save(dir, 'a.npy', float32Npy([256, 1024], a));
    bPath = save(dir, 'b.npy', float32Npy([256, 1024], b));
  });
  const inputs = () => ['--input', `a=${aPath}`, '--input', `b=${bPath}`];

  it('passes a comparison with an independent reference and reports the errors as a table', () => {
    const ref = save(dir, 'ref.npy', float32Npy([256, 1024], a.map((x, i) => x + b[i])));
    const r = cliRun([add, '--kernel', 'vector_add', ...inputs(), '--compare', `output=${ref}`, '--rtol', '1e-6', '--atol', '1e-6', '--out', join(dir, 'o1')]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /output\s+max abs err\s+max rel err\s+allclose|max abs err/);
    assert.match(r.stdout, /\byes\b/);
  });

  it('exits 1 on a mismatch and names the first differing element', () => {
    const wrong = a.map((x, i) => x + b[i]);
    wrong[1029] += 0.5;
    const ref = save(dir, 'wrong.npy', float32Npy([256, 1024], wrong));
    const r = cliRun([add, '--kernel', 'vector_add', ...inputs(), '--compare', `output=${ref}`, '--out', join(dir, 'o2')]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /NO \(1 of 262144\)/);
    assert.match(r.stdout, /first at flat index 1029/);
    assert.match(r.stdout, /MISMATCH/);
  });

  it('prints a per-output JSON summary with statistics and the comparison', () => {
    const sum = a.map((x, i) => x + b[i]);
    const ref = save(dir, 'ref2.npy', float32Npy([256, 1024], sum));
    const r = cliRun([add, '--kernel', 'vector_add', ...inputs(), '--compare', `output=${ref}`, '--format', 'json', '--out', join(dir, 'o3')]);
    assert.equal(r.status, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.ok, true);
    assert.equal(s.outputs.length, 1);
    const o = s.outputs[0];
    assert.deepEqual([o.name, o.shape, o.dtype, o.nan, o.inf], ['output', [256, 1024], 'float32', 0, 0]);
    const f32 = sum.map(Math.fround);
    assert.equal(o.min, f32.reduce((x, y) => Math.min(x, y)));
    assert.equal(o.max, f32.reduce((x, y) => Math.max(x, y)));
    assert.ok(Math.abs(o.mean - f32.reduce((x, y) => x + y, 0) / f32.length) < 1e-9);
    assert.equal(o.comparison.allclose, true);
    assert.ok(o.comparison.maxAbsError <= 1e-6);
  });

  it('reports a failed run as JSON with ok false and exit status 1', () => {
    const r = cliRun([add, '--kernel', 'nope', '--format', 'json', '--out', join(dir, 'o4')]);
    assert.equal(r.status, 1);
    const s = JSON.parse(r.stdout);
    assert.equal(s.ok, false);
    assert.match(s.error, /no kernel named 'nope'/);
  });

  it('rejects a comparison naming no output, or of the wrong shape, with a clear message', () => {
    const ref = save(dir, 'small.npy', float32Npy([2, 2], [1, 2, 3, 4]));
    let r = cliRun([add, '--kernel', 'vector_add', ...inputs(), '--compare', `result=${ref}`, '--out', join(dir, 'o5')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--compare result: the kernel's outputs are output/);
    r = cliRun([add, '--kernel', 'vector_add', ...inputs(), '--compare', `output=${ref}`, '--out', join(dir, 'o5')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /the reference has shape \[2, 2\], the output \[256, 1024\]/);
    r = cliRun([add, '--kernel', 'vector_add', '--compare', `output=${join(dir, 'missing.npy')}`, '--out', join(dir, 'o5')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--compare output=.*missing\.npy/);
  });

  it('generates zeros or ones for inputs without a .npy', () => {
    const r = cliRun([add, '--kernel', 'vector_add', '--generate', 'ones', '--format', 'json', '--out', join(dir, 'o6')]);
    assert.equal(r.status, 0, r.stderr);
    const o = JSON.parse(r.stdout).outputs[0];
    assert.deepEqual([o.min, o.max], [2, 2]);
    const z = JSON.parse(cliRun([add, '--kernel', 'vector_add', '--generate', 'zeros', '--format', 'json', '--out', join(dir, 'o7')]).stdout).outputs[0];
    assert.deepEqual([z.min, z.max], [0, 0]);
  });

  it('passes --arg values to the kernel\'s non-tensor parameters', () => {
    const file = join(dir, 'scaled.py');
    writeFileSync(file, [
      'import nki', 'import nki.isa as nisa', 'import nki.language as nl', '', '',
      '# nki-studio: shapes a=float32[128,8]', '@nki.jit', 'def scaled(a, factor):',
      '    out = nl.ndarray((128, 8), dtype=nl.float32, buffer=nl.shared_hbm)',
      '    t = nl.ndarray((128, 8), dtype=nl.float32, buffer=nl.sbuf)',
      '    nisa.dma_copy(dst=t, src=a)',
      '    nisa.tensor_scalar(dst=t, data=t, op0=nl.multiply, operand0=factor)',
      '    nisa.dma_copy(dst=out, src=t)',
      '    return out', '',
    ].join('\n'));
    const r = cliRun([file, '--kernel', 'scaled', '--generate', 'ones', '--arg', 'factor=3', '--format', 'json', '--out', join(dir, 'o10')]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const o = JSON.parse(r.stdout).outputs[0];
    assert.deepEqual([o.min, o.max], [3, 3]);
  });

  it('--grid runs every program instance of an SPMD launch', () => {
    const spmd = join(root, 'test/fixtures/numerics/spmd_add.py');
    const one = JSON.parse(cliRun([spmd, '--kernel', 'spmd_add', '--format', 'json', '--out', join(dir, 'o8')]).stdout);
    assert.equal(one.instances, 1);
    assert.ok(one.outputs[0].nan > 0, 'a single program leaves most of the output unwritten');
    const r = cliRun([spmd, '--kernel', 'spmd_add', '--grid', '2,2', '--format', 'json', '--out', join(dir, 'o9')]);
    assert.equal(r.status, 0, r.stderr);
    const all = JSON.parse(r.stdout);
    assert.equal(all.instances, 4);
    assert.equal(all.outputs[0].nan, 0);
    const out = npyValues(readNpy(new Uint8Array(readFileSync(join(dir, 'o9', 'output.npy')))));
    assert.ok(out.every((v) => Number.isFinite(v)));
  });
});
