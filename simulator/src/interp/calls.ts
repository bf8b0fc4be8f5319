/**
 * Calling things: user functions (argument binding, frames, recursion limit, eager generators),
 * natives (through the one generic binder), bound methods, classes (instantiation and
 * `__init__`), callable instances and host objects.
 * Invariants: every call counts one budget step; a frame is pushed for each user function call
 * and popped on every exit path; natives that meet an `unknown` they cannot handle
 * (`UnknownSignal`) produce an `unknown` result instead of failing.
 */
import type { Stmt } from '../frontend/ast';
import { PyDict } from './dict';
import { execBlock, RETURN } from './exec';
import { evalExpr } from './eval';
import type { Frame, Interp } from './interp';
import { UnknownSignal } from './native';
import { OBJECT_INIT } from './object';
import { Scope } from './scope';
import { BindError, bindArgs } from './signature';
import { lookupMro, typeOf } from './types';
import type { BuiltinValue, ClassValue, FunctionValue, Kwargs, Value } from './values';
import { NONE, iteratorOver, kindName, mkStr, mkTuple, mkUnknown } from './values';

export function callValue(it: Interp, f: Value, args: Value[], kwargs?: Kwargs): Value {
  switch (f.kind) {
    case 'function': return callFunction(it, f, args, kwargs);
    case 'builtin': return callBuiltin(it, f, args, kwargs);
    case 'boundMethod': return callMethod(it, f.func, f.self, args, kwargs);
    case 'class': return instantiate(it, f, args, kwargs);
    case 'instance': {
      const m = lookupMro(f.cls, '__call__');
      if (m !== undefined) return callMethod(it, m, f, args, kwargs);
      break;
    }
    case 'host': {
      const call = f.obj.call;
      if (call === undefined) break;
      tick(it);
      try {
        return call.call(f.obj, args, kwargs, it);
      } catch (e) {
        if (e instanceof UnknownSignal) return mkUnknown(e.reason, it.span);
        throw e;
      }
    }
    case 'staticmethod': case 'classmethod': return callValue(it, f.func, args, kwargs);
    case 'unknown':
      it.gap(`call of an unknown value (${f.reason})`);
      return f;
    default: break;
  }
  return it.raise('TypeError', `'${kindName(f)}' object is not callable`);
}

/** Calls a class attribute as a method of `self` (descriptor binding without allocating). */
export function callMethod(it: Interp, attr: Value, self: Value, args: Value[], kwargs?: Kwargs): Value {
  switch (attr.kind) {
    case 'function': return callFunction(it, attr, [self, ...args], kwargs);
    case 'builtin': return callBuiltin(it, attr, [self, ...args], kwargs);
    case 'staticmethod': return callValue(it, attr.func, args, kwargs);
    case 'classmethod': return callValue(it, attr.func, [self.kind === 'class' ? self : typeOf(self), ...args], kwargs);
    default: return callValue(it, attr, args, kwargs);
  }
}

function tick(it: Interp): void {
  const b = it.budget;
  if (++b.steps > b.nextCheck) it.budgetCheck();
}

export function callBuiltin(it: Interp, f: BuiltinValue, args: Value[], kwargs: Kwargs | undefined): Value {
  tick(it);
  let bound: Value[];
  try {
    bound = bindArgs(f.name, f.sig, args, kwargs, it);
  } catch (e) {
    if (e instanceof BindError) it.raise('TypeError', e.message);
    throw e;
  }
  try {
    return f.impl(bound, it);
  } catch (e) {
    if (e instanceof UnknownSignal) return mkUnknown(e.reason, it.span);
    throw e;
  }
}

export function callFunction(it: Interp, fn: FunctionValue, args: Value[], kwargs: Kwargs | undefined): Value {
  tick(it);
  if (it.depth >= it.budget.maxDepth) it.exceeded('depth');
  const scope = new Scope('function', fn.closure);
  scope.qualname = fn.qualname + '.<locals>';
  const params = fn.params;
  if (fn.simple && kwargs === undefined && args.length === params.length) {
    for (let i = 0; i < args.length; i++) scope.vars.set(params[i]!.name, args[i]!);
  } else {
    bindParams(it, fn, args, kwargs, scope.vars);
  }
  const frame: Frame = { functionName: fn.qualname, node: fn.node, module: fn.module, fn, scope };
  it.pushFrame(frame);
  it.depth++;
  try {
    const node = fn.node;
    if (node.kind === 'Lambda') return evalExpr(it, node.body, scope);
    if (fn.isGenerator) return runGenerator(it, node.body, scope);
    if (execBlock(it, node.body, scope) === RETURN) {
      const v = it.retval!;
      it.retval = undefined;
      return v;
    }
    return NONE;
  } finally {
    it.depth--;
    it.popFrame();
  }
}

