/**
 * NKI data types (`nl.<dtype>`), their bit layouts and the framework spellings that map to them.
 *
 * Purpose: the single list of dtypes for the checker (NKI402 "numpy dtype inside kernel", dtype
 * parameters), the simulator (sizes, rounding) and hover text.
 * Invariant: names are unique; sizeBytes × 8 == bits of the container; packed dtypes carry
 * `packedElements` and an element format; every foreign spelling maps to exactly one dtype.
 * Source: nki-api.md §2.3 (dtypes), §3.2 D1–D5 and G1 (numerics).
 */
import type { Confidence } from './facts';
import type { VersionRange } from './versions';

export const DTYPE_NAMES = [
  'bool_', 'int8', 'int16', 'int32', 'uint8', 'uint16', 'uint32',
  'float16', 'float32', 'bfloat16', 'tfloat32',
  'float8_e4m3', 'float8_e5m2', 'float8_e4m3fn', 'float8_e8m0fnu',
  'float8_e5m2_x4', 'float8_e4m3fn_x4', 'float4_e2m1fn_x4',
  'float32r',
] as const;
export type DtypeName = (typeof DTYPE_NAMES)[number];

export type DtypeKind = 'bool' | 'int' | 'uint' | 'float' | 'packed';

/** What a cast from fp32 does on overflow (G1). */
export type OverflowBehaviour = 'saturate' | 'inf' | 'nan' | 'unknown';

export interface DtypeSpec {
  readonly name: DtypeName;
  /** Size of one stored element (for packed types: the 32-bit container). */
  readonly sizeBytes: number;
  readonly kind: DtypeKind;
  /** Float formats: sign-exponent-mantissa split of one (unpacked) element. */
  readonly exponentBits?: number;
  readonly mantissaBits?: number;
  readonly hasInf: boolean;
  readonly hasNan: boolean;
  /** Cast from fp32 rounds to nearest even; this says what happens past the largest finite value. */
  readonly overflow: OverflowBehaviour;
  /** Packed containers: logical elements per container and their format. */
  readonly packedElements?: number;
  readonly elementFormat?: string;
  readonly range: VersionRange;
  /** Other accepted `nl.` spellings (e.g. nl.bool). */
  readonly nlAliases?: readonly string[];
  /** Spellings in numpy / ml_dtypes, torch and jax that denote this dtype (for NKI402 and arg mapping). */
  readonly numpy: readonly string[];
  readonly torch: readonly string[];
  readonly jax: readonly string[];
  readonly doc: string;
  readonly source: string;
  readonly confidence?: Confidence;
  readonly note?: string;
}

const S = 'nki-api.md §2.3';
const G1 = 'nki-api.md §3.2 G1';

