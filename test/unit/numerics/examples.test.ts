import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { float32Npy, readNpy, writeNpy } from '../../../simulator/src/io/npy';
import { compareValues } from '../../../simulator/src/numerics/compare';
import { runKernel, RunError, type RunResult } from '../../../simulator/src/numerics/run';
import { bf16, data } from './harness';

const root = join(__dirname, '../../../..');
const example = (name: string) => join(root, 'examples', name);

async function run(file: string, kernel: string, inputs: Record<string, { shape: number[]; values: number[] }>, extra: { cast?: Record<string, string> } = {}): Promise<RunResult> {
  const path = example(file);
  return runKernel({
    path, text: readFileSync(path, 'utf8'), kernel, seed: 1,
    inputs: Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, { npy: float32Npy(v.shape, v.values), dtype: extra.cast?.[k] }])),
  });
}

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number): void {
  const c = compareValues(actual, expected, rtol, atol);
  assert.ok(c.allclose, `max abs error ${c.maxAbsError}, max rel ${c.maxRelError}, ${c.mismatches} mismatches, first ${JSON.stringify(c.firstMismatch)}`);
}

/** Float64 references, written independently of the simulator. */
const ref = {
  softmaxRows(x: number[], rows: number, cols: number): number[] {
    const out: number[] = [];
    for (let r = 0; r < rows; r++) {
      const row = x.slice(r * cols, (r + 1) * cols);
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      out.push(...e.map((v) => v / s));
    }
    return out;
  },
  rmsnorm(x: number[], w: number[], rows: number, cols: number, eps: number): number[] {
    const out: number[] = [];
    for (let r = 0; r < rows; r++) {
      const row = x.slice(r * cols, (r + 1) * cols);
      const rms = Math.sqrt(row.reduce((a, v) => a + v * v, 0) / cols + eps);
      out.push(...row.map((v, j) => (v / rms) * w[j]));
    }
    return out;
  },
  /** softmax(q @ k.T / sqrt(d)) @ v with q_t, k_t given as [d, S]. */
  attention(qT: number[], kT: number[], v: number[], d: number, S: number): number[] {
    const scores: number[] = [];
    for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) {
      let s = 0;
      for (let k = 0; k < d; k++) s += qT[k * S + i] * kT[k * S + j];
      scores.push(s / Math.sqrt(d));
    }
    const p = ref.softmaxRows(scores, S, S);
    const out: number[] = [];
    for (let i = 0; i < S; i++) for (let c = 0; c < d; c++) {
      let s = 0;
      for (let j = 0; j < S; j++) s += p[i * S + j] * v[j * d + c];
      out.push(s);
    }
    return out;
  },
};

