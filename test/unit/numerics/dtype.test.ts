import { strict as assert } from 'node:assert';
import { DtypeError, numericDtype } from '../../../simulator/src/numerics/dtype';
import { DTYPES } from '../../../simulator/src/nki/dtypes';
import { bf16, data } from './harness';
import { FORMATS, roundToFormat } from '../../../simulator/src/numerics/minifloat';

describe('numerics: dtype conversion on write', () => {
  it('rounds integers half to even and then saturates', () => {
    const i8 = numericDtype('int8');
    assert.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, 126.6, 127.5, 300, -129, -1e9].map(i8.round), [0, 2, 2, 0, -2, 127, 127, 127, -128, -128]);
    const u16 = numericDtype('uint16');
    assert.deepEqual([-3, 65535.4, 65536, 2.5].map(u16.round), [0, 65535, 65535, 2]);
    const i32 = numericDtype('int32');
    assert.equal(i32.round(3e9), 2147483647);
    assert.equal(i32.round(NaN), 0);
  });

  it('stores bool as 0 or 1', () => {
    assert.deepEqual([0, 2, -1, 0.25].map(numericDtype('bool_').round), [0, 1, 1, 1]);
  });

  it('rounds bfloat16 like a bit-level reference, through fp32', () => {
    const d = numericDtype('bfloat16');
    for (const x of data(2000, 7, 1e4)) assert.equal(d.round(x), bf16(x), `x=${x}`);
  });

  it('derives every float format from the dtype table, with the fp8 special values', () => {
    assert.equal(numericDtype('float8_e4m3').max, 240);
    assert.equal(numericDtype('float8_e4m3fn').max, 448);
    assert.equal(numericDtype('float8_e5m2').max, 57344);
    assert.equal(numericDtype('float16').round(65520), Infinity);
    assert.ok(Number.isNaN(numericDtype('float8_e4m3fn').round(1e6)));
    assert.equal(numericDtype('tfloat32').round(1 + 2 ** -11), 1);
    assert.equal(numericDtype('float32').round(0.1), Math.fround(0.1));
    for (const spec of DTYPES.filter((d) => d.kind !== 'packed' && d.name !== 'float8_e8m0fnu')) assert.ok(numericDtype(spec.name));
  });

  it('rounds every float format exactly like the minifloat reference', () => {
    const formats = { float16: FORMATS.float16, bfloat16: FORMATS.bfloat16, tfloat32: FORMATS.tf32, float8_e4m3: FORMATS.float8_e4m3, float8_e5m2: FORMATS.float8_e5m2, float8_e4m3fn: FORMATS.float8_e4m3fn };
    const xs = [...data(3000, 31, 1), ...data(3000, 32, 70000), ...data(2000, 33, 1e-5), 0, -0, 65504, 65520, 240, 248, 448, 464, 57344, 61440, 2 ** -24, 3 * 2 ** -26, 3.4e38];
    for (const [name, f] of Object.entries(formats)) {
      const d = numericDtype(name);
      for (const x of xs) {
        const want = roundToFormat(Math.fround(x), f);
        const got = d.round(x);
        assert.ok(Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want)), `${name}(${x}) = ${got}, reference ${want}`);
      }
    }
  });

  it('gives NaN for never-written floats and 4 for integers', () => {
    assert.ok(Number.isNaN(numericDtype('bfloat16').uninitialised));
    assert.equal(numericDtype('int32').uninitialised, 4);
  });

  it('refuses the packed MX dtypes with a clear error', () => {
    assert.throws(() => numericDtype('float8_e5m2_x4'), DtypeError);
  });
});
