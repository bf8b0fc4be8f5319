import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { analyzeFile } from '../../../simulator/src/check/analyzeFile';
import { main } from '../../../simulator/src/cli/main';
import { initParser, parsePython, type FunctionDef } from '../../../simulator/src/frontend';
import {
  QWEN3_CONFIGS, QWEN3_MODELS, assembleReport, attentionBinding, bundledInputs, bundledKernel, bundledKernelDir, cacheKey, decoderLayerOps, finalOps,
  qwen3Problem, shapeProblem, timeKernel, TimingCache, type Qwen3Op, type Qwen3Speedups,
} from '../../../simulator/src/qwen3';
import { repoRoot } from '../../helpers/lspClient';

const kernelDir = join(repoRoot, 'examples/qwen3');

async function params(src: string): Promise<FunctionDef['params']> {
  await initParser();
  const def = parsePython(src).body.find((s): s is FunctionDef => s.kind === 'FunctionDef');
  assert.ok(def);
  return def.params;
}

describe('qwen3: configurations', () => {
  it('has the six dense models with their Hugging Face config values', () => {
    assert.deepEqual([...QWEN3_MODELS], Object.keys(QWEN3_CONFIGS));
    const c = QWEN3_CONFIGS['0.6b'];
    assert.deepEqual(
      [c.hiddenSize, c.layers, c.heads, c.kvHeads, c.headDim, c.intermediateSize, c.vocabSize, c.rmsNormEps, c.ropeTheta, c.qkNorm],
      [1024, 28, 16, 8, 128, 3072, 151936, 1e-6, 1_000_000, true],
    );
    const dims = Object.fromEntries(Object.values(QWEN3_CONFIGS).map((m) => [m.name, [m.hiddenSize, m.layers, m.heads, m.kvHeads, m.intermediateSize]]));
    assert.deepEqual(dims, {
      '0.6b': [1024, 28, 16, 8, 3072], '1.7b': [2048, 28, 16, 8, 6144], '4b': [2560, 36, 32, 8, 9728],
      '8b': [4096, 36, 32, 8, 12288], '14b': [5120, 40, 40, 8, 17408], '32b': [5120, 64, 64, 8, 25600],
    });
  });

  it('every model groups its query heads evenly over the kv heads', () => {
    for (const m of Object.values(QWEN3_CONFIGS)) assert.equal(m.heads % m.kvHeads, 0, m.name);
  });
});

describe('qwen3: decomposition', () => {
  it('lists a 0.6B decoder layer as Hugging Face runs it, at the real shapes', () => {
    const ops = decoderLayerOps(QWEN3_CONFIGS['0.6b'], 2048, 1);
    assert.deepEqual(ops.map((o) => o.name), [
      'input_layernorm', 'q_proj', 'k_proj', 'v_proj', 'q_norm', 'k_norm', 'rotary', 'attention', 'o_proj', 'residual_attn',
      'post_attention_layernorm', 'gate_proj', 'up_proj', 'act_mul', 'down_proj', 'residual_mlp',
    ]);
    const shape = (name: string, tensor: string, call = 0): number[] => ops.find((o) => o.name === name)!.calls[call].tensors[tensor].shape;
    assert.deepEqual(shape('input_layernorm', 'x'), [2048, 1024]);
    assert.deepEqual(shape('q_proj', 'w'), [1024, 2048]);
    assert.deepEqual(shape('k_proj', 'w'), [1024, 1024]);
    assert.deepEqual(shape('q_norm', 'x'), [2048 * 16, 128]);
    assert.deepEqual(shape('k_norm', 'x'), [2048 * 8, 128]);
    assert.deepEqual(shape('rotary', 'x', 0), [2048, 2048]);
    assert.deepEqual(shape('rotary', 'x', 1), [2048, 1024]);
    assert.deepEqual(shape('o_proj', 'w'), [2048, 1024]);
    assert.deepEqual(shape('gate_proj', 'w'), [1024, 3072]);
    assert.deepEqual(shape('down_proj', 'w'), [3072, 1024]);
    assert.deepEqual(shape('act_mul', 'gate'), [2048, 3072]);
    const attention = ops.find((o) => o.name === 'attention')!;
    assert.deepEqual(attention.calls[0].tensors.q.shape, [2048, 128]);
    assert.equal(attention.calls[0].count, 16, 'one call per query head');
    assert.deepEqual(finalOps(QWEN3_CONFIGS['0.6b'], 2048, 1).map((o) => [o.name, o.calls[0].tensors.x.shape]), [['norm', [2048, 1024]]]);
  });

  it('scales tokens with the batch and attention calls with batch x heads', () => {
    const ops = decoderLayerOps(QWEN3_CONFIGS['8b'], 1024, 3);
    assert.deepEqual(ops.find((o) => o.name === 'q_proj')!.calls[0].tensors.x.shape, [3072, 4096]);
    const att = ops.find((o) => o.name === 'attention')!.calls[0];
    assert.equal(att.count, 3 * 32);
    assert.deepEqual(att.tensors.q.shape, [1024, 128]);
  });

  it('refuses sequences the bundled kernels cannot tile', () => {
    assert.match(shapeProblem(1000, 1)!, /multiple of 512/);
    assert.equal(shapeProblem(16384, 1), undefined);
  });
});

