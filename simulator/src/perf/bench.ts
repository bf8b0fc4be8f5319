/**
 * Benchmark of the performance model: instructions simulated per second.
 *
 * Purpose: time the model (median of several runs) on an instruction stream: a large synthetic
 * one, the NKI tutorial's tiled matmul (for each output tile: for k, load Aᵀ and B tiles into
 * rotating SBUF buffers and accumulate a matmul into PSUM; then drain PSUM with VectorE and
 * store), or a real trace (`timeModel`, used by `npm run bench -- --only model`). Phases: encoding
 * the stream from instruction objects; the scheduler on the encoded stream; `simulate` on it
 * (schedule + profile: events, summary, occupancy, per-line totals, recommendations), which is
 * what `profile` runs after the tracer encoded the stream as it recorded; `simulate` from the
 * objects; and `simulate` + the profile JSON text (counted, not written).
 * Invariant: the stream is deterministic for given sizes; timings are this process's CPU time
 * (other load on a shared machine does not count; garbage collection on helper threads does),
 * each phase repeated in a row, and only the median is reported.
 */
import type { Access, Instruction, LoopLevel, SourceSpan, Storage } from '../tracer/instruction';
import { schedule } from './engine';
import { hardwareFor } from './hardware/index';
import { simulate } from './profile';
import { profileJsonChunks } from '../profile/json';
import { encodeStream, type InstructionStream } from './stream';
import type { TargetName } from '../profile/schema';

export interface BenchTrace { instructions: Instruction[]; storages: Storage[] }

