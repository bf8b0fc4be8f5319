/**
 * The scheduler: when each instruction of one or more NeuronCores runs.
 *
 * Purpose: a deterministic discrete-event model. Each engine (Tensor, Vector, Scalar, GpSimd,
 * Sync) of each core issues its instructions in program order; DMA transfers go to in-order DMA
 * queues. An instruction starts when its engine (or queue) is free AND every instruction it
 * depends on (RAW/WAR/WAW through memory, `deps.ts`) has finished plus the hand-off delay, AND
 * the shared ports it needs are free. Because every engine is in order and every dependency
 * points backwards in program order, visiting instructions in program order and computing
 * `start = max(engine free, dependencies ready)` is exactly the event-driven simulation, in O(1)
 * per instruction (no heap needed). Shared resources used by several streams whose times
 * interleave (HBM bandwidth, the DMA engine pool, PSUM banks, the NC-v2 shared SBUF/PSUM ports)
 * are `Calendar`s with first-fit, so a later-visited instruction can use an earlier gap.
 *
 * DMA queue policy: a transfer goes to the queue on which it can start earliest (ties: lowest
 * queue number) among `dmaQueuesModelled` queues per core, like a compiler spreading transfers
 * over its IO queues; within a queue transfers run in order. A transfer occupies its queue for
 * the fixed cost plus its data phase; the data phase needs its share of the core's DMA engine
 * pool and, if it touches HBM, of the HBM stack's bandwidth (shared by the cores of an LNC pair):
 * it takes that work from the free time of those links from its start on, split across gaps if
 * need be (transfers interleave at packet granularity), earlier-visited transfers first.
 *
 * TensorE warm-up (Trn2/Trn3 dI/dt throttling): after an idle gap of `tensorWarmupIdleResetNs`
 * (and at the first instruction) throughput restarts at `tensorWarmupStartFraction` and ramps
 * linearly to full over `tensorWarmupRampNs` of wall time.
 *
 * Invariant: start ≥ every dependency's end; intervals on one track never overlap; the result
 * depends only on the input (no randomness, no wall clock).
 */
import type { Instruction, Storage } from '../tracer/instruction';
import { Calendar } from './calendar';
import { CostTable } from './costTable';
import { CostMemo } from './costMemo';
import { SourceIndex } from './sources';
import { costModelFor, engineOf, instructionCostOf, throttledDurationNs, type EngineKind, type TensorContext } from './costs';
import { DEFAULT_ROTATION, DependencyTracker, type RotationPolicy } from './deps';
import { hbmBytesPerSecondPerCore, type HardwareSpec } from './hardware/spec';

export interface ScheduleOptions {
  rotation?: Partial<RotationPolicy>;
  /** Model the Trn2/Trn3 TensorE warm-up ramp (default true). */
  tensorWarmup?: boolean;
  /** Override the number of DMA queues per core. */
  dmaQueues?: number;
}

/** Track numbering within a core: engines first, then DMA queues. */
export const ENGINE_TRACKS = ['tensor', 'vector', 'scalar', 'gpsimd', 'sync'] as const;
export const DMA_TRACK_BASE = ENGINE_TRACKS.length;

export function trackName(track: number): string {
  return track < DMA_TRACK_BASE ? ENGINE_TRACKS[track] : `dma${track - DMA_TRACK_BASE}`;
}

// Local copies of deps.ts constants: in the unbundled build every imported binding read is a getter call.
const DEP_RAW = 0; // deps.DEP_RAW
const BUF_SBUF = 0; // deps.BUF_SBUF
const BUF_PSUM = 1; // deps.BUF_PSUM

const ENGINE_KINDS: readonly EngineKind[] = ['tensor', 'vector', 'scalar', 'gpsimd', 'sync', 'dma'];

function engineCode(e: EngineKind): number {
  switch (e) {
    case 'tensor': return 0;
    case 'vector': return 1;
    case 'scalar': return 2;
    case 'gpsimd': return 3;
    case 'sync': return 4;
    default: return 5;
  }
}

