import { strict as assert } from 'node:assert';
import { analyzeFile } from '../../../simulator/src/check/analyzeFile';
import { initParser } from '../../../simulator/src/frontend';
import { costModelFor, instructionCost, type TensorContext } from '../../../simulator/src/perf/costs';
import { HARDWARE } from '../../../simulator/src/perf/hardware/index';
import type { Instruction } from '../../../simulator/src/tracer/instruction';
import type { KernelTrace } from '../../../simulator/src/tracer/traceKernel';
import { TraceBuilder } from './builder';

// Costs of instructions as the real tracer records them (it sizes an instruction by its output:
// `freeElements` of a reduction is 1), priced by hand from trainium-perf.md §1.4.
const fresh: TensorContext = { prevWasMatmul: false, prevWasTranspose: false };
const close = (actual: number, expected: number) =>
  assert.ok(Math.abs(actual - expected) <= 1e-6 * Math.max(1, Math.abs(expected)), `${actual} ≈ ${expected}`);

const kernel = [
  'import neuronxcc.nki as nki', 'import neuronxcc.nki.isa as nisa', 'import neuronxcc.nki.language as nl', '',
  '@nki.jit', 'def k(x, y):',
  '    out = nl.ndarray((128, 2), dtype=nl.float32, buffer=nl.shared_hbm)',
  '    out2 = nl.ndarray((128, 128), dtype=nl.bfloat16, buffer=nl.shared_hbm)',
  '    xs = nl.load(x)',
  '    ys = nl.load(y)',
  '    m = nisa.tensor_reduce(op=nl.max, data=xs, axis=1)',
  '    s = nisa.tensor_reduce(op=nl.add, data=ys, axis=1, dtype=nl.bfloat16)',
  '    t = nisa.nc_transpose(ys[:, 0:128])',
  '    tc = nisa.tensor_copy(t, dtype=nl.bfloat16)',
  '    nl.store(out[:, 0:1], value=m)',
  '    nl.store(out[:, 1:2], value=s)',
  '    nl.store(out2, value=tc)',
  '    return out, out2', '',
].join('\n');

describe('instruction costs of traced kernels', () => {
  let trace: KernelTrace;
  before(async () => {
    await initParser();
    await analyzeFile('/k.py', kernel, {
      shapes: [{ arg: 'x', dtype: 'float32', shape: [128, 512] }, { arg: 'y', dtype: 'bfloat16', shape: [128, 512] }],
      onTrace: (t) => { trace = t; },
    });
    assert.equal(trace.status, 'complete');
  });

  const ofOpcode = (opcode: string) => trace.session.instructions.filter((i) => i.opcode === opcode);
  function cost(ins: Instruction, target: keyof typeof HARDWARE) {
    const byId = new Map(trace.session.storages.map((s) => [s.id, s]));
    return instructionCost(ins, (id) => byId.get(id), costModelFor(HARDWARE[target]), fresh);
  }

  it('prices a reduction by the elements it reads, not by its [P, 1] result', () => {
    const [max, sum] = ofOpcode('tensor_reduce');
    assert.equal(max.freeElements, 1); // the tracer sizes by the output
    // fp32 max over 512 elements: N = 512 VectorE cycles (not MIN_II 64): 512 / 1.12 GHz = 457.14 ns on trn1
    const c = cost(max, 'trn1');
    assert.equal(c.elems, 512);
    close(c.durationNs, (512 / 1.12e9) * 1e9);
    close(c.overheadNs, 0);
    // 512 / 0.96 GHz on trn2 (fp32: no 16-bit performance mode)
    close(cost(max, 'trn2').durationNs, (512 / 0.96e9) * 1e9);
    // bf16 in/out add: N/2 = 256 cycles at 1.12 GHz
    close(cost(sum, 'trn1').durationNs, (256 / 1.12e9) * 1e9);
  });

  it('keeps a TensorE transpose in its input dtype, so its bf16 PSUM reader gets the trn2 2x mode', () => {
    const [t] = ofOpcode('nc_transpose');
    const out = trace.session.storages[t.operands[0].access.storage];
    assert.equal(out.buffer, 'psum');
    assert.equal(out.dtype, 'bfloat16');
    const copy = ofOpcode('tensor_copy').find((i) => i.operands.some((o) => o.access.storage === out.id))!;
    // trn2: bf16 PSUM -> bf16 SBUF, one side PSUM: 2x mode, max(64, 128 / 2) = 64 cycles at 0.96 GHz
    const c2 = cost(copy, 'trn2');
    assert.equal(c2.perfMode, 2);
    close(c2.durationNs, (64 / 0.96e9) * 1e9);
    // trn1: no performance modes, 128 cycles at 1.12 GHz
    close(cost(copy, 'trn1').durationNs, (128 / 1.12e9) * 1e9);
  });

  it('takes nl.maximum as the fast bf16 max reduction (N/2), like nl.max', () => {
    const b = new TraceBuilder();
    const src = b.sbuf('src', [128, 1024], 'bfloat16');
    const dst = b.sbuf('dst', [128, 1], 'bfloat16');
    const ins = b.tensorCopy(b.view(dst), b.view(src));
    ins.opcode = 'tensor_reduce';
    ins.attrs = { op: 'maximum' };
    const byId = new Map(b.storages.map((s) => [s.id, s]));
    // bf16 in/out max over 1024 elements: 1024 / 2 = 512 VectorE cycles at 1.12 GHz
    close(instructionCost(ins, (id) => byId.get(id), costModelFor(HARDWARE.trn1), fresh).durationNs, (512 / 1.12e9) * 1e9);
  });

  it('counts Beta 1 leading block dims of an input as free elements', () => {
    // A [128, 8] result of a reduction over an input viewed as [4, 128, 8, 64] (no partition range
    // known): 4 · 128 · 8 · 64 / 128 partitions = 2048 elements per partition.
    const b = new TraceBuilder();
    const src = b.sbuf('src', [128, 2048], 'float32');
    const dst = b.sbuf('dst', [128, 8], 'float32');
    const data = { ...b.view(src), shape: [4, 128, 8, 64], strides: [512, 2048, 64, 1], partitionRange: undefined };
    const ins = b.tensorCopy(b.view(dst), data);
    ins.opcode = 'tensor_reduce';
    ins.attrs = { op: 'max' };
    ins.partitions = 128;
    ins.freeElements = 8;
    const byId = new Map(b.storages.map((s) => [s.id, s]));
    const c = instructionCost(ins, (id) => byId.get(id), costModelFor(HARDWARE.trn1), fresh);
    assert.equal(c.elems, 2048);
    close(c.durationNs, (2048 / 1.12e9) * 1e9);
  });
});