/** C[M, N] = A[M, K] @ B[K, N] in bf16 with 128 × 512 output tiles: 3·kTiles + 2 instructions per tile. */
export function tiledMatmulTrace(mTiles: number, nTiles: number, kTiles: number): BenchTrace {
  const path = 'bench_matmul.py';
  const spans = new Map<number, SourceSpan>();
  const span = (line: number): SourceSpan => {
    let s = spans.get(line);
    if (!s) { s = { path, line, character: 8, endLine: line, endCharacter: 60 }; spans.set(line, s); }
    return s;
  };
  const storages: Storage[] = [];
  const instructions: Instruction[] = [];
  const store = (s: Omit<Storage, 'id'>): Storage => { const st = { ...s, id: storages.length }; storages.push(st); return st; };
  const M = mTiles * 128;
  const N = nTiles * 512;
  const K = kTiles * 128;
  const aT = store({ site: `${path}:1`, name: 'a_t', buffer: 'shared_hbm', dtype: 'bfloat16', bytesPerElement: 2, shape: [K, M], totalBytes: K * M * 2, origin: 'input' });
  const b = store({ site: `${path}:2`, name: 'b', buffer: 'shared_hbm', dtype: 'bfloat16', bytesPerElement: 2, shape: [K, N], totalBytes: K * N * 2, origin: 'input' });
  const c = store({ site: `${path}:3`, name: 'c', buffer: 'shared_hbm', dtype: 'bfloat16', bytesPerElement: 2, shape: [M, N], totalBytes: M * N * 2, origin: 'output' });
  const local = (line: number, name: string, buffer: 'sbuf' | 'psum', dtype: string, bpe: number, free: number) =>
    store({ site: `${path}:${line}`, name, buffer, dtype, bytesPerElement: bpe, shape: [128, free], partitions: 128, bytesPerPartition: free * bpe, origin: 'local', span: span(line) });
  // Shapes and strides are immutable: share one array per value, as a tracer can (less memory).
  const interned = new Map<string, number[]>();
  const pair = (a: number, b: number): number[] => {
    const key = `${a},${b}`;
    let v = interned.get(key);
    if (!v) { v = [a, b]; interned.set(key, v); }
    return v;
  };
  const hbmTile = (st: Storage, r0: number, c0: number, rows: number, cols: number): Access => {
    const W = st.shape[1] as number;
    return {
      storage: st.id, shape: pair(rows, cols), dtype: 'bfloat16', strides: pair(W, 1), offset: r0 * W + c0, bytes: rows * cols * 2,
      extent: [r0 * W + c0, (r0 + rows - 1) * W + c0 + cols - 1], contiguousBytes: cols * 2,
    };
  };
  const wholeRange: [number, number] = [0, 128];
  const fullViews = new Map<number, Access>();
  /** The whole tile; one Access per storage, shared by the instructions that use it. */
  const full = (st: Storage): Access => {
    let a = fullViews.get(st.id);
    if (a) return a;
    const f = st.shape[1] as number;
    a = {
      storage: st.id, shape: pair(128, f), dtype: st.dtype, strides: pair(f, 1), offset: 0, bytes: 128 * f * st.bytesPerElement,
      partitionRange: wholeRange, extent: [0, 128 * f - 1], contiguousBytes: f * st.bytesPerElement,
    };
    fullViews.set(st.id, a);
    return a;
  };
  const emit = (line: number, opcode: string, engine: Instruction['engine'], operands: Instruction['operands'], loops: LoopLevel[], attrs: Instruction['attrs'] = {}) => {
    const s = span(line);
    instructions.push({ seq: instructions.length, api: `nki.isa.${opcode}`, opcode, engine, operands, attrs, span: s, stack: [{ functionName: 'matmul_kernel', span: s }], loops, core: 0 });
  };
  const loopSpan = span(5);
  for (let m = 0; m < mTiles; m++) {
    for (let n = 0; n < nTiles; n++) {
      const mn: LoopLevel[] = [{ variable: 'm', iteration: m, span: loopSpan }, { variable: 'n', iteration: n, span: loopSpan }];
      const ps = local(8, 'res_psum', 'psum', 'float32', 4, 512);
      for (let k = 0; k < kTiles; k++) {
        const loops = [...mn, { variable: 'k', iteration: k, span: loopSpan }];
        const at = local(10, 'a_tile', 'sbuf', 'bfloat16', 2, 128);
        const bt = local(11, 'b_tile', 'sbuf', 'bfloat16', 2, 512);
        emit(10, 'dma_copy', 'dma', [{ param: 'dst', role: 'write', access: full(at) }, { param: 'src', role: 'read', access: hbmTile(aT, k * 128, m * 128, 128, 128) }], loops);
        emit(11, 'dma_copy', 'dma', [{ param: 'dst', role: 'write', access: full(bt) }, { param: 'src', role: 'read', access: hbmTile(b, k * 128, n * 512, 128, 512) }], loops);
        emit(12, 'nc_matmul', 'tensor', [
          { param: 'dst', role: k > 0 ? 'readwrite' : 'write', access: full(ps) },
          { param: 'stationary', role: 'read', access: full(at) },
          { param: 'moving', role: 'read', access: full(bt) },
        ], loops, { accumulate: k > 0 });
      }
      const out = local(14, 'res_sb', 'sbuf', 'bfloat16', 2, 512);
      emit(14, 'tensor_copy', 'vector', [{ param: 'dst', role: 'write', access: full(out) }, { param: 'src', role: 'read', access: full(ps) }], mn);
      emit(15, 'dma_copy', 'dma', [{ param: 'dst', role: 'write', access: hbmTile(c, m * 128, n * 512, 128, 512) }, { param: 'src', role: 'read', access: full(out) }], mn);
    }
  }
  return { instructions, storages };
}

export interface PerfBenchResult {
  target: TargetName;
  /** What was simulated (e.g. "synthetic tiled matmul", a kernel and its shapes). */
  label: string;
  instructions: number;
  runs: number;
  /** Median CPU time (this process, user + system: GC threads included) of: encoding the stream
   * from the instruction objects; the scheduler on the encoded stream; `simulate` on the encoded
   * stream (schedule + profile: what `profile` runs after the tracer encoded the stream as it
   * recorded); `simulate` from the objects (encoding included); and the first plus the JSON text. */
  encodeMs: number;
  scheduleMs: number;
  simulateMs: number;
  objectsMs: number;
  fullMs: number;
  /** Median wall time of `simulate` on the encoded stream. */
  simulateWallMs: number;
  jsonBytes: number;
  simulatedNs: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}


