/**
 * Expression evaluation: one switch on `node.kind`, returning a Value.
 * Invariants: evaluation order is Python's (left to right, callee before arguments); unknown
 * operands propagate instead of raising; ErrorExpr / unsupported syntax evaluate to `unknown`
 * with a recorded gap, so broken code mid-edit still analyses as far as possible.
 */
import type {
  Call, Comprehension, DictComp, Expr, FString, FunctionDef, GeneratorExp, Lambda, ListComp, SetComp, Stmt,
} from '../frontend/ast';
import { getAttr } from './attrs';
import { callValue } from './calls';
import { PyDict } from './dict';
import { assignTarget } from './exec';
import type { Interp } from './interp';
import { binaryOp, compareOp, formatValue, repr, str, truthOf, unaryOp, unknownReason } from './ops';
import { getItem, getIter, mkSlice, toArray } from './sequences';
import { Scope } from './scope';
import type { FunctionValue, Kwargs, Value } from './values';
import {
  ELLIPSIS, FALSE, NONE, TRUE, iteratorOver, mkFloat, mkIntFrom, mkList, mkStr, mkTuple, mkUnknown,
} from './values';

const literals = new WeakMap<Expr, Value>();

function literal(e: Expr & { kind: 'Int' | 'Float' | 'Str' }): Value {
  let v = literals.get(e);
  if (v === undefined) {
    v = e.kind === 'Int' ? mkIntFrom(e.value) : e.kind === 'Float' ? mkFloat(e.value) : mkStr(e.value);
    literals.set(e, v);
  }
  return v;
}

export function evalExpr(it: Interp, e: Expr, s: Scope): Value {
  switch (e.kind) {
    case 'Name': {
      const v = s.lookup(e.name);
      if (v !== undefined) return v;
      return it.raise('NameError', `name '${e.name}' is not defined`);
    }
    case 'Int': case 'Float': case 'Str': return literal(e);
    case 'Bool': return e.value ? TRUE : FALSE;
    case 'None': return NONE;
    case 'Ellipsis': return ELLIPSIS;
    case 'BinOp': return binaryOp(it, e.op, evalExpr(it, e.left, s), evalExpr(it, e.right, s));
    case 'UnaryOp': return unaryOp(it, e.op, evalExpr(it, e.operand, s));
    case 'Compare': return evalCompare(it, e, s);
    case 'BoolOp': return evalBoolOp(it, e, s);
    case 'Call': return evalCall(it, e, s);
    case 'Attribute': return getAttr(it, evalExpr(it, e.value, s), e.attr);
    case 'Subscript': return getItem(it, evalExpr(it, e.value, s), evalExpr(it, e.index, s));
    case 'Slice':
      return mkSlice(
        e.lower ? evalExpr(it, e.lower, s) : NONE,
        e.upper ? evalExpr(it, e.upper, s) : NONE,
        e.step ? evalExpr(it, e.step, s) : NONE);
    case 'Tuple': return mkTuple(evalElements(it, e.elts, s));
    case 'List': return mkList(evalElements(it, e.elts, s));
    case 'Set': {
      const t = new PyDict<Value>();
      for (const v of evalElements(it, e.elts, s)) t.set(v, NONE, it);
      return { kind: 'set', table: t, frozen: false };
    }
    case 'Dict': return evalDict(it, e, s);
    case 'IfExp': {
      const t = truthOf(it, evalExpr(it, e.test, s));
      if (t !== undefined) return evalExpr(it, t ? e.body : e.orelse, s);
      it.gap('condition is unknown: both alternatives evaluated', e.test.span);
      const a = evalExpr(it, e.body, s);
      const b = evalExpr(it, e.orelse, s);
      return a === b ? a : mkUnknown('result of a conditional expression with an unknown condition', e.span);
    }
    case 'Lambda': return makeFunction(it, e, s, '<lambda>');
    case 'FString': return mkStr(evalFString(it, e, s));
    case 'NamedExpr': {
      const v = evalExpr(it, e.value, s);
      let target = s;
      while (target.kind === 'comprehension' && target.parent !== undefined) target = target.parent;
      target.assign(e.target.name, v);
      if (it.onBind !== undefined) it.onBind(e.target, e.target.name, v);
      return v;
    }
    case 'ListComp': return evalListComp(it, e, s);
    case 'SetComp': case 'GeneratorExp': {
      const items = evalListComp(it, e, s);
      if (items.kind === 'unknown') return items;
      const list = (items as { items: Value[] }).items;
      if (e.kind === 'GeneratorExp') return iteratorOver(list, 'generator');
      const t = new PyDict<Value>();
      for (const v of list) t.set(v, NONE, it);
      return { kind: 'set', table: t, frozen: false };
    }
    case 'DictComp': return evalDictComp(it, e, s);
    case 'Starred': return it.raise('SyntaxError', "can't use starred expression here");
    case 'Yield': {
      const sink = it.yieldSinks[it.yieldSinks.length - 1];
      if (sink === undefined) return it.raise('SyntaxError', "'yield' outside function");
      if (e.value === undefined) sink.push(NONE);
      else if (e.isFrom) {
        const v = evalExpr(it, e.value, s);
        if (v.kind === 'unknown') { it.gap(`yield from an unknown iterable (${v.reason})`, e.span); sink.push(v); } else sink.push(...toArray(it, v));
      } else sink.push(evalExpr(it, e.value, s));
      return NONE;
    }
    case 'Await':
      it.gap('await is not supported', e.span);
      return mkUnknown('await is not supported', e.span);
    case 'Imaginary':
      it.gap('complex numbers are not supported', e.span);
      return mkUnknown('complex number', e.span);
    case 'Error':
      it.gap(`syntax error: ${e.text}`, e.span);
      return mkUnknown('syntax error', e.span);
  }
}