export interface Schedule {
  count: number;
  start: Float64Array;
  end: Float64Array;
  /** Time between the track becoming free and the instruction starting (dependencies, ports). */
  stall: Float64Array;
  /** Part of the stall spent waiting for a shared port or bandwidth after dependencies were met. */
  portWait: Float64Array;
  /** Extra time the TensorE warm-up ramp added. */
  throttle: Float64Array;
  track: Int32Array;
  core: Int32Array;
  /** The dependency whose completion set the start time (-1: engine-bound or no dependency). */
  gate: Int32Array;
  /** CSR dependency lists: deps of i are depList[depStart[i] .. depStart[i+1]). */
  depStart: Int32Array;
  depList: Int32Array;
  depKind: Uint8Array;
  costs: CostTable;
  /** Location and line ids of the instructions. */
  sources: SourceIndex;
  /** CSR list of the storage ids each instruction's operands touch, in operand order. */
  touchStart: Int32Array;
  touchStorage: Int32Array;
  /** Bytes of all operand accesses to SBUF and to PSUM (summed in program and operand order). */
  sbufBytes: number;
  psumBytes: number;
  /** By storage id: buffer code (`deps.BUFFER_NAMES`, -1 unknown) and declared bytes per partition (0 if none). */
  storageBuf: Int8Array;
  storageBpp: Float64Array;
  cores: number[];
  dmaQueues: number;
  totalNs: number;
}

interface CoreState {
  free: Float64Array;
  tensor: TensorContext;
  tensorLastEnd: number;
  rampStart: number;
  tensorSeen: boolean;
  dmaPool: Calendar;
  hbm: Calendar;
  hbmBytesPerNs: number;
  sbufVG: Calendar;
  psumVS: Calendar;
  psumBank: Calendar[];
}

