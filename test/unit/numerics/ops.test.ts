import { strict as assert } from 'node:assert';
import { NumericsError } from '../../../simulator/src/numerics/exec';
import { bf16, contiguousStrides, data, Harness, maxAbsDiff } from './harness';

/** Float64 reference: C[m][n] = Σ_k A[k][m] B[k][n]. */
function refMatmulT(a: number[], b: number[], K: number, M: number, N: number): number[] {
  const c = new Array<number>(M * N).fill(0);
  for (let k = 0; k < K; k++) for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) c[m * N + n] += a[k * M + m] * b[k * N + n];
  return c;
}

const erfRef = (x: number): number => {
  // Abramowitz-Stegun 7.1.26 is too coarse; integrate exp(-t^2) with Simpson's rule instead.
  const n = 2000; const h = x / n; let s = 1 + Math.exp(-x * x);
  for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * Math.exp(-((i * h) ** 2));
  return (2 / Math.sqrt(Math.PI)) * (h / 3) * s;
};

describe('numerics: nc_matmul and nl.matmul', () => {
  it('computes stationary.T @ moving with fp32 results, for a partial tile', () => {
    const [K, M, N] = [100, 70, 130];
    const h = new Harness();
    const st = h.tensor('st', 'sbuf', 'float32', [K, M]);
    const mv = h.tensor('mv', 'sbuf', 'float32', [K, N]);
    const ps = h.tensor('ps', 'psum', 'float32', [M, N]);
    h.emit('nki.isa.nc_matmul', [['dst', 'write', ps.view()], ['stationary', 'read', st.view()], ['moving', 'read', mv.view()]], { accumulate: false }, { accumulate: false });
    const a = data(K * M, 1); const b = data(K * N, 2);
    const out = h.run({ [st.id]: a, [mv.id]: b }).values(ps);
    const ref = refMatmulT(a, b, K, M, N);
    assert.ok(maxAbsDiff(out, ref) < 1e-5, `max error ${maxAbsDiff(out, ref)}`);
    for (let i = 0; i < 20; i++) assert.equal(out[i], Math.fround(out[i]), 'PSUM holds fp32 values');
  });

  it('reads strided operand views and flattens free dims', () => {
    const h = new Harness();
    // stationary: every other column of a [4, 8] tile (M = 4); moving: a [4, 2, 3] view (N = 6).
    const big = h.tensor('big', 'sbuf', 'float32', [4, 8]);
    const mv = h.tensor('mv', 'sbuf', 'float32', [4, 6]);
    const ps = h.tensor('ps', 'psum', 'float32', [4, 6]);
    h.emit('nki.isa.nc_matmul', [['dst', 'write', ps.view()], ['stationary', 'read', big.view([4, 4], [8, 2], 1)], ['moving', 'read', mv.view([4, 2, 3], [6, 3, 1])]], { accumulate: false }, { accumulate: false });
    const a = data(32, 3); const b = data(24, 4);
    const out = h.run({ [big.id]: a, [mv.id]: b }).values(ps);
    const st = [0, 1, 2, 3].flatMap((k) => [0, 1, 2, 3].map((m) => a[k * 8 + 1 + 2 * m]));
    assert.ok(maxAbsDiff(out, refMatmulT(st, b, 4, 4, 6)) < 1e-6);
  });

  it('accumulates in PSUM with accumulate=True and overwrites with False', () => {
    const h = new Harness();
    const st = h.tensor('st', 'sbuf', 'float32', [8, 4]);
    const mv = h.tensor('mv', 'sbuf', 'float32', [8, 4]);
    const ps = h.tensor('ps', 'psum', 'float32', [4, 4]);
    const mm = (acc: boolean) => h.emit('nki.isa.nc_matmul', [['dst', 'write', ps.view()], ['stationary', 'read', st.view()], ['moving', 'read', mv.view()]], { accumulate: acc }, { accumulate: acc });
    mm(false); mm(true); mm(true);
    const a = data(32, 5); const b = data(32, 6);
    const ref = refMatmulT(a, b, 8, 4, 4).map((v) => 3 * v);
    assert.ok(maxAbsDiff(h.run({ [st.id]: a, [mv.id]: b }).values(ps), ref) < 1e-5);
    mm(false);
    assert.ok(maxAbsDiff(h.run({ [st.id]: a, [mv.id]: b }).values(ps), refMatmulT(a, b, 8, 4, 4)) < 1e-6);
  });

  it('with accumulate=None overwrites what a memset left, then accumulates later matmuls', () => {
    const h = new Harness();
    const st = h.tensor('st', 'sbuf', 'float32', [8, 4]);
    const mv = h.tensor('mv', 'sbuf', 'float32', [8, 4]);
    const ps = h.tensor('ps', 'psum', 'float32', [4, 4]);
    h.emit('nki.isa.memset', [['dst', 'write', ps.view()]], { value: 100 });
    const mm = () => h.emit('nki.isa.nc_matmul', [['dst', 'write', ps.view()], ['stationary', 'read', st.view()], ['moving', 'read', mv.view()]], { accumulate: null });
    mm(); mm();
    const a = data(32, 7); const b = data(32, 8);
    const ref = refMatmulT(a, b, 8, 4, 4);
    assert.ok(maxAbsDiff(h.run({ [st.id]: a, [mv.id]: b }).values(ps), ref.map((v) => 2 * v)) < 1e-5, 'the memset value is overwritten, not added to');
  });

  it('accumulating onto never-written PSUM gives NaN and reports the read', () => {
    const h = new Harness();
    const st = h.tensor('st', 'sbuf', 'float32', [2, 2]);
    const ps = h.tensor('acc', 'psum', 'float32', [2, 2]);
    h.emit('nki.isa.nc_matmul', [['dst', 'write', ps.view()], ['stationary', 'read', st.view()], ['moving', 'read', st.view()]], { accumulate: true }, { accumulate: true });
    const m = h.run({ [st.id]: [1, 2, 3, 4] });
    assert.ok(m.values(ps).every(Number.isNaN));
    assert.equal(m.mem.uninitialisedReads[0].name, "'acc'");
  });

  it('rounds bf16 operands before multiplying (inputs are stored rounded)', () => {
    const h = new Harness();
    const st = h.tensor('st', 'sbuf', 'bfloat16', [16, 8]);
    const mv = h.tensor('mv', 'sbuf', 'bfloat16', [16, 8]);
    const ps = h.tensor('ps', 'psum', 'float32', [8, 8]);
    h.emit('nki.isa.nc_matmul', [['dst', 'write', ps.view()], ['stationary', 'read', st.view()], ['moving', 'read', mv.view()]], { accumulate: false }, { accumulate: false });
    const a = data(128, 9); const b = data(128, 10);
    const ref = refMatmulT(a.map(bf16), b.map(bf16), 16, 8, 8);
    assert.ok(maxAbsDiff(h.run({ [st.id]: a, [mv.id]: b }).values(ps), ref) < 1e-6);
  });

  it('nl.matmul computes x @ y, or x.T @ y with transpose_x', () => {
    for (const transposeX of [false, true]) {
      const h = new Harness();
      const x = h.tensor('x', 'sbuf', 'float32', [6, 5]);
      const y = h.tensor('y', 'sbuf', 'float32', transposeX ? [6, 3] : [5, 3]);
      const r = h.tensor('r', 'psum', 'float32', transposeX ? [5, 3] : [6, 3]);
      h.emit('nki.language.matmul', [['result', 'write', r.view()], ['x', 'read', x.view()], ['y', 'read', y.view()]], { transpose_x: transposeX }, { transpose_x: transposeX });
      const a = data(30, 11); const b = data(transposeX ? 18 : 15, 12);
      const out = h.run({ [x.id]: a, [y.id]: b }).values(r);
      const xT = transposeX ? a : [0, 1, 2, 3, 4].flatMap((k) => [0, 1, 2, 3, 4, 5].map((m) => a[m * 5 + k]));
      const ref = transposeX ? refMatmulT(a, b, 6, 5, 3) : refMatmulT(xT, b, 5, 6, 3);
      assert.ok(maxAbsDiff(out, ref) < 1e-6, `transpose_x=${transposeX}`);
    }
  });
});