export const DTYPES: readonly DtypeSpec[] = Object.freeze([
  { name: 'bool_', sizeBytes: 1, kind: 'bool', hasInf: false, hasNan: false, overflow: 'saturate', range: {}, nlAliases: ['bool'],
    numpy: ['np.bool_', 'numpy.bool_', 'np.bool'], torch: ['torch.bool'], jax: ['jnp.bool_'],
    doc: 'Boolean, stored as one byte (uint8).', source: S, note: 'nl.bool spelling seen in nki-library (corpus)' },
  { name: 'int8', sizeBytes: 1, kind: 'int', hasInf: false, hasNan: false, overflow: 'saturate', range: {},
    numpy: ['np.int8', 'numpy.int8'], torch: ['torch.int8'], jax: ['jnp.int8'], doc: 'Signed 8-bit integer.', source: `${S}; ${G1}` },
  { name: 'int16', sizeBytes: 2, kind: 'int', hasInf: false, hasNan: false, overflow: 'saturate', range: {},
    numpy: ['np.int16', 'numpy.int16'], torch: ['torch.int16', 'torch.short'], jax: ['jnp.int16'], doc: 'Signed 16-bit integer.', source: `${S}; ${G1}` },
  { name: 'int32', sizeBytes: 4, kind: 'int', hasInf: false, hasNan: false, overflow: 'saturate', range: {},
    numpy: ['np.int32', 'numpy.int32', 'np.intc'], torch: ['torch.int32', 'torch.int'], jax: ['jnp.int32'], doc: 'Signed 32-bit integer (the widest NKI integer; there are no 64-bit types).', source: `${S}; ${G1}` },
  { name: 'uint8', sizeBytes: 1, kind: 'uint', hasInf: false, hasNan: false, overflow: 'saturate', range: {},
    numpy: ['np.uint8', 'numpy.uint8'], torch: ['torch.uint8'], jax: ['jnp.uint8'], doc: 'Unsigned 8-bit integer.', source: `${S}; ${G1}` },
  { name: 'uint16', sizeBytes: 2, kind: 'uint', hasInf: false, hasNan: false, overflow: 'saturate', range: {},
    numpy: ['np.uint16', 'numpy.uint16'], torch: ['torch.uint16'], jax: ['jnp.uint16'], doc: 'Unsigned 16-bit integer.', source: `${S}; ${G1}` },
  { name: 'uint32', sizeBytes: 4, kind: 'uint', hasInf: false, hasNan: false, overflow: 'saturate', range: {},
    numpy: ['np.uint32', 'numpy.uint32'], torch: ['torch.uint32'], jax: ['jnp.uint32'], doc: 'Unsigned 32-bit integer.', source: `${S}; ${G1}` },
  { name: 'float16', sizeBytes: 2, kind: 'float', exponentBits: 5, mantissaBits: 10, hasInf: true, hasNan: true, overflow: 'inf', range: {},
    numpy: ['np.float16', 'numpy.float16', 'np.half'], torch: ['torch.float16', 'torch.half'], jax: ['jnp.float16'], doc: 'IEEE half precision (1-5-10).', source: S },
  { name: 'float32', sizeBytes: 4, kind: 'float', exponentBits: 8, mantissaBits: 23, hasInf: true, hasNan: true, overflow: 'inf', range: {},
    numpy: ['np.float32', 'numpy.float32', 'np.single'], torch: ['torch.float32', 'torch.float'], jax: ['jnp.float32'], doc: 'IEEE single precision (1-8-23); all engine arithmetic is done in fp32.', source: S },
  { name: 'bfloat16', sizeBytes: 2, kind: 'float', exponentBits: 8, mantissaBits: 7, hasInf: true, hasNan: true, overflow: 'inf', range: {},
    numpy: ['ml_dtypes.bfloat16', 'np.bfloat16'], torch: ['torch.bfloat16'], jax: ['jnp.bfloat16'], doc: 'Brain float (1-8-7): fp32 range with 8 bits of precision.', source: S },
  { name: 'tfloat32', sizeBytes: 4, kind: 'float', exponentBits: 8, mantissaBits: 10, hasInf: true, hasNan: true, overflow: 'inf', range: {},
    numpy: [], torch: [], jax: [], doc: 'TensorFloat-32 (1-8-10) stored in a 32-bit container.', source: S },
  { name: 'float8_e4m3', sizeBytes: 1, kind: 'float', exponentBits: 4, mantissaBits: 3, hasInf: true, hasNan: true, overflow: 'unknown', range: {},
    numpy: [], torch: [], jax: [], doc: 'Legacy Neuron fp8 (1-4-3) that keeps infinities; not the OCP e4m3fn format. Cannot be mixed with float8_e4m3fn in one matmul.', source: `${S}; §3.2 D1`,
    note: 'overflow behaviour of fp32→fp8 casts is not documented' },
  { name: 'float8_e5m2', sizeBytes: 1, kind: 'float', exponentBits: 5, mantissaBits: 2, hasInf: true, hasNan: true, overflow: 'unknown', range: { since: '2.21' },
    numpy: ['ml_dtypes.float8_e5m2'], torch: ['torch.float8_e5m2'], jax: ['jnp.float8_e5m2'], doc: 'fp8 with 5 exponent and 2 mantissa bits (1-5-2).', source: `${S}; §1.1 (2.21)`,
    note: 'overflow behaviour of fp32→fp8 casts is not documented' },
  { name: 'float8_e4m3fn', sizeBytes: 1, kind: 'float', exponentBits: 4, mantissaBits: 3, hasInf: false, hasNan: true, overflow: 'unknown', range: { since: '2.28' },
    numpy: ['ml_dtypes.float8_e4m3fn'], torch: ['torch.float8_e4m3fn'], jax: ['jnp.float8_e4m3fn'], doc: 'OCP fp8 e4m3fn (1-4-3, finite only: no infinities). Matmul input on NC-v4 only.', source: `${S}; §1.1 (2.28)`,
    note: 'overflow behaviour of fp32→fp8 casts is not documented' },
  { name: 'float8_e8m0fnu', sizeBytes: 1, kind: 'float', exponentBits: 8, mantissaBits: 0, hasInf: false, hasNan: true, overflow: 'unknown', range: { since: '0.5' },
    numpy: ['ml_dtypes.float8_e8m0fnu'], torch: ['torch.float8_e8m0fnu'], jax: ['jnp.float8_e8m0fnu'], doc: 'Unsigned exponent-only 8-bit format used for MX block scales (uint8 is also accepted for scales).', source: `${S}; §1.6`,
    confidence: 'derived', note: 'NaN encoding taken from the OCP MX format name ("fnu"); not spelled out in the reference' },
  { name: 'float8_e5m2_x4', sizeBytes: 4, kind: 'packed', exponentBits: 5, mantissaBits: 2, packedElements: 4, elementFormat: 'float8_e5m2', hasInf: true, hasNan: true, overflow: 'unknown', range: { since: '0.2' },
    numpy: [], torch: [], jax: [], doc: 'Four float8_e5m2 values packed in a 32-bit container (MXFP8 data for quantize_mx / nc_matmul_mx on NC-v4).', source: S },
  { name: 'float8_e4m3fn_x4', sizeBytes: 4, kind: 'packed', exponentBits: 4, mantissaBits: 3, packedElements: 4, elementFormat: 'float8_e4m3fn', hasInf: false, hasNan: true, overflow: 'unknown', range: { since: '0.2' },
    numpy: [], torch: [], jax: [], doc: 'Four float8_e4m3fn values packed in a 32-bit container (MXFP8 data, NC-v4).', source: S },
  { name: 'float4_e2m1fn_x4', sizeBytes: 4, kind: 'packed', exponentBits: 2, mantissaBits: 1, packedElements: 4, elementFormat: 'float4_e2m1fn', hasInf: false, hasNan: false, overflow: 'unknown', range: { since: '0.2' },
    numpy: [], torch: [], jax: [], doc: 'Four fp4 e2m1 values packed in a 32-bit container (MXFP4 data, NC-v4).', source: S,
    confidence: 'uncertain', note: 'the reference calls it a packed 32-bit container of 4 elements; bit packing of fp4 nibbles is not described' },
  { name: 'float32r', sizeBytes: 4, kind: 'float', exponentBits: 8, mantissaBits: 23, hasInf: true, hasNan: true, overflow: 'inf', range: { until: '0.2' },
    numpy: [], torch: [], jax: [], doc: 'Beta 1 only: fp32 variant used for faster fp32 matmul; computed as fp32 by the Beta 1 simulator.', source: `${S}; §5.1`,
    confidence: 'uncertain', note: 'exact semantics not described in the reference' },
] satisfies readonly DtypeSpec[]);

