import { strict as assert } from 'node:assert';
import { bindArgs, getNkiModel, type ApiVariant, type ParamSpec } from '../../../simulator/src/nki';

const P = (name: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({ name, kind: 'positional-or-keyword', role: 'other', doc: name, ...extra });
const none = { t: 'none' } as const;
const params: ParamSpec[] = [P('dst'), P('data'), P('op'), P('engine', { default: none })];

function variantOf(name: string, version: '0.3' | 'beta1' = '0.3'): ApiVariant {
  const r = getNkiModel(version, 'trn3').lookup(name);
  assert.equal(r.status, 'available');
  return (r as { variant: ApiVariant }).variant;
}

describe('bindArgs', () => {
  it('binds positional then keyword arguments in declaration order', () => {
    const r = bindArgs(params, ['D', 'X'], { op: 'ADD' });
    assert.equal(r.ok, true);
    assert.deepEqual([...r.bound.entries()], [['dst', 'D'], ['data', 'X'], ['op', 'ADD']]);
    assert.deepEqual([...r.defaulted.keys()], ['engine']);
  });

  it('reports an unexpected keyword', () => {
    const r = bindArgs<unknown>(params, ['D', 'X', 'ADD'], { bogus: 1 }, { functionName: 'nisa.tensor_copy' });
    assert.equal(r.ok, false);
    assert.deepEqual(r.errors.map((e) => [e.code, e.param]), [['unexpected-keyword', 'bogus']]);
    assert.equal(r.errors[0].message, "nisa.tensor_copy() got an unexpected keyword argument 'bogus'");
  });

  it('reports a missing required argument', () => {
    const r = bindArgs(params, ['D'], { op: 'ADD' });
    assert.deepEqual(r.errors.map((e) => [e.code, e.param]), [['missing-required', 'data']]);
  });

  it('reports too many positional arguments once', () => {
    const r = bindArgs(params, [1, 2, 3, 4, 5, 6]);
    assert.deepEqual(r.errors.map((e) => [e.code, e.positionalIndex]), [['too-many-positional', 4]]);
    assert.match(r.errors[0].message, /takes 4 positional arguments but 6 were given/);
  });

  it('reports multiple values for one parameter', () => {
    const r = bindArgs(params, ['D', 'X', 'ADD'], { data: 'Y' });
    assert.deepEqual(r.errors.map((e) => [e.code, e.param]), [['multiple-values', 'data']]);
  });

  it('rejects keyword use of positional-only parameters', () => {
    const r = bindArgs([P('a', { kind: 'positional-only' })], [], { a: 1 });
    assert.deepEqual(r.errors.map((e) => e.code), ['positional-only-by-keyword', 'missing-required']);
  });

  it('collects *args and **kwargs without errors', () => {
    const r = bindArgs([P('k'), { name: 'args', kind: 'varargs', role: 'other', doc: '' }, { name: 'kw', kind: 'kwargs', role: 'other', doc: '' }], [1, 2, 3], { x: 9 });
    assert.equal(r.ok, true);
    assert.deepEqual(r.varargs, [2, 3]);
    assert.deepEqual([...r.extraKeywords.entries()], [['x', 9]]);
  });

  it('treats keyword-only parameters as unreachable by position', () => {
    const r = bindArgs([P('a'), { name: 'b', kind: 'keyword-only', role: 'other', doc: '', default: none }], [1, 2]);
    assert.equal(r.errors[0].code, 'too-many-positional');
  });

  it('downgrades unknown keywords to warnings for lenient releases', () => {
    const r = bindArgs<unknown>(params, ['D', 'X', 'ADD'], { bogus: 1 }, { strictKeywords: false });
    assert.equal(r.ok, true);
    assert.deepEqual(r.errors.map((e) => [e.code, e.severity]), [['ignored-keyword', 'warning']]);
    assert.deepEqual([...r.extraKeywords.keys()], ['bogus']);
  });

  it('explains keywords removed from a variant with the replacement', () => {
    const r = bindArgs(variantOf('nki.isa.dma_copy'), ['D', 'S'], { dst_rmw_op: 'ADD' }, { functionName: 'nisa.dma_copy' });
    assert.equal(r.errors[0].code, 'removed-keyword');
    assert.match(r.errors[0].replacement ?? '', /dma_compute/);
    const s = bindArgs(variantOf('nki.isa.sendrecv'), [], { src: 1, dst: 2, send_to_rank: 0, recv_from_rank: 1, pipe_id: 0, use_gpsimd_dma: true });
    assert.equal(s.errors[0].code, 'removed-keyword');
    assert.equal(s.errors[0].mechanical, true);
  });

  it('binds real table variants, e.g. the 0.3 nc_matmul and a Beta 1 nl.load with extra keywords', () => {
    const mm = bindArgs<unknown>(variantOf('nki.isa.nc_matmul'), ['psum', 'a', 'b'], { accumulate: true });
    assert.equal(mm.ok, true);
    assert.equal(mm.defaulted.get('perf_mode')?.t, 'ref');
    const ld = bindArgs(variantOf('nki.language.load', 'beta1'), ['hbm'], { mask: 'm', dtype: 'bf16', mode: 'x' });
    assert.equal(ld.ok, true);
    assert.deepEqual([...ld.extraKeywords.keys()], ['mode']);
  });

  it('refuses to bind a name that is not callable', () => {
    const r = bindArgs(variantOf('nki.language.bfloat16'), [], {});
    assert.deepEqual(r.errors.map((e) => e.code), ['not-callable']);
  });

  it('is generic over the argument value type', () => {
    interface Node { readonly id: number }
    const r = bindArgs<Node>(params, [{ id: 1 }, { id: 2 }], new Map([['op', { id: 3 }]]));
    const op: Node | undefined = r.bound.get('op');
    assert.equal(op?.id, 3);
  });
});
