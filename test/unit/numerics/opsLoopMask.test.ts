import { strict as assert } from 'node:assert';
import { bf16, data, Harness, maxAbsDiff } from './harness';

/** i_1 - limit < 0: the columns before `limit` (a Beta 1 `nl.arange(F)[None, :] < limit`). */
const colsBelow = (limit: number) => ({ mask: [{ base: -limit, coefs: [0, 1], op: '<' }] });

describe('numerics: nl.loop_reduce', () => {
  it('folds every iteration into the zero-initialised destination, rounding to its dtype each time', () => {
    const h = new Harness();
    const acc = h.tensor('acc', 'sbuf', 'bfloat16', [128, 64]);
    const tiles = [0, 1, 2].map((k) => h.tensor(`x${k}`, 'sbuf', 'float32', [128, 64]));
    h.emit('nki.isa.memset', [['dst', 'write', acc.view()]], { value: 0 });
    for (const t of tiles) h.emit('nki.language.loop_reduce', [['dst', 'write', acc.view()], ['x', 'read', t.view()]], { op: 'add', loop_indices: [null] });
    const xs = tiles.map((_, k) => data(128 * 64, 30 + k));
    const out = h.run(Object.fromEntries(tiles.map((t, k) => [t.id, xs[k]]))).values(acc);
    // Independent reference: bf16(bf16(bf16(0 + x0) + x1) + x2), sums in float64.
    const ref = xs[0].map((_, i) => xs.reduce((s, x) => bf16(x[i] + s), 0));
    assert.equal(maxAbsDiff(out, ref), 0);
  });

  it('reduces with maximum and honours a mask (masked-off columns keep their value)', () => {
    const h = new Harness();
    const acc = h.tensor('acc', 'sbuf', 'float32', [4, 8]);
    const t = h.tensor('t', 'sbuf', 'float32', [4, 8]);
    h.emit('nki.isa.memset', [['dst', 'write', acc.view()]], { value: -1 });
    h.emit('nki.language.loop_reduce', [['dst', 'write', acc.view()], ['x', 'read', t.view()]], { op: 'maximum', mask: colsBelow(5) }, { masked: true });
    const x = data(32, 7, 4);
    const out = h.run({ [t.id]: x }).values(acc);
    const ref = x.map((v, i) => (i % 8 < 5 ? Math.max(v, -1) : -1));
    assert.deepEqual([...out], ref);
  });

  it('reads a never-written destination as NaN and reports it, never as the identity', () => {
    const h = new Harness();
    const acc = h.tensor('acc', 'sbuf', 'float32', [2, 2]);
    const t = h.tensor('t', 'sbuf', 'float32', [2, 2]);
    h.emit('nki.language.loop_reduce', [['dst', 'write', acc.view()], ['x', 'read', t.view()]], { op: 'add' });
    const m = h.run({ [t.id]: [1, 2, 3, 4] });
    assert.ok([...m.values(acc)].every(Number.isNaN));
    assert.equal(m.mem.uninitialisedReads.length, 1);
  });
});

describe('numerics: masked matmul (Beta 1 mask=)', () => {
  const setup = (mask: unknown) => {
    const [K, M, N] = [16, 4, 8];
    const h = new Harness();
    const st = h.tensor('st', 'sbuf', 'float32', [K, M]);
    const mv = h.tensor('mv', 'sbuf', 'float32', [K, N]);
    const ps = h.tensor('ps', 'psum', 'float32', [M, N]);
    h.emit('nki.isa.memset', [['dst', 'write', ps.view()]], { value: 5 });
    h.emit('nki.isa.nc_matmul', [['dst', 'write', ps.view()], ['stationary', 'read', st.view()], ['moving', 'read', mv.view()]],
      { accumulate: false, mask: mask as never }, { accumulate: false, masked: true });
    const a = data(K * M, 3); const b = data(K * N, 4);
    const out = h.run({ [st.id]: a, [mv.id]: b }).values(ps);
    const ref: number[] = [];
    for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += a[k * M + m] * b[k * N + n];
      ref.push(Math.fround(s));
    }
    return { out, ref, N };
  };

  it('a constant-true mask multiplies as usual; a constant-false one leaves PSUM untouched', () => {
    const t = setup(true);
    assert.ok(maxAbsDiff(t.out, t.ref) < 1e-6);
    const f = setup(false);
    assert.ok([...f.out].every((v) => v === 5));
  });

  it('an affine mask writes only the selected output columns', () => {
    const { out, ref, N } = setup(colsBelow(3));
    for (let i = 0; i < out.length; i++) {
      if (i % N < 3) assert.ok(Math.abs(out[i] - ref[i]) < 1e-6, `element ${i}`);
      else assert.equal(out[i], 5, `element ${i} is masked off`);
    }
  });
});