/** Elements of a tuple/list/set display, expanding `*iterable`. */
function evalElements(it: Interp, elts: readonly Expr[], s: Scope): Value[] {
  const out: Value[] = new Array(elts.length);
  let j = 0;
  for (let i = 0; i < elts.length; i++) {
    const el = elts[i]!;
    if (el.kind === 'Starred') {
      const v = evalExpr(it, el.value, s);
      if (v.kind === 'unknown') { it.gap(`unpacking of an unknown iterable (${v.reason})`, el.span); out[j++] = v; continue; }
      const items = toArray(it, v);
      out.length += items.length - 1;
      for (const x of items) out[j++] = x;
    } else {
      out[j++] = evalExpr(it, el, s);
    }
  }
  // Only a starred element changes the count (setting length is a slow builtin even when equal).
  if (j !== out.length) out.length = j;
  return out;
}

function evalDict(it: Interp, e: Expr & { kind: 'Dict' }, s: Scope): Value {
  const t = new PyDict<Value>();
  for (const entry of e.entries) {
    if (entry.key === undefined) {
      const m = evalExpr(it, entry.value, s);
      mergeMapping(it, t, m);
    } else {
      const k = evalExpr(it, entry.key, s);
      t.set(k, evalExpr(it, entry.value, s), it);
    }
  }
  return { kind: 'dict', table: t };
}

/** `{**m}` / `f(**m)`: copies a mapping (dict, or anything with keys() and __getitem__). */
export function mergeMapping(it: Interp, t: PyDict<Value>, m: Value): void {
  if (m.kind === 'dict') { for (const en of m.table.entries()) t.set(en.key, en.value, it); return; }
  if (m.kind === 'unknown') { it.gap(`unpacking of an unknown mapping (${m.reason})`); return; }
  const keys = toArray(it, callValue(it, getAttr(it, m, 'keys'), []));
  for (const k of keys) t.set(k, getItem(it, m, k), it);
}

function evalCompare(it: Interp, e: Expr & { kind: 'Compare' }, s: Scope): Value {
  let left = evalExpr(it, e.left, s);
  const n = e.ops.length;
  for (let i = 0; i < n; i++) {
    const right = evalExpr(it, e.comparators[i]!, s);
    const r = compareOp(it, e.ops[i]!, left, right);
    if (i === n - 1) return r;
    const t = truthOf(it, r);
    if (t === undefined) {
      for (let j = i + 1; j < n; j++) evalExpr(it, e.comparators[j]!, s);
      return r.kind === 'unknown' ? r : mkUnknown('chained comparison with an unknown result', e.span);
    }
    if (!t) return r;
    left = right;
  }
  return NONE; // unreachable: a Compare has at least one operator
}

