/**
 * The NKI model: an immutable view of every table for one (version, Neuron release, target).
 *
 * Purpose: the single query surface for the checker, hover/completion, tracer and simulator:
 * `lookup(name)` → the applicable variant or a "not available" record with replacement text,
 * `members(module)` for completion, limits, tile_size, dtypes, buffers, language rules, and a
 * binder pre-configured with the release's keyword strictness. Also `detectGeneration` (§1.9).
 * Invariant: a model never changes after construction; `getNkiModel` memoises by key, so repeated
 * calls return the same frozen object (the memo is invisible to callers: same inputs, same result).
 * Beta 1 names (`neuronxcc.nki.…`) resolve to the same entries as `nki.…`.
 * Source: tables in this folder; nki-api.md §1.9 for generation detection.
 */
import { ALL_APIS, apiByName } from './api/registry';
import type { Absence, ApiEntry, ApiVariant, Deprecation, EnumMember } from './api/types';
import { bindArgs, type BindKeywords, type BindResult } from './bindArgs';
import { TENSOR_MEMBERS } from './api/tensorMethods';
import { BUFFERS, type BufferSpec } from './buffers';
import { DTYPES, dtypeByName, type DtypeSpec } from './dtypes';
import { ENGINES, type EngineId, type EngineSpec } from './engines';
import { ruleStatus, type RuleId, type RuleStep } from './rules';
import { LIMIT_FACTS, TARGETS, TILE_SIZE_ATTRS, limitsFor, type LimitKey, type NkiTarget, type TargetInfo, type TargetLimits } from './targets';
import type { Fact } from './facts';
import {
  compareRefs, describeRef, describeSelection, inRange, selection, type NeuronRelease, type NkiVersion, type VersionRange, type VersionSelection,
} from './versions';

export type LookupResult =
  | {
    readonly status: 'available';
    readonly name: string;
    readonly entry: ApiEntry;
    /** The variant for this release; undefined only for entries with no variants. */
    readonly variant: ApiVariant;
    readonly deprecation?: Deprecation;
    /** false when the entry (or enum member) is gated to other targets (e.g. activate2 on trn2). */
    readonly targetSupported: boolean;
    readonly targetMessage?: string;
    /** Written with the Beta 1 `neuronxcc.` prefix. */
    readonly legacyNamespace: boolean;
  }
  | {
    readonly status: 'unavailable';
    readonly name: string;
    readonly entry: ApiEntry;
    /** 'not-yet': introduced later; 'removed': gone (or gone for now, e.g. nl.load in 0.2). */
    readonly reason: 'not-yet' | 'removed';
    readonly message: string;
    readonly replacement: string;
    readonly mechanical: boolean;
    readonly renamedTo?: string;
    /** Ranges where the API exists. */
    readonly availableIn: readonly VersionRange[];
    readonly legacyNamespace: boolean;
  }
  /** Under an opaque module (members not modelled): do not report. */
  | { readonly status: 'unmodelled'; readonly name: string; readonly module: ApiEntry; readonly legacyNamespace: boolean }
  | { readonly status: 'unknown'; readonly name: string; readonly legacyNamespace: boolean };

export interface MemberInfo {
  /** Short name within the module (completion label). */
  readonly label: string;
  readonly entry: ApiEntry;
  readonly variant: ApiVariant;
  readonly deprecated: boolean;
  readonly targetSupported: boolean;
}

export type Generation = 'beta1' | 'nki' | 'mixed' | 'unknown';

export interface GenerationInfo {
  readonly generation: Generation;
  readonly beta1Modules: readonly string[];
  readonly nkiModules: readonly string[];
}