const byName: ReadonlyMap<string, DtypeSpec> = new Map(
  DTYPES.flatMap((d) => [[d.name, d] as const, ...(d.nlAliases ?? []).map((a) => [a, d] as const)]),
);

/** Look up by `nl.` spelling (including aliases like 'bool'). */
export function dtypeByName(name: string): DtypeSpec | undefined {
  return byName.get(name);
}

export type ForeignFramework = 'numpy' | 'torch' | 'jax';
type ForeignHit = { readonly dtype: DtypeSpec; readonly framework: ForeignFramework };
const foreign: ReadonlyMap<string, ForeignHit> = new Map<string, ForeignHit>(
  DTYPES.flatMap((d): (readonly [string, ForeignHit])[] => [
    ...d.numpy.map((s) => [s, { dtype: d, framework: 'numpy' as const }] as const),
    ...d.torch.map((s) => [s, { dtype: d, framework: 'torch' as const }] as const),
    ...d.jax.map((s) => [s, { dtype: d, framework: 'jax' as const }] as const),
  ]),
);

/**
 * Maps a framework spelling ('np.float32', 'torch.bfloat16', 'jnp.int8', 'numpy.float16') to the NKI dtype
 * it denotes — used for NKI402 ("use nl.float32 instead of np.float32 inside a kernel").
 */
export function dtypeFromForeign(spelling: string): { readonly dtype: DtypeSpec; readonly framework: ForeignFramework } | undefined {
  return foreign.get(spelling.trim());
}
