import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNpy, writeNpy } from '../../../simulator/src/io/npy';
import { castValues, generateValues, npyDescrFor, npyValues, toNpy } from '../../../simulator/src/io/tensors';
import { compareValues, summarise } from '../../../simulator/src/numerics/compare';
import { Rng } from '../../../simulator/src/numerics/rng';

describe('numerics: kernel inputs and outputs as .npy', () => {
  it('writes each NKI dtype as the NumPy dtype NumPy reads back bit-exactly', function () {
    // Starts a Python process with NumPy: seconds on a busy machine.
    this.timeout(30000);
    const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import numpy']).status === 0);
    if (!python) throw new Error('python3 with NumPy is required for this interop test: apt-get install python3-numpy');
    const dir = mkdtempSync(join(tmpdir(), 'nki-npy-'));
    const cases: Array<[string, number[], string]> = [
      ['int32', [-2147483648, -1, 0, 7, 2147483647], 'np.array([-2147483648, -1, 0, 7, 2147483647], dtype=np.int32)'],
      ['uint8', [0, 1, 255], 'np.array([0, 1, 255], dtype=np.uint8)'],
      ['float16', [65504, -0.0999755859375, 2 ** -24, Infinity], 'np.array([65504, -0.1, 2**-24, np.inf], dtype=np.float16)'],
      ['bool_', [0, 1, 1], 'np.array([False, True, True])'],
      ['bfloat16', [1.5, -3.140625], 'np.array([1.5, -3.140625], dtype=np.float32)'],
    ];
    const lines = ['import numpy as np'];
    for (const [dtype, values, expected] of cases) {
      const file = join(dir, `${dtype}.npy`);
      writeFileSync(file, writeNpy(toNpy(values, [values.length], dtype)));
      lines.push(`a = np.load(${JSON.stringify(file)}); e = ${expected}`, `assert a.dtype == e.dtype and a.tobytes() == e.tobytes(), (${JSON.stringify(dtype)}, a, e)`);
    }
    const r = spawnSync(python, ['-c', lines.join('\n')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });

  it('reads NumPy arrays back as values, float16 decoded exactly', () => {
    const a = readNpy(writeNpy(toNpy([1.5, -2, 0.0999755859375], [3], 'float16')));
    assert.equal(a.descr, '<f2');
    assert.deepEqual([...npyValues(a)], [1.5, -2, 0.0999755859375]);
    assert.equal(npyDescrFor('float8_e4m3'), '<f4');
  });

  it("casts on request with the destination dtype's rounding", () => {
    assert.deepEqual([...castValues(Float64Array.from([1.00390625, 300.5, -7.5]), 'bfloat16')], [1, 300, -7.5]);
    assert.deepEqual([...castValues(Float64Array.from([2.5, 300, -1]), 'uint8')], [2, 255, 0]);
  });

  it('generates the same seeded inputs for the same seed, rounded to the dtype', () => {
    const a = generateValues([4, 8], 'bfloat16', 'random', new Rng(3));
    const b = generateValues([4, 8], 'bfloat16', 'random', new Rng(3));
    assert.deepEqual([...a], [...b]);
    assert.deepEqual([...a], [...castValues(a, 'bfloat16')]);
    assert.deepEqual([...generateValues([2, 2], 'int32', 'ones', new Rng(0))], [1, 1, 1, 1]);
  });

  it('compares with a reference like numpy.allclose and summarises values', () => {
    const c = compareValues([1, 2.001, NaN], [1, 2, 3], 1e-3, 0);
    assert.equal(c.mismatches, 1);
    assert.equal(c.firstMismatch?.index, 2);
    assert.ok(!c.allclose);
    assert.ok(compareValues([1, 2.001], [1, 2], 1e-3, 0).allclose);
    assert.deepEqual(summarise([1, NaN, -Infinity, 3]), { elements: 4, min: 1, max: 3, mean: 2, nan: 1, inf: 1 });
  });
});

