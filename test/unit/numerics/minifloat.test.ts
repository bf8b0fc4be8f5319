import { strict as assert } from 'node:assert';
import { FORMATS, roundFloat, roundToFormat } from '../../../simulator/src/numerics/minifloat';

/** Independent reference for bf16: round the fp32 bit pattern to its top 16 bits, ties to even. */
function bf16Reference(x: number): number {
  const f = new Float32Array([x]);
  const u = new Uint32Array(f.buffer);
  const bits = u[0];
  if ((bits & 0x7f800000) === 0x7f800000) return f[0];
  const lsb = (bits >>> 16) & 1;
  u[0] = ((bits + 0x7fff + lsb) >>> 16) << 16;
  return f[0];
}

describe('minifloat rounding', () => {
  it('matches a bit-level bf16 reference on a sweep of fp32 values', () => {
    let seed = 12345;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let k = 0; k < 20000; k++) {
      const x = Math.fround((rand() - 0.5) * 2 ** Math.floor(rand() * 60 - 30));
      assert.equal(roundFloat(x, 'bfloat16'), bf16Reference(x), `x=${x}`);
    }
  });

  it('rounds ties to even', () => {
    // bf16 has 7 mantissa bits: between 1 and 1+2^-7, the midpoint rounds to the even code (1).
    assert.equal(roundFloat(1 + 2 ** -8, 'bfloat16'), 1);
    assert.equal(roundFloat(1 + 3 * 2 ** -8, 'bfloat16'), 1 + 2 ** -6);
  });

  it('knows each format\'s largest finite value and overflow', () => {
    assert.equal(roundFloat(65504, 'float16'), 65504);
    assert.equal(roundFloat(65520, 'float16'), Infinity);
    assert.equal(roundFloat(448, 'float8_e4m3fn'), 448);
    assert.ok(Number.isNaN(roundFloat(480, 'float8_e4m3fn')), 'e4m3fn has no infinity');
    assert.equal(roundFloat(57344, 'float8_e5m2'), 57344);
    assert.equal(roundFloat(-1e6, 'float8_e5m2'), -Infinity);
    assert.equal(FORMATS.bfloat16.maxFinite, 3.3895313892515355e38);
  });

  it('represents subnormals with the minimum exponent\'s spacing', () => {
    // fp16 smallest subnormal is 2^-24; half of it ties to even (zero).
    assert.equal(roundFloat(2 ** -24, 'float16'), 2 ** -24);
    assert.equal(roundFloat(2 ** -25, 'float16'), 0);
    assert.equal(roundFloat(1.5 * 2 ** -24, 'float16'), 2 ** -23);
    // e4m3 (bias 7): smallest subnormal 2^-9.
    assert.equal(roundFloat(2 ** -9, 'float8_e4m3fn'), 2 ** -9);
  });

  it('keeps signed zero, NaN and infinities', () => {
    assert.ok(Object.is(roundFloat(-0, 'bfloat16'), -0));
    assert.ok(Number.isNaN(roundFloat(NaN, 'float16')));
    assert.equal(roundFloat(-Infinity, 'bfloat16'), -Infinity);
    assert.ok(Number.isNaN(roundToFormat(Infinity, FORMATS.float8_e4m3fn)));
  });

  it('rounds tf32 to 10 mantissa bits and fp32 with Math.fround', () => {
    assert.equal(roundFloat(1 + 2 ** -11, 'tf32'), 1);
    assert.equal(roundFloat(1 + 2 ** -10, 'tf32'), 1 + 2 ** -10);
    assert.equal(roundFloat(0.1, 'float32'), Math.fround(0.1));
  });
});
