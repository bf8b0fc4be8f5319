/**
 * Which tensor a name denotes at a position, from the trace facts: the bindings of that name in
 * the same function, the latest one before the position (or the binding site itself), with
 * every summary recorded there (a loop may rebind a name with several shapes). Kernel
 * parameters with known shapes count as bound at the parameter.
 *
 * Invariant: built once per analysis (memoised on the analysis object); lookups never traverse
 * the AST again.
 */
import { functionDefs, type FunctionDef, type Module } from '../../../simulator/src/frontend';
import type { DocumentAnalysis } from '../analysis/snapshot';
import type { Pos, StorageSummary, TensorBinding } from '../analysis/kernelResult';

export interface TensorSite {
  name: string;
  start: Pos;
  end: Pos;
  /** One entry per distinct summary at this site. */
  tensors: TensorBinding[];
}

function before(a: Pos, b: Pos): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function within(p: Pos, def: FunctionDef): boolean {
  return !before(p, def.span.start) && before(p, def.span.end);
}

export class TensorIndex {
  /** Function defs sorted by start; the innermost one containing a position is the last match. */
  private readonly defs: FunctionDef[];
  /** scope id ('' = module) → name → sites in source order. */
  private readonly sites = new Map<string, Map<string, TensorSite[]>>();

  constructor(module: Module, analysis: Pick<DocumentAnalysis, 'traces'>) {
    this.defs = functionDefs(module);
    const add = (b: TensorBinding): void => {
      const scope = this.scopeKey(b.start);
      let byName = this.sites.get(scope);
      if (!byName) this.sites.set(scope, (byName = new Map()));
      const list = byName.get(b.name) ?? [];
      let site = list.find((s) => s.start.line === b.start.line && s.start.character === b.start.character);
      if (!site) {
        site = { name: b.name, start: b.start, end: b.end, tensors: [] };
        list.push(site);
      }
      site.tensors.push(b);
      byName.set(b.name, list);
    };
    for (const trace of analysis.traces) {
      for (const b of trace.bindings) add(b);
      const def = this.defs.find((d) => d.nameSpan.start.line === trace.defLine && d.name === trace.kernel);
      for (const input of trace.inputs) {
        const param = def?.params.find((p) => p.name === input.name);
        if (param) add(inputBinding(param.name, param.span.start, { line: param.span.start.line, character: param.span.start.character + param.name.length }, input));
      }
    }
    for (const byName of this.sites.values()) {
      for (const list of byName.values()) list.sort((a, b) => (before(a.start, b.start) ? -1 : before(b.start, a.start) ? 1 : 0));
    }
  }

  private scopeKey(p: Pos): string {
    let inner: FunctionDef | undefined;
    for (const d of this.defs) if (within(p, d)) inner = d;
    return inner ? String(inner.id) : '';
  }

  /** The site that binds `name` as seen at `pos`. */
  siteAt(name: string, pos: Pos): TensorSite | undefined {
    const list = this.sites.get(this.scopeKey(pos))?.get(name);
    if (!list?.length) return undefined;
    let best: TensorSite | undefined;
    for (const s of list) if (!before(pos, s.start)) best = s;
    // Used before any binding in source order: a loop-carried value; show the first binding.
    return best ?? list[0];
  }

  /** Every site, for inlay hints. */
  allSites(): TensorSite[] {
    return [...this.sites.values()].flatMap((m) => [...m.values()].flat());
  }
}

function inputBinding(name: string, start: Pos, end: Pos, s: StorageSummary): TensorBinding {
  return { name, start, end, shape: s.shape, dtype: s.dtype, buffer: s.buffer, storage: s };
}

const memo = new WeakMap<object, TensorIndex>();

export function tensorIndex(analysis: DocumentAnalysis): TensorIndex {
  let index = memo.get(analysis);
  if (!index) memo.set(analysis, (index = new TensorIndex(analysis.module, analysis)));
  return index;
}
