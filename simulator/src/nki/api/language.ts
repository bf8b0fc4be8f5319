/**
 * `nki.language` (nl): creation, indexing, SPMD, loops, data movement, element-wise math,
 * reductions and op identifiers.
 *
 * Purpose: every nl function/constant, declared once, with variants for Beta 1 (keyword-only
 * `dtype=`/`mask=`, **kwargs), 0.2 (Beta 2: most convenience functions gone, ALU/activation names
 * kept as op identifiers) and 0.3+ (convenience functions re-introduced).
 * Invariant: presence follows nki-api.md §2.12 (removed 2.26→2.27, added back 2.28→2.29, later
 * additions); a name removed in 0.2 and re-added in 0.3 has an `absences` record for 0.2 with
 * replacement text. Element-wise families are generated from the small tables below so that a fact
 * (e.g. "nl.tan appeared in 2.21") is written exactly once.
 * Source: nki-api.md §2.6–§2.8, §2.12, §2.13, §1.1–§1.8.
 */
import {
  FALSE, HBM, NONE, SB, SBPS, beta1Nl, entry, float, int, kw, kwargs, lowered, opt, present, ref, req, str, variant, varargs, META, fixed,
} from './build';
import type { Absence, ApiEntry, ApiVariant, OpUse, ParamSpec } from './types';
import type { VersionRef } from '../versions';

const S6 = 'nki-api.md §2.6';
const S7 = 'nki-api.md §2.7';
const S8 = 'nki-api.md §2.8';
const S12 = 'nki-api.md §2.12';
const S13 = 'nki-api.md §2.13';

const X = (doc = 'Input tile.') => req('x', 'operand', { buffers: SBPS, doc });
const Y = () => req('y', 'operand', { buffers: SBPS, doc: 'Second input tile or scalar (0.3/0.4: no broadcasting, shapes must match).' });
const dtypeOpt = () => opt('dtype', NONE, 'dtype', { doc: 'Data type of the result (default: the input tile dtype).' });

const gone02 = (name: string, replacement: string): Absence => ({
  range: { since: '0.2', until: '0.3' },
  message: `nl.${name} is not available in NKI 0.2 (removed in Neuron 2.27, re-introduced in 0.3)`,
  replacement, mechanical: false,
});
const goneFrom02 = (name: string, replacement: string, mechanical = false): Absence => ({
  range: { since: '0.2' }, message: `nl.${name} was removed in NKI 0.2 (Neuron 2.27)`, replacement, mechanical,
});
const beforeSince = (name: string, since: VersionRef): Absence => ({
  range: { until: since }, message: `nl.${name} is not available before ${since.startsWith('2.') ? `Neuron ${since}` : `NKI ${since}`}`,
  replacement: `upgrade to ${since.startsWith('2.') ? `Neuron ${since}` : `NKI ${since}`} or later`, mechanical: false,
});

// ------------------------------------------------------------------------------------------------
// element-wise binary ops: name, ALU uses, Beta-1 introduction, in the 0.2 stub?, since (if newer than Beta 1)
// ------------------------------------------------------------------------------------------------
interface BinSpec { readonly n: string; readonly uses: readonly OpUse[]; readonly b1?: VersionRef | null; readonly in02: boolean; readonly since?: VersionRef; readonly doc: string; readonly note?: string }
const BINARY: readonly BinSpec[] = [
  { n: 'add', uses: ['alu', 'reduce'], in02: true, doc: 'Element-wise x + y.' },
  { n: 'subtract', uses: ['alu', 'reduce'], in02: true, doc: 'Element-wise x − y.' },
  { n: 'multiply', uses: ['alu', 'reduce'], in02: true, doc: 'Element-wise x · y.' },
  { n: 'divide', uses: ['alu'], in02: true, doc: 'Element-wise x / y.', note: '0.3/0.4 known issue: unsupported, use multiply(x, reciprocal(y))' },
  { n: 'maximum', uses: ['alu', 'reduce'], in02: true, doc: 'Element-wise max(x, y); as reduce_op, a max reduction.' },
  { n: 'minimum', uses: ['alu', 'reduce'], in02: true, doc: 'Element-wise min(x, y); as reduce_op, a min reduction.' },
  { n: 'power', uses: ['alu'], in02: true, doc: 'Element-wise x ** y (as a tensor_tensor op it runs on GpSimd).', note: '0.3/0.4: nl.power(tile, scalar) unsupported' },
  { n: 'fmod', uses: [], b1: '2.22', in02: false, doc: 'Element-wise floating remainder.', note: '0.3/0.4: simulates but fails on hardware' },
  { n: 'mod', uses: [], b1: '2.22', in02: false, doc: 'Element-wise modulo.', note: '0.3/0.4: simulates but fails on hardware' },
  { n: 'abs_max', uses: ['alu', 'reduce'], b1: null, in02: false, since: '0.4', doc: 'NC-v4: max(|x|, |y|) (Vector Engine; also usable as op0 of tensor_scalar).' },
  { n: 'abs_min', uses: ['alu', 'reduce'], b1: null, in02: false, since: '0.4', doc: 'NC-v4: min(|x|, |y|) (Vector Engine).' },
  { n: 'equal', uses: ['alu', 'compare'], in02: true, doc: 'Element-wise x == y (1.0 / 0.0).' },
  { n: 'not_equal', uses: ['alu', 'compare'], in02: true, doc: 'Element-wise x != y.' },
  { n: 'less', uses: ['alu', 'compare'], in02: true, doc: 'Element-wise x < y.' },
  { n: 'less_equal', uses: ['alu', 'compare'], in02: true, doc: 'Element-wise x <= y.' },
  { n: 'greater', uses: ['alu', 'compare'], in02: true, doc: 'Element-wise x > y.' },
  { n: 'greater_equal', uses: ['alu', 'compare'], in02: true, doc: 'Element-wise x >= y.' },
  { n: 'bitwise_and', uses: ['bitvec', 'reduce'], in02: true, doc: 'Bitwise AND (integer dtypes).' },
  { n: 'bitwise_or', uses: ['bitvec', 'reduce'], in02: true, doc: 'Bitwise OR (integer dtypes).' },
  { n: 'bitwise_xor', uses: ['bitvec', 'reduce'], in02: true, doc: 'Bitwise XOR (integer dtypes).' },
  { n: 'left_shift', uses: ['bitvec'], b1: '2.21', in02: true, doc: 'Shift left (logical and arithmetic are the same).' },
  { n: 'right_shift', uses: ['bitvec'], b1: '2.21', in02: true, doc: 'Logical shift right (arithmetic shift right is not supported).' },
  { n: 'logical_and', uses: ['alu', 'reduce'], in02: true, doc: 'Logical AND of truth values.' },
  { n: 'logical_or', uses: ['alu', 'reduce'], in02: true, doc: 'Logical OR of truth values.' },
  { n: 'logical_xor', uses: ['alu', 'reduce'], in02: true, doc: 'Logical XOR of truth values.' },
];

