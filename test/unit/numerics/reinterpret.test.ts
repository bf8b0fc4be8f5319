import { strict as assert } from 'node:assert';
import { Harness } from './harness';

/** Independent bit patterns through typed arrays sharing one buffer. */
function f32Bits(x: number): number { return new Uint32Array(Float32Array.of(x).buffer)[0]; }
function bitsF32(u: number): number { return new Float32Array(Uint32Array.of(u >>> 0).buffer)[0]; }

describe('numerics: reinterpreting views (.view(dtype))', () => {
  it('reads float32 elements as their int32 bit patterns and writes bit patterns back', () => {
    const h = new Harness();
    const t = h.tensor('t', 'sbuf', 'float32', [2, 4]);
    const u = h.tensor('u', 'sbuf', 'int32', [2, 4]);
    const back = h.tensor('back', 'sbuf', 'float32', [2, 4]);
    h.emit('nki.isa.tensor_copy', [['dst', 'write', u.view()], ['src', 'read', t.view(undefined, undefined, 0, 'int32')]]);
    h.emit('nki.isa.tensor_copy', [['dst', 'write', back.view(undefined, undefined, 0, 'int32')], ['src', 'read', u.view()]]);
    const x = [1, -2.5, 0.1, 3e38, -0, 1e-40, 7, -7];
    const m = h.run({ [t.id]: x });
    assert.deepEqual([...m.values(u)], x.map((v) => f32Bits(Math.fround(v)) | 0));
    assert.deepEqual([...m.values(back)].map(f32Bits), x.map((v) => f32Bits(Math.fround(v))));
  });

  it('views a float32 tile as twice as many bfloat16 halves (little-endian: low half first)', () => {
    const h = new Harness();
    const t = h.tensor('t', 'sbuf', 'float32', [2, 2]);
    const b = h.tensor('b', 'sbuf', 'bfloat16', [2, 4]);
    // The tracer records such a view in bfloat16 units: row stride 4, shape [2, 4].
    h.emit('nki.isa.tensor_copy', [['dst', 'write', b.view()], ['src', 'read', t.view([2, 4], [4, 1], 0, 'bfloat16')]]);
    const x = [1.5, -3.25, 1 + 2 ** -20, 100];
    const out = h.run({ [t.id]: x }).values(b);
    const expected: number[] = [];
    for (const v of x) {
      const u = f32Bits(Math.fround(v));
      expected.push(bitsF32((u & 0xffff) << 16), bitsF32(u & 0xffff0000));
    }
    assert.deepEqual([...out].map(f32Bits), expected.map(f32Bits));
  });

  it('a narrow write patches only the bytes it covers; unwritten bytes read as uninitialised', () => {
    const h = new Harness();
    const t = h.tensor('t', 'sbuf', 'int32', [1, 2]);
    const src = h.tensor('src', 'sbuf', 'uint16', [1, 1]);
    const out = h.tensor('out', 'sbuf', 'int32', [1, 2]);
    // Write the high half of element 0 (uint16 index 1) over an existing value.
    h.emit('nki.isa.tensor_copy', [['dst', 'write', t.view([1, 1], [4, 1], 1, 'uint16')], ['src', 'read', src.view()]]);
    h.emit('nki.isa.tensor_copy', [['dst', 'write', out.view()], ['src', 'read', t.view()]]);
    const m = h.run({ [t.id]: [0x1234, 5], [src.id]: [0xabcd] });
    assert.deepEqual([...m.values(out)], [(0xabcd << 16 | 0x1234) | 0, 5]);
    const g = new Harness();
    const fresh = g.tensor('fresh', 'sbuf', 'float32', [1, 2]);
    const r = g.tensor('r', 'sbuf', 'int32', [1, 2]);
    g.emit('nki.isa.tensor_copy', [['dst', 'write', r.view()], ['src', 'read', fresh.view(undefined, undefined, 0, 'int32')]]);
    const mg = g.run();
    assert.deepEqual([...mg.values(r)], [4, 4], 'integers read from never-written memory are 4, as in the simulator');
    assert.equal(mg.mem.uninitialisedReads.length, 1);
  });

  it('refuses layouts it does not model (fp8) with a message naming the dtypes', () => {
    const h = new Harness();
    const t = h.tensor('t', 'sbuf', 'uint8', [1, 4]);
    const o = h.tensor('o', 'sbuf', 'float32', [1, 4]);
    h.emit('nki.isa.tensor_copy', [['dst', 'write', o.view()], ['src', 'read', t.view(undefined, undefined, 0, 'float8_e4m3')]]);
    assert.throws(() => h.run({ [t.id]: [1, 2, 3, 4] }), /reinterpreting view as float8_e4m3: only float32/);
  });
});
