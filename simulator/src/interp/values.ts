/**
 * Python values as the interpreter sees them: one closed union discriminated by `kind`.
 *
 * Invariants:
 * - An `int` holds a JS number exactly when the value is a safe integer (|v| <= 2^53-1) and
 *   never -0; otherwise a bigint. So two equal ints always have the same JS representation.
 * - `NONE`, `TRUE`, `FALSE`, `ELLIPSIS` and `NOT_IMPLEMENTED` are singletons: identity is `===`.
 * - Builtin types (int, str, list, ...) and builtin exception classes are `class` values shared by
 *   every interpreter; they are never mutated after start-up. Exceptions are `instance` values of
 *   classes deriving from BaseException, so user exception subclasses need no special case.
 * - `unknown` is the abstract value of shape mode: operations on it yield `unknown`, never throw.
 * - `host` wraps an object implemented by the embedder (the NKI layer); see `HostObject`.
 */
import type { BinaryOperator, FunctionDef, Lambda, Parameter, Span } from '../frontend/ast';
import type { Ctx } from './context';
import type { PyDict } from './dict';
import type { Scope } from './scope';
import type { Signature } from './signature';

export interface NoneValue { readonly kind: 'none' }
export interface BoolValue { readonly kind: 'bool'; readonly value: boolean }
export interface IntValue { readonly kind: 'int'; readonly value: number | bigint }
export interface FloatValue { readonly kind: 'float'; readonly value: number }
export interface StrValue { readonly kind: 'str'; readonly value: string }
export interface TupleValue { readonly kind: 'tuple'; readonly items: readonly Value[] }
export interface ListValue { readonly kind: 'list'; items: Value[] }
export interface DictValue { readonly kind: 'dict'; readonly table: PyDict<Value> }
/** `set` and `frozenset`; the table's values are unused (`NONE`). */
export interface SetValue { readonly kind: 'set'; readonly table: PyDict<Value>; readonly frozen: boolean }
/** Bounds are safe integers; a range with a bigint or unknown bound is never built. */
export interface RangeValue { readonly kind: 'range'; readonly start: number; readonly stop: number; readonly step: number }
export interface SliceValue { readonly kind: 'slice'; readonly start: Value; readonly stop: Value; readonly step: Value }

/** A user function (`def` or `lambda`). Defaults are evaluated once, at definition time. */
export interface FunctionValue {
  readonly kind: 'function';
  name: string;
  qualname: string;
  readonly node: FunctionDef | Lambda;
  readonly params: readonly Parameter[];
  /** Evaluated default per parameter index (undefined: no default). */
  readonly defaults: ReadonlyArray<Value | undefined>;
  /** The scope the function closes over (never a class body). */
  readonly closure: Scope;
  readonly module: ModuleValue;
  /** Contains `yield`: calls run the body eagerly and return an iterator over what it yielded. */
  readonly isGenerator: boolean;
  /** Only plain positional parameters without defaults: calls can bind by position alone. */
  readonly simple: boolean;
  /** Set when the function is defined in a class body: what zero-argument `super()` uses. */
  ownerClass?: ClassValue;
  /** Function attributes (`__wrapped__`, `__doc__`, user assignments). */
  attrs?: Map<string, Value>;
}

export type Kwargs = Map<string, Value>;

/**
 * A function implemented in TypeScript. Arguments are bound to `sig` by one generic binder
 * (`signature.ts`), so `impl` receives exactly one slot per declared parameter: `*args` as a
 * tuple, `**kwargs` as a dict, and `undefined` for an optional (`=?`) parameter not passed.
 */
export interface BuiltinValue {
  readonly kind: 'builtin';
  readonly name: string;
  readonly sig: Signature;
  readonly doc?: string;
  impl(args: Value[], ctx: Ctx): Value;
  /** Extra data a native module may attach (e.g. the wrapped function of `functools.partial`). */
  data?: unknown;
}

export interface BoundMethodValue { readonly kind: 'boundMethod'; readonly self: Value; readonly func: Value }

/** Class-level protocol used by metaclass-like behaviour (`for m in Color`, `Color['RED']`, `Color(1)`). */
export interface ClassMeta {
  iterate?(cls: ClassValue, ctx: Ctx): Value[];
  getItem?(cls: ClassValue, key: Value, ctx: Ctx): Value;
  len?(cls: ClassValue, ctx: Ctx): number;
  contains?(cls: ClassValue, item: Value, ctx: Ctx): boolean;
  call?(cls: ClassValue, args: Value[], kwargs: Kwargs | undefined, ctx: Ctx): Value;
}