describe('qwen3: kernel inputs', () => {
  const cfg = QWEN3_CONFIGS['0.6b'];
  const ops = decoderLayerOps(cfg, 1024, 1);

  it('feeds bundled linear kernels the activations transposed and passes eps to norms', () => {
    const q = ops.find((o) => o.name === 'q_proj')!;
    assert.deepEqual(bundledInputs('linear', q.calls[0], cfg, ['xT', 'w']).shapes, [
      { arg: 'xT', dtype: 'bfloat16', shape: [1024, 1024] }, { arg: 'w', dtype: 'bfloat16', shape: [1024, 2048] },
    ]);
    const n = ops.find((o) => o.name === 'q_norm')!;
    assert.deepEqual(bundledInputs('rmsnorm', n.calls[0], cfg, ['x', 'w', 'eps']).scalars, { eps: 1e-6 });
  });

  it('gives the causal mask only to an attention kernel that takes one', () => {
    const a = ops.find((o) => o.name === 'attention')!.calls[0];
    assert.deepEqual(bundledInputs('attention', a, cfg, ['q_t', 'k_t', 'v', 'mask']).shapes.map((s) => [s.arg, s.shape]),
      [['q_t', [128, 1024]], ['k_t', [128, 1024]], ['v', [1024, 128]], ['mask', [1024, 1024]]]);
    assert.deepEqual(bundledInputs('attention', a, cfg, ['q_t', 'k_t', 'v']).shapes.map((s) => s.arg), ['q_t', 'k_t', 'v']);
  });

  it('binds a user attention kernel by parameter names and layout conventions', async () => {
    const twoD = attentionBinding(await params('def f(q_t, k_t, v): pass'), 1024, 128, 'bfloat16');
    assert.ok(!('error' in twoD));
    assert.deepEqual(twoD.shapes.map((s) => s.shape), [[128, 1024], [128, 1024], [1024, 128]]);

    const demo = attentionBinding(await params('def f(query, key, value): pass'), 1024, 64, 'bfloat16');
    assert.ok(!('error' in demo));
    assert.deepEqual(demo.shapes.map((s) => s.shape), [[1, 64, 1024], [1, 64, 1024], [1, 1024, 64]]);

    const lib = attentionBinding(await params('def f(q, k, v, scale=1.0, causal_mask=True, k_prior=None, tp_q=True, tp_k=False): pass'), 2048, 128, 'bfloat16');
    assert.ok(!('error' in lib));
    assert.deepEqual(lib.shapes.map((s) => [s.arg, s.shape]), [['q', [1, 2048, 128]], ['k', [1, 128, 2048]], ['v', [1, 2048, 128]]]);
    assert.equal(lib.scalars.scale, 1 / Math.sqrt(128));

    const flipped = attentionBinding(await params('def f(q, k, v, tp_q=False, tp_k=True): pass'), 512, 128, 'bfloat16');
    assert.ok(!('error' in flipped));
    assert.deepEqual(flipped.shapes.map((s) => s.shape), [[1, 128, 512], [1, 512, 128], [1, 512, 128]]);
  });

  it('says which parameter it cannot bind', async () => {
    const r = attentionBinding(await params('def f(q, k, v, bias): pass'), 512, 128, 'bfloat16');
    assert.ok('error' in r);
    assert.match(r.error, /cannot bind parameter 'bias'/);
    const missing = attentionBinding(await params('def f(q, k): pass'), 512, 128, 'bfloat16');
    assert.ok('error' in missing);
    assert.match(missing.error, /no parameter for v/);
  });
});