export function schedule(instructions: readonly Instruction[], storages: readonly Storage[], spec: HardwareSpec, options: ScheduleOptions = {}): Schedule {
  const n = instructions.length;
  const model = costModelFor(spec);
  const rotation: RotationPolicy = { ...DEFAULT_ROTATION, ...options.rotation };
  const warmup = options.tensorWarmup !== false && spec.tensorWarmupRampNs.value > 0;
  const queues = Math.max(1, options.dmaQueues ?? spec.dmaQueuesModelled.value);
  const tracksPerCore = DMA_TRACK_BASE + queues;

  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const stall = new Float64Array(n);
  const portWait = new Float64Array(n);
  const throttle = new Float64Array(n);
  const track = new Int32Array(n);
  const coreOf = new Int32Array(n);
  const gate = new Int32Array(n).fill(-1);
  const depStart = new Int32Array(n + 1);
  let depList = new Int32Array(Math.max(16, n * 2));
  let depKind = new Uint8Array(depList.length);
  let depCount = 0;
  const costs = new CostTable(n);

  // Engine stream identity for "same in-order stream" tests (filled as we go; each DMA is its own stream).
  const stream = new Int32Array(n);
  const coreSet = new Set<number>();
  let lastCore = NaN;
  for (let i = 0; i < n; i++) {
    const c = instructions[i].core;
    if (c !== lastCore) { coreSet.add(c); lastCore = c; }
  }
  const cores = [...coreSet].sort((a, b) => a - b);

  // HBM: a link per stack; the cores of an LNC pair share one (trn2/trn3: 2 physical cores per
  // stack). A core can count on chip/cores; a pair together on twice that.
  const coresPerStack = Math.max(1, spec.physicalCoresPerChip.value / spec.hbmStacks.value);
  const perCoreHbmBytesPerNs = hbmBytesPerSecondPerCore(spec) / 1e9;
  const stackLinks = new Map<number, { cal: Calendar; cores: number }>();
  for (const c of cores) {
    const s = Math.floor(c / coresPerStack);
    const link = stackLinks.get(s) ?? { cal: new Calendar(), cores: 0 };
    link.cores++;
    stackLinks.set(s, link);
  }
  const states: CoreState[] = [];
  for (const c of cores) {
    const link = stackLinks.get(Math.floor(c / coresPerStack))!;
    states[c] = {
      free: new Float64Array(tracksPerCore),
      tensor: { prevWasMatmul: false, prevWasTranspose: false },
      tensorLastEnd: 0,
      rampStart: 0,
      tensorSeen: false,
      dmaPool: new Calendar(),
      hbm: link.cal,
      hbmBytesPerNs: perCoreHbmBytesPerNs * link.cores,
      sbufVG: new Calendar(),
      psumVS: new Calendar(),
      psumBank: Array.from({ length: spec.psumBanks.value }, () => new Calendar()),
    };
  }

  const tracker = new DependencyTracker(storages, n, rotation, spec.psumBanks.value, spec.psumBankBytes.value, stream, end);
  tracker.setLastUse(lastUseOf(instructions, storages.length));
  const bufferOf = (id: number) => tracker.bufferOf(id);
  const ports: Calendar[] = [];
  let totalNs = 0;
  const touchStart = new Int32Array(n + 1);
  let touchStorage = new Int32Array(Math.max(16, n * 3));
  let touchCount = 0;
  let sbufBytes = 0;
  let psumBytes = 0;

  const sources = new SourceIndex(instructions);
  const memo = new CostMemo(sources.locs.length, (id) => tracker.bufCodeOf(id));
  let matmulKind = -2;
  let transposeKind = -2;
  for (let i = 0; i < n; i++) {
    const ins = instructions[i];
    const st = states[ins.core];
    // Price the instruction, or reuse the row of an identically priced earlier one.
    const isTensor = ins.engine === 'tensor' && engineOf(ins) === 'tensor';
    const ctx = isTensor ? (st.tensor.prevWasMatmul ? 1 : 0) | (st.tensor.prevWasTranspose ? 2 : 0) : 0;
    const loc = sources.loc[i];
    const hit = memo.find(loc, ins, ctx);
    if (hit >= 0) costs.copyRow(i, hit);
    else { costs.set(i, instructionCostOf(ins, bufferOf, model, st.tensor)); memo.remember(loc, ins, i, ctx); }
    const engCode = costs.engine[i];
    const engine = ENGINE_KINDS[engCode];
    coreOf[i] = ins.core;
    stream[i] = engCode === 5 ? -1 - i : ins.core * 8 + engCode;
    const durationNs = costs.durationNs[i];
    const dependentIssueNs = costs.dependentIssueNs[i];

    // Operand storages (for occupancy) and bytes moved per on-chip buffer (for the summary).
    const ops = ins.operands;
    touchStart[i] = touchCount;
    if (touchCount + ops.length > touchStorage.length) {
      const grown = new Int32Array(Math.max(touchStorage.length * 2, touchCount + ops.length));
      grown.set(touchStorage);
      touchStorage = grown;
    }
    let accumulate = engine === 'tensor' && ins.attrs.accumulate === true;
    for (let k = 0; k < ops.length; k++) {
      const o = ops[k];
      const a = o.access;
      const id = a.storage;
      touchStorage[touchCount++] = id;
      const code = tracker.bufCodeOf(id);
      const b = a.bytes;
      if (b !== undefined) {
        if (code === BUF_SBUF) sbufBytes += b;
        else if (code === BUF_PSUM) psumBytes += b;
      }
      // A TensorE instruction that reads and writes PSUM accumulates.
      if (engine === 'tensor' && code === BUF_PSUM && o.role === 'readwrite') accumulate = true;
    }

    // Dependencies.
    tracker.collect(i, ins, accumulate);
    const dIdx = tracker.depIdx;
    const dKind = tracker.depKind;
    const nDeps = tracker.depCount;
    depStart[i] = depCount;
    if (depCount + nDeps > depList.length) {
      const grown = new Int32Array(Math.max(depList.length * 2, depCount + nDeps));
      grown.set(depList);
      depList = grown;
      const grownK = new Uint8Array(grown.length);
      grownK.set(depKind);
      depKind = grownK;
    }
    let ready = 0;
    let gating = -1;
    for (let k = 0; k < nDeps; k++) {
      const j = dIdx[k];
      depList[depCount] = j;
      depKind[depCount] = dKind[k];
      depCount++;
      // A hand-off (semaphore wait, access initiation) applies unless ordering is implied by the
      // same in-order stream (then only a RAW result dependency costs the bubble).
      const handoff = dKind[k] === DEP_RAW || stream[j] !== stream[i] ? dependentIssueNs : 0;
      const t = end[j] + handoff;
      if (t > ready) { ready = t; gating = j; }
    }

    let s: number;
    let e: number;
    let trk: number;
    if (engine === 'dma') {
      // Earliest-start queue.
      let best = 0;
      let bestStart = Infinity;
      for (let q = 0; q < queues; q++) {
        const t = Math.max(st.free[DMA_TRACK_BASE + q], ready);
        if (t < bestStart) { bestStart = t; best = q; }
      }
      trk = DMA_TRACK_BASE + best;
      const free = st.free[trk];
      s = bestStart;
      if (costs.isDma[i] === 1) {
        const ts = s + costs.dmaFixedNs[i];
        const own = costs.dmaOwnDataNs[i];
        e = Math.max(ts + own, st.dmaPool.fill(ts, costs.dmaPoolNs[i]));
        const hbmBytes = costs.hbmReadBytes[i] + costs.hbmWriteBytes[i];
        if (hbmBytes > 0) e = Math.max(e, st.hbm.fill(ts, hbmBytes / st.hbmBytesPerNs));
        portWait[i] = e - (ts + own);
      } else {
        e = s + durationNs;
      }
      stall[i] = Math.max(0, s - free);
      if (gating >= 0 && ready > free) gate[i] = gating;
      st.free[trk] = e;
    } else {
      trk = engineCode(engine);
      const free = st.free[trk];
      s = Math.max(free, ready);
      let dur = durationNs;
      if (engine === 'tensor') {
        if (warmup && (!st.tensorSeen || s - st.tensorLastEnd >= spec.tensorWarmupIdleResetNs.value)) st.rampStart = s;
        st.tensorSeen = true;
        if (warmup) {
          const d = throttledDurationNs(dur, s - st.rampStart, spec.tensorWarmupRampNs.value, spec.tensorWarmupStartFraction.value);
          throttle[i] = d - dur;
          dur = d;
        }
      }
      // Shared ports.
      ports.length = 0;
      if (engine === 'vector' || engine === 'scalar' || engine === 'gpsimd') collectPorts(ins, engine, costs.perfMode[i], st, spec, tracker, ports);
      if (ports.length > 0) {
        const s0 = s;
        for (;;) {
          let t = s;
          for (const p of ports) t = Math.max(t, p.fit(t, dur));
          if (t === s) break;
          s = t;
        }
        for (const p of ports) p.reserve(s, dur);
        portWait[i] = s - s0;
      }
      e = s + dur;
      stall[i] = Math.max(0, s - free);
      if (gating >= 0 && ready > free) gate[i] = gating;
      st.free[trk] = e;
      if (engine === 'tensor') {
        st.tensorLastEnd = e;
        const kind = costs.kind[i];
        if (matmulKind < 0 || transposeKind < 0) { matmulKind = costs.kinds.indexOf('matmul'); transposeKind = costs.kinds.indexOf('transpose'); }
        st.tensor.prevWasMatmul = kind === matmulKind || (kind === transposeKind && ins.opcode === 'nc_matmul');
        st.tensor.prevWasTranspose = kind === transposeKind;
      }
    }
    start[i] = s;
    end[i] = e;
    track[i] = trk;
    tracker.record(i);
    if (e > totalNs) totalNs = e;
  }
  depStart[n] = depCount;
  touchStart[n] = touchCount;
  return {
    count: n, start, end, stall, portWait, throttle, track, core: coreOf, gate,
    depStart, depList: depList.subarray(0, depCount), depKind: depKind.subarray(0, depCount),
    costs, sources, touchStart, touchStorage: touchStorage.subarray(0, touchCount), sbufBytes, psumBytes, storageBuf: tracker.bufCode, storageBpp: tracker.declaredBpp, cores, dmaQueues: queues, totalNs,
  };
}

