/**
 * `nki.isa` instructions: one entry per instruction, with a Beta 1 variant (returns a tile, keyword
 * `mask=`/`dtype=`) and 0.2+ variants (dst first, returns no tile) where the signature changed.
 *
 * Purpose: parameters, buffers, dtypes, engine, target gating and shape limits of every ISA call.
 * Invariant: variants of one entry have disjoint ranges; 0.2+ signatures follow the 0.6.0 docs unless
 * a separate variant records an earlier shape (§1.3 "0.2.0-era signatures that later changed",
 * §1.4 breaking items); an ISA call never appears in more than one entry.
 * Source: nki-api.md §2.10 (0.6 signatures + Beta 1 signatures), §1.1–§1.7 (per-release changes),
 * §2.12 (presence), §3.2 B/C/D rules.
 */
import {
  ANY_BUF, FALSE, FP32_MIN, HBM_SB, NONE, PS, SB, SBPS, beta1Isa, dst, engineP, entry, fixed, float, int, isa, kw,
  lim, opP, opt, ref, req, select, tuple, variant, META, TRUE,
} from './build';
import type { ApiEntry, ParamSpec } from './types';

const I = 'nki-api.md §2.10';
const B1 = 'nki-api.md §2.10 (Beta 1 signatures)';
const V4: readonly ('trn3')[] = ['trn3'];
const V3P: readonly ('trn2' | 'trn3')[] = ['trn2', 'trn3'];

const ALU = ['alu', 'alu-unary', 'bitvec', 'compare'] as const;
const ACT = ['activation'] as const;
const RED = ['reduce'] as const;

const idle = ref('nki.isa.reduce_cmd.idle');
const resetReduce = ref('nki.isa.reduce_cmd.reset_reduce');
const dgeUnknown = ref('nki.isa.dge_mode.unknown');
const oobError = ref('nki.isa.oob_mode.error');

const dataP = (buffers = SBPS, doc?: string) => req('data', 'src', { buffers, doc });
const srcP = (buffers = SBPS, doc?: string) => req('src', 'src', { buffers, doc });
const reduceOpP = (def: ParamSpec['default'] = NONE) => opt('reduce_op', def ?? NONE, 'op', { opUses: RED });
const reduceResP = (def: ParamSpec['default'] = NONE) => opt('reduce_res', def ?? NONE, 'dst', { buffers: SBPS, doc: 'Optional (P, 1) tile receiving the reduction result.' });
const reduceCmdP = (def = idle) => opt('reduce_cmd', def, 'enum', { enumType: 'nki.isa.reduce_cmd' });
const rev = (n: 0 | 1) => opt(`reverse${n}`, FALSE, 'flag');
const scalarOrVec = (name: string, def?: ParamSpec['default'], doc?: string) =>
  def === undefined ? req(name, 'operand', { buffers: SBPS, doc }) : opt(name, def, 'operand', { buffers: SBPS, doc });

const b1kw = (name: string, role: ParamSpec['role'], def?: ParamSpec['default'], o: Parameters<typeof kw>[3] = {}) => kw(name, def, role, o);

const pLimit = (param: string, source = I) => lim(param, 'P', { max: 128 }, `${param}: partition dimension must be ≤ 128`, source);

