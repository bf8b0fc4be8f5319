/**
 * Ranked, concrete recommendations computed from a simulated run.
 *
 * Purpose: each rule looks for one documented performance pattern (NKI performance guide,
 * trainium-perf.md §2) in the schedule, estimates the share of total time it costs (`impact`,
 * 0..1) and says what to change, pointing at the source line responsible. Rules:
 * small DMA transfers; engines idle waiting on DMA (with the cause: reloads of the same bytes,
 * a single-buffered tile, or plain bandwidth); tiny instructions paying the fixed overhead;
 * partial partition use; fp32 matmuls; short moving free size; TensorE warm-up throttling; shared
 * port (PSUM bank) conflicts; transposes on TensorE.
 * Impacts are estimates: the time the pattern adds on its engine, capped by that engine's share
 * of the run and by the distance to the roofline (a pattern cannot save more than the run is
 * above its attainable time), except reloads and fp32 matmuls, whose fix also moves the roofline.
 * Cost: one program-order pass over the instructions (`scanRules`) gathers what every rule needs,
 * per source line; each rule then works on those aggregates (lines, not instructions).
 * Invariant: only recommendations with impact ≥ `MIN_IMPACT` are returned, highest first; a
 * well-pipelined kernel (large transfers, rotated buffers, busy TensorE) yields none.
 */
import type { Recommendation, SourceLocation } from '../profile/schema';
import type { Instruction, Storage } from '../tracer/instruction';
import { isHbm } from './costs';
import { computeExtent, DEP_WAR } from './deps';
import { SourceIndex } from './sources';
import { DMA_TRACK_BASE, type Schedule } from './engine';
import { dmaBytesPerSecondPerCore, type HardwareSpec } from './hardware/spec';
import { byFirstUse, type RunFacts } from './summary';

export const MIN_IMPACT = 0.05;
/** Minimum recommended DMA payload per partition, and the size that saturates (§1.6). */
const DMA_MIN_RECOMMENDED_BPP = 2048;
const DMA_SATURATING_BPP = 4096;
const ENGINE_LABEL = ['Tensor Engine', 'Vector Engine', 'Scalar Engine', 'GpSimd Engine'];

export interface RecommendInput {
  instructions: readonly Instruction[];
  storageOf: (id: number) => Storage | undefined;
  sched: Schedule;
  spec: HardwareSpec;
  facts: RunFacts;
  sourceOf: (i: number) => SourceLocation;
  attainableNs: number;
  /** Whether another storage was allocated at the same site as this one (the site is in a loop and rotates). */
  rotates: (storage: Storage) => boolean;
  /** Line ids of the instructions (built from `instructions` when absent). */
  lines?: SourceIndex;
}

interface LineAgg { ns: number; count: number; first: number; extra: number }

/**
 * One rule's per-source-line aggregates, by line id: sums of the rule's measure (`ns`) and of a
 * second value (`extra`) in program order, instruction count and first instruction.
 */
class LineAggs {
  readonly ns: Float64Array;
  readonly extra: Float64Array;
  readonly count: Int32Array;
  readonly first: Int32Array;
  /** Program position of each line's first `add` (-1: none): orders the lines. */
  private readonly since: Int32Array;
  private used: number[] | undefined;
  constructor(lineCount: number) {
    this.ns = new Float64Array(lineCount);
    this.extra = new Float64Array(lineCount);
    this.count = new Int32Array(lineCount);
    this.first = new Int32Array(lineCount);
    this.since = new Int32Array(lineCount).fill(-1);
  }

  /** Adds instruction `i` to `line`, at program position `at` (the instruction the pass is at, when `i` is another one). */
  add(line: number, i: number, ns: number, extra = 0, at = i): void {
    if (this.count[line]++ === 0) { this.first[line] = i; this.since[line] = at; }
    this.ns[line] += ns;
    this.extra[line] += extra;
  }

  /** The lines added to, in order of first use (once every `add` is done). */
  get order(): number[] { return (this.used ??= byFirstUse(this.since)); }

