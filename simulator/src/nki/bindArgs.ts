/**
 * The one argument binder for every NKI API call (rule NKI504).
 *
 * Purpose: map a call's positional and keyword arguments onto a variant's parameter list the way
 * Python does, and report structured errors: unexpected keyword, keyword that was removed in this
 * version (with replacement), missing required argument, too many positional arguments, multiple
 * values for one parameter, positional-only passed by keyword.
 * Invariant: generic over the argument value type V (AST nodes, interpreter values, …); pure; never
 * throws for bad calls — every problem is a BindError. Parameter order and kinds come only from the
 * tables; no API name appears in this file.
 */
import type { ApiVariant, LiteralValue, ParamSpec } from './api/types';

export type BindErrorCode =
  | 'unexpected-keyword'
  | 'removed-keyword'
  | 'ignored-keyword'
  | 'missing-required'
  | 'too-many-positional'
  | 'multiple-values'
  | 'positional-only-by-keyword'
  | 'not-callable';

export interface BindError {
  readonly code: BindErrorCode;
  /** 'warning' only for keywords a lenient release (Beta 1, Neuron 2.27) silently ignored. */
  readonly severity: 'error' | 'warning';
  readonly param?: string;
  /** Index of the offending positional argument, for too-many-positional. */
  readonly positionalIndex?: number;
  readonly message: string;
  readonly replacement?: string;
  readonly mechanical?: boolean;
}

export interface BindResult<V> {
  /** No error-severity problems. */
  readonly ok: boolean;
  /** Parameter name → supplied argument. */
  readonly bound: ReadonlyMap<string, V>;
  /** Parameters not supplied that have defaults, with the default literal. */
  readonly defaulted: ReadonlyMap<string, LiteralValue>;
  /** Extra positional arguments collected by *args. */
  readonly varargs: readonly V[];
  /** Extra keywords collected by **kwargs (or ignored by a lenient release). */
  readonly extraKeywords: ReadonlyMap<string, V>;
  readonly errors: readonly BindError[];
}

export interface BindOptions {
  /** Shown in messages, e.g. 'nisa.nc_matmul'. */
  readonly functionName?: string;
  /**
   * false reproduces releases that ignored unknown keywords (Beta 1, Neuron 2.27): they are
   * reported as 'ignored-keyword' warnings. Default true (error, as from Neuron 2.28).
   */
  readonly strictKeywords?: boolean;
}

/** Keyword arguments: a Map, a plain record, or [name, value] pairs in source order. */
export type BindKeywords<V> = ReadonlyMap<string, V> | Readonly<Record<string, V>> | readonly (readonly [string, V])[];

function keywordEntries<V>(k: BindKeywords<V>): Iterable<readonly [string, V]> {
  if (Array.isArray(k)) return k as readonly (readonly [string, V])[];
  if (k instanceof Map) return (k as ReadonlyMap<string, V>).entries();
  return Object.entries(k as Readonly<Record<string, V>>);
}

/** What binding needs from a parameter list, computed once per list (every call of an API reuses it). */
interface BindPlan {
  readonly params: readonly ParamSpec[];
  readonly positionalSlots: readonly ParamSpec[];
  readonly varargsParam: ParamSpec | undefined;
  readonly kwargsParam: ParamSpec | undefined;
  readonly byName: ReadonlyMap<string, ParamSpec>;
  /** Parameters that must be supplied, and those with a default. */
  readonly required: readonly ParamSpec[];
  readonly withDefault: readonly ParamSpec[];
}

const plans = new WeakMap<object, BindPlan>();

function planFor(params: readonly ParamSpec[]): BindPlan {
  let plan = plans.get(params);
  if (!plan) {
    plan = {
      params,
      positionalSlots: params.filter((p) => p.kind === 'positional-only' || p.kind === 'positional-or-keyword'),
      varargsParam: params.find((p) => p.kind === 'varargs'),
      kwargsParam: params.find((p) => p.kind === 'kwargs'),
      byName: new Map(params.filter((p) => p.kind !== 'varargs' && p.kind !== 'kwargs').map((p) => [p.name, p])),
      required: params.filter((p) => p.kind !== 'varargs' && p.kind !== 'kwargs' && p.default === undefined),
      withDefault: params.filter((p) => p.kind !== 'varargs' && p.kind !== 'kwargs' && p.default !== undefined),
    };
    plans.set(params, plan);
  }
  return plan;
}

const NO_PARAMS: readonly ParamSpec[] = [];
const NO_ERRORS: readonly BindError[] = Object.freeze([]);
const NO_EXTRA: ReadonlyMap<string, unknown> = new Map();
const NO_VARARGS: readonly unknown[] = Object.freeze([]);

/** A bind result whose `defaulted` map is built on first use. */
class Bound<V> implements BindResult<V> {
  private defaultedMap: Map<string, LiteralValue> | undefined;

  constructor(
    readonly ok: boolean,
    readonly bound: Map<string, V>,
    readonly varargs: readonly V[],
    readonly extraKeywords: ReadonlyMap<string, V>,
    readonly errors: readonly BindError[],
    private readonly withDefault: readonly ParamSpec[],
  ) {}

