/**
 * The sandboxed Python interpreter behind shape checking and simulation.
 *
 *   const interp = createInterpreter({ registry: defaultRegistry(), parse: (src) => parsePython(src) });
 *   const mod = interp.runModule(parsePython(text), { qualifiedName: '__main__', path: 'k.py' });
 *   const result = interp.call(mod.attrs.get('kernel')!, [fromJs(3)]);
 *
 * No file, network or process access: user modules come only through the caller's ModuleHost,
 * native modules only through the registry. Errors: `PyException` (uncaught Python exception),
 * `BudgetExceeded`, `InterpreterError` — all with `format()`.
 */
import type { Module } from '../frontend/ast';
import type { BudgetOptions } from './budget';
import { callValue } from './calls';
import type { Hooks } from './context';
import { BudgetExceeded, InterpreterError, PyException } from './errors';
import { execModuleBody, loadModule, newModule } from './imports';
import { Interp, type ModuleHost, type ParseFn } from './interp';
import { UnknownSignal } from './native';
import type { NativeModuleRegistry } from './modules/registry';
import { defaultRegistry } from './modules/defaults';
import type { Kwargs, ModuleValue, Value } from './values';
import { mkUnknown } from './values';

export * from './values';
export type { Ctx, Hooks, LiveFrame, LoopEntry, StackEntry } from './context';
export { BudgetExceeded, InterpreterError, PyException, formatLocation, type BudgetKind, type TraceEntry } from './errors';
export type { BudgetOptions, CancellationToken } from './budget';
export type { ModuleHost, ResolvedModule, ParseFn } from './interp';
export { NativeModuleRegistry, type NativeModuleFactory, type NativeModuleContents } from './modules/registry';
export { defaultRegistry } from './modules/defaults';
export { native, defineMethods, UnknownSignal, expectInt, expectSmallInt, expectFloat, expectStr, concrete } from './native';
export { parseSignature, type Signature } from './signature';
export { makeClass, typeOf } from './types';
export { fromJs, toJs } from './convert';
export { PyDict } from './dict';

export interface InterpreterOptions {
  /** Native modules importable by name; defaults to `defaultRegistry()`. */
  registry?: NativeModuleRegistry;
  moduleHost?: ModuleHost;
  hooks?: Hooks;
  budget?: BudgetOptions;
  /** Parses user modules found through `moduleHost` (inject `parsePython`). */
  parse?: ParseFn;
}

export interface RunOptions {
  qualifiedName?: string;
  path?: string;
  isPackage?: boolean;
  /**
   * Run as the program's entry point, like `python -m name`: the module keeps its name for
   * relative imports but is not cached, so an import cycle back to it loads a fresh copy
   * instead of seeing this half-initialised one.
   */
  asMain?: boolean;
}

export interface Interpreter {
  /** Executes a module body; returns the module (also cached for imports by its name). */
  runModule(module: Module, options?: RunOptions): ModuleValue;
  /** Calls any Python callable from outside. */
  call(fn: Value, args?: Value[], kwargs?: Kwargs | Record<string, Value>): Value;
  /** Imports a module by absolute name (native or through the ModuleHost). */
  importModule(name: string): ModuleValue | Value;
  /** Text printed so far when no `onPrint` hook was given. */
  readonly output: readonly string[];
  /** Steps used so far (statements + calls). */
  readonly steps: number;
  /** The Ctx natives see (for calling helpers from host code outside a run). */
  readonly ctx: Interp;
}

export function createInterpreter(options: InterpreterOptions = {}): Interpreter {
  const it = new Interp({
    registry: options.registry ?? defaultRegistry(),
    moduleHost: options.moduleHost,
    hooks: options.hooks,
    budget: options.budget,
    parse: options.parse,
  });
  return {
    runModule(module, o = {}) {
      const name = o.qualifiedName ?? '__main__';
      const m = newModule(name, o.path, o.isPackage ?? false);
      guard(it, () => execModuleBody(it, m, module.body, !o.asMain));
      return m;
    },
    call(fn, args = [], kwargs) {
      const kw = kwargs === undefined || kwargs instanceof Map ? kwargs : new Map(Object.entries(kwargs));
      return guard(it, () => callValue(it, fn, args, kw));
    },
    importModule(name) { return guard(it, () => loadModule(it, name)); },
    get output() { return it.output; },
    get steps() { return it.budget.steps; },
    get ctx() { return it; },
  };
}

/** Normalises what escapes a run: JS stack overflow becomes a depth budget error, etc. */
function guard<T>(it: Interp, f: () => T): T {
  const frames = it.frames.length;
  it.budget.ensureStarted();
  try {
    return f();
  } catch (e) {
    it.frames.length = frames;
    if (frames > 0) it.frame = it.frames[frames - 1]!;
    it.loops.length = 0;
    it.depth = 0;
    if (e instanceof PyException || e instanceof BudgetExceeded || e instanceof InterpreterError) throw e;
    if (e instanceof UnknownSignal) return mkUnknown(e.reason) as T;
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      throw new BudgetExceeded('depth', it.budget.maxDepth, undefined, undefined, []);
    }
    const err = e instanceof Error ? e : new Error(String(e));
    throw new InterpreterError(err.stack ?? err.message);
  }
}
