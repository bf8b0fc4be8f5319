/**
 * Statement execution. Each statement returns a completion code — NORMAL, BREAK, CONTINUE or
 * RETURN (the value waits in `it.retval`) — so control flow never uses JS exceptions; only Python
 * exceptions (`PyException`) and run-ending errors are thrown.
 * Invariants: every statement counts one budget step and becomes its frame's current node;
 * loop records in `it.loops` are pushed and popped around every loop on all exit paths.
 * Shape mode: a condition that is `unknown` records a gap and runs both branches (a branch that
 * raises is recorded as a gap, not propagated, unless both do); `while` on unknown runs its body
 * once; `for` over an unknown iterable runs its body once with the target unknown.
 */
import type { ClassDef, Expr, For, If, Stmt, Try, While, With } from '../frontend/ast';
import { delAttr, getAttr, setAttr } from './attrs';
import { callMethod, callValue } from './calls';
import { createClass } from './classes';
import { PyException } from './errors';
import { isExceptionClass, isExceptionInstance } from './exceptions';
import { evalExpr, makeFunction } from './eval';
import { execImport, execImportFrom } from './imports';
import type { Interp } from './interp';
import { inplaceOp, binaryOp, truthOf, truthy } from './ops';
import { delItem, getItem, getIter, rangeLength, setItem, toArray } from './sequences';
import { Scope } from './scope';
import { lookupMro, typeOf } from './types';
import type { LoopEntry } from './context';
import { PyDict } from './dict';
import type { ClassValue, InstanceValue, Value } from './values';
import { NONE, mkInt, mkList, mkStr, mkUnknown } from './values';

export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;
export type Completion = 0 | 1 | 2 | 3;

export function execBlock(it: Interp, body: readonly Stmt[], s: Scope): Completion {
  for (let i = 0; i < body.length; i++) {
    const c = execStmt(it, body[i]!, s);
    if (c !== NORMAL) return c;
  }
  return NORMAL;
}

export function execStmt(it: Interp, st: Stmt, s: Scope): Completion {
  const b = it.budget;
  if (++b.steps > b.nextCheck) { it.frame.node = st; it.budgetCheck(); }
  it.frame.node = st;
  switch (st.kind) {
    case 'ExprStmt': evalExpr(it, st.value, s); return NORMAL;
    case 'Assign': {
      const v = evalExpr(it, st.value, s);
      const targets = st.targets;
      for (let i = 0; i < targets.length; i++) assignTarget(it, targets[i]!, v, s);
      return NORMAL;
    }
    case 'AugAssign': execAugAssign(it, st.target, st.op, st.value, s); return NORMAL;
    case 'AnnAssign': {
      if (st.value !== undefined) assignTarget(it, st.target, evalExpr(it, st.value, s), s);
      if (st.target.kind === 'Name' && (s.kind === 'class' || s.kind === 'module')) recordAnnotation(it, s, st.target.name, st.annotation);
      return NORMAL;
    }
    case 'Pass': return NORMAL;
    case 'Break': return BREAK;
    case 'Continue': return CONTINUE;
    case 'Return':
      it.retval = st.value ? evalExpr(it, st.value, s) : NONE;
      return RETURN;
    case 'If': return execIf(it, st, s);
    case 'For': return execFor(it, st, s);
    case 'While': return execWhile(it, st, s);
    case 'Try': return execTry(it, st, s);
    case 'With': return execWith(it, st, 0, s);
    case 'Raise': return execRaise(it, st.exc, st.cause, s);
    case 'Assert': {
      const t = truthOf(it, evalExpr(it, st.test, s));
      if (t === undefined) { it.gap('assertion on an unknown value is not checked', st.test.span); return NORMAL; }
      if (!t) {
        const args = st.msg ? [evalExpr(it, st.msg, s)] : [];
        throw it.exception(newInstance(it, it.builtinClass('AssertionError'), args));
      }
      return NORMAL;
    }
    case 'Delete':
      for (const t of st.targets) deleteTarget(it, t, s);
      return NORMAL;
    case 'FunctionDef': {
      const decorators = st.decorators.map((d) => evalExpr(it, d, s));
      let v: Value = makeFunction(it, st, s, st.name);
      for (let i = decorators.length - 1; i >= 0; i--) v = callValue(it, decorators[i]!, [v]);
      s.assign(st.name, v);
      if (it.onBind !== undefined) it.onBind(st, st.name, v);
      return NORMAL;
    }
    case 'ClassDef': execClassDef(it, st, s); return NORMAL;
    case 'Import': execImport(it, st, s); return NORMAL;
    case 'ImportFrom': execImportFrom(it, st, s); return NORMAL;
    case 'Global':
      for (const n of st.names) s.declareGlobal(n);
      return NORMAL;
    case 'Nonlocal':
      for (const n of st.names) {
        if (!s.hasEnclosingBinding(n)) it.raise('SyntaxError', `no binding for nonlocal '${n}' found`);
        s.declareNonlocal(n);
      }
      return NORMAL;
    case 'Unsupported':
      it.gap(`unsupported statement: ${st.what}`, st.span);
      return NORMAL;
    case 'ErrorStmt':
      it.gap(`syntax error: ${st.text}`, st.span);
      return NORMAL;
  }
}

