/**
 * The message protocol between the profile viewer (webview) and its host (the extension).
 * Owned here; the extension imports these types. Every view → host message carries `version`;
 * host → view messages may carry it, and a different version is rejected. Untrusted input is
 * checked by `parseHostMessage`, which never throws and names what was wrong.
 */
import { packedEventsProblem, type PackedProfile } from '../../simulator/src/profile/packedEvents';
import { isProfile, type Profile, type SourceLocation } from '../../simulator/src/profile/schema';
import { qwen3Problem, type Qwen3Speedups } from './qwen3/types';

export const PROTOCOL_VERSION = 1;

export type ExportFormat = 'chrome-trace' | 'profile-json' | 'png';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['chrome-trace', 'profile-json', 'png'];

/**
 * A profile as sent: whole, or `packed` (its events in typed-array columns, packedEvents.ts),
 * which a large profile should be: it is copied as a few buffers instead of millions of objects.
 */
export type ProfilePayload = { profile: Profile } | { packed: PackedProfile };

/** Host → view. */
export type HostToView =
  /**
   * Show a profile (replaces the current one). `restoreKey` is an opaque name the host can reload
   * the profile by; the view keeps it in its saved state so a reloaded window can bring it back.
   */
  | ({ type: 'load'; version?: number; restoreKey?: string } & ProfilePayload)
  /** The "before" profile of the Compare tab. */
  | ({ type: 'loadBaseline'; version?: number; restoreKey?: string } & ProfilePayload)
  /** Show a Qwen3 per-layer speedups report in the Qwen3 tab. */
  | { type: 'loadQwen3'; version?: number; report: Qwen3Speedups }
  /** The restore keys of the loaded profiles, once the host has saved them (see `load`). */
  | { type: 'restoreKeys'; version?: number; profile?: string; baseline?: string }
  /** Highlight the events of these 0-based lines of `path`; an empty `lines` clears. */
  | { type: 'highlightLines'; version?: number; path: string; lines: number[] };

/** View → host. */
export type ViewToHost =
  /** Sent once the view listens; the host may then post `load`. */
  | { type: 'ready'; version: number }
  /** Reveal a source location in the editor (event clicked, recommendation clicked). */
  | { type: 'reveal'; version: number; source: SourceLocation }
  /** Save an export; for 'png' the view attaches the image as a data: URL. */
  | { type: 'export'; version: number; format: ExportFormat; dataUrl?: string }
  /** A host message was rejected; `reason` says why. */
  | { type: 'invalidMessage'; version: number; received: string; reason: string };

export type ParseResult = { ok: true; message: HostToView } | { ok: false; received: string; reason: string };

function describe(value: unknown): string {
  const t = (value as { type?: unknown } | null)?.type;
  return typeof t === 'string' ? t : typeof value;
}

function isLineList(v: unknown): v is number[] {
  return Array.isArray(v) && v.every((n) => Number.isInteger(n) && n >= 0);
}

/** Restore keys name a file in the host's cache: letters, digits, '.', '_' and '-' only. */
export function isRestoreKey(v: unknown): v is string {
  return typeof v === 'string' && /^[\w.-]{1,200}$/.test(v) && !v.startsWith('.');
}

export function parseHostMessage(data: unknown): ParseResult {
  const received = describe(data);
  const fail = (reason: string): ParseResult => ({ ok: false, received, reason });
  if (typeof data !== 'object' || data === null) return fail('message is not an object');
  const m = data as Record<string, unknown>;
  if (m.version !== undefined && m.version !== PROTOCOL_VERSION) {
    return fail(`protocol version ${String(m.version)} is not ${PROTOCOL_VERSION}`);
  }
  switch (m.type) {
    case 'load':
    case 'loadBaseline': {
      let payload: ProfilePayload;
      if (m.packed !== undefined) {
        const p = m.packed as Partial<PackedProfile> | null;
        if (typeof p !== 'object' || p === null || !isProfile(p.shell)) return fail('packed.shell is not an nki-studio.profile/1 document');
        const problem = packedEventsProblem(p.events);
        if (problem) return fail(`packed.events: ${problem}`);
        payload = { packed: { shell: p.shell, events: p.events! } };
      } else {
        if (!isProfile(m.profile)) return fail('profile is not an nki-studio.profile/1 document');
        payload = { profile: m.profile };
      }
      if (m.restoreKey !== undefined && !isRestoreKey(m.restoreKey)) return fail('restoreKey is not a plain file name');
      return { ok: true, message: { type: m.type, ...payload, ...(m.restoreKey === undefined ? {} : { restoreKey: m.restoreKey }) } as HostToView };
    }
    case 'loadQwen3': {
      const problem = qwen3Problem(m.report);
      if (problem) return fail(`report: ${problem}`);
      return { ok: true, message: { type: 'loadQwen3', report: m.report as Qwen3Speedups } };
    }
    case 'restoreKeys':
      for (const k of ['profile', 'baseline'] as const) {
        if (m[k] !== undefined && !isRestoreKey(m[k])) return fail(`${k} is not a plain file name`);
      }
      return { ok: true, message: { type: 'restoreKeys', ...(m.profile !== undefined ? { profile: m.profile as string } : {}), ...(m.baseline !== undefined ? { baseline: m.baseline as string } : {}) } };
    case 'highlightLines':
      if (typeof m.path !== 'string') return fail('path is not a string');
      if (!isLineList(m.lines)) return fail('lines is not a list of 0-based line numbers');
      return { ok: true, message: { type: 'highlightLines', path: m.path, lines: m.lines } };
    default:
      return fail(`unknown message type '${received}'`);
  }
}