export interface NkiModel {
  readonly selection: VersionSelection;
  readonly version: NkiVersion;
  readonly neuronRelease: NeuronRelease;
  readonly target: NkiTarget;
  readonly targetInfo: TargetInfo;
  /** Human label, e.g. 'NKI 0.3 (Neuron 2.29) on trn2'. */
  readonly label: string;
  readonly limits: TargetLimits;
  readonly limitFacts: Readonly<Record<LimitKey, Fact>>;
  /** nl.tile_size attributes available in this version (deprecated ones included). */
  readonly tileSize: Readonly<Record<string, number>>;
  /** Unknown keywords are errors (Neuron ≥ 2.28) or ignored (Beta 1, 2.27). */
  readonly strictKeywords: boolean;
  lookup(qualifiedName: string): LookupResult;
  members(module: string): readonly MemberInfo[];
  dtype(name: string): DtypeSpec | undefined;
  dtypes(): readonly DtypeSpec[];
  buffer(name: string): BufferSpec | undefined;
  engine(id: EngineId): EngineSpec;
  rule(id: RuleId): RuleStep;
  bind<V>(variant: ApiVariant, positional: readonly V[], keywords?: BindKeywords<V>, functionName?: string): BindResult<V>;
  /** A tensor method/attribute ('reshape', 'indirect', 'shape', …) as it exists in this version. */
  tensorMember(name: string): LookupResult;
  /** Tensor methods/attributes available in this version (completion after `t.`). */
  tensorMembers(): readonly MemberInfo[];
}

const LEGACY_PREFIX = 'neuronxcc.';

/** 'neuronxcc.nki.isa.x' → 'nki.isa.x'; also accepts already-normalised names. */
export function normalizeName(name: string): { readonly name: string; readonly legacy: boolean } {
  if (name.startsWith(LEGACY_PREFIX + 'nki')) return { name: name.slice(LEGACY_PREFIX.length), legacy: true };
  return { name, legacy: false };
}

function variantFor(entry: ApiEntry, sel: VersionSelection): ApiVariant | undefined {
  return entry.variants.find((v) => inRange(v.range, sel));
}

function targetGate(entry: ApiEntry, variant: ApiVariant, target: NkiTarget): { ok: boolean; message?: string } {
  const gate = variant.targets ?? entry.targets;
  if (!gate || gate.includes(target)) return { ok: true };
  const names = gate.map((t) => `${t} (${TARGETS[t].ncName})`).join(', ');
  return { ok: false, message: `${entry.name.replace(/^nki\.language\./, 'nl.').replace(/^nki\.isa\./, 'nisa.')} requires ${names}; the selected target is ${target} (${TARGETS[target].ncName})` };
}

function unavailable(entry: ApiEntry, name: string, sel: VersionSelection, legacy: boolean): LookupResult {
  const availableIn = entry.variants.map((v) => v.range);
  const abs: Absence | undefined = entry.absences?.find((a) => inRange(a.range, sel));
  const firstSince = entry.variants.map((v) => v.range.since).filter((s): s is NonNullable<typeof s> => s !== undefined);
  const everBefore = entry.variants.some((v) => v.range.since === undefined || compareRefs(v.range.since, sel.neuronRelease) <= 0);
  const reason = everBefore ? 'removed' : 'not-yet';
  const short = name.replace(/^nki\.language\./, 'nl.').replace(/^nki\.isa\./, 'nisa.');
  if (abs) {
    return {
      status: 'unavailable', name, entry, reason, message: abs.message, replacement: abs.replacement, mechanical: abs.mechanical,
      ...(abs.renamedTo ? { renamedTo: abs.renamedTo } : {}), availableIn, legacyNamespace: legacy,
    };
  }
  const where = availableIn.map((r) => [r.since ? `from ${describeRef(r.since)}` : '', r.until ? `before ${describeRef(r.until)}` : ''].filter(Boolean).join(' ') || 'always').join('; ');
  const next = firstSince.find((s) => compareRefs(s, sel.neuronRelease) > 0);
  return {
    status: 'unavailable', name, entry, reason,
    message: `${short} is not available in ${describeSelection(sel)} (available ${where})`,
    replacement: next ? `requires ${describeRef(next)} or later` : 'no replacement recorded',
    mechanical: false, availableIn, legacyNamespace: legacy,
  };
}

