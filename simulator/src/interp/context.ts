/**
 * What the interpreter shows to the code built on top of it: the `Ctx` handed to host objects
 * and native functions, and the `Hooks` a caller (the tracer, hover) passes in.
 * Invariant: nothing here exposes interpreter internals; the NKI layer depends only on this file,
 * values.ts and errors.ts.
 */
import type { Call, Expr, Span } from '../frontend/ast';
import type { TraceEntry } from './errors';
import type { ClassValue, Kwargs, Value } from './values';

export type StackEntry = TraceEntry;

/** One active loop, outermost first in `Ctx.loopPath`. */
export interface LoopEntry {
  /** Span of the `for`/`while` statement. */
  span: Span;
  /** The `for` target's names as written (`k`, `i, j`); '' for `while` and other targets. */
  variable: string;
  /** 0-based iteration count. */
  iteration: number;
  /** The value bound to the loop target this iteration (`for` loops), if any. */
  value: Value | undefined;
}

/** A frame as `Ctx.liveFrames` shows it. */
export interface LiveFrame {
  readonly functionName: string;
  readonly node: { readonly span: Span } | undefined;
  readonly module: { readonly path?: string };
}

export interface Ctx {
  /** Active frames, outermost first; the last one's span is the node executing now. */
  readonly callStack: readonly StackEntry[];
  /** Active loops across all frames, outermost first (a snapshot). */
  readonly loopPath: readonly LoopEntry[];
  /**
   * The same frames and loops, live and uncopied, for hot paths that read them once and keep
   * nothing (the tracer records one instruction per NKI call). Never retain or mutate them.
   */
  readonly liveFrames: readonly LiveFrame[];
  readonly liveLoops: readonly LoopEntry[];
  /** Span of the innermost node being executed (the call expression when inside a builtin). */
  readonly span: Span | undefined;
  /** Path of the module being executed. */
  readonly path: string | undefined;
  /** Charge `bytes` against the memory budget (host objects call this when they allocate). */
  allocate(bytes: number): void;
  /** Record an analysis gap (de-duplicated per span); defaults to the current span. */
  gap(reason: string, span?: Span): void;
  /** Raise a Python exception of a builtin class (by name, e.g. 'ValueError') or a class value. */
  raise(type: string | ClassValue, message: string): never;
  /** Raise with arbitrary exception args (e.g. `KeyError(key)`). */
  raiseArgs(type: string | ClassValue, args: Value[]): never;
  /** Call any Python callable (user function, class, builtin, host). */
  call(fn: Value, args: Value[], kwargs?: Kwargs): Value;
  getAttr(obj: Value, name: string): Value;
  repr(v: Value): string;
  str(v: Value): string;
  /** Python truthiness; an unknown value records a gap and counts as true. */
  truthy(v: Value): boolean;
  /** Materialise any iterable (raises TypeError for non-iterables). */
  iterate(v: Value): Value[];
  equals(a: Value, b: Value): boolean;
  /** A builtin class by name (`int`, `ValueError`...), for isinstance checks in natives. */
  builtinClass(name: string): ClassValue;
  isInstance(v: Value, cls: ClassValue): boolean;
}

/** Callbacks the caller may pass; all optional, all synchronous. */
export interface Hooks {
  /** An analysis gap, once per span (and module path). */
  onGap?(reason: string, span: Span | undefined, path: string | undefined): void;
  /** After each call expression has produced its result. */
  onCall?(node: Call, callee: Value, args: readonly Value[], result: Value, kwargs: Kwargs | undefined): void;
  /**
   * Each binding of a plain name: assignment, augmented assignment, for/with/except/import
   * targets, def, class. `target` is the Name node (or the def/class/import statement).
   */
  onBind?(target: Expr | { kind: string; span: Span }, name: string, value: Value): void;
  /** `print()` output, one call per print with its trailing end string. */
  onPrint?(text: string): void;
}
