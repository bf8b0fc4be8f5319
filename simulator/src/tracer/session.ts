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
import type { Ctx } from '../interp';
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
  /** Instruction index at which each storage was allocated, and of its last access. */
  readonly allocatedAt = new Map<number, number>();
  readonly lastUse = new Map<number, number>();
  /** Storages written at least once (kernel inputs count as written). */
  private readonly written = new Set<number>();
  private readonly diagnosticKeys = new Set<string>();
  private readonly gapKeys = new Set<string>();
  instructionsDropped = 0;
  /** Set by the kernel launcher for SPMD/LNC launches. */
  core = 0;

  constructor(readonly model: NkiModel, readonly path: string, readonly limits: TraceLimits = { maxInstructions: 2_000_000 }) {}

  /** The innermost position in the checked file, plus the frames beyond it (helpers elsewhere). */
  locate(ctx: Ctx, span?: Span): { span: Span | undefined; related: Related[] } {
    const stack = ctx.callStack;
    const here = span ?? ctx.span;
    if (ctx.path === this.path || ctx.path === undefined) return { span: here, related: [] };
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i];
      if (f.path === this.path && f.span) {
        const related = here && ctx.path ? [{ message: 'inside this helper', span: here, path: ctx.path }] : [];
        return { span: f.span, related };
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
    const storage: Storage = {
      ...init,
      id: this.storages.length,
      site: here ? `${ctx.path ?? this.path}:${here.start.line}:${here.start.character}` : `${this.storages.length}`,
      bytesPerElement,
      span: here ? toSourceSpan(ctx.path ?? this.path, here) : undefined,
    };
    if (ON_CHIP.has(init.buffer)) {
      storage.partitions = init.shape[0];
      const free = elementCount(init.shape.slice(1));
      storage.bytesPerPartition = free === undefined ? undefined : free * bytesPerElement;
    } else {
      const n = elementCount(init.shape);
      storage.totalBytes = n === undefined ? undefined : n * bytesPerElement;
    }
    this.storages.push(storage);
    if (init.origin === 'input') this.written.add(storage.id);
    // Shape mode holds no tensor data, so allocations cost no memory budget here; the data-mode
    // simulator charges the bytes it really allocates.
    this.allocatedAt.set(storage.id, this.instructions.length + this.instructionsDropped);
    return storage;
  }

  markWritten(storage: number): void {
    this.written.add(storage);
  }

  isWritten(storage: number): boolean {
    return this.written.has(storage);
  }

  emit(ctx: Ctx, init: { api: string; engine: EngineName; operands: Operand[]; attrs?: Instruction['attrs']; args?: Instruction['args']; partitions?: Dim; freeElements?: Dim }): Instruction | undefined {
    const seq = this.instructions.length + this.instructionsDropped;
    for (const op of init.operands) {
      if (op.role !== 'read') this.markWritten(op.access.storage);
      this.lastUse.set(op.access.storage, seq);
    }
    if (this.instructions.length >= this.limits.maxInstructions) {
      this.instructionsDropped++;
      return undefined;
    }
    const path = ctx.path ?? this.path;
    const span = ctx.span;
    const stack: Frame[] = ctx.callStack
      .filter((f) => f.span)
      .map((f) => ({ functionName: f.functionName, span: toSourceSpan(f.path ?? path, f.span!) }));
    const loops: LoopLevel[] = ctx.loopPath.map((l) => ({
      variable: '',
      iteration: l.iteration,
      span: toSourceSpan(path, l.span),
    }));
    const instruction: Instruction = {
      seq: this.instructions.length,
      api: init.api,
      opcode: init.api.slice(init.api.lastIndexOf('.') + 1),
      engine: init.engine,
      operands: init.operands,
      attrs: init.attrs ?? {},
      ...(init.args ? { args: init.args } : {}),
      partitions: init.partitions,
      freeElements: init.freeElements,
      span: span ? toSourceSpan(path, span) : stack[stack.length - 1]?.span ?? toSourceSpan(path, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, startOffset: 0, endOffset: 0 }),
      stack,
      loops,
      core: this.core,
    };
    this.instructions.push(instruction);
    return instruction;
  }

  addFact(fact: Fact): void {
    this.facts.push(fact);
  }
}

export type { Access, Storage };