  /** The line with the largest `ns` (the first in order of use on ties). */
  worst(): LineAgg | undefined {
    let best = -1;
    for (const l of this.order) if (best < 0 || this.ns[l] > this.ns[best]) best = l;
    return best < 0 ? undefined : { ns: this.ns[best], count: this.count[best], first: this.first[best], extra: this.extra[best] };
  }

  /** Sum of `ns` over the lines, in order of first use. */
  sum(): number {
    let s = 0;
    for (const l of this.order) s += this.ns[l];
    return s;
  }
}

function lineOf(ins: Instruction): number { return ins.span.line + 1; }
function pct(x: number): string { return `${Math.round(x * 100)}%`; }
function bytesText(b: number): string {
  if (b >= 1024 * 1024) return `${(b / (1024 * 1024)).toFixed(b % (1024 * 1024) === 0 ? 0 : 1)} MiB`;
  if (b >= 1024) return `${(b / 1024).toFixed(b % 1024 === 0 ? 0 : 1)} KiB`;
  return `${Math.round(b)} B`;
}
function nsText(ns: number): string { return ns >= 1000 ? `${(ns / 1000).toFixed(1)} µs` : `${Math.round(ns)} ns`; }

export function recommend(input: RecommendInput): Recommendation[] {
  const inp: Required<RecommendInput> = { ...input, lines: input.lines ?? new SourceIndex(input.instructions) };
  const { sched, facts } = inp;
  const total = sched.totalNs;
  if (total <= 0) return [];
  const slack = Math.max(0, 1 - inp.attainableNs / total);
  const out: Recommendation[] = [];
  const push = (impact: number, message: string, i: number, capBySlack = true) => {
    const v = Math.min(1, capBySlack ? Math.min(impact, slack) : impact);
    if (v >= MIN_IMPACT) out.push({ impact: v, message, source: inp.sourceOf(i) });
  };
  const engineUtil = (i: number): number => facts.util.get(sched.core[i])?.engines[sched.track[i]] ?? 0;
  const dmaActive = Math.max(0, ...[...facts.util.values()].map((u) => u.dmaActive));

  const scan = scanRules(inp);
  smallDma(inp, scan, push, dmaActive);
  waitingOnDma(inp, scan, push);
  tinyInstructions(inp, scan, push, engineUtil);
  partialPartitions(inp, scan, push, engineUtil);
  fp32AndShortMatmuls(inp, scan, push, engineUtil);
  throttling(inp, scan, push);
  portConflicts(inp, scan, push);
  transposes(inp, scan, push, engineUtil);

  out.sort((a, b) => b.impact - a.impact || a.message.localeCompare(b.message));
  // One recommendation per message (two rules can land on the same line and advice).
  const seen = new Set<string>();
  return out.filter((r) => (seen.has(r.message) ? false : (seen.add(r.message), true)));
}

type Inp = Required<RecommendInput>;
type Push = (impact: number, message: string, i: number, capBySlack?: boolean) => void;

// What a cost row qualifies for, per rule (bits of `rowClasses`); the rules' track conditions are
// per instruction (a row's engine is fixed, its track is not: DMA queues).
const ROW_DMA = 1;
const ROW_SMALL_DMA = 2;
const ROW_TINY = 4;
const ROW_PARTIAL = 8;
const ROW_FP32 = 16;
const ROW_SHORT_MATMUL = 32;
const ROW_TRANSPOSE = 64;

