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
 * TensorE warm-up (Trn2/Trn3 dI/dt throttling): at the first instruction, and whenever TensorE was
 * busy less than `tensorWarmupMinUtilisation` of the `tensorWarmupWindowNs` before an instruction
 * starts, throughput restarts at `tensorWarmupStartFraction` and ramps linearly to full over
 * `tensorWarmupRampNs` of wall time.
 *
 * Invariant: start ≥ every dependency's end; intervals on one track never overlap; the result
 * depends only on the input (no randomness, no wall clock).
 */
import type { BufferName, Instruction, Storage } from '../tracer/instruction';
import { BusyWindow } from './busyWindow';
import { Calendar } from './calendar';
import { CostTable } from './costTable';
import type { SourceIndex } from './sources';
import type { StorageFacts } from './storageFacts';
import { encodeStream, FLAG_ACCUMULATE, FLAG_NC_MATMUL, FLAG_TENSOR, type InstructionStream } from './stream';
import { costModelFor, instructionCostOf, throttledDurationNs, type CostModel, type TensorContext } from './costs';
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
  /** What the model read of each storage it touched, by storage id: buffer code (`BUFFER_NAMES`,
   * -1 unknown), declared bytes per partition (0 if none), explicit address... */
  facts: StorageFacts;
  cores: number[];
  dmaQueues: number;
  totalNs: number;
}

interface CoreState {
  free: Float64Array;
  tensor: TensorContext;
  /** TensorE busy intervals, for the utilisation window of the warm-up rule. */
  tensorBusy: BusyWindow;
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
  const s = new Scheduler(instructions, stream, spec, options);
  for (let i = 0; i < n; i++) s.step(i);
  return s.result();
}

/**
 * The scheduler's state, advanced one instruction at a time by `step`. A class with a small
 * per-instruction method rather than one long loop: V8 optimises a method called 10^5 times
 * after a few hundred calls, on maps rather than on this run's objects, so the code survives the
 * next run and the garbage collections in between; one long loop needs on-stack replacement,
 * which had to be redone after every deoptimisation of a rarely taken branch.
 */
class Scheduler {
  private readonly n: number;
  private readonly model: CostModel;
  private readonly warmup: boolean;
  private readonly warmupWindowNs: number;
  private readonly warmupMinBusyNs: number;
  private readonly warmupRampNs: number;
  private readonly warmupStartFraction: number;
  private readonly queues: number;
  readonly start: Float64Array;
  readonly end: Float64Array;
  readonly stall: Float64Array;
  readonly portWait: Float32Array;
  readonly throttle: Float32Array;
  readonly track: Int32Array;
  readonly coreOf: Int32Array;
  readonly gate: Int32Array;
  readonly depStart: Int32Array;
  private depList: Int32Array;
  private depKind: Uint8Array;
  private depCount = 0;
  readonly costs: CostTable;
  /** Engine stream identity for "same in-order stream" tests (each DMA is its own stream). */
  private readonly inOrder: Int32Array;
  readonly cores: number[];
  private readonly states: CoreState[] = [];
  private readonly tracker: DependencyTracker;
  private readonly bufferOf: (id: number) => BufferName | undefined;
  private readonly ports: Calendar[] = [];
  private totalNs = 0;
  /** Cost rows by (class, Tensor Engine context). */
  private readonly classRow: Int32Array;
  private matmulKind = -2;
  private transposeKind = -2;