export type ViewParseResult = { ok: true; message: ViewToHost } | { ok: false; received: string; reason: string };

function isSource(v: unknown): v is SourceLocation {
  const s = v as Partial<SourceLocation> | null;
  return typeof s === 'object' && s !== null && typeof s.path === 'string' && s.path.length > 0
    && Number.isInteger(s.line) && s.line! >= 0 && (s.character === undefined || (Number.isInteger(s.character) && s.character >= 0));
}

/** PNG exports: a base64 data: URL, at most 64 MiB of text. */
const MAX_DATA_URL_CHARS = 64 * 2 ** 20;

/** The host's check of a view message (the webview is less trusted than the extension). */
export function parseViewMessage(data: unknown): ViewParseResult {
  const received = describe(data);
  const fail = (reason: string): ViewParseResult => ({ ok: false, received, reason });
  if (typeof data !== 'object' || data === null) return fail('message is not an object');
  const m = data as Record<string, unknown>;
  if (m.version !== PROTOCOL_VERSION) return fail(`protocol version ${String(m.version)} is not ${PROTOCOL_VERSION}`);
  switch (m.type) {
    case 'ready':
      return { ok: true, message: toHost.ready() };
    case 'reveal':
      if (!isSource(m.source)) return fail('source is not a {path, line, character} location');
      return { ok: true, message: toHost.reveal({ path: m.source.path, line: m.source.line, character: m.source.character ?? 0 }) };
    case 'export': {
      if (!EXPORT_FORMATS.includes(m.format as ExportFormat)) return fail(`format is not one of ${EXPORT_FORMATS.join(', ')}`);
      const format = m.format as ExportFormat;
      if (format !== 'png') return { ok: true, message: toHost.export(format) };
      if (typeof m.dataUrl !== 'string' || !m.dataUrl.startsWith('data:image/png;base64,') || m.dataUrl.length > MAX_DATA_URL_CHARS) {
        return fail('a PNG export needs a data:image/png;base64 URL');
      }
      return { ok: true, message: toHost.export('png', m.dataUrl) };
    }
    case 'invalidMessage':
      return { ok: true, message: toHost.invalid(String(m.received), String(m.reason)) };
    default:
      return fail(`unknown message type '${received}'`);
  }
}

/**
 * The restore keys in a view's saved state (what `vscode.setState` received), as the host's
 * panel serializer sees it after a reload. Untrusted: anything malformed yields no key.
 */
export function restoreKeysOf(state: unknown): { profile?: string; baseline?: string } {
  const s = state as { restore?: { profile?: unknown; baseline?: unknown } } | null;
  const r = typeof s === 'object' && s !== null && typeof s.restore === 'object' && s.restore !== null ? s.restore : {};
  return { ...(isRestoreKey(r.profile) ? { profile: r.profile } : {}), ...(isRestoreKey(r.baseline) ? { baseline: r.baseline } : {}) };
}

/** Builders so call sites cannot forget the version. */
export const toHost = {
  ready: (): ViewToHost => ({ type: 'ready', version: PROTOCOL_VERSION }),
  reveal: (source: SourceLocation): ViewToHost => ({ type: 'reveal', version: PROTOCOL_VERSION, source }),
  export: (format: ExportFormat, dataUrl?: string): ViewToHost =>
    (dataUrl === undefined ? { type: 'export', version: PROTOCOL_VERSION, format } : { type: 'export', version: PROTOCOL_VERSION, format, dataUrl }),
  invalid: (received: string, reason: string): ViewToHost => ({ type: 'invalidMessage', version: PROTOCOL_VERSION, received, reason }),
};