describe('qwen3: bundled kernels', function () {
  this.timeout(60_000);
  it('are found in dist/qwen3 next to the bundled CLI, else in examples/qwen3 above it', () => {
    const dist = mkdtempSync(join(tmpdir(), 'qwen3-dist-'));
    mkdirSync(join(dist, 'qwen3'));
    writeFileSync(join(dist, 'qwen3', 'attention.py'), '');
    assert.equal(bundledKernelDir(dist), join(dist, 'qwen3'));
    assert.equal(bundledKernelDir(join(repoRoot, 'out/simulator/src/qwen3')), kernelDir);
  });

  for (const file of readdirSync(kernelDir).filter((f) => f.endsWith('.py'))) {
    it(`${file} checks clean and traces every kernel completely`, async () => {
      const path = join(kernelDir, file);
      const report = await analyzeFile(path, readFileSync(path, 'utf8'));
      assert.equal(report.internalError, undefined);
      assert.deepEqual(report.diagnostics.map((d) => `${d.code} ${d.message}`), []);
      assert.ok(report.kernels.length > 0);
      for (const k of report.kernels) assert.equal(k.traced, 'complete', k.name);
    });
  }
});

describe('qwen3: timing cache', function () {
  this.timeout(60_000);
  const ref = bundledKernel('rmsnorm', 'nki', kernelDir);
  const source = readFileSync(ref.path, 'utf8');
  const inputs = { shapes: [{ arg: 'x', dtype: 'bfloat16', shape: [256, 512] }, { arg: 'w', dtype: 'bfloat16', shape: [1, 512] }], scalars: { eps: 1e-6 } };
  const opts = { target: 'trn2' as const, traceTimeoutMs: 30_000 };

  it('keys on source, kernel, shapes, scalars and target', () => {
    const k = cacheKey(source, ref.kernel, inputs, 'trn2');
    assert.equal(cacheKey(source, ref.kernel, { ...inputs, shapes: [...inputs.shapes].reverse() }, 'trn2'), k, 'shape order does not matter');
    assert.notEqual(cacheKey(`${source}\n`, ref.kernel, inputs, 'trn2'), k);
    assert.notEqual(cacheKey(source, 'rmsnorm_unfused', inputs, 'trn2'), k);
    assert.notEqual(cacheKey(source, ref.kernel, inputs, 'trn1'), k);
    assert.notEqual(cacheKey(source, ref.kernel, { ...inputs, scalars: { eps: 1e-5 } }, 'trn2'), k);
    assert.notEqual(cacheKey(source, ref.kernel, { ...inputs, shapes: [{ ...inputs.shapes[0], shape: [384, 512] }, inputs.shapes[1]] }, 'trn2'), k);
  });

  it('simulates once per run and reuses the result from memory, then from disk in a later run', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qwen3-cache-'));
    const first = new TimingCache(dir);
    const a = await timeKernel(ref, source, inputs, opts, first);
    assert.equal(a.cached, false);
    assert.ok(a.ns > 0 && a.instructions > 0);
    const b = await timeKernel(ref, source, inputs, opts, first);
    assert.deepEqual([b.cached, b.ns, b.instructions], ['memory', a.ns, a.instructions]);
    const later = new TimingCache(dir);
    const c = await timeKernel(ref, source, inputs, opts, later);
    assert.deepEqual([c.cached, c.ns], ['disk', a.ns]);
    const bigger = await timeKernel(ref, source, { ...inputs, shapes: [{ ...inputs.shapes[0], shape: [1024, 512] }, inputs.shapes[1]] }, opts, later);
    assert.equal(bigger.cached, false);
    assert.ok(bigger.ns > a.ns, 'four times the rows take longer');
  });

  it('explains a kernel that cannot be traced', async () => {
    await assert.rejects(timeKernel({ path: ref.path, kernel: 'nope' }, source, inputs, opts, new TimingCache()), /no kernel named 'nope'/);
  });
});