function rowClasses(inp: Inp): Uint8Array {
  const { rows, kinds, rowCount } = inp.sched.costs;
  const P = inp.spec.partitions.value;
  const minMatmulCycles = inp.spec.tensorMatmulMinCycles.value;
  const cls = new Uint8Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    let c = 0;
    if (rows.isDma[r]) {
      c |= ROW_DMA;
      // Below the recommended payload per partition (or in total, when partitions are unknown), or in short runs.
      const small = rows.dmaPartitions[r] > 0 ? rows.dmaBytesPerPartition[r] < DMA_MIN_RECOMMENDED_BPP : rows.dmaBytes[r] < DMA_MIN_RECOMMENDED_BPP * 16;
      const fragmented = rows.dmaRunBytes[r] < DMA_MIN_RECOMMENDED_BPP / 4;
      if (small || fragmented) c |= ROW_SMALL_DMA;
    }
    if (rows.known[r]) {
      if (rows.elems[r] < 128 && rows.overheadNs[r] > 0) c |= ROW_TINY;
      if (rows.partitions[r] > 0 && rows.partitions[r] <= P / 2) c |= ROW_PARTIAL;
      if (rows.fp32ExtraNs[r] > 0) c |= ROW_FP32;
      if (rows.elems[r] < minMatmulCycles && rows.overheadNs[r] > 0 && kinds[rows.kind[r]] === 'matmul') c |= ROW_SHORT_MATMUL;
    }
    if (kinds[rows.kind[r]] === 'transpose') c |= ROW_TRANSPOSE;
    cls[r] = c;
  }
  return cls;
}

/** What the rules read of the instructions, gathered in one program-order pass (`scanRules`). */
interface RuleScan {
  /** Small or fragmented DMA transfers: queue time, with their bytes as `extra`; all DMA queue time. */
  smallDma: LineAggs;
  dmaBusy: number;
  /** Per compute engine: its stall gated by a DMA, by the DMA's line (first: the first such DMA), and in total. */
  dmaStall: LineAggs[];
  dmaStallSum: Float64Array;
  /** Vector/Scalar/GpSimd instructions of < 128 elements: fixed overhead plus stall behind the same engine, with elements as `extra`. */
  tiny: LineAggs;
  /** Compute instructions on ≤ half the partitions: the unused partitions' share of their time, with partitions as `extra`. */
  partial: LineAggs;
  /** Tensor Engine: fp32 extra passes; short matmuls' fixed overhead (moving size as `extra`); transposes' time; all busy time. */
  fp32: LineAggs;
  shortMatmul: LineAggs;
  transposes: LineAggs;
  tensorBusy: number;
  /** Warm-up throttling: total, and the instruction that lost most (the first on ties). */
  throttleLost: number;
  throttleWorst: number;
  /** Engine instructions' wait for a shared port. */
  portWait: LineAggs;
}

/**
 * One pass over the instructions for every rule: per-line sums in program order (the order each
 * rule's own pass used), so impacts are the same doubles. The stall behind a DMA is summed by the
 * DMA's line directly (it was summed per DMA first): it only picks the line to name.
 */
