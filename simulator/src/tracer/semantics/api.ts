/**
 * NKI API functions as interpreter values, and the one entry point every call goes through:
 * availability for the kernel's NKI version (NKI501), argument binding against the versioned
 * signature (NKI504), foreign dtypes (NKI402), then either a trace-time builtin (allocation,
 * loops, index helpers, decorators) or an instruction (`instructions.ts`).
 */
import {
  mkHost, mkInt, mkUnknown, NONE, type Ctx, type HostObject, type Kwargs, type Value,
} from '../../interp';
import type { ApiEntry, ApiVariant } from '../../nki/api/types';
import { DtypeObject } from '../nkiValues';
import type { NkiEnv } from './env';
import { executeInstruction, type CallInfo } from './instructions';
import { NullContext, TRACE_TIME_BUILTINS, type TraceTimeBuiltin } from './traceTime';

const displayNames = new Map<string, string>();

/** Short, user-facing spelling: `nki.isa.nc_matmul` -> `nisa.nc_matmul`. */
export function displayName(qualified: string): string {
  let d = displayNames.get(qualified);
  if (d === undefined) {
    d = qualified
      .replace(/^nki\.language\./, 'nl.')
      .replace(/^nki\.isa\./, 'nisa.')
      .replace(/^nki\.typing\./, 'nt.');
    displayNames.set(qualified, d);
  }
  return d;
}

const shortNames = new Map<string, string>();

function shortNameOf(name: string): string {
  let s = shortNames.get(name);
  if (s === undefined) {
    s = name.slice(name.lastIndexOf('.') + 1);
    shortNames.set(name, s);
  }
  return s;
}

function isForeignDtype(v: Value): boolean {
  return v.kind === 'host' && v.obj instanceof DtypeObject && !!v.obj.foreign;
}

function reportForeignDtype(env: NkiEnv, ctx: Ctx, v: Value): void {
  const d = (v as { obj: unknown }).obj as DtypeObject;
  env.session.report('NKI402', `${d.repr()} is a ${d.foreign === 'np' ? 'NumPy' : d.foreign} dtype; inside an NKI ${env.model.version} kernel use nl.${d.dtypeName}.`, ctx);
}

/**
 * What every call of one API in one trace shares: the variant, unless looking it up reports
 * something (an API unavailable in this version, deprecated, or not on this target), in which
 * case each call looks it up again so each call site gets its diagnostic.
 */
interface CallPlan {
  variant: ApiVariant | undefined;
  reports: boolean;
  display: string;
  shortName: string;
  special: TraceTimeBuiltin | undefined;
  templates: BindTemplate[];
}

function callPlan(env: NkiEnv, name: string, entry: ApiEntry): CallPlan {
  const found = env.model.lookup(name);
  const reports = found.status === 'unavailable' || (found.status === 'available' && (!found.targetSupported || !!found.deprecation));
  const variant = found.status === 'available' ? found.variant : entry.variants[entry.variants.length - 1];
  return { variant, reports, display: displayName(name), shortName: shortNameOf(entry.name), special: TRACE_TIME_BUILTINS[entry.name], templates: [] };
}

export class ApiFunction implements HostObject {
  readonly typeName = 'nki_api';
  private plan: CallPlan | undefined;
  constructor(readonly env: NkiEnv, readonly qualifiedName: string, readonly entry: ApiEntry) {}

  call(args: Value[], kwargs: Kwargs | undefined, ctx: Ctx): Value {
    const plan = (this.plan ??= callPlan(this.env, this.qualifiedName, this.entry));
    return callWithPlan(this.env, this.qualifiedName, this.entry, plan, args, kwargs, ctx);
  }

  /** Some APIs are also namespaces (`nl.tile_size`) or subscriptable (`nt.tensor[128, 512]`). */
  getItem(key: Value, ctx: Ctx): Value {
    const handler = TRACE_TIME_BUILTINS[this.entry.name + '[]'];
    if (handler) return handler(this.env, ctx, new Map([['key', key]]), this.entry);
    return mkUnknown(`${displayName(this.qualifiedName)}[...] is not modelled`);
  }

  equals(other: Value): boolean {
    return other.kind === 'host' && other.obj instanceof ApiFunction && other.obj.entry === this.entry;
  }
  hash(): string { return `api:${this.entry.name}`; }
  repr(): string { return displayName(this.qualifiedName); }
}

/** The variant to trace with: the version's own, or (for an unavailable API) the nearest one. */
function variantFor(env: NkiEnv, name: string, entry: ApiEntry, ctx: Ctx): ApiVariant | undefined {
  const found = env.model.lookup(name);
  if (found.status === 'available') {
    if (!found.targetSupported) {
      env.session.report('NKI401', `${displayName(name)} is not supported on ${env.model.target}${found.targetMessage ? `: ${found.targetMessage}` : ''}.`, ctx);
    }
    if (found.deprecation) {
      const use = found.deprecation.replacement ? `; use ${found.deprecation.replacement}` : '';
      env.session.report('NKI501', `${displayName(name)} is deprecated in ${env.model.label}: ${found.deprecation.message}${use}.`, ctx, { severity: 'hint' });
    }
    return found.variant;
  }
  if (found.status === 'unavailable') {
    env.session.report('NKI501', `${found.message}. ${found.replacement}`.replace(/\.\s*\./, '.'), ctx);
    // Trace on with the closest variant so later checks still run.
    return entry.variants[entry.variants.length - 1];
  }
  return entry.variants[entry.variants.length - 1];
}