function evalBoolOp(it: Interp, e: Expr & { kind: 'BoolOp' }, s: Scope): Value {
  const isAnd = e.op === 'and';
  let v: Value = NONE;
  let unknown: Value | undefined;
  for (const x of e.values) {
    v = evalExpr(it, x, s);
    const t = truthOf(it, v);
    if (t === undefined) { unknown ??= v.kind === 'unknown' ? v : mkUnknown(`'${e.op}' of an unknown truth value`, x.span); continue; }
    if (unknown === undefined && t !== isAnd) return v;
  }
  return unknown ?? v;
}

function evalCall(it: Interp, e: Call, s: Scope): Value {
  const callee = evalExpr(it, e.func, s);
  const argNodes = e.args;
  let args: Value[];
  let kwargs: Kwargs | undefined;
  let unknownStar: Value | undefined;
  let simple = true;
  for (let i = 0; i < argNodes.length; i++) if (argNodes[i]!.kind !== 'positional') { simple = false; break; }
  if (simple) {
    args = new Array(argNodes.length);
    for (let i = 0; i < argNodes.length; i++) args[i] = evalExpr(it, argNodes[i]!.value, s);
  } else {
    args = [];
    for (const a of argNodes) {
      switch (a.kind) {
        case 'positional': args.push(evalExpr(it, a.value, s)); break;
        case 'star': {
          const v = evalExpr(it, a.value, s);
          if (v.kind === 'unknown') unknownStar = v; else args.push(...toArray(it, v));
          break;
        }
        case 'keyword': {
          kwargs ??= new Map();
          if (kwargs.size > 0 && kwargs.has(a.name)) it.raise('SyntaxError', `keyword argument repeated: ${a.name}`);
          kwargs.set(a.name, evalExpr(it, a.value, s));
          break;
        }
        case 'doubleStar': {
          const t = new PyDict<Value>();
          const m = evalExpr(it, a.value, s);
          if (m.kind === 'unknown') { unknownStar = m; break; }
          mergeMapping(it, t, m);
          kwargs ??= new Map();
          for (const en of t.entries()) {
            if (en.key.kind !== 'str') it.raise('TypeError', 'keywords must be strings');
            const k = (en.key as { value: string }).value;
            if (kwargs.has(k)) it.raise('TypeError', `${repr(it, callee)} got multiple values for keyword argument '${k}'`);
            kwargs.set(k, en.value);
          }
          break;
        }
      }
    }
  }
  let result: Value;
  if (unknownStar !== undefined) {
    it.gap(`call with unpacked unknown arguments (${unknownReason(unknownStar)})`, e.span);
    result = mkUnknown(`call with unpacked unknown arguments (${unknownReason(unknownStar)})`, e.span);
  } else if (callee.kind === 'unknown') {
    it.gap(`call of an unknown value (${callee.reason})`, e.span);
    result = callee;
  } else {
    it.frame.node = e;
    result = callValue(it, callee, args, kwargs);
  }
  const onCall = it.hooks.onCall;
  if (onCall !== undefined) onCall(e, callee, args, result, kwargs);
  return result;
}

// ---------------------------------------------------------------------------------------------
// f-strings