function scanRules(inp: Inp): RuleScan {
  const { sched } = inp;
  const lineCount = inp.lines.lineCount;
  const agg = () => new LineAggs(lineCount);
  const s: RuleScan = {
    smallDma: agg(), dmaBusy: 0, dmaStall: [agg(), agg(), agg(), agg()], dmaStallSum: new Float64Array(4), tiny: agg(),
    partial: agg(), fp32: agg(), shortMatmul: agg(), transposes: agg(), tensorBusy: 0, throttleLost: 0, throttleWorst: -1, portWait: agg(),
  };
  const { smallDma, dmaStall, dmaStallSum, tiny, partial, fp32, shortMatmul, transposes, portWait: port } = s;
  const cls = rowClasses(inp);
  const { row, rows } = sched.costs;
  const { dmaBytes, overheadNs, elems, partitions, fp32ExtraNs } = rows;
  const P = inp.spec.partitions.value;
  const line = inp.lines.line;
  const { start, end, track, core, gate, stall, portWait, throttle } = sched;
  const dmaBase = DMA_TRACK_BASE; // a local: an imported binding can be a getter call per read
  // The wait before an engine's first instruction is the prologue: no overlap can hide it.
  const started = new Uint8Array(8 * (Math.max(0, ...sched.cores) + 1));
  let dmaBusy = 0;
  let tensorBusy = 0;
  let lost = 0;
  let worstLost = 0;
  let throttleWorst = -1;
  for (let i = 0; i < sched.count; i++) {
    const r = row[i];
    const c = cls[r];
    const t = track[i];
    const l = line[i];
    const dur = end[i] - start[i];
    if ((c & ROW_DMA) !== 0) {
      dmaBusy += dur;
      if ((c & ROW_SMALL_DMA) !== 0) smallDma.add(l, i, dur, dmaBytes[r]);
    }
    if (t < 4) {
      const key = core[i] * 8 + t;
      const g = gate[i];
      if (started[key] === 0) started[key] = 1;
      else if (g >= 0 && track[g] >= dmaBase && stall[i] > 0) { dmaStallSum[t] += stall[i]; dmaStall[t].add(line[g], g, stall[i], 0, i); }
      if (t >= 1 && (c & ROW_TINY) !== 0) tiny.add(l, i, overheadNs[r] + stall[i] * (g >= 0 && track[g] === t ? 1 : 0), elems[r]);
      if ((c & ROW_PARTIAL) !== 0) partial.add(l, i, dur * (1 - partitions[r] / P), partitions[r]);
      if (t === 0) {
        tensorBusy += dur;
        if ((c & ROW_FP32) !== 0) fp32.add(l, i, fp32ExtraNs[r]);
        if ((c & ROW_SHORT_MATMUL) !== 0) shortMatmul.add(l, i, overheadNs[r], elems[r]);
        if ((c & ROW_TRANSPOSE) !== 0) transposes.add(l, i, dur);
      }
    }
    if (t < dmaBase && portWait[i] > 0) port.add(l, i, portWait[i]);
    const th = throttle[i];
    if (th > 0) {
      lost += th;
      if (th > worstLost) { worstLost = th; throttleWorst = i; }
    }
  }
  s.dmaBusy = dmaBusy;
  s.tensorBusy = tensorBusy;
  s.throttleLost = lost;
  s.throttleWorst = throttleWorst;
  return s;
}

/** DMA transfers below the recommended 2 KiB per partition (Opt #9). */
function smallDma(inp: Inp, scan: RuleScan, push: Push, dmaActive: number): void {
  const { sched, instructions, spec } = inp;
  const peakBytesPerNs = dmaBytesPerSecondPerCore(spec) / 1e9;
  const w = scan.smallDma.worst();
  if (!w || scan.dmaBusy <= 0) return;
  const i = w.first;
  const d = sched.costs.get(i).dma!;
  const achieved = w.extra / w.ns; // bytes per ns of queue time on that line
  const share = achieved / peakBytesPerNs;
  const smallBusy = scan.smallDma.sum();
  // Bigger transfers would move the same bytes at (near) peak: the saved share of DMA time.
  const impact = dmaActive * (smallBusy / scan.dmaBusy) * Math.max(0, 1 - share / 0.8);
  const perPart = d.partitions > 0 ? `${bytesText(d.bytesPerPartition)} per partition` : bytesText(d.bytes);
  const elems = Math.round(DMA_SATURATING_BPP / Math.max(1, bytesPerElem(instructions[i])));
  const runNote = d.runBytes < d.bytesPerPartition ? ` in ${bytesText(d.runBytes)} contiguous runs` : '';
  push(impact, `DMA transfers of ${perPart}${runNote} on line ${lineOf(instructions[i])} run at ${pct(share)} of peak DMA bandwidth: `
    + `load ${bytesText(DMA_SATURATING_BPP)} or more per partition (${elems} ${instructions[i].operands[0]?.access.dtype ?? ''} elements) in contiguous runs, over all 128 partitions.`, i);
}

function bytesPerElem(ins: Instruction): number {
  const d = ins.operands[0]?.access.dtype ?? 'float32';
  return d.endsWith('32') ? 4 : d.endsWith('16') ? 2 : 1;
}