function newInstance(it: Interp, cls: ClassValue, args: Value[]): InstanceValue {
  return callValue(it, cls, args) as InstanceValue;
}

function recordAnnotation(it: Interp, s: Scope, name: string, annotation: Expr): void {
  let ann = s.vars.get('__annotations__');
  if (ann === undefined || ann.kind !== 'dict') {
    ann = { kind: 'dict', table: new PyDict<Value>() };
    s.vars.set('__annotations__', ann);
  }
  let v: Value;
  try {
    v = evalExpr(it, annotation, s);
  } catch (e) {
    // Forward references and typing constructs we do not model: keep the name, not the type.
    if (!(e instanceof PyException)) throw e;
    v = annotation.kind === 'Str' ? mkStr(annotation.value) : mkUnknown('unevaluated annotation', annotation.span);
  }
  ann.table.set(mkStr(name), v, it);
}

// ---------------------------------------------------------------------------------------------
// Assignment targets

export function assignTarget(it: Interp, target: Expr, value: Value, s: Scope): void {
  switch (target.kind) {
    case 'Name':
      s.assign(target.name, value);
      if (it.onBind !== undefined) it.onBind(target, target.name, value);
      return;
    case 'Tuple': case 'List': unpack(it, target.elts, value, s); return;
    case 'Attribute': setAttr(it, evalExpr(it, target.value, s), target.attr, value); return;
    case 'Subscript': {
      const obj = evalExpr(it, target.value, s);
      setItem(it, obj, evalExpr(it, target.index, s), value);
      return;
    }
    case 'Starred': it.raise('SyntaxError', 'starred assignment target must be in a list or tuple'); return;
    default: it.raise('SyntaxError', `cannot assign to ${target.kind}`);
  }
}

function unpack(it: Interp, elts: readonly Expr[], value: Value, s: Scope): void {
  if (value.kind === 'unknown') {
    for (const el of elts) assignTarget(it, el.kind === 'Starred' ? el.value : el, value, s);
    return;
  }
  const items = value.kind === 'tuple' || value.kind === 'list' ? value.items : toArray(it, value);
  const star = elts.findIndex((el) => el.kind === 'Starred');
  if (star < 0) {
    if (items.length !== elts.length) {
      it.raise('ValueError', items.length > elts.length
        ? `too many values to unpack (expected ${elts.length})`
        : `not enough values to unpack (expected ${elts.length}, got ${items.length})`);
    }
    for (let i = 0; i < elts.length; i++) assignTarget(it, elts[i]!, items[i]!, s);
    return;
  }
  const after = elts.length - star - 1;
  if (items.length < star + after) {
    it.raise('ValueError', `not enough values to unpack (expected at least ${star + after}, got ${items.length})`);
  }
  for (let i = 0; i < star; i++) assignTarget(it, elts[i]!, items[i]!, s);
  assignTarget(it, (elts[star] as Expr & { kind: 'Starred' }).value, mkList(items.slice(star, items.length - after)), s);
  for (let i = 0; i < after; i++) assignTarget(it, elts[star + 1 + i]!, items[items.length - after + i]!, s);
}

/** `target op= value`: the container and subscript of the target are evaluated once. */
function execAugAssign(it: Interp, target: Expr, op: Parameters<typeof binaryOp>[1], valueNode: Expr, s: Scope): void {
  switch (target.kind) {
    case 'Name': {
      const cur = s.lookup(target.name);
      if (cur === undefined) it.raise('NameError', `name '${target.name}' is not defined`);
      const v = inplaceOp(it, op, cur!, evalExpr(it, valueNode, s));
      s.assign(target.name, v);
      if (it.onBind !== undefined) it.onBind(target, target.name, v);
      return;
    }
    case 'Attribute': {
      const obj = evalExpr(it, target.value, s);
      const v = inplaceOp(it, op, getAttr(it, obj, target.attr), evalExpr(it, valueNode, s));
      setAttr(it, obj, target.attr, v);
      return;
    }
    case 'Subscript': {
      const obj = evalExpr(it, target.value, s);
      const key = evalExpr(it, target.index, s);
      const v = inplaceOp(it, op, getItem(it, obj, key), evalExpr(it, valueNode, s));
      setItem(it, obj, key, v);
      return;
    }
    default: it.raise('SyntaxError', `'${target.kind}' is an illegal expression for augmented assignment`);
  }
}