function binaryEntry(b: BinSpec): ApiEntry {
  const variants: ApiVariant[] = [];
  const sig = (): ParamSpec[] => [X('First input tile or scalar (at least one argument must be a tile).'), Y(), dtypeOpt()];
  if (b.b1 !== null) {
    variants.push(beta1Nl([X(), Y()], { range: { since: b.b1 ?? 'beta1', until: '0.2' }, engine: lowered('vector', 'gpsimd', 'scalar') }));
  }
  if (b.in02) {
    variants.push(variant({ since: '0.2', until: '0.3' }, sig(), { returns: { kind: 'tile', buffer: 'sbuf' }, engine: lowered('vector', 'gpsimd', 'scalar'),
      confidence: 'uncertain', note: 'present in the 2.27 stub; documented mainly as an op identifier for nisa calls' }));
  }
  variants.push(variant({ since: b.since ?? '0.3' }, sig(), { returns: { kind: 'tile', buffer: 'sbuf' }, engine: lowered('vector', 'gpsimd', 'scalar'),
    ...(b.note ? { note: b.note } : {}) }));
  const absences: Absence[] = [];
  if (!b.in02 && b.b1 !== null) absences.push(gone02(b.n, `nisa.tensor_tensor(dst, x, y, op=nl.${b.n})`.replace('op=nl.fmod', 'op=...').replace('op=nl.mod', 'op=...')));
  if (b.b1 && b.b1 !== 'beta1') absences.push(beforeSince(b.n, b.b1));
  if (b.since) absences.push(beforeSince(b.n, b.since));
  return entry(`nki.language.${b.n}`, 'function', b.doc, `${S8}; ${S13}; ${S12}`, variants, {
    ...(b.uses.length ? { opUses: b.uses } : {}),
    ...(absences.length ? { absences } : {}),
    ...(b.n === 'abs_max' || b.n === 'abs_min' ? { targets: ['trn3'] } : {}),
  });
}

// ------------------------------------------------------------------------------------------------
// element-wise unary functions and activation identifiers
// act: valid as nisa.activation op; aluUnary: valid as unary ALU op0; in02: callable in the 2.27 stub
// ------------------------------------------------------------------------------------------------
interface UnSpec { readonly n: string; readonly act: boolean; readonly aluUnary?: boolean; readonly bitvec?: boolean; readonly b1?: VersionRef; readonly in02: boolean; readonly since?: VersionRef; readonly doc: string; readonly note?: string }
const UNARY: readonly UnSpec[] = [
  { n: 'abs', act: true, aluUnary: true, in02: true, doc: 'Absolute value.' },
  { n: 'square', act: true, aluUnary: true, in02: false, doc: 'x².' },
  { n: 'negative', act: false, in02: false, doc: '−x.' },
  { n: 'sign', act: true, in02: false, doc: 'Sign of x (−1, 0, 1).' },
  { n: 'ceil', act: false, in02: false, doc: 'Round up.' },
  { n: 'floor', act: false, in02: false, doc: 'Round down.' },
  { n: 'trunc', act: false, in02: false, doc: 'Round toward zero.' },
  { n: 'exp', act: true, in02: false, doc: 'eˣ.' },
  { n: 'log', act: true, in02: false, doc: 'Natural logarithm (ScalarE valid range [2⁻⁶⁴, 2⁶⁴]).' },
  { n: 'sqrt', act: true, in02: false, doc: 'Square root (ScalarE valid range [2⁻¹¹⁶, 2¹¹⁸]).' },
  { n: 'rsqrt', act: true, aluUnary: true, in02: true, doc: '1/√x. From 0.5 nl.rsqrt runs on GpSimd and rejects PSUM inputs.' },
  { n: 'reciprocal', act: true, aluUnary: true, b1: '2.22', in02: true, doc: '1/x (ScalarE valid range ±[2⁻⁴², 2⁴²]).' },
  { n: 'sin', act: true, in02: false, doc: 'Sine. nl.sin range-reduces; the raw activation is valid only in [−π, π].' },
  { n: 'cos', act: false, in02: false, doc: 'Cosine.' },
  { n: 'tan', act: false, b1: '2.21', in02: false, doc: 'Tangent.' },
  { n: 'arctan', act: true, in02: false, doc: 'Arc tangent (activation valid in [−π/2, π/2]).' },
  { n: 'tanh', act: true, in02: false, doc: 'Hyperbolic tangent.' },
  { n: 'sigmoid', act: true, in02: false, doc: 'Logistic sigmoid.' },
  { n: 'relu', act: true, aluUnary: true, in02: false, doc: 'max(x, 0) (as a tensor_scalar op0 on NC-v4 only).' },
  { n: 'gelu', act: true, in02: false, doc: 'GELU.' },
  { n: 'gelu_dx', act: true, in02: false, doc: 'Derivative of GELU.' },
  { n: 'gelu_apprx_sigmoid', act: true, b1: '2.26', in02: true, doc: 'GELU approximated as x·sigmoid(1.702x).' },
  { n: 'gelu_apprx_sigmoid_dx', act: true, b1: '2.28', in02: true, doc: 'Derivative of the sigmoid-approximated GELU.', note: 'in the stub from 2.28; Beta 1 presence not stated' },
  { n: 'gelu_apprx_tanh', act: true, in02: false, doc: 'GELU with the tanh approximation.' },
  { n: 'silu', act: true, b1: '2.21', in02: false, doc: 'SiLU / swish: x·sigmoid(x).' },
  { n: 'silu_dx', act: true, b1: '2.21', in02: false, doc: 'Derivative of SiLU.' },
  { n: 'softplus', act: true, in02: false, doc: 'log(1 + eˣ).' },
  { n: 'mish', act: true, in02: false, doc: 'x·tanh(softplus(x)).' },
  { n: 'erf', act: true, in02: false, doc: 'Error function.' },
  { n: 'erf_dx', act: true, in02: false, doc: 'Derivative of erf.' },
  { n: 'invert', act: false, bitvec: true, in02: true, doc: 'Bitwise NOT (integer dtypes).' },
  { n: 'logical_not', act: false, in02: true, doc: 'Logical NOT.' },
];