describe('numerics: data movement', () => {
  it('dma_copy converts through fp32 and rounds to the destination dtype', () => {
    const h = new Harness();
    const src = h.tensor('src', 'hbm', 'float32', [2, 3]);
    const dst = h.tensor('dst', 'sbuf', 'bfloat16', [2, 3]);
    const idst = h.tensor('idst', 'sbuf', 'int8', [2, 3]);
    h.emit('nki.isa.dma_copy', [['dst', 'write', dst.view()], ['src', 'read', src.view()]]);
    h.emit('nki.isa.dma_copy', [['dst', 'write', idst.view()], ['src', 'read', src.view()]]);
    const v = [1.00390625, -2.5, 3.5, 1000, -1000, 0.1];
    const m = h.run({ [src.id]: v });
    assert.deepEqual([...m.values(dst)], v.map(bf16));
    assert.deepEqual([...m.values(idst)], [1, -2, 4, 127, -128, 0]);
  });

  it('copies a partial tile into a strided HBM view, leaving the rest unwritten', () => {
    const h = new Harness();
    const tile = h.tensor('tile', 'sbuf', 'float32', [2, 4]);
    const out = h.tensor('out', 'hbm', 'float32', [4, 4]);
    // Rows 1 and 3, columns 0..3 of out.
    h.emit('nki.isa.dma_copy', [['dst', 'write', out.view([2, 4], [8, 1], 4)], ['src', 'read', tile.view()]]);
    const m = h.run({ [tile.id]: [1, 2, 3, 4, 5, 6, 7, 8] });
    const v = m.values(out);
    assert.deepEqual([...v.slice(4, 8)], [1, 2, 3, 4]);
    assert.deepEqual([...v.slice(12, 16)], [5, 6, 7, 8]);
    assert.ok(Number.isNaN(v[0]));
  });

  it('transposes with nc_transpose, dma_transpose and load_transpose2d', () => {
    const h = new Harness();
    const src = h.tensor('src', 'sbuf', 'float32', [3, 4]);
    const t1 = h.tensor('t1', 'psum', 'float32', [4, 3]);
    const t2 = h.tensor('t2', 'sbuf', 'float32', [4, 3]);
    h.emit('nki.isa.nc_transpose', [['dst', 'write', t1.view()], ['data', 'read', src.view()]]);
    h.emit('nki.isa.dma_transpose', [['dst', 'write', t2.view()], ['src', 'read', src.view()]], { axes: [1, 0] });
    const v = data(12, 13);
    const m = h.run({ [src.id]: v });
    const ref = [0, 1, 2, 3].flatMap((f) => [0, 1, 2].map((p) => v[p * 4 + f]));
    assert.deepEqual([...m.values(t1)], ref);
    assert.deepEqual([...m.values(t2)], ref);
  });

  it('memset fills with the value rounded to the dtype, and the identity matrix is an identity', () => {
    const h = new Harness();
    const t = h.tensor('t', 'sbuf', 'float16', [2, 2]);
    const id = h.tensor('identity', 'sbuf', 'uint8', [3, 3]);
    h.emit('nki.isa.memset', [['dst', 'write', t.view()]], { value: 0.1 });
    h.emit('nki.isa.memset', [['dst', 'write', id.view()]], { value: 0, identity: true });
    const m = h.run();
    assert.equal(m.values(t)[0], 0.0999755859375);
    assert.deepEqual([...m.values(id)], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });
});

describe('numerics: element-wise instructions', () => {
  it('tensor_tensor applies the ALU op in fp32 and rounds to the destination', () => {
    const h = new Harness();
    const a = h.tensor('a', 'sbuf', 'float32', [4, 8]);
    const b = h.tensor('b', 'sbuf', 'float32', [4, 8]);
    const ops = ['add', 'subtract', 'multiply', 'divide', 'maximum', 'minimum', 'greater', 'equal'];
    const outs = ops.map((op) => {
      const o = h.tensor(op, 'sbuf', op === 'multiply' ? 'bfloat16' : 'float32', [4, 8]);
      h.emit('nki.isa.tensor_tensor', [['dst', 'write', o.view()], ['data1', 'read', a.view()], ['data2', 'read', b.view()]], { op }, { op });
      return o;
    });
    const va = data(32, 14, 4); const vb = data(32, 15, 4);
    vb[3] = va[3];
    const m = h.run({ [a.id]: va, [b.id]: vb });
    const refs: Record<string, (x: number, y: number) => number> = {
      add: (x, y) => Math.fround(x + y), subtract: (x, y) => Math.fround(x - y), multiply: (x, y) => bf16(Math.fround(x * y)),
      divide: (x, y) => Math.fround(x / y), maximum: Math.max, minimum: Math.min, greater: (x, y) => (x > y ? 1 : 0), equal: (x, y) => (x === y ? 1 : 0),
    };
    ops.forEach((op, k) => assert.deepEqual([...m.values(outs[k])], va.map((x, i) => refs[op](x, vb[i])), op));
  });

  it('tensor_scalar applies (data op0 operand0) op1 operand1 per partition, with reverse', () => {
    const h = new Harness();
    const d = h.tensor('d', 'sbuf', 'float32', [3, 4]);
    const s = h.tensor('s', 'sbuf', 'float32', [3, 1]);
    const o = h.tensor('o', 'sbuf', 'float32', [3, 4]);
    h.emit('nki.isa.tensor_scalar', [['dst', 'write', o.view()], ['data', 'read', d.view()], ['operand0', 'read', s.view()]],
      { op0: 'subtract', reverse0: true, op1: 'multiply', operand1: 0.5 });
    const v = data(12, 16); const sv = [1, 2, 3];
    const out = h.run({ [d.id]: v, [s.id]: sv }).values(o);
    assert.deepEqual([...out], v.map((x, i) => Math.fround(Math.fround(sv[Math.floor(i / 4)] - x) * 0.5)));
  });

  it('scalar_tensor_tensor computes (data op0 operand0) op1 operand1', () => {
    const h = new Harness();
    const d = h.tensor('d', 'sbuf', 'float32', [2, 3]);
    const e = h.tensor('e', 'sbuf', 'float32', [2, 3]);
    const o = h.tensor('o', 'sbuf', 'float32', [2, 3]);
    h.emit('nki.isa.scalar_tensor_tensor', [['dst', 'write', o.view()], ['data', 'read', d.view()], ['operand1', 'read', e.view()]],
      { op0: 'multiply', operand0: 3, op1: 'add' });
    const v = data(6, 17); const w = data(6, 18);
    assert.deepEqual([...h.run({ [d.id]: v, [e.id]: w }).values(o)], v.map((x, i) => Math.fround(Math.fround(x * 3) + w[i])));
  });

  it('Beta 1 operators take scalars on either side and broadcast a (P, 1) tile', () => {
    const h = new Harness();
    const a = h.tensor('a', 'sbuf', 'float32', [2, 3]);
    const c = h.tensor('c', 'sbuf', 'float32', [2, 1]);
    const o1 = h.tensor('o1', 'sbuf', 'float32', [2, 3]);
    const o2 = h.tensor('o2', 'sbuf', 'float32', [2, 3]);
    h.emit('nki.language.subtract', [['dst', 'write', o1.view()], ['data1', 'read', a.view()]], { x: 10, y: null });
    h.emit('nki.language.divide', [['dst', 'write', o2.view()], ['data1', 'read', a.view()], ['data2', 'read', c.view()]], { x: null, y: null });
    const v = [1, 2, 3, 4, 5, 6];
    const m = h.run({ [a.id]: v, [c.id]: [2, 4] });
    assert.deepEqual([...m.values(o1)], v.map((x) => 10 - x));
    assert.deepEqual([...m.values(o2)], [0.5, 1, 1.5, 1, 1.25, 1.5]);
  });

  it('integer bit-vector ops work on 32-bit patterns', () => {
    const h = new Harness();
    const a = h.tensor('a', 'sbuf', 'uint32', [1, 3]);
    const o = h.tensor('o', 'sbuf', 'uint32', [1, 3]);
    h.emit('nki.language.bitwise_xor', [['result', 'write', o.view()], ['x', 'read', a.view()]], { y: 0xffffffff });
    assert.deepEqual([...h.run({ [a.id]: [0, 1, 0xf0f0f0f0] }).values(o)], [0xffffffff, 0xfffffffe, 0x0f0f0f0f]);
  });

  it('unary nl functions follow the activation table', () => {
    const h = new Harness();
    const a = h.tensor('a', 'sbuf', 'float32', [1, 5]);
    const fns: Record<string, (x: number) => number> = {
      exp: Math.exp, tanh: Math.tanh, sigmoid: (x) => 1 / (1 + Math.exp(-x)), gelu: (x) => 0.5 * x * (1 + erfRef(x / Math.SQRT2)),
      silu: (x) => x / (1 + Math.exp(-x)), rsqrt: (x) => 1 / Math.sqrt(x), erf: erfRef,
      gelu_apprx_tanh: (x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))),
    };
    const outs = Object.keys(fns).map((fn) => {
      const o = h.tensor(fn, 'sbuf', 'float32', [1, 5]);
      h.emit(`nki.language.${fn}`, [['result', 'write', o.view()], ['x', 'read', a.view()]]);
      return o;
    });
    const v = [0.25, 0.5, 1, 2, 3];
    const m = h.run({ [a.id]: v });
    Object.entries(fns).forEach(([fn, f], k) => {
      const out = m.values(outs[k]);
      v.forEach((x, i) => assert.ok(Math.abs(out[i] - f(x)) <= 2e-7 * Math.max(1, Math.abs(f(x))), `${fn}(${x}) = ${out[i]}, expected ${f(x)}`));
    });
  });

  it('honours a Beta 1 mask: masked-off elements are neither read nor written', () => {
    const h = new Harness();
    const src = h.tensor('src', 'hbm', 'float32', [2, 3]);
    const tile = h.tensor('tile', 'sbuf', 'float32', [2, 4]);
    // load src[ip, jf] for jf < 3 from a [2, 4] index grid (the view would run past each row).
    h.emit('nki.language.load', [['result', 'write', tile.view()], ['src', 'read', src.view([2, 4], [3, 1], 0)]],
      { mask: { mask: [{ base: -3, coefs: [0, 1], op: '<' }] } }, { masked: true });
    const v = h.run({ [src.id]: [1, 2, 3, 4, 5, 6] }).values(tile);
    assert.deepEqual([...v.slice(0, 3)], [1, 2, 3]);
    assert.deepEqual([...v.slice(4, 7)], [4, 5, 6]);
    assert.ok(Number.isNaN(v[3]) && Number.isNaN(v[7]));
  });
});

