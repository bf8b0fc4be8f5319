/**
 * One trace of one kernel: the state every NKI builtin reports into. It owns the storages
 * (allocations), the instruction stream, diagnostics (de-duplicated, so a check inside a loop
 * reports once), per-name facts for hover, write tracking for read-before-write, and the live
 * on-chip allocations for capacity checks.
 *
 * Locations: an instruction executed inside a helper in another file is attributed to the
 * innermost frame in the file being checked, with the helper's position as related information,
 * so every diagnostic lands where the user can act on it.
 */
import type { Span } from '../frontend/ast';
import type { Ctx, LoopEntry } from '../interp';
import type { NkiModel } from '../nki';
import type { RuleCode } from '../check/rules';
import type { Access, BufferName, EngineName, Frame, Instruction, LoopLevel, Operand, SourceSpan, Storage } from './instruction';
import { elementCount, type Dim } from './indexing';

export interface Related { message: string; span: Span; path: string }

export interface TraceDiagnostic {
  code: RuleCode;
  message: string;
  span: Span;
  path: string;
  related: Related[];
  /** Overrides the rule's default severity (e.g. a language rule that is only a warning in this release). */
  severity?: 'error' | 'warning' | 'information' | 'hint';
}

export interface Fact {
  /** What a name was bound to, for hover and inlay hints. */
  span: Span;
  path: string;
  name: string;
  summary: TensorFact | { kind: 'value'; text: string };
}

export interface TensorFact {
  kind: 'tensor';
  storage: number;
  shape: Dim[];
  dtype: string;
  buffer: BufferName;
}

/**
 * Instructions recorded per trace before the rest are dropped (the trace is then partial, with a
 * message naming the limit). A 16K-token flash attention is ~250K instructions; a recorded
 * instruction with its storages costs about 1 KB of heap, so the cap keeps a trace near 2 GB.
 */
export const DEFAULT_MAX_INSTRUCTIONS = 2_000_000;

export interface TraceLimits {
  /** Stop recording instructions past this many (the run continues; the trace is marked partial). */
  maxInstructions: number;
}

export const ON_CHIP = new Set<BufferName>(['sbuf', 'psum']);

/** The dtype of a tensor whose dtype is not known (an input without a shape); checks skip it. */
export const UNKNOWN_DTYPE = '?';

export function toSourceSpan(path: string, span: Span): SourceSpan {
  return { path, line: span.start.line, character: span.start.character, endLine: span.end.line, endCharacter: span.end.character };
}

/** Per-AST-span interning: instructions in a loop share one record per source position. */
class SpanTable {
  private readonly spans = new WeakMap<Span, SourceSpan>();
  private readonly sites = new WeakMap<Span, { path: string; site: string }>();
  private readonly frames = new WeakMap<Span, Frame>();

  source(path: string, span: Span): SourceSpan {
    let s = this.spans.get(span);
    if (s === undefined || s.path !== path) {
      s = toSourceSpan(path, span);
      this.spans.set(span, s);
    }
    return s;
  }

  site(path: string, span: Span): string {
    let s = this.sites.get(span);
    if (s === undefined || s.path !== path) {
      s = { path, site: `${path}:${span.start.line}:${span.start.character}` };
      this.sites.set(span, s);
    }
    return s.site;
  }

  frame(functionName: string, path: string, span: Span): Frame {
    let f = this.frames.get(span);
    if (f === undefined || f.functionName !== functionName || f.span.path !== path) {
      f = { functionName, span: this.source(path, span) };
      this.frames.set(span, f);
    }
    return f;
  }
}