function opaqueAncestor(name: string): ApiEntry | undefined {
  const parts = name.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const e = apiByName(parts.slice(0, i).join('.'));
    if (e?.opaque) return e;
  }
  return undefined;
}

class Model implements NkiModel {
  readonly version: NkiVersion;
  readonly neuronRelease: NeuronRelease;
  readonly targetInfo: TargetInfo;
  readonly label: string;
  readonly limits: TargetLimits;
  readonly limitFacts: Readonly<Record<LimitKey, Fact>>;
  readonly tileSize: Readonly<Record<string, number>>;
  readonly strictKeywords: boolean;
  private readonly memberCache: ReadonlyMap<string, readonly MemberInfo[]>;

  constructor(readonly selection: VersionSelection, readonly target: NkiTarget) {
    this.version = selection.version;
    this.neuronRelease = selection.neuronRelease;
    this.targetInfo = TARGETS[target];
    this.label = `${describeSelection(selection)} on ${target}`;
    this.limits = limitsFor(target);
    const lf = {} as Record<LimitKey, Fact>;
    for (const k of Object.keys(LIMIT_FACTS) as LimitKey[]) lf[k] = LIMIT_FACTS[k][target];
    this.limitFacts = Object.freeze(lf);
    const ts: Record<string, number> = {};
    for (const a of TILE_SIZE_ATTRS) if (inRange(a.range, selection)) ts[a.name] = a.value[target].value;
    this.tileSize = Object.freeze(ts);
    this.strictKeywords = ruleStatus('unknown-keyword', selection).status === 'error';
    this.memberCache = this.buildMembers();
    Object.freeze(this);
  }

  /** Lookups are pure in the model's (version, release, target): tracing asks the same names in loops. */
  private readonly lookups = new Map<string, LookupResult>();

  lookup(qualifiedName: string): LookupResult {
    let found = this.lookups.get(qualifiedName);
    if (!found) {
      found = this.lookupUncached(qualifiedName);
      this.lookups.set(qualifiedName, found);
    }
    return found;
  }

  private lookupUncached(qualifiedName: string): LookupResult {
    const { name, legacy } = normalizeName(qualifiedName);
    const entry = apiByName(name);
    if (!entry) {
      const op = opaqueAncestor(name);
      if (op && variantFor(op, this.selection)) return { status: 'unmodelled', name, module: op, legacyNamespace: legacy };
      return { status: 'unknown', name, legacyNamespace: legacy };
    }
    const v = variantFor(entry, this.selection);
    if (!v) return unavailable(entry, entry.name, this.selection, legacy);
    const gate = targetGate(entry, v, this.target);
    const dep = entry.deprecations?.find((d) => inRange(d.range, this.selection));
    return {
      status: 'available', name: entry.name, entry, variant: v, targetSupported: gate.ok,
      ...(gate.message ? { targetMessage: gate.message } : {}), ...(dep ? { deprecation: dep } : {}), legacyNamespace: legacy,
    };
  }

  members(module: string): readonly MemberInfo[] {
    return this.memberCache.get(normalizeName(module).name) ?? [];
  }

  private buildMembers(): ReadonlyMap<string, readonly MemberInfo[]> {
    const out = new Map<string, MemberInfo[]>();
    for (const e of ALL_APIS) {
      const v = variantFor(e, this.selection);
      if (!v || e.internal) continue;
      const list = out.get(e.module) ?? [];
      list.push({
        label: e.name.slice(e.module.length + 1), entry: e, variant: v,
        deprecated: !!e.deprecations?.some((d) => inRange(d.range, this.selection)),
        targetSupported: targetGate(e, v, this.target).ok,
      });
      out.set(e.module, list);
    }
    for (const l of out.values()) l.sort((a, b) => a.label.localeCompare(b.label));
    return out;
  }

