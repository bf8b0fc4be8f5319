/**
 * Types of the NKI API declaration tables.
 *
 * Purpose: the shape of one API entry (declared once) with per-version variants, parameters,
 * return kind, executing engine, target gating and shape limits. Pure types, no data.
 * Invariant: an entry's variants have pairwise disjoint version ranges; the union of variant ranges
 * is where the API exists; `absences` explain (with replacement text) the gaps before, between and
 * after variants. Names are fully qualified under `nki.` (Beta 1 `neuronxcc.nki.` maps onto them).
 * Source: nki-api.md §2 (API surface), §2.12 (presence matrix).
 */
import type { BufferName } from '../buffers';
import type { DtypeName } from '../dtypes';
import type { EngineId } from '../engines';
import type { Confidence } from '../facts';
import type { NkiTarget } from '../targets';
import type { VersionRange, VersionRef } from '../versions';

export type ApiKind =
  | 'instruction' // nki.isa op executed by an engine
  | 'function' // callable evaluated by the front-end or lowered to instructions
  | 'constant'
  | 'dtype'
  | 'buffer'
  | 'loop' // iterator used in `for … in`
  | 'decorator'
  | 'class'
  | 'enum'
  | 'enum-member'
  | 'module'
  | 'context-manager'
  | 'namespace'; // attribute bag such as nl.tile_size, ncc.sbuf

/** How a value may be used as an `op=` argument of an ISA call. */
export type OpUse = 'alu' | 'alu-unary' | 'bitvec' | 'compare' | 'activation' | 'reduce';

export type ParamKind = 'positional-only' | 'positional-or-keyword' | 'keyword-only' | 'varargs' | 'kwargs';

export type ParamRole =
  | 'dst' // written by the call
  | 'src' // tensor read by the call
  | 'operand' // tensor or scalar operand
  | 'scalar' // compile-time / register scalar
  | 'op' // ALU op or activation function (nl.add, nl.exp, ...)
  | 'enum' // value of an nki enum (nisa.engine.vector, ...)
  | 'dtype'
  | 'shape'
  | 'buffer'
  | 'flag' // boolean switch
  | 'index' // index/pattern/axes description
  | 'name' // instruction or tensor name string
  | 'callable' // function argument (loop bodies, kernels)
  | 'other';

/** A default value, as a small typed literal. `ref` names another table entry (e.g. an enum member). */
export type LiteralValue =
  | { readonly t: 'none' }
  | { readonly t: 'bool'; readonly v: boolean }
  | { readonly t: 'int'; readonly v: number }
  | { readonly t: 'float'; readonly v: number }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'tuple'; readonly items: readonly LiteralValue[] }
  | { readonly t: 'list'; readonly items: readonly LiteralValue[] }
  | { readonly t: 'ref'; readonly name: string };

export interface ParamDeprecation {
  readonly since: VersionRef;
  readonly message: string;
  /** true: passing it is an error from `since` on (not just a warning). */
  readonly error?: boolean;
}

export interface ParamSpec {
  readonly name: string;
  readonly kind: ParamKind;
  /** Absent = required (unless varargs/kwargs). */
  readonly default?: LiteralValue;
  readonly role: ParamRole;
  /** Allowed buffers for tensor operands, where documented. */
  readonly buffers?: readonly BufferName[];
  /** Allowed dtypes, where documented. */
  readonly dtypes?: readonly DtypeName[];
  /** Qualified enum name for role 'enum' (e.g. 'nki.isa.engine'). */
  readonly enumType?: string;
  /** For role 'op': which op families are accepted. */
  readonly opUses?: readonly OpUse[];
  /** Only meaningful / accepted on these targets. */
  readonly targets?: readonly NkiTarget[];
  readonly deprecated?: ParamDeprecation;
  readonly doc: string;
}

export type ReturnSpec =
  | { readonly kind: 'none' }
  /** 0.2+ ISA: no tensor value; 0.6 docs return an NkiInstruction handle (usable with depends_on). */
  | { readonly kind: 'instruction' }
  /** A new tile/tensor: in a fixed buffer, the buffer given by the `buffer=` argument, or like an input. */
  | { readonly kind: 'tile'; readonly buffer: BufferName | 'buffer-arg' | 'like-input' }
  | { readonly kind: 'value'; readonly type: 'int' | 'bool' | 'float' | 'str' | 'register' | 'scalar' | 'iterator' | 'index' | 'kernel' | 'context' | 'object' | 'dtype' | 'tuple' | 'view' };