describe('memset costs of traced kernels', () => {
  const fills = [
    'import nki', 'import nki.isa as nisa', 'import nki.language as nl', '',
    '@nki.jit', 'def f(a):',
    '    out = nl.ndarray((128, 512), dtype=a.dtype, buffer=nl.shared_hbm)',
    '    z = nl.ndarray((128, 512), dtype=nl.bfloat16, buffer=nl.sbuf)',
    '    nisa.memset(dst=z, value=0.0)',
    '    o = nl.ndarray((128, 512), dtype=nl.bfloat16, buffer=nl.sbuf)',
    '    nisa.memset(dst=o, value=1.0)',
    '    w = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)',
    '    nisa.memset(dst=w, value=0.0)',
    '    nisa.tensor_tensor(dst=z, data1=z, data2=o, op=nl.add)',
    '    nisa.tensor_tensor(dst=w, data1=w, data2=z, op=nl.add)',
    '    nisa.dma_copy(dst=out, src=w)',
    '    return out', '',
  ].join('\n');

  it('runs a zero fill of a 16-bit tile at N/2 and any other fill at N (the value reaches the cost model)', async () => {
    await initParser();
    let trace: KernelTrace | undefined;
    await analyzeFile('/f.py', fills, { shapes: [{ arg: 'a', dtype: 'float32', shape: [128, 512] }], onTrace: (t) => { trace = t; } });
    assert.equal(trace!.status, 'complete');
    const byId = new Map(trace!.session.storages.map((s) => [s.id, s]));
    const sets = trace!.session.instructions.filter((i) => i.opcode === 'memset');
    assert.equal(sets.length, 3);
    const ns = sets.map((i) => instructionCost(i, (id) => byId.get(id), costModelFor(HARDWARE.trn1), fresh).durationNs);
    // bf16 zero: 512 / 2 = 256 cycles; bf16 one: 512 cycles; fp32 zero: 512 cycles (1.12 GHz)
    close(ns[0], (256 / 1.12e9) * 1e9);
    close(ns[1], (512 / 1.12e9) * 1e9);
    close(ns[2], (512 / 1.12e9) * 1e9);
  });
});