/** Index of the last instruction touching each storage id (-1: none). */
function lastUseOf(instructions: readonly Instruction[], storageCount: number): Int32Array {
  let last = new Int32Array(Math.max(16, storageCount)).fill(-1);
  for (let i = 0; i < instructions.length; i++) {
    const ops = instructions[i].operands;
    for (let k = 0; k < ops.length; k++) {
      const id = ops[k].access.storage;
      if (!(id >= 0)) continue;
      if (id >= last.length) {
        const grown = new Int32Array(Math.max(id + 1, last.length * 2)).fill(-1);
        grown.set(last);
        last = grown;
      }
      last[id] = i;
    }
  }
  return last;
}

/** Shared-port resources an engine instruction needs (§1.4 port sharing). */
function collectPorts(ins: Instruction, engine: EngineKind, perfMode: number, st: CoreState, spec: HardwareSpec,
  tracker: DependencyTracker, out: Calendar[]): void {
  let touchesSbuf = false;
  let psumMask = 0;
  const ops = ins.operands;
  for (let k = 0; k < ops.length; k++) {
    const buf = tracker.bufferOf(ops[k].access.storage);
    if (buf === 'sbuf') touchesSbuf = true;
    else if (buf === 'psum' && engine !== 'gpsimd') psumMask |= tracker.psumBankMask(ops[k].access, ins.core);
  }
  // NC-v2: VectorE and GpSimdE cannot access SBUF concurrently. NC-v3+: only the VectorE perf
  // mode borrows the VectorE/GpSimdE shared bus (hardware-arbitrated), so GpSimd always holds it.
  if (touchesSbuf && (engine === 'gpsimd' || (engine === 'vector' && (spec.sharedVectorGpsimdSbufPort.value > 0 || perfMode > 1)))) {
    out.push(st.sbufVG);
  }
  if (psumMask !== 0) {
    if (spec.sharedVectorScalarPsumPort.value > 0) out.push(st.psumVS);
    else for (let b = 0; b < st.psumBank.length; b++) if (psumMask & (1 << b)) out.push(st.psumBank[b]);
  }
}