describe('qwen3: report', () => {
  const cfg = QWEN3_CONFIGS['0.6b'];
  const op = (name: string, baselineNs: number, nkiNs: number, replaced: boolean): Qwen3Op => ({ name, baselineNs, nkiNs, optimisedNs: replaced ? nkiNs : baselineNs, replaced });
  const base = { model: '0.6b' as const, seq: 512, batch: 2, attention: 'flash' as const, replace: 'attention' as const, target: 'trn2' as const };

  it('adds up layers, rates, shares and Amdahl bounds', () => {
    const layers = [0, 1].map((index) => ({ index, ops: [op('attention', 600, 100, true), op('mlp', 300, 150, false)] }));
    const r = assembleReport(base, cfg, layers, [op('norm', 100, 50, false)]);
    assert.equal(qwen3Problem(r), undefined);
    assert.deepEqual(r.totals, { baselineNs: 1900, optimisedNs: 900 });
    assert.equal(r.totalNs, 900);
    assert.equal(r.promptsPerSecond.baseline, 2 / 1900e-9);
    const att = r.ops!.find((o) => o.name === 'attention')!;
    assert.equal(att.baselineShare, 1200 / 1900);
    assert.equal(att.amdahlBound, 1900 / 700);
    assert.equal(att.nkiAloneSpeedup, 1900 / 900);
    const mlp = r.ops!.find((o) => o.name === 'mlp')!;
    assert.deepEqual([mlp.optimisedNs, mlp.nkiNs], [600, 300]);
  });

  it('validates the schema and names the broken field', () => {
    const good = assembleReport(base, cfg, [{ index: 0, ops: [op('attention', 2, 1, true)] }], []);
    const broken = (patch: Record<string, unknown>): string | undefined => qwen3Problem({ ...good, ...patch });
    assert.equal(qwen3Problem(good), undefined);
    assert.match(broken({ schema: 'x' })!, /schema/);
    assert.match(broken({ layers: [{ index: 0, ops: [{ name: 'a', baselineNs: -1, optimisedNs: 1 }] }] })!, /layers\[0\]\.ops\[0\]/);
    assert.match(broken({ layers: [{ index: 0, ops: [{ name: 'a', baselineNs: 1, optimisedNs: 1, calls: 0 }] }] })!, /calls/);
    assert.match(broken({ totals: {} })!, /totals/);
    assert.match(broken({ totalNs: 'fast' })!, /totalNs/);
    assert.match(broken({ replace: 'some' })!, /replace/);
    assert.match(broken({ ops: [{ name: 'a' }] })!, /ops\[0\]/);
    assert.match(broken({ final: [{}] })!, /final\[0\]/);
  });
});

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let o = '';
  let e = '';
  out.on('data', (d) => { o += d; });
  err.on('data', (d) => { e += d; });
  const code = await main(argv, { out, err });
  return { code, out: o, err: e };
}

describe('qwen3: CLI', function () {
  this.timeout(240_000);
  const cache = mkdtempSync(join(tmpdir(), 'qwen3-cli-'));

  it('reports per-layer baseline and NKI times as JSON at a small sequence', async () => {
    const r = await cli(['qwen3', '--model', '0.6b', '--layers', '2', '--seq', '512', '--attention', 'flash', '--format', 'json', '--cache', cache]);
    assert.equal(r.code, 0, r.err);
    const report = JSON.parse(r.out) as Qwen3Speedups;
    assert.equal(qwen3Problem(report), undefined);
    assert.equal(report.layers.length, 2);
    assert.equal(report.modelLayers, 28);
    assert.equal(report.totalNs, report.totals.optimisedNs);
    const ops = report.layers[0].ops;
    assert.equal(ops.length, 16);
    const att = ops.find((o) => o.name === 'attention')!;
    assert.deepEqual([att.replaced, att.kernel, att.baselineKernel, att.calls], [true, 'flash_attention', 'attention_naive', 16]);
    assert.ok(att.nkiNs! < att.baselineNs, 'flash beats naive attention');
    for (const o of ops.filter((x) => x.name !== 'attention')) assert.equal(o.optimisedNs, o.baselineNs, `${o.name} keeps its baseline by default`);
    assert.deepEqual(report.layers[1].ops, ops, 'identical layers');
    const sum = report.layers.flatMap((l) => l.ops).concat(report.final ?? []).reduce((s, o) => s + o.optimisedNs, 0);
    assert.ok(Math.abs(sum - report.totals.optimisedNs) < 1e-6 * sum);
  });

  it('replaces every op with --replace all and prints the text table', async () => {
    const r = await cli(['qwen3', '--model', '0.6b', '--layers', '1', '--seq', '512', '--attention', 'naive', '--replace', 'all', '--cache', cache]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Qwen3-0\.6B prefill on trn2: 1 of 28 layers, seq 512/);
    assert.match(r.out, /\*q_proj\s+\S+ \S+\s+\S+ \S+\s+[\d.]+x/);
    assert.match(r.out, /attention_naive -> attention_naive/);
    assert.match(r.out, /End to end: .* latency\); prompts\/s/);
    assert.match(r.out, /Amdahl/);
  });

  it('explains a missing attention kernel file and exits 1', async () => {
    const r = await cli(['qwen3', '--model', '0.6b', '--layers', '1', '--seq', '512', '--attention', 'no/such.py:attn', '--cache', cache]);
    assert.equal(r.code, 1);
    assert.match(r.err, /cannot read .*no\/such\.py/);
  });

  it('refuses a sequence length the kernels cannot tile', async () => {
    const r = await cli(['qwen3', '--model', '0.6b', '--seq', '1000', '--attention', 'flash']);
    assert.equal(r.code, 1);
    assert.match(r.err, /multiple of 512/);
  });
});
