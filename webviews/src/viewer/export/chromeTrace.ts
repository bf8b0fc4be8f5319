/**
 * Converts a profile to the Chrome trace event format (JSON object form), which Perfetto and
 * chrome://tracing open: one process per core, one thread per engine or DMA queue in display
 * order, complete ('X') events with microsecond timestamps, the source and loops in `args`.
 */
import type { Profile } from '../../../../simulator/src/profile/schema';
import { orderTracks, trackLabel } from '../data/dataset';
import { formatSource } from '../../../../simulator/src/profile/format';

export interface ChromeTraceEvent {
  name: string; ph: 'X' | 'M'; pid: number; tid: number;
  ts?: number; dur?: number; cat?: string; args?: Record<string, unknown>;
}

export function toChromeTrace(p: Profile): { traceEvents: ChromeTraceEvent[]; displayTimeUnit: 'ns'; otherData: Record<string, string> } {
  const tracks = orderTracks(p.events.map((e) => e.track as string));
  const tid = new Map(tracks.map((t, i) => [t, i + 1]));
  const cores = [...new Set(p.events.map((e) => e.core))].sort((a, b) => a - b);
  const meta: ChromeTraceEvent[] = [];
  for (const core of cores.length ? cores : [0]) {
    meta.push({ name: 'process_name', ph: 'M', pid: core, tid: 0, args: { name: `${p.kernel} · ${p.target} · core ${core}` } });
    for (const t of tracks) {
      meta.push({ name: 'thread_name', ph: 'M', pid: core, tid: tid.get(t)!, args: { name: trackLabel(t) } });
      meta.push({ name: 'thread_sort_index', ph: 'M', pid: core, tid: tid.get(t)!, args: { sort_index: tid.get(t)! } });
    }
  }
  const events = p.events.map((e): ChromeTraceEvent => ({
    name: e.opcode, cat: e.kind, ph: 'X', pid: e.core, tid: tid.get(e.track)!, ts: e.startNs / 1000, dur: e.durNs / 1000,
    args: {
      source: formatSource(e.source), path: e.source.path, line: e.source.line + 1, stallNs: e.stallNs,
      loops: Object.fromEntries(e.loops.map((l, i) => [l.variable || `loop${i + 1}`, l.iteration])),
      operands: e.operands.map((o) => `${o.role} ${o.name} ${o.buffer} ${o.dtype}[${o.shape.join(',')}]`),
    },
  }));
  return { traceEvents: [...meta, ...events], displayTimeUnit: 'ns', otherData: { generator: p.generator, schema: p.schema, kernel: p.kernel } };
}
