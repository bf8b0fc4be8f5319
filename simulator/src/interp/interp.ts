/**
 * The state of one interpreter run and the `Ctx` it shows to natives and host objects.
 *
 * The evaluation logic lives in free functions (exec.ts, eval.ts, ops.ts, attrs.ts, calls.ts,
 * imports.ts) that take this object first; this class only holds state and implements the small
 * services they share: raising Python exceptions with a traceback, budget checks, gaps, binding
 * hooks and the call stack.
 * Invariants: `frames` is never empty while code runs (module execution pushes a frame);
 * `frame` is always `frames[frames.length - 1]`.
 */
import type { Span } from '../frontend/ast';
import type { Module } from '../frontend/ast';
import { Budget, type BudgetOptions } from './budget';
import type { Ctx, Hooks, LiveFrame, LoopEntry, StackEntry } from './context';
import type { KeyOps } from './dict';
import { BudgetExceeded, PyException, type BudgetKind, type TraceEntry } from './errors';
import { exceptionClass, newException } from './exceptions';
import type { NativeModuleRegistry } from './modules/registry';
import type { Scope } from './scope';
import type { ClassValue, FunctionValue, InstanceValue, Kwargs, ModuleValue, Value } from './values';
import { mkStr } from './values';
import * as ops from './ops';
import { callValue } from './calls';
import { getAttr } from './attrs';
import { isSubclass, typeOf } from './types';
import { BUILTINS, builtinClassByName } from './builtins';
import { Scope as ScopeClass } from './scope';
import type { IntRepr } from './ints';
import './methods_str';
import './methods_containers';

/** A module the caller's `ModuleHost` found: its source is parsed and run by the interpreter. */
export interface ResolvedModule {
  qualifiedName: string;
  path: string;
  source: string;
  /** An `__init__.py` (or namespace package): relative imports resolve against itself. */
  isPackage?: boolean;
}

/** Resolves absolute dotted module names; the interpreter has no file access of its own. */
export interface ModuleHost {
  resolve(qualifiedName: string, importer: { qualifiedName: string; path: string | undefined }): ResolvedModule | undefined;
}

export type ParseFn = (source: string, path: string) => Module;

export interface Frame {
  functionName: string;
  /** The node executing now in this frame: a statement, or a call expression during a call. */
  node: { span: Span } | undefined;
  module: ModuleValue;
  fn: FunctionValue | undefined;
  scope: Scope;
}

export interface InterpOptions {
  registry: NativeModuleRegistry;
  moduleHost?: ModuleHost;
  hooks?: Hooks;
  budget?: BudgetOptions;
  parse?: ParseFn;
}

export class Interp implements Ctx, KeyOps {
  readonly budget: Budget;
  readonly hooks: Hooks;
  readonly registry: NativeModuleRegistry;
  readonly moduleHost: ModuleHost | undefined;
  readonly parse: ParseFn | undefined;
  /** Cached `hooks.onBind` so the hot path tests one field. */
  readonly onBind: Hooks['onBind'];
  readonly frames: Frame[] = [];
  frame!: Frame;
  /** Active loops, outermost first (mutable records updated in place each iteration). */
  readonly loops: LoopEntry[] = [];
  depth = 0;
  /** The value of the `return` whose completion is propagating. */
  retval: Value | undefined;
  /** `sys.modules`: every module imported or run, by qualified name. */
  readonly modules = new Map<string, ModuleValue>();
  /** Exceptions being handled (innermost last), for bare `raise`. */
  readonly handling: PyException[] = [];
  /** Value lists of the eager generators currently running (innermost last). */
  readonly yieldSinks: Value[][] = [];
  /** `print` output when no `onPrint` hook is given. */
  readonly output: string[] = [];
  /** The scope every module scope chains to. */
  readonly builtinsScope: Scope;
  private readonly gapsSeen = new Set<string>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;

  constructor(o: InterpOptions) {
    this.budget = new Budget(o.budget);
    this.hooks = o.hooks ?? {};
    this.onBind = this.hooks.onBind;
    this.registry = o.registry;
    this.moduleHost = o.moduleHost;
    this.parse = o.parse;
    this.builtinsScope = new ScopeClass('builtins', undefined, BUILTINS);
  }

