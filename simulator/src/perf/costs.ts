/**
 * What one instruction costs on its engine, priced by a hardware table.
 *
 * Purpose: pure functions from an `Instruction` (plus its storages and a `HardwareSpec`) to the
 * engine occupancy in ns, the useful FLOPs and, for DMA, the bytes, descriptors and bandwidth
 * demands the scheduler shares between transfers. The formulas are the documented ones
 * (trainium-perf.md §1.3 TensorE, §1.4 Vector/Scalar/GpSimd, §1.6 DMA); every number comes from
 * the spec. Time-dependent effects (TensorE warm-up, shared bandwidth, dependency hand-off) are
 * applied by the scheduler, not here.
 * Invariant: a cost is either known (finite `durationNs` ≥ 0) or `known: false` with a reason and
 * `durationNs` 0: an unknown shape is reported, never guessed.
 */
import type { Access, BufferName, Instruction, Operand, Storage } from '../tracer/instruction';
import type { HardwareSpec } from './hardware/spec';

export type EngineKind = 'tensor' | 'vector' | 'scalar' | 'gpsimd' | 'sync' | 'dma';

export interface DmaCost {
  bytes: number;
  /** Partitions of the on-chip side (0 for HBM→HBM). */
  partitions: number;
  bytesPerPartition: number;
  /** Contiguous run per descriptor. */
  runBytes: number;
  descriptors: number;
  enginesUsed: number;
  /** Fraction of the per-engine peak the descriptors achieve (run length, transposes). */
  efficiency: number;
  fixedNs: number;
  /** Data time if this transfer had its engines to itself. */
  ownDataNs: number;
  /** Data time if it had all the core's DMA engines (its share of the engine pool). */
  poolNs: number;
  hbmReadBytes: number;
  hbmWriteBytes: number;
  transpose: boolean;
}

export interface InstructionCost {
  engine: EngineKind;
  /** Coarse kind for colouring: matmul, transpose, elementwise, activation, reduce, dma, ... */
  kind: string;
  known: boolean;
  /** Why the cost is unknown (shape not known in this trace), when it is. */
  unknownReason?: string;
  /** Nominal engine occupancy; the scheduler adds warm-up and hand-off effects. */
  durationNs: number;
  /** Useful FLOPs (matmuls only; transposes and elementwise work count 0). */
  flops: number;
  /** Matmul input dtype that sets the peak (for MFU), when this is a matmul. */
  matmulDtype?: string;
  /** Elements per partition and partitions processed (compute engines). */
  elems: number;
  partitions: number;
  /** Part of the duration that is fixed overhead rather than per-element work (MIN_II, starts). */
  overheadNs: number;
  /** VectorE performance mode used (1, 2 or 4). */
  perfMode: number;
  /** Extra time that fp32 matmul passes cost over a 16-bit matmul (recommendations). */
  fp32ExtraNs: number;
  /** Hand-off delay between a producer finishing and this instruction starting. */
  dependentIssueNs: number;
  dma?: DmaCost;
}

/** State of the Tensor Engine instruction stream that changes the next instruction's cost. */
export interface TensorContext {
  /** The previous TensorE instruction was a matmul, so this one's LoadStationary runs in its shadow. */
  prevWasMatmul: boolean;
  prevWasTranspose: boolean;
}

export type StorageLookup = (id: number) => Storage | undefined;
/** The buffer of a storage id (undefined: no such storage); what the cost formulas need of a storage. */
export type BufferLookup = (id: number) => BufferName | undefined;

// ---------------------------------------------------------------------------------------------
// Shape helpers
// ---------------------------------------------------------------------------------------------

function product(dims: readonly (number | undefined)[], from: number): number | undefined {
  let n = 1;
  for (let i = from; i < dims.length; i++) {
    const d = dims[i];
    if (d === undefined) return undefined;
    n *= d;
  }
  return n;
}

/** Free elements per partition of an on-chip access (elements of the whole view for HBM). */
export function freeElemsOf(a: Access, onChip: boolean): number | undefined {
  if (a.shape.length === 0) return 1;
  return onChip ? product(a.shape, 1) : product(a.shape, 0);
}

