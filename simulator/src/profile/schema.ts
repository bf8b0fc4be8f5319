/**
 * The profile format written by the simulator and read by the viewer, the CLI and tests.
 * Versioned by `schema`; times are in nanoseconds throughout.
 */

export const PROFILE_SCHEMA = 'nki-studio.profile/1';

export type EngineName = 'tensor' | 'vector' | 'scalar' | 'gpsimd' | 'sync' | `dma${number}`;

export interface SourceLocation {
  path: string;
  /** 0-based line. */
  line: number;
  character: number;
}

export interface ProfileEvent {
  engine: EngineName;
  startNs: number;
  durNs: number;
  opcode: string;
  source?: SourceLocation;
}

export interface Profile {
  schema: typeof PROFILE_SCHEMA;
  target: 'trn1' | 'trn2' | 'trn3';
  kernel: string;
  summary: { totalNs: number };
  events: ProfileEvent[];
}

export function isProfile(value: unknown): value is Profile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Profile>;
  return v.schema === PROFILE_SCHEMA && typeof v.kernel === 'string' && Array.isArray(v.events)
    && typeof v.summary === 'object' && v.summary !== null && typeof v.summary.totalNs === 'number';
}