describe('numerics: activation and reductions', () => {
  it('activation computes op(data * scale + bias) and reduces rows into reduce_res', () => {
    const h = new Harness();
    const d = h.tensor('d', 'sbuf', 'float32', [3, 5]);
    const b = h.tensor('b', 'sbuf', 'float32', [3, 1]);
    const o = h.tensor('o', 'sbuf', 'float32', [3, 5]);
    const r = h.tensor('r', 'sbuf', 'float32', [3, 1]);
    h.emit('nki.isa.activation', [['dst', 'write', o.view()], ['data', 'read', d.view()], ['bias', 'read', b.view()], ['reduce_res', 'write', r.view()]],
      { op: 'exp', scale: 0.5, reduce_op: 'add', reduce_cmd: 'reset_reduce' });
    const v = data(15, 19, 2); const bv = [0.1, -0.2, 0.3];
    const m = h.run({ [d.id]: v, [b.id]: bv });
    const ref = v.map((x, i) => Math.exp(x * 0.5 + bv[Math.floor(i / 5)]));
    assert.ok(maxAbsDiff(m.values(o), ref) < 1e-6);
    const sums = [0, 1, 2].map((p) => ref.slice(p * 5, p * 5 + 5).reduce((a, c) => a + c, 0));
    assert.ok(maxAbsDiff(m.values(r), sums) < 1e-5);
  });

  it('activation accumulates across instructions with reduce_cmd=reduce', () => {
    const h = new Harness();
    const d = h.tensor('d', 'sbuf', 'float32', [2, 3]);
    const o = h.tensor('o', 'sbuf', 'float32', [2, 3]);
    const r = h.tensor('r', 'sbuf', 'float32', [2, 1]);
    h.emit('nki.isa.activation', [['dst', 'write', o.view()], ['data', 'read', d.view()]], { op: 'copy', reduce_op: 'add', reduce_cmd: 'reset_reduce' });
    h.emit('nki.isa.activation', [['dst', 'write', o.view()], ['data', 'read', d.view()], ['reduce_res', 'write', r.view()]], { op: 'copy', reduce_op: 'add', reduce_cmd: 'reduce' });
    assert.deepEqual([...h.run({ [d.id]: [1, 2, 3, 4, 5, 6] }).values(r)], [12, 30]);
  });

  it('tensor_reduce folds trailing axes, with negate and keepdims', () => {
    const h = new Harness();
    const d = h.tensor('d', 'sbuf', 'float32', [2, 3, 4]);
    const s = h.tensor('s', 'sbuf', 'float32', [2, 3]);
    const mx = h.tensor('mx', 'sbuf', 'float32', [2, 1]);
    h.emit('nki.isa.tensor_reduce', [['dst', 'write', s.view()], ['data', 'read', d.view()]], { op: 'add', axis: [2] });
    h.emit('nki.isa.tensor_reduce', [['dst', 'write', mx.view()], ['data', 'read', d.view()]], { op: 'maximum', axis: [1, 2], negate: true, keepdims: true });
    const v = data(24, 20);
    const m = h.run({ [d.id]: v });
    const sums = Array.from({ length: 6 }, (_, r) => v.slice(r * 4, r * 4 + 4).reduce((a, c) => a + c, 0));
    assert.ok(maxAbsDiff(m.values(s), sums) < 1e-6);
    assert.deepEqual([...m.values(mx)], [-Math.max(...v.slice(0, 12)), -Math.max(...v.slice(12))]);
  });

  it('a masked nl.max leaves out masked-off elements and does not write fully masked rows', () => {
    const h = new Harness();
    const x = h.tensor('x', 'sbuf', 'float32', [3, 4]);
    const m = h.tensor('m', 'sbuf', 'float32', [3, 1]);
    // mask = (i_p < 2) & (i_f < 3)
    h.emit('nki.language.max', [['result', 'write', m.view()], ['x', 'read', x.view()]],
      { axis: [1], keepdims: true, mask: { mask: [{ base: -2, coefs: [1, 0], op: '<' }, { base: -3, coefs: [0, 1], op: '<' }] } }, { masked: true });
    const v = h.run({ [x.id]: [1, 5, 2, 9, 7, 3, 4, 8, 0, 0, 0, 0] }).values(m);
    assert.deepEqual([...v.slice(0, 2)], [5, 7]);
    assert.ok(Number.isNaN(v[2]));
  });

  it('nl.mean, nl.var and nl.softmax match float64 formulas', () => {
    const h = new Harness();
    const x = h.tensor('x', 'sbuf', 'float32', [2, 8]);
    const mean = h.tensor('mean', 'sbuf', 'float32', [2, 1]);
    const vr = h.tensor('var', 'sbuf', 'float32', [2, 1]);
    const sm = h.tensor('sm', 'sbuf', 'float32', [2, 8]);
    h.emit('nki.language.mean', [['result', 'write', mean.view()], ['x', 'read', x.view()]], { axis: 1 });
    h.emit('nki.language.var', [['result', 'write', vr.view()], ['x', 'read', x.view()]], { axis: 1 });
    h.emit('nki.language.softmax', [['result', 'write', sm.view()], ['x', 'read', x.view()]], { axis: -1 });
    const v = data(16, 21, 3);
    const m = h.run({ [x.id]: v });
    const rows = [v.slice(0, 8), v.slice(8)];
    const mu = rows.map((r) => r.reduce((a, c) => a + c, 0) / 8);
    assert.ok(maxAbsDiff(m.values(mean), mu) < 1e-6);
    assert.ok(maxAbsDiff(m.values(vr), rows.map((r, i) => r.reduce((a, c) => a + (c - mu[i]) ** 2, 0) / 8)) < 1e-5);
    const soft = rows.flatMap((r) => { const e = r.map((c) => Math.exp(c - Math.max(...r))); const s = e.reduce((a, c) => a + c, 0); return e.map((c) => c / s); });
    assert.ok(maxAbsDiff(m.values(sm), soft) < 1e-6);
  });

  it('bn_stats and bn_aggr give the mean and population variance', () => {
    const h = new Harness();
    const x = h.tensor('x', 'sbuf', 'float32', [2, 10]);
    const st = h.tensor('st', 'sbuf', 'float32', [2, 6]);
    const ag = h.tensor('ag', 'sbuf', 'float32', [2, 2]);
    h.emit('nki.isa.bn_stats', [['dst', 'write', st.view()], ['data', 'read', x.view()]]);
    h.emit('nki.isa.bn_aggr', [['dst', 'write', ag.view()], ['data', 'read', st.view()]]);
    const v = data(20, 22, 5);
    const out = h.run({ [x.id]: v }).values(ag);
    [0, 1].forEach((p) => {
      const r = v.slice(p * 10, p * 10 + 10);
      const mu = r.reduce((a, c) => a + c, 0) / 10;
      assert.ok(Math.abs(out[p * 2] - mu) < 1e-6);
      assert.ok(Math.abs(out[p * 2 + 1] - r.reduce((a, c) => a + (c - mu) ** 2, 0) / 10) < 1e-5);
    });
  });

  it('max8 sorts the 8 largest values and nc_find_index8 finds them, all-ones when missing', () => {
    const h = new Harness();
    const x = h.tensor('x', 'sbuf', 'float32', [1, 10]);
    const top = h.tensor('top', 'sbuf', 'float32', [1, 8]);
    const vals = h.tensor('vals', 'sbuf', 'float32', [1, 8]);
    const idx = h.tensor('idx', 'sbuf', 'uint32', [1, 8]);
    h.emit('nki.isa.max8', [['dst', 'write', top.view()], ['src', 'read', x.view()]]);
    h.emit('nki.isa.nc_find_index8', [['dst', 'write', idx.view()], ['data', 'read', x.view()], ['vals', 'read', vals.view()]]);
    const v = [5, 1, 9, 3, 9, 7, 2, 8, 6, 4];
    const m = h.run({ [x.id]: v, [vals.id]: [9, 9, 8, 100, 1, 2, 3, 4] });
    assert.deepEqual([...m.values(top)], [9, 9, 8, 7, 6, 5, 4, 3]);
    assert.deepEqual([...m.values(idx)], [2, 4, 7, 0xffffffff, 1, 6, 3, 9]);
  });
});