function deleteTarget(it: Interp, t: Expr, s: Scope): void {
  switch (t.kind) {
    case 'Name':
      if (!s.delete(t.name)) it.raise('NameError', `name '${t.name}' is not defined`);
      return;
    case 'Attribute': delAttr(it, evalExpr(it, t.value, s), t.attr); return;
    case 'Subscript': delItem(it, evalExpr(it, t.value, s), evalExpr(it, t.index, s)); return;
    case 'Tuple': case 'List': for (const x of t.elts) deleteTarget(it, x, s); return;
    default: it.raise('SyntaxError', `cannot delete ${t.kind}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Control flow

/** Completion of a branch run speculatively under an unknown condition. */
type Speculative = Completion | PyException;

function speculate(it: Interp, body: readonly Stmt[], s: Scope): Speculative {
  const loops = it.loops.length;
  try {
    return execBlock(it, body, s);
  } catch (e) {
    if (!(e instanceof PyException)) throw e;
    it.loops.length = loops;
    it.gap(`under an unknown condition this branch raises ${e.message}`, e.span);
    return e;
  }
}

/** Merges two speculative branches: fall through if either can; otherwise the later wins. */
function mergeBranches(it: Interp, a: Speculative, b: Speculative, retvalA: Value | undefined): Completion {
  if (a === NORMAL || b === NORMAL) return NORMAL;
  if (b instanceof PyException) {
    if (a instanceof PyException) throw b;
    it.retval = retvalA;
    return a;
  }
  return b;
}

function execIf(it: Interp, st: If, s: Scope): Completion {
  const test = evalExpr(it, st.test, s);
  const t = truthOf(it, test);
  if (t === true) return execBlock(it, st.body, s);
  if (t === false) return execBlock(it, st.orelse, s);
  it.gap(`condition is unknown (${test.kind === 'unknown' ? test.reason : 'unknown truth value'}): both branches analysed`, st.test.span);
  const a = speculate(it, st.body, s);
  const retvalA = it.retval;
  const b = speculate(it, st.orelse, s);
  return mergeBranches(it, a, b, retvalA);
}

function pushLoop(it: Interp, st: Stmt): LoopEntry {
  const variable = st.kind === 'For' ? targetNames(st.target) : '';
  const rec = { span: st.span, variable, iteration: 0, value: undefined as Value | undefined };
  it.loops.push(rec);
  return rec;
}

/** A loop target as written, for profiles: `k`, `i, j`; '' when it is not plain names. */
function targetNames(t: Expr): string {
  if (t.kind === 'Name') return t.name;
  if (t.kind === 'Tuple' || t.kind === 'List') {
    const names = t.elts.map(targetNames);
    return names.every((n) => n !== '') ? names.join(', ') : '';
  }
  return '';
}

function execFor(it: Interp, st: For, s: Scope): Completion {
  const iterable = evalExpr(it, st.iter, s);
  const target = st.target;
  const body = st.body;
  const rec = pushLoop(it, st);
  const b = it.budget;
  try {
    if (iterable.kind === 'unknown') {
      it.gap(`loop over an unknown iterable (${iterable.reason}): body analysed once`, st.iter.span);
      rec.value = iterable;
      assignTarget(it, target, iterable, s);
      const c = execBlock(it, body, s);
      return c === RETURN ? RETURN : NORMAL;
    }
    if (iterable.kind === 'range') {
      // The hot loop: no iterator object, ints from the cache where possible.
      const { start, step } = iterable;
      const n = rangeLength(iterable.start, iterable.stop, step);
      const simpleName = target.kind === 'Name' ? target.name : undefined;
      for (let i = 0; i < n; i++) {
        const v = mkInt(start + i * step);
        rec.iteration = i;
        rec.value = v;
        if (simpleName !== undefined) {
          s.assign(simpleName, v);
          if (it.onBind !== undefined) it.onBind(target, simpleName, v);
        } else {
          assignTarget(it, target, v, s);
        }
        const c = execBlock(it, body, s);
        if (c !== NORMAL && c !== CONTINUE) {
          if (c === BREAK) return NORMAL;
          return c;
        }
        if (++b.steps > b.nextCheck) it.budgetCheck();
      }
      return execBlock(it, st.orelse, s);
    }
    const p = getIter(it, iterable);
    let i = 0;
    for (let v = p.next(); v !== undefined; v = p.next()) {
      rec.iteration = i++;
      rec.value = v;
      assignTarget(it, target, v, s);
      const c = execBlock(it, body, s);
      if (c !== NORMAL && c !== CONTINUE) {
        if (c === BREAK) return NORMAL;
        return c;
      }
      if (++b.steps > b.nextCheck) it.budgetCheck();
    }
    return execBlock(it, st.orelse, s);
  } finally {
    it.loops.pop();
  }
}

function execWhile(it: Interp, st: While, s: Scope): Completion {
  const rec = pushLoop(it, st);
  try {
    for (let i = 0; ; i++) {
      rec.iteration = i;
      const test = evalExpr(it, st.test, s);
      const t = truthOf(it, test);
      if (t === undefined) {
        it.gap(`loop condition is unknown (${test.kind === 'unknown' ? test.reason : 'unknown truth value'}): body analysed once`, st.test.span);
        const c = execBlock(it, st.body, s);
        return c === RETURN ? RETURN : NORMAL;
      }
      if (!t) return execBlock(it, st.orelse, s);
      const c = execBlock(it, st.body, s);
      if (c === BREAK) return NORMAL;
      if (c === RETURN) return RETURN;
      // The loop head is a step too, so `while True: pass` is bounded by the step budget.
      const b = it.budget;
      if (++b.steps > b.nextCheck) { it.frame.node = st; it.budgetCheck(); }
    }
  } finally {
    it.loops.pop();
  }
}

// ---------------------------------------------------------------------------------------------
// Exceptions

function matchesHandler(it: Interp, typeValue: Value, exc: InstanceValue): boolean {
  if (typeValue.kind === 'tuple') return typeValue.items.some((t) => matchesHandler(it, t, exc));
  if (typeValue.kind === 'class') {
    if (!isExceptionClass(typeValue)) it.raise('TypeError', 'catching classes that do not inherit from BaseException is not allowed');
    return exc.cls.mro.includes(typeValue);
  }
  if (typeValue.kind === 'unknown') { it.gap(`except clause with an unknown exception type (${typeValue.reason})`); return false; }
  return it.raise('TypeError', 'catching classes that do not inherit from BaseException is not allowed');
}

function runHandlers(it: Interp, st: Try, err: PyException, s: Scope): Completion | undefined {
  for (const h of st.handlers) {
    if (h.type !== undefined && !matchesHandler(it, evalExpr(it, h.type, s), err.value)) continue;
    it.handling.push(err);
    try {
      if (h.name !== undefined) {
        s.assign(h.name, err.value);
        if (it.onBind !== undefined) it.onBind({ kind: 'ExceptHandler', span: h.span }, h.name, err.value);
      }
      return execBlock(it, h.body, s);
    } finally {
      it.handling.pop();
      if (h.name !== undefined) s.delete(h.name);
    }
  }
  return undefined;
}

function execTry(it: Interp, st: Try, s: Scope): Completion {
  const loops = it.loops.length;
  let c: Completion;
  try {
    c = execTryBody(it, st, s, loops);
  } catch (e) {
    // Python exceptions still run `finally` (which may swallow them by returning or breaking);
    // budget exhaustion and interpreter errors end the run without running more user code.
    if (!(e instanceof PyException) || st.finalbody.length === 0) throw e;
    it.loops.length = loops;
    const fc = execBlock(it, st.finalbody, s);
    if (fc !== NORMAL) return fc;
    throw e;
  }
  return runFinally(it, st, c, s);
}

/** The body, then a matching handler if it raised, else the `else` block. */
function execTryBody(it: Interp, st: Try, s: Scope, loops: number): Completion {
  let c: Completion;
  try {
    c = execBlock(it, st.body, s);
  } catch (e) {
    if (!(e instanceof PyException)) throw e;
    it.loops.length = loops;
    const h = runHandlers(it, st, e, s);
    if (h === undefined) throw e;
    return h;
  }
  if (c === NORMAL && st.orelse.length > 0) c = execBlock(it, st.orelse, s);
  return c;
}

/** Runs `finally` after a completed try; a pending `return` value survives calls made in it. */
function runFinally(it: Interp, st: Try, c: Completion, s: Scope): Completion {
  if (st.finalbody.length === 0) return c;
  const saved = it.retval;
  const fc = execBlock(it, st.finalbody, s);
  if (fc !== NORMAL) return fc;
  it.retval = saved;
  return c;
}

function execRaise(it: Interp, excNode: Expr | undefined, causeNode: Expr | undefined, s: Scope): never {
  if (excNode === undefined) {
    const cur = it.handling[it.handling.length - 1];
    if (cur === undefined) it.raise('RuntimeError', 'No active exception to reraise');
    throw cur;
  }
  let v = evalExpr(it, excNode, s);
  if (v.kind === 'class' && isExceptionClass(v)) v = callValue(it, v, []);
  if (v.kind === 'unknown') {
    it.gap(`raise of an unknown value (${v.reason})`, excNode.span);
    it.raise('Exception', `unknown exception (${v.reason})`);
  }
  if (!isExceptionInstance(v)) it.raise('TypeError', 'exceptions must derive from BaseException');
  const inst = v as InstanceValue;
  if (causeNode !== undefined) {
    let cause = evalExpr(it, causeNode, s);
    if (cause.kind === 'class' && isExceptionClass(cause)) cause = callValue(it, cause, []);
    inst.attrs.set('__cause__', cause);
  }
  const ctxExc = it.handling[it.handling.length - 1];
  if (ctxExc !== undefined && ctxExc.value !== inst) inst.attrs.set('__context__', ctxExc.value);
  throw it.exception(inst);
}

// ---------------------------------------------------------------------------------------------
// with

function execWith(it: Interp, st: With, index: number, s: Scope): Completion {
  if (index >= st.items.length) return execBlock(it, st.body, s);
  const item = st.items[index]!;
  const mgr = evalExpr(it, item.contextExpr, s);
  let exit: (exc: PyException | undefined) => boolean;
  let entered: Value;
  if (mgr.kind === 'host' && mgr.obj.enter) {
    const obj = mgr.obj;
    entered = obj.enter!(it);
    exit = (exc) => obj.exit?.(exc ? exc.value : NONE, it) ?? false;
  } else if (mgr.kind === 'instance' && lookupMro(mgr.cls, '__enter__') && lookupMro(mgr.cls, '__exit__')) {
    entered = callMethod(it, lookupMro(mgr.cls, '__enter__')!, mgr, []);
    const ex = lookupMro(mgr.cls, '__exit__')!;
    exit = (exc) => truthy(it, callMethod(it, ex, mgr, exc ? [exc.value.cls, exc.value, NONE] : [NONE, NONE, NONE]));
  } else if (mgr.kind === 'unknown') {
    it.gap(`context manager is unknown (${mgr.reason})`, item.contextExpr.span);
    entered = mgr;
    exit = () => false;
  } else {
    return it.raise('TypeError', `'${typeOf(mgr).name}' object does not support the context manager protocol`);
  }
  if (item.optionalVars !== undefined) assignTarget(it, item.optionalVars, entered, s);
  let c: Completion;
  try {
    c = execWith(it, st, index + 1, s);
  } catch (e) {
    if (!(e instanceof PyException)) throw e;
    if (exit(e)) return NORMAL;
    throw e;
  }
  const saved = it.retval;
  exit(undefined);
  it.retval = saved;
  return c;
}

// ---------------------------------------------------------------------------------------------
// class

function execClassDef(it: Interp, st: ClassDef, s: Scope): void {
  const decorators = st.decorators.map((d) => evalExpr(it, d, s));
  const bases: Value[] = [];
  const keywords = new Map<string, Value>();
  for (const a of st.bases) {
    if (a.kind === 'positional') bases.push(evalExpr(it, a.value, s));
    else if (a.kind === 'star') bases.push(...toArray(it, evalExpr(it, a.value, s)));
    else if (a.kind === 'keyword') keywords.set(a.name, evalExpr(it, a.value, s));
  }
  const qualname = s.qualname ? `${s.qualname}.${st.name}` : st.name;
  const body = new Scope('class', s);
  body.qualname = qualname;
  const moduleName = it.frame.module.name;
  body.vars.set('__module__', mkStr(moduleName));
  body.vars.set('__qualname__', mkStr(qualname));
  if (st.docstring !== undefined) body.vars.set('__doc__', mkStr(st.docstring));
  execBlock(it, st.body, body);
  let v: Value = createClass(it, st.name, qualname, moduleName, bases, body.vars, keywords, st);
  for (let i = decorators.length - 1; i >= 0; i--) v = callValue(it, decorators[i]!, [v]);
  s.assign(st.name, v);
  if (it.onBind !== undefined) it.onBind(st, st.name, v);
}