const NO_KEYWORDS: ReadonlyMap<string, Value> = new Map();
const NO_VARARGS: readonly Value[] = Object.freeze([]);

/**
 * Call shapes that bound cleanly before: the positional count and the parameter names the
 * binder gave, positional slots then keywords in call order. Binding depends only on the shape,
 * never on the values, so a call of a known shape (a loop body's calls, every iteration) is
 * bound by name without the binder; no errors, no *args and no extra keywords, as the first time.
 */
interface BindTemplate { positional: number; names: string[] }
const MAX_TEMPLATES = 8;

function rememberTemplate(plan: CallPlan, positional: number, bound: ReadonlyMap<string, Value>): void {
  if (plan.templates.length >= MAX_TEMPLATES) return;
  plan.templates.push({ positional, names: [...bound.keys()] });
}

function boundByTemplate(plan: CallPlan, args: readonly Value[], kwargs: Kwargs | undefined): Map<string, Value> | undefined {
  const count = args.length + (kwargs === undefined ? 0 : kwargs.size);
  for (const t of plan.templates) {
    if (t.positional !== args.length || t.names.length !== count) continue;
    const names = t.names;
    if (args.length === 0 && kwargs !== undefined) {
      // Keywords only (most NKI calls): the interpreter's fresh keyword map, already in call
      // order, is the bound map (nothing writes to either).
      let k = 0;
      let same = true;
      for (const name of kwargs.keys()) if (name !== names[k++]) { same = false; break; }
      if (same) return kwargs as Map<string, Value>;
      continue;
    }
    const bound = new Map<string, Value>();
    for (let i = 0; i < args.length; i++) bound.set(names[i], args[i]);
    if (kwargs !== undefined) {
      let k = args.length;
      let same = true;
      for (const [name, value] of kwargs) {
        if (name !== names[k++]) { same = false; break; }
        bound.set(name, value);
      }
      if (!same) continue;
    }
    return bound;
  }
  return undefined;
}

export function callApi(env: NkiEnv, name: string, entry: ApiEntry, args: Value[], kwargs: Kwargs | undefined, ctx: Ctx): Value {
  return callWithPlan(env, name, entry, callPlan(env, name, entry), args, kwargs, ctx);
}

function callWithPlan(env: NkiEnv, name: string, entry: ApiEntry, plan: CallPlan, args: Value[], kwargs: Kwargs | undefined, ctx: Ctx): Value {
  const variant = plan.reports ? variantFor(env, name, entry, ctx) : plan.variant;
  if (!variant) return mkUnknown(`${displayName(name)} has no signature in the tables`);
  const display = plan.display;
  const special = plan.special;
  // Bare decorators (`@ncc.skip_middle_end_transformations`) have no signature: they take the function.
  if (!variant.callable && special && entry.kind === 'decorator') return special(env, ctx, new Map(args[0] ? [['fn', args[0]]] : []), entry, args);
  if (!variant.callable) return ctx.raise('TypeError', `'${display}' is not callable`);

  let bound = plan.reports ? undefined : boundByTemplate(plan, args, kwargs);
  let varargs: readonly Value[] = NO_VARARGS;
  if (bound === undefined) {
    const bind = env.model.bind(variant, args, kwargs ?? NO_KEYWORDS, display);
    for (const e of bind.errors) {
      if (e.severity === 'error') env.session.report('NKI504', `${e.message}${e.replacement ? `; ${e.replacement}` : ''}`, ctx);
    }
    // A fresh map from the binder: the builtins may read it as their own.
    bound = bind.bound as Map<string, Value>;
    varargs = bind.varargs;
    if (!plan.reports && bind.errors.length === 0 && bind.varargs.length === 0 && bind.extraKeywords.size === 0) rememberTemplate(plan, args.length, bound);
  }
  if (!env.isBeta1) {
    for (const v of args) if (isForeignDtype(v)) reportForeignDtype(env, ctx, v);
    if (kwargs) for (const v of kwargs.values()) if (isForeignDtype(v)) reportForeignDtype(env, ctx, v);
  }
  const info: CallInfo = { name: entry.name, shortName: plan.shortName, entry, variant, bound, display };

  if (special) return special(env, ctx, bound, entry, varargs, info);
  if (entry.kind === 'context-manager') return mkHost(new NullContext());
  if (entry.kind === 'instruction' || variant.engine.kind !== 'none') return executeInstruction(env, ctx, info);
  return traceTimeDefault(info, ctx);
}

/** Trace-time functions we do not model return an unknown value of the declared kind. */
function traceTimeDefault(info: CallInfo, ctx: Ctx): Value {
  const r = info.variant.returns;
  if (r.kind === 'none') return NONE;
  if (r.kind === 'value' && r.type === 'bool') return mkUnknown(`${info.display}() result`);
  if (r.kind === 'value' && r.type === 'int') return mkUnknown(`${info.display}() result`);
  ctx.gap(`${info.display}() is not modelled: its result is unknown`);
  return mkUnknown(`${info.display}() is not modelled`);
}

export { mkInt };