describe('numerics: example kernels end to end', function () {
  this.timeout(60000);

  it('01_vector_add adds two tensors exactly', async () => {
    const a = data(256 * 1024, 1); const b = data(256 * 1024, 2);
    const r = await run('01_vector_add.py', 'vector_add', { a: { shape: [256, 1024], values: a }, b: { shape: [256, 1024], values: b } });
    assert.deepEqual(r.outputs.map((o) => [o.name, o.dtype, o.shape]), [['output', 'float32', [256, 1024]]]);
    assertClose(r.outputs[0].values, a.map((x, i) => Math.fround(x + b[i])), 0, 0);
    assert.deepEqual(r.uninitialisedReads, []);
  });

  it('02_matmul_tiled matches a float64 matmul of the bf16 inputs, rounded to bf16', async () => {
    const [K, M, N] = [1024, 128, 512];
    const a = data(K * M, 3); const b = data(K * N, 4);
    const r = await run('02_matmul_tiled.py', 'matmul_tiled', { lhsT: { shape: [K, M], values: a }, rhs: { shape: [K, N], values: b } }, { cast: { lhsT: 'bfloat16', rhs: 'bfloat16' } });
    const ab = a.map(bf16); const bb = b.map(bf16);
    const expected = new Array<number>(M * N).fill(0);
    for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) { const x = ab[k * M + m]; for (let n = 0; n < N; n++) expected[m * N + n] += x * bb[k * N + n]; }
    assert.equal(r.outputs[0].dtype, 'bfloat16');
    assert.equal(r.outputs[0].descr, '<f4', 'bf16 results are written as float32 values');
    assertClose(r.outputs[0].values, expected.map(bf16), 0, 0.05);
    assertClose(r.outputs[0].values, expected, 1e-2, 0.02);
  });

  it('03_softmax matches a float64 softmax', async () => {
    const x = data(256 * 512, 5, 4);
    const r = await run('03_softmax.py', 'softmax', { x: { shape: [256, 512], values: x } });
    assertClose(r.outputs[0].values, ref.softmaxRows(x, 256, 512), 1e-5, 1e-8);
  });

  it('04_rmsnorm matches a float64 RMSNorm', async () => {
    const x = data(256 * 512, 6, 3); const w = data(512, 7);
    const r = await run('04_rmsnorm.py', 'rmsnorm', { x: { shape: [256, 512], values: x }, w: { shape: [1, 512], values: w } });
    assertClose(r.outputs[0].values, ref.rmsnorm(x, w, 256, 512, 1e-6), 1e-5, 1e-6);
  });

  for (const [file, kernel] of [['05_attention_naive.py', 'attention_naive'], ['06_flash_attention.py', 'flash_attention']]) {
    it(`${file} matches float64 attention`, async () => {
      const [d, S] = [64, 256];
      const q = data(d * S, 8); const k = data(d * S, 9); const v = data(S * d, 10);
      const r = await run(file, kernel, { q_t: { shape: [d, S], values: q }, k_t: { shape: [d, S], values: k }, v: { shape: [S, d], values: v } });
      assertClose(r.outputs[0].values, ref.attention(q, k, v, d, S), 1e-4, 1e-6);
      assert.deepEqual(r.uninitialisedReads, []);
    });
  }

  it('07_beta1_add honours the masks of its partial tiles', async () => {
    const a = data(256 * 300, 11); const b = data(256 * 300, 12);
    const r = await run('07_beta1_add.py', 'beta1_add', { a: { shape: [256, 300], values: a }, b: { shape: [256, 300], values: b } });
    assertClose(r.outputs[0].values, a.map((x, i) => Math.fround(x + Math.fround(2 * b[i]))), 0, 0);
    // The unmasked arithmetic reads the load tiles' masked-off columns: reported, never stored.
    assert.ok(r.uninitialisedReads.some((u) => u.tensor === "'a_tile'"));
  });

  it('generates seeded inputs from the shapes directive, the same for the same seed', async () => {
    const path = example('03_softmax.py');
    const text = readFileSync(path, 'utf8');
    const one = await runKernel({ path, text, kernel: 'softmax', seed: 3 });
    const two = await runKernel({ path, text, kernel: 'softmax', seed: 3 });
    assert.deepEqual([...one.outputs[0].values.slice(0, 50)], [...two.outputs[0].values.slice(0, 50)]);
    assert.deepEqual(one.inputs.x.shape, [256, 512]);
  });

  it('runs every program instance of an SPMD grid and merges what each wrote', async () => {
    const path = join(root, 'test/fixtures/numerics/spmd_add.py');
    const text = readFileSync(path, 'utf8');
    const r = await runKernel({ path, text, kernel: 'spmd_add', grid: [2, 2], seed: 4 });
    assert.equal(r.instances, 4);
    const { a, b } = r.inputs;
    assertClose(r.outputs[0].values, a.values.map((x, i) => Math.fround(x + b.values[i])), 0, 0);
    assert.deepEqual(r.uninitialisedReads, []);
    const one = await runKernel({ path, text, kernel: 'spmd_add', seed: 4 });
    assert.match(one.uninitialisedReads[0].message, /196608 of 262144 elements of output were never written/);
  });

  it('refuses to run an incomplete trace and says why', async () => {
    const text = 'import nki\nimport nki.language as nl\n\n@nki.jit\ndef k(a):\n    return a\n';
    await assert.rejects(runKernel({ path: '/tmp/k.py', text, kernel: 'k' }), (e: Error) => e instanceof RunError && /inputs without shapes: a/.test(e.message));
    await assert.rejects(runKernel({ path: '/tmp/k.py', text, kernel: 'nope' }), /no kernel named 'nope'/);
  });
});