function sameDims(a: readonly Dim[], b: readonly Dim[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isEmpty(o: object): boolean {
  for (const _ in o) return false;
  return true;
}

/** Shared by every instruction without attributes or arguments (most of them): frozen, never edited. */
const NO_ATTRS: Instruction['attrs'] = Object.freeze({}) as Instruction['attrs'];
const NO_ARGS: NonNullable<Instruction['args']> = Object.freeze({}) as NonNullable<Instruction['args']>;

/**
 * Interned call stacks: one array per distinct chain of frames, so the instructions of a loop
 * body share them. Keyed by the interned frames, outermost first.
 */
interface StackNode { stack: Frame[]; children: Map<Frame, StackNode> | undefined }

/**
 * Interned short dimension lists (pairs and triples of known sizes) for the recorded accesses: a
 * loop's instructions reuse a handful of shapes, strides and extents. Never modified once made.
 */
export class DimsTable {
  private readonly pairs = new Map<number, Map<number, Dim[]>>();
  private readonly triples = new Map<number, Map<number, Map<number, Dim[]>>>();

  intern(dims: Dim[]): Dim[] {
    if (dims.length === 2) {
      const a = dims[0]; const b = dims[1];
      if (a === undefined || b === undefined) return dims;
      let inner = this.pairs.get(a);
      if (!inner) this.pairs.set(a, (inner = new Map()));
      let d = inner.get(b);
      if (!d) inner.set(b, (d = dims));
      return d;
    }
    if (dims.length === 3) {
      const a = dims[0]; const b = dims[1]; const c = dims[2];
      if (a === undefined || b === undefined || c === undefined) return dims;
      let m1 = this.triples.get(a);
      if (!m1) this.triples.set(a, (m1 = new Map()));
      let m2 = m1.get(b);
      if (!m2) m1.set(b, (m2 = new Map()));
      let d = m2.get(c);
      if (!d) m2.set(c, (d = dims));
      return d;
    }
    return dims;
  }
}

const NO_SPAN: Span = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, startOffset: 0, endOffset: 0 };

/**
 * Receives each recorded instruction once it can no longer change: when the next one is emitted
 * (an assignment may still retarget the newest: `out[...] = nl.exp(x)` writes `out` directly), or
 * at `flushSink()`. The performance model encodes its compact stream this way, while the
 * instruction's objects are still in the CPU cache.
 */
export interface InstructionSink { add(instruction: Instruction): void }

/** Distinct hover summaries kept per binding site (hover shows a few; loops rebind thousands of times). */
const MAX_FACTS_PER_SITE = 8;

export class TraceSession {
  readonly instructions: Instruction[] = [];
  readonly storages: Storage[] = [];
  readonly diagnostics: TraceDiagnostic[] = [];
  readonly facts: Fact[] = [];
  /** Gaps while tracing the kernel: they make the trace partial. */
  readonly gaps: Array<{ reason: string; span?: Span; path?: string }> = [];
  /** Gaps while running the module body (host-side imports, test drivers): listed, not counted. */
  readonly moduleGaps: Array<{ reason: string; span?: Span; path?: string }> = [];
  phase: 'module' | 'kernel' = 'module';
  /** By storage id: the instruction index at which it was allocated, and of its last access. */
  readonly allocatedAt: number[] = [];
  readonly lastUse: Array<number | undefined> = [];
  /** By storage id: written at least once (kernel inputs count as written). */
  private readonly written: boolean[] = [];
  private readonly diagnosticKeys = new Set<string>();
  private readonly gapKeys = new Set<string>();
  private readonly spanTable = new SpanTable();
  /** Shared shapes, strides and extents of recorded accesses. */
  readonly dims = new DimsTable();
  private readonly opcodes = new Map<string, string>();
  /** The previous instruction's loop records, shared while they do not change. */
  private prevLoops: LoopLevel[] = [];
  private prevLoopEntries: LoopEntry[] = [];
  private prevLoopIterations: number[] = [];
  private prevLoopPath = '';
  private readonly factSites = new WeakMap<Span, Map<string, Fact[]>>();
  instructionsDropped = 0;
  /** Set by the kernel launcher for SPMD/LNC launches. */
  core = 0;
  /** See `InstructionSink`; `sunk` instructions have been passed to it. */
  sink: InstructionSink | undefined;
  private sunk = 0;

  constructor(readonly model: NkiModel, readonly path: string, readonly limits: TraceLimits = { maxInstructions: DEFAULT_MAX_INSTRUCTIONS }) {}

  /** The innermost position in the checked file, plus the frames beyond it (helpers elsewhere). */
  locate(ctx: Ctx, span?: Span): { span: Span | undefined; related: Related[] } {
    const here = span ?? ctx.span;
    if (ctx.path === this.path || ctx.path === undefined) return { span: here, related: [] };
    const stack = ctx.liveFrames;
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i];
      const fspan = f.node?.span;
      if (f.module.path === this.path && fspan) {
        const related = here && ctx.path ? [{ message: 'inside this helper', span: here, path: ctx.path }] : [];
        return { span: fspan, related };
      }
    }
    return { span: here, related: [] };
  }

  report(code: RuleCode, message: string, ctx: Ctx, options: { span?: Span; related?: Related[]; severity?: TraceDiagnostic['severity'] } = {}): void {
    const { span, related } = this.locate(ctx, options.span);
    if (!span) return;
    const key = `${code}:${span.startOffset}:${span.endOffset}:${message}`;
    if (this.diagnosticKeys.has(key)) return;
    this.diagnosticKeys.add(key);
    this.diagnostics.push({ code, message, span, path: this.path, related: [...(options.related ?? []), ...related], severity: options.severity });
  }

  gap(reason: string, span: Span | undefined, path: string | undefined): void {
    const key = `${path}:${span?.startOffset}:${reason}`;
    if (this.gapKeys.has(key)) return;
    this.gapKeys.add(key);
    (this.phase === 'kernel' ? this.gaps : this.moduleGaps).push({ reason, span, path });
  }

  allocate(ctx: Ctx, init: Omit<Storage, 'id' | 'site' | 'bytesPerElement' | 'partitions' | 'bytesPerPartition' | 'totalBytes' | 'span'>, span?: Span): Storage {
    const bytesPerElement = this.model.dtype(init.dtype)?.sizeBytes ?? 4;
    const here = span ?? ctx.span;
    const id = this.storages.length;
    const path = ctx.path ?? this.path;
    const site = here ? this.spanTable.site(path, here) : `${id}`;
    const shape = this.dims.intern(init.shape);
    const source = here ? this.spanTable.source(path, here) : undefined;
    const onChip = ON_CHIP.has(init.buffer);
    let partitions: Dim;
    let bytes: Dim;
    if (onChip) {
      partitions = init.shape[0];
      let free: Dim = 1;
      for (let i = 1; i < init.shape.length && free !== undefined; i++) {
        const d = init.shape[i];
        free = d === undefined ? undefined : free * d;
      }
      bytes = free === undefined ? undefined : free * bytesPerElement;
    } else {
      const n = elementCount(init.shape);
      bytes = n === undefined ? undefined : n * bytesPerElement;
    }
    let storage: Storage;
    if (init.opaque === undefined && init.explicitlyPlaced === undefined && init.blockDims === undefined && init.elided === undefined) {
      // The common case as one literal (the same keys, in the same order, as the general case
      // below): a trace holds hundreds of thousands of storages.
      storage = onChip
        ? { id, site, name: init.name, buffer: init.buffer, dtype: init.dtype, bytesPerElement, shape, origin: init.origin, span: source, partitions, bytesPerPartition: bytes }
        : { id, site, name: init.name, buffer: init.buffer, dtype: init.dtype, bytesPerElement, shape, origin: init.origin, span: source, totalBytes: bytes };
    } else {
      storage = { id, site, name: init.name, buffer: init.buffer, dtype: init.dtype, bytesPerElement, shape, origin: init.origin, span: source };
      if (init.opaque !== undefined) storage.opaque = init.opaque;
      if (init.explicitlyPlaced !== undefined) storage.explicitlyPlaced = init.explicitlyPlaced;
      if (init.blockDims !== undefined) storage.blockDims = init.blockDims;
      if (init.elided !== undefined) storage.elided = init.elided;
      if (onChip) {
        storage.partitions = partitions;
        storage.bytesPerPartition = bytes;
      } else {
        storage.totalBytes = bytes;
      }
    }
    this.storages.push(storage);
    this.written.push(init.origin === 'input');
    // Shape mode holds no tensor data, so allocations cost no memory budget here; the data-mode
    // simulator charges the bytes it really allocates.
    this.allocatedAt.push(this.instructions.length + this.instructionsDropped);
    this.lastUse.push(undefined);
    return storage;
  }

  markWritten(storage: number): void {
    this.written[storage] = true;
  }

  isWritten(storage: number): boolean {
    return this.written[storage] === true;
  }

  emit(ctx: Ctx, init: { api: string; engine: EngineName; operands: Operand[]; attrs?: Instruction['attrs']; args?: Instruction['args']; partitions?: Dim; freeElements?: Dim }): Instruction | undefined {
    const seq = this.instructions.length + this.instructionsDropped;
    const operands = init.operands;
    for (let i = 0; i < operands.length; i++) {
      const op = operands[i];
      const id = op.access.storage;
      if (op.role !== 'read') this.written[id] = true;
      this.lastUse[id] = seq;
    }
    if (this.instructions.length >= this.limits.maxInstructions) {
      this.instructionsDropped++;
      return undefined;
    }
    if (this.sink) this.flushSink();
    const path = ctx.path ?? this.path;
    const span = ctx.span;
    const stack = this.stackOf(ctx, path);
    const seqNo = this.instructions.length;
    const opcode = this.opcodeOf(init.api);
    const attrs = init.attrs === undefined || isEmpty(init.attrs) ? NO_ATTRS : init.attrs;
    const where = span ? this.spanTable.source(path, span) : stack[stack.length - 1]?.span ?? this.spanTable.source(path, NO_SPAN);
    const loops = this.loopsOf(ctx, path);
    // `args` last, as one literal with the rest: no per-record out-of-object property storage.
    const instruction: Instruction = init.args
      ? {
        seq: seqNo, api: init.api, opcode, engine: init.engine, operands, attrs, partitions: init.partitions, freeElements: init.freeElements,
        span: where, stack, loops, core: this.core, args: isEmpty(init.args) ? NO_ARGS : init.args,
      }
      : {
        seq: seqNo, api: init.api, opcode, engine: init.engine, operands, attrs, partitions: init.partitions, freeElements: init.freeElements,
        span: where, stack, loops, core: this.core,
      };
    this.instructions.push(instruction);
    return instruction;
  }

  /** Passes every recorded instruction not yet passed to the sink. */
  flushSink(): void {
    const sink = this.sink;
    if (!sink) return;
    const ins = this.instructions;
    while (this.sunk < ins.length) sink.add(ins[this.sunk++]);
  }

  private opcodeOf(api: string): string {
    let op = this.opcodes.get(api);
    if (op === undefined) {
      op = api.slice(api.lastIndexOf('.') + 1);
      this.opcodes.set(api, op);
    }
    return op;
  }

  private readonly stackRoot: StackNode = { stack: [], children: undefined };

  /** The previous instruction's outer interpreter frames with their call nodes' spans, and their stack node. */
  private prevFrameKeys: unknown[] = [];
  private prevOuter: StackNode | undefined;
  private prevStackPath = '';

  /** The frames with a position, outermost first, as an interned array. */
  private stackOf(ctx: Ctx, path: string): Frame[] {
    const frames = ctx.liveFrames;
    const n = frames.length;
    if (n === 0) return this.stackRoot.stack;
    // Consecutive instructions usually differ only in the innermost frame's call site: the
    // outer frames' node is kept from the previous instruction while they are the same.
    const keys = this.prevFrameKeys;
    let outer = this.prevOuter;
    if (outer === undefined || path !== this.prevStackPath || keys.length !== (n - 1) * 2) outer = undefined;
    else {
      for (let i = 0; i < n - 1; i++) {
        const f = frames[i];
        if (keys[2 * i] !== f || keys[2 * i + 1] !== f.node?.span) { outer = undefined; break; }
      }
    }
    if (outer === undefined) {
      outer = this.stackRoot;
      const next: unknown[] = new Array((n - 1) * 2);
      for (let i = 0; i < n - 1; i++) {
        const f = frames[i];
        next[2 * i] = f; next[2 * i + 1] = f.node?.span;
        outer = this.child(outer, f, path);
      }
      this.prevFrameKeys = next;
      this.prevOuter = outer;
      this.prevStackPath = path;
    }
    return this.child(outer, frames[n - 1], path).stack;
  }

  /** The interned stack one frame deeper (the same node for a frame without a position). */
  private child(node: StackNode, f: Ctx['liveFrames'][number], path: string): StackNode {
    const span = f.node?.span;
    if (!span) return node;
    const frame = this.spanTable.frame(f.functionName, f.module.path ?? path, span);
    let next = node.children?.get(frame);
    if (next === undefined) {
      next = { stack: [...node.stack, frame], children: undefined };
      (node.children ??= new Map()).set(frame, next);
    }
    return next;
  }

  /** The active loops and their iterations; the previous array when they are the same. */
  private loopsOf(ctx: Ctx, path: string): LoopLevel[] {
    const loops = ctx.liveLoops;
    const entries = this.prevLoopEntries;
    const iterations = this.prevLoopIterations;
    if (loops.length === entries.length && path === this.prevLoopPath) {
      let same = true;
      for (let i = 0; i < loops.length; i++) {
        if (loops[i] !== entries[i] || loops[i].iteration !== iterations[i]) { same = false; break; }
      }
      if (same) return this.prevLoops;
    }
    const out: LoopLevel[] = new Array(loops.length);
    for (let i = 0; i < loops.length; i++) {
      const l = loops[i];
      out[i] = { variable: l.variable, iteration: l.iteration, span: this.spanTable.source(path, l.span) };
    }
    this.prevLoops = out;
    this.prevLoopEntries = loops.slice();
    this.prevLoopIterations = loops.map((l) => l.iteration);
    this.prevLoopPath = path;
    return out;
  }

  addFact(fact: Fact): void {
    this.facts.push(fact);
  }

  /**
   * A tensor bound to a name, for hover. A binding inside a loop repeats with the same summary
   * every iteration: only distinct summaries are kept, a few per binding site.
   */
  addTensorFact(span: Span, path: string, name: string, storage: Storage, shape: readonly Dim[], dtype: string, buffer: BufferName): void {
    let byName = this.factSites.get(span);
    if (!byName) this.factSites.set(span, (byName = new Map()));
    let kept = byName.get(name);
    if (!kept) byName.set(name, (kept = []));
    if (kept.length >= MAX_FACTS_PER_SITE) return;
    for (const f of kept) {
      const t = f.summary as TensorFact;
      if (f.path === path && t.dtype === dtype && t.buffer === buffer && this.storages[t.storage].site === storage.site && sameDims(t.shape, shape)) return;
    }
    const fact: Fact = { span, path, name, summary: { kind: 'tensor', storage: storage.id, shape: [...shape], dtype, buffer } };
    kept.push(fact);
    this.facts.push(fact);
  }
}

export type { Access, Storage };
