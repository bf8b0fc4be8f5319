/**
 * NeuronCore engines and what memory each may touch.
 *
 * Purpose: engine identities for the tracer/simulator (timeline rows), the `nisa.engine` enum values,
 * and the access matrix the checker uses for placement rules (GpSimd never touches PSUM, etc.).
 * Invariant: one row per engine; `access` lists each on-chip buffer exactly once per version range,
 * ranges for one buffer do not overlap; HBM access is DMA-only.
 * Source: nki-api.md §2.9 (engine enum), §2.4 and §3.2 B1–B8 (access rules); trainium-perf.md §1.2–§1.7.
 */
import type { Confidence } from './facts';
import type { BufferName } from './buffers';
import type { VersionRange } from './versions';

export const ENGINE_IDS = ['tensor', 'vector', 'scalar', 'gpsimd', 'sync', 'dma'] as const;
export type EngineId = (typeof ENGINE_IDS)[number];

export type AccessMode = 'rw' | 'r' | 'w' | 'none';

export interface BufferAccess {
  readonly buffer: BufferName | 'hbm-any';
  readonly mode: AccessMode;
  readonly range: VersionRange;
  readonly confidence?: Confidence;
  readonly note?: string;
}

export interface EngineSpec {
  readonly id: EngineId;
  /** Hardware/profiler short name. */
  readonly hwName: string;
  readonly displayName: string;
  /** Value in the `nki.isa.engine` enum (0.3+ numbering). */
  readonly isaEnumValue: number;
  readonly access: readonly BufferAccess[];
  readonly doc: string;
  readonly source: string;
}

const S = 'nki-api.md §2.4, §2.9, §3.2 B1–B8';
export const ENGINES: readonly EngineSpec[] = Object.freeze([
  { id: 'tensor', hwName: 'PE', displayName: 'Tensor Engine', isaEnumValue: 1,
    access: [
      { buffer: 'sbuf', mode: 'r', range: {} },
      { buffer: 'psum', mode: 'w', range: {}, note: 'writes with accumulate; matmul/transpose results always land in PSUM' },
      { buffer: 'hbm-any', mode: 'none', range: {} },
    ],
    doc: '128×128 systolic array: matmul and transpose. Reads SBUF, writes PSUM.', source: `${S}; trainium-perf.md §1.3` },
  { id: 'vector', hwName: 'DVE', displayName: 'Vector Engine',
    isaEnumValue: 5,
    access: [{ buffer: 'sbuf', mode: 'rw', range: {} }, { buffer: 'psum', mode: 'rw', range: {} }, { buffer: 'hbm-any', mode: 'none', range: {} }],
    doc: 'Element-wise, reductions, cross-partition moves within 32-partition groups; fp32 arithmetic.', source: S },
  { id: 'scalar', hwName: 'ACT', displayName: 'Scalar Engine', isaEnumValue: 2,
    access: [{ buffer: 'sbuf', mode: 'rw', range: {} }, { buffer: 'psum', mode: 'rw', range: {} }, { buffer: 'hbm-any', mode: 'none', range: {} }],
    doc: 'Activation functions op(data*scale + bias) with optional free-dim reduction.', source: S },
  { id: 'gpsimd', hwName: 'POOL', displayName: 'GpSimd Engine', isaEnumValue: 3,
    access: [{ buffer: 'sbuf', mode: 'rw', range: {} }, { buffer: 'psum', mode: 'none', range: {} }, { buffer: 'hbm-any', mode: 'none', range: {} }],
    doc: '8 programmable cores × 16 partitions: iota, masks, gathers, cross-partition reductions. Cannot access PSUM.', source: `${S} (B5)` },
  { id: 'sync', hwName: 'SP', displayName: 'Sync Engine', isaEnumValue: 6,
    access: [{ buffer: 'sbuf', mode: 'none', range: {} }, { buffer: 'psum', mode: 'none', range: {} }, { buffer: 'hbm-any', mode: 'none', range: {} }],
    doc: 'Sequencer without a datapath; mostly triggers DMAs (hardware DGE queue).', source: 'trainium-perf.md §1.7' },
  { id: 'dma', hwName: 'DMA', displayName: 'DMA', isaEnumValue: 4,
    access: [
      { buffer: 'sbuf', mode: 'rw', range: {} },
      { buffer: 'psum', mode: 'rw', range: { until: '0.3' }, confidence: 'uncertain', note: 'Beta 1 nl.store accepted PSUM (2.26 inserted a copy); direct DMA on PSUM before 0.3 is not described' },
      { buffer: 'psum', mode: 'none', range: { since: '0.3' }, note: 'dma_copy cannot read PSUM; copy to SBUF with tensor_copy first' },
      { buffer: 'hbm-any', mode: 'rw', range: {} },
    ],
    doc: '16 DMA engines per core moving data between HBM and SBUF (with dtype casts via fp32).', source: `${S} (B7); trainium-perf.md §1.6` },
] satisfies readonly EngineSpec[]);

export function engineById(id: string): EngineSpec | undefined {
  return ENGINES.find((e) => e.id === id);
}