export type EngineBinding =
  | { readonly kind: 'fixed'; readonly engine: EngineId }
  /** Chosen by the `engine=` argument; `default` is what `engine.unknown` usually resolves to. */
  | { readonly kind: 'select'; readonly param: string; readonly allowed: readonly EngineId[]; readonly default?: EngineId; readonly note?: string }
  /** Lowered to one or more instructions chosen by the compiler (nl convenience APIs). */
  | { readonly kind: 'lowered'; readonly engines: readonly EngineId[] }
  /** Evaluated at trace/specialisation time, no engine. */
  | { readonly kind: 'none' };

/** A shape constraint specific to one API. Dimensions: P = partition dim 0, F = elements per partition. */
export interface ShapeLimit {
  readonly param: string;
  readonly dim: 'P' | 'F' | 'rank' | 'freeRank' | 'count' | 'length' | 'value' | 'shape0' | 'lastDim';
  readonly min?: number;
  readonly max?: number;
  readonly multipleOf?: number;
  readonly oneOf?: readonly number[];
  /** Restricts the limit to some targets / engine / condition. */
  readonly targets?: readonly NkiTarget[];
  readonly engine?: EngineId;
  readonly when?: string;
  readonly message: string;
  readonly source: string;
}

/** A keyword that existed in an earlier variant and is gone: lets the binder say so precisely. */
export interface RemovedParam {
  readonly name: string;
  readonly removedIn: VersionRef;
  readonly replacement: string;
  readonly mechanical: boolean;
}

export interface ApiVariant {
  readonly range: VersionRange;
  /** false: the name exists but is not called (constants, op identifiers, enums, modules). */
  readonly callable: boolean;
  readonly params?: readonly ParamSpec[];
  readonly returns: ReturnSpec;
  readonly engine: EngineBinding;
  readonly limits?: readonly ShapeLimit[];
  readonly removedParams?: readonly RemovedParam[];
  /** Overrides the entry's target gating for this variant. */
  readonly targets?: readonly NkiTarget[];
  /** Variant-specific hover addition (e.g. "Beta 1: returns a new tile"). */
  readonly doc?: string;
  readonly confidence?: Confidence;
  readonly note?: string;
}

/** Why an API is missing in a range, and what to write instead. */
export interface Absence {
  readonly range: VersionRange;
  readonly message: string;
  readonly replacement: string;
  /** true when the fix is a mechanical rewrite (rename, argument reorder). */
  readonly mechanical: boolean;
  readonly renamedTo?: string;
}

export interface Deprecation {
  readonly range: VersionRange;
  readonly message: string;
  readonly replacement?: string;
  readonly mechanical?: boolean;
}

export interface EnumMember {
  readonly name: string;
  readonly value?: number | string;
  readonly range?: VersionRange;
  readonly targets?: readonly NkiTarget[];
  readonly doc: string;
}

export interface ApiEntry {
  /** Fully qualified, e.g. 'nki.isa.nc_matmul'. */
  readonly name: string;
  readonly kind: ApiKind;
  /** Containing module or namespace, e.g. 'nki.isa', 'nki.language.tile_size'. */
  readonly module: string;
  /** One paragraph for hover/completion, in our own words. */
  readonly doc: string;
  readonly source: string;
  readonly variants: readonly ApiVariant[];
  readonly absences?: readonly Absence[];
  readonly deprecations?: readonly Deprecation[];
  /** Hardware gating: only these targets support it (absent = all). */
  readonly targets?: readonly NkiTarget[];
  /** Other qualified names that denote this entry (e.g. nki.isa.constants.oob_mode). */
  readonly aliases?: readonly string[];
  /** Use as an `op=` value of ISA calls. */
  readonly opUses?: readonly OpUse[];
  /** Enum members (kind 'enum') or attributes (kind 'namespace'). */
  readonly members?: readonly EnumMember[];
  /** Module whose members we do not model: unknown attributes must not be reported. */
  readonly opaque?: boolean;
  /** Underscore/internal API seen in the corpus; signature partly guessed. */
  readonly internal?: boolean;
  readonly confidence?: Confidence;
  readonly note?: string;
}
