/**
 * NKI503: loop-carried dependencies inside `nl.affine_range` loops, where the version forbids them
 * (NKI Beta 1: iterations may run in parallel, so the compiler rejects a value carried from one
 * iteration to the next with err_unexpected_output_dependencies; from 0.2 affine_range is an alias
 * of range and the rule does not apply — see the `affine-loop-carried-dependency` language rule).
 *
 * A static check of the kernel's source (the Beta 1 tracer runs a loop body once, so a trace could
 * not see two iterations). Inside an affine_range loop over `i`, for a tensor bound before the loop
 * (a kernel parameter or the result of an NKI call; Python scalars are compile-time values and
 * never carried at run time):
 * - `x = nl.f(x, ...)` reads the previous iteration's tile;
 * - `x[idx] = v` and `nl.store(x[idx], ...)` with no `i` in idx write the same elements in every
 *   iteration (a later iteration may read or overwrite them in any order), unless v is an
 *   `nl.loop_reduce(..., loop_indices=[i])`;
 * - `x op= v` with a non-associative op (`/=`, `**=`, …) and no `i` in the index.
 * Associative accumulation (`x[...] += v`, `psum += nl.matmul(...)`) is the allowed pattern: the
 * compiler turns it into a reduction (the fused Mamba tutorial accumulates into SBUF this way).
 * `i` counts through names computed from it in the loop body (`off = i * 128`).
 */
import type { Expr, FunctionDef, Module, Span, Stmt } from '../frontend/ast';
import { walk, type AstNode } from '../frontend/walk';
import type { NkiModel } from '../nki';
import type { NkiDiagnostic } from './diagnostic';
import { isNkiModule, nkiImportBindings } from './kernels';

interface Loop { vars: string[]; header: Span }

function dotted(expr: Expr): string | undefined {
  if (expr.kind === 'Name') return expr.name;
  if (expr.kind === 'Attribute') {
    const base = dotted(expr.value);
    return base === undefined ? undefined : `${base}.${expr.attr}`;
  }
  return undefined;
}

/** `nl.affine_range`, `neuronxcc.nki.language.affine_range`, or an imported `affine_range`. */
function resolvedCallee(expr: Expr, bindings: ReadonlyMap<string, string>): string | undefined {
  if (expr.kind !== 'Call') return undefined;
  const name = dotted(expr.func);
  if (!name) return undefined;
  const [root, ...rest] = name.split('.');
  const bound = bindings.get(root);
  return bound ? [bound, ...rest].join('.') : undefined;
}

const isAffineRange = (callee: string | undefined): boolean => !!callee && /(^|\.)language\.affine_range$/.test(callee);
const isLoopReduce = (callee: string | undefined): boolean => !!callee && /(^|\.)language\.loop_reduce$/.test(callee);
const isNkiCall = (callee: string | undefined): boolean => !!callee && isNkiModule(callee);
/** Accumulations whose result does not depend on the order of the iterations. */
const ASSOCIATIVE = new Set(['+', '-', '*', '&', '|', '^']);
const isStore = (callee: string | undefined): boolean => !!callee && /(^|\.)language\.store$/.test(callee);

function names(node: AstNode | undefined): Set<string> {
  const out = new Set<string>();
  if (node) walk(node, (n) => {
    if ((n as Expr).kind === 'Name') out.add((n as { name: string }).name);
    return (n as Stmt).kind !== 'FunctionDef' && (n as Expr).kind !== 'Lambda';
  });
  return out;
}

function targetNames(target: Expr): string[] {
  if (target.kind === 'Name') return [target.name];
  if (target.kind === 'Tuple' || target.kind === 'List') return target.elts.flatMap(targetNames);
  if (target.kind === 'Starred') return targetNames(target.value);
  return [];
}

/** The name a subscript (or plain name) destination writes into, and its index (if any). */
function destination(target: Expr): { name: string; index?: Expr; span: Span } | undefined {
  if (target.kind === 'Name') return { name: target.name, span: target.span };
  if (target.kind === 'Subscript' && target.value.kind === 'Name') return { name: target.value.name, index: target.index, span: target.span };
  return undefined;
}

function positional(call: Expr, position: number, keyword: string): Expr | undefined {
  if (call.kind !== 'Call') return undefined;
  const kw = call.args.find((a) => a.kind === 'keyword' && a.name === keyword);
  if (kw) return kw.value;
  return call.args.filter((a) => a.kind === 'positional')[position]?.value;
}

class Checker {
  readonly found: NkiDiagnostic[] = [];
  /** Names whose latest binding (before the loop being checked) is a tensor. */
  readonly tensors = new Set<string>();
  private readonly message: string;

  constructor(private readonly bindings: ReadonlyMap<string, string>, ruleMessage: string) {
    this.message = ruleMessage;
  }