/** Engines idle because a DMA had not finished (Opt #1, #3, #4). */
function waitingOnDma(inp: Inp, scan: RuleScan, push: Push): void {
  const { sched, instructions } = inp;
  const total = sched.totalNs;
  const stallSum = scan.dmaStallSum;
  let e = 0;
  for (let t = 1; t < 4; t++) if (stallSum[t] > stallSum[e]) e = t;
  if (stallSum[e] <= 0) return;
  // The gating DMA's line with most attributed stall.
  const g = scan.dmaStall[e].worst()!.first;
  const frac = stallSum[e] / total;
  const head = `${ENGINE_LABEL[e]} idle ${pct(frac)} of the time waiting on DMA`;
  const dmaLine = lineOf(instructions[g]);

  const reload = reloadInfo(inp, g);
  if (reload && reload.count > 2) {
    const loopText = reload.loop ? `hoist the load out of the \`${reload.loop}\` loop` : 'load it once and keep it in SBUF';
    push(frac, `${head}: line ${dmaLine} loads the same ${bytesText(reload.bytes)} of \`${reload.name}\` ${reload.count} times; ${loopText} and reuse the tile.`, g, false);
    return;
  }
  // Was the DMA itself held back by a buffer still in use (WAR through a reused tile)?
  const gg = sched.gate[g];
  const warGate = gg >= 0 && depKindOf(sched, g, gg) === DEP_WAR;
  if (warGate) {
    const dst = instructions[g].operands.find((o) => o.role !== 'read');
    const st = dst ? inp.storageOf(dst.access.storage) : undefined;
    const where = st?.span ? ` (allocated on line ${st.span.line + 1})` : '';
    const name = `\`${st?.name ?? 'its destination'}\`${where}`;
    const rotated = st !== undefined && inp.rotates(st);
    if (rotated) {
      const loadNs = sched.end[g] - sched.start[g];
      push(frac, `${head}: the load on line ${dmaLine} (${nsText(loadNs)}) can only start when line ${lineOf(instructions[gg])} has finished with the buffer of ${name} `
        + 'two iterations back, and double buffering does not cover its latency: rotate through three buffers, or split the load so its first part is used sooner.', g);
    } else {
      push(frac, `${head}: the load on line ${dmaLine} must wait for ${name} to be released by line ${lineOf(instructions[gg])}; `
        + 'allocate the tile inside the loop so the compiler rotates buffers and the next load overlaps compute.', g);
    }
    return;
  }
  const d = sched.costs.get(g).dma;
  const each = d ? ` (${bytesText(d.bytes)} each, ${nsText(sched.end[g] - sched.start[g])})` : '';
  push(frac, `${head} from line ${dmaLine}${each}: issue the loads earlier (allocate their tiles inside the loop so the next iteration's loads overlap this one's compute) `
    + 'or move fewer bytes per FLOP (reuse loaded tiles across more matmuls).', g);
}

function depKindOf(sched: Schedule, i: number, j: number): number {
  for (let k = sched.depStart[i]; k < sched.depStart[i + 1]; k++) if (sched.depList[k] === j) return sched.depKind[k];
  return -1;
}

/** How many times the HBM bytes read by DMA `g` are read by DMAs, and over which loop. */
function reloadInfo(inp: Inp, g: number): { count: number; bytes: number; name: string; loop?: string } | undefined {
  const src = inp.instructions[g].operands.find((o) => o.role !== 'write' && isHbm(inp.storageOf(o.access.storage)?.buffer));
  if (!src) return undefined;
  const key = accessKey(src.access);
  if (key === undefined) return undefined;
  const hits: number[] = [];
  const C = inp.sched.costs;
  const id = src.access.storage;
  // Only DMAs (on DMA queues: `facts.dmaInstructions`) whose operands touch the storage (the
  // schedule's CSR list) are read.
  const { touchStart, touchStorage } = inp.sched;
  const dma = inp.facts.dmaInstructions;
  for (let k = 0; k < dma.length; k++) {
    const i = dma[k];
    if (!C.rows.isDma[C.row[i]]) continue;
    let touches = false;
    for (let o = touchStart[i]; o < touchStart[i + 1]; o++) if (touchStorage[o] === id) { touches = true; break; }
    if (!touches) continue;
    const ops = inp.instructions[i].operands;
    for (let x = 0; x < ops.length; x++) {
      const o = ops[x];
      if (o.role !== 'write' && o.access.storage === id && sameAccessKey(o.access, key)) { hits.push(i); break; }
    }
  }
  // The loop whose iterations repeat the load: a loop variable that differs between repeats.
  let loop: string | undefined;
  if (hits.length > 1) {
    const a = inp.instructions[hits[0]].loops;
    const b = inp.instructions[hits[1]].loops;
    for (let k = 0; k < Math.min(a.length, b.length); k++) {
      if (a[k].iteration !== b[k].iteration) { loop = a[k].variable; break; }
    }
  }
  return { count: hits.length, bytes: src.access.bytes ?? 0, name: inp.storageOf(src.access.storage)?.name ?? 'input', loop };
}