function unaryEntry(u: UnSpec): ApiEntry {
  const variants: ApiVariant[] = [];
  const uses: OpUse[] = [...(u.act ? ['activation' as const] : []), ...(u.aluUnary ? ['alu-unary' as const] : []), ...(u.bitvec ? ['bitvec' as const] : [])];
  const b1Since = u.b1 ?? 'beta1';
  const b1Exists = refIsBeta1(b1Since);
  if (b1Exists) variants.push(beta1Nl([X()], { range: { since: b1Since, until: '0.2' }, engine: lowered('scalar', 'vector', 'gpsimd') }));
  const since02: VersionRef = b1Exists ? '0.2' : (u.b1 ?? '0.2');
  if (u.in02) {
    variants.push(variant({ since: since02, until: '0.3' }, [X(), dtypeOpt()], { returns: { kind: 'tile', buffer: 'sbuf' }, engine: lowered('scalar', 'vector', 'gpsimd'),
      confidence: 'uncertain', note: 'present in the 0.2 stub; documented mainly as an op identifier for nisa calls' }));
  } else if (u.act) {
    variants.push(variant({ since: since02, until: '0.3' }, undefined, { returns: { kind: 'value', type: 'object' }, engine: META, confidence: 'uncertain',
      note: 'absent from the 0.2 nl stub but still the activation-function identifier for nisa.activation(op=...)' }));
  }
  const modern = [X(), dtypeOpt()];
  if (u.n === 'rsqrt') {
    variants.push(variant({ since: '0.3', until: '0.5' }, modern, { returns: { kind: 'tile', buffer: 'sbuf' }, engine: lowered('scalar', 'gpsimd') }));
    variants.push(variant({ since: '0.5' }, [req('x', 'operand', { buffers: SB, doc: 'Input tile (SBUF only from 0.5).' }), dtypeOpt()], { returns: { kind: 'tile', buffer: 'sbuf' }, engine: fixed('gpsimd') }));
  } else {
    variants.push(variant({ since: '0.3' }, modern, { returns: { kind: 'tile', buffer: 'sbuf' }, engine: lowered('scalar', 'vector', 'gpsimd') }));
  }
  const absences: Absence[] = [];
  if (!u.in02 && !u.act) absences.push(gone02(u.n, `nisa.activation / nisa.tensor_scalar with the equivalent op`));
  if (!b1Exists && u.b1) absences.push(beforeSince(u.n, u.b1));
  else if (u.b1 && u.b1 !== 'beta1') absences.push(beforeSince(u.n, u.b1));
  return entry(`nki.language.${u.n}`, 'function', `Element-wise ${u.doc[0].toLowerCase()}${u.doc.slice(1)}` + (u.act ? ' Also an activation function for nisa.activation(op=...).' : ''), `${S8}; ${S13}; ${S12}`, variants, {
    ...(uses.length ? { opUses: uses } : {}),
    ...(absences.length ? { absences } : {}),
    ...(u.note ? { note: u.note } : {}),
  });
}
function refIsBeta1(r: VersionRef): boolean {
  return r === 'beta1' || (r.startsWith('2.') && Number(r.split('.')[1]) <= 26);
}

// ------------------------------------------------------------------------------------------------
// reductions
// ------------------------------------------------------------------------------------------------
const REDUCTIONS: readonly { n: string; doc: string; keepdims: boolean }[] = [
  { n: 'sum', doc: 'Sum over free axes.', keepdims: true },
  { n: 'max', doc: 'Maximum over free axes (nl.maximum is the element-wise form).', keepdims: true },
  { n: 'min', doc: 'Minimum over free axes.', keepdims: true },
  { n: 'mean', doc: 'Mean over free axes.', keepdims: true },
  { n: 'prod', doc: 'Product over free axes.', keepdims: true },
  { n: 'var', doc: 'Variance over free axes (keepdims is ignored).', keepdims: true },
  { n: 'all', doc: 'Logical AND over free axes (no keepdims).', keepdims: false },
];
function reductionEntry(r: (typeof REDUCTIONS)[number]): ApiEntry {
  const axis = req('axis', 'index', { doc: 'Free axis or axes to reduce: trailing contiguous free dims, never 0.' });
  const keep = r.keepdims ? [opt('keepdims', FALSE, 'flag')] : [];
  return entry(`nki.language.${r.n}`, 'function', `${r.doc} Reduces along the free dimension(s) of an on-chip tile.`, `${S8}; ${S12}`, [
    beta1Nl([X(), axis, ...keep.map((p) => ({ ...p, kind: 'keyword-only' as const }))], { engine: lowered('vector') }),
    variant({ since: '0.3' }, [X(), axis, dtypeOpt(), ...keep], { returns: { kind: 'tile', buffer: 'sbuf' }, engine: lowered('vector') }),
  ], { absences: [gone02(r.n, `nisa.tensor_reduce(dst, op=nl.${r.n === 'max' ? 'maximum' : r.n === 'min' ? 'minimum' : 'add'}, data=x, axis=...)`)] });
}

// ------------------------------------------------------------------------------------------------
// hand-written entries
// ------------------------------------------------------------------------------------------------
const shapeP = () => req('shape', 'shape');
const dtypeReq = () => req('dtype', 'dtype', { doc: 'Element data type (nl.float32, nl.bfloat16, …).' });
const bufOpt = (def = ref('nki.language.sbuf')) => opt('buffer', def, 'buffer');
const nameOpt = () => opt('name', str(''), 'name', { doc: 'Optional tensor name (must be unique in 0.2+).' });
const rangeParams = (): ParamSpec[] => [req('start', 'scalar', { doc: 'Start, or the stop when it is the only argument.' }), opt('stop', NONE, 'scalar'), opt('step', int(1), 'scalar')];
const tileRet = (buffer: 'sbuf' | 'psum' | 'buffer-arg' | 'like-input' | 'shared_hbm') => ({ kind: 'tile' as const, buffer });

