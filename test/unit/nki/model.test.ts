import { strict as assert } from 'node:assert';
import { detectGeneration, getNkiModel, type LookupResult } from '../../../simulator/src/nki';

function available(r: LookupResult): Extract<LookupResult, { status: 'available' }> {
  assert.equal(r.status, 'available', `${r.name}: ${r.status === 'unavailable' ? r.message : r.status}`);
  return r as Extract<LookupResult, { status: 'available' }>;
}
function unavailable(r: LookupResult): Extract<LookupResult, { status: 'unavailable' }> {
  assert.equal(r.status, 'unavailable', r.name);
  return r as Extract<LookupResult, { status: 'unavailable' }>;
}

describe('NKI model lookups across versions', () => {
  it('has nl.load in Beta 1, not in 0.2, and again from 0.3', () => {
    available(getNkiModel('beta1', 'trn2').lookup('nki.language.load'));
    const gone = unavailable(getNkiModel('0.2', 'trn2').lookup('nki.language.load'));
    assert.equal(gone.reason, 'removed');
    assert.match(gone.replacement, /nisa\.dma_copy/);
    available(getNkiModel('0.3', 'trn2').lookup('nki.language.load'));
    available(getNkiModel('0.7', 'trn2').lookup('nki.language.load'));
  });

  it('removes nisa.tensor_copy_dynamic_src in 0.4 with replacement text, after deprecating it in 0.3', () => {
    const dep = available(getNkiModel('0.3', 'trn2').lookup('nki.isa.tensor_copy_dynamic_src'));
    assert.ok(dep.deprecation);
    const r = unavailable(getNkiModel('0.4', 'trn2').lookup('nki.isa.tensor_copy_dynamic_src'));
    assert.equal(r.reason, 'removed');
    assert.match(r.message, /removed in NKI 0\.4/);
    assert.match(r.replacement, /tensor_copy\(dst, src\.ap\(.*scalar_offset/);
    assert.equal(r.mechanical, false);
  });

  it('introduces nl.fori_loop in 0.6', () => {
    const r = unavailable(getNkiModel('0.5', 'trn2').lookup('nki.language.fori_loop'));
    assert.equal(r.reason, 'not-yet');
    assert.match(r.replacement, /0\.6/);
    const ok = available(getNkiModel('0.6', 'trn2').lookup('nki.language.fori_loop'));
    assert.deepEqual(ok.variant.params?.map((p) => p.name), ['lower', 'upper', 'body_fun', 'step']);
  });

  it('deprecates nl.dynamic_range in 0.6 and removes it in 0.7', () => {
    assert.equal(getNkiModel('0.5', 'trn2').lookup('nki.language.dynamic_range').status, 'available');
    assert.ok(available(getNkiModel('0.6', 'trn2').lookup('nki.language.dynamic_range')).deprecation);
    const r = unavailable(getNkiModel('0.7', 'trn2').lookup('nki.language.dynamic_range'));
    assert.match(r.replacement, /fori_loop/);
    unavailable(getNkiModel('beta1', 'trn2').lookup('nki.language.dynamic_range'));
  });

  it('resolves Beta 1 neuronxcc names to the same entries as nki names', () => {
    const m = getNkiModel('beta1', 'trn2');
    const a = available(m.lookup('neuronxcc.nki.isa.nc_matmul'));
    const b = available(m.lookup('nki.isa.nc_matmul'));
    assert.equal(a.entry, b.entry);
    assert.equal(a.legacyNamespace, true);
    assert.equal(b.legacyNamespace, false);
    assert.deepEqual(a.variant.returns, { kind: 'tile', buffer: 'psum' });
  });

  it('switches nisa.activation from a tile-returning call in Beta 1 to a dst-first call in 0.2+', () => {
    const b1 = available(getNkiModel('beta1', 'trn2').lookup('nki.isa.activation')).variant;
    assert.equal(b1.params?.[0].name, 'op');
    assert.equal(b1.returns.kind, 'tile');
    assert.ok(b1.params?.some((p) => p.name === 'mask' && p.kind === 'keyword-only'));
    const v2 = available(getNkiModel('0.2', 'trn2').lookup('nki.isa.activation')).variant;
    assert.equal(v2.params?.[0].name, 'dst');
    assert.equal(v2.params?.[0].role, 'dst');
    assert.equal(v2.returns.kind, 'instruction');
    assert.ok(!v2.params?.some((p) => p.name === 'mask'));
  });

  it('gates activate2 to NC-v4 and to NKI 0.4+', () => {
    unavailable(getNkiModel('0.3', 'trn3').lookup('nki.isa.activate2'));
    const onTrn2 = available(getNkiModel('0.4', 'trn2').lookup('nki.isa.activate2'));
    assert.equal(onTrn2.targetSupported, false);
    assert.match(onTrn2.targetMessage ?? '', /trn3/);
    assert.equal(available(getNkiModel('0.4', 'trn3').lookup('nki.isa.activate2')).targetSupported, true);
  });

  it('gates enum members by target (hwdge is NC-v3+)', () => {
    assert.equal(available(getNkiModel('0.3', 'trn1').lookup('nki.isa.dge_mode.hwdge')).targetSupported, false);
    assert.equal(available(getNkiModel('0.3', 'trn2').lookup('nki.isa.dge_mode.hwdge')).targetSupported, true);
  });

  it('resolves nki.isa.constants aliases to the nki.isa enums', () => {
    const m = getNkiModel('0.3', 'trn2');
    assert.equal(available(m.lookup('nki.isa.constants.oob_mode')).entry, available(m.lookup('nki.isa.oob_mode')).entry);
    assert.equal(available(m.lookup('nki.isa.constants.dge_mode.swdge')).name, 'nki.isa.dge_mode.swdge');
  });

  it('keeps activation-function names usable as op identifiers in 0.2 even where not callable', () => {
    const exp = available(getNkiModel('0.2', 'trn2').lookup('nki.language.exp'));
    assert.equal(exp.variant.callable, false);
    assert.ok(exp.entry.opUses?.includes('activation'));
    assert.equal(available(getNkiModel('0.3', 'trn2').lookup('nki.language.exp')).variant.callable, true);
    unavailable(getNkiModel('0.2', 'trn2').lookup('nki.language.floor'));
  });

  it('reports Beta 1 runners as unavailable in 0.2+ with a simulator hint', () => {
    for (const n of ['baremetal', 'benchmark', 'profile', 'simulate_kernel']) {
      available(getNkiModel('beta1', 'trn2').lookup(`nki.${n}`));
      const r = unavailable(getNkiModel('0.6', 'trn2').lookup(`nki.${n}`));
      assert.match(r.replacement, /nki\.simulate/);
    }
  });

  it('knows APIs introduced inside Beta 1 release by release', () => {
    unavailable(getNkiModel('beta1', 'trn2', '2.22').lookup('nki.isa.range_select'));
    available(getNkiModel('beta1', 'trn2', '2.23').lookup('nki.isa.range_select'));
    unavailable(getNkiModel('beta1', 'trn2', '2.23').lookup('nki.language.gather_flattened'));
    available(getNkiModel('beta1', 'trn2', '2.24').lookup('nki.language.gather_flattened'));
    unavailable(getNkiModel('beta1', 'trn2', '2.20').lookup('nki.isa.dma_copy'));
  });

  it('returns unknown for names the tables do not have and unmodelled under opaque modules', () => {
    const m = getNkiModel('0.3', 'trn2');
    assert.equal(m.lookup('nki.language.not_a_function').status, 'unknown');
    assert.equal(m.lookup('nki.isa.rsqrt').status, 'unknown');
    assert.equal(m.lookup('nki.compiler.ncc_driver.CompiledKernel').status, 'unmodelled');
  });

  it('lists completion members per module and version', () => {
    const labels = (v: '0.3' | '0.6', mod: string) => getNkiModel(v, 'trn3').members(mod).map((x) => x.label);
    assert.ok(labels('0.6', 'nki.isa').includes('topk'));
    assert.ok(!labels('0.3', 'nki.isa').includes('topk'));
    assert.ok(labels('0.3', 'nki.isa').includes('tensor_copy_dynamic_src'));
    assert.ok(!labels('0.6', 'nki.isa').includes('tensor_copy_dynamic_src'));
    assert.ok(labels('0.6', 'nki.isa.engine').includes('vector'));
    assert.ok(labels('0.6', 'nki.language').includes('bfloat16'));
    assert.ok(labels('0.6', 'nki.language.tile_size').includes('psum_num_banks'));
    assert.ok(!labels('0.6', 'nki.isa').some((l) => l.startsWith('_')), 'internal names are not offered');
    const dep = getNkiModel('0.6', 'trn3').members('nki.language').find((x) => x.label === 'affine_range');
    assert.equal(dep?.deprecated, true);
  });

  it('answers dtype and buffer questions per version', () => {
    assert.equal(getNkiModel('0.4', 'trn3').dtype('float8_e8m0fnu'), undefined);
    assert.equal(getNkiModel('0.5', 'trn3').dtype('nl.float8_e8m0fnu')?.sizeBytes, 1);
    assert.equal(getNkiModel('0.2', 'trn3').dtype('float32r'), undefined);
    assert.equal(getNkiModel('beta1', 'trn3').dtype('float32r')?.sizeBytes, 4);
    assert.equal(getNkiModel('0.3', 'trn2').dtype('bool')?.name, 'bool_');
    assert.equal(getNkiModel('0.3', 'trn2').buffer('psum')?.onChip, true);
    assert.equal(getNkiModel('0.3', 'trn2').engine('gpsimd').access.find((a) => a.buffer === 'psum')?.mode, 'none');
  });

  it('models a Beta 1 release step for rules that changed inside the generation', () => {
    assert.equal(getNkiModel('beta1', 'trn2', '2.22').rule('block-dimension').status, 'allowed');
    assert.equal(getNkiModel('beta1', 'trn2', '2.24').rule('block-dimension').status, 'warning');
    assert.equal(getNkiModel('beta1', 'trn2', '2.25').rule('block-dimension').status, 'error');
    assert.equal(getNkiModel('beta1', 'trn2').neuronRelease, '2.26');
  });

  it('ignores unknown keywords in Beta 1 and Neuron 2.27 but rejects them from 2.28', () => {
    assert.equal(getNkiModel('beta1', 'trn2').strictKeywords, false);
    assert.equal(getNkiModel('0.2', 'trn2', '2.27').strictKeywords, false);
    assert.equal(getNkiModel('0.2', 'trn2', '2.28').strictKeywords, true);
    assert.equal(getNkiModel('0.6', 'trn2').strictKeywords, true);
  });

  it('binds through the model with the release strictness', () => {
    const m27 = getNkiModel('0.2', 'trn2', '2.27');
    const v = available(m27.lookup('nki.isa.tensor_copy')).variant;
    const lenient = m27.bind(v, ['d', 's'], { dtype: 'x' }, 'nisa.tensor_copy');
    assert.equal(lenient.ok, true);
    assert.equal(lenient.errors[0].severity, 'warning');
    const m3 = getNkiModel('0.3', 'trn2');
    const strict = m3.bind(available(m3.lookup('nki.isa.tensor_copy')).variant, ['d', 's'], { dtype: 'x' }, 'nisa.tensor_copy');
    assert.equal(strict.ok, false);
    assert.equal(strict.errors[0].code, 'removed-keyword');
  });

  it('returns the same frozen model for the same selection', () => {
    const a = getNkiModel('0.3', 'trn2');
    assert.equal(a, getNkiModel('0.3', 'trn2', '2.29'));
    assert.ok(Object.isFrozen(a));
    assert.ok(Object.isFrozen(a.limits));
    assert.notEqual(a, getNkiModel('0.3', 'trn3'));
    assert.throws(() => getNkiModel('0.3', 'trn2', '2.24'), RangeError);
  });
});

describe('NKI generation detection', () => {
  it('recognises Beta 1 imports', () => {
    assert.equal(detectGeneration(['neuronxcc.nki', 'neuronxcc.nki.language', 'numpy']).generation, 'beta1');
  });
  it('recognises 0.2+ imports', () => {
    assert.equal(detectGeneration(['nki', 'nki.language', 'nki.isa']).generation, 'nki');
  });
  it('flags files mixing both namespaces', () => {
    const g = detectGeneration(['neuronxcc.nki.typing', 'nki.isa', 'nki.language']);
    assert.equal(g.generation, 'mixed');
    assert.deepEqual(g.beta1Modules, ['neuronxcc.nki.typing']);
  });
  it('returns unknown when no NKI module is imported', () => {
    assert.equal(detectGeneration(['numpy', 'torch', 'nkilib']).generation, 'unknown');
  });
});

describe('NKI tensor members', () => {
  it('offers view methods from 0.5 and Beta 1 tile methods only in Beta 1', () => {
    assert.equal(getNkiModel('0.4', 'trn3').tensorMember('permute').status, 'unavailable');
    assert.equal(getNkiModel('0.5', 'trn3').tensorMember('permute').status, 'available');
    assert.equal(getNkiModel('beta1', 'trn2').tensorMember('astype').status, 'available');
    assert.equal(getNkiModel('0.3', 'trn2').tensorMember('astype').status, 'unavailable');
    assert.equal(getNkiModel('0.3', 'trn2').tensorMember('ap').status, 'available');
    assert.equal(getNkiModel('0.3', 'trn2').tensorMember('nonsense').status, 'unknown');
  });
  it('gates tensor indirection to NC-v4', () => {
    const r = getNkiModel('0.5', 'trn2').tensorMember('indirect');
    assert.ok(r.status === 'available' && !r.targetSupported);
    assert.ok(getNkiModel('0.6', 'trn3').tensorMembers().some((m) => m.label === 'indirect' && m.targetSupported));
  });
});