  constructor(private readonly instructions: readonly Instruction[], private readonly stream: InstructionStream,
    private readonly spec: HardwareSpec, options: ScheduleOptions) {
    const n = stream.count;
    this.n = n;
    this.model = costModelFor(spec);
    const rotation: RotationPolicy = { ...DEFAULT_ROTATION, ...options.rotation };
    this.warmup = options.tensorWarmup !== false && spec.tensorWarmupRampNs.value > 0;
    this.warmupWindowNs = spec.tensorWarmupWindowNs.value;
    this.warmupMinBusyNs = spec.tensorWarmupMinUtilisation.value * spec.tensorWarmupWindowNs.value;
    this.warmupRampNs = spec.tensorWarmupRampNs.value;
    this.warmupStartFraction = spec.tensorWarmupStartFraction.value;
    const queues = Math.max(1, options.dmaQueues ?? spec.dmaQueuesModelled.value);
    this.queues = queues;
    const tracksPerCore = DMA_TRACK_BASE + queues;
    this.start = new Float64Array(n);
    this.end = new Float64Array(n);
    this.stall = new Float64Array(n);
    this.portWait = new Float32Array(n);
    this.throttle = new Float32Array(n);
    this.track = new Int32Array(n);
    this.coreOf = stream.core.subarray(0, n);
    this.gate = new Int32Array(n).fill(-1);
    this.depStart = new Int32Array(n + 1);
    // About one dependency per operand: sized once instead of grown (each copy is allocation that drives collections).
    this.depList = new Int32Array(Math.max(16, n, stream.opStart[n]));
    this.depKind = new Uint8Array(this.depList.length);
    this.costs = new CostTable(n);
    this.inOrder = new Int32Array(n);
    this.classRow = new Int32Array(stream.classes.count * 4).fill(-1);

    const coreSet = new Set<number>();
    let lastCore = NaN;
    for (let i = 0; i < n; i++) {
      const c = this.coreOf[i];
      if (c !== lastCore) { coreSet.add(c); lastCore = c; }
    }
    const cores = [...coreSet].sort((a, b) => a - b);
    this.cores = cores;

    // HBM: a link per stack; the cores of an LNC pair share one (trn2/trn3: 2 physical cores per
    // stack). A core can count on chip/cores; a pair together on twice that.
    const coresPerStack = Math.max(1, spec.physicalCoresPerChip.value / spec.hbmStacks.value);
    const perCoreHbmBytesPerNs = hbmBytesPerSecondPerCore(spec) / 1e9;
    const stackLinks = new Map<number, { cal: Calendar; cores: number }>();
    for (const c of cores) {
      const st = Math.floor(c / coresPerStack);
      const link = stackLinks.get(st) ?? { cal: new Calendar(), cores: 0 };
      link.cores++;
      stackLinks.set(st, link);
    }
    for (const c of cores) {
      const link = stackLinks.get(Math.floor(c / coresPerStack))!;
      this.states[c] = {
        free: new Float64Array(tracksPerCore),
        tensor: { prevWasMatmul: false, prevWasTranspose: false },
        tensorBusy: new BusyWindow(spec.tensorWarmupWindowNs.value),
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
    this.tracker = new DependencyTracker(stream, rotation, spec.psumBanks.value, spec.psumBankBytes.value, this.inOrder, this.end);
    const facts = stream.facts;
    this.bufferOf = (id: number) => facts.bufferOf(id);
  }

  /** Schedules instruction i (every earlier one is scheduled). */
  step(i: number): void {
    const core = this.coreOf[i];
    const st = this.states[core];
    const fl = this.stream.flags[i];
    const isTensor = (fl & FLAG_TENSOR) !== 0;
    // Price the instruction, or reuse the row of an identically priced earlier one.
    const ctx = isTensor ? (st.tensor.prevWasMatmul ? 1 : 0) | (st.tensor.prevWasTranspose ? 2 : 0) : 0;
    const key = this.stream.costClass[i] * 4 + ctx;
    const costs = this.costs;
    let r = this.classRow[key];
    if (r < 0) { r = costs.add(instructionCostOf(this.instructions[i], this.bufferOf, this.model, st.tensor)); this.classRow[key] = r; }
    costs.row[i] = r;
    const R = costs.rows;
    const engCode = R.engine[r];
    const inOrder = this.inOrder;
    const myStream = engCode === 5 ? -1 - i : core * 8 + engCode;
    inOrder[i] = myStream;
    const durationNs = R.durationNs[r];
    const dependentIssueNs = R.dependentIssueNs[r];

    // Dependencies.
    const tracker = this.tracker;
    tracker.collect(i, engCode === 0 && (fl & FLAG_ACCUMULATE) !== 0);
    const dIdx = tracker.depIdx;
    const dKind = tracker.depKind;
    const nDeps = tracker.depCount;
    let depCount = this.depCount;
    this.depStart[i] = depCount;
    if (depCount + nDeps > this.depList.length) this.growDeps(depCount + nDeps);
    const depList = this.depList;
    const depKind = this.depKind;
    const end = this.end;
    let ready = 0;
    let gating = -1;
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
    this.depCount = depCount;

    let s: number;
    let e: number;
    let trk: number;
    if (engCode === 5) {
      // DMA: the earliest-start queue.
      let best = 0;
      let bestStart = Infinity;
      for (let q = 0; q < this.queues; q++) {
        const f = st.free[DMA_TRACK_BASE + q];
        const t = f > ready ? f : ready;
        if (t < bestStart) { bestStart = t; best = q; }
      }
      trk = DMA_TRACK_BASE + best;
      s = bestStart;
      if (R.isDma[r] === 1) {
        const ts = s + R.dmaFixedNs[r];
        const own = R.dmaOwnDataNs[r];
        e = Math.max(ts + own, st.dmaPool.fill(ts, R.dmaPoolNs[r]));
        const hbmBytes = R.hbmReadBytes[r] + R.hbmWriteBytes[r];
        if (hbmBytes > 0) e = Math.max(e, st.hbm.fill(ts, hbmBytes / st.hbmBytesPerNs));
        this.portWait[i] = e - (ts + own);
      } else {
        e = s + durationNs;
      }
    } else {
      trk = engCode;
      const free = st.free[trk];
      s = free > ready ? free : ready;
      let dur = durationNs;
      if (engCode === 0) dur = this.warmedUp(i, st, s, dur);
      // Shared ports (Vector, Scalar, GpSimd).
      if (engCode >= 1 && engCode <= 3) s = this.portStart(i, engCode, R.perfMode[r], st, s, dur);
      e = s + dur;
      if (engCode === 0) {
        if (this.warmup) st.tensorBusy.add(s, e);
        const kind = R.kind[r];
        if (this.matmulKind < 0 || this.transposeKind < 0) { this.matmulKind = costs.kinds.indexOf('matmul'); this.transposeKind = costs.kinds.indexOf('transpose'); }
        st.tensor.prevWasMatmul = kind === this.matmulKind || (kind === this.transposeKind && (fl & FLAG_NC_MATMUL) !== 0);
        st.tensor.prevWasTranspose = kind === this.transposeKind;
      }
    }
    const free = st.free[trk];
    this.stall[i] = s > free ? s - free : 0;
    if (gating >= 0 && ready > free) this.gate[i] = gating;
    st.free[trk] = e;
    this.start[i] = s;
    end[i] = e;
    this.track[i] = trk;
    tracker.record(i);
    if (e > this.totalNs) this.totalNs = e;
  }

  /** TensorE duration with the warm-up ramp (Trn2/Trn3 dI/dt throttling) from start time s. */
  private warmedUp(i: number, st: CoreState, s: number, dur: number): number {
    if (!this.warmup) return dur;
    if (!st.tensorSeen) st.rampStart = s;
    else {
      // Utilisation of the window before s. The part of it before the current ramp began counts
      // as busy: that idle time already started this ramp (else a ramp's first window, which
      // reaches back into the idle time that caused it, would restart it at every instruction).
      const lo = s - this.warmupWindowNs;
      const from = st.rampStart > lo ? st.rampStart : lo;
      if (from - lo + st.tensorBusy.busyIn(from, s) < this.warmupMinBusyNs) st.rampStart = s;
    }
    st.tensorSeen = true;
    const d = throttledDurationNs(dur, s - st.rampStart, this.warmupRampNs, this.warmupStartFraction);
    this.throttle[i] = d - dur;
    return d;
  }

  /** The earliest start from s at which every shared port the instruction needs is free for dur; reserves them. */
  private portStart(i: number, engCode: number, perfMode: number, st: CoreState, s: number, dur: number): number {
    const ports = this.ports;
    // A count into a reused array: setting an array's length is a runtime call, per instruction.
    const m = collectPorts(engCode, perfMode, st, this.spec, this.tracker, ports);
    if (m === 0) return s;
    const s0 = s;
    for (;;) {
      let t = s;
      for (let q = 0; q < m; q++) t = Math.max(t, ports[q].fit(t, dur));
      if (t === s) break;
      s = t;
    }
    for (let q = 0; q < m; q++) ports[q].reserve(s, dur);
    this.portWait[i] = s - s0;
    return s;
  }

  private growDeps(min: number): void {
    const grown = new Int32Array(Math.max(this.depList.length + (this.depList.length >> 1), min));
    grown.set(this.depList);
    this.depList = grown;
    const grownK = new Uint8Array(grown.length);
    grownK.set(this.depKind);
    this.depKind = grownK;
  }

  result(): Schedule {
    const n = this.n;
    const stream = this.stream;
    const facts = stream.facts;
    this.depStart[n] = this.depCount;
    return {
      count: n, start: this.start, end: this.end, stall: this.stall, portWait: this.portWait, throttle: this.throttle, track: this.track,
      core: this.coreOf, gate: this.gate, depStart: this.depStart, depList: this.depList.subarray(0, this.depCount),
      depKind: this.depKind.subarray(0, this.depCount), costs: this.costs, sources: stream.sources,
      touchStart: stream.opStart.subarray(0, n + 1), touchStorage: stream.opStorage.subarray(0, stream.opStart[n]),
      sbufBytes: stream.sbufBytes, psumBytes: stream.psumBytes, facts,
      cores: this.cores, dmaQueues: this.queues, totalNs: this.totalNs,
    };
  }
}

/**
 * Shared-port resources an engine instruction needs (§1.4 port sharing), from what `tracker.collect`
 * saw of its operands: written to the start of `out`, returns how many.
 */
function collectPorts(engCode: number, perfMode: number, st: CoreState, spec: HardwareSpec, tracker: DependencyTracker, out: Calendar[]): number {
  let m = 0;
  const psumMask = engCode === 3 ? 0 : tracker.psumMask;
  // NC-v2: VectorE and GpSimdE cannot access SBUF concurrently. NC-v3+: only the VectorE perf
  // mode borrows the VectorE/GpSimdE shared bus (hardware-arbitrated), so GpSimd always holds it.
  if (tracker.touchesSbuf && (engCode === 3 || (engCode === 1 && (spec.sharedVectorGpsimdSbufPort.value > 0 || perfMode > 1)))) {
    out[m++] = st.sbufVG;
  }
  if (psumMask !== 0) {
    if (spec.sharedVectorScalarPsumPort.value > 0) out[m++] = st.psumVS;
    else for (let b = 0; b < st.psumBank.length; b++) if (psumMask & (1 << b)) out[m++] = st.psumBank[b];
  }
  return m;
}
