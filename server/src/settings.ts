/**
 * The server's settings (`nkiStudio.*`), normalised from untrusted JSON like eslint's `X.from()`:
 * every field falls back to the manifest default instead of trusting the input.
 *
 * Settings arrive two ways: `initializationOptions` (flat: `{ target, nkiVersion }`) and
 * `workspace/didChangeConfiguration` (`{ nkiStudio: { target, diagnostics: { severity } … } }`).
 * Invariant: a `ServerSettings` is immutable; `key` names everything that changes analysis results,
 * so caches keyed by it never serve results computed under other settings.
 */
import { NKI_VERSION_FLAGS, TARGETS, type NkiVersionFlag, type TargetName } from '../../simulator/src/options';
import type { Severity } from '../../simulator/src/check/diagnostic';

export type SeverityOverride = Severity | 'off';
const SEVERITY_OVERRIDES: readonly SeverityOverride[] = ['error', 'warning', 'information', 'hint', 'off'];

export interface ServerSettings {
  readonly target: TargetName;
  readonly nkiVersion: NkiVersionFlag;
  /** Per rule code, e.g. `{ NKI106: 'error', NKI901: 'off' }`. */
  readonly severity: Readonly<Record<string, SeverityOverride>>;
  readonly inlayHintsAllocations: boolean;
  /** Everything that affects analysis results (not presentation-only settings like inlay hints). */
  readonly key: string;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], fallback: T): T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads `a.b` from nested objects or from a flat `'a.b'` key. */
function pick(raw: Record<string, unknown>, path: string): unknown {
  if (path in raw) return raw[path];
  let cur: unknown = raw;
  for (const part of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function severityMap(value: unknown): Record<string, SeverityOverride> {
  const out: Record<string, SeverityOverride> = {};
  if (!isRecord(value)) return out;
  for (const [code, sev] of Object.entries(value)) {
    if (/^NKI\d{3}$/.test(code) && (SEVERITY_OVERRIDES as readonly unknown[]).includes(sev)) out[code] = sev as SeverityOverride;
  }
  return out;
}

function make(fields: Omit<ServerSettings, 'key'>): ServerSettings {
  const severity = Object.entries(fields.severity).sort(([a], [b]) => a.localeCompare(b)).map(([c, s]) => `${c}=${s}`).join(',');
  return Object.freeze({ ...fields, severity: Object.freeze({ ...fields.severity }), key: `${fields.target}|${fields.nkiVersion}|${severity}` });
}

const DEFAULTS: ServerSettings = make({ target: 'trn2', nkiVersion: 'auto', severity: {}, inlayHintsAllocations: true });

export const ServerSettings = {
  defaults: DEFAULTS,

  /** Normalises a settings object; `base` supplies fields the input does not mention. */
  from(value: unknown, base: ServerSettings = DEFAULTS): ServerSettings {
    if (!isRecord(value)) return base;
    const raw = isRecord(value.nkiStudio) ? value.nkiStudio : value;
    const has = (p: string): boolean => pick(raw, p) !== undefined;
    return make({
      target: has('target') ? oneOf(pick(raw, 'target'), TARGETS, DEFAULTS.target) : base.target,
      nkiVersion: has('nkiVersion') ? oneOf(pick(raw, 'nkiVersion'), NKI_VERSION_FLAGS, DEFAULTS.nkiVersion) : base.nkiVersion,
      severity: has('diagnostics.severity') ? severityMap(pick(raw, 'diagnostics.severity')) : base.severity,
      inlayHintsAllocations: has('inlayHints.allocations') ? pick(raw, 'inlayHints.allocations') !== false : base.inlayHintsAllocations,
    });
  },
};