  /** Walks a statement list with the names bound so far (and where), checking each affine loop. */
  block(body: readonly Stmt[], bound: Map<string, Span>): void {
    for (const st of body) {
      if (st.kind === 'FunctionDef' || st.kind === 'ClassDef') {
        bound.set(st.name, st.nameSpan);
        continue;
      }
      if (st.kind === 'For') {
        if (isAffineRange(resolvedCallee(st.iter, this.bindings))) this.loop(st, bound);
        for (const n of targetNames(st.target)) bound.set(n, st.target.span);
        this.block(st.body, bound);
        this.block(st.orelse, bound);
        continue;
      }
      if (st.kind === 'Assign') {
        const tensor = isNkiCall(resolvedCallee(st.value, this.bindings));
        for (const t of st.targets) {
          for (const n of targetNames(t)) {
            if (!bound.has(n)) bound.set(n, t.span);
            if (t.kind === 'Name') {
              if (tensor) this.tensors.add(n);
              else this.tensors.delete(n);
            }
          }
        }
      }
      if ((st.kind === 'AugAssign' || st.kind === 'AnnAssign') && st.target.kind === 'Name' && !bound.has(st.target.name)) bound.set(st.target.name, st.target.span);
      if (st.kind === 'If' || st.kind === 'While') {
        this.block(st.body, bound);
        this.block(st.orelse, bound);
      } else if (st.kind === 'With') {
        for (const item of st.items) if (item.optionalVars) for (const n of targetNames(item.optionalVars)) bound.set(n, item.optionalVars.span);
        this.block(st.body, bound);
      } else if (st.kind === 'Try') {
        this.block(st.body, bound);
        for (const h of st.handlers) this.block(h.body, bound);
        this.block(st.orelse, bound);
        this.block(st.finalbody, bound);
      }
    }
  }

  private loop(loop: Extract<Stmt, { kind: 'For' }>, outside: ReadonlyMap<string, Span>): void {
    const info: Loop = { vars: targetNames(loop.target), header: { ...loop.span, end: loop.iter.span.end, endOffset: loop.iter.span.endOffset } };
    const dependent = new Set(info.vars);
    const local = new Set<string>(info.vars);
    const tensors = new Set(this.tensors);
    const carried = (name: string): boolean => outside.has(name) && tensors.has(name) && !local.has(name);
    const indexed = (index: Expr | undefined): boolean => !!index && [...names(index)].some((n) => dependent.has(n));
    const visit = (body: readonly Stmt[]): void => {
      for (const st of body) {
        switch (st.kind) {
          case 'Assign': {
            const reads = names(st.value);
            const callee = resolvedCallee(st.value, this.bindings);
            for (const t of st.targets) {
              const d = destination(t);
              if (d && carried(d.name)) {
                if (d.index === undefined && isNkiCall(callee) && reads.has(d.name)) {
                  this.report(loop, info, d.span, `'${d.name}' is computed from its value in the previous iteration`, d.name, outside);
                } else if (d.index !== undefined && !indexed(d.index) && !(isLoopReduce(callee) && indexed(positional(st.value, 99, 'loop_indices')))) {
                  this.report(loop, info, d.span, `every iteration writes the same elements of '${d.name}' (the index does not use ${this.vars(info)})`, d.name, outside);
                }
              }
              for (const n of targetNames(t)) {
                local.add(n);
                if ([...reads].some((r) => dependent.has(r))) dependent.add(n);
              }
            }
            break;
          }
          case 'AugAssign': {
            const d = destination(st.target);
            if (d && carried(d.name) && !ASSOCIATIVE.has(st.op) && !(d.index && indexed(d.index))) {
              this.report(loop, info, d.span, `'${d.name}' is updated across iterations with '${st.op}=', which is not an associative accumulation`, d.name, outside);
            }
            break;
          }
          case 'ExprStmt': {
            if (isStore(resolvedCallee(st.value, this.bindings))) {
              const dst = positional(st.value, 0, 'dst');
              const d = dst && destination(dst);
              if (d && carried(d.name) && !indexed(d.index)) {
                this.report(loop, info, d.span, `every iteration stores to the same elements of '${d.name}' (the index does not use ${this.vars(info)})`, d.name, outside);
              }
            }
            break;
          }
          case 'For':
            for (const n of targetNames(st.target)) local.add(n);
            visit(st.body);
            visit(st.orelse);
            break;
          case 'If':
          case 'While':
            visit(st.body);
            visit(st.orelse);
            break;
          case 'With':
            visit(st.body);
            break;
          case 'Try':
            visit(st.body);
            st.handlers.forEach((h) => visit(h.body));
            visit(st.orelse);
            visit(st.finalbody);
            break;
          default:
            break;
        }
      }
    };
    visit(loop.body);
  }

  private vars(info: Loop): string {
    return info.vars.map((v) => `'${v}'`).join(', ') || 'the loop variable';
  }

  private report(loop: Stmt, info: Loop, span: Span, what: string, name: string, outside: ReadonlyMap<string, Span>): void {
    const related = [{ message: `the affine_range loop over ${this.vars(info)}`, range: toRange(info.header) }];
    const def = outside.get(name);
    if (def) related.push({ message: `'${name}' is bound before the loop here`, range: toRange(def) });
    this.found.push({
      code: 'NKI503', severity: 'error', range: toRange(span), related,
      message: `Loop-carried dependency in affine_range (line ${loop.span.start.line + 1}): ${what}. In NKI Beta 1 ${this.message}; use nl.sequential_range, or index the destination with ${this.vars(info)}.`,
    });
  }
}

function toRange(span: Span): NkiDiagnostic['range'] {
  return { start: { ...span.start }, end: { ...span.end } };
}

/** NKI503 findings in `kernel` (none when the model's version allows loop-carried values). */
export function affineLoopDependencies(module: Module, kernel: FunctionDef, model: NkiModel): NkiDiagnostic[] {
  const step = model.rule('affine-loop-carried-dependency');
  if (step.status !== 'error' && step.status !== 'warning') return [];
  const checker = new Checker(nkiImportBindings(module), step.message ?? 'affine_range iterations may run in parallel');
  const bound = new Map<string, Span>(kernel.params.map((p) => [p.name, p.span]));
  for (const p of kernel.params) checker.tensors.add(p.name);
  checker.block(kernel.body, bound);
  return checker.found.map((d) => (step.status === 'warning' ? { ...d, severity: 'warning' } : d));
}
