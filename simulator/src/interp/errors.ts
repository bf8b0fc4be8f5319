/**
 * The three ways a run can end abnormally, all carrying source spans:
 * - `PyException`: a Python-level exception (raised by user code or a builtin). Catchable by
 *   `try/except`; carries the exception instance and the traceback captured where it was raised.
 * - `BudgetExceeded`: a step/time/memory/depth budget ran out or the run was cancelled. Not
 *   catchable by Python code: `except` clauses never see it.
 * - `InterpreterError`: a bug or unsupported construct in the interpreter itself.
 * `format()` renders `file:line:col: message` (1-based line and column) plus the traceback.
 */
import type { Span } from '../frontend/ast';
import type { InstanceValue } from './values';

/** One frame of a traceback / call stack: the function and the position executing in it. */
export interface TraceEntry {
  functionName: string;
  span: Span | undefined;
  path: string | undefined;
}

export function formatLocation(path: string | undefined, span: Span | undefined): string {
  const where = span ? `${span.start.line + 1}:${span.start.character + 1}` : '?';
  return `${path ?? '<string>'}:${where}`;
}

function formatTrace(trace: readonly TraceEntry[]): string {
  return trace.map((t) => `\n    at ${t.functionName} (${formatLocation(t.path, t.span)})`).join('');
}

export class PyException extends Error {
  /** Set when this exception was raised while handling another (`__context__`). */
  constructor(
    readonly value: InstanceValue,
    /** Outermost frame first; the last entry is where the exception was raised. */
    readonly traceback: TraceEntry[],
    message: string,
  ) {
    super(message);
    this.name = 'PyException';
  }

  /** The exception's Python class name (`ValueError`). */
  get typeName(): string { return this.value.cls.name; }

  get span(): Span | undefined { return this.traceback[this.traceback.length - 1]?.span; }
  get path(): string | undefined { return this.traceback[this.traceback.length - 1]?.path; }

  format(): string {
    return `${formatLocation(this.path, this.span)}: ${this.message}${formatTrace(this.traceback.slice().reverse())}`;
  }
}

export type BudgetKind = 'steps' | 'time' | 'memory' | 'depth' | 'cancelled';

export class BudgetExceeded extends Error {
  constructor(
    readonly budget: BudgetKind,
    /** The limit that was exceeded (steps, milliseconds, bytes, frames; 0 for cancellation). */
    readonly limit: number,
    readonly span: Span | undefined,
    readonly path: string | undefined,
    /** Outermost frame first. */
    readonly callStack: TraceEntry[],
  ) {
    super(BudgetExceeded.describe(budget, limit));
    this.name = 'BudgetExceeded';
  }

  static describe(budget: BudgetKind, limit: number): string {
    switch (budget) {
      case 'steps': return `step budget of ${limit} exceeded`;
      case 'time': return `time budget of ${limit} ms exceeded`;
      case 'memory': return `memory budget of ${limit} bytes exceeded`;
      case 'depth': return `recursion depth limit of ${limit} exceeded`;
      case 'cancelled': return 'run cancelled';
    }
  }

  format(): string {
    return `${formatLocation(this.path, this.span)}: ${this.message}${formatTrace(this.callStack.slice().reverse())}`;
  }
}

export class InterpreterError extends Error {
  constructor(message: string, readonly span?: Span, readonly path?: string) {
    super(message);
    this.name = 'InterpreterError';
  }

  format(): string {
    return `${formatLocation(this.path, this.span)}: internal error: ${this.message}`;
  }
}