/** Times the model on a tiled matmul of about `approxInstructions` instructions. */
export function runPerfBench(options: { approxInstructions?: number; runs?: number; target?: TargetName } = {}): PerfBenchResult {
  const kTiles = 64;
  const tiles = Math.max(1, Math.round((options.approxInstructions ?? 1_000_000) / (3 * kTiles + 2)));
  const mTiles = Math.max(1, Math.floor(Math.sqrt(tiles / 4)));
  const nTiles = Math.max(1, Math.round(tiles / mTiles));
  const trace = tiledMatmulTrace(mTiles, nTiles, kTiles);
  return timeModel(trace.instructions, trace.storages, { ...options, label: 'synthetic tiled matmul' });
}

/** Times the model on an instruction stream (e.g. a real trace, with the stream its tracer encoded): median of `runs`. */
export function timeModel(instructions: readonly Instruction[], storages: readonly Storage[],
  options: { runs?: number; target?: TargetName; label?: string; stream?: InstructionStream } = {}): PerfBenchResult {
  const target = options.target ?? 'trn2';
  const runs = Math.max(1, options.runs ?? 5);
  const spec = hardwareFor(target);
  const times = { encode: [] as number[], schedule: [] as number[], simulate: [] as number[], wall: [] as number[], objects: [] as number[], full: [] as number[] };
  let simulatedNs = 0;
  let jsonBytes = 0;
  // CPU time of this process (user + system), so other processes on a shared machine do not count.
  const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
  const stream = options.stream ?? encodeStream(instructions, storages);
  // Each phase runs `runs` times in a row, so the garbage collections it pays for are those its
  // own allocations cause (a full collection forced between runs would also discard V8's
  // optimised code and measure a cold start each time).
  const timed = (out: number[], f: () => void) => {
    for (let r = 0; r < runs; r++) { const t0 = cpuMs(); f(); out.push(cpuMs() - t0); }
  };
  // In the order `profile` runs them (the stream comes from the tracer): the scheduler, simulate,
  // simulate + JSON; then the paths from instruction objects, whose garbage would otherwise be
  // collected during the phases after them.
  timed(times.schedule, () => schedule(instructions, storages, spec, { stream }));
  for (let r = 0; r < runs; r++) {
    const t0 = cpuMs();
    const w0 = performance.now();
    const p = simulate(instructions, storages, target, { stream });
    times.simulate.push(cpuMs() - t0);
    times.wall.push(performance.now() - w0);
    simulatedNs = p.summary.totalNs;
  }
  timed(times.full, () => {
    const p = simulate(instructions, storages, target, { stream });
    jsonBytes = 0;
    for (const chunk of profileJsonChunks(p)) jsonBytes += chunk.length;
  });
  timed(times.encode, () => encodeStream(instructions, storages));
  timed(times.objects, () => simulate(instructions, storages, target));
  return {
    target, label: options.label ?? 'trace', instructions: instructions.length, runs,
    encodeMs: median(times.encode), scheduleMs: median(times.schedule), simulateMs: median(times.simulate), objectsMs: median(times.objects),
    fullMs: median(times.full), simulateWallMs: median(times.wall), simulatedNs, jsonBytes,
  };
}

export function formatPerfBench(r: PerfBenchResult): string {
  const rate = (ms: number) => `${(r.instructions / ms / 1000).toFixed(2)} M instr/s`;
  return `perf model (${r.target}, ${r.label}): ${r.instructions.toLocaleString('en-US')} instructions, median CPU time of ${r.runs} runs; `
    + `simulate on the encoded stream ${r.simulateMs.toFixed(0)} ms = ${rate(r.simulateMs)} (wall ${r.simulateWallMs.toFixed(0)} ms; scheduler alone ${r.scheduleMs.toFixed(0)} ms = ${rate(r.scheduleMs)}); `
    + `from instruction objects ${r.objectsMs.toFixed(0)} ms = ${rate(r.objectsMs)} (encoding ${r.encodeMs.toFixed(0)} ms); `
    + `+ JSON (${(r.jsonBytes / 2 ** 20).toFixed(0)} MiB) ${r.fullMs.toFixed(0)} ms = ${rate(r.fullMs)}; `
    + `simulated kernel time ${(r.simulatedNs / 1e6).toFixed(2)} ms`;
}