export function evalFString(it: Interp, e: FString, s: Scope): string {
  let out = '';
  for (const p of e.parts) {
    if (typeof p === 'string') { out += p; continue; }
    const v = evalExpr(it, p.expr, s);
    if (p.selfDocumenting !== undefined) out += p.selfDocumenting;
    const spec = p.formatSpec ? evalFString(it, p.formatSpec, s) : '';
    const conv = p.conversion ?? (p.selfDocumenting !== undefined && !p.formatSpec ? 'r' : undefined);
    if (conv === 'r' || conv === 'a') out += formatValue(it, mkStr(repr(it, v)), spec);
    else if (conv === 's') out += formatValue(it, mkStr(str(it, v)), spec);
    else out += formatValue(it, v, spec);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Comprehensions: their own scope; the first iterable is evaluated in the enclosing scope.

function runComprehension(it: Interp, gens: readonly Comprehension[], s: Scope, emit: (scope: Scope) => void): boolean {
  const scope = new Scope('comprehension', s.closureScope());
  let sawUnknown = false;
  const b = it.budget;
  const loop = (gi: number, iterable: Value): void => {
    const g = gens[gi]!;
    if (iterable.kind === 'unknown') {
      sawUnknown = true;
      it.gap(`comprehension over an unknown iterable (${iterable.reason}): body analysed once`, g.iter.span);
      assignTarget(it, g.target, iterable, scope);
      body(gi);
      return;
    }
    const p = getIter(it, iterable);
    for (let x = p.next(); x !== undefined; x = p.next()) {
      if (++b.steps > b.nextCheck) it.budgetCheck();
      assignTarget(it, g.target, x, scope);
      body(gi);
    }
  };
  const body = (gi: number): void => {
    const g = gens[gi]!;
    for (const cond of g.ifs) {
      const t = truthOf(it, evalExpr(it, cond, scope));
      if (t === undefined) { sawUnknown = true; it.gap('comprehension filter is unknown: element kept', cond.span); } else if (!t) return;
    }
    if (gi + 1 < gens.length) loop(gi + 1, evalExpr(it, gens[gi + 1]!.iter, scope));
    else emit(scope);
  };
  loop(0, evalExpr(it, gens[0]!.iter, s));
  return sawUnknown;
}

function evalListComp(it: Interp, e: ListComp | SetComp | GeneratorExp, s: Scope): Value {
  const out: Value[] = [];
  const unknown = runComprehension(it, e.generators, s, (scope) => { out.push(evalExpr(it, e.elt, scope)); });
  return unknown ? mkUnknown('comprehension over unknown values', e.span) : mkList(out);
}

function evalDictComp(it: Interp, e: DictComp, s: Scope): Value {
  const t = new PyDict<Value>();
  const unknown = runComprehension(it, e.generators, s, (scope) => {
    const k = evalExpr(it, e.key, scope);
    t.set(k, evalExpr(it, e.value, scope), it);
  });
  return unknown ? mkUnknown('comprehension over unknown values', e.span) : { kind: 'dict', table: t };
}

// ---------------------------------------------------------------------------------------------
// Function values

const generatorCache = new WeakMap<object, boolean>();

/** Whether a function body contains `yield` (not counting nested functions and classes). */
function containsYield(body: readonly Stmt[]): boolean {
  let found = false;
  const visit = (n: unknown): void => {
    if (found || n === null || typeof n !== 'object') return;
    if (Array.isArray(n)) { for (const x of n) visit(x); return; }
    const k = (n as { kind?: string }).kind;
    if (k === 'Yield') { found = true; return; }
    if (k === 'FunctionDef' || k === 'ClassDef' || k === 'Lambda') return;
    for (const [key, v] of Object.entries(n)) if (key !== 'span' && typeof v === 'object') visit(v);
  };
  visit(body);
  return found;
}

export function makeFunction(it: Interp, node: FunctionDef | Lambda, s: Scope, name: string): FunctionValue {
  const defaults = node.params.map((p) => (p.default ? evalExpr(it, p.default, s) : undefined));
  let isGen = false;
  if (node.kind === 'FunctionDef') {
    const cached = generatorCache.get(node);
    isGen = cached ?? containsYield(node.body);
    if (cached === undefined) generatorCache.set(node, isGen);
  }
  const closure = s.closureScope();
  return {
    kind: 'function',
    name,
    qualname: s.qualname ? `${s.qualname}.${name}` : name,
    node,
    params: node.params,
    defaults,
    closure,
    module: it.frame.module,
    isGenerator: isGen,
    simple: node.params.every((p) => p.kind === 'normal' && p.default === undefined),
  };
}