describe('numerics: index generation, selection and randomness', () => {
  it('iota evaluates offset + p * channel_multiplier + Σ step * i', () => {
    const h = new Harness();
    const o = h.tensor('o', 'sbuf', 'int32', [2, 6]);
    h.emit('nki.isa.iota', [['dst', 'write', o.view()]], { pattern: [[10, 2], [1, 3]], offset: 5, channel_multiplier: 100 });
    assert.deepEqual([...h.run().values(o)], [5, 6, 7, 15, 16, 17, 105, 106, 107, 115, 116, 117]);
  });

  it('affine_select keeps on_true where cmp_op(affine, 0) holds (a causal mask)', () => {
    const h = new Harness();
    const t = h.tensor('t', 'sbuf', 'float32', [3, 3]);
    const o = h.tensor('o', 'sbuf', 'float32', [3, 3]);
    // keep where p - j >= 0
    h.emit('nki.isa.affine_select', [['dst', 'write', o.view()], ['on_true_tile', 'read', t.view()]],
      { pattern: [[-1, 3]], channel_multiplier: 1, on_false_value: -9, cmp_op: 'greater_equal', offset: 0 });
    assert.deepEqual([...h.run({ [t.id]: [1, 2, 3, 4, 5, 6, 7, 8, 9] }).values(o)], [1, -9, -9, 4, 5, -9, 7, 8, 9]);
  });

  it('Beta 1 affine_select evaluates a recorded predicate', () => {
    const h = new Harness();
    const t = h.tensor('t', 'sbuf', 'float32', [2, 2]);
    const o = h.tensor('o', 'sbuf', 'float32', [2, 2]);
    h.emit('nki.isa.affine_select', [['result', 'write', o.view()], ['on_true_tile', 'read', t.view()]],
      { pred: { mask: [{ base: 0, coefs: [1, -1], op: '>=' }] }, on_false_value: 0 });
    assert.deepEqual([...h.run({ [t.id]: [1, 2, 3, 4] }).values(o)], [1, 0, 3, 4]);
  });

  it('range_select keeps bound0 <= index < bound1 and reduces the maximum', () => {
    const h = new Harness();
    const t = h.tensor('t', 'sbuf', 'float32', [2, 4]);
    const b0 = h.tensor('b0', 'sbuf', 'float32', [2, 1]);
    const b1 = h.tensor('b1', 'sbuf', 'float32', [2, 1]);
    const o = h.tensor('o', 'sbuf', 'float32', [2, 4]);
    const r = h.tensor('r', 'sbuf', 'float32', [2, 1]);
    h.emit('nki.isa.range_select', [['dst', 'write', o.view()], ['on_true_tile', 'read', t.view()], ['bound0', 'read', b0.view()], ['bound1', 'read', b1.view()], ['reduce_res', 'write', r.view()]],
      { comp_op0: 'greater_equal', comp_op1: 'less', reduce_op: 'maximum', range_start: 0, on_false_value: -3.4028234663852886e38 });
    const m = h.run({ [t.id]: [1, 2, 3, 4, 5, 6, 7, 8], [b0.id]: [1, 0], [b1.id]: [3, 2] });
    const F = -3.4028234663852886e38;
    assert.deepEqual([...m.values(o)], [F, 2, 3, F, 5, 6, F, F]);
    assert.deepEqual([...m.values(r)], [3, 6]);
  });

  it('select_reduce picks on_true where the predicate is set', () => {
    const h = new Harness();
    const p = h.tensor('p', 'sbuf', 'uint8', [1, 4]);
    const t = h.tensor('t', 'sbuf', 'float32', [1, 4]);
    const o = h.tensor('o', 'sbuf', 'float32', [1, 4]);
    h.emit('nki.isa.select_reduce', [['dst', 'write', o.view()], ['predicate', 'read', p.view()], ['on_true', 'read', t.view()]], { on_false: -1 });
    assert.deepEqual([...h.run({ [p.id]: [1, 0, 0, 1], [t.id]: [5, 6, 7, 8] }).values(o)], [5, -1, -1, 8]);
  });

  it('dropout is deterministic for a seed and zeroes about prob of the elements', () => {
    const run = (seed: number) => {
      const h = new Harness();
      const d = h.tensor('d', 'sbuf', 'float32', [16, 256]);
      const o = h.tensor('o', 'sbuf', 'float32', [16, 256]);
      h.emit('nki.isa.dropout', [['dst', 'write', o.view()], ['data', 'read', d.view()]], { prob: 0.25 });
      return h.run({ [d.id]: new Array(4096).fill(1) }, seed).values(o);
    };
    const a = run(1);
    assert.deepEqual([...a], [...run(1)]);
    assert.notDeepEqual([...a], [...run(2)]);
    const zeros = a.filter((v) => v === 0).length / a.length;
    assert.ok(zeros > 0.2 && zeros < 0.3, `zeroed ${zeros}`);
  });
});