describe('numerics: nc_matmul perf_mode=double_row', () => {
  it('contracts over the partitions and the row pair ([K, 2, M] x [K, 2, N])', () => {
    const [K, M, N] = [16, 4, 8];
    const h = new Harness();
    const st = h.tensor('st', 'sbuf', 'float8_e4m3', [K, 2, M]);
    const mv = h.tensor('mv', 'sbuf', 'float8_e4m3', [K, 2, N]);
    const ps = h.tensor('ps', 'psum', 'float32', [M, N]);
    h.emit('nki.isa.nc_matmul', [['dst', 'write', ps.view()], ['stationary', 'read', st.view()], ['moving', 'read', mv.view()]],
      { accumulate: false, perf_mode: 'double_row_gen3' }, { accumulate: false });
    // Small integers and halves are exact in fp8 e4m3, so the reference needs no fp8 model.
    const a = data(K * 2 * M, 5).map((v) => Math.round(v * 8) / 2);
    const b = data(K * 2 * N, 6).map((v) => Math.round(v * 8) / 2);
    const out = h.run({ [st.id]: a, [mv.id]: b }).values(ps);
    for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) {
      let s = 0;
      for (let k = 0; k < K; k++) for (let r = 0; r < 2; r++) s += a[(k * 2 + r) * M + m] * b[(k * 2 + r) * N + n];
      assert.equal(out[m * N + n], s, `element (${m}, ${n})`);
    }
  });

  it('refuses operands without the row pair', () => {
    const h = new Harness();
    const st = h.tensor('st', 'sbuf', 'float8_e4m3', [16, 4]);
    const mv = h.tensor('mv', 'sbuf', 'float8_e4m3', [16, 8]);
    const ps = h.tensor('ps', 'psum', 'float32', [4, 8]);
    h.emit('nki.isa.nc_matmul', [['dst', 'write', ps.view()], ['stationary', 'read', st.view()], ['moving', 'read', mv.view()]], { perf_mode: 'double_row' });
    assert.throws(() => h.run({ [st.id]: new Array(64).fill(1), [mv.id]: new Array(128).fill(1) }), /must be \[K, 2, \.\.\.\]/);
  });
});

describe('numerics: dma_compute', () => {
  it('sums its sources in fp32 (equal element counts, any shapes) and rounds once to dst', () => {
    const h = new Harness();
    const a = h.tensor('a', 'hbm', 'float32', [128, 64]);
    const b = h.tensor('b', 'hbm', 'bfloat16', [128, 64]);
    const c = h.tensor('c', 'hbm', 'float32', [128 * 64]);
    const t = h.tensor('t', 'sbuf', 'bfloat16', [128, 64]);
    h.emit('nki.isa.dma_compute', [['dst', 'write', t.view()], ['srcs', 'read', a.view()], ['srcs', 'read', b.view()], ['srcs', 'read', c.view()]], { reduce_op: 'add', scales: null });
    const va = data(128 * 64, 41); const vb = data(128 * 64, 42).map(bf16); const vc = data(128 * 64, 43);
    const out = h.run({ [a.id]: va, [b.id]: vb, [c.id]: vc }).values(t);
    const ref = va.map((x, i) => bf16(Math.fround(Math.fround(x + vb[i]) + vc[i])));
    assert.equal(maxAbsDiff(out, ref), 0);
  });

  it('refuses reduce ops and scales the hardware does not document', () => {
    const h = new Harness();
    const a = h.tensor('a', 'hbm', 'float32', [4, 4]);
    const t = h.tensor('t', 'sbuf', 'float32', [4, 4]);
    h.emit('nki.isa.dma_compute', [['dst', 'write', t.view()], ['srcs', 'read', a.view()]], { reduce_op: 'maximum' });
    assert.throws(() => h.run({ [a.id]: new Array(16).fill(1) }), /reduce_op must be add/);
    const g = new Harness();
    const a2 = g.tensor('a', 'hbm', 'float32', [4, 4]);
    const t2 = g.tensor('t', 'sbuf', 'float32', [4, 4]);
    g.emit('nki.isa.dma_compute', [['dst', 'write', t2.view()], ['srcs', 'read', a2.view()]], { reduce_op: 'add', scales: [0.5] });
    assert.throws(() => g.run({ [a2.id]: new Array(16).fill(1) }), /scales must all be 1\.0/);
  });
});

describe('numerics: masked nc_transpose (Beta 1 mask=)', () => {
  const run = (mask: unknown) => {
    const h = new Harness();
    const src = h.tensor('src', 'sbuf', 'float32', [4, 6]);
    const dst = h.tensor('dst', 'psum', 'float32', [6, 4]);
    h.emit('nki.isa.memset', [['dst', 'write', dst.view()]], { value: 9 });
    h.emit('nki.isa.nc_transpose', [['dst', 'write', dst.view()], ['data', 'read', src.view()]], { mask: mask as never }, { masked: true });
    const v = data(24, 8);
    return { out: [...h.run({ [src.id]: v }).values(dst)], v };
  };

  it('transposes where the mask (over the destination) holds and leaves the rest', () => {
    const { out, v } = run(colsBelow(2));
    for (let f = 0; f < 6; f++) for (let p = 0; p < 4; p++) assert.equal(out[f * 4 + p], p < 2 ? v[p * 6 + f] : 9, `(${f}, ${p})`);
    assert.ok(run(false).out.every((x) => x === 9));
    assert.deepEqual(run(true).out, Array.from({ length: 24 }, (_, i) => v[(i % 4) * 6 + Math.floor(i / 4)]));
  });
});