/** What identifies "the same bytes" of a storage: its element extent and view shape. */
interface AccessKey { ext: [number, number]; shape: Instruction['operands'][number]['access']['shape'] }

function accessKey(a: Instruction['operands'][number]['access']): AccessKey | undefined {
  const ext = a.extent ?? computeExtent(a);
  return ext ? { ext, shape: a.shape } : undefined;
}

/** Same extent and shape (compared as the text `first:last:d0xd1...` would be: unknown dims match each other). */
function sameAccessKey(a: Instruction['operands'][number]['access'], key: AccessKey): boolean {
  const ext = a.extent ?? computeExtent(a);
  if (!ext || !sameText(ext[0], key.ext[0]) || !sameText(ext[1], key.ext[1])) return false;
  const s = a.shape;
  const t = key.shape;
  if (s === t) return true;
  if (s.length !== t.length) return false;
  for (let d = 0; d < s.length; d++) if (!sameText(s[d], t[d])) return false;
  return true;
}

/** `String(x ?? '') === String(y ?? '')` for numbers or undefined, without building strings. */
function sameText(x: number | undefined, y: number | undefined): boolean {
  return x === y || (x == null && y == null) || (x !== x && y !== y); // eslint-disable-line no-self-compare
}

/** Vector/Scalar/GpSimd instructions on fewer than 128 elements per partition (Opt #5a). */
function tinyInstructions(inp: Inp, scan: RuleScan, push: Push, engineUtil: (i: number) => number): void {
  const { sched, instructions } = inp;
  const w = scan.tiny.worst();
  if (!w) return;
  const i = w.first;
  const c = sched.costs.get(i);
  const impact = Math.min(scan.tiny.sum() / sched.totalNs, engineUtil(i));
  push(impact, `${w.count} ${ENGINE_LABEL[sched.track[i]]} instructions on line ${lineOf(instructions[i])} process only ${Math.round(c.elems)} element(s) per partition; `
    + `each pays the fixed ~${inp.spec.computeMinCycles.value}-cycle minimum: process 128 or more elements per instruction (batch the work into larger tiles).`, i);
}

/** Instructions that use a fraction of the 128 partitions for the price of all (Opt #5b). */
function partialPartitions(inp: Inp, scan: RuleScan, push: Push, engineUtil: (i: number) => number): void {
  const { sched, instructions, spec } = inp;
  const P = spec.partitions.value;
  const w = scan.partial.worst();
  if (!w) return;
  const i = w.first;
  const impact = Math.min(w.ns / sched.totalNs, engineUtil(i));
  push(impact, `Line ${lineOf(instructions[i])} runs on ${sched.costs.rows.partitions[sched.costs.row[i]]} of ${P} partitions; an instruction costs the same on all ${P}: `
    + 'fold a free dimension into the partition dimension (partition vectorization) to do more work per instruction.', i);
}