describe('numerics: gathers and shuffles', () => {
  it('nc_n_gather gathers within each partition over the flattened free elements', () => {
    const h = new Harness();
    const d = h.tensor('d', 'sbuf', 'float32', [2, 2, 3]);
    const i = h.tensor('i', 'sbuf', 'uint32', [2, 2]);
    const o = h.tensor('o', 'sbuf', 'float32', [2, 2]);
    h.emit('nki.isa.nc_n_gather', [['dst', 'write', o.view()], ['data', 'read', d.view()], ['indices', 'read', i.view()]]);
    assert.deepEqual([...h.run({ [d.id]: [0, 1, 2, 3, 4, 5, 10, 11, 12, 13, 14, 15], [i.id]: [5, 0, 1, 1] }).values(o)], [5, 0, 11, 11]);
  });

  it('nonzero_with_count compacts indices on partitions 0, 16, ... and appends the count', () => {
    const h = new Harness();
    const s = h.tensor('s', 'sbuf', 'float32', [17, 4]);
    const o = h.tensor('o', 'sbuf', 'int32', [17, 5]);
    h.emit('nki.isa.nonzero_with_count', [['dst', 'write', o.view()], ['src', 'read', s.view()]], { index_offset: 10, padding_val: -1 });
    const v = new Array(68).fill(0); v[1] = 3; v[3] = -2; v[16 * 4 + 2] = 1;
    const out = h.run({ [s.id]: v }).values(o);
    assert.deepEqual([...out.slice(0, 5)], [11, 13, -1, -1, 2]);
    assert.deepEqual([...out.slice(80, 85)], [12, -1, -1, -1, 1]);
  });

  it('nc_stream_shuffle moves partitions within a quadrant and leaves 255 entries alone', () => {
    const h = new Harness();
    const s = h.tensor('s', 'sbuf', 'float32', [4, 1]);
    const o = h.tensor('o', 'sbuf', 'float32', [4, 1]);
    h.emit('nki.isa.memset', [['dst', 'write', o.view()]], { value: 9 });
    h.emit('nki.isa.nc_stream_shuffle', [['dst', 'write', o.view()], ['src', 'read', s.view()]], { shuffle_mask: [3, 255, 0, 0, ...new Array(28).fill(255)] });
    assert.deepEqual([...h.run({ [s.id]: [1, 2, 3, 4] }).values(o)], [4, 9, 1, 1]);
  });
});