export const ISA_INSTRUCTIONS: readonly ApiEntry[] = [
  // ------------------------------------------------------------------ Tensor Engine
  entry('nki.isa.nc_matmul', 'instruction',
    'Matrix multiply on the Tensor Engine: dst = stationary.T @ moving, contracting over the partition dimension of both operands (≤128). Operands come from SBUF, the result lands in PSUM (fp32; NC-v4 also bf16). Accumulates into PSUM according to accumulate=.',
    `${I}; §1.1; §1.3; §1.4`, [
      beta1Isa([req('stationary', 'src', { buffers: SB }), req('moving', 'src', { buffers: SB }),
        b1kw('is_stationary_onezero', 'flag', FALSE), b1kw('is_moving_onezero', 'flag', FALSE), b1kw('is_transpose', 'flag', FALSE),
        b1kw('tile_position', 'index', tuple()), b1kw('tile_size', 'index', tuple()),
        b1kw('perf_mode', 'other', NONE, { doc: 'Beta 1 performance mode (e.g. double_row on trn2); spelling not documented in our sources.' })],
      { returns: { kind: 'tile', buffer: 'psum' }, engine: fixed('tensor'), noDtype: true }),
      isa({ since: '0.2', until: '2.28' }, [dst(PS), req('stationary', 'src', { buffers: SB }), req('moving', 'src', { buffers: SB }),
        opt('is_stationary_onezero', FALSE, 'flag'), opt('is_moving_zero', FALSE, 'flag'), opt('is_transpose', FALSE, 'flag'),
        opt('tile_position', tuple(), 'index'), opt('tile_size', tuple(), 'index'),
        opt('perf_mode', ref('nki.isa.matmul_perf_mode.none'), 'enum', { enumType: 'nki.isa.matmul_perf_mode' }),
        opt('psumAccumulateFlag', NONE, 'other', { doc: 'Neuron 2.27 only: PSUM accumulation control (removed in 2.28).' })],
      { engine: fixed('tensor'), confidence: 'uncertain', note: '2.27 parameter order/defaults not documented; names from §1.3' }),
      isa({ since: '2.28', until: '0.3' }, [dst(PS), req('stationary', 'src', { buffers: SB }), req('moving', 'src', { buffers: SB }),
        opt('is_stationary_onezero', FALSE, 'flag'), opt('is_moving_onezero', FALSE, 'flag'), opt('is_transpose', FALSE, 'flag'),
        opt('tile_position', tuple(), 'index'), opt('tile_size', tuple(), 'index'),
        opt('perf_mode', ref('nki.isa.matmul_perf_mode.none'), 'enum', { enumType: 'nki.isa.matmul_perf_mode' })],
      { engine: fixed('tensor'), removedParams: [
        { name: 'psumAccumulateFlag', removedIn: '2.28', replacement: 'drop it (accumulation is automatic; 0.3 adds accumulate=)', mechanical: true },
        { name: 'is_moving_zero', removedIn: '2.28', replacement: 'is_moving_onezero=', mechanical: true }] }),
      isa({ since: '0.3' }, [dst(PS), req('stationary', 'src', { buffers: SB }), req('moving', 'src', { buffers: SB }),
        opt('is_stationary_onezero', FALSE, 'flag', { doc: 'Hint: stationary holds only 0/1 (up to 2× faster for fp32).' }),
        opt('is_moving_onezero', FALSE, 'flag', { doc: 'Hint: moving holds only 0/1.' }),
        opt('is_transpose', FALSE, 'flag', { doc: 'Bit-accurate transpose mode (NC-v3+; a profiler hint on NC-v2).' }),
        opt('accumulate', NONE, 'flag', { doc: 'False: overwrite; True: add to PSUM; None: first write overwrites, later ones accumulate.' }),
        opt('tile_position', tuple(), 'index', { doc: '(start_row, start_col) of a PE-array tile; requires tile_size.' }),
        opt('tile_size', tuple(), 'index', { doc: '(row_size, col_size) of a PE-array tile: 128/64/32 (32 needs NC-v3+).' }),
        opt('perf_mode', ref('nki.isa.matmul_perf_mode.none'), 'enum', { enumType: 'nki.isa.matmul_perf_mode', doc: 'matmul_perf_mode.double_row on NC-v3+ with fp8 operands (nki-library also passes the string "double_row").' })],
      { engine: fixed('tensor'), removedParams: [{ name: 'is_moving_zero', removedIn: '2.28', replacement: 'is_moving_onezero=', mechanical: true }],
        limits: [
          lim('stationary', 'P', { max: 128 }, 'contraction (partition) size must be ≤ 128', I),
          lim('stationary', 'F', { max: 128 }, 'stationary free size must be ≤ 128 (gemm_stationary_fmax)', I),
          lim('moving', 'F', { max: 512, targets: ['trn1', 'trn2'] }, 'moving free size must be ≤ 512 on NC-v2/v3 (one PSUM bank)', I),
          lim('moving', 'F', { max: 4096, targets: V4, when: 'dst dtype fp32' }, 'moving free size must be ≤ 4096 on NC-v4 with an fp32 destination', I),
          lim('moving', 'F', { max: 8192, targets: V4, when: 'dst dtype bf16' }, 'moving free size must be ≤ 8192 on NC-v4 with a bf16 destination', I),
        ] }),
    ]),
  entry('nki.isa.nc_matmul_mx', 'instruction',
    'MXFP8/MXFP4 matrix multiply on the NC-v4 Tensor Engine with per-32-element block scales. Data operands use packed x4 dtypes, scales float8_e8m0fnu (or uint8); result in PSUM (fp32 or bf16).',
    `${I}; §1.3 (2.27)`, [
      isa({ since: '0.2', until: '0.3' }, [dst(PS), req('stationary', 'src', { buffers: SB }), req('moving', 'src', { buffers: SB }),
        req('stationary_scale', 'src', { buffers: SB }), req('moving_scale', 'src', { buffers: SB }),
        opt('tile_position', NONE, 'index'), opt('tile_size', NONE, 'index')], { engine: fixed('tensor') }),
      isa({ since: '0.3' }, [dst(PS, 'PSUM destination (fp32 or bf16).'),
        req('stationary', 'src', { buffers: SB, dtypes: ['float8_e5m2_x4', 'float8_e4m3fn_x4', 'float4_e2m1fn_x4'] }),
        req('moving', 'src', { buffers: SB, dtypes: ['float8_e5m2_x4', 'float8_e4m3fn_x4', 'float4_e2m1fn_x4'] }),
        req('stationary_scale', 'src', { buffers: SB, dtypes: ['float8_e8m0fnu', 'uint8'] }),
        req('moving_scale', 'src', { buffers: SB, dtypes: ['float8_e8m0fnu', 'uint8'] }),
        opt('tile_position', NONE, 'index'), opt('tile_size', NONE, 'index'), opt('accumulate', NONE, 'flag')],
      { engine: fixed('tensor'), limits: [
        lim('stationary', 'P', { max: 128, multipleOf: 32 }, 'MX data partition size must be a multiple of 32 and ≤ 128', I),
        lim('stationary', 'F', { max: 128, multipleOf: 2 }, 'stationary free size must be even and ≤ 128', I),
        lim('moving', 'F', { max: 4096, when: 'dst dtype fp32' }, 'moving free size ≤ 4096 with an fp32 destination', I),
        lim('moving', 'F', { max: 8192, when: 'dst dtype bf16' }, 'moving free size ≤ 8192 with a bf16 destination', I),
      ] }),
    ], { targets: V4 }),
  entry('nki.isa.nc_transpose', 'instruction',
    'Transposes partition and (flattened) free dimensions. On the Tensor Engine SBUF → PSUM up to 128×128; on the Vector Engine SBUF/PSUM → SBUF/PSUM up to 32×32. dst dtype equals data dtype.',
    `${I}; §1.5`, [
      beta1Isa([dataP(SBPS), b1kw('engine', 'enum', ref('nki.isa.engine.unknown'), { enumType: 'nki.isa.engine' })],
        { returns: { kind: 'tile', buffer: 'psum' }, engine: select(['tensor', 'vector'], 'tensor'), note: 'Vector-engine result may land in SBUF' }),
      isa({ since: '0.2' }, [dst(SBPS), dataP(SBPS), engineP()], {
        engine: select(['tensor', 'vector'], 'tensor', 'engine= honoured from 0.4'),
        limits: [
          lim('data', 'P', { max: 128, engine: 'tensor' }, 'Tensor-engine transpose is limited to 128×128', I),
          lim('data', 'F', { max: 128, engine: 'tensor' }, 'Tensor-engine transpose is limited to 128×128', I),
          lim('data', 'P', { max: 32, engine: 'vector' }, 'Vector-engine transpose is limited to 32×32', I),
          lim('data', 'F', { max: 32, engine: 'vector' }, 'Vector-engine transpose is limited to 32×32', I),
        ] }),
    ]),

  // ------------------------------------------------------------------ Scalar Engine
  entry('nki.isa.activation', 'instruction',
    'Scalar-engine activation: dst = op(data * scale + bias), computed in fp32, with an optional reduction along the free dimension into the per-partition accumulator (reduce_op/reduce_res/reduce_cmd). bias must be a (P, 1) vector (NC-v3+ also a scalar).',
    `${I}; ${B1}`, [
      beta1Isa([opP('op', ACT), dataP(SBPS), b1kw('bias', 'operand', NONE, { buffers: SBPS }), b1kw('scale', 'operand', float(1.0)),
        b1kw('reduce_op', 'op', NONE, { opUses: RED }), b1kw('reduce_res', 'dst', NONE, { buffers: SBPS }), b1kw('reduce_cmd', 'enum', idle, { enumType: 'nki.isa.reduce_cmd' })],
      { engine: fixed('scalar') }),
      isa({ since: '0.2' }, [dst(SBPS), opP('op', ACT), dataP(SBPS), scalarOrVec('bias', NONE, 'Per-partition bias: (P, 1) vector; free size must be 1.'),
        opt('scale', float(1.0), 'operand', { buffers: SBPS }), reduceOpP(), reduceResP(), reduceCmdP()],
      { engine: fixed('scalar'), limits: [pLimit('data'), lim('bias', 'F', { max: 1, min: 1 }, 'bias shape must be (P, 1)', `${I}; KLR "bias shape (PxF) must be Nx1"`)] }),
    ]),
  entry('nki.isa.activation_reduce', 'instruction',
    'Legacy form of activation with reset_reduce: applies op and reduces all free axes into reduce_res (on NC-v2 reduce_op must be add).',
    `${I}; §1.1 (2.21)`, [
      beta1Isa([opP('op', ACT), dataP(SBPS), b1kw('reduce_op', 'op', undefined, { opUses: RED }), b1kw('reduce_res', 'dst', undefined, { buffers: SBPS }),
        b1kw('bias', 'operand', NONE, { buffers: SBPS }), b1kw('scale', 'operand', float(1.0))], { range: { since: '2.21', until: '0.2' }, engine: fixed('scalar') }),
      isa({ since: '0.2' }, [dst(SBPS), opP('op', ACT), dataP(SBPS), req('reduce_op', 'op', { opUses: RED }), req('reduce_res', 'dst', { buffers: SBPS }),
        scalarOrVec('bias', NONE), opt('scale', float(1.0), 'operand', { buffers: SBPS })], { engine: fixed('scalar') }),
    ]),
  entry('nki.isa.activate2', 'instruction',
    'NC-v4 two-stage scalar-engine op: ((data op0 imm0) op1 imm1) then the activation op, with optional free-dim reduction. Allowed (op0, op1) pairs: (multiply, add|subtract|bypass), (add|subtract|bypass, bypass).',
    `${I}; §1.5`, [
      isa({ since: '0.4' }, [dst(SBPS), opP('op', ACT), dataP(SBPS), scalarOrVec('imm0', undefined, 'Scalar or (P, 1) operand of op0.'),
        scalarOrVec('imm1', undefined, 'Scalar or (P, 1) operand of op1.'), opP('op0', ['alu']), opP('op1', ['alu']),
        opt('relu_param', float(0.0), 'scalar', { doc: 'Slope parameter for prelu-style activations.' }), rev(0), rev(1),
        reduceOpP(), reduceResP(), reduceCmdP()], { engine: fixed('scalar') }),
    ], { targets: V4 }),

  // ------------------------------------------------------------------ Vector Engine
  entry('nki.isa.tensor_tensor', 'instruction',
    'Element-wise binary op between two tiles with equal partition count and elements per partition (no broadcasting; use tensor_scalar for (P,1) operands). At most one input may be in PSUM. nl.power runs on GpSimd.',
    `${I}; ${B1}`, [
      beta1Isa([req('data1', 'src', { buffers: SBPS }), req('data2', 'src', { buffers: SBPS }), opP('op', ALU),
        b1kw('engine', 'enum', ref('nki.isa.engine.unknown'), { enumType: 'nki.isa.engine' })], { engine: select(['vector', 'gpsimd'], 'vector') }),
      isa({ since: '0.2' }, [dst(SBPS), req('data1', 'src', { buffers: SBPS }), req('data2', 'src', { buffers: SBPS }), opP('op', ALU), engineP()],
        { engine: select(['vector', 'gpsimd'], 'vector', 'all-int32/uint32 operands default to GpSimd unless a PSUM operand forces Vector'),
          limits: [pLimit('data1'), pLimit('data2')] }),
    ]),
  entry('nki.isa.tensor_scalar', 'instruction',
    'Applies (data op0 operand0) op1 operand1 element-wise, where operands are compile-time scalars or (P, 1) vectors. Runs on Vector (default), Scalar (limited op pairs) or GpSimd (rsqrt only).',
    `${I}; ${B1}`, [
      beta1Isa([dataP(SBPS), opP('op0', ALU), req('operand0', 'operand'), rev(0), opt('op1', NONE, 'op', { opUses: ALU }), opt('operand1', NONE, 'operand'), rev(1),
        b1kw('engine', 'enum', ref('nki.isa.engine.unknown'), { enumType: 'nki.isa.engine' })], { engine: select(['vector', 'scalar', 'gpsimd'], 'vector') }),
      isa({ since: '0.2' }, [dst(SBPS), dataP(SBPS), opP('op0', ALU), scalarOrVec('operand0'), rev(0), opt('op1', NONE, 'op', { opUses: ALU }),
        scalarOrVec('operand1', NONE), rev(1), engineP()], { engine: select(['vector', 'scalar', 'gpsimd'], 'vector'), limits: [pLimit('data')] }),
    ]),
  entry('nki.isa.scalar_tensor_tensor', 'instruction',
    'Computes (data op0 operand0) op1 operand1 where operand0 is a scalar or (P, 1) vector and operand1 a tile shaped like data. Arithmetic ops only; data and operand1 may not both be in PSUM.',
    `${I}; §1.1 (2.21)`, [
      beta1Isa([b1kw('data', 'src', undefined, { buffers: SBPS }), b1kw('op0', 'op', undefined, { opUses: ALU }), b1kw('operand0', 'operand', undefined),
        b1kw('op1', 'op', undefined, { opUses: ALU }), b1kw('operand1', 'operand', undefined, { buffers: SBPS }),
        b1kw('reverse0', 'flag', FALSE), b1kw('reverse1', 'flag', FALSE)], { range: { since: '2.21', until: '0.2' }, engine: fixed('vector') }),
      isa({ since: '0.2' }, [dst(SBPS), dataP(SBPS), opP('op0', ['alu']), scalarOrVec('operand0'), opP('op1', ['alu']), req('operand1', 'operand', { buffers: SBPS }), rev(0), rev(1)],
        { engine: fixed('vector'), removedParams: [{ name: 'dtype', removedIn: '0.2', replacement: 'give dst the wanted dtype', mechanical: false }] }),
    ]),
  entry('nki.isa.tensor_reduce', 'instruction',
    'Reduces the trailing free axes of data with op (never axis 0). Bit-vector ops need integer dtypes; negate multiplies the result by −1.',
    `${I}; ${B1}`, [
      beta1Isa([opP('op', [...RED, 'alu']), dataP(SBPS), req('axis', 'index'), b1kw('negate', 'flag', FALSE), b1kw('keepdims', 'flag', FALSE)], { engine: fixed('vector') }),
      isa({ since: '0.2' }, [dst(SBPS), opP('op', [...RED, 'alu']), dataP(SBPS), req('axis', 'index'), opt('negate', FALSE, 'flag'), opt('keepdims', FALSE, 'flag')],
        { engine: fixed('vector'), limits: [pLimit('data')] }),
    ]),
  entry('nki.isa.tensor_scalar_reduce', 'instruction',
    'tensor_scalar with a reduction: dst = data op0 operand0, and reduce_op (add/multiply/max/min) of the results along the free dim goes to reduce_res.',
    `${I}; §1.1 (2.21); §1.7`, [
      beta1Isa([b1kw('data', 'src', undefined, { buffers: SBPS }), b1kw('op0', 'op', undefined, { opUses: ALU }), b1kw('operand0', 'operand', undefined),
        b1kw('reduce_op', 'op', undefined, { opUses: RED }), b1kw('reduce_res', 'dst', undefined, { buffers: SBPS }), b1kw('reverse0', 'flag', FALSE)],
      { range: { since: '2.21', until: '0.2' }, engine: fixed('vector') }),
      isa({ since: '0.2', until: '0.6' }, [dst(SBPS), dataP(SBPS), opP('op0', ALU), scalarOrVec('operand0'), req('reduce_op', 'op', { opUses: RED }),
        req('reduce_res', 'dst', { buffers: SBPS }), rev(0), reduceCmdP(resetReduce), opt('reduce_init', NONE, 'scalar'), opt('reduce_res_negate', FALSE, 'flag')],
      { engine: fixed('vector'), confidence: 'uncertain', note: 'reduce_cmd/reduce_init/reduce_res_negate are from the 0.6 docs; their first version is not stated' }),
      isa({ since: '0.6' }, [dst(SBPS), dataP(SBPS), opP('op0', ALU), scalarOrVec('operand0'), req('reduce_op', 'op', { opUses: RED }),
        reduceResP(), opt('reverse0', FALSE, 'flag', { doc: 'Not supported yet (documented as reserved).' }), reduceCmdP(resetReduce),
        opt('reduce_init', NONE, 'scalar', { doc: 'Initial accumulator value; only with reduce_cmd=load_reduce.' }), opt('reduce_res_negate', FALSE, 'flag')],
      { engine: fixed('vector') }),
    ]),
  entry('nki.isa.tensor_scalar_cumulative', 'instruction',
    'Running scan along the free dim: reg = op1(op0(x, imm0), reg), written element by element (no int32/uint32).',
    `${I}; §2.12 (2.27)`, [
      isa({ since: '0.2' }, [dst(SBPS), srcP(SBPS), opP('op0', ['alu']), opP('op1', ['alu']), req('imm0', 'scalar'), opt('imm1', NONE, 'scalar'), reduceCmdP(resetReduce)],
        { engine: fixed('vector') }),
    ]),
  entry('nki.isa.tensor_tensor_scan', 'instruction',
    'Scan over the free dim: r[:, i] = op1(op0(data0[:, i], r[:, i-1]), data1[:, i]) starting from initial (fp32 scalar or (P, 1)).',
    `${I}; ${B1}`, [
      beta1Isa([req('data0', 'src', { buffers: SBPS }), req('data1', 'src', { buffers: SBPS }), req('initial', 'operand'), opP('op0', ['alu']), opP('op1', ['alu']), rev(0), rev(1)],
        { engine: fixed('vector') }),
      isa({ since: '0.2' }, [dst(SBPS), req('data0', 'src', { buffers: SBPS }), req('data1', 'src', { buffers: SBPS }), scalarOrVec('initial'), opP('op0', ['alu']), opP('op1', ['alu']), rev(0), rev(1)],
        { engine: fixed('vector') }),
    ]),
  entry('nki.isa.tensor_copy', 'instruction',
    'Copies src to dst (same partitions and elements per partition), casting through fp32 unless dtypes match on Vector/GpSimd (bit-exact). Source may be SBUF or PSUM; GpSimd cannot touch PSUM; ScalarE copy unsupported on NC-v2.',
    `${I}; §1.1 (2.21)`, [
      beta1Isa([srcP(SBPS), b1kw('engine', 'enum', ref('nki.isa.engine.unknown'), { enumType: 'nki.isa.engine' })],
        { range: { since: '2.21', until: '0.2' }, engine: select(['vector', 'scalar', 'gpsimd'], 'vector') }),
      isa({ since: '0.2' }, [dst(SBPS), srcP(SBPS), engineP()], {
        engine: select(['vector', 'scalar', 'gpsimd'], 'vector'),
        removedParams: [{ name: 'dtype', removedIn: '0.2', replacement: 'allocate dst with the wanted dtype (the copy casts to it)', mechanical: false }],
        limits: [pLimit('src')] }),
    ]),
  entry('nki.isa.tensor_copy_predicated', 'instruction',
    'Copies src (tile or scalar) into dst where predicate (uint8/16/32) is true (or false with reverse_pred). src and predicate may not both be in PSUM.',
    `${I}; §1.1 (2.22)`, [
      beta1Isa([b1kw('src', 'src', undefined, { buffers: SBPS }), b1kw('dst', 'dst', undefined, { buffers: SBPS }), b1kw('predicate', 'src', undefined, { buffers: SBPS }), b1kw('reverse_pred', 'flag', FALSE)],
        { range: { since: '2.22', until: '0.2' }, engine: fixed('vector'), returns: { kind: 'none' }, doc: 'Beta 1: keyword arguments, writes dst.' }),
      isa({ since: '0.2' }, [dst(SBPS), req('src', 'operand', { buffers: SBPS }), req('predicate', 'src', { buffers: SBPS, dtypes: ['uint8', 'uint16', 'uint32'] }), opt('reverse_pred', FALSE, 'flag')],
        { engine: fixed('vector') }),
    ]),
  entry('nki.isa.tensor_copy_dynamic_src', 'instruction',
    'Copy with a register-dependent source offset. Deprecated in 0.3 and removed in 0.4.',
    `${I}; §1.4; §1.5`, [
      beta1Isa([srcP(SBPS), b1kw('engine', 'enum', ref('nki.isa.engine.unknown'), { enumType: 'nki.isa.engine' })],
        { range: { since: '2.21', until: '0.2' }, engine: select(['vector', 'gpsimd'], 'vector'), confidence: 'uncertain', note: 'Beta 1 keyword list beyond src not documented' }),
      isa({ since: '0.2', until: '0.4' }, [dst(SBPS), srcP(SBPS), engineP()], { engine: select(['vector', 'gpsimd'], 'vector') }),
    ], {
      deprecations: [{ range: { since: '0.3', until: '0.4' }, message: 'tensor_copy_dynamic_src is deprecated and removed in 0.4', replacement: 'nisa.tensor_copy(dst, src.ap(pattern, scalar_offset=reg))', mechanical: false }],
      absences: [{ range: { since: '0.4' }, message: 'nisa.tensor_copy_dynamic_src was removed in NKI 0.4', replacement: 'nisa.tensor_copy(dst, src.ap(pattern, scalar_offset=reg))', mechanical: false }],
    }),
  entry('nki.isa.tensor_copy_dynamic_dst', 'instruction',
    'Copy with a register-dependent destination offset. Deprecated in 0.3 and removed in 0.4.',
    `${I}; §1.4; §1.5`, [
      beta1Isa([b1kw('dst', 'dst', undefined, { buffers: SBPS }), b1kw('src', 'src', undefined, { buffers: SBPS }), b1kw('engine', 'enum', ref('nki.isa.engine.unknown'), { enumType: 'nki.isa.engine' })],
        { range: { since: '2.22', until: '0.2' }, engine: select(['vector', 'gpsimd'], 'vector'), returns: { kind: 'none' } }),
      isa({ since: '0.2', until: '0.4' }, [dst(SBPS), srcP(SBPS), engineP()], { engine: select(['vector', 'gpsimd'], 'vector') }),
    ], {
      deprecations: [{ range: { since: '0.3', until: '0.4' }, message: 'tensor_copy_dynamic_dst is deprecated and removed in 0.4', replacement: 'nisa.tensor_copy(dst.ap(pattern, scalar_offset=reg), src)', mechanical: false }],
      absences: [{ range: { since: '0.4' }, message: 'nisa.tensor_copy_dynamic_dst was removed in NKI 0.4', replacement: 'nisa.tensor_copy(dst.ap(pattern, scalar_offset=reg), src)', mechanical: false }],
    }),
  entry('nki.isa.reciprocal', 'instruction', 'Element-wise 1/x on the Vector Engine (more precise but ~8× slower than the ScalarE activation).', `${I}; ${B1}`, [
    beta1Isa([dataP(SBPS)], { engine: fixed('vector') }),
    isa({ since: '0.2' }, [dst(SBPS), dataP(SBPS)], { engine: fixed('vector') }),
  ]),
  entry('nki.isa.exponential', 'instruction', 'NC-v4 Vector-engine exp(src − max_value) with an optional running sum into reduce_res; about 4× the ScalarE exp throughput.', `${I}; §1.1 (2.28)`, [
    isa({ since: '2.28' }, [dst(SBPS), srcP(SBPS), opt('max_value', float(0.0), 'operand', { doc: 'Subtracted before exp: scalar or (P, 1) vector.' }), reduceResP(), reduceCmdP(), opt('reduce_init', float(0.0), 'scalar')],
      { engine: fixed('vector') }),
  ], { targets: V4 }),
  entry('nki.isa.bn_stats', 'instruction', 'Batch-norm statistics of up to 512 elements per partition: writes 6 values per partition (count, mean, variance·count for even and odd elements), to be combined by bn_aggr.', `${I}; ${B1}`, [
    beta1Isa([dataP(SBPS)], { engine: fixed('vector') }),
    isa({ since: '0.2' }, [dst(SBPS), dataP(SBPS)], { engine: fixed('vector'), limits: [lim('data', 'F', { max: 512 }, 'bn_stats input free size must be ≤ 512 (tile_size.bn_stats_fmax)', I)] }),
  ]),
  entry('nki.isa.bn_aggr', 'instruction', 'Aggregates bn_stats outputs (elements per partition a multiple of 3) into mean and variance (2 values per partition).', `${I}; ${B1}`, [
    beta1Isa([dataP(SBPS)], { engine: fixed('vector') }),
    isa({ since: '0.2' }, [dst(SBPS), dataP(SBPS)], { engine: fixed('vector'), limits: [lim('data', 'F', { multipleOf: 3 }, 'bn_aggr input elements per partition must be a multiple of 3', I)] }),
  ]),
  entry('nki.isa.max8', 'instruction', 'The 8 largest values of each partition in descending order (src 8…16384 elements per partition, ≤3-D; dst (P, 8)).', `${I}; §1.1 (2.22)`, [
    beta1Isa([b1kw('src', 'src', undefined, { buffers: SBPS })], { range: { since: '2.22', until: '0.2' }, engine: fixed('vector') }),
    isa({ since: '0.2' }, [dst(SBPS), srcP(SBPS)], { engine: fixed('vector'), limits: [
      lim('src', 'F', { min: 8, max: 16384 }, 'max8 source must have 8…16384 elements per partition', I),
      lim('dst', 'F', { min: 8, max: 8 }, 'max8 destination must be (P, 8)', I)] }),
  ]),
  entry('nki.isa.nc_find_index8', 'instruction', 'Finds, per partition, the index of each of 8 values within data (8…16384 elements); unmatched entries get the all-ones sentinel. dst (P, 8) uint16/uint32.', `${I}; §1.1 (2.22)`, [
    beta1Isa([b1kw('data', 'src', undefined, { buffers: SBPS }), b1kw('vals', 'src', undefined, { buffers: SBPS })], { range: { since: '2.22', until: '0.2' }, engine: fixed('vector') }),
    isa({ since: '0.2' }, [req('dst', 'dst', { buffers: SBPS, dtypes: ['uint16', 'uint32'] }), dataP(SBPS), req('vals', 'src', { buffers: SBPS })], { engine: fixed('vector'), limits: [
      lim('data', 'F', { min: 8, max: 16384 }, 'nc_find_index8 data must have 8…16384 elements per partition', I)] }),
  ]),
  entry('nki.isa.nc_match_replace8', 'instruction', 'Replaces, per partition, the first occurrence of each of 8 values in data with imm; optionally writes their indices to dst_idx.', `${I}; §1.1 (2.22, 2.24)`, [
    beta1Isa([b1kw('data', 'src', undefined, { buffers: SBPS }), b1kw('vals', 'src', undefined, { buffers: SBPS }), b1kw('imm', 'scalar', undefined), b1kw('dst_idx', 'dst', NONE)],
      { range: { since: '2.22', until: '0.2' }, engine: fixed('vector') }),
    isa({ since: '0.2' }, [dst(SBPS), dataP(SBPS), req('vals', 'src', { buffers: SBPS }), req('imm', 'scalar'), opt('dst_idx', NONE, 'dst', { buffers: SBPS })], { engine: fixed('vector') }),
  ]),
  entry('nki.isa.nc_stream_shuffle', 'instruction', 'Moves partitions within each 32-partition quadrant according to a 32-entry shuffle_mask (255 leaves the dst partition unchanged). Same dtype and elements per partition.', `${I}; §1.1 (2.22)`, [
    beta1Isa([srcP(SBPS), dst(SBPS), req('shuffle_mask', 'index')], { range: { since: '2.22', until: '0.2' }, engine: fixed('vector'), returns: { kind: 'none' },
      doc: 'Beta 1 order: (src, dst, shuffle_mask); 2.27 moved dst first.' }),
    isa({ since: '0.2' }, [dst(SBPS), srcP(SBPS), req('shuffle_mask', 'index')], { engine: fixed('vector'),
      limits: [lim('shuffle_mask', 'length', { min: 32, max: 32 }, 'shuffle_mask must have 32 entries (values 0–31 or 255)', I)] }),
  ]),
  entry('nki.isa.dropout', 'instruction', 'Zeroes elements with probability prob (scalar or (P, 1)); dst dtype equals data dtype.', `${I}; ${B1}`, [
    beta1Isa([dataP(SBPS), req('prob', 'operand')], { engine: fixed('vector') }),
    isa({ since: '0.2' }, [dst(SBPS), dataP(SBPS), scalarOrVec('prob')], { engine: fixed('vector') }),
  ]),
  entry('nki.isa.range_select', 'instruction', 'NC-v3+: keeps on_true_tile where comp_op0(index, bound0) and comp_op1(index, bound1) hold for the free index (from range_start), else FP32_MIN, with a max reduction into reduce_res.', `${I}; §1.1 (2.23); §1.3`, [
    beta1Isa([b1kw('on_true_tile', 'src', undefined, { buffers: SBPS }), b1kw('comp_op0', 'op', undefined, { opUses: ['compare'] }), b1kw('comp_op1', 'op', undefined, { opUses: ['compare'] }),
      b1kw('bound0', 'operand', undefined), b1kw('bound1', 'operand', undefined), b1kw('reduce_cmd', 'enum', idle, { enumType: 'nki.isa.reduce_cmd' }),
      b1kw('reduce_res', 'dst', NONE), b1kw('reduce_op', 'op', ref('nki.language.maximum'), { opUses: RED, doc: 'Beta 1 default was np.amax.' }),
      b1kw('range_start', 'scalar', int(0)), b1kw('on_false_value', 'scalar', FP32_MIN)], { range: { since: '2.23', until: '0.2' }, engine: fixed('vector') }),
    isa({ since: '0.2', until: '0.3' }, [dst(SBPS), req('on_true_tile', 'src', { buffers: SBPS }), opP('comp_op0', ['compare']), opP('comp_op1', ['compare']),
      scalarOrVec('bound0'), scalarOrVec('bound1'), reduceCmdP(idle), reduceResP(), opt('reduce_op', ref('nki.language.maximum'), 'op', { opUses: RED }),
      opt('range_start', int(0), 'scalar'), opt('on_false_value', float(0.0), 'scalar', { doc: '0.2: documented default 0.0 (the compiler silently forced −3.4028235e38).' })],
      { engine: fixed('vector') }),
    isa({ since: '0.3' }, [dst(SBPS), req('on_true_tile', 'src', { buffers: SBPS }), opP('comp_op0', ['compare']), opP('comp_op1', ['compare']),
      scalarOrVec('bound0', undefined, 'fp32 (P, 1) lower/upper bound.'), scalarOrVec('bound1', undefined, 'fp32 (P, 1) bound.'), reduceCmdP(resetReduce), reduceResP(),
      opt('reduce_op', ref('nki.language.maximum'), 'op', { opUses: RED }), opt('range_start', int(0), 'scalar'),
      opt('on_false_value', FP32_MIN, 'scalar', { doc: 'Must be −3.4028235e38 (FP32_MIN).' })], { engine: fixed('vector') }),
  ], { targets: V3P }),
  entry('nki.isa.select_reduce', 'instruction', 'Selects on_true where predicate holds, else on_false (fp32 scalar or (P, 1)), with an optional max reduction into reduce_res.', `${I}; §1.1 (2.26)`, [
    beta1Isa([b1kw('dst', 'dst', undefined, { buffers: SBPS }), b1kw('predicate', 'src', undefined, { buffers: SBPS }), b1kw('on_true', 'src', undefined, { buffers: SBPS }),
      b1kw('on_false', 'operand', undefined), b1kw('reduce_res', 'dst', NONE), b1kw('reduce_cmd', 'enum', idle, { enumType: 'nki.isa.reduce_cmd' }),
      b1kw('reduce_op', 'op', ref('nki.language.maximum'), { opUses: RED }), b1kw('reverse_pred', 'flag', FALSE)],
    { range: { since: '2.26', until: '0.2' }, engine: fixed('vector'), returns: { kind: 'none' } }),
    isa({ since: '0.2' }, [dst(SBPS), req('predicate', 'src', { buffers: SBPS, dtypes: ['int8', 'uint8', 'int16', 'uint16'] }), req('on_true', 'src', { buffers: SBPS }),
      scalarOrVec('on_false'), reduceResP(), reduceCmdP(idle), opt('reduce_op', ref('nki.language.maximum'), 'op', { opUses: RED }), opt('reverse_pred', FALSE, 'flag')],
    { engine: fixed('vector') }),
  ]),
  entry('nki.isa.quantize_mx', 'instruction', 'NC-v4 MX quantisation: converts fp16/bf16 src into packed x4 MXFP8/MXFP4 data (F/4 columns) plus per-block scales (float8_e8m0fnu or uint8). All operands in SBUF.', `${I}; §1.3`, [
    isa({ since: '0.2' }, [req('dst', 'dst', { buffers: SB, dtypes: ['float8_e5m2_x4', 'float8_e4m3fn_x4', 'float4_e2m1fn_x4'] }), req('src', 'src', { buffers: SB, dtypes: ['float16', 'bfloat16'] }),
      req('dst_scale', 'dst', { buffers: SB, dtypes: ['float8_e8m0fnu', 'uint8'] })],
    { engine: fixed('vector'), limits: [
      lim('src', 'P', { max: 128, multipleOf: 32 }, 'quantize_mx partition size must be a multiple of 32 and ≤ 128', I),
      lim('src', 'F', { multipleOf: 4 }, 'quantize_mx source free size must be a multiple of 4', I)] }),
  ], { targets: V4 }),
  entry('nki.isa.rand2', 'instruction', 'NC-v4 uniform random numbers in [min, max).', `${I}; §1.3`, [
    isa({ since: '0.2' }, [dst(SBPS), req('min', 'scalar'), req('max', 'scalar')], { engine: fixed('vector'), confidence: 'uncertain', note: 'executing engine not stated' }),
  ], { targets: V4 }),
  entry('nki.isa.set_rng_seed', 'instruction', 'Seeds the random number generator from a [1, 1] 32-bit tile in SBUF or PSUM.', `${I}; §1.3`, [
    isa({ since: '0.2' }, [req('src_seeds', 'src', { buffers: SBPS })], { engine: fixed('vector'), confidence: 'uncertain', note: 'executing engine not stated' }),
  ]),
  entry('nki.isa.rng', 'instruction', 'Random integers into an integer dst (NC-v2: Vector only; NC-v3+: Vector or GpSimd).', `${I}; §1.3`, [
    isa({ since: '0.2', until: '0.3' }, [dst(SBPS), engineP()], { engine: select(['vector', 'gpsimd'], 'vector') }),
    isa({ since: '0.3' }, [dst(SBPS), engineP('nki.isa.engine.vector')], { engine: select(['vector', 'gpsimd'], 'vector') }),
  ]),
  entry('nki.isa.rand_set_state', 'instruction', 'NC-v3+: loads RNG state (uint32; 6 elements per partition on GpSimd, 24 on Vector).', `${I}; §1.3`, [
    isa({ since: '0.2', until: '0.3' }, [req('src_seeds', 'src', { buffers: SBPS, dtypes: ['uint32'] }), engineP()], { engine: select(['gpsimd', 'vector'], 'gpsimd') }),
    isa({ since: '0.3' }, [req('src_seeds', 'src', { buffers: SBPS, dtypes: ['uint32'] }), engineP('nki.isa.engine.gpsimd')], { engine: select(['gpsimd', 'vector'], 'gpsimd') }),
  ], { targets: V3P }),
  entry('nki.isa.rand_get_state', 'instruction', 'NC-v3+: stores RNG state into a uint32 dst.', `${I}; §1.3`, [
    isa({ since: '0.2', until: '0.3' }, [req('dst', 'dst', { buffers: SBPS, dtypes: ['uint32'] }), engineP()], { engine: select(['gpsimd', 'vector'], 'gpsimd') }),
    isa({ since: '0.3' }, [req('dst', 'dst', { buffers: SBPS, dtypes: ['uint32'] }), engineP('nki.isa.engine.gpsimd')], { engine: select(['gpsimd', 'vector'], 'gpsimd') }),
  ], { targets: V3P }),

  // ------------------------------------------------------------------ GpSimd Engine
  entry('nki.isa.iota', 'instruction', 'GpSimd: fills dst (SBUF) with offset + partition·channel_multiplier + Σ step·index over an up-to-4-D pattern (int32 math, then cast).', `${I}; ${B1}; §1.3`, [
    beta1Isa([req('expr', 'index', { doc: 'Beta 1: affine index expression (e.g. built from nl.arange).' }), req('dtype', 'dtype')], { engine: fixed('gpsimd'), noDtype: true }),
    isa({ since: '0.2', until: '0.3' }, [dst(SB), req('pattern', 'index'), req('offset', 'scalar'), opt('channel_multiplier', int(0), 'scalar')], { engine: fixed('gpsimd') }),
    isa({ since: '0.3' }, [dst(SB), req('pattern', 'index'), opt('offset', int(0), 'scalar'), opt('channel_multiplier', int(0), 'scalar')], { engine: fixed('gpsimd'),
      limits: [lim('pattern', 'length', { max: 4 }, 'iota pattern is at most 4-D', I)] }),
  ]),
  entry('nki.isa.affine_select', 'instruction', 'GpSimd: dst = on_true_tile where cmp_op(affine value, 0) holds, else on_false_value — the usual causal-mask builder. dst and on_true_tile in SBUF.', `${I}; ${B1}; §1.3; §1.4`, [
    beta1Isa([req('pred', 'index', { doc: 'Beta 1: affine predicate expression over index tiles.' }), req('on_true_tile', 'src', { buffers: SB }), req('on_false_value', 'scalar')],
      { engine: fixed('gpsimd') }),
    isa({ since: '0.2', until: '0.3' }, [dst(SB), req('pattern', 'index'), req('offset', 'scalar'), req('channel_multiplier', 'scalar'), req('on_true_tile', 'src', { buffers: SB }),
      req('on_false_value', 'scalar'), opt('cmp_op', ref('nki.language.equal'), 'op', { opUses: ['compare'] })], { engine: fixed('gpsimd') }),
    isa({ since: '0.3' }, [dst(SB), req('pattern', 'index'), req('channel_multiplier', 'scalar'), req('on_true_tile', 'src', { buffers: SB }), req('on_false_value', 'scalar'),
      opt('cmp_op', ref('nki.language.equal'), 'op', { opUses: ['compare'] }), opt('offset', int(0), 'scalar')], { engine: fixed('gpsimd') }),
  ]),
  entry('nki.isa.local_gather', 'instruction', 'GpSimd gather within each 16-partition core: copies num_elem_per_idx elements per uint16 index from src_buffer. No dtype cast; out-of-range indices are undefined.', `${I}; ${B1}`, [
    beta1Isa([req('src_buffer', 'src', { buffers: SB }), req('index', 'src', { buffers: SB }), opt('num_elem_per_idx', int(1), 'scalar'), opt('num_valid_indices', NONE, 'scalar')],
      { engine: fixed('gpsimd'), noDtype: true }),
    isa({ since: '0.2' }, [dst(SB), req('src_buffer', 'src', { buffers: SB }), req('index', 'src', { buffers: SB, dtypes: ['uint16'] }),
      opt('num_elem_per_idx', int(1), 'scalar'), opt('num_valid_indices', NONE, 'scalar')], { engine: fixed('gpsimd'), limits: [
      lim('src_buffer', 'P', { multipleOf: 16, max: 128 }, 'local_gather partition count must be a multiple of 16', I),
      lim('num_elem_per_idx', 'value', { oneOf: [1, 2, 4, 8, 16, 32] }, 'num_elem_per_idx must be 1, 2, 4, 8, 16 or 32', I),
      lim('index', 'count', { max: 4096, when: 'per GpSimd core' }, 'at most 4096 indices per core', I)] }),
  ]),
  entry('nki.isa.nc_n_gather', 'instruction', 'Gathers within each partition over the flattened free dims using uint32 indices; replaces Beta 1 nl.gather_flattened.', `${I}; §1.1 (2.27)`, [
    isa({ since: '0.2' }, [dst(SB), dataP(SB), req('indices', 'src', { buffers: SB, dtypes: ['uint32'] })], { engine: fixed('gpsimd') }),
  ]),
  entry('nki.isa.tensor_partition_reduce', 'instruction', 'Reduces across partitions (add, average, max, bitwise_or, bitwise_and) on GpSimd.', `${I}; §1.1 (2.21)`, [
    beta1Isa([opP('op', RED), dataP(SB)], { range: { since: '2.21', until: '0.2' }, engine: fixed('gpsimd') }),
    isa({ since: '0.2' }, [dst(SB), opP('op', RED), dataP(SB)], { engine: fixed('gpsimd') }),
  ]),
  entry('nki.isa.sequence_bounds', 'instruction', 'From segment ids on one partition (fp32/int32), writes (1, 2, N) start/end bounds; id 0 is padding.', `${I}; §1.1 (2.26)`, [
    beta1Isa([b1kw('segment_ids', 'src', undefined, { buffers: SB })], { range: { since: '2.26', until: '0.2' }, engine: fixed('gpsimd') }),
    isa({ since: '0.2' }, [dst(SB), req('segment_ids', 'src', { buffers: SB, dtypes: ['float32', 'int32'] })], { engine: fixed('gpsimd'),
      limits: [lim('segment_ids', 'P', { min: 1, max: 1 }, 'sequence_bounds needs exactly one partition', I)] }),
  ]),
  entry('nki.isa.nonzero_with_count', 'instruction', 'NC-v3+ GpSimd: writes indices of non-zero elements plus a trailing count (int32, F+1 columns); only partitions 0,16,…,112 are read/written.', `${I}; §1.1 (2.28)`, [
    isa({ since: '2.28' }, [req('dst', 'dst', { buffers: SB, dtypes: ['int32'] }), req('src', 'src', { buffers: SB, dtypes: ['float32', 'int32'] }),
      opt('index_offset', int(0), 'scalar'), opt('padding_val', int(-1), 'scalar')], { engine: fixed('gpsimd') }),
  ], { targets: V3P }),
  entry('nki.isa.topk', 'instruction', 'GpSimd top-k over bf16 values laid out in 16-partition snake order: writes k values (ascending) and uint32 indices.', `${I}; §1.7`, [
    isa({ since: '0.6' }, [req('val_dst', 'dst', { buffers: SB, dtypes: ['bfloat16'] }), req('idx_dst', 'dst', { buffers: SB, dtypes: ['uint32'] }),
      req('src', 'src', { buffers: SB, dtypes: ['bfloat16'] }), req('n', 'scalar', { doc: 'Number of candidate elements (8 ≤ n < 65536).' })],
    { engine: fixed('gpsimd'), limits: [
      lim('src', 'P', { multipleOf: 16, max: 128 }, 'topk partition count must be a multiple of 16', I),
      lim('n', 'value', { min: 8, max: 65535 }, 'topk n must satisfy 8 ≤ n < 65536', I)] }),
  ]),
  entry('nki.isa.memset', 'instruction', 'Fills dst with a compile-time value on Vector or GpSimd. From 0.3 the value type must match dst dtype; packed x4 dtypes accept only 0.', `${I}; ${B1}; §1.4`, [
    beta1Isa([req('shape', 'shape'), req('value', 'scalar'), req('dtype', 'dtype'), b1kw('engine', 'enum', ref('nki.isa.engine.unknown'), { enumType: 'nki.isa.engine' })],
      { engine: select(['vector', 'gpsimd'], 'vector'), noDtype: true }),
    isa({ since: '0.2' }, [dst(SBPS), req('value', 'scalar'), engineP()], { engine: select(['vector', 'gpsimd'], 'vector') }),
  ]),

  // ------------------------------------------------------------------ DMA
  entry('nki.isa.dma_copy', 'instruction', 'DMA copy between HBM and SBUF (not PSUM since 0.3) with equal element counts; casts through fp32 (not with hwdge or MX dtypes). Indirect gather/scatter via .ap(vector_offset=…) on the HBM side.', `${I}; ${B1}; §1.4`, [
    beta1Isa([b1kw('dst', 'dst', undefined, { buffers: ANY_BUF }), b1kw('src', 'src', undefined, { buffers: ANY_BUF }),
      b1kw('dst_rmw_op', 'op', NONE, { opUses: ['alu'] }), b1kw('oob_mode', 'enum', oobError, { enumType: 'nki.isa.oob_mode' }), b1kw('dge_mode', 'enum', dgeUnknown, { enumType: 'nki.isa.dge_mode' })],
    { range: { since: '2.21', until: '0.2' }, engine: fixed('dma'), returns: { kind: 'none' }, noDtype: true, note: 'dst_rmw_op/oob_mode/dge_mode added in 2.23' }),
    isa({ since: '0.2', until: '0.3' }, [dst(HBM_SB), srcP(ANY_BUF), opt('dst_rmw_op', NONE, 'op', { opUses: ['alu'] }), opt('oob_mode', oobError, 'enum', { enumType: 'nki.isa.oob_mode' }),
      opt('dge_mode', dgeUnknown, 'enum', { enumType: 'nki.isa.dge_mode' }), opt('unique_indices', NONE, 'flag')], { engine: fixed('dma') }),
    isa({ since: '0.3' }, [dst(HBM_SB), srcP(HBM_SB), opt('priority', NONE, 'scalar', { targets: V4 }), opt('oob_mode', oobError, 'enum', { enumType: 'nki.isa.oob_mode' }),
      opt('dge_mode', dgeUnknown, 'enum', { enumType: 'nki.isa.dge_mode' }), engineP()],
    { engine: fixed('dma'), note: 'priority/engine are from the 0.6 signature; their first version is not stated',
      removedParams: [
        { name: 'dst_rmw_op', removedIn: '0.3', replacement: 'nisa.dma_compute(dst, srcs, reduce_op, scales=None, unique_indices=True)', mechanical: false },
        { name: 'unique_indices', removedIn: '0.3', replacement: 'nisa.dma_compute(..., unique_indices=...)', mechanical: false }] }),
  ]),
  entry('nki.isa.dma_transpose', 'instruction', 'Transposing DMA into SBUF from HBM or SBUF for 2-byte dtypes (permutations (1,0), (2,1,0), (3,1,2,0)). From 0.4 dst shape (and rank) must equal the permuted src shape.', `${I}; ${B1}; §1.5; §1.7`, [
    beta1Isa([srcP(HBM_SB), b1kw('axes', 'index', NONE), b1kw('dge_mode', 'enum', dgeUnknown, { enumType: 'nki.isa.dge_mode' })], { engine: fixed('dma'), note: 'axes=/dge_mode= added in 2.26' }),
    isa({ since: '0.2' }, [dst(SB), srcP(HBM_SB), opt('axes', NONE, 'index'), opt('priority', NONE, 'scalar', { targets: V4 }),
      opt('dge_mode', dgeUnknown, 'enum', { enumType: 'nki.isa.dge_mode' }), opt('oob_mode', oobError, 'enum', { enumType: 'nki.isa.oob_mode' })],
    { engine: fixed('dma'), note: 'parameter order of the 0.6 docs; earlier orders not stated',
      limits: [lim('src', 'lastDim', { max: 128, when: 'hwdge path' }, 'dma_transpose src.shape[-1] must be ≤ 128', I)] }),
  ]),
  entry('nki.isa.dma_compute', 'instruction', 'DMA with compute: dst = reduce_op over srcs[i] * scales[i] (reduce_op add only, ≤16 sources, equal element counts); with 2 srcs and vector_offset it performs read-modify-write scatter.', `${I}; §1.3; §1.4`, [
    isa({ since: '0.2', until: '0.3' }, [dst(HBM_SB), req('srcs', 'src', { buffers: HBM_SB }), req('scales', 'scalar'), opP('reduce_op', RED)], { engine: fixed('dma') }),
    isa({ since: '0.3' }, [dst(HBM_SB), req('srcs', 'src', { buffers: HBM_SB }), opP('reduce_op', RED), opt('scales', NONE, 'scalar'), opt('unique_indices', TRUE, 'flag'),
      opt('oob_mode', oobError, 'enum', { enumType: 'nki.isa.oob_mode' })], { engine: fixed('dma'), note: 'oob_mode added in 0.4',
      limits: [lim('srcs', 'count', { max: 16 }, 'dma_compute accepts at most 16 sources', I)] }),
  ]),

  // ------------------------------------------------------------------ multi-core, registers
  entry('nki.isa.core_barrier', 'instruction', 'NC-v3+ LNC2 barrier between the two cores of a logical NeuronCore; data must live in shared HBM and cores must be (0, 1).', `${I}; §1.3; §1.4`, [
    isa({ since: '0.2', until: '0.3' }, [req('data', 'src', { buffers: ['shared_hbm'] }), req('cores', 'index'), engineP()], { engine: select(['gpsimd', 'sync', 'vector', 'scalar'], 'gpsimd') }),
    isa({ since: '0.3' }, [req('data', 'src', { buffers: ['shared_hbm'] }), req('cores', 'index', { doc: 'Participating cores; only (0, 1).' }), engineP('nki.isa.engine.gpsimd')],
      { engine: select(['gpsimd', 'sync', 'vector', 'scalar'], 'gpsimd') }),
  ], { targets: V3P }),
  entry('nki.isa.sendrecv', 'instruction', 'NC-v3+ LNC2 SBUF-to-SBUF exchange between the two cores: sends src to send_to_rank and receives into dst from recv_from_rank over pipe_id.', `${I}; §1.3; §1.4`, [
    isa({ since: '0.2', until: '0.3' }, [req('src', 'src', { buffers: SB }), req('dst', 'dst', { buffers: SB }), req('send_to_rank', 'scalar'), req('recv_from_rank', 'scalar'), req('pipe_id', 'scalar'),
      opt('use_gpsimd_dma', FALSE, 'flag')], { engine: fixed('dma') }),
    isa({ since: '0.3' }, [req('src', 'src', { buffers: SB }), req('dst', 'dst', { buffers: SB }), req('send_to_rank', 'scalar'), req('recv_from_rank', 'scalar'), req('pipe_id', 'scalar'),
      opt('dma_engine', ref('nki.isa.dma_engine.dma'), 'enum', { enumType: 'nki.isa.dma_engine' })], { engine: fixed('dma'),
      removedParams: [{ name: 'use_gpsimd_dma', removedIn: '0.3', replacement: 'dma_engine=nisa.dma_engine.gpsimd_dma', mechanical: true }] }),
  ], { targets: V3P }),
  entry('nki.isa.register_alloc', 'function', 'Allocates a VirtualRegister (optionally initialised from x) for dynamic loop bounds and offsets.', `${I}; §1.3`, [
    variant({ since: '0.2' }, [opt('x', NONE, 'scalar')], { returns: { kind: 'value', type: 'register' }, engine: META }),
  ]),
  entry('nki.isa.register_move', 'instruction', 'Moves a value into a register (0.2: immediate imm; 0.3+: register or int src).', `${I}; §1.3; §1.4`, [
    isa({ since: '0.2', until: '0.3' }, [req('dst', 'dst', { doc: 'Destination VirtualRegister.' }), req('imm', 'scalar')], { noName: true, engine: META }),
    isa({ since: '0.3' }, [req('dst', 'dst', { doc: 'Destination VirtualRegister.' }), req('src', 'scalar', { doc: 'VirtualRegister or int.' })],
      { noName: true, engine: META, removedParams: [{ name: 'imm', removedIn: '0.3', replacement: 'src=', mechanical: true }] }),
  ]),
  entry('nki.isa.register_load', 'instruction', 'Loads a one-element tensor (HBM or SBUF) into a register.', `${I}; §1.3`, [
    isa({ since: '0.2' }, [req('dst', 'dst', { doc: 'Destination VirtualRegister.' }), req('src', 'src', { buffers: HBM_SB })], { noName: true, engine: META }),
  ]),
  entry('nki.isa.register_store', 'instruction', 'Stores a register into a one-element tensor.', `${I}; §1.3`, [
    isa({ since: '0.2' }, [req('dst', 'dst', { buffers: HBM_SB }), req('src', 'scalar', { doc: 'Source VirtualRegister.' })], { noName: true, engine: META }),
  ]),
  entry('nki.isa.builtin_custom_op', 'instruction', 'Beta 1 only: invokes a custom GpSimd micro-library function.', `${B1}; §2.12`, [
    beta1Isa([req('function_name', 'other'), req('lib_file_name', 'other'), req('ulib_to_ucode_version', 'other'), req('ulib_to_isa_version', 'other'), req('srcs', 'src'), req('dsts', 'dst')],
      { engine: fixed('gpsimd'), returns: { kind: 'none' }, noDtype: true }),
  ], { absences: [{ range: { since: '0.2' }, message: 'nisa.builtin_custom_op was removed in NKI 0.2 (Neuron 2.27)', replacement: 'no replacement', mechanical: false }] }),

  // ------------------------------------------------------------------ internal (corpus only)
  entry('nki.isa._tiled_offloaded_memcpy', 'instruction', 'Undocumented internal Beta 1 copy helper used by some Neuron-team kernels.', 'corpus (Beta 1 neuron-team kernels)', [
    variant({ until: '0.2' }, [kw('dst', undefined, 'dst'), kw('src', undefined, 'src'), kw('dtype', NONE, 'dtype'), { name: 'kwargs', kind: 'kwargs', role: 'other', doc: 'Unknown extra arguments.' }],
      { engine: fixed('dma'), confidence: 'corpus-only' }),
  ], { internal: true, confidence: 'corpus-only' }),
  entry('nki.isa._tiled_offloaded_fma', 'instruction', 'Undocumented internal Beta 1 fused multiply-add helper used by some Neuron-team kernels.', 'corpus (Beta 1 neuron-team kernels)', [
    variant({ until: '0.2' }, [{ name: 'args', kind: 'varargs', role: 'other', doc: 'Unknown positional arguments.' }, kw('dst', undefined, 'dst'), kw('scales', NONE, 'operand'),
      { name: 'kwargs', kind: 'kwargs', role: 'other', doc: 'Unknown extra arguments.' }], { engine: fixed('vector'), confidence: 'corpus-only' }),
  ], { internal: true, confidence: 'corpus-only' }),
];

