/**
 * The message protocol between the profile viewer (webview) and its host (the extension).
 * Owned here; the extension imports these types. Every view → host message carries `version`;
 * host → view messages may carry it, and a different version is rejected. Untrusted input is
 * checked by `parseHostMessage`, which never throws and names what was wrong.
 */
import { isProfile, type Profile, type SourceLocation } from '../../simulator/src/profile/schema';
import { qwen3Problem, type Qwen3Speedups } from './qwen3/types';

export const PROTOCOL_VERSION = 1;

export type ExportFormat = 'chrome-trace' | 'profile-json' | 'png';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['chrome-trace', 'profile-json', 'png'];

/** Host → view. */
export type HostToView =
  /** Show a profile (replaces the current one). */
  | { type: 'load'; version?: number; profile: Profile }
  /** The "before" profile of the Compare tab. */
  | { type: 'loadBaseline'; version?: number; profile: Profile }
  /** Show a Qwen3 per-layer speedups report in the Qwen3 tab. */
  | { type: 'loadQwen3'; version?: number; report: Qwen3Speedups }
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
    case 'loadBaseline':
      if (!isProfile(m.profile)) return fail('profile is not an nki-studio.profile/1 document');
      return { ok: true, message: { type: m.type, profile: m.profile } };
    case 'loadQwen3': {
      const problem = qwen3Problem(m.report);
      if (problem) return fail(`report: ${problem}`);
      return { ok: true, message: { type: 'loadQwen3', report: m.report as Qwen3Speedups } };
    }
    case 'highlightLines':
      if (typeof m.path !== 'string') return fail('path is not a string');
      if (!isLineList(m.lines)) return fail('lines is not a list of 0-based line numbers');
      return { ok: true, message: { type: 'highlightLines', path: m.path, lines: m.lines } };
    default:
      return fail(`unknown message type '${received}'`);
  }
}

/** Builders so call sites cannot forget the version. */
export const toHost = {
  ready: (): ViewToHost => ({ type: 'ready', version: PROTOCOL_VERSION }),
  reveal: (source: SourceLocation): ViewToHost => ({ type: 'reveal', version: PROTOCOL_VERSION, source }),
  export: (format: ExportFormat, dataUrl?: string): ViewToHost =>
    (dataUrl === undefined ? { type: 'export', version: PROTOCOL_VERSION, format } : { type: 'export', version: PROTOCOL_VERSION, format, dataUrl }),
  invalid: (received: string, reason: string): ViewToHost => ({ type: 'invalidMessage', version: PROTOCOL_VERSION, received, reason }),
};
