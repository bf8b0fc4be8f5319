/**
 * Top-level `nki.*` names: modules, decorators and runners, `nki.typing`, `nki.collectives`,
 * the Beta 1 `nki.compiler` allocation API, and corpus-only helper modules.
 *
 * Purpose: what a kernel file may import or decorate with, per version, with the replacement text
 * for runners that vanished in 0.2 (baremetal, benchmark, profile, simulate_kernel).
 * Invariant: every module named as an entry's `module` in any table is declared here (or in the
 * language/isa tables) as kind 'module' or 'namespace'; modules whose members we do not model are
 * `opaque` so their attributes are never reported as unknown.
 * Source: nki-api.md §2.1 (top level), §1.2 (Beta 1 runners and allocation API), §2.11 (collectives),
 * §1.9 (imports), §3.2 A2/A3.
 */
import {
  FALSE, NONE, entry, int, kw, kwargs, list, opt, present, req, str, variant, varargs, META, fixed,
} from './build';
import type { Absence, ApiEntry } from './types';

const S1 = 'nki-api.md §2.1';
const S2 = 'nki-api.md §1.2';
const S11 = 'nki-api.md §2.11';

const runnerGone = (n: string): Absence => ({
  range: { since: '0.2' },
  message: `nki.${n} is not available in NKI 0.2+ (raises a "not available" error; 0.6: AttributeError)`,
  replacement: 'nki.simulate(kernel)(*args) or NKI_SIMULATOR=1 for CPU runs; neuron-profile for profiling',
  mechanical: false,
});

const modulePresent = (since?: '0.2' | '0.3' | '2.28') => present(since ? { since } : {}, { returns: { kind: 'value', type: 'object' } });

const collective = (name: string, doc: string, params: ReturnType<typeof req>[], since: '2.28' | '0.3' | '0.6' = '2.28') =>
  entry(`nki.collectives.${name}`, 'function', doc, S11, [
    variant({ since }, [...params, opt('priority', NONE, 'scalar'), opt('name', NONE, 'name', { doc: 'Optional instruction name (0.5+).' })], { returns: { kind: 'instruction' }, engine: fixed('dma'),
      note: 'not implemented in the CPU simulator' }),
  ]);

