/**
 * The profile format written by the performance model and read by the viewer, the CLI, the
 * Qwen3 view and tests. Versioned by `schema`. Units are stated once: times in nanoseconds,
 * sizes in bytes, rates per second. Every event carries its source location.
 */

export const PROFILE_SCHEMA = 'nki-studio.profile/1';

export type TargetName = 'trn1' | 'trn2' | 'trn3';

/** Rows of the timeline: the five compute/sequencer engines and each DMA queue (`dma0`...). */
export type TrackId = 'tensor' | 'vector' | 'scalar' | 'gpsimd' | 'sync' | `dma${number}`;

export interface SourceLocation {
  path: string;
  /** 0-based line and character. */
  line: number;
  character: number;
}

export interface EventOperand {
  param: string;
  role: 'read' | 'write' | 'readwrite';
  buffer: 'sbuf' | 'psum' | 'hbm' | 'shared_hbm' | 'private_hbm';
  dtype: string;
  shape: Array<number | null>;
  bytes: number | null;
  name: string;
}

export interface ProfileEvent {
  /** Index into `events`; dependency edges refer to it. */
  id: number;
  track: TrackId;
  startNs: number;
  durNs: number;
  opcode: string;
  /** Coarse kind for colouring: matmul, transpose, elementwise, activation, reduce, dma, ... */
  kind: string;
  operands: EventOperand[];
  source: SourceLocation;
  /** Outermost first; the last frame is the instruction's own line. */
  stack: SourceLocation[];
  /** Loop iteration indices, outermost first, e.g. [{variable: 'k', iteration: 3}]. */
  loops: Array<{ variable: string; iteration: number | null }>;
  /** Ids of the events this one waited for (RAW, WAR, WAW through memory). */
  deps: number[];
  /** Time spent waiting for dependencies after the engine was free. */
  stallNs: number;
  core: number;
}

export interface EngineSummary {
  track: TrackId;
  busyNs: number;
  /** busyNs / totalNs. */
  utilisation: number;
  instructions: number;
  /** Logical-core index when more than one core ran (LNC=2); absent for a single core 0. */
  core?: number;
}

export interface Recommendation {
  /** Higher first. Estimated share of total time it could save, 0..1. */
  impact: number;
  message: string;
  source?: SourceLocation;
}

export interface ProfileSummary {
  totalNs: number;
  engines: EngineSummary[];
  flops: number;
  /** Bytes moved per memory level. */
  bytes: { hbmRead: number; hbmWrite: number; sbuf: number; psum: number };
  /** Achieved FLOP/s over the target's peak for the dominant dtype. */
  mfu: number;
  peakFlopsPerSecond: number;
  hbmBytesPerSecond: number;
  /** FLOPs per HBM byte. */
  arithmeticIntensity: number;
  roofline: {
    bound: 'compute' | 'memory';
    /** Lowest possible latency for this work on this target. */
    attainableNs: number;
    /** totalNs / attainableNs. */
    slowdown: number;
  };
  bottleneck: { kind: string; message: string };
  recommendations: Recommendation[];
}

export interface MemorySample {
  tNs: number;
  /** Bytes per partition in use. */
  bytesPerPartition: number;
}

export interface AllocationRecord {
  name: string;
  buffer: 'sbuf' | 'psum';
  bytesPerPartition: number;
  startNs: number;
  endNs: number;
  source: SourceLocation;
}

export interface LineTotal {
  path: string;
  line: number;
  timeNs: number;
  instructions: number;
  bytes: number;
}

export interface Profile {
  schema: typeof PROFILE_SCHEMA;
  generator: string;
  target: TargetName;
  kernel: string;
  /** Kernel inputs as simulated: name, dtype and shape. */
  inputs: Array<{ name: string; dtype: string; shape: number[] }>;
  /** Timing-only runs computed no values. */
  mode: 'timing-only' | 'data';
  summary: ProfileSummary;
  events: ProfileEvent[];
  memory: {
    sbuf: MemorySample[];
    psum: MemorySample[];
    capacity: { sbufBytesPerPartition: number; psumBytesPerPartition: number };
    allocations: AllocationRecord[];
  };
  lines: LineTotal[];
  /** Diagnostics found while tracing; they never block a run. */
  diagnostics: Array<{ code: string; severity: string; message: string; source: SourceLocation }>;
}

export function isProfile(value: unknown): value is Profile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Profile>;
  return v.schema === PROFILE_SCHEMA && typeof v.kernel === 'string' && Array.isArray(v.events)
    && typeof v.summary === 'object' && v.summary !== null && typeof v.summary.totalNs === 'number';
}