describe('numerics: unsupported instructions', () => {
  it('stops with a message naming the instruction and its location, without running anything', () => {
    const h = new Harness();
    const t = h.tensor('t', 'sbuf', 'float32', [1, 4]);
    h.emit('nki.isa.memset', [['dst', 'write', t.view()]], { value: 1 });
    h.emit('nki.isa.quantize_mx', [['dst', 'write', t.view()], ['src', 'read', t.view()]]);
    assert.throws(() => h.run(), (e: Error) => e instanceof NumericsError && /nisa\.quantize_mx is not implemented/.test(e.message)
      && (e as NumericsError).instruction?.span.path === 'test.py');
  });

  it('refuses operands whose shapes cannot be matched', () => {
    const h = new Harness();
    const a = h.tensor('a', 'sbuf', 'float32', [2, 3]);
    const b = h.tensor('b', 'sbuf', 'float32', [2, 5]);
    h.emit('nki.isa.tensor_tensor', [['dst', 'write', a.view()], ['data1', 'read', a.view()], ['data2', 'read', b.view()]], { op: 'add' });
    assert.throws(() => h.run({ [a.id]: [1, 2, 3, 4, 5, 6], [b.id]: new Array(10).fill(0) }), /'data2' has shape \[2, 5\], which does not match \[2, 3\]/);
  });

  it('strides helper gives C order', () => {
    assert.deepEqual(contiguousStrides([2, 3, 4]), [12, 4, 1]);
  });
});