  private readonly dtypeCache = new Map<string, DtypeSpec | undefined>();

  dtype(name: string): DtypeSpec | undefined {
    const cached = this.dtypeCache.get(name);
    if (cached !== undefined || this.dtypeCache.has(name)) return cached;
    const d = dtypeByName(name.replace(/^(nki\.language\.|nl\.)/, ''));
    const found = d && inRange(d.range, this.selection) ? d : undefined;
    this.dtypeCache.set(name, found);
    return found;
  }
  dtypes(): readonly DtypeSpec[] {
    return DTYPES.filter((d) => inRange(d.range, this.selection));
  }
  buffer(name: string): BufferSpec | undefined {
    const b = BUFFERS.find((x) => x.name === name.replace(/^(nki\.language\.|nl\.)/, ''));
    return b && inRange(b.range, this.selection) ? b : undefined;
  }
  engine(id: EngineId): EngineSpec {
    return ENGINES.find((e) => e.id === id)!;
  }
  rule(id: RuleId): RuleStep {
    return ruleStatus(id, this.selection);
  }
  bind<V>(variant: ApiVariant, positional: readonly V[], keywords: BindKeywords<V> = [], functionName?: string): BindResult<V> {
    return bindArgs(variant, positional, keywords, { strictKeywords: this.strictKeywords, functionName });
  }
  tensorMember(name: string): LookupResult {
    const entry = TENSOR_MEMBERS.find((e) => e.name === `NkiTensor.${name}`);
    if (!entry) return { status: 'unknown', name: `NkiTensor.${name}`, legacyNamespace: false };
    const v = variantFor(entry, this.selection);
    if (!v) return unavailable(entry, entry.name, this.selection, false);
    const gate = targetGate(entry, v, this.target);
    return { status: 'available', name: entry.name, entry, variant: v, targetSupported: gate.ok, ...(gate.message ? { targetMessage: gate.message } : {}), legacyNamespace: false };
  }
  tensorMembers(): readonly MemberInfo[] {
    return TENSOR_MEMBERS.flatMap((e) => {
      const v = variantFor(e, this.selection);
      return v ? [{ label: e.name.slice('NkiTensor.'.length), entry: e, variant: v, deprecated: false, targetSupported: targetGate(e, v, this.target).ok }] : [];
    });
  }
}

const memo = new Map<string, NkiModel>();

/**
 * The model for a version (and optionally a Neuron release inside it; default: the newest release
 * of that generation) on a target. Throws RangeError when the release does not belong to the version.
 */
export function getNkiModel(version: NkiVersion, target: NkiTarget, neuronRelease?: NeuronRelease): NkiModel {
  const sel = selection(version, neuronRelease);
  const key = `${sel.version}@${sel.neuronRelease}/${target}`;
  let m = memo.get(key);
  if (!m) {
    m = new Model(sel, target);
    memo.set(key, m);
  }
  return m;
}

/** Beta 1 vs 0.2+ from the modules a file imports (§1.9). Accepts 'neuronxcc.nki.language', 'nki.isa', 'neuronxcc' … */
export function detectGeneration(importedModules: readonly string[]): GenerationInfo {
  const beta1: string[] = [];
  const nki: string[] = [];
  for (const raw of importedModules) {
    const m = raw.trim();
    if (m === 'neuronxcc' || m === 'neuronxcc.nki' || m.startsWith('neuronxcc.nki.')) beta1.push(m);
    else if (m === 'nki' || m.startsWith('nki.')) nki.push(m);
    else if (m === 'torch_neuronx.nki_jit' || m === 'jax_neuronx.nki_call') beta1.push(m);
  }
  const generation: Generation = beta1.length && nki.length ? 'mixed' : beta1.length ? 'beta1' : nki.length ? 'nki' : 'unknown';
  return { generation, beta1Modules: beta1, nkiModules: nki };
}

export type { EnumMember };