export const TOP_APIS: readonly ApiEntry[] = [
  // ---- modules
  entry('nki', 'module', 'NKI root module (Beta 1: neuronxcc.nki; 0.2+: nki).', 'nki-api.md §1.9', [modulePresent()]),
  entry('nki.language', 'module', 'nki.language (nl): tensors, buffers, dtypes, loops and convenience math.', 'nki-api.md §1.9', [modulePresent()]),
  entry('nki.isa', 'module', 'nki.isa (nisa): one call per NeuronCore instruction.', 'nki-api.md §1.9', [modulePresent()]),
  entry('nki.typing', 'module', 'nki.typing (nt): shape annotations for kernel parameters (nt.tensor[128, 512]).', 'nki-api.md §1.2; §1.4',
    [present({ until: '0.2' }, { returns: { kind: 'value', type: 'object' } }), present({ since: '0.3' }, { returns: { kind: 'value', type: 'object' } })],
    { absences: [{ range: { since: '0.2', until: '0.3' }, message: 'nki.typing is new in NKI 0.3', replacement: 'drop the annotation', mechanical: true }] }),
  entry('nki.collectives', 'module', 'nki.collectives: collective communication inside kernels (0.2.0 / Neuron 2.28+; not in the simulator).', S11, [modulePresent('2.28')]),
  entry('nki.compiler', 'module', 'Beta 1: allocation and scheduling controls (ncc.sbuf.mod_alloc, skip_middle_end_transformations, …). 0.3+: host-side compile drivers.', `${S2}; ${S1}`, [modulePresent()],
    { opaque: true, note: 'members modelled for Beta 1 only; the 0.3+ module (kernel_builder, ncc_driver, frontend) is host tooling' }),
  entry('nki.nccl', 'module', 'Beta 1 collectives module (neuronxcc.nki.nccl) used by Neuron-team kernels.', 'corpus (Beta 1 neuron-team kernels)', [present({ until: '0.2' })],
    { opaque: true, confidence: 'corpus-only', absences: [{ range: { since: '0.2' }, message: 'neuronxcc.nki.nccl is Beta 1 only', replacement: 'nki.collectives (0.2.0+)', mechanical: false }] }),
  entry('nki.simulator', 'module', 'Simulator entry points (nki.simulator.simulate_kernel(func, args, kwargs, lnc), used by vllm-neuron).', S1, [modulePresent('0.3')], { opaque: true, confidence: 'uncertain' }),
  entry('nki.tensor', 'class', 'Beta 1 tensor class (t.reshape, t.broadcast_to, t.astype, t.view, t.expand_dims). Moved to nki.meta.tensor in 2.28.', `nki-api.md §2.5; §1.1 (2.28)`, [present({ until: '2.28' })],
    { absences: [{ range: { since: '2.28' }, message: 'nki.tensor moved to nki.meta.tensor in Neuron 2.28', replacement: 'nki.meta.tensor', mechanical: true, renamedTo: 'nki.meta.tensor' }] }),
  entry('nki.meta', 'module', 'Meta-programming helpers (nki.meta.tensor since 2.28).', 'nki-api.md §1.1 (2.28)', [modulePresent('2.28')], { opaque: true }),
  entry('nki.dtype', 'module', 'dtype module seen in nki-library tests (import nki.dtype as nt).', 'corpus (nki-library tests)', [modulePresent('0.3')], { opaque: true, confidence: 'corpus-only' }),
  entry('nki.kernels', 'module', 'Beta 1 bundled reference kernels (neuronxcc.nki.kernels.attention, .vision, …).', 'corpus (nki-samples tests)', [present({ until: '0.2' })], { opaque: true, confidence: 'corpus-only' }),
  ...(['_private', '_private_kernels', 'docs'] as const).map((m) =>
    entry(`nki.${m}`, 'module', `Beta 1 internal module neuronxcc.nki.${m} (not public API).`, 'corpus (Beta 1 neuron-team kernels)', [present({ until: '0.2' })], { opaque: true, internal: true, confidence: 'corpus-only' })),

  // ---- decorators and runners
  entry('nki.jit', 'decorator', 'Marks a function as an NKI kernel. 0.3+: the framework is chosen from argument types (torch → PyTorch/XLA, jax → JAX, numpy → standalone); launch with kernel(args) or kernel[lnc](args). Beta 1: mode= picks the framework/runner.', `${S1}; ${S2}; §3.2 A3`, [
    variant({ until: '0.2' }, [opt('func', NONE, 'callable'), opt('mode', str('auto'), 'other', { doc: 'Beta 1: "auto" | "jax" | "torchxla" | "baremetal" | "benchmark" | "simulation" | "trace".' }), kwargs()],
      { returns: { kind: 'value', type: 'kernel' }, engine: META }),
    variant({ since: '0.2', until: '0.3' }, [opt('fn', NONE, 'callable'), kwargs()], { returns: { kind: 'value', type: 'kernel' }, engine: META }),
    variant({ since: '0.3' }, [opt('fn', NONE, 'callable'),
      kw('mode', NONE, 'other', { deprecated: { since: '0.3', message: 'nki.jit(mode=...) is deprecated and ignored; the framework is detected from argument types' } }),
      kw('platform_target', NONE, 'other', { deprecated: { since: '0.3', message: 'nki.jit(platform_target=...) is an error; set NEURON_PLATFORM_TARGET_OVERRIDE instead', error: true } }),
      kwargs('kwargs', { doc: 'Other compiler options.' })], { returns: { kind: 'value', type: 'kernel' }, engine: META }),
  ]),
  entry('nki.trace', 'decorator', 'Beta 1: traces a sub-kernel without launching it (same as nki.jit(mode="trace")).', `${S2}`, [
    variant({ until: '0.2' }, [opt('func', NONE, 'callable'), kwargs()], { returns: { kind: 'value', type: 'kernel' }, engine: META }),
  ], { absences: [{ range: { since: '0.2' }, message: 'nki.trace is Beta 1 only', replacement: 'call the helper directly from the kernel (undecorated)', mechanical: false }] }),
  entry('nki.baremetal', 'decorator', 'Beta 1 runner: compiles and runs the kernel on a NeuronCore with numpy arguments.', S2, [
    variant({ since: '2.21', until: '0.2' }, [opt('kernel', NONE, 'callable'), kw('save_neff_name', NONE, 'other'), kw('save_trace_name', NONE, 'other'), kw('additional_compile_opt', NONE, 'other'),
      kw('artifacts_dir', NONE, 'other'), kwargs()], { returns: { kind: 'value', type: 'kernel' }, engine: META }),
  ], { absences: [runnerGone('baremetal')] }),
  entry('nki.benchmark', 'decorator', 'Beta 1 runner: compiles, runs warmup + iters times and records latency (result.benchmark_result.nc_latency).', S2, [
    variant({ since: '2.21', until: '0.2' }, [opt('kernel', NONE, 'callable'), kw('warmup', int(10), 'scalar'), kw('iters', int(100), 'scalar'), kw('save_neff_name', NONE, 'other'),
      kw('save_trace_name', NONE, 'other'), kw('additional_compile_opt', NONE, 'other'), kwargs()], { returns: { kind: 'value', type: 'kernel' }, engine: META }),
  ], { absences: [runnerGone('benchmark')] }),
  entry('nki.profile', 'decorator', 'Beta 1 runner: runs the kernel under the profiler and writes NEFF/NTFF files.', `${S2}; §1.1 (2.22)`, [
    variant({ since: '2.22', until: '0.2' }, [opt('kernel', NONE, 'callable'), kw('working_directory', NONE, 'other'), kw('save_neff_name', NONE, 'other'), kw('save_trace_name', NONE, 'other'),
      kw('additional_compile_opt', NONE, 'other'), kw('overwrite', FALSE, 'flag'), kw('profile_nth', int(1), 'scalar'), kwargs()], { returns: { kind: 'value', type: 'kernel' }, engine: META }),
  ], { absences: [runnerGone('profile')] }),
  entry('nki.simulate_kernel', 'function', 'Beta 1 CPU simulation: simulate_kernel(kernel[grid], *numpy_args) returns numpy results.', `${S2}; §5.1`, [
    variant({ until: '0.2' }, [req('kernel', 'callable'), varargs('args'), kwargs()], { returns: { kind: 'value', type: 'object' }, engine: META }),
  ], { absences: [runnerGone('simulate_kernel')] }),
  entry('nki.simulate', 'function', 'CPU simulator (0.3+): nki.simulate(kernel)(*args) or nki.simulate(kernel[2])(…) for LNC2; numpy or torch arguments.', `${S1}; §5.2`, [
    variant({ since: '0.3' }, [req('kernel', 'callable')], { returns: { kind: 'value', type: 'kernel' }, engine: META }),
  ], { absences: [{ range: { until: '0.3' }, message: 'nki.simulate is new in NKI 0.3', replacement: 'Beta 1: nki.simulate_kernel(kernel, *args)', mechanical: false }] }),
  entry('nki.cpu_simulate', 'function', 'Entry point of the separate nki_cpu_simulator package used by nki-library tests (nki.cpu_simulate(kernel)[lnc](**inputs)).', `${S1}; corpus`, [
    variant({ since: '0.3' }, [req('kernel', 'callable')], { returns: { kind: 'value', type: 'kernel' }, engine: META, confidence: 'corpus-only' }),
  ], { confidence: 'corpus-only' }),

  // ---- typing
  entry('nki.typing.tensor', 'class', 'Shape annotation for kernel parameters: nt.tensor[128, 512] (asserts the shape; Beta 1 err_annotation_shape_mismatch).', 'nki-api.md §1.2; §1.4',
    [present({ until: '0.2' }), present({ since: '0.3' })],
    { absences: [{ range: { since: '0.2', until: '0.3' }, message: 'nki.typing is new in NKI 0.3', replacement: 'drop the annotation', mechanical: true }] }),
  entry('nki.typing.mutable_tensor', 'class', 'Beta 1 annotation for parameters the kernel updates in place (must be returned).', 'nki-api.md §1.2', [present({ until: '0.2' })],
    { absences: [{ range: { since: '0.2' }, message: 'nt.mutable_tensor is Beta 1 only', replacement: 'pass the tensor and write it with nisa.dma_copy', mechanical: false }] }),
  entry('nki.typing.mutable', 'constant', 'Beta 1 marker used as nt.tensor[nt.mutable].', 'corpus (Beta 1 neuron-team kernels)', [present({ until: '0.2' })], { confidence: 'corpus-only' }),
  entry('nki.typing.scalar', 'function', 'Beta 1: reads a 1×1 tensor as a dynamic scalar (e.g. a runtime loop count).', 'corpus (Beta 1 neuron-team kernels)', [
    variant({ until: '0.2' }, [req('x', 'src', { doc: '1×1 tensor.' })], { returns: { kind: 'value', type: 'scalar' }, engine: META, confidence: 'corpus-only' }),
  ], { confidence: 'corpus-only' }),

  // ---- collectives (0.2.0 / 2.28+)
  collective('all_reduce', 'All-reduce srcs into dsts across replica_group with op.', [req('srcs', 'src'), req('dsts', 'dst'), req('replica_group', 'other'), req('op', 'op', { opUses: ['reduce'] })]),
  collective('all_gather', 'All-gather along collective_dim.', [req('srcs', 'src'), req('dsts', 'dst'), req('replica_group', 'other'), req('collective_dim', 'index')]),
  collective('all_gather_v', 'Variable-length all-gather driven by a metadata tensor.', [req('srcs', 'src'), req('dsts', 'dst'), req('replica_group', 'other'), req('metadata_tensor', 'src'),
    opt('recv_counts_known', FALSE, 'flag'), opt('has_rdispls', FALSE, 'flag')], '0.6'),
  collective('reduce_scatter', 'Reduce-scatter along collective_dim with op.', [req('srcs', 'src'), req('dsts', 'dst'), req('replica_group', 'other'), req('collective_dim', 'index'), req('op', 'op', { opUses: ['reduce'] })]),
  collective('all_to_all', 'All-to-all along collective_dim.', [req('srcs', 'src'), req('dsts', 'dst'), req('replica_group', 'other'), req('collective_dim', 'index')]),
  collective('all_to_all_v', 'Variable-length all-to-all driven by a metadata tensor.', [req('srcs', 'src'), req('dsts', 'dst'), req('replica_group', 'other'), req('metadata_tensor', 'src'),
    opt('recv_counts_known', FALSE, 'flag'), opt('has_rdispls', FALSE, 'flag')], '0.3'),
  collective('collective_permute', 'Point-to-point permutation given source→target pairs.', [req('srcs', 'src'), req('dsts', 'dst'), req('source_target_pairs', 'other')]),
  collective('collective_permute_implicit', 'Ring permutation over channels (0.3: channel_ids=[…] replaced num_channels).', [req('srcs_by_channel', 'src'), req('dsts_by_channel', 'dst'), req('replica_group', 'other'),
    opt('channel_ids', list(int(0)), 'other')]),
  collective('collective_permute_implicit_reduce', 'Ring permutation with reduction over channels.', [req('srcs0_by_channel', 'src'), req('srcs1_by_channel', 'src'), req('dsts_by_channel', 'dst'),
    req('replica_group', 'other'), req('op', 'op', { opUses: ['reduce'] }), opt('channel_ids', list(int(0)), 'other')]),
  entry('nki.collectives.collective_permute_implicit_current_processing_rank_id', 'function', 'Rank whose data this core processes at ring iteration iteration_id.', S11, [
    variant({ since: '2.28' }, [req('iteration_id', 'scalar'), req('replica_group', 'other'), opt('channel_id', int(0), 'scalar')], { returns: { kind: 'value', type: 'register' }, engine: META }),
  ]),
  entry('nki.collectives.rank_id', 'function', 'Rank of this core in the collective world.', S11, [variant({ since: '2.28' }, [], { returns: { kind: 'value', type: 'register' }, engine: META })]),
  entry('nki.collectives.ReplicaGroup', 'class', 'Group of ranks participating in a collective.', S11, [
    variant({ since: '2.28' }, [req('groups', 'other', { doc: 'Rank lists.' })], { returns: { kind: 'value', type: 'object' }, engine: META, confidence: 'uncertain', note: 'constructor parameters not in the reference' }),
  ]),

  // ---- Beta 1 nki.compiler allocation API (2.21+)
  entry('nki.compiler.sbuf', 'namespace', 'Beta 1 SBUF allocation helpers: mod_alloc, alloc, auto_alloc.', S2, [present({ since: '2.21', until: '0.2' })]),
  entry('nki.compiler.psum', 'namespace', 'Beta 1 PSUM allocation helpers: mod_alloc, alloc, auto_alloc.', S2, [present({ since: '2.21', until: '0.2' })]),
  entry('nki.compiler.sbuf.mod_alloc', 'function', 'Beta 1 modular SBUF allocation: buffer=ncc.sbuf.mod_alloc(base_addr=…, num_free_tiles=(…)).', S2, [
    variant({ since: '2.21', until: '0.2' }, [kw('base_addr', undefined, 'scalar'), kw('base_partition', int(0), 'scalar'), kw('num_par_tiles', { t: 'tuple', items: [] }, 'index'), kw('num_free_tiles', { t: 'tuple', items: [] }, 'index')],
      { returns: { kind: 'value', type: 'object' }, engine: META }),
  ]),
  entry('nki.compiler.psum.mod_alloc', 'function', 'Beta 1 modular PSUM allocation by bank.', S2, [
    variant({ since: '2.21', until: '0.2' }, [kw('base_bank', undefined, 'scalar'), kw('base_addr', int(0), 'scalar'), kw('base_partition', int(0), 'scalar'), kw('num_bank_tiles', { t: 'tuple', items: [] }, 'index'), kwargs()],
      { returns: { kind: 'value', type: 'object' }, engine: META }),
  ]),
  ...(['sbuf', 'psum'] as const).flatMap((b) => [
    entry(`nki.compiler.${b}.alloc`, 'function', `Beta 1 ${b.toUpperCase()} allocation from a user function mapping tile indices to addresses.`, S2, [
      variant({ since: '2.21', until: '0.2' }, [req('func', 'callable')], { returns: { kind: 'value', type: 'object' }, engine: META }),
    ]),
    entry(`nki.compiler.${b}.auto_alloc`, 'function', `Beta 1: let the compiler place this ${b.toUpperCase()} tensor inside an allocated kernel.`, S2, [
      variant({ since: '2.21', until: '0.2' }, [], { returns: { kind: 'value', type: 'object' }, engine: META }),
    ]),
  ]),
  entry('nki.compiler.skip_middle_end_transformations', 'decorator', 'Beta 1 kernel decorator required for direct allocation.', S2, [present({ since: '2.21', until: '0.2' }, { returns: { kind: 'value', type: 'kernel' } })]),
  entry('nki.compiler.enable_stack_allocator', 'decorator', 'Beta 1 kernel decorator: stack allocator (combine with skip_middle_end_transformations).', S2, [
    variant({ since: '2.21', until: '0.2' }, [opt('func', NONE, 'callable'), kw('log_level', int(50), 'scalar')], { returns: { kind: 'value', type: 'kernel' }, engine: META }),
  ]),
  entry('nki.compiler.force_auto_alloc', 'decorator', 'Beta 1 kernel decorator forcing automatic allocation.', S2, [present({ since: '2.21', until: '0.2' }, { returns: { kind: 'value', type: 'kernel' } })]),
  entry('nki.compiler.multi_buffer', 'function', 'Beta 1: multi-buffer a tensor by factor.', S2, [
    variant({ since: '2.21', until: '0.2' }, [opt('factor', int(2), 'scalar')], { returns: { kind: 'value', type: 'object' }, engine: META }),
  ]),
  entry('nki.compiler.no_reorder', 'context-manager', 'Beta 1: keep the block\'s instructions in program order (0.2+: nl.no_reorder).', S2, [
    variant({ since: '2.21', until: '0.2' }, [], { returns: { kind: 'value', type: 'context' }, engine: META }),
  ], { absences: [{ range: { since: '0.2' }, message: 'ncc.no_reorder is Beta 1 only', replacement: 'with nl.no_reorder():', mechanical: true, renamedTo: 'nki.language.no_reorder' }] }),
  entry('nki.compiler.allocation_scope', 'context-manager', 'Beta 1 allocation scope.', S2, [
    variant({ since: '2.21', until: '0.2' }, [], { returns: { kind: 'value', type: 'context' }, engine: META }),
  ]),
];