export interface ClassValue {
  readonly kind: 'class';
  name: string;
  qualname: string;
  module: string;
  readonly bases: readonly ClassValue[];
  /** Method resolution order, starting with the class itself and ending with `object`. */
  readonly mro: readonly ClassValue[];
  readonly attrs: Map<string, Value>;
  /** Builtin types and exceptions: attributes cannot be set. */
  readonly builtin: boolean;
  /** Builtin types: how calling the class (or a subclass) makes a value. */
  construct?: (cls: ClassValue, args: Value[], kwargs: Kwargs | undefined, ctx: Ctx) => Value;
  meta?: ClassMeta;
  /** Called when a user class lists this one (directly or not) among its bases: how Enum works. */
  onSubclass?: (cls: ClassValue, ctx: Ctx) => void;
  /** Instances cannot be mutated (`@dataclass(frozen=True)`, enum members). */
  frozen?: boolean;
  /** Storage for native modules (dataclass field list, enum members...). */
  data?: Map<string, unknown>;
}

export interface InstanceValue {
  readonly kind: 'instance';
  readonly cls: ClassValue;
  readonly attrs: Map<string, Value>;
}

export interface ModuleValue {
  readonly kind: 'module';
  readonly name: string;
  readonly path?: string;
  readonly isPackage: boolean;
  readonly attrs: Map<string, Value>;
}

/** A one-shot iterator: `next()` returns undefined when exhausted. */
export interface IteratorValue { readonly kind: 'iterator'; readonly typeName: string; next(): Value | undefined }

export interface PropertyValue { readonly kind: 'property'; readonly fget?: Value; readonly fset?: Value; readonly fdel?: Value }
export interface StaticMethodValue { readonly kind: 'staticmethod'; readonly func: Value }
export interface ClassMethodValue { readonly kind: 'classmethod'; readonly func: Value }
/** `super(cls, obj)`: attribute lookup starts after `cls` in the MRO of `obj`'s type. */
export interface SuperValue { readonly kind: 'super'; readonly cls: ClassValue; readonly self: Value }
export interface EllipsisValue { readonly kind: 'ellipsis' }
export interface NotImplementedValue { readonly kind: 'notimplemented' }

/** Shape mode's "some value we cannot know", with why and where it first arose. */
export interface UnknownValue { readonly kind: 'unknown'; readonly reason: string; readonly span?: Span }

export interface HostValue { readonly kind: 'host'; readonly obj: HostObject }

export type Value =
  | NoneValue | BoolValue | IntValue | FloatValue | StrValue | TupleValue | ListValue | DictValue
  | SetValue | RangeValue | SliceValue | FunctionValue | BuiltinValue | BoundMethodValue | ClassValue
  | InstanceValue | ModuleValue | IteratorValue | PropertyValue | StaticMethodValue | ClassMethodValue
  | SuperValue | EllipsisValue | NotImplementedValue | UnknownValue | HostValue;

export type ValueKind = Value['kind'];

export type RichCompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

/**
 * The extension point for the embedder: tensors, dtypes, `nl.tile_size`, index expressions...
 * Every member is optional; a missing one makes the corresponding Python operation raise the
 * TypeError (or AttributeError) CPython would, naming `typeName`. Methods returning
 * `undefined` mean "not supported for these operands" (Python's NotImplemented), so the
 * interpreter can try the reflected operation of the other operand.
 */
export interface HostObject {
  readonly typeName: string;
  getAttr?(name: string, ctx: Ctx): Value | undefined;
  setAttr?(name: string, value: Value, ctx: Ctx): void;
  call?(args: Value[], kwargs: Kwargs | undefined, ctx: Ctx): Value;
  getItem?(key: Value, ctx: Ctx): Value;
  setItem?(key: Value, value: Value, ctx: Ctx): void;
  delItem?(key: Value, ctx: Ctx): void;
  /** `reflected`: the host object is the right operand (`other OP self`). */
  binaryOp?(op: BinaryOperator, other: Value, reflected: boolean, ctx: Ctx): Value | undefined;
  /** `self OP= other`; when missing or undefined, `binaryOp` is used and the result rebound. */
  inplaceOp?(op: BinaryOperator, other: Value, ctx: Ctx): Value | undefined;
  unaryOp?(op: '-' | '+' | '~', ctx: Ctx): Value | undefined;
  /** `reflected`: the host object is the right operand; `op` is already swapped (`a < h` asks `h > a`). */
  compare?(op: RichCompareOp, other: Value, reflected: boolean, ctx: Ctx): Value | undefined;
  contains?(item: Value, ctx: Ctx): boolean | Value;
  /** May return an `unknown` value in shape mode. */
  truthy?(ctx: Ctx): boolean | Value;
  len?(ctx: Ctx): number | Value;
  iterate?(ctx: Ctx): Iterable<Value>;
  /** Context manager protocol (`with host as x`). */
  enter?(ctx: Ctx): Value;
  exit?(exc: Value, ctx: Ctx): boolean;
  /** `__index__`: used by `range()`, subscripts of sequences, `int()`. */
  index?(ctx: Ctx): Value;
  repr?(): string;
  str?(): string;
  /** Hash and equality for dict keys / set members; without them identity is used. */
  hash?(): number | string;
  equals?(other: Value): boolean;
}