  pushFrame(f: Frame): void {
    this.frames.push(f);
    this.frame = f;
  }

  popFrame(): void {
    this.frames.pop();
    this.frame = this.frames[this.frames.length - 1]!;
  }

  // -------------------------------------------------------------------------------------------
  // Budgets

  /** The slow path of the per-step check; throws when a budget is exhausted. */
  budgetCheck(): void {
    const kind = this.budget.check();
    if (kind !== undefined) this.exceeded(kind);
  }

  exceeded(kind: BudgetKind): never {
    throw new BudgetExceeded(kind, this.budget.limitOf(kind), this.span, this.path, this.snapshotStack());
  }

  allocate(bytes: number): void {
    this.budget.memory += bytes;
    if (this.budget.memory > this.budget.maxMemoryBytes) this.exceeded('memory');
  }

  // -------------------------------------------------------------------------------------------
  // Stack and position

  snapshotStack(): TraceEntry[] {
    return this.frames.map((f) => ({ functionName: f.functionName, span: f.node?.span, path: f.module.path }));
  }

  get callStack(): readonly StackEntry[] { return this.snapshotStack(); }

  get loopPath(): readonly LoopEntry[] { return this.loops.map((l) => ({ ...l })); }

  get liveFrames(): readonly LiveFrame[] { return this.frames; }

  get liveLoops(): readonly LoopEntry[] { return this.loops; }

  get span(): Span | undefined { return this.frames.length > 0 ? this.frame.node?.span : undefined; }

  get path(): string | undefined { return this.frames.length > 0 ? this.frame.module.path : undefined; }

  // -------------------------------------------------------------------------------------------
  // Exceptions and gaps

  /** A PyException for an exception instance, with the current stack as its traceback. */
  exception(inst: InstanceValue): PyException {
    const text = ops.str(this, inst);
    return new PyException(inst, this.snapshotStack(), text ? `${inst.cls.name}: ${text}` : inst.cls.name);
  }

  raise(type: string | ClassValue, message: string): never {
    const cls = typeof type === 'string' ? exceptionClass(type) : type;
    throw this.exception(newException(cls, [mkStr(message)]));
  }

  /** Raise an exception with arbitrary args (`KeyError(key)` keeps the key object). */
  raiseArgs(type: string | ClassValue, args: Value[]): never {
    const cls = typeof type === 'string' ? exceptionClass(type) : type;
    throw this.exception(newException(cls, args));
  }

  gap(reason: string, span?: Span): void {
    const at = span ?? this.span;
    const path = this.path;
    const key = at ? `${path}:${at.startOffset}:${at.endOffset}` : `${path}:?:${reason}`;
    if (this.gapsSeen.has(key)) return;
    this.gapsSeen.add(key);
    this.hooks.onGap?.(reason, at, path);
  }

  // -------------------------------------------------------------------------------------------
  // Ctx services for natives and host objects

  call(fn: Value, args: Value[], kwargs?: Kwargs): Value { return callValue(this, fn, args, kwargs); }
  getAttr(obj: Value, name: string): Value { return getAttr(this, obj, name); }
  repr(v: Value): string { return ops.repr(this, v); }
  str(v: Value): string { return ops.str(this, v); }
  truthy(v: Value): boolean { return ops.truthy(this, v); }
  iterate(v: Value): Value[] { return ops.toArray(this, v); }
  equals(a: Value, b: Value): boolean { return ops.pyEquals(this, a, b); }
  builtinClass(name: string): ClassValue { return builtinClassByName(name); }
  isInstance(v: Value, cls: ClassValue): boolean { return isSubclass(typeOf(v), cls); }

  /** `id(v)`: stable per object for this run (host values by their host object). */
  idOf(v: Value): number {
    const key: object = v.kind === 'host' ? v.obj : v;
    let id = this.ids.get(key);
    if (id === undefined) { id = this.nextId++; this.ids.set(key, id); }
    return id;
  }

  indexOf(v: Value): IntRepr | undefined { return ops.indexValue(this, v); }
  floatOf(v: Value): number | undefined { return ops.floatValue(this, v); }

  // KeyOps for dict/set tables
  customHash(key: Value): number | string | undefined { return ops.customHash(this, key); }
}