/** fp32 matmuls (4 passes) and matmuls whose moving free size is below the 64-cycle minimum (Opt #7). */
function fp32AndShortMatmuls(inp: Inp, scan: RuleScan, push: Push, engineUtil: (i: number) => number): void {
  const { sched, instructions, spec } = inp;
  const f = scan.fp32.worst();
  if (f) {
    push(Math.min(scan.fp32.sum() / sched.totalNs, engineUtil(f.first)), `Matmuls on line ${lineOf(instructions[f.first])} take float32 inputs and run in ${spec.tensorFp32PassFactor.value} passes: `
      + `cast the operands to bfloat16 (accumulation stays fp32 in PSUM) for ${spec.tensorFp32PassFactor.value}x Tensor Engine throughput.`, f.first,
      false); // a bf16 matmul also has a 4x higher roofline, so the fp32 slack does not bound it
  }
  const s = scan.shortMatmul.worst();
  if (s) {
    const c = sched.costs.get(s.first);
    push(Math.min(scan.shortMatmul.sum() / sched.totalNs, engineUtil(s.first)), `Matmuls on line ${lineOf(instructions[s.first])} stream only ${Math.round(c.elems)} moving columns but each costs at least ${spec.tensorMatmulMinCycles.value} cycles: `
      + 'make the moving free size 128–512 (put the operand with the long free axis as moving, the short one as stationary).', s.first);
  }
}

/** Time lost to the Trn2/Trn3 TensorE warm-up ramp after idle gaps (§1.3, §2 rule 14). */
function throttling(inp: Inp, scan: RuleScan, push: Push): void {
  const { sched, instructions, spec } = inp;
  const worst = scan.throttleWorst;
  if (worst < 0) return;
  const lost = scan.throttleLost;
  push(lost / sched.totalNs, `Tensor Engine runs throttled (dI/dt warm-up from ${pct(spec.tensorWarmupStartFraction.value)} throughput) for ${nsText(lost)}; `
    + `the ramp restarts whenever it is busy less than ${pct(spec.tensorWarmupMinUtilisation.value)} of a ${nsText(spec.tensorWarmupWindowNs.value)} window: `
    + `keep the Tensor Engine at least ${pct(spec.tensorWarmupMinUtilisation.value)} busy (overlap its inputs' DMA), worst at line ${lineOf(instructions[worst])}.`, worst);
}

/** Waiting for a shared PSUM bank / SBUF port another engine holds (§1.4). */
function portConflicts(inp: Inp, scan: RuleScan, push: Push): void {
  const { sched, instructions, spec } = inp;
  const w = scan.portWait.worst();
  if (!w) return;
  const psum = instructions[w.first].operands.some((o) => inp.storageOf(o.access.storage)?.buffer === 'psum');
  const advice = psum
    ? (spec.sharedVectorScalarPsumPort.value > 0
      ? 'Vector and Scalar engines cannot read PSUM at the same time on this target: move one of the two consumers to SBUF data or to the other engine.'
      : 'Vector and Scalar engines read the same PSUM bank at the same time: give them separate PSUM tiles (different banks).')
    : 'Vector and GpSimd engines share the SBUF port here: move this work to another engine or interleave it.';
  push(scan.portWait.sum() / sched.totalNs, `Line ${lineOf(instructions[w.first])} waits ${nsText(w.ns)} for a shared memory port. ${advice}`, w.first);
}

/** Transposes taking a large share of TensorE time (Opt #8; Explorer flags >10%). */
function transposes(inp: Inp, scan: RuleScan, push: Push, engineUtil: (i: number) => number): void {
  const { sched, instructions } = inp;
  const w = scan.transposes.worst();
  if (!w || scan.tensorBusy <= 0) return;
  const transposeNs = scan.transposes.sum();
  const share = transposeNs / scan.tensorBusy;
  if (share < 0.1) return;
  push(Math.min(transposeNs / sched.totalNs, engineUtil(w.first)), `Transposes take ${pct(share)} of Tensor Engine time (worst: line ${lineOf(instructions[w.first])}): `
    + 'swap stationary and moving so the matmul produces the layout its consumer needs, or load the data already transposed.', w.first);
}
