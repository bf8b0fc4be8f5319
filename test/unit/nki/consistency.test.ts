import { strict as assert } from 'node:assert';
import {
  ALL_APIS, BUFFERS, DTYPES, DTYPE_NAMES, ENGINES, NEURON_RELEASES, NKI_TARGETS, apiByName, compareRefs, dtypeFromForeign, inRange, ruleCoverageProblems,
  type ApiEntry, type ApiVariant, type LiteralValue, type VersionRange,
} from '../../../simulator/src/nki';

const releases = NEURON_RELEASES.map((r) => r.release);
const releasesIn = (r: VersionRange) => releases.filter((rel) => inRange(r, rel));
const overlaps = (a: VersionRange, b: VersionRange) => releasesIn(a).some((rel) => inRange(b, rel));
const callable = (e: ApiEntry) => e.variants.filter((v): v is ApiVariant & { params: NonNullable<ApiVariant['params']> } => v.callable && !!v.params);

function refsIn(l: LiteralValue): string[] {
  if (l.t === 'ref') return [l.name];
  if (l.t === 'tuple' || l.t === 'list') return l.items.flatMap(refsIn);
  return [];
}

describe('NKI tables are consistent', () => {
  it('declares every API with a doc string, a source and a valid kind', () => {
    for (const e of ALL_APIS) {
      assert.ok(e.doc.trim().length > 5, `${e.name} doc`);
      assert.ok(e.source.trim().length > 0, `${e.name} source`);
      assert.ok(e.name.startsWith('nki'), e.name);
      assert.ok(e.variants.length > 0, `${e.name} has no variant`);
    }
  });

  it('gives every version range since < until, and every entry disjoint variant ranges', () => {
    for (const e of ALL_APIS) {
      for (const v of e.variants) {
        if (v.range.since && v.range.until) assert.ok(compareRefs(v.range.since, v.range.until) < 0, `${e.name}: since ≥ until`);
        assert.ok(releasesIn(v.range).length > 0, `${e.name}: empty range ${JSON.stringify(v.range)}`);
      }
      for (let i = 0; i < e.variants.length; i++) {
        for (let j = i + 1; j < e.variants.length; j++) {
          assert.ok(!overlaps(e.variants[i].range, e.variants[j].range), `${e.name}: variants ${i} and ${j} overlap`);
        }
      }
    }
  });

  it('never explains an absence where the API is present, and always gives replacement text', () => {
    for (const e of ALL_APIS) {
      for (const a of e.absences ?? []) {
        assert.ok(a.replacement.length > 0 && a.message.length > 0, e.name);
        for (const v of e.variants) assert.ok(!overlaps(a.range, v.range), `${e.name}: absence ${JSON.stringify(a.range)} overlaps a variant`);
      }
    }
  });

  it('only deprecates an API where it exists', () => {
    for (const e of ALL_APIS) {
      for (const d of e.deprecations ?? []) {
        assert.ok(e.variants.some((v) => overlaps(d.range, v.range)), `${e.name}: deprecation outside presence`);
        assert.ok(d.message.length > 0, e.name);
      }
    }
  });

  it('keeps Python parameter order legal and names unique in every signature', () => {
    for (const e of ALL_APIS) {
      for (const v of callable(e)) {
        const names = v.params.map((p) => p.name);
        assert.equal(new Set(names).size, names.length, `${e.name}: duplicate parameter`);
        const order = { 'positional-only': 0, 'positional-or-keyword': 1, varargs: 2, 'keyword-only': 3, kwargs: 4 } as const;
        let last = 0;
        let sawDefault = false;
        for (const p of v.params) {
          assert.ok(order[p.kind] >= last, `${e.name}: ${p.name} out of order`);
          last = order[p.kind];
          if (p.kind === 'positional-or-keyword' || p.kind === 'positional-only') {
            if (p.default !== undefined) sawDefault = true;
            else assert.ok(!sawDefault, `${e.name}: required ${p.name} after a defaulted parameter`);
          }
          assert.ok(p.doc.length > 0, `${e.name}.${p.name} doc`);
        }
        assert.ok(v.params.filter((p) => p.kind === 'varargs').length <= 1, e.name);
        assert.ok(v.params.filter((p) => p.kind === 'kwargs').length <= 1, e.name);
      }
    }
  });

  it('makes every default valid: references resolve to entries present in that variant', () => {
    for (const e of ALL_APIS) {
      for (const v of callable(e)) {
        const last = releasesIn(v.range).at(-1)!;
        for (const p of v.params) {
          if (p.default === undefined) continue;
          for (const r of refsIn(p.default)) {
            const target = apiByName(r);
            assert.ok(target, `${e.name}.${p.name}: default ${r} is not in the tables`);
            assert.ok(target.variants.some((tv) => inRange(tv.range, last)), `${e.name}.${p.name}: default ${r} absent at ${last}`);
            if (p.role === 'op') assert.ok(target.opUses?.length, `${e.name}.${p.name}: default ${r} is not an op`);
            if (p.enumType) assert.equal(target.module, p.enumType, `${e.name}.${p.name}: default ${r} not a member of ${p.enumType}`);
          }
          if (p.role === 'flag') assert.ok(p.default.t === 'bool' || p.default.t === 'none', `${e.name}.${p.name}: flag default`);
        }
      }
    }
  });

  it('references only existing dtypes, buffers, targets and enum types', () => {
    const bufferNames = new Set(BUFFERS.map((b) => b.name));
    for (const e of ALL_APIS) {
      for (const t of e.targets ?? []) assert.ok(NKI_TARGETS.includes(t), e.name);
      for (const v of e.variants) {
        for (const t of v.targets ?? []) assert.ok(NKI_TARGETS.includes(t), e.name);
        for (const p of v.params ?? []) {
          for (const d of p.dtypes ?? []) assert.ok((DTYPE_NAMES as readonly string[]).includes(d), `${e.name}.${p.name}: ${d}`);
          for (const b of p.buffers ?? []) assert.ok(bufferNames.has(b), `${e.name}.${p.name}: ${b}`);
          if (p.enumType) assert.equal(apiByName(p.enumType)?.kind, 'enum', `${e.name}.${p.name}: ${p.enumType}`);
          if (p.role === 'enum') assert.ok(p.enumType, `${e.name}.${p.name}: enum param without enumType`);
        }
      }
    }
  });

  it('places every entry in a module that exists', () => {
    for (const e of ALL_APIS) {
      if (e.name === 'nki') { assert.equal(e.module, ''); continue; }
      const m = apiByName(e.module);
      assert.ok(m, `${e.name}: module ${e.module} is not declared`);
      assert.ok(['module', 'namespace', 'enum', 'class'].includes(m.kind), `${e.name}: parent ${e.module} is a ${m.kind}`);
    }
  });

  it('ties shape limits, engine selection and removed keywords to parameters of the same variant', () => {
    for (const e of ALL_APIS) {
      for (const v of callable(e)) {
        const names = new Set(v.params.map((p) => p.name));
        for (const l of v.limits ?? []) assert.ok(names.has(l.param), `${e.name}: limit on unknown param ${l.param}`);
        if (v.engine.kind === 'select') assert.ok(names.has(v.engine.param), `${e.name}: engine selected by missing param`);
        for (const r of v.removedParams ?? []) {
          assert.ok(!names.has(r.name), `${e.name}: removed param ${r.name} still declared`);
          assert.ok(r.replacement.length > 0, e.name);
          if (v.range.since) assert.ok(compareRefs(r.removedIn, v.range.since) <= 0, `${e.name}: ${r.name} removed after variant start`);
        }
      }
    }
  });

  it('returns no tile from 0.2+ ISA instructions and a tile from Beta 1 compute instructions', () => {
    for (const e of ALL_APIS.filter((x) => x.kind === 'instruction' && x.module === 'nki.isa' && !x.internal)) {
      for (const v of callable(e)) {
        const modern = v.range.since !== undefined && compareRefs(v.range.since, '0.2') >= 0;
        if (modern) assert.notEqual(v.returns.kind, 'tile', `${e.name} 0.2+ returns a tile`);
        if (modern && v.params[0]?.role === 'dst') assert.equal(v.params[0].name === 'dst' || v.params[0].name === 'val_dst', true, e.name);
      }
    }
  });

  it('accepts only documented flags for ops: every op-role default is an op', () => {
    const ops = ALL_APIS.filter((e) => e.opUses?.length).map((e) => e.name);
    for (const n of ['nki.language.add', 'nki.language.exp', 'nki.language.maximum', 'nki.language.copy', 'nki.language.bypass']) assert.ok(ops.includes(n), n);
  });

  it('covers the documented 0.6 nisa instruction list', () => {
    const list = ['nc_matmul', 'nc_matmul_mx', 'nc_transpose', 'activation', 'activation_reduce', 'activate2', 'tensor_tensor', 'tensor_scalar', 'scalar_tensor_tensor',
      'tensor_reduce', 'tensor_scalar_reduce', 'tensor_scalar_cumulative', 'tensor_tensor_scan', 'tensor_copy', 'tensor_copy_predicated', 'reciprocal', 'exponential',
      'bn_stats', 'bn_aggr', 'max8', 'nc_find_index8', 'nc_match_replace8', 'nc_stream_shuffle', 'dropout', 'range_select', 'select_reduce', 'quantize_mx', 'rand2',
      'set_rng_seed', 'rng', 'rand_set_state', 'rand_get_state', 'iota', 'affine_select', 'local_gather', 'nc_n_gather', 'tensor_partition_reduce', 'sequence_bounds',
      'nonzero_with_count', 'topk', 'memset', 'dma_copy', 'dma_transpose', 'dma_compute', 'core_barrier', 'sendrecv', 'register_alloc', 'register_move', 'register_load',
      'register_store', 'get_nc_version', 'get_nc_sub_version'];
    for (const n of list) {
      const e = apiByName(`nki.isa.${n}`);
      assert.ok(e && e.variants.some((v) => inRange(v.range, '0.6')), `nisa.${n} missing in 0.6`);
    }
  });

  it('covers the 2.27 nl stub and the names re-added in 0.3', () => {
    const stub = 'abs add affine_range bitwise_and bitwise_or bitwise_xor device_print divide ds equal gelu_apprx_sigmoid greater greater_equal invert left_shift less less_equal logical_and logical_not logical_or logical_xor maximum minimum multiply ndarray not_equal num_programs power program_id program_ndim reciprocal right_shift rsqrt sequential_range shared_constant shared_identity_matrix static_range subtract zeros'.split(' ');
    for (const n of stub) assert.ok(apiByName(`nki.language.${n}`)?.variants.some((v) => v.callable && inRange(v.range, '2.27')), `nl.${n} at 2.27`);
    const readded = 'all arctan broadcast_to ceil copy cos dropout empty_like erf erf_dx exp expand_dims floor fmod full gather_flattened gelu gelu_apprx_tanh gelu_dx load load_transpose2d log matmul max mean min mish mod negative ones prod rand random_seed relu rms_norm sigmoid sign silu silu_dx sin softmax softplus sqrt square store sum tan tanh transpose trunc var where zeros_like dynamic_range is_hbm is_on_chip is_psum is_sbuf no_reorder'.split(' ');
    for (const n of readded) assert.ok(apiByName(`nki.language.${n}`)?.variants.some((v) => v.callable && inRange(v.range, '0.3')), `nl.${n} at 0.3`);
    for (const n of ['arange', 'all_reduce', 'atomic_rmw', 'finfo', 'gemm_grid', 'loop_reduce', 'static_cast', 'mgrid', 'nc', 'spmd_dim']) {
      const e = apiByName(`nki.language.${n}`)!;
      assert.ok(!e.variants.some((v) => inRange(v.range, '0.3')), `nl.${n} should be gone in 0.3`);
      assert.ok(e.absences?.some((a) => inRange(a.range, '0.3')), `nl.${n} needs an absence note`);
    }
  });

  it('describes every dtype with a consistent bit layout and unique foreign spellings', () => {
    for (const d of DTYPES) {
      if (d.kind === 'float' && d.name !== 'tfloat32' && d.name !== 'float8_e8m0fnu' && d.name !== 'float32r') {
        assert.equal(1 + d.exponentBits! + d.mantissaBits!, d.sizeBytes * 8, d.name);
      }
      if (d.kind === 'packed') {
        assert.equal(d.sizeBytes, 4, d.name);
        assert.ok(d.packedElements! * (1 + d.exponentBits! + d.mantissaBits!) <= 32, d.name);
      }
      if (!d.hasInf && d.kind === 'float') assert.notEqual(d.overflow, 'inf', d.name);
    }
    const spellings = DTYPES.flatMap((d) => [...d.numpy, ...d.torch, ...d.jax]);
    assert.equal(new Set(spellings).size, spellings.length);
    assert.equal(dtypeFromForeign('np.float32')?.dtype.name, 'float32');
    assert.equal(dtypeFromForeign('torch.bfloat16')?.framework, 'torch');
    assert.equal(dtypeFromForeign('jnp.int8')?.dtype.name, 'int8');
  });

  it('gives each engine one access mode per buffer at any release', () => {
    for (const e of ENGINES) {
      for (const b of ['sbuf', 'psum', 'hbm-any'] as const) {
        for (const rel of releases) {
          assert.equal(e.access.filter((a) => a.buffer === b && inRange(a.range, rel)).length, 1, `${e.id}/${b}/${rel}`);
        }
      }
    }
  });

  it('defines every language rule at every release exactly once', () => {
    assert.deepEqual(ruleCoverageProblems(), []);
  });
});
