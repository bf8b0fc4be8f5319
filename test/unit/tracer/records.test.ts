import { strict as assert } from 'node:assert';
import { initParser } from '../../../simulator/src/frontend';
import { analyzeFile } from '../../../simulator/src/check/analyzeFile';
import type { KernelTrace } from '../../../simulator/src/tracer/traceKernel';

/**
 * Instructions of a loop body share read-only records (operands, attrs, args) while a call site
 * repeats them; each instruction must still show its own iteration's values.
 */
describe('tracer: records shared across loop iterations', () => {
  before(async () => { await initParser(); });

  const kernel = [
    'import nki', 'import nki.isa as nisa', 'import nki.language as nl', '',
    '@nki.jit', 'def k(a):',
    '    out = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.shared_hbm)',
    '    acc = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)',
    '    axes = [1]',
    '    for i in range(4):',
    '        nisa.memset(dst=acc, value=i // 2)',
    '        t = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)',
    '        nisa.tensor_scalar(dst=t, data=acc, op0=nl.multiply if i < 2 else nl.add, operand0=2.0)',
    '        r = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)',
    '        if i == 2:',
    '            axes[0] = -1',
    '        nisa.tensor_reduce(dst=r, op=nl.add, data=t, axis=axes)',
    '        nisa.dma_copy(dst=out, src=r)',
    '    return out', '',
  ].join('\n');

  async function trace(): Promise<KernelTrace> {
    let t: KernelTrace | undefined;
    await analyzeFile('/records.py', kernel, { shapes: [{ arg: 'a', dtype: 'float32', shape: [128, 512] }], onTrace: (x) => { t = x; } });
    return t!;
  }

  it('gives every instruction its own iteration\'s arguments and attributes', async () => {
    const t = await trace();
    assert.equal(t.status, 'complete');
    const ops = (name: string) => t.session.instructions.filter((i) => i.opcode === name);
    const memsets = ops('memset');
    assert.deepEqual(memsets.map((m) => m.args?.value), [0, 0, 1, 1]);
    // Equal arguments at one call site: one record; a changed value: a new one.
    assert.equal(memsets[0].args, memsets[1].args);
    assert.notEqual(memsets[1].args, memsets[2].args);
    assert.deepEqual(ops('tensor_scalar').map((i) => i.attrs.op0), ['multiply', 'multiply', 'add', 'add']);
    // A list changed in place between calls is compared by its contents.
    assert.deepEqual(ops('tensor_reduce').map((i) => i.args?.axis), [[1], [1], [-1], [-1]]);
  });

  it('shares operand records of a tile that keeps its role, and not across tiles', async () => {
    const t = await trace();
    const scalars = t.session.instructions.filter((i) => i.opcode === 'tensor_scalar');
    const reads = scalars.map((i) => i.operands.find((o) => o.param === 'data')!);
    const writes = scalars.map((i) => i.operands.find((o) => o.param === 'dst')!);
    // `acc` is allocated once, outside the loop: the same read record every iteration.
    assert.equal(reads[0], reads[3]);
    assert.equal(reads[0].role, 'read');
    // `t` is a new tile each iteration: its own record and storage.
    assert.notEqual(writes[0], writes[1]);
    assert.notEqual(writes[0].access.storage, writes[1].access.storage);
    // The memset writes acc, then tensor_scalar reads it: one access record, two roles.
    const memset = t.session.instructions.find((i) => i.opcode === 'memset')!;
    assert.equal(memset.operands[0].access, reads[0].access);
    assert.equal(memset.operands[0].role, 'write');
  });
});
