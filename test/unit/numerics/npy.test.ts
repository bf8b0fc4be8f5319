import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { float32Npy, NpyError, readNpy, writeNpy } from '../../../simulator/src/io/npy';

function header(text: string, version = 1): Uint8Array {
  const len = version === 1 ? 10 : 12;
  const out = new Uint8Array(len + text.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const v = new DataView(out.buffer);
  if (version === 1) v.setUint16(8, text.length, true); else v.setUint32(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[len + i] = text.charCodeAt(i);
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a); out.set(b, a.length);
  return out;
}

describe('.npy files', () => {
  it('round-trips float32 data through write and read', () => {
    const a = float32Npy([2, 3], [1, 2, 3, 4.5, -0, NaN]);
    const b = readNpy(writeNpy(a));
    assert.deepEqual(b.shape, [2, 3]);
    assert.equal(b.descr, '<f4');
    assert.deepEqual([...b.data], [...a.data]);
  });

  it('aligns the data to 64 bytes as NumPy does', () => {
    const bytes = writeNpy(float32Npy([3], [1, 2, 3]));
    assert.equal((bytes.length - 12) % 64, 0);
  });

  it('reads version 2.0 headers and big-endian data', () => {
    const data = new Uint8Array([0x3f, 0x80, 0x00, 0x00]); // 1.0f big-endian
    const a = readNpy(concat(header("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }\n", 2), data));
    assert.equal(new Float32Array(a.data.buffer)[0], 1);
  });

  it('refuses Fortran order, unknown dtypes and truncated data with clear messages', () => {
    assert.throws(() => readNpy(header("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n")), /Fortran-ordered/);
    assert.throws(() => readNpy(header("{'descr': '|O', 'fortran_order': False, 'shape': (2,), }\n")), /unsupported dtype '\|O'/);
    assert.throws(() => readNpy(header("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }\n")), /truncated .npy data/);
    assert.throws(() => readNpy(new Uint8Array([1, 2, 3])), NpyError);
  });

  it('is read back bit-exactly by NumPy, and reads what NumPy writes', function () {
    // Starts a Python process with NumPy: seconds on a busy machine.
    this.timeout(30000);
    // The product never needs Python; this interop check needs a python3 with NumPy (Debian's
    // python3-numpy provides one at /usr/bin/python3).
    const python = ['python3', '/usr/bin/python3'].find((p) => spawnSync(p, ['-c', 'import numpy']).status === 0);
    if (!python) throw new Error('python3 with NumPy is required for this interop test: apt-get install python3-numpy');
    const dir = mkdtempSync(join(tmpdir(), 'nki-npy-'));
    const ours = join(dir, 'ours.npy');
    writeFileSync(ours, writeNpy(float32Npy([2, 2], [0.1, -2.5, 3e38, 1e-45])));
    const theirs = join(dir, 'theirs.npy');
    const script = [
      'import numpy as np, sys',
      `a = np.load(${JSON.stringify(ours)})`,
      "assert a.dtype == np.float32 and a.shape == (2, 2), (a.dtype, a.shape)",
      "assert a.tobytes() == np.array([0.1, -2.5, 3e38, 1e-45], dtype=np.float32).tobytes()",
      `np.save(${JSON.stringify(theirs)}, np.arange(6, dtype=np.int16).reshape(3, 2))`,
    ].join('\n');
    const r = spawnSync(python, ['-c', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const b = readNpy(new Uint8Array(readFileSync(theirs)));
    assert.equal(b.descr, '<i2');
    assert.deepEqual(b.shape, [3, 2]);
    assert.deepEqual([...new Int16Array(b.data.buffer)], [0, 1, 2, 3, 4, 5]);
  });
});