describe('numerics: nki-studio run', function () {
  this.timeout(60000);
  const cli = join(root, 'dist/cli.js');
  const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import numpy']).status === 0);

  it('writes output.npy and profile.json, and NumPy reads the output back bit-exactly', function () {
    if (!existsSync(cli)) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'nki-run-'));
    const a = data(256 * 1024, 13);
    const b = data(256 * 1024, 14);
    writeFileSync(join(dir, 'a.npy'), writeNpy(float32Npy([256, 1024], a)));
    writeFileSync(join(dir, 'b.npy'), writeNpy(float32Npy([256, 1024], b)));
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, [cli, 'run', example('01_vector_add.py'), '--kernel', 'vector_add', '--input', `a=${join(dir, 'a.npy')}`, '--input', `b=${join(dir, 'b.npy')}:float32`, '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /output\s+\[256, 1024\]\s+float32\s+-?\d/);
    const npy = readNpy(new Uint8Array(readFileSync(join(out, 'output.npy'))));
    assert.deepEqual(npy.shape, [256, 1024]);
    assert.ok(JSON.parse(readFileSync(join(out, 'profile.json'), 'utf8')).events.length > 0);
    if (!python) throw new Error('python3 with NumPy is required for this interop test: apt-get install python3-numpy');
    const script = [
      'import numpy as np',
      `a = np.load(${JSON.stringify(join(dir, 'a.npy'))}); b = np.load(${JSON.stringify(join(dir, 'b.npy'))})`,
      `o = np.load(${JSON.stringify(join(out, 'output.npy'))})`,
      'assert o.dtype == np.float32 and o.shape == (256, 1024)',
      'assert (a + b).tobytes() == o.tobytes()',
    ].join('\n');
    const p = spawnSync(python, ['-c', script], { encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
  });

  it('writes bf16 results as float32 values that NumPy reads as exact bf16 values', function () {
    if (!existsSync(cli) || !python) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'nki-run-'));
    const out = join(dir, 'out');
    const r = spawnSync(process.execPath, [cli, 'run', example('02_matmul_tiled.py'), '--kernel', 'matmul_tiled', '--seed', '5', '--out', out], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\[128, 512\]\s+bfloat16 \(as float32\)/);
    const p = spawnSync(python, ['-c', [
      'import numpy as np',
      `o = np.load(${JSON.stringify(join(out, 'output.npy'))})`,
      'bits = o.view(np.uint32)',
      'assert o.dtype == np.float32 and (bits & 0xffff).max() == 0, "every value is a bf16 value"',
    ].join('\n')], { encoding: 'utf8' });
    assert.equal(p.status, 0, p.stderr);
  });

  it('fails with a located message when the kernel cannot run', function () {
    if (!existsSync(cli)) this.skip();
    const dir = mkdtempSync(join(tmpdir(), 'nki-run-'));
    const file = join(dir, 'k.py');
    writeFileSync(file, [
      'import nki', 'import nki.isa as nisa', 'import nki.language as nl', '', '',
      '# nki-studio: shapes a=float32[128,64]', '@nki.jit', 'def k(a):',
      '    out = nl.ndarray((128, 64), dtype=nl.float32, buffer=nl.shared_hbm)',
      '    t = nl.ndarray((128, 64), dtype=nl.float32, buffer=nl.sbuf)',
      '    nisa.dma_copy(dst=t, src=a)',
      '    nisa.quantize_mx(dst=t, src=t, dst_scale=t)',
      '    nisa.dma_copy(dst=out, src=t)',
      '    return out', '',
    ].join('\n'));
    const r = spawnSync(process.execPath, [cli, 'run', file, '--kernel', 'k', '--out', join(dir, 'out')], { encoding: 'utf8' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /k\.py:12:\d+ \(nki\.isa\.quantize_mx\): nisa\.quantize_mx is not implemented by the numerics yet/);
  });
});
