/**
 * NKI versions, Neuron releases and version ranges.
 *
 * Purpose: one ordered timeline of Neuron SDK releases (2.20 … 2.33), each belonging to exactly one
 * NKI version ('beta1' … '0.7'). Every "since"/"until" in the data tables is a {@link VersionRef}: either
 * an NKI version (meaning its first release) or a specific Neuron release (for rules that changed inside
 * a generation, e.g. Beta 1 block dimensions 2.23 → 2.25).
 * Invariant: NEURON_RELEASES is sorted, every NkiVersion owns at least one release, and a selection
 * always names a release that belongs to its version. Ranges are half-open: since ≤ r < until.
 * Source: nki-api.md §1.1 (version map).
 */

export const NKI_VERSIONS = ['beta1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7'] as const;
export type NkiVersion = (typeof NKI_VERSIONS)[number];

export const NEURON_RELEASE_NAMES = [
  '2.20', '2.20.1', '2.21', '2.22', '2.23', '2.24', '2.25', '2.26',
  '2.27', '2.28', '2.29', '2.30', '2.31', '2.32', '2.33',
] as const;
export type NeuronRelease = (typeof NEURON_RELEASE_NAMES)[number];

/** A point on the timeline: an NKI version (its first release) or a specific Neuron release. */
export type VersionRef = NkiVersion | NeuronRelease;

/** Half-open presence interval; a missing bound is open. */
export interface VersionRange {
  readonly since?: VersionRef;
  readonly until?: VersionRef;
}

export interface ReleaseInfo {
  readonly release: NeuronRelease;
  readonly version: NkiVersion;
  readonly date: string;
  readonly headline: string;
  readonly source: string;
}

const S = 'nki-api.md §1.1';
export const NEURON_RELEASES: readonly ReleaseInfo[] = Object.freeze([
  { release: '2.20', version: 'beta1', date: '2024-09-16', headline: 'NKI Beta launch (neuronxcc.nki)', source: S },
  { release: '2.20.1', version: 'beta1', date: '2024-12-03', headline: 'Trn2; kernels return outputs (shared_hbm)', source: S },
  { release: '2.21', version: 'beta1', date: '2024-12-16', headline: 'nki.compiler allocation API; new isa ops', source: S },
  { release: '2.22', version: 'beta1', date: '2025-04-03', headline: 'nki.profile; max8/find_index8/stream_shuffle; isa engine enum', source: S },
  { release: '2.23', version: 'beta1', date: '2025-05-20', headline: 'range_select; dma_copy dge/oob modes; block dimension warning', source: S },
  { release: '2.24', version: 'beta1', date: '2025-06-24', headline: 'gather_flattened; block dimension last supported', source: S },
  { release: '2.25', version: 'beta1', date: '2025-07-31', headline: 'block dimension is an error', source: S },
  { release: '2.26', version: 'beta1', date: '2025-09-18', headline: 'select_reduce, sequence_bounds; last Beta-1 docs', source: S },
  { release: '2.27', version: '0.2', date: '2025-12-19', headline: 'NKI Beta 2: nki namespace, dst-first ISA', source: S },
  { release: '2.28', version: '0.2', date: '2026-02-26', headline: 'NKI 0.2.0: collectives, unknown kwargs are errors', source: S },
  { release: '2.29', version: '0.3', date: '2026-04-09', headline: 'NKI 0.3.0 GA: simulator, nl convenience APIs back', source: S },
  { release: '2.30', version: '0.4', date: '2026-05-21', headline: 'NKI 0.4.0: activate2, bytes-aware tile_size', source: S },
  { release: '2.31', version: '0.5', date: '2026-07-07', headline: 'NKI 0.5.0: view methods, float8_e8m0fnu', source: S },
  { release: '2.32', version: '0.6', date: '2026-08-17', headline: 'NKI 0.6.0: fori_loop/while_loop, topk', source: S },
  { release: '2.33', version: '0.7', date: '2026-10-19', headline: 'NKI 0.7.0: tracing front-end, dynamic_range removed', source: S },
] as const satisfies readonly ReleaseInfo[]);

/** The user's choice: a generation plus the Neuron release inside it. */
export interface VersionSelection {
  readonly version: NkiVersion;
  readonly neuronRelease: NeuronRelease;
}

const releaseIndex: ReadonlyMap<string, number> = new Map(NEURON_RELEASES.map((r, i) => [r.release, i]));

export function isNkiVersion(s: string): s is NkiVersion {
  return (NKI_VERSIONS as readonly string[]).includes(s);
}
export function isNeuronRelease(s: string): s is NeuronRelease {
  return releaseIndex.has(s);
}

/** Releases belonging to a version, oldest first. */
const RELEASES_OF: ReadonlyMap<NkiVersion, readonly NeuronRelease[]> = new Map(
  NKI_VERSIONS.map((v) => [v, Object.freeze(NEURON_RELEASES.filter((r) => r.version === v).map((r) => r.release))]),
);

/** The Neuron releases that ship `version`, oldest first (computed once: range checks are hot). */
export function releasesOf(version: NkiVersion): readonly NeuronRelease[] {
  return RELEASES_OF.get(version)!;
}
export function versionOfRelease(release: NeuronRelease): NkiVersion {
  return NEURON_RELEASES[releaseIndex.get(release)!].version;
}
/** The newest release of a generation: the default when the user names only the version. */
export function defaultRelease(version: NkiVersion): NeuronRelease {
  const rs = releasesOf(version);
  return rs[rs.length - 1];
}

