/** The qwen3 command's text output: per-op table for a layer, per-layer lines, totals and Amdahl bounds. */
import { formatNs } from '../profile/format';
import { speedup, type Qwen3Op, type Qwen3Speedups } from './schema';

function pad(s: string, n: number, right = false): string {
  return right ? s.padStart(n) : s.padEnd(n);
}

function x(v: number): string {
  return `${v.toFixed(2)}x`;
}

function opTable(ops: Qwen3Op[], layerBaseline: number): string[] {
  const lines = [`  ${pad('op', 26)}${pad('baseline', 11, true)}${pad('NKI', 11, true)}${pad('speedup', 9, true)}${pad('share', 7, true)}  kernels (baseline -> NKI)${''}`];
  for (const o of ops) {
    const nki = o.nkiNs ?? o.optimisedNs;
    lines.push(`  ${pad(`${o.replaced ? '*' : ' '}${o.name}`, 26)}${pad(formatNs(o.baselineNs), 11, true)}${pad(formatNs(nki), 11, true)}`
      + `${pad(x(speedup(o.baselineNs, nki)), 9, true)}${pad(`${((o.baselineNs / layerBaseline) * 100).toFixed(1)}%`, 7, true)}`
      + `  ${o.baselineKernel ?? '?'} -> ${o.kernel ?? '?'}${o.calls && o.calls > 1 ? ` (x${o.calls})` : ''}`);
  }
  return lines;
}

export function formatQwen3Text(r: Qwen3Speedups): string {
  const sum = (ops: Qwen3Op[], k: 'baselineNs' | 'optimisedNs'): number => ops.reduce((s, o) => s + o[k], 0);
  const out: string[] = [];
  out.push(`Qwen3-${r.model.toUpperCase()} prefill on ${r.target}: ${r.layers.length}${r.modelLayers && r.modelLayers !== r.layers.length ? ` of ${r.modelLayers}` : ''} layers, seq ${r.seq}, batch ${r.batch}; `
    + `attention ${r.attention}; optimised run replaces ${r.replace === 'all' ? 'every op' : 'attention'} (* below)`);
  const first = r.layers[0];
  if (first) {
    const same = r.layers.every((l) => sum(l.ops, 'baselineNs') === sum(first.ops, 'baselineNs') && sum(l.ops, 'optimisedNs') === sum(first.ops, 'optimisedNs'));
    out.push('', `Layer 0${same && r.layers.length > 1 ? ` (all ${r.layers.length} layers identical)` : ''}; share = of the layer's baseline time:`);
    out.push(...opTable(first.ops, sum(first.ops, 'baselineNs')));
  }
  out.push('', `  ${pad('layer', 8)}${pad('baseline', 11, true)}${pad('optimised', 11, true)}${pad('speedup', 9, true)}`);
  for (const l of r.layers) {
    const b = sum(l.ops, 'baselineNs');
    const o = sum(l.ops, 'optimisedNs');
    out.push(`  ${pad(String(l.index), 8)}${pad(formatNs(b), 11, true)}${pad(formatNs(o), 11, true)}${pad(x(speedup(b, o)), 9, true)}`);
  }
  for (const f of r.final ?? []) {
    out.push(`  ${pad(f.name, 8)}${pad(formatNs(f.baselineNs), 11, true)}${pad(formatNs(f.optimisedNs), 11, true)}${pad(x(speedup(f.baselineNs, f.optimisedNs)), 9, true)}`);
  }
  const t = r.totals;
  out.push('', `End to end: ${formatNs(t.baselineNs)} -> ${formatNs(t.optimisedNs)} (${x(speedup(t.baselineNs, t.optimisedNs))} latency); `
    + `prompts/s ${r.promptsPerSecond.baseline.toPrecision(3)} -> ${r.promptsPerSecond.optimised.toPrecision(3)} `
    + `(${x(r.promptsPerSecond.baseline > 0 ? r.promptsPerSecond.optimised / r.promptsPerSecond.baseline : 1)} throughput)`);
  if (r.ops) {
    out.push('', 'Per op over all layers (share of the baseline; Amdahl: end-to-end bound if the op took no time; alone: with only its NKI kernel):');
    for (const o of [...r.ops].sort((a, b) => b.baselineShare - a.baselineShare)) {
      out.push(`  ${pad(o.name, 26)}${pad(`${(o.baselineShare * 100).toFixed(1)}%`, 7, true)}  Amdahl ${pad(x(o.amdahlBound), 8, true)}  alone ${pad(x(o.nkiAloneSpeedup), 7, true)}`);
    }
  }
  out.push('', 'Times are estimates of the NeuronCore performance model (one NeuronCore, timing-only simulation of each kernel), not measurements.');
  return out.join('\n');
}