const HAND: readonly ApiEntry[] = [
  // ---- creation
  entry('nki.language.ndarray', 'function', 'Creates an uninitialised tensor of the given shape and dtype in a buffer (on-chip: dim 0 is the partition dim, ≥ 2-D). Kernel outputs must use buffer=nl.shared_hbm.', `${S6}; §2.5; §1.3; §1.4`, [
    beta1Nl([shapeP(), dtypeReq(), kw('buffer', NONE, 'buffer'), kw('name', str(''), 'name')], { noDtype: true, noMask: true, returns: tileRet('buffer-arg'), engine: META }),
    variant({ since: '0.2', until: '0.3' }, [shapeP(), dtypeReq(), opt('buffer', NONE, 'buffer'), nameOpt(), opt('address', NONE, 'index')], { returns: tileRet('buffer-arg'), engine: META,
      confidence: 'uncertain', note: '0.3 changed the buffer default to nl.sbuf (0.2 default not stated); §1.3 lists address= for 0.2 while §1.4 calls it new in 0.3' }),
    variant({ since: '0.3' }, [shapeP(), dtypeReq(), bufOpt(), nameOpt(),
      opt('address', NONE, 'index', { doc: '(partition_offset, free_offset) for explicit placement; free offset in bytes, PSUM on a 2 KiB bank boundary.' })], { returns: tileRet('buffer-arg'), engine: META }),
  ]),
  entry('nki.language.zeros', 'function', 'Creates a zero-filled tensor.', `${S6}; §1.4`, [
    beta1Nl([shapeP(), dtypeReq(), kw('buffer', NONE, 'buffer'), kw('name', str(''), 'name')], { noDtype: true, noMask: true, returns: tileRet('buffer-arg'), engine: lowered('vector', 'gpsimd') }),
    variant({ since: '0.2', until: '0.3' }, [shapeP(), dtypeReq(), opt('buffer', NONE, 'buffer'), nameOpt()], { returns: tileRet('buffer-arg'), engine: lowered('vector', 'gpsimd'), confidence: 'uncertain', note: '0.2 buffer default not stated' }),
    variant({ since: '0.3' }, [shapeP(), dtypeReq(), bufOpt(), nameOpt()], { returns: tileRet('buffer-arg'), engine: lowered('vector', 'gpsimd') }),
  ]),
  entry('nki.language.ones', 'function', 'Creates a tensor filled with ones.', `${S6}; ${S12}`, [
    beta1Nl([shapeP(), dtypeReq(), kw('buffer', NONE, 'buffer'), kw('name', str(''), 'name')], { noDtype: true, noMask: true, returns: tileRet('buffer-arg'), engine: lowered('vector', 'gpsimd') }),
    variant({ since: '0.3' }, [shapeP(), dtypeReq(), bufOpt(), nameOpt()], { returns: tileRet('buffer-arg'), engine: lowered('vector', 'gpsimd') }),
  ], { absences: [gone02('ones', 'nl.ndarray + nisa.memset(dst, 1.0)')] }),
  entry('nki.language.full', 'function', 'Creates a tensor filled with fill_value.', `${S6}; ${S12}`, [
    beta1Nl([shapeP(), req('fill_value', 'scalar'), dtypeReq(), kw('buffer', NONE, 'buffer'), kw('name', str(''), 'name')], { noDtype: true, noMask: true, returns: tileRet('buffer-arg'), engine: lowered('vector', 'gpsimd') }),
    variant({ since: '0.3' }, [shapeP(), req('fill_value', 'scalar'), dtypeReq(), bufOpt(), nameOpt()], { returns: tileRet('buffer-arg'), engine: lowered('vector', 'gpsimd') }),
  ], { absences: [gone02('full', 'nl.ndarray + nisa.memset(dst, value)')] }),
  entry('nki.language.zeros_like', 'function', 'Zero-filled tensor shaped like x.', `${S6}; ${S12}`, [
    beta1Nl([req('x', 'operand'), kw('buffer', NONE, 'buffer'), kw('name', str(''), 'name')], { noMask: true, returns: tileRet('buffer-arg'), engine: lowered('vector', 'gpsimd') }),
    variant({ since: '0.3' }, [req('x', 'operand'), dtypeOpt(), opt('buffer', NONE, 'buffer'), nameOpt()], { returns: tileRet('buffer-arg'), engine: lowered('vector', 'gpsimd') }),
  ], { absences: [gone02('zeros_like', 'nl.zeros(x.shape, x.dtype, buffer=...)')] }),
  entry('nki.language.empty_like', 'function', 'Uninitialised tensor shaped like x.', `${S6}; §1.1 (2.22)`, [
    beta1Nl([req('x', 'operand'), kw('buffer', NONE, 'buffer'), kw('name', str(''), 'name')], { range: { since: '2.22', until: '0.2' }, noMask: true, returns: tileRet('buffer-arg'), engine: META }),
    variant({ since: '0.3' }, [req('x', 'operand'), dtypeOpt(), opt('buffer', NONE, 'buffer'), nameOpt()], { returns: tileRet('buffer-arg'), engine: META }),
  ], { absences: [gone02('empty_like', 'nl.ndarray(x.shape, x.dtype, buffer=...)'), beforeSince('empty_like', '2.22')] }),
  entry('nki.language.rand', 'function', 'Tensor of uniform random values in [0, 1).', `${S6}; ${S12}`, [
    beta1Nl([shapeP(), dtypeReq(), kw('buffer', NONE, 'buffer'), kw('name', str(''), 'name')], { noDtype: true, returns: tileRet('buffer-arg'), engine: lowered('vector', 'gpsimd') }),
    variant({ since: '0.3' }, [shapeP(), dtypeReq(), bufOpt(), nameOpt()], { returns: tileRet('buffer-arg'), engine: lowered('vector', 'gpsimd') }),
  ], { absences: [gone02('rand', 'nisa.rng / nisa.rand2')] }),
  entry('nki.language.random_seed', 'function', 'Seeds the random generator; from 0.3 the seed must be a [1, 1] int32 SBUF tensor.', `${S6}; §1.4`, [
    beta1Nl([req('seed', 'operand')], { noDtype: true, returns: { kind: 'none' }, engine: lowered('vector', 'gpsimd') }),
    variant({ since: '0.3' }, [req('seed', 'operand', { buffers: SB, dtypes: ['int32'] })], { returns: { kind: 'none' }, engine: lowered('vector', 'gpsimd') }),
  ], { absences: [gone02('random_seed', 'nisa.set_rng_seed(src_seeds)')] }),
  entry('nki.language.shared_constant', 'function', 'Embeds a host constant (numpy array or .npy path) as a shared_hbm tensor.', S6, [
    beta1Nl([req('constant', 'other'), kw('dtype', NONE, 'dtype')], { noMask: true, returns: tileRet('shared_hbm'), engine: META }),
    variant({ since: '0.2' }, [req('constant', 'other', { doc: 'numpy array or path to a .npy file.' })], { returns: tileRet('shared_hbm'), engine: META }),
  ]),
  entry('nki.language.shared_identity_matrix', 'function', 'An n×n identity matrix in SBUF, reused across the graph (e.g. for TensorE transposes).', `${S6}; §1.1 (2.21)`, [
    beta1Nl([req('n', 'scalar'), opt('dtype', ref('nki.language.uint8'), 'dtype')], { range: { since: '2.21', until: '0.2' }, noDtype: true, noMask: true, returns: tileRet('sbuf'), engine: META }),
    variant({ since: '0.2' }, [req('n', 'scalar'), opt('dtype', ref('nki.language.uint8'), 'dtype'), opt('dst', NONE, 'dst', { buffers: SB })], { returns: tileRet('sbuf'), engine: META }),
  ], { absences: [beforeSince('shared_identity_matrix', '2.21')] }),

  // ---- indexing
  entry('nki.language.ds', 'function', 'Dynamic slice helper: nl.ds(start, size) ≡ start:start+size.', `${S6}; §1.1 (2.21)`, [
    variant({ since: '2.21' }, [req('start', 'index'), req('size', 'index')], { returns: { kind: 'value', type: 'index' }, engine: META }),
  ], { absences: [beforeSince('ds', '2.21')] }),
  entry('nki.language.arange', 'function', 'Beta 1 index tile 0…n−1; [:, None] indexes partitions, [None, :] free elements.', `${S6}; §1.2; §2.8`, [
    beta1Nl([req('start', 'index'), opt('stop', NONE, 'index')], { noDtype: true, noMask: true, returns: { kind: 'value', type: 'index' }, engine: META }),
  ], { absences: [goneFrom02('arange', 'plain slices (t[0:128, 0:512]) or nl.ds(start, size)')] }),
  entry('nki.language.mgrid', 'namespace', 'Beta 1 index grid: nl.mgrid[0:P, 0:F] returns index tiles (also .p/.x fields).', `${S6}; §1.2`, [
    present({ until: '0.2' }, { returns: { kind: 'value', type: 'index' } }),
  ], { absences: [goneFrom02('mgrid', 'plain slices (t[0:P, 0:F]) or nl.ds(start, size)')] }),
  entry('nki.language.par_dim', 'function', 'Beta 1 marker for the partition dimension inside a shape (leading block dims before it: warned 2.24, error from 2.25). Deprecated no-op in the 0.2+ front-end.', `${S6}; §1.2; §1.3; §3.2 A6`, [
    variant({ until: '0.2' }, [req('x', 'shape', { doc: 'Partition dimension size.' })], { returns: { kind: 'value', type: 'int' }, engine: META }),
    variant({ since: '0.2' }, [req('x', 'shape', { doc: 'Partition dimension size.' })], { returns: { kind: 'value', type: 'int' }, engine: META, confidence: 'uncertain',
      note: 'removed from the 2.27 stub; the new front-end accepts it with the warning "par_dim is deprecated"' }),
  ], { deprecations: [{ range: { since: '0.2' }, message: 'par_dim is deprecated: the partition dimension must be dim 0', replacement: 'drop nl.par_dim(...) and keep the partition size as dim 0', mechanical: true }] }),

  // ---- SPMD
  entry('nki.language.program_id', 'function', 'Index of this program instance along a launch-grid axis (0.2+: only axis 0, the LNC core index).', `${S6}; §1.4; §3.2 E10`, [
    beta1Nl([req('axis', 'scalar')], { noDtype: true, noMask: true, returns: { kind: 'value', type: 'int' }, engine: META }),
    variant({ since: '0.2', until: '0.3' }, [req('axis', 'scalar')], { returns: { kind: 'value', type: 'int' }, engine: META }),
    variant({ since: '0.3' }, [opt('axis', int(0), 'scalar')], { returns: { kind: 'value', type: 'int' }, engine: META }),
  ]),
  entry('nki.language.num_programs', 'function', 'Number of program instances along grid axes (0.2+: the LNC degree).', `${S6}; §1.4`, [
    beta1Nl([opt('axes', NONE, 'index')], { noDtype: true, noMask: true, returns: { kind: 'value', type: 'int' }, engine: META }),
    variant({ since: '0.2', until: '0.3' }, [opt('axes', NONE, 'index')], { returns: { kind: 'value', type: 'int' }, engine: META, confidence: 'uncertain', note: '0.2 default not stated; 0.3 changed it to 0' }),
    variant({ since: '0.3' }, [opt('axes', int(0), 'index')], { returns: { kind: 'value', type: 'int' }, engine: META }),
  ]),
  entry('nki.language.program_ndim', 'function', 'Rank of the launch grid (0 when launched without a grid).', S6, [
    variant({}, [], { returns: { kind: 'value', type: 'int' }, engine: META }),
  ]),
  entry('nki.language.nc', 'function', 'Beta 1: maps a grid dimension onto n physical NeuronCores (kernel[nl.nc(2), …]).', `${S6}; §1.1 (2.21)`, [
    variant({ since: '2.21', until: '0.2' }, [req('n', 'scalar')], { returns: { kind: 'value', type: 'object' }, engine: META }),
  ], { absences: [goneFrom02('nc', 'launch with kernel[lnc](…) (only a 1-D grid equal to the LNC degree)'), beforeSince('nc', '2.21')] }),
  entry('nki.language.spmd_dim', 'function', 'Beta 1: describes how a launch-grid dimension is spread over NeuronCores.', `${S6}; §1.1 (2.21)`, [
    variant({ since: '2.21', until: '0.2' }, [varargs('args', { doc: 'Grid dimension descriptors.' }), kwargs()], { returns: { kind: 'value', type: 'object' }, engine: META, confidence: 'uncertain', note: 'signature not in the reference' }),
  ], { absences: [goneFrom02('spmd_dim', 'launch with kernel[lnc](…)'), beforeSince('spmd_dim', '2.21')] }),

  // ---- loops
  entry('nki.language.affine_range', 'loop', 'Loop iterator. Beta 1: parallel loop without loop-carried dependencies (except associative accumulation into PSUM). 0.2+: unrolled at specialisation like range(); 0.6 docs prefer range().', S7, [
    beta1Nl(rangeParams(), { noDtype: true, noMask: true, returns: { kind: 'value', type: 'iterator' }, engine: META }),
    variant({ since: '0.2' }, rangeParams(), { returns: { kind: 'value', type: 'iterator' }, engine: META }),
  ], { deprecations: [{ range: { since: '0.6' }, message: 'nl.affine_range is an alias of range() and is marked deprecated in the 0.6 docs', replacement: 'range(...)', mechanical: true }] }),
  entry('nki.language.sequential_range', 'loop', 'Loop iterator. Beta 1: ordered loop allowing loop-carried dependencies. 0.2+: alias of range().', `${S7}; §1.4`, [
    beta1Nl(rangeParams(), { noDtype: true, noMask: true, returns: { kind: 'value', type: 'iterator' }, engine: META }),
    variant({ since: '0.2' }, rangeParams(), { returns: { kind: 'value', type: 'iterator' }, engine: META,
      note: '§1.4 says 0.3 changed the defaults to stop=None, step=1; the 0.2-era matmul tutorial calls sequential_range(n), so the 0.2 form is taken to match' }),
  ], { deprecations: [{ range: { since: '0.6' }, message: 'nl.sequential_range is an alias of range() and is marked deprecated in the 0.6 docs', replacement: 'range(...)', mechanical: true }] }),
  entry('nki.language.static_range', 'loop', 'Loop iterator fully unrolled at trace time (0.2+: alias of range()).', S7, [
    beta1Nl(rangeParams(), { noDtype: true, noMask: true, returns: { kind: 'value', type: 'iterator' }, engine: META }),
    variant({ since: '0.2' }, rangeParams(), { returns: { kind: 'value', type: 'iterator' }, engine: META }),
  ]),
  entry('nki.language.range', 'loop', 'Alias of Python range() seen in nki-library kernels.', 'corpus (nki-library mxfp_load_utils.py)', [
    variant({ since: '0.3' }, rangeParams(), { returns: { kind: 'value', type: 'iterator' }, engine: META, confidence: 'corpus-only' }),
  ], { confidence: 'corpus-only', note: 'not in the reference API lists; kept so corpus code is not reported as unknown' }),
  entry('nki.language.dynamic_range', 'loop', 'On-device loop whose bounds may be VirtualRegisters; step must be a positive compile-time int; no break/continue/return inside; not inside no_reorder. Deprecated in 0.6, removed in 0.7.', `${S7}; §1.7; §1.8; §3.2 E8`, [
    variant({ since: '0.2', until: '0.7' }, rangeParams(), { returns: { kind: 'value', type: 'iterator' }, engine: META, note: 'absent from the 2.27 stub though used by the 0.2 docs' }),
  ], {
    deprecations: [{ range: { since: '0.6', until: '0.7' }, message: 'for … in nl.dynamic_range is deprecated (removed in 0.7)', replacement: 'nl.fori_loop(lower, upper, body_fun, step=1)', mechanical: false }],
    absences: [
      { range: { until: '0.2' }, message: 'nl.dynamic_range does not exist in Beta 1', replacement: 'nl.sequential_range (loops are unrolled/compiled statically)', mechanical: false },
      { range: { since: '0.7' }, message: 'nl.dynamic_range was removed in NKI 0.7', replacement: 'nl.fori_loop(lower, upper, body_fun, step=1) or nl.while_loop(init, body_fun)', mechanical: false },
    ],
  }),
  entry('nki.language.fori_loop', 'function', 'On-device counted loop: calls body_fun(i) for i in [lower, upper) with a positive constant step. The body returns nothing; loop state lives in SBUF/HBM; i is read-only and usable as a runtime offset.', `${S7}; §1.7; §3.2 E9`, [
    variant({ since: '0.6' }, [req('lower', 'scalar'), req('upper', 'scalar'), req('body_fun', 'callable', { doc: 'Function of the loop index; returns nothing.' }), opt('step', int(1), 'scalar')],
      { returns: { kind: 'none' }, engine: META }),
  ], { absences: [beforeSince('fori_loop', '0.6')] }),
  entry('nki.language.while_loop', 'function', 'On-device while loop: runs body_fun while the condition register is non-zero; body_fun returns the next condition register.', `${S7}; §1.7; §3.2 E9`, [
    variant({ since: '0.6' }, [req('init', 'scalar', { doc: 'Initial condition register.' }), req('body_fun', 'callable', { doc: 'Body; returns the next condition register.' })],
      { returns: { kind: 'none' }, engine: META }),
  ], { absences: [beforeSince('while_loop', '0.6')] }),
  entry('nki.language.no_reorder', 'context-manager', 'with nl.no_reorder(): keeps the instructions of the block in program order. Dynamic loops are not allowed inside.', `${S6}; §1.1 (2.28); ${S12}`, [
    variant({ since: '2.28' }, [], { returns: { kind: 'value', type: 'context' }, engine: META, note: 'release notes put it in 2.28; the stub lists it from 2.29' }),
  ]),

  // ---- data movement / convenience (0.3+ experimental, Beta 1 full)
  entry('nki.language.load', 'function', 'Loads an HBM tensor (or slice) into a new SBUF tile. Beta 1 core API; removed in 0.2; re-introduced (experimental) in 0.3.', `${S8}; §1.2; §1.4`, [
    beta1Nl([req('src', 'src', { buffers: HBM })], { engine: fixed('dma') }),
    variant({ since: '0.3' }, [req('src', 'src', { buffers: HBM }), dtypeOpt()], { returns: tileRet('sbuf'), engine: fixed('dma') }),
  ], { absences: [gone02('load', 'nl.ndarray(shape, dtype, buffer=nl.sbuf) + nisa.dma_copy(dst=tile, src=hbm_slice)')] }),
  entry('nki.language.store', 'function', 'Stores a tile into an HBM tensor (or slice). Beta 2.26 also accepted PSUM (inserting a copy); 0.3.0 does not.', `${S8}; §1.2; §1.4`, [
    beta1Nl([req('dst', 'dst', { buffers: HBM }), req('value', 'src', { buffers: SBPS })], { noDtype: true, returns: { kind: 'none' }, engine: fixed('dma') }),
    variant({ since: '0.3' }, [req('dst', 'dst', { buffers: HBM }), req('value', 'src', { buffers: SB, doc: 'Tile to store (SBUF; copy PSUM to SBUF first).' })], { returns: { kind: 'none' }, engine: fixed('dma') }),
  ], { absences: [gone02('store', 'nisa.dma_copy(dst=hbm_slice, src=tile)')] }),
  entry('nki.language.load_transpose2d', 'function', 'Loads a 2-D HBM tensor transposed into SBUF (slower than load on trn1).', S8, [
    beta1Nl([req('src', 'src', { buffers: HBM })], { engine: fixed('dma') }),
    variant({ since: '0.3' }, [req('src', 'src', { buffers: HBM }), dtypeOpt()], { returns: tileRet('sbuf'), engine: fixed('dma') }),
  ], { absences: [gone02('load_transpose2d', 'nisa.dma_transpose(dst, src)')] }),
  entry('nki.language.copy', 'function', 'Copies a tile into a new SBUF tile (0.6: bit-accurate VectorE tensor_copy for the same dtype). nl.copy is also the identity activation function.', `${S8}; ${S13}; §1.4`, [
    beta1Nl([X()], { engine: lowered('vector', 'scalar') }),
    variant({ since: '0.2', until: '0.3' }, undefined, { returns: { kind: 'value', type: 'object' }, engine: META, confidence: 'uncertain', note: 'identity activation identifier; the callable was removed in 2.27' }),
    variant({ since: '0.3' }, [X('Source tile (SBUF or PSUM).'), dtypeOpt()], { returns: tileRet('sbuf'), engine: lowered('vector') }),
  ], { opUses: ['activation'] }),
  entry('nki.language.transpose', 'function', '2-D partition/free transpose of a tile (≤128×128); result in PSUM.', `${S8}; §3.2 C5`, [
    beta1Nl([X()], { returns: tileRet('psum'), engine: fixed('tensor') }),
    variant({ since: '0.3' }, [X(), dtypeOpt()], { returns: tileRet('psum'), engine: fixed('tensor') }),
  ], { absences: [gone02('transpose', 'nisa.nc_transpose(dst, data)')] }),
  entry('nki.language.matmul', 'function', 'Matrix multiply x @ y into a new PSUM fp32 tile (x F ≤ 128, y F ≤ 512, contraction on partitions). 0.3/0.4 known issue: pass transpose_x=True.', `${S8}; §3.2 C4`, [
    beta1Nl([X('Left operand (SBUF).'), req('y', 'operand', { buffers: SB }), kw('transpose_x', FALSE, 'flag')], { noDtype: true, returns: tileRet('psum'), engine: fixed('tensor') }),
    variant({ since: '0.3' }, [X('Left operand (SBUF).'), req('y', 'operand', { buffers: SB, doc: 'Right operand (SBUF).' }), opt('transpose_x', FALSE, 'flag', { doc: 'x is already transposed (contraction on its partition dim).' })],
      { returns: tileRet('psum'), engine: fixed('tensor') }),
  ], { absences: [gone02('matmul', 'nisa.nc_matmul(dst_psum, stationary, moving)')] }),
  entry('nki.language.broadcast_to', 'function', 'Broadcasts a tile to shape (same rank; each dim equal or from 1).', `${S8}; §1.1 (2.22)`, [
    beta1Nl([X(), kw('shape', undefined, 'shape')], { range: { since: '2.22', until: '0.2' }, noMask: true, engine: lowered('vector') }),
    variant({ since: '0.3' }, [X(), req('shape', 'shape'), dtypeOpt()], { returns: tileRet('sbuf'), engine: lowered('vector') }),
  ], { absences: [gone02('broadcast_to', 'tensor.broadcast(dim, size) view (0.5+) or nisa.tensor_scalar with a (P,1) operand'), beforeSince('broadcast_to', '2.22')] }),
  entry('nki.language.expand_dims', 'function', 'Inserts a size-1 axis.', S8, [
    beta1Nl([X(), req('axis', 'index')], { noMask: true, engine: META }),
    variant({ since: '0.3' }, [X(), req('axis', 'index')], { returns: { kind: 'value', type: 'view' }, engine: META }),
  ], { absences: [gone02('expand_dims', 'tensor.expand_dim(dim) view (0.5+)')] }),
  entry('nki.language.where', 'function', 'Element-wise select: x where condition (1.0/0.0) else y.', S8, [
    beta1Nl([req('condition', 'operand', { buffers: SBPS }), X(), Y()], { engine: lowered('vector') }),
    variant({ since: '0.3' }, [req('condition', 'operand', { buffers: SBPS }), X(), Y(), dtypeOpt()], { returns: tileRet('sbuf'), engine: lowered('vector') }),
  ], { absences: [gone02('where', 'nisa.tensor_copy_predicated / nisa.select_reduce')] }),
  entry('nki.language.gather_flattened', 'function', 'Gathers elements of data along the flattened free dims using indices.', `${S8}; §1.1 (2.24)`, [
    beta1Nl([req('data', 'src', { buffers: SB }), req('indices', 'src', { buffers: SB }), opt('axis', int(0), 'index')], { range: { since: '2.24', until: '0.2' }, engine: fixed('gpsimd') }),
    variant({ since: '0.3' }, [req('data', 'src', { buffers: SB }), req('indices', 'src', { buffers: SB }), opt('axis', int(0), 'index'), dtypeOpt()], { returns: tileRet('sbuf'), engine: fixed('gpsimd') }),
  ], { absences: [gone02('gather_flattened', 'nisa.nc_n_gather(dst, data, indices)'), beforeSince('gather_flattened', '2.24')] }),
  entry('nki.language.dropout', 'function', 'Zeroes elements of x with probability rate.', S8, [
    beta1Nl([X(), req('rate', 'operand')], { engine: fixed('vector') }),
    variant({ since: '0.3' }, [X(), req('rate', 'operand'), dtypeOpt()], { returns: tileRet('sbuf'), engine: fixed('vector') }),
  ], { absences: [gone02('dropout', 'nisa.dropout(dst, data, prob)')] }),
  entry('nki.language.softmax', 'function', 'Softmax along a free axis.', S8, [
    beta1Nl([X(), opt('axis', int(-1), 'index')], { engine: lowered('scalar', 'vector') }),
    variant({ since: '0.3' }, [X(), opt('axis', int(-1), 'index'), dtypeOpt()], { returns: tileRet('sbuf'), engine: lowered('scalar', 'vector') }),
  ], { absences: [gone02('softmax', 'compose nisa.tensor_reduce (max), nisa.activation (exp with bias, reduce add) and nisa.tensor_scalar')] }),
  entry('nki.language.rms_norm', 'function', 'RMS normalisation of x with weights w over axis (n elements).', S8, [
    beta1Nl([X(), req('w', 'operand'), req('axis', 'index'), req('n', 'scalar'), opt('epsilon', float(1e-6), 'scalar')], { engine: lowered('scalar', 'vector') }),
    variant({ since: '0.3' }, [X(), req('w', 'operand'), req('axis', 'index'), req('n', 'scalar'), opt('epsilon', float(1e-6), 'scalar'), dtypeOpt(), opt('compute_dtype', NONE, 'dtype')],
      { returns: tileRet('sbuf'), engine: lowered('scalar', 'vector') }),
  ], { absences: [gone02('rms_norm', 'compose nisa.activation(op=nl.square, reduce_op=nl.add), nisa.tensor_scalar and nisa.tensor_tensor')] }),

  // ---- misc
  entry('nki.language.device_print', 'function', 'Prints a tensor with a compile-time prefix (simulator: stdout; hardware 0.2+: files under NEURON_RT_DEBUG_OUTPUT_DIR).', `${S6}; §5.1`, [
    variant({ until: '0.2' }, [req('print_prefix', 'other'), req('tensor', 'src'), kwargs()], { returns: { kind: 'none' }, engine: META }),
    variant({ since: '0.2' }, [req('print_prefix', 'other', { doc: 'Compile-time string prefix.' }), req('tensor', 'src', { buffers: ['sbuf', 'hbm', 'private_hbm', 'shared_hbm'] })], { returns: { kind: 'none' }, engine: fixed('dma') }),
  ]),
  ...(['is_hbm', 'is_on_chip', 'is_psum', 'is_sbuf'] as const).map((n) =>
    entry(`nki.language.${n}`, 'function', `True when the buffer ${n === 'is_hbm' ? 'is an HBM buffer' : n === 'is_on_chip' ? 'is SBUF or PSUM' : n === 'is_psum' ? 'is PSUM' : 'is SBUF'}.`, `nki-api.md §2.4; ${S12}`, [
      variant({ since: '0.3' }, [req('b', 'buffer', { doc: 'A buffer (e.g. t.buffer).' })], { returns: { kind: 'value', type: 'bool' }, engine: META }),
    ])),
  entry('nki.language.MemoryRegion', 'enum', 'Enum of memory regions: sbuf, psum, private_hbm, shared_hbm.', 'nki-api.md §2.4', [present({ since: '0.3' })], {
    members: [{ name: 'sbuf', value: 'sbuf', doc: 'State buffer (on chip).' }, { name: 'psum', value: 'psum', doc: 'Partial-sum buffer (on chip).' }, { name: 'private_hbm', value: 'private_hbm', doc: 'HBM private to one program instance.' }, { name: 'shared_hbm', value: 'shared_hbm', doc: 'HBM shared by all program instances.' }],
  }),
  entry('nki.language.NKIObject', 'class', 'Base class for user classes passed into or created inside 0.2+ kernels (structural equality; optional @dataclass).', 'nki-api.md §1.3 item 7; corpus', [present({ since: '0.2' })]),
  entry('nki.language.tile_size', 'namespace', 'Hardware tile-size constants (pmax, psum_fmax, gemm_*_fmax, …) for the selected target.', 'nki-api.md §2.2', [present({})]),
  entry('nki.language.prelu', 'constant', 'Parametric ReLU activation function (slope from activate2 relu_param).', `${S6}; ${S13}; §1.5`, [present({ since: '0.4' })], { opUses: ['activation'] }),
  entry('nki.language.bypass', 'constant', 'No-op ALU operation for activate2 op0/op1.', `${S6}; §1.5`, [present({ since: '0.4' })], { opUses: ['alu'] }),
  entry('nki.language.average', 'constant', 'Average reduction op for nisa.tensor_partition_reduce.', S6, [present({})], { opUses: ['reduce'], confidence: 'uncertain', note: 'first version not stated' }),

  // ---- Beta 1 only
  entry('nki.language.static_cast', 'function', 'Beta 1: casts a tile to another dtype.', `${S8}; ${S12}`, [
    beta1Nl([X(), req('dtype', 'dtype')], { noDtype: true, engine: lowered('vector') }),
  ], { absences: [goneFrom02('static_cast', 'nisa.tensor_copy(dst_with_target_dtype, src)')] }),
  entry('nki.language.finfo', 'function', 'Beta 1: numeric limits of a float dtype (like numpy.finfo).', `${S8}; §2.3`, [
    variant({ until: '0.2' }, [req('dtype', 'dtype')], { returns: { kind: 'value', type: 'object' }, engine: META }),
  ], { absences: [goneFrom02('finfo', 'literal constants (e.g. -3.4028235e38)')] }),
  entry('nki.language.fp32', 'namespace', 'Beta 1: fp32 limits helper (nl.fp32.min).', '§2.3; corpus', [present({ until: '0.2' })], {
    members: [{ name: 'min', doc: 'Most negative finite fp32 (−3.4028235e38).' }, { name: 'max', doc: 'Largest finite fp32.' }],
    absences: [goneFrom02('fp32', 'literal constants (e.g. -3.4028235e38)')], note: 'fp32.max inferred by symmetry',
  }),
  entry('nki.language.all_reduce', 'function', 'Beta 1: reduction across SPMD program instances.', `${S8}; ${S12}`, [
    beta1Nl([X(), req('op', 'op', { opUses: ['reduce'] }), req('program_axes', 'index')], { engine: lowered('dma') }),
  ], { absences: [goneFrom02('all_reduce', 'nki.collectives.all_reduce (0.2+/2.28)')], confidence: 'uncertain', note: 'signature from corpus usage' }),
  entry('nki.language.atomic_rmw', 'function', 'Beta 1: atomic read-modify-write on an HBM tensor.', `${S8}; ${S12}`, [
    beta1Nl([req('dst', 'dst', { buffers: HBM }), req('value', 'src'), req('op', 'op', { opUses: ['alu'] })], { noDtype: true, returns: { kind: 'none' }, engine: fixed('dma') }),
  ], { absences: [goneFrom02('atomic_rmw', 'nisa.dma_compute(dst, srcs, reduce_op=nl.add, ...)')], confidence: 'uncertain', note: 'signature not in the reference' }),
  entry('nki.language.loop_reduce', 'function', 'Beta 1: reduction across iterations of a loop.', `${S8}; ${S12}`, [
    beta1Nl([X(), req('op', 'op', { opUses: ['reduce'], doc: 'Reduction op (Beta 1 kernels pass numpy ufuncs such as np.add).' }), req('loop_indices', 'index')], { engine: lowered('vector') }),
  ], { absences: [goneFrom02('loop_reduce', 'explicit accumulation with nisa.tensor_tensor')], confidence: 'uncertain', note: 'signature from corpus usage' }),
  ...(['gemm_grid', 'gemm_stationary_grid'] as const).map((n) =>
    entry(`nki.language.${n}`, 'function', 'Beta 1 matmul tiling helper (signature not documented in our sources).', `${S8}; ${S12}`, [
      variant({ until: '0.2' }, [varargs('args'), kwargs()], { returns: { kind: 'value', type: 'object' }, engine: META, confidence: 'uncertain' }),
    ], { absences: [goneFrom02(n, 'explicit tiling loops')], confidence: 'uncertain' })),
  entry('nki.language.constants', 'module', 'Module with dtype helpers such as sizeinbytes.', 'corpus (from nki.language.constants import sizeinbytes)', [present({})], { confidence: 'corpus-only' }),
  entry('nki.language.constants.sizeinbytes', 'function', 'Size in bytes of one element of a dtype.', 'corpus', [
    variant({}, [req('dtype', 'dtype')], { returns: { kind: 'value', type: 'int' }, engine: META, confidence: 'corpus-only' }),
  ], { confidence: 'corpus-only' }),
  entry('nki.isa.neuron_isa', 'module', 'Beta 1 internal ISA implementation module (neuronxcc.nki.isa.neuron_isa).', 'corpus (Beta 1 neuron-team kernels)', [present({ until: '0.2' })], { opaque: true, internal: true, confidence: 'corpus-only' }),
  entry('nki.language.iterators', 'module', 'Beta 1 internal iterator module (sync_program).', 'corpus (Beta 1 neuron-team kernels)', [present({ until: '0.2' })], { opaque: true, internal: true, confidence: 'corpus-only' }),
];

export const LANGUAGE_APIS: readonly ApiEntry[] = [
  ...BINARY.map(binaryEntry),
  ...UNARY.map(unaryEntry),
  ...REDUCTIONS.map(reductionEntry),
  ...HAND,
];
