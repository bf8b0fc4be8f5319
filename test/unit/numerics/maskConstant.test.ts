import { strict as assert } from 'node:assert';
import { runKernel } from '../../../simulator/src/numerics/run';

describe('numerics: Beta 1 masks combined with Python booleans', function () {
  this.timeout(20000);

  it('folds `(i.x < k) & <bool>` into the predicate: true keeps the comparison, false masks everything', async () => {
    const text = [
      'import neuronxcc.nki as nki',
      'import neuronxcc.nki.language as nl',
      '',
      '# nki-studio: shapes a=float32[128,64]',
      '@nki.jit',
      'def k(a):',
      '    out = nl.ndarray((128, 64), dtype=nl.float32, buffer=nl.shared_hbm)',
      '    i = nl.mgrid[0:128, 0:64]',
      '    t = nl.load(a[i.p, i.x])',
      '    z = nl.multiply(t, 0.0)',
      '    nl.store(out[i.p, i.x], value=z)',
      '    n = 100',
      '    nl.store(out[i.p, i.x], value=t, mask=(i.x < 40) & (3 * 128 < n))',
      '    nl.store(out[i.p, i.x], value=t, mask=(i.x < 20) & (3 < n))',
      '    return out',
      '',
    ].join('\n');
    const r = await runKernel({ path: '/tmp/mask_bool.py', text, kernel: 'k', seed: 3 });
    const a = r.inputs.a.values;
    const out = r.outputs[0].values;
    for (let i = 0; i < out.length; i++) assert.equal(out[i], i % 64 < 20 ? a[i] : a[i] * 0, `element ${i}: ${out[i]} vs ${a[i]}`);
  });
});