/** Position on the timeline: an NkiVersion maps to its first release. */
export function refOrdinal(ref: VersionRef): number {
  if (isNkiVersion(ref)) return releaseIndex.get(releasesOf(ref)[0])!;
  return releaseIndex.get(ref)!;
}
export function versionOrdinal(v: NkiVersion): number {
  return NKI_VERSIONS.indexOf(v);
}
/** Orders two versions: negative if a < b. */
export function compareVersions(a: NkiVersion, b: NkiVersion): number {
  return versionOrdinal(a) - versionOrdinal(b);
}
/** Orders two timeline points (versions or releases). */
export function compareRefs(a: VersionRef, b: VersionRef): number {
  return refOrdinal(a) - refOrdinal(b);
}

export function selection(version: NkiVersion, neuronRelease?: NeuronRelease): VersionSelection {
  const rel = neuronRelease ?? defaultRelease(version);
  if (versionOfRelease(rel) !== version) {
    throw new RangeError(`Neuron ${rel} belongs to NKI ${versionOfRelease(rel)}, not ${version}`);
  }
  return Object.freeze({ version, neuronRelease: rel });
}

/** True when the selected release lies inside the half-open range. */
export function inRange(range: VersionRange, sel: VersionSelection | VersionRef): boolean {
  const at = typeof sel === 'string' ? refOrdinal(sel) : releaseIndex.get(sel.neuronRelease)!;
  if (range.since !== undefined && at < refOrdinal(range.since)) return false;
  if (range.until !== undefined && at >= refOrdinal(range.until)) return false;
  return true;
}

/** Human text for a reference: 'NKI 0.4 (Neuron 2.30)' or 'Neuron 2.24 (Beta 1)'. */
export function describeRef(ref: VersionRef): string {
  if (isNkiVersion(ref)) {
    const name = ref === 'beta1' ? 'NKI Beta 1' : `NKI ${ref}`;
    return `${name} (Neuron ${releasesOf(ref)[0]})`;
  }
  const v = versionOfRelease(ref);
  return `Neuron ${ref} (${v === 'beta1' ? 'NKI Beta 1' : `NKI ${v}`})`;
}
export function describeSelection(sel: VersionSelection): string {
  return `${sel.version === 'beta1' ? 'NKI Beta 1' : `NKI ${sel.version}`} (Neuron ${sel.neuronRelease})`;
}

export type ParsedVersion =
  | { readonly ok: true; readonly auto: true }
  | { readonly ok: true; readonly auto: false; readonly selection: VersionSelection }
  | { readonly ok: false; readonly error: string };

/**
 * Parses what a user types in settings or a CLI flag: 'auto', 'beta1'/'beta'/'beta 1', '0.3'/'0.3.0'/'v0.3',
 * a Neuron release '2.24' (selects its generation), or 'beta1@2.24' / '0.2:2.27' (generation + release).
 */
export function parseVersion(input: string): ParsedVersion {
  const s = input.trim().toLowerCase();
  if (s === '' || s === 'auto' || s === 'latest') {
    return s === 'latest' ? { ok: true, auto: false, selection: selection('0.7') } : { ok: true, auto: true };
  }
  const at = s.split(/[@:]/);
  if (at.length === 2) {
    const v = parseGeneration(at[0]);
    const r = parseRelease(at[1]);
    if (!v) return { ok: false, error: `unknown NKI version '${at[0]}'` };
    if (!r) return { ok: false, error: `unknown Neuron release '${at[1]}'` };
    if (versionOfRelease(r) !== v) {
      return { ok: false, error: `Neuron ${r} ships NKI ${versionOfRelease(r)}, not ${v}` };
    }
    return { ok: true, auto: false, selection: selection(v, r) };
  }
  const v = parseGeneration(s);
  if (v) return { ok: true, auto: false, selection: selection(v) };
  const r = parseRelease(s);
  if (r) return { ok: true, auto: false, selection: selection(versionOfRelease(r), r) };
  return {
    ok: false,
    error: `unknown NKI version '${input}' (expected auto, beta1, ${NKI_VERSIONS.slice(1).join(', ')} or a Neuron release 2.20–2.33)`,
  };
}

function parseGeneration(s: string): NkiVersion | undefined {
  const t = s.replace(/\s+/g, '').replace(/^nki/, '').replace(/^v/, '');
  if (t === 'beta1' || t === 'beta' || t === 'b1') return 'beta1';
  if (t === 'beta2') return '0.2';
  const m = /^0\.(\d)(?:\.0)?$/.exec(t);
  if (m && isNkiVersion(`0.${m[1]}`)) return `0.${m[1]}` as NkiVersion;
  return undefined;
}
function parseRelease(s: string): NeuronRelease | undefined {
  const t = s.replace(/^neuron/, '').replace(/^v/, '').trim();
  if (isNeuronRelease(t)) return t;
  const m = /^(2\.\d\d)\.0$/.exec(t);
  if (m && isNeuronRelease(m[1])) return m[1];
  return undefined;
}