// ---------------------------------------------------------------------------------------------
// Constructors. Small ints are cached because loops create them constantly.

export const NONE: NoneValue = Object.freeze({ kind: 'none' });
export const TRUE: BoolValue = Object.freeze({ kind: 'bool', value: true });
export const FALSE: BoolValue = Object.freeze({ kind: 'bool', value: false });
export const ELLIPSIS: EllipsisValue = Object.freeze({ kind: 'ellipsis' });
export const NOT_IMPLEMENTED: NotImplementedValue = Object.freeze({ kind: 'notimplemented' });
export const EMPTY_STR: StrValue = Object.freeze({ kind: 'str', value: '' });
export const EMPTY_TUPLE: TupleValue = Object.freeze({ kind: 'tuple', items: Object.freeze([]) as readonly Value[] });

const SMALL_MIN = -16;
const SMALL_MAX = 1024;
const SMALL_INTS: IntValue[] = [];
for (let i = SMALL_MIN; i <= SMALL_MAX; i++) SMALL_INTS.push({ kind: 'int', value: i });

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_SAFE = -MAX_SAFE;

/** An int from a safe JS integer (callers guarantee it). */
export function mkInt(n: number): IntValue {
  if (n >= SMALL_MIN && n <= SMALL_MAX) return SMALL_INTS[n - SMALL_MIN]!;
  return { kind: 'int', value: n === 0 ? 0 : n };
}

/** An int from either representation, normalising to the invariant above. */
export function mkIntFrom(v: number | bigint): IntValue {
  if (typeof v === 'number') return mkInt(v);
  if (v >= MIN_SAFE && v <= MAX_SAFE) return mkInt(Number(v));
  return { kind: 'int', value: v };
}

export function mkFloat(x: number): FloatValue { return { kind: 'float', value: x }; }
export function mkBool(b: boolean): BoolValue { return b ? TRUE : FALSE; }
export function mkStr(s: string): StrValue { return s === '' ? EMPTY_STR : { kind: 'str', value: s }; }
export function mkTuple(items: readonly Value[]): TupleValue { return items.length === 0 ? EMPTY_TUPLE : { kind: 'tuple', items }; }
export function mkList(items: Value[]): ListValue { return { kind: 'list', items }; }
export function mkUnknown(reason: string, span?: Span): UnknownValue { return { kind: 'unknown', reason, span }; }
export function mkHost(obj: HostObject): HostValue { return { kind: 'host', obj }; }
export function mkIterator(typeName: string, next: () => Value | undefined): IteratorValue {
  return { kind: 'iterator', typeName, next };
}
/** An iterator over a snapshot array. */
export function iteratorOver(items: readonly Value[], typeName = 'list_iterator'): IteratorValue {
  let i = 0;
  return mkIterator(typeName, () => (i < items.length ? items[i++] : undefined));
}

/** Python's name for a value's type, as error messages print it. */
export function kindName(v: Value): string {
  switch (v.kind) {
    case 'none': return 'NoneType';
    case 'boundMethod': return v.func.kind === 'builtin' ? 'builtin_function_or_method' : 'method';
    case 'builtin': return 'builtin_function_or_method';
    case 'class': return 'type';
    case 'instance': return v.cls.name;
    case 'iterator': return v.typeName;
    case 'set': return v.frozen ? 'frozenset' : 'set';
    case 'ellipsis': return 'ellipsis';
    case 'notimplemented': return 'NotImplementedType';
    case 'unknown': return 'unknown';
    case 'host': return v.obj.typeName;
    default: return v.kind;
  }
}