/**
 * Elements per partition an engine streams for an on-chip access. A view with a known partition
 * range has the partition dim first; one without (Beta 1 leading block dims, [8, 128, 512], or an
 * unknown extent) is divided by the instruction's partitions, so block dims count as free elements.
 */
export function streamedElemsOf(a: Access, partitions: number | undefined): number | undefined {
  if (a.partitionRange !== undefined || partitions === undefined || partitions <= 0) return freeElemsOf(a, true);
  const all = product(a.shape, 0);
  return all === undefined ? undefined : all / partitions;
}

export function partitionsOf(a: Access): number | undefined {
  if (a.partitionRange) return a.partitionRange[1] - a.partitionRange[0];
  return a.shape.length > 0 ? a.shape[0] : 1;
}

export function isOnChip(buffer: BufferName | undefined): boolean {
  return buffer === 'sbuf' || buffer === 'psum';
}
export function isHbm(buffer: BufferName | undefined): boolean {
  return buffer === 'hbm' || buffer === 'shared_hbm' || buffer === 'private_hbm';
}

export function bytesPerElement(dtype: string): number {
  if (dtype.endsWith('_x4') || dtype.endsWith('32')) return 4;
  if (dtype === 'bfloat16' || dtype.endsWith('16')) return 2;
  return 1;
}

function is16Bit(dtype: string): boolean {
  return dtype === 'bfloat16' || dtype === 'float16';
}
function isFp8(dtype: string): boolean {
  return dtype.startsWith('float8') && !dtype.endsWith('_x4');
}

/** Innermost stride of an access in bytes (0 for a broadcast, undefined when unknown). */
function innerStrideBytes(a: Access): number | undefined {
  if (a.strides.length === 0) return bytesPerElement(a.dtype);
  // A trailing dim of size 1 has no stride to speak of: look at the innermost dim that moves.
  for (let i = a.shape.length - 1; i >= 0; i--) {
    if (a.shape[i] === 1 && i > (a.shape.length > 1 ? 1 : 0)) continue;
    const s = a.strides[i];
    return s === undefined ? undefined : Math.abs(s) * bytesPerElement(a.dtype);
  }
  return bytesPerElement(a.dtype);
}

function attrStr(ins: Instruction, key: string): string | undefined {
  const v = ins.attrs[key];
  return typeof v === 'string' ? v : undefined;
}
function attrNum(ins: Instruction, key: string): number | undefined {
  const v = ins.attrs[key];
  return typeof v === 'number' ? v : undefined;
}
function attrBool(ins: Instruction, key: string): boolean {
  return ins.attrs[key] === true;
}

/** Normalises an ALU op attribute (`nl.add`, `add`, `np.add`) to its bare name. */
function opName(ins: Instruction, key: string): string | undefined {
  const v = attrStr(ins, key);
  if (v === undefined) return undefined;
  const dot = v.lastIndexOf('.');
  return dot >= 0 ? v.slice(dot + 1) : v;
}

function unknown(engine: EngineKind, kind: string, reason: string, model: CostModel): InstructionCost {
  return {
    engine, kind, known: false, unknownReason: reason, durationNs: 0, flops: 0, elems: 0, partitions: 0,
    overheadNs: 0, perfMode: 1, fp32ExtraNs: 0, dependentIssueNs: model.dependentIssueNs[engine],
  };
}

// ---------------------------------------------------------------------------------------------
// Derived numbers: the spec flattened once per simulation (hot path reads plain fields)
// ---------------------------------------------------------------------------------------------

export interface CostModel {
  spec: HardwareSpec;
  cycleNs: Record<'tensor' | 'vector' | 'scalar' | 'gpsimd', number>;
  dependentIssueNs: Record<EngineKind, number>;
}