  get defaulted(): ReadonlyMap<string, LiteralValue> {
    if (!this.defaultedMap) {
      this.defaultedMap = new Map();
      for (const p of this.withDefault) if (!this.bound.has(p.name)) this.defaultedMap.set(p.name, p.default!);
    }
    return this.defaultedMap;
  }
}

/**
 * Binds arguments to `target` (a variant or a bare parameter list).
 * Example: bindArgs(variant, [dstNode, dataNode], { op: opNode }) → bound {dst, data, op}.
 */
export function bindArgs<V>(
  target: ApiVariant | readonly ParamSpec[],
  positional: readonly V[],
  keywords: BindKeywords<V> = [],
  options: BindOptions = {},
): BindResult<V> {
  // Built only for messages: binding is on every traced NKI call, errors are rare.
  const fnName = (): string => (options.functionName ? `${options.functionName}()` : 'call');
  const strict = options.strictKeywords ?? true;
  // Errors, extra keywords and *args are rare: the shared empty ones stand in until one appears.
  let errors = NO_ERRORS as BindError[];
  const bound = new Map<string, V>();
  let extra = NO_EXTRA as Map<string, V>;
  let varargsOut = NO_VARARGS as unknown as V[];

  const isVariant = !Array.isArray(target);
  const variant = isVariant ? (target as ApiVariant) : undefined;
  if (variant && !variant.callable) {
    return {
      ok: false, bound, defaulted: new Map(), varargs: [], extraKeywords: new Map(),
      errors: [{ code: 'not-callable', severity: 'error', message: `${options.functionName ?? 'this name'} is not callable` }],
    };
  }
  const { positionalSlots, varargsParam, kwargsParam, byName, required, withDefault } = planFor(variant ? variant.params ?? NO_PARAMS : (target as readonly ParamSpec[]));
  const removed = variant?.removedParams;

  // 1. positional arguments fill positional slots in order, the rest go to *args or are errors.
  for (let i = 0; i < positional.length; i++) {
    const arg = positional[i];
    if (i < positionalSlots.length) bound.set(positionalSlots[i].name, arg);
    else if (varargsParam) { if (varargsOut === (NO_VARARGS as unknown)) varargsOut = []; varargsOut.push(arg); }
    else if (i === positionalSlots.length) {
      (errors === NO_ERRORS ? (errors = []) : errors).push({
        code: 'too-many-positional', severity: 'error', positionalIndex: i,
        message: `${fnName()} takes ${positionalSlots.length} positional argument${positionalSlots.length === 1 ? '' : 's'} but ${positional.length} were given`,
      });
    }
  }

  // 2. keywords. A Map's names are distinct: only a positional argument can have set one already.
  const mayRepeat = positional.length > 0 || Array.isArray(keywords);
  for (const [name, value] of keywordEntries(keywords)) {
    const p = byName.get(name);
    if (p) {
      if (p.kind === 'positional-only') {
        (errors === NO_ERRORS ? (errors = []) : errors).push({ code: 'positional-only-by-keyword', severity: 'error', param: name, message: `${fnName()} got positional-only argument '${name}' passed as keyword` });
        continue;
      }
      if (mayRepeat && bound.has(name)) {
        (errors === NO_ERRORS ? (errors = []) : errors).push({ code: 'multiple-values', severity: 'error', param: name, message: `${fnName()} got multiple values for argument '${name}'` });
        continue;
      }
      bound.set(name, value);
      continue;
    }
    const gone = removed?.find((r) => r.name === name);
    if (gone && !kwargsParam) {
      (errors === NO_ERRORS ? (errors = []) : errors).push({
        code: 'removed-keyword', severity: strict ? 'error' : 'warning', param: name,
        message: `${fnName()}: keyword argument '${name}' was removed in ${gone.removedIn}; use ${gone.replacement}`,
        replacement: gone.replacement, mechanical: gone.mechanical,
      });
      if (!strict) (extra === NO_EXTRA ? (extra = new Map()) : extra).set(name, value);
      continue;
    }
    if (kwargsParam) {
      (extra === NO_EXTRA ? (extra = new Map()) : extra).set(name, value);
      continue;
    }
    if (strict) {
      (errors === NO_ERRORS ? (errors = []) : errors).push({ code: 'unexpected-keyword', severity: 'error', param: name, message: `${fnName()} got an unexpected keyword argument '${name}'` });
    } else {
      (errors === NO_ERRORS ? (errors = []) : errors).push({ code: 'ignored-keyword', severity: 'warning', param: name, message: `${fnName()}: unknown keyword argument '${name}' is ignored by this release (an error from Neuron 2.28)` });
      (extra === NO_EXTRA ? (extra = new Map()) : extra).set(name, value);
    }
  }

  // 3. required parameters; the defaults used are listed on demand (the tracer never asks).
  for (const p of required) {
    if (!bound.has(p.name)) (errors === NO_ERRORS ? (errors = []) : errors).push({ code: 'missing-required', severity: 'error', param: p.name, message: `${fnName()} missing required argument '${p.name}'` });
  }
  let ok = true;
  for (const e of errors) if (e.severity === 'error') ok = false;
  return new Bound(ok, bound, varargsOut, extra, errors, withDefault);
}

/** True when a parameter must be supplied. */
export function isRequired(p: ParamSpec): boolean {
  return p.default === undefined && p.kind !== 'varargs' && p.kind !== 'kwargs';
}
