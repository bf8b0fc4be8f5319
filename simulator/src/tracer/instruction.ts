/**
 * The instruction stream: what the tracer records for every NKI call, in program order. It is
 * the contract between the tracer (shape or data mode) and its consumers: the checker's rules,
 * the numerics back end and the performance model. Records are plain data (JSON-serialisable)
 * so they can cross a worker boundary.
 */
import type { Dim } from './indexing';

export type BufferName = 'sbuf' | 'psum' | 'hbm' | 'shared_hbm' | 'private_hbm';
export type EngineName = 'tensor' | 'vector' | 'scalar' | 'gpsimd' | 'sync' | 'dma';

export interface SourceSpan {
  path: string;
  /** 0-based, LSP coordinates. */
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
}

/** One allocation: `nl.ndarray(...)` and friends, or a kernel argument. */
export interface Storage {
  /** Unique within a trace. */
  id: number;
  /** Stable identity of the allocating source location (`path:line:col`), shared by every
   * iteration of a loop that allocates there; the performance model uses it to model the
   * compiler's buffer rotation. */
  site: string;
  name: string;
  buffer: BufferName;
  dtype: string;
  bytesPerElement: number;
  shape: Dim[];
  /** On-chip: partitions used (shape[0]) and bytes per partition (product of free dims x size). */
  partitions?: Dim;
  bytesPerPartition?: Dim;
  /** HBM: total bytes. */
  totalBytes?: Dim;
  /** Kernel input/output, or allocated inside the kernel. */
  origin: 'input' | 'output' | 'local';
  /** A kernel input with no known shape: its rank, dtype and even its buffer are unknown. */
  opaque?: boolean;
  /** Placed by the kernel itself (Beta 1 direct allocation): not the allocator's to fit. */
  explicitlyPlaced?: boolean;
  /** `nl.ndarray(..., address=(partition, byte))`: start partition and byte offset within each
   * partition, when both are known. Tensors at overlapping addresses alias on the device. */
  address?: { partition: number; byte: number };
  /** Beta 1 leading block dims before the partition dim (`nl.par_dim`). */
  blockDims?: number;
  /** A temporary result the compiler never materialises (its producer writes the destination). */
  elided?: boolean;
  span?: SourceSpan;
  /** `nl.shared_constant(array)`: the host array's values (C order) when the tracer knows them,
   * else why not; the numerics fill the tensor with them before the kernel runs. */
  constant?: { values?: number[]; unknown?: string };
}

/** A view of a storage that an instruction reads or writes. */
export interface Access {
  storage: number;
  shape: Dim[];
  dtype: string;
  /** Element strides and offset of the view in the storage (row-major element space). */
  strides: Dim[];
  offset: Dim;
  /** Bytes touched: on-chip per partition x partitions, or HBM total. Unknown in shape mode without shapes. */
  bytes: Dim;
  /** On-chip: [first, last+1) partitions; HBM: undefined. */
  partitionRange?: [number, number];
  /** Inclusive element extent [first, last] of the access within the storage, when known. */
  extent?: [number, number];
  /** Innermost contiguous run in bytes (DMA efficiency depends on it). */
  contiguousBytes?: Dim;
}

/** One term of a Beta 1 `mask=` predicate: `base + Σ coefs[j]·i_j OP 0`, coefficients right-aligned to the iteration shape. */
export interface MaskTermArg { base: number; coefs: number[]; op: string }

export type ArgValue = number | boolean | string | null | ArgValue[] | { unknown: string }
  /** A Beta 1 affine index expression (`nl.arange`, `nl.mgrid` arithmetic), e.g. `iota(expr)`. */
  | { index: { base: number; coefs: number[] } }
  /** A Beta 1 `mask=`/`affine_select` predicate: the conjunction of its terms. */
  | { mask: MaskTermArg[] };

export interface Operand {
  /** Parameter name in the API signature (`dst`, `stationary`, `data1`, ...). */
  param: string;
  role: 'read' | 'write' | 'readwrite';
  access: Access;
}

export interface Frame {
  functionName: string;
  span: SourceSpan;
}

export interface LoopLevel {
  /** Loop variable name(s) as written. */
  variable: string;
  iteration: number | undefined;
  span: SourceSpan;
}

export interface Instruction {
  /** Position in program order, from 0. */
  seq: number;
  /** Qualified API name, e.g. `nki.isa.nc_matmul`, `nki.language.load`. */
  api: string;
  /** Short opcode for display, e.g. `nc_matmul`. */
  opcode: string;
  engine: EngineName;
  operands: Operand[];
  /** Scalar attributes that affect semantics or cost: op names, accumulate flags, dtypes... */
  attrs: Record<string, string | number | boolean | null>;
  /**
   * Every non-tensor argument as bound to the API's parameters, as JSON: numbers, booleans,
   * strings, null, arrays (tuples and lists); ops, enum members and dtypes by name. What the
   * numerics back end needs to execute the instruction (scales, fill values, iota patterns...).
   */
  args?: Record<string, ArgValue>;
  /** Elements processed per partition (free size) and partitions, when known: costs scale with them. */
  partitions?: Dim;
  freeElements?: Dim;
  span: SourceSpan;
  /** Call stack, outermost first, ending at the kernel call site chain (helpers included). */
  stack: Frame[];
  loops: LoopLevel[];
  /** Logical NeuronCore (LNC) index for SPMD launches. */
  core: number;
}