export function costModelFor(spec: HardwareSpec): CostModel {
  const cycleNs = {
    tensor: 1e9 / spec.tensorClockHz.value,
    vector: 1e9 / spec.vectorClockHz.value,
    scalar: 1e9 / spec.scalarClockHz.value,
    gpsimd: 1e9 / spec.gpsimdClockHz.value,
  };
  const dep = spec.computeDependentIssueCycles.value;
  return {
    spec,
    cycleNs,
    dependentIssueNs: {
      tensor: spec.tensorDependentIssueCycles.value * cycleNs.tensor,
      vector: dep * cycleNs.vector,
      scalar: dep * cycleNs.scalar,
      gpsimd: dep * cycleNs.gpsimd,
      // The DMA fixed cost already includes "synchronisation + semaphore-to-start" (§1.6).
      dma: 0,
      sync: 0,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

const DMA_OPCODES = new Set(['load', 'store', 'dma_copy', 'dma_transpose', 'load_transpose2d', 'dma_compute', 'sendrecv']);

export function engineOf(ins: Instruction): EngineKind {
  if (ins.engine === 'dma' || DMA_OPCODES.has(ins.opcode)) return 'dma';
  return ins.engine;
}

export function instructionCost(ins: Instruction, storageOf: StorageLookup, model: CostModel, tensor: TensorContext): InstructionCost {
  return instructionCostOf(ins, (id) => storageOf(id)?.buffer, model, tensor);
}

/** `instructionCost` with a buffer lookup (the scheduler keeps storages' buffers in a typed array). */
export function instructionCostOf(ins: Instruction, bufferOf: BufferLookup, model: CostModel, tensor: TensorContext): InstructionCost {
  const engine = engineOf(ins);
  switch (engine) {
    case 'dma': return dmaCost(ins, bufferOf, model);
    case 'tensor': return tensorCost(ins, bufferOf, model, tensor);
    case 'sync': return {
      engine, kind: 'sync', known: true, durationNs: model.spec.syncInstructionNs.value, flops: 0, elems: 0, partitions: 0,
      overheadNs: model.spec.syncInstructionNs.value, perfMode: 1, fp32ExtraNs: 0, dependentIssueNs: 0,
    };
    default: return elementwiseCost(ins, engine, bufferOf, model);
  }
}

// ---------------------------------------------------------------------------------------------
// Tensor Engine (§1.3)
// ---------------------------------------------------------------------------------------------

function operand(ins: Instruction, param: string) {
  return ins.operands.find((o) => o.param === param);
}
function reads(ins: Instruction) {
  return ins.operands.filter((o) => o.role !== 'write');
}

export function tensorCost(ins: Instruction, bufferOf: BufferLookup, model: CostModel, ctx: TensorContext): InstructionCost {
  const s = model.spec;
  const isTransposeOp = ins.opcode === 'nc_transpose' || ins.opcode === 'transpose';
  if (isTransposeOp) {
    // Transpose on TensorE: ~max(P, min(64, F)) cycles back to back (ISA-cost).
    const data = operand(ins, 'data') ?? reads(ins)[0];
    if (!data) return unknown('tensor', 'transpose', 'transpose without an input operand', model);
    const p = partitionsOf(data.access);
    const f = freeElemsOf(data.access, true);
    if (p === undefined || f === undefined) return unknown('tensor', 'transpose', 'transpose input shape unknown', model);
    const passes = data.access.dtype === 'float32' ? s.tensorTransposeFp32PassFactor.value : 1;
    let cycles = Math.max(p, Math.min(s.tensorMatmulMinCycles.value, f)) * passes;
    if (ctx.prevWasTranspose) cycles /= s.tensorBackgroundTransposeSpeedup.value;
    return {
      engine: 'tensor', kind: 'transpose', known: true, durationNs: cycles * model.cycleNs.tensor, flops: 0,
      elems: f, partitions: p, overheadNs: 0, perfMode: 1, fp32ExtraNs: 0, dependentIssueNs: model.dependentIssueNs.tensor,
    };
  }

  // Stationary and moving by parameter name (nisa: stationary/moving; nl.matmul: x/y), else the
  // first two inputs in order.
  let stationary: Operand | undefined;
  let moving: Operand | undefined;
  let first: Operand | undefined;
  let second: Operand | undefined;
  for (const o of ins.operands) {
    if (o.role === 'write' || o.param === 'dst') continue;
    if (o.param === 'stationary' || o.param === 'x') stationary = o;
    else if (o.param === 'moving' || o.param === 'y') moving = o;
    else if (!first) first = o;
    else if (!second) second = o;
  }
  stationary ??= first;
  moving ??= stationary === first ? second : first;
  if (!stationary || !moving) return unknown('tensor', 'matmul', 'matmul without stationary and moving operands', model);
  const kParts = partitionsOf(moving.access);
  let m = freeElemsOf(stationary.access, true);
  let n = freeElemsOf(moving.access, true);
  if (kParts === undefined || m === undefined || n === undefined) return unknown('tensor', 'matmul', 'matmul operand shapes unknown', model);

  const isMx = ins.opcode === 'nc_matmul_mx';
  const doubleRow = attrStr(ins, 'perf_mode')?.endsWith('double_row') === true && s.tensorFp8DoubleRowSpeedup.value > 1;
  const isTranspose = attrBool(ins, 'is_transpose');
  let k = kParts;
  if (doubleRow) { k *= 2; m /= 2; n /= 2; } // [K, 2, M] / [K, 2, N]: the 2 is contracted (§1.3)
  if (isMx) k *= 4; // x4-packed data: four contraction values per element (K=512 per instruction)

  const fp32 = stationary.access.dtype === 'float32' || moving.access.dtype === 'float32';
  let passes = 1;
  if (fp32) passes = isTranspose ? s.tensorTransposeFp32PassFactor.value : s.tensorFp32PassFactor.value;
  // is_*_onezero: "up to 2x faster when the fp32 operand contains only 0/1" (ISA-cost).
  if (fp32 && (attrBool(ins, 'is_stationary_onezero') || attrBool(ins, 'is_moving_onezero'))) passes = Math.max(1, passes / 2);

  const minCycles = s.tensorMatmulMinCycles.value;
  const mmCycles = Math.max(n, minCycles);
  const lsCycles = Math.max(m, minCycles) / s.tensorLoadStationarySpeedup.value;
  // Background LoadStationary: hidden behind the previous matmul's MultiplyMoving (§1.3).
  const cycles1 = ctx.prevWasMatmul ? Math.max(mmCycles, lsCycles) : mmCycles + lsCycles;
  const cycles = cycles1 * passes;
  const durationNs = cycles * model.cycleNs.tensor;
  const flops = isTranspose ? 0 : 2 * k * m * n;
  const dtype = isMx ? moving.access.dtype : (fp32 ? 'float32' : (isFp8(moving.access.dtype) && doubleRow ? moving.access.dtype : 'bfloat16'));
  return {
    engine: 'tensor', kind: isTranspose ? 'transpose' : 'matmul', known: true, durationNs, flops,
    matmulDtype: isTranspose ? undefined : dtype,
    elems: n, partitions: kParts,
    overheadNs: Math.max(0, cycles1 - n) * passes * model.cycleNs.tensor,
    perfMode: 1, fp32ExtraNs: fp32 ? cycles1 * (passes - 1) * model.cycleNs.tensor : 0,
    dependentIssueNs: model.dependentIssueNs.tensor,
  };
}

// ---------------------------------------------------------------------------------------------
// Vector / Scalar / GpSimd (§1.4)
// ---------------------------------------------------------------------------------------------

/** Per-element rule: cycles = max(MIN_II, perElem · N / mode) + extra (unless noMin). */
interface ElemRule { perElem: number; extra: number; noMin?: boolean; kind: string; modeEligible?: 'copy' | 'tt' }

const UNARY = new Set(['tensor_scalar', 'tensor_copy', 'copy', 'activation', 'nc_stream_shuffle', 'range_select', 'dropout',
  'select_reduce', 'tensor_scalar_cumulative', 'nc_match_replace8', 'activate2']);
const REDUCE = new Set(['tensor_reduce', 'sum', 'max', 'min', 'mean', 'prod', 'all', 'var']);
const BF16_FAST_TT = new Set(['add', 'multiply', 'subtract', 'mul', 'sub']);

function elementRule(ins: Instruction, engine: EngineKind, bufferOf: BufferLookup, tensorReads: Access[], model: CostModel): ElemRule {
  const op = ins.opcode;
  const s = model.spec;
  const all16 = ins.operands.every((o) => is16Bit(o.access.dtype));
  const bufs = tensorReads.map((a) => bufferOf(a.storage));
  switch (op) {
    case 'tensor_tensor': {
      const onePsum = bufs.length === 2 && (bufs[0] === 'psum') !== (bufs[1] === 'psum');
      const fastBf16 = bufs.every((b) => b === 'sbuf') && all16 && BF16_FAST_TT.has(opName(ins, 'op') ?? '');
      return { perElem: onePsum || fastBf16 ? 1 : 2, extra: 0, kind: 'elementwise', modeEligible: 'tt' };
    }
    case 'scalar_tensor_tensor': {
      const fast = all16 && opName(ins, 'op0') === 'subtract' && opName(ins, 'op1') === 'multiply';
      return { perElem: fast ? 1 : 2, extra: 0, kind: 'elementwise' };
    }
    case 'tensor_scalar_reduce':
    case 'activation_reduce':
      return { perElem: 1, extra: s.computeMinCycles.value, kind: 'reduce' };
    case 'bn_stats': return { perElem: 1, extra: 0, kind: 'reduce' };
    case 'bn_aggr': return { perElem: 13 / 3, extra: 0, kind: 'reduce' };
    case 'reciprocal': return { perElem: engine === 'vector' ? 8 : 1, extra: 0, kind: 'elementwise' };
    case 'memset': {
      const v = ins.attrs.value;
      const zero16 = (v === 0 || v === '0' || v === '0.0') && all16;
      return { perElem: zero16 ? 0.5 : 1, extra: 0, kind: 'memset' };
    }
    case 'tensor_copy_predicated': {
      const pred = ins.operands.find((o) => o.param === 'predicate');
      const src = ins.operands.find((o) => o.param === 'src');
      const same = pred && src && bufferOf(pred.access.storage) === 'sbuf' && bufferOf(src.access.storage) === 'sbuf';
      return { perElem: same ? 2 : 1, extra: 0, kind: 'elementwise' };
    }
    case 'tensor_tensor_scan': return { perElem: 2, extra: 0, kind: 'elementwise' };
    case 'max8':
    case 'nc_find_index8': return { perElem: 1, extra: 0, noMin: true, kind: 'reduce' };
    case 'nc_transpose':
    case 'transpose': return { perElem: 1, extra: 0, kind: 'transpose' };
    case 'iota':
    case 'affine_select': return { perElem: 1, extra: 0, kind: 'elementwise' };
    default: break;
  }
  if (REDUCE.has(op)) {
    const rop = opName(ins, 'op') ?? op;
    const fast = all16 && (rop === 'add' || rop === 'max' || rop === 'maximum' || rop === 'sum');
    return { perElem: fast ? 0.5 : 1, extra: 0, kind: 'reduce' };
  }
  if (op === 'activation' || engine === 'scalar') {
    const hasReduce = ins.operands.some((o) => o.param === 'reduce_res') || (ins.attrs.reduce_op !== undefined && ins.attrs.reduce_op !== null);
    return { perElem: 1, extra: hasReduce ? s.scalarAccumulatorReadCycles.value : 0, kind: 'activation', modeEligible: 'copy' };
  }
  if (op === 'tensor_scalar' || op === 'tensor_copy' || op === 'copy') return { perElem: 1, extra: 0, kind: 'elementwise', modeEligible: 'copy' };
  if (UNARY.has(op)) return { perElem: 1, extra: 0, kind: 'elementwise' };
  // Anything else: the general rule, one input ≈ N cycles, two inputs ≈ 2N (§1.4).
  return { perElem: tensorReads.length >= 2 ? 2 : 1, extra: 0, kind: 'elementwise', modeEligible: tensorReads.length >= 2 ? 'tt' : 'copy' };
}

/** VectorE (NC-v3+) / ScalarE (NC-v4) automatic 16-bit performance modes (§1.4). */
function perfModeOf(ins: Instruction, engine: EngineKind, rule: ElemRule, bufferOf: BufferLookup, model: CostModel): number {
  const s = model.spec;
  const is16 = (d: string) => is16Bit(d) || (s.target === 'trn3' && isFp8(d));
  if (!ins.operands.every((o) => is16(o.access.dtype))) return 1;
  const bufs = ins.operands.map((o) => bufferOf(o.access.storage));
  if (engine === 'scalar') {
    const op = ins.opcode;
    return (op === 'tensor_scalar' || op === 'tensor_copy') ? s.scalarBf16ModeSpeedup.value : 1;
  }
  if (engine !== 'vector' || s.vectorPerfModeMaxSpeedup.value <= 1 || !rule.modeEligible) return 1;
  if (ins.opcode === 'activation') return 1;
  if (rule.modeEligible === 'tt') {
    const inputs = ins.operands.filter((o) => o.role !== 'write');
    return inputs.every((o) => bufferOf(o.access.storage) === 'sbuf') ? Math.min(2, s.vectorPerfModeMaxSpeedup.value) : 1;
  }
  const allSbuf = bufs.every((b) => b === 'sbuf');
  const contiguous = ins.operands.every((o) => innerStrideBytes(o.access) === bytesPerElement(o.access.dtype));
  return allSbuf && contiguous ? s.vectorPerfModeMaxSpeedup.value : Math.min(2, s.vectorPerfModeMaxSpeedup.value);
}

export function elementwiseCost(ins: Instruction, engine: EngineKind, bufferOf: BufferLookup, model: CostModel): InstructionCost {
  const s = model.spec;
  const cycleNs = engine === 'vector' ? model.cycleNs.vector : engine === 'scalar' ? model.cycleNs.scalar : model.cycleNs.gpsimd;
  const onChipOps = ins.operands.filter((o) => isOnChip(bufferOf(o.access.storage)) || bufferOf(o.access.storage) === undefined);
  const tensorReads = onChipOps.filter((o) => o.role !== 'write' && o.param !== 'reduce_res').map((o) => o.access)
    // (P,1) scalar-vector operands (bias, scale, operand0) are not streamed inputs
    .filter((a) => (freeElemsOf(a, true) ?? 2) > 1 || onChipOps.length <= 2);
  // N is the free size the engine streams: the largest operand, not the destination alone (the
  // tracer sizes an instruction by its output, so a reduction [P, 512] -> [P, 1] would otherwise
  // be priced as one element: §1.4 prices tensor_reduce, bn_stats, max8 by their input N).
  let n: number | undefined = ins.freeElements;
  let p: number | undefined = ins.partitions;
  let best: Access | undefined;
  let bestN = -1;
  let allKnown = true;
  for (const o of onChipOps) {
    const f = streamedElemsOf(o.access, p);
    if (f === undefined) { allKnown = false; continue; }
    if (f > bestN) { bestN = f; best = o.access; }
  }
  if (best !== undefined && (n === undefined ? allKnown : bestN > n)) n = bestN;
  if (p === undefined && best !== undefined) p = partitionsOf(best);
  const rule = elementRule(ins, engine, bufferOf, tensorReads, model);
  if (n === undefined) return unknown(engine, rule.kind, `${ins.opcode}: free size unknown`, model);
  const parts = p ?? s.partitions.value;

  // Special cost formulas that are not "per element" (§1.4).
  let cycles: number | undefined;
  let overheadCycles = 0;
  const minII = s.computeMinCycles.value;
  if (ins.opcode === 'exponential' && engine === 'vector' && s.vectorExpSpeedupOverScalar.value > 0) {
    // exp at 4x ScalarE exp throughput: N ScalarE cycles / 4, expressed in VectorE cycles.
    const ns = (n * model.cycleNs.scalar) / s.vectorExpSpeedupOverScalar.value;
    cycles = Math.max(minII, ns / cycleNs);
    overheadCycles = cycles - ns / cycleNs;
  } else if (ins.opcode === 'tensor_copy_dynamic_src' || ins.opcode === 'tensor_copy_dynamic_dst') {
    cycles = Math.max(s.vectorDynamicCopyMinCycles.value, n);
    overheadCycles = cycles - n;
  } else if (ins.opcode === 'topk') {
    const nIn = attrNum(ins, 'n') ?? n;
    const k = freeElemsOf(ins.operands.find((o) => o.role === 'write')?.access ?? ins.operands[0].access, true) ?? 0;
    cycles = 4 * nIn + k;
  } else if (ins.opcode === 'local_gather') {
    const e = attrNum(ins, 'num_elem_per_idx') ?? 1;
    const idx = ins.operands.find((o) => o.param === 'index');
    const nValid = attrNum(ins, 'num_valid_indices') ?? (idx ? freeElemsOf(idx.access, true) ?? n : n);
    const t = 4;
    const src = ins.operands.find((o) => o.param === 'src_buffer');
    const bytes = bytesPerElement(src?.access.dtype ?? 'float32');
    const c = ((28 + t * e) / (t * e)) / Math.min(4 / bytes, e);
    cycles = s.gpsimdStartCycles.value + (nValid * e) / c;
    overheadCycles = s.gpsimdStartCycles.value;
  }

  let perfMode = 1;
  if (cycles === undefined) {
    perfMode = perfModeOf(ins, engine, rule, bufferOf, model);
    let work = (rule.perElem * n) / perfMode;
    // Innermost stride > 16 B halves the access bandwidth (§1.4).
    const strided = onChipOps.some((o) => {
      const st = innerStrideBytes(o.access);
      return st !== undefined && st > s.computeStridePenaltyThresholdBytes.value;
    });
    if (strided) work *= s.computeStridePenaltyFactor.value;
    if (engine === 'gpsimd') {
      cycles = s.gpsimdStartCycles.value + work + rule.extra;
      overheadCycles = s.gpsimdStartCycles.value + rule.extra;
    } else {
      const body = rule.noMin ? work : Math.max(minII, work);
      cycles = body + rule.extra;
      overheadCycles = body - work + rule.extra;
    }
  }
  return {
    engine, kind: rule.kind, known: true, durationNs: cycles * cycleNs, flops: 0, elems: n, partitions: parts,
    overheadNs: overheadCycles * cycleNs, perfMode, fp32ExtraNs: 0, dependentIssueNs: model.dependentIssueNs[engine],
  };
}

// ---------------------------------------------------------------------------------------------
// DMA (§1.6)
// ---------------------------------------------------------------------------------------------

/** Fraction of the per-engine peak a descriptor of `runBytes` achieves: run / (run + overhead). */
export function dmaRunEfficiency(runBytes: number, spec: HardwareSpec): number {
  return runBytes / (runBytes + spec.dmaDescriptorOverheadBytes.value);
}

export function dmaCost(ins: Instruction, bufferOf: BufferLookup, model: CostModel): InstructionCost {
  const s = model.spec;
  // One pass over the operands: destination, payload sources, HBM bytes, the on-chip side, the run.
  let dst: Access | undefined;
  let dstBuf: BufferName | undefined;
  let sources = 0;
  let bytes = 0;
  let hbmRead = 0;
  let onChip: Access | undefined;
  let run = Infinity;
  let fromHbm = false;
  for (const o of ins.operands) {
    const a = o.access;
    // index / offset tensors of indirect DMAs are not payload
    if (o.param === 'indices' || o.param === 'index' || o.param === 'vector_offset') continue;
    const buf = bufferOf(a.storage);
    if (a.bytes === undefined) return unknown('dma', 'dma', `${ins.opcode}: transfer size unknown`, model);
    if (o.role === 'write' || (o.role === 'readwrite' && dst === undefined)) {
      if (dst === undefined) { dst = a; dstBuf = buf; }
    } else {
      sources++;
      if (isHbm(buf)) { hbmRead += a.bytes; fromHbm = true; }
    }
    if (a.bytes > bytes) bytes = a.bytes;
    if (onChip === undefined && isOnChip(buf)) onChip = a;
    const c = a.contiguousBytes;
    if (c !== undefined && c > 0 && c < run) run = c;
  }
  if (!dst || sources === 0) return unknown('dma', 'dma', `${ins.opcode}: no source or destination`, model);
  const hbmWrite = isHbm(dstBuf) ? (dst.bytes ?? bytes) : 0;

  // The on-chip side sets the partition count (one descriptor list entry per partition at least).
  const parts = onChip ? partitionsOf(onChip) : 0;
  if (parts === undefined) return unknown('dma', 'dma', `${ins.opcode}: partition count unknown`, model);
  const bpp = parts > 0 ? bytes / parts : bytes;
  run = Math.max(1, Math.min(run, bpp));
  const transpose = ins.opcode === 'dma_transpose' || ins.opcode === 'load_transpose2d';
  let efficiency = dmaRunEfficiency(run, s);
  if (transpose) efficiency *= fromHbm ? s.dmaTransposeEfficiencyFromHbm.value : s.dmaTransposeEfficiencyFromSbuf.value;
  const enginesTotal = s.dmaEnginesPerCore.value;
  const enginesUsed = parts > 0
    ? Math.min(enginesTotal, Math.max(1, Math.ceil(parts / s.dmaPartitionsPerEngine.value)))
    : Math.min(enginesTotal, Math.max(1, Math.ceil(bytes / s.dmaHbmToHbmChunkBytes.value)));
  const engineBytesPerNs = s.dmaEngineBytesPerSecond.value / 1e9;
  const ownDataNs = bytes / (enginesUsed * engineBytesPerNs * efficiency);
  const poolNs = bytes / (enginesTotal * engineBytesPerNs * efficiency);
  const fixedNs = s.dmaFixedLatencyNs.value;
  return {
    engine: 'dma', kind: transpose ? 'dma-transpose' : 'dma', known: true, durationNs: fixedNs + ownDataNs, flops: 0,
    elems: bpp, partitions: parts, overheadNs: fixedNs, perfMode: 1, fp32ExtraNs: 0, dependentIssueNs: 0,
    dma: {
      bytes, partitions: parts, bytesPerPartition: bpp, runBytes: run, descriptors: Math.ceil(bytes / run), enginesUsed,
      efficiency, fixedNs, ownDataNs, poolNs, hbmReadBytes: hbmRead, hbmWriteBytes: hbmWrite, transpose,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// TensorE warm-up (dI/dt throttling, §1.3): a time-dependent modifier the scheduler applies
// ---------------------------------------------------------------------------------------------

/**
 * Wall time to do `workNs` of full-speed TensorE work starting `tau0Ns` into a throttling ramp
 * where throughput rises linearly from `startFraction` to 1 over `rampNs`.
 * Throughput f(τ) = a + (1-a)·τ/R for τ < R, 1 after; work done = ∫ f dτ.
 */
export function throttledDurationNs(workNs: number, tau0Ns: number, rampNs: number, startFraction: number): number {
  if (rampNs <= 0 || tau0Ns >= rampNs || workNs <= 0) return workNs;
  const a = startFraction;
  const b = (1 - a) / rampNs; // f(τ) = a + b·τ
  const workUntil = (tau: number) => a * tau + (b * tau * tau) / 2; // ∫0^τ f
  const base = workUntil(tau0Ns);
  const rampWork = workUntil(rampNs) - base;
  if (workNs >= rampWork) return rampNs - tau0Ns + (workNs - rampWork);
  // Solve b/2·τ² + a·τ − (base + work) = 0 for τ.
  const c = base + workNs;
  const tau = (-a + Math.sqrt(a * a + 2 * b * c)) / b;
  return tau - tau0Ns;
}
