/**
 * Declared signatures of native functions, and the one generic binder that maps a call's
 * positional and keyword arguments onto them.
 *
 * Signatures are written in a Python-like mini-language so they read as documentation:
 *   "obj, /"                  positional-only
 *   "iterable, start=0"       defaults: None, True, False, numbers, quoted strings
 *   "x, y=?"                  optional without default: the slot is `undefined` when not passed
 *   "*args, key=None, default=?"   varargs (a tuple slot) then keyword-only parameters
 *   "**kwargs"                a dict slot
 * Invariant: the bound array has exactly one slot per declared parameter, in declaration order.
 */
import { PyDict } from './dict';
import type { KeyOps } from './dict';
import type { Kwargs, Value } from './values';
import { FALSE, NONE, TRUE, mkFloat, mkInt, mkStr, mkTuple } from './values';

export type NativeParamKind = 'positionalOnly' | 'normal' | 'varargs' | 'keywordOnly' | 'kwargs';

export interface NativeParam {
  name: string;
  kind: NativeParamKind;
  /** Default value; `undefined` with `optional` means "absent". */
  default: Value | undefined;
  optional: boolean;
}

export interface Signature {
  readonly text: string;
  readonly params: readonly NativeParam[];
  /** Number of parameters that accept positional arguments. */
  readonly positional: number;
  readonly varargs: number;
  readonly kwargs: number;
  /** Every parameter is positional, required, and there is no *args/**kwargs. */
  readonly plain: boolean;
}

function parseDefault(text: string): Value | undefined {
  if (text === '?') return undefined;
  if (text === 'None') return NONE;
  if (text === 'True') return TRUE;
  if (text === 'False') return FALSE;
  if (/^-?\d+$/.test(text)) return mkInt(Number(text));
  if (/^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(text) || text === 'inf') return mkFloat(Number(text === 'inf' ? Infinity : text));
  const m = /^(['"])(.*)\1$/.exec(text);
  if (m) return mkStr(m[2]!.replace(/\\n/g, '\n').replace(/\\t/g, '\t'));
  throw new Error(`bad default in native signature: ${text}`);
}

const cache = new Map<string, Signature>();

export function parseSignature(text: string): Signature {
  const hit = cache.get(text);
  if (hit) return hit;
  const params: NativeParam[] = [];
  let mode: NativeParamKind = 'normal';
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const part of parts) {
    if (part === '/') {
      for (const p of params) if (p.kind === 'normal') p.kind = 'positionalOnly';
      continue;
    }
    if (part === '*') { mode = 'keywordOnly'; continue; }
    if (part.startsWith('**')) { params.push({ name: part.slice(2), kind: 'kwargs', default: undefined, optional: true }); continue; }
    if (part.startsWith('*')) {
      params.push({ name: part.slice(1), kind: 'varargs', default: undefined, optional: true });
      mode = 'keywordOnly';
      continue;
    }
    const eq = part.indexOf('=');
    if (eq < 0) params.push({ name: part, kind: mode, default: undefined, optional: false });
    else params.push({ name: part.slice(0, eq).trim(), kind: mode, default: parseDefault(part.slice(eq + 1).trim()), optional: true });
  }
  const positional = params.filter((p) => p.kind === 'positionalOnly' || p.kind === 'normal').length;
  const sig: Signature = {
    text,
    params,
    positional,
    varargs: params.findIndex((p) => p.kind === 'varargs'),
    kwargs: params.findIndex((p) => p.kind === 'kwargs'),
    plain: params.every((p) => (p.kind === 'normal' || p.kind === 'positionalOnly') && !p.optional),
  };
  cache.set(text, sig);
  return sig;
}

/** A binding failure, turned into a Python TypeError by the caller. */
export class BindError extends Error {}

/** Binds arguments to `sig`; throws BindError with CPython-like wording on mismatch. */
export function bindArgs(name: string, sig: Signature, args: Value[], kwargs: Kwargs | undefined, ops: KeyOps): Value[] {
  if (sig.plain && kwargs === undefined) {
    if (args.length === sig.positional) return args;
    throw new BindError(`${name}() takes ${sig.positional} positional argument${sig.positional === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
  }
  const params = sig.params;
  const out: Array<Value | undefined> = new Array(params.length).fill(undefined);
  const n = Math.min(args.length, sig.positional);
  for (let i = 0; i < n; i++) out[i] = args[i];
  if (args.length > sig.positional) {
    if (sig.varargs < 0) {
      throw new BindError(`${name}() takes ${describeCount(sig)} positional argument${sig.positional === 1 ? '' : 's'} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
    }
    out[sig.varargs] = mkTuple(args.slice(sig.positional));
  } else if (sig.varargs >= 0) {
    out[sig.varargs] = mkTuple([]);
  }
  let extra: PyDict<Value> | undefined;
  if (kwargs !== undefined) {
    for (const [k, v] of kwargs) {
      const i = params.findIndex((p) => p.name === k && p.kind !== 'positionalOnly' && p.kind !== 'varargs' && p.kind !== 'kwargs');
      if (i < 0) {
        if (sig.kwargs < 0) throw new BindError(`${name}() got an unexpected keyword argument '${k}'`);
        (extra ??= new PyDict()).set(mkStr(k), v, ops);
        continue;
      }
      if (out[i] !== undefined) throw new BindError(`${name}() got multiple values for argument '${k}'`);
      out[i] = v;
    }
  }
  if (sig.kwargs >= 0) out[sig.kwargs] = { kind: 'dict', table: extra ?? new PyDict() };
  for (let i = 0; i < params.length; i++) {
    if (out[i] !== undefined) continue;
    const p = params[i]!;
    if (p.default !== undefined) out[i] = p.default;
    else if (!p.optional) throw new BindError(`${name}() missing required argument: '${p.name}'`);
  }
  return out as Value[];
}

function describeCount(sig: Signature): string {
  const required = sig.params.filter((p) => (p.kind === 'normal' || p.kind === 'positionalOnly') && !p.optional).length;
  return required === sig.positional ? String(required) : `from ${required} to ${sig.positional}`;
}