/**
 * Generators run eagerly: the whole body executes at call time and the call returns an iterator
 * over everything it yielded. Fine for the finite generators kernels use; an infinite generator
 * runs until the step budget stops it, and side effects happen at call time, not on iteration.
 */
function runGenerator(it: Interp, body: Stmt[], scope: Scope): Value {
  const sink: Value[] = [];
  it.yieldSinks.push(sink);
  try {
    execBlock(it, body, scope);
  } finally {
    it.yieldSinks.pop();
    it.retval = undefined;
  }
  return iteratorOver(sink, 'generator');
}

function plural(n: number, word: string): string { return `${n} ${word}${n === 1 ? '' : 's'}`; }

function nameList(names: string[]): string {
  const q = names.map((n) => `'${n}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} and ${q[q.length - 1]}`;
}

/** The general parameter binder for user functions (defaults, *args, **kwargs, kw-only, pos-only). */
function bindParams(it: Interp, fn: FunctionValue, args: Value[], kwargs: Kwargs | undefined, vars: Map<string, Value>): void {
  const ps = fn.params;
  const name = fn.name;
  let nPos = 0;
  let varargs = -1;
  let kwparam = -1;
  for (let i = 0; i < ps.length; i++) {
    const k = ps[i]!.kind;
    if (k === 'positionalOnly' || k === 'normal') nPos++;
    else if (k === 'varargs') varargs = i;
    else if (k === 'kwargs') kwparam = i;
  }
  const np = Math.min(args.length, nPos);
  for (let i = 0; i < np; i++) vars.set(ps[i]!.name, args[i]!);
  if (args.length > nPos) {
    if (varargs < 0) {
      it.raise('TypeError', `${name}() takes ${plural(nPos, 'positional argument')} but ${args.length} ${args.length === 1 ? 'was' : 'were'} given`);
    }
    vars.set(ps[varargs]!.name, mkTuple(args.slice(nPos)));
  } else if (varargs >= 0) {
    vars.set(ps[varargs]!.name, mkTuple([]));
  }
  let extra: PyDict<Value> | undefined;
  if (kwargs !== undefined) {
    for (const [k, v] of kwargs) {
      const i = ps.findIndex((p) => p.name === k && (p.kind === 'normal' || p.kind === 'keywordOnly'));
      if (i < 0) {
        if (kwparam < 0) it.raise('TypeError', `${name}() got an unexpected keyword argument '${k}'`);
        (extra ??= new PyDict()).set(mkStr(k), v, it);
        continue;
      }
      if (i < np) it.raise('TypeError', `${name}() got multiple values for argument '${k}'`);
      vars.set(k, v);
    }
  }
  if (kwparam >= 0) vars.set(ps[kwparam]!.name, { kind: 'dict', table: extra ?? new PyDict() });
  let missingPos: string[] | undefined;
  let missingKw: string[] | undefined;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    if (p.kind === 'varargs' || p.kind === 'kwargs' || vars.has(p.name)) continue;
    const d = fn.defaults[i];
    if (d !== undefined) vars.set(p.name, d);
    else if (p.kind === 'keywordOnly') (missingKw ??= []).push(p.name);
    else (missingPos ??= []).push(p.name);
  }
  if (missingPos) it.raise('TypeError', `${name}() missing ${plural(missingPos.length, 'required positional argument')}: ${nameList(missingPos)}`);
  if (missingKw) it.raise('TypeError', `${name}() missing ${plural(missingKw.length, 'required keyword-only argument')}: ${nameList(missingKw)}`);
}

/** Calling a class: metaclass hook, builtin constructor, or a new instance plus `__init__`. */
export function instantiate(it: Interp, cls: ClassValue, args: Value[], kwargs: Kwargs | undefined): Value {
  for (const c of cls.mro) {
    const call = c.meta?.call;
    if (call) return call(cls, args, kwargs, it);
  }
  const init = lookupMro(cls, '__init__');
  for (const c of cls.mro) {
    if (c.construct === undefined) continue;
    const v = c.construct(cls, args, kwargs, it);
    // User subclasses of builtin classes (exceptions) still get their own __init__.
    if (v.kind === 'instance' && v.cls === cls && init !== undefined && init.kind === 'function') callMethod(it, init, v, args, kwargs);
    return v;
  }
  const inst: Value = { kind: 'instance', cls, attrs: new Map() };
  if (init === undefined || init === OBJECT_INIT) {
    if (args.length > 0 || (kwargs !== undefined && kwargs.size > 0)) it.raise('TypeError', `${cls.name}() takes no arguments`);
    return inst;
  }
  const r = callMethod(it, init, inst, args, kwargs);
  if (r.kind !== 'none' && r.kind !== 'unknown') it.raise('TypeError', `__init__() should return None, not '${kindName(r)}'`);
  return inst;
}
