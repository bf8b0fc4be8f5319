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
import type { SourceIndex } from './sources';
import { encodeStream, FLAG_ACCUMULATE, FLAG_NC_MATMUL, FLAG_TENSOR, type InstructionStream } from './stream';
import { costModelFor, instructionCostOf, throttledDurationNs, type TensorContext } from './costs';
import { DEFAULT_ROTATION, DependencyTracker, type RotationPolicy } from './deps';
import { hbmBytesPerSecondPerCore, type HardwareSpec } from './hardware/spec';

export interface ScheduleOptions {
  rotation?: Partial<RotationPolicy>;
  /** Model the Trn2/Trn3 TensorE warm-up ramp (default true). */
  tensorWarmup?: boolean;
  /** Override the number of DMA queues per core. */
  dmaQueues?: number;
  /** The stream already encoded (e.g. by the tracer as it ran); else encoded from the instructions. */
  stream?: InstructionStream;
}

/** Track numbering within a core: engines first, then DMA queues. */
export const ENGINE_TRACKS = ['tensor', 'vector', 'scalar', 'gpsimd', 'sync'] as const;
export const DMA_TRACK_BASE = ENGINE_TRACKS.length;

export function trackName(track: number): string {
  return track < DMA_TRACK_BASE ? ENGINE_TRACKS[track] : `dma${track - DMA_TRACK_BASE}`;
}

// Local copies of deps.ts constants: in the unbundled build every imported binding read is a getter call.
const DEP_RAW = 0; // deps.DEP_RAW

export interface Schedule {
  count: number;
  start: Float64Array;
  end: Float64Array;
  /** Time between the track becoming free and the instruction starting (dependencies, ports). */
  stall: Float64Array;
  /** Part of the stall spent waiting for a shared port or bandwidth after dependencies were met
   * (single precision: only summed for recommendations; a run's columns are allocation it pays for). */
  portWait: Float32Array;
  /** Extra time the TensorE warm-up ramp added (single precision, as `portWait`). */
  throttle: Float32Array;
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
  const stream = options.stream ?? encodeStream(instructions, storages);
  const n = stream.count;
  if (n !== instructions.length) throw new Error(`schedule: the encoded stream has ${n} instructions, the trace ${instructions.length}`);
  const model = costModelFor(spec);
  const rotation: RotationPolicy = { ...DEFAULT_ROTATION, ...options.rotation };
  const warmup = options.tensorWarmup !== false && spec.tensorWarmupRampNs.value > 0;
  const warmupIdleResetNs = spec.tensorWarmupIdleResetNs.value;
  const warmupRampNs = spec.tensorWarmupRampNs.value;
  const warmupStartFraction = spec.tensorWarmupStartFraction.value;
  const queues = Math.max(1, options.dmaQueues ?? spec.dmaQueuesModelled.value);
  const tracksPerCore = DMA_TRACK_BASE + queues;

  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const stall = new Float64Array(n);
  const portWait = new Float32Array(n);
  const throttle = new Float32Array(n);
  const track = new Int32Array(n);
  const coreOf = stream.core.subarray(0, n);
  const gate = new Int32Array(n).fill(-1);
  const depStart = new Int32Array(n + 1);
  let depList = new Int32Array(Math.max(16, n + (n >> 1)));
  let depKind = new Uint8Array(depList.length);
  let depCount = 0;
  const costs = new CostTable(n);

