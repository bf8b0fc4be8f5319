import { strict as assert } from 'node:assert';
import { runKernel, RunError } from '../../../simulator/src/numerics/run';
import { castTo } from '../../../simulator/src/tracer/numpyValues';

const header = [
  'import numpy as np',
  'import neuronxcc.nki as nki',
  'import neuronxcc.nki.language as nl',
  '',
];

async function run(lines: string[], kernel = 'k', seed = 2) {
  return runKernel({ path: '/tmp/np_consts.py', text: [...header, ...lines, ''].join('\n'), kernel, seed });
}

describe('numerics: NumPy constants', function () {
  this.timeout(20000);

  it('embeds module-level arange/reshape/tril/ones/concatenate constants through nl.shared_constant', async () => {
    const r = await run([
      'W = (np.arange(128 * 64, dtype=np.float32).reshape(128, 64) % 7 - 3) * 0.5',
      'MASK = np.tril(np.ones((128, 64), dtype=np.float32), k=-1)',
      'EYE = np.concatenate([np.eye(64, dtype=np.float32), np.zeros((64, 64), dtype=np.float32)], axis=0)',
      '',
      '# nki-studio: shapes a=float32[128,64]',
      '@nki.jit',
      'def k(a):',
      '    out = nl.ndarray((128, 64), dtype=nl.float32, buffer=nl.shared_hbm)',
      '    w = nl.load(nl.shared_constant(W))',
      '    m = nl.load(nl.shared_constant(MASK))',
      '    e = nl.load(nl.shared_constant(EYE))',
      '    x = nl.load(a)',
      '    nl.store(out, value=nl.add(nl.multiply(nl.add(x, w), m), e))',
      '    return out',
    ]);
    const a = r.inputs.a.values;
    const expected = Array.from({ length: 128 * 64 }, (_, i) => {
      const [row, col] = [Math.floor(i / 64), i % 64];
      const w = ((i % 7) - 3) * 0.5;
      const mask = col - row <= -1 ? 1 : 0;
      const eye = row === col ? 1 : 0;
      return Math.fround(Math.fround(Math.fround(a[i] + w) * mask) + eye);
    });
    assert.deepEqual([...r.outputs[0].values], expected);
    assert.deepEqual(r.uninitialisedReads, []);
  });

  it('lets host code index and reduce NumPy index tables (arange arithmetic, floor division, .max())', async () => {
    const r = await run([
      'STARTS = (np.arange(4, dtype=np.int32) * 100) // 3',
      '',
      '# nki-studio: shapes a=float32[128,200]',
      '@nki.jit',
      'def k(a):',
      '    out = nl.ndarray((128, 4), dtype=nl.float32, buffer=nl.shared_hbm)',
      '    width = int(STARTS.max()) - int(STARTS[2])',
      '    for i in range(4):',
      '        s = int(STARTS[i])',
      '        t = nl.load(a[:, s:s + width])',
      '        nl.store(out[:, i:i + 1], value=nl.sum(t, axis=1, keepdims=True))',
      '    return out',
    ]);
    const a = r.inputs.a.values;
    const starts = [0, 33, 66, 100];
    const width = 100 - 66;
    for (let p = 0; p < 128; p++) for (let i = 0; i < 4; i++) {
      let s = 0;
      for (let j = 0; j < width; j++) s += a[p * 200 + starts[i] + j];
      assert.ok(Math.abs(r.outputs[0].values[p * 4 + i] - s) < 1e-4, `row ${p}, window ${i}`);
    }
  });

  it('refuses to run with a constant whose values are not modelled, naming the line', async () => {
    await assert.rejects(run([
      'R = np.random.rand(128, 64)',
      '',
      '# nki-studio: shapes a=float32[128,64]',
      '@nki.jit',
      'def k(a):',
      '    out = nl.ndarray((128, 64), dtype=nl.float32, buffer=nl.shared_hbm)',
      '    nl.store(out, value=nl.add(nl.load(a), nl.load(nl.shared_constant(R))))',
      '    return out',
    ]), (e: Error) => e instanceof RunError && /np_consts\.py:\d+:\d+: nl\.shared_constant: the constant's values are not known/.test(e.message));
  });

  it('casts like NumPy astype: floats truncate toward zero and wrap into integer types', () => {
    assert.deepEqual([...castTo(Float64Array.of(2.7, -2.7, 300, -129), 'int8')], [2, -2, 44, 127]);
    assert.deepEqual([...castTo(Float64Array.of(-1, 65536), 'uint16')], [65535, 0]);
    assert.deepEqual([...castTo(Float64Array.of(0.1), 'float32')], [Math.fround(0.1)]);
    assert.deepEqual([...castTo(Float64Array.of(0, 2), 'bool_')], [0, 1]);
  });
});
