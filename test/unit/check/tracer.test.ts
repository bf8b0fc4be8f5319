import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile } from '../../../simulator/src/check/analyzeFile';
import type { KernelTrace } from '../../../simulator/src/tracer/traceKernel';
import { repoRoot } from '../../helpers/lspClient';

async function trace(path: string, text: string, options: Parameters<typeof analyzeFile>[2] = {}): Promise<{ traces: KernelTrace[]; report: Awaited<ReturnType<typeof analyzeFile>> }> {
  const traces: KernelTrace[] = [];
  const report = await analyzeFile(path, text, { ...options, onTrace: (t) => traces.push(t) });
  return { traces, report };
}

describe('kernel tracer', () => {
  it('traces the tiled matmul example completely, one instruction per NKI call per iteration', async () => {
    const path = join(repoRoot, 'examples/02_matmul_tiled.py');
    const { traces, report } = await trace(path, readFileSync(path, 'utf8'));
    assert.equal(report.kernels[0].traced, 'complete');
    const ops = traces[0].session.instructions.map((i) => i.opcode);
    // K = 1024: 8 iterations of (2 loads + matmul), then copy out of PSUM and store.
    assert.deepEqual(ops.filter((o) => o === 'nc_matmul').length, 8);
    assert.deepEqual(ops.filter((o) => o === 'dma_copy').length, 17);
    assert.deepEqual(ops.slice(-2), ['tensor_copy', 'dma_copy']);
    const mm = traces[0].session.instructions.find((i) => i.opcode === 'nc_matmul')!;
    assert.equal(mm.engine, 'tensor');
    assert.equal(mm.loops.length, 1);
    assert.deepEqual(mm.operands.map((o) => `${o.param}:${o.role}`), ['dst:write', 'stationary:read', 'moving:read']);
    assert.equal(mm.span.line, 23); // 0-based: line 24 of the file
  });

  it('records hover facts for tensors bound to names', async () => {
    const path = join(repoRoot, 'examples/01_vector_add.py');
    const { traces } = await trace(path, readFileSync(path, 'utf8'));
    const fact = traces[0].session.facts.find((f) => f.name === 'a_tile')!;
    assert.deepEqual(fact.summary, { kind: 'tensor', storage: fact.summary.kind === 'tensor' ? fact.summary.storage : -1, shape: [128, 1024], dtype: 'float32', buffer: 'sbuf' });
  });

  it('follows imports of helper modules and reports at the call site in the checked file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nki-pkg-'));
    mkdirSync(join(dir, 'kern'));
    writeFileSync(join(dir, 'kern/__init__.py'), '');
    writeFileSync(join(dir, 'kern/helpers.py'), [
      'import nki.isa as nisa', 'import nki.language as nl', '',
      'def add_tiles(dst, x, y):', '    nisa.tensor_tensor(dst=dst, data1=x, data2=y, op=nl.add)', '',
    ].join('\n'));
    const kernel = [
      'import nki', 'import nki.isa as nisa', 'import nki.language as nl', 'from .helpers import add_tiles', '', '',
      '# nki-studio: shapes a=float32[128,512]', '@nki.jit', 'def k(a):',
      '    out = nl.ndarray((128, 512), dtype=a.dtype, buffer=nl.shared_hbm)',
      '    t = nl.ndarray((128, 512), dtype=a.dtype, buffer=nl.sbuf)',
      '    add_tiles(t, a, a)',
      '    nisa.dma_copy(dst=out, src=t)', '    return out', '',
    ].join('\n');
    writeFileSync(join(dir, 'kern/main.py'), kernel);
    const { report } = await trace(join(dir, 'kern/main.py'), kernel);
    const d = report.diagnostics.find((x) => x.code === 'NKI101')!;
    assert.ok(d, JSON.stringify(report.diagnostics));
    assert.equal(d.range.start.line, 11);
    assert.ok(d.related.some((r) => r.path?.endsWith('helpers.py') && r.range.start.line === 4), JSON.stringify(d.related));
  });

  it('never throws on broken or hostile code, and stops infinite loops within its budget', async function () {
    // The loop runs until the step budget given here (2 million steps, a fraction of a second).
    this.timeout(20_000);
    const src = [
      'import nki', 'import nki.language as nl', '', '@nki.jit', 'def k(a):', '    while True:', '        pass', '',
      '@nki.jit', 'def j(a):', '    return undefined_name + ', '',
    ].join('\n');
    const started = Date.now();
    const { report } = await trace('/tmp/hostile.py', src, { budget: { maxSteps: 2_000_000 } });
    assert.ok(Date.now() - started < 10_000);
    assert.equal(report.internalError, undefined);
    assert.ok(report.diagnostics.some((d) => d.code === 'NKI902' && /budget/.test(d.message)), JSON.stringify(report.diagnostics));
    assert.ok(report.diagnostics.some((d) => d.code === 'NKI000'));
  });

  it('checks against the version named by the user, not only the newest', async () => {
    const src = [
      'import nki', 'import nki.isa as nisa', 'import nki.language as nl', '',
      '# nki-studio: shapes a=float32[128,512]', '@nki.jit', 'def k(a):',
      '    out = nl.ndarray((128, 512), dtype=a.dtype, buffer=nl.shared_hbm)',
      '    for i in nl.dynamic_range(1):',
      '        t = nl.ndarray((128, 512), dtype=a.dtype, buffer=nl.sbuf)',
      '        nisa.dma_copy(dst=t, src=a)', '        nisa.dma_copy(dst=out, src=t)', '    return out', '',
    ].join('\n');
    const at05 = await trace('/tmp/v.py', src, { nkiVersion: '0.5' });
    assert.deepEqual(at05.report.diagnostics.filter((d) => d.code === 'NKI501'), []);
    const at07 = await trace('/tmp/v.py', src, { nkiVersion: '0.7' });
    assert.match(at07.report.diagnostics.find((d) => d.code === 'NKI501')!.message, /removed in NKI 0\.7/);
  });
});

describe('Beta 1 index expressions', () => {
  it('turn t[i*128 + ix, iy] into an exact strided view', async () => {
    const src = [
      'from neuronxcc import nki', 'import neuronxcc.nki.language as nl', '', '',
      '# nki-studio: shapes a=float32[256,512]', '@nki.jit', 'def k(a):',
      '    out = nl.ndarray((256, 512), dtype=a.dtype, buffer=nl.shared_hbm)',
      '    ix = nl.arange(128)[:, None]', '    iy = nl.arange(256)[None, :]',
      '    for i in nl.affine_range(2):',
      '        t = nl.load(a[i * 128 + ix, 2 * iy + 1])',
      '        nl.store(out[i * 128 + ix, iy], value=t)',
      '    return out', '',
    ].join('\n');
    const loads: unknown[] = [];
    await analyzeFile('/tmp/beta1_affine.py', src, {
      onTrace: (t) => t.session.instructions.filter((x) => x.opcode === 'load').forEach((x) => loads.push(x.operands.find((o) => o.param === 'src')!.access)),
    });
    const second = loads[1] as { shape: number[]; strides: number[]; offset: number };
    assert.deepEqual(second.shape, [128, 256]);
    assert.deepEqual(second.strides, [512, 2]);
    assert.equal(second.offset, 128 * 512 + 1);
  });
});