  // Engine stream identity for "same in-order stream" tests (filled as we go; each DMA is its own stream).
  const inOrder = new Int32Array(n);
  const coreSet = new Set<number>();
  let lastCore = NaN;
  for (let i = 0; i < n; i++) {
    const c = coreOf[i];
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

  const tracker = new DependencyTracker(stream, rotation, spec.psumBanks.value, spec.psumBankBytes.value, inOrder, end);
  const facts = stream.facts;
  const bufferOf = (id: number) => facts.bufferOf(id);
  const ports: Calendar[] = [];
  let totalNs = 0;

  // Cost rows by (class, Tensor Engine context).
  const classRow = new Int32Array(stream.classes.count * 4).fill(-1);
  const { costClass, flags } = stream;
  const costRow = costs.row;
  let matmulKind = -2;
  let transposeKind = -2;
  for (let i = 0; i < n; i++) {
    const core = coreOf[i];
    const st = states[core];
    const fl = flags[i];
    const isTensor = (fl & FLAG_TENSOR) !== 0;
    // Price the instruction, or reuse the row of an identically priced earlier one.
    const ctx = isTensor ? (st.tensor.prevWasMatmul ? 1 : 0) | (st.tensor.prevWasTranspose ? 2 : 0) : 0;
    const key = costClass[i] * 4 + ctx;
    let r = classRow[key];
    if (r < 0) { r = costs.add(instructionCostOf(instructions[i], bufferOf, model, st.tensor)); classRow[key] = r; }
    costRow[i] = r;
    const R = costs.rows;
    const engCode = R.engine[r];
    inOrder[i] = engCode === 5 ? -1 - i : core * 8 + engCode;
    const durationNs = R.durationNs[r];
    const dependentIssueNs = R.dependentIssueNs[r];

    // Dependencies.
    tracker.collect(i, engCode === 0 && (fl & FLAG_ACCUMULATE) !== 0);
    const dIdx = tracker.depIdx;
    const dKind = tracker.depKind;
    const nDeps = tracker.depCount;
    depStart[i] = depCount;
    if (depCount + nDeps > depList.length) {
      const grown = new Int32Array(Math.max(depList.length + (depList.length >> 1), depCount + nDeps));
      grown.set(depList);
      depList = grown;
      const grownK = new Uint8Array(grown.length);
      grownK.set(depKind);
      depKind = grownK;
    }
    let ready = 0;
    let gating = -1;
    const myStream = inOrder[i];
    for (let k = 0; k < nDeps; k++) {
      const j = dIdx[k];
      const dk = dKind[k];
      depList[depCount] = j;
      depKind[depCount] = dk;
      depCount++;
      // A hand-off (semaphore wait, access initiation) applies unless ordering is implied by the
      // same in-order stream (then only a RAW result dependency costs the bubble).
      const handoff = dk === DEP_RAW || inOrder[j] !== myStream ? dependentIssueNs : 0;
      const t = end[j] + handoff;
      if (t > ready) { ready = t; gating = j; }
    }

    let s: number;
    let e: number;
    let trk: number;
    if (engCode === 5) {
      // DMA: the earliest-start queue.
      let best = 0;
      let bestStart = Infinity;
      for (let q = 0; q < queues; q++) {
        const f = st.free[DMA_TRACK_BASE + q];
        const t = f > ready ? f : ready;
        if (t < bestStart) { bestStart = t; best = q; }
      }
      trk = DMA_TRACK_BASE + best;
      const free = st.free[trk];
      s = bestStart;
      if (R.isDma[r] === 1) {
        const ts = s + R.dmaFixedNs[r];
        const own = R.dmaOwnDataNs[r];
        e = Math.max(ts + own, st.dmaPool.fill(ts, R.dmaPoolNs[r]));
        const hbmBytes = R.hbmReadBytes[r] + R.hbmWriteBytes[r];
        if (hbmBytes > 0) e = Math.max(e, st.hbm.fill(ts, hbmBytes / st.hbmBytesPerNs));
        portWait[i] = e - (ts + own);
      } else {
        e = s + durationNs;
      }
      stall[i] = s > free ? s - free : 0;
      if (gating >= 0 && ready > free) gate[i] = gating;
      st.free[trk] = e;
    } else {
      trk = engCode;
      const free = st.free[trk];
      s = free > ready ? free : ready;
      let dur = durationNs;
      if (engCode === 0) {
        if (warmup && (!st.tensorSeen || s - st.tensorLastEnd >= warmupIdleResetNs)) st.rampStart = s;
        st.tensorSeen = true;
        if (warmup) {
          const d = throttledDurationNs(dur, s - st.rampStart, warmupRampNs, warmupStartFraction);
          throttle[i] = d - dur;
          dur = d;
        }
      }
      // Shared ports (Vector, Scalar, GpSimd).
      if (engCode >= 1 && engCode <= 3) {
        ports.length = 0;
        collectPorts(engCode, R.perfMode[r], st, spec, tracker, ports);
        if (ports.length > 0) {
          const s0 = s;
          for (;;) {
            let t = s;
            for (let q = 0; q < ports.length; q++) t = Math.max(t, ports[q].fit(t, dur));
            if (t === s) break;
            s = t;
          }
          for (let q = 0; q < ports.length; q++) ports[q].reserve(s, dur);
          portWait[i] = s - s0;
        }
      }
      e = s + dur;
      stall[i] = s > free ? s - free : 0;
      if (gating >= 0 && ready > free) gate[i] = gating;
      st.free[trk] = e;
      if (engCode === 0) {
        st.tensorLastEnd = e;
        const kind = R.kind[r];
        if (matmulKind < 0 || transposeKind < 0) { matmulKind = costs.kinds.indexOf('matmul'); transposeKind = costs.kinds.indexOf('transpose'); }
        st.tensor.prevWasMatmul = kind === matmulKind || (kind === transposeKind && (fl & FLAG_NC_MATMUL) !== 0);
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
  return {
    count: n, start, end, stall, portWait, throttle, track, core: coreOf, gate,
    depStart, depList: depList.subarray(0, depCount), depKind: depKind.subarray(0, depCount),
    costs, sources: stream.sources, touchStart: stream.opStart.subarray(0, n + 1), touchStorage: stream.opStorage.subarray(0, stream.opStart[n]),
    sbufBytes: stream.sbufBytes, psumBytes: stream.psumBytes, storageBuf: facts.bufCode, storageBpp: facts.declaredBpp, cores, dmaQueues: queues, totalNs,
  };
}

/** Shared-port resources an engine instruction needs (§1.4 port sharing), from what `tracker.collect` saw of its operands. */
function collectPorts(engCode: number, perfMode: number, st: CoreState, spec: HardwareSpec, tracker: DependencyTracker, out: Calendar[]): void {
  const psumMask = engCode === 3 ? 0 : tracker.psumMask;
  // NC-v2: VectorE and GpSimdE cannot access SBUF concurrently. NC-v3+: only the VectorE perf
  // mode borrows the VectorE/GpSimdE shared bus (hardware-arbitrated), so GpSimd always holds it.
  if (tracker.touchesSbuf && (engCode === 3 || (engCode === 1 && (spec.sharedVectorGpsimdSbufPort.value > 0 || perfMode > 1)))) {
    out.push(st.sbufVG);
  }
  if (psumMask !== 0) {
    if (spec.sharedVectorScalarPsumPort.value > 0) out.push(st.psumVS);
    else for (let b = 0; b < st.psumBank.length; b++) if (psumMask & (1 << b)) out.push(st.psumBank[b]);
  }
}
