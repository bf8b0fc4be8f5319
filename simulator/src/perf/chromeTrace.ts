/**
 * Export of a `Profile` to the Chrome trace event format (JSON), which Perfetto and
 * chrome://tracing open.
 *
 * Purpose: one process per logical core (`pid` = core), one thread per track (`tid`: engines
 * 1–5, DMA queue q at 100 + q) named by `thread_name` metadata events and ordered by
 * `thread_sort_index`; one complete (`X`) event per instruction with its operands, source line
 * and loop iterations in `args`; dependency edges as flow events (`s` on the producer's slice,
 * `f` with binding point "e" on the consumer's slice) sharing a unique `id`.
 * Units: the format's `ts`/`dur` are microseconds (fractions allowed); `displayTimeUnit` is ns.
 * Invariant: the output is plain JSON-serialisable data; every flow id has exactly one `s` and
 * one `f`; both ends lie inside the slices they bind to. `chromeTraceChunks` yields the same
 * JSON text as `chromeTraceJson` in pieces, reading one event at a time: a profile of 10^6 events
 * is more JSON than V8's longest string, and more event objects than fit comfortably in memory.
 */
import { eventStoreOf } from '../profile/eventStore';
import type { Profile, ProfileEvent } from '../profile/schema';

export interface ChromeTraceEvent {
  name: string;
  ph: 'X' | 'M' | 's' | 'f';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: number;
  bp?: 'e';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ns';
  metadata: Record<string, unknown>;
}

export interface ChromeTraceOptions {
  /** Emit at most this many dependency flows (default: all). */
  maxFlows?: number;
}

const ENGINE_TIDS: Record<string, { tid: number; name: string }> = {
  tensor: { tid: 1, name: 'Tensor Engine (PE)' },
  vector: { tid: 2, name: 'Vector Engine (DVE)' },
  scalar: { tid: 3, name: 'Scalar Engine (ACT)' },
  gpsimd: { tid: 4, name: 'GpSimd Engine (POOL)' },
  sync: { tid: 5, name: 'Sync Engine (SP)' },
};
const DMA_TID_BASE = 100;

export function trackTid(track: string): number {
  const e = ENGINE_TIDS[track];
  if (e) return e.tid;
  return DMA_TID_BASE + Number(track.slice(3));
}
function trackLabel(track: string): string {
  return ENGINE_TIDS[track]?.name ?? `DMA queue ${track.slice(3)}`;
}

const US = 1e-3; // ns → µs

export function toChromeTrace(profile: Profile, options: ChromeTraceOptions = {}): ChromeTrace {
  const events = profile.events;
  const out: ChromeTraceEvent[] = [...metadataEvents(profile, events.length, (i) => events[i])];
  for (const ev of events) out.push(sliceOf(ev));
  for (const f of flowEvents(events.length, (i) => events[i], options)) out.push(f);
  return { traceEvents: out, displayTimeUnit: 'ns', metadata: traceMetadata(profile) };
}

/** The Chrome trace's JSON text in pieces of at most `eventsPerChunk` trace events; joined, `chromeTraceJson`'s text. */
export function* chromeTraceChunks(profile: Profile, options: ChromeTraceOptions = {}, eventsPerChunk = 20_000): Generator<string> {
  // Column-backed profiles give one event at a time, without materialising them all.
  const store = eventStoreOf(profile);
  const count = store ? store.count : profile.events.length;
  const at = store ? (i: number) => store.get(i) : (i: number) => profile.events[i];
  let first = true;
  let batch: string[] = [];
  const flush = function* (): Generator<string> {
    if (batch.length === 0) return;
    yield `${first ? '{"traceEvents":[' : ','}${batch.join(',')}`;
    first = false;
    batch = [];
  };
  const push = (e: ChromeTraceEvent) => batch.push(JSON.stringify(e));
  for (const m of metadataEvents(profile, count, at)) push(m);
  for (let i = 0; i < count; i++) {
    push(sliceOf(at(i)));
    if (batch.length >= eventsPerChunk) yield* flush();
  }
  for (const f of flowEvents(count, at, options)) {
    push(f);
    if (batch.length >= eventsPerChunk) yield* flush();
  }
  yield* flush();
  const tail = JSON.stringify({ displayTimeUnit: 'ns', metadata: traceMetadata(profile) }).slice(1);
  yield first ? `{"traceEvents":[],${tail}` : `],${tail}`;
}

function traceMetadata(profile: Profile): Record<string, unknown> {
  return { generator: profile.generator, schema: profile.schema, kernel: profile.kernel, target: profile.target, totalNs: profile.summary.totalNs };
}

/** Process and thread names and sort orders: one process per core, one thread per track used. */
function metadataEvents(profile: Profile, count: number, at: (i: number) => ProfileEvent): ChromeTraceEvent[] {
  const out: ChromeTraceEvent[] = [];
  const tracks = new Map<string, { pid: number; track: string }>();
  for (let i = 0; i < count; i++) {
    const ev = at(i);
    const key = `${ev.core}/${ev.track}`;
    if (!tracks.has(key)) tracks.set(key, { pid: ev.core, track: ev.track });
  }
  const pids = [...new Set([...tracks.values()].map((t) => t.pid))].sort((a, b) => a - b);
  for (const pid of pids) {
    out.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: `NeuronCore ${pid} (${profile.target})` } });
    out.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } });
  }
  for (const { pid, track } of [...tracks.values()].sort((a, b) => a.pid - b.pid || trackTid(a.track) - trackTid(b.track))) {
    const tid = trackTid(track);
    out.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name: trackLabel(track) } });
    out.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } });
  }
  return out;
}

/** Dependency edges as flow pairs, in event order. */
function* flowEvents(count: number, at: (i: number) => ProfileEvent, options: ChromeTraceOptions): Generator<ChromeTraceEvent> {
  const maxFlows = options.maxFlows ?? Infinity;
  let flowId = 0;
  for (let i = 0; i < count; i++) {
    const ev = at(i);
    for (const d of ev.deps) {
      if (flowId >= maxFlows) return;
      if (!(d >= 0 && d < count)) continue;
      const from = at(d);
      const id = ++flowId;
      // Flow ends bind to the enclosing slice on their thread: the producer's midpoint and the
      // consumer's start are inside their slices (zero-length slices: at their timestamp).
      yield { name: 'dep', cat: 'dependency', ph: 's', id, pid: from.core, tid: trackTid(from.track), ts: (from.startNs + from.durNs / 2) * US };
      yield { name: 'dep', cat: 'dependency', ph: 'f', bp: 'e', id, pid: ev.core, tid: trackTid(ev.track), ts: ev.startNs * US };
    }
  }
}

function sliceOf(ev: ProfileEvent): ChromeTraceEvent {
  return {
    name: ev.opcode,
    cat: ev.kind,
    ph: 'X',
    pid: ev.core,
    tid: trackTid(ev.track),
    ts: ev.startNs * US,
    dur: ev.durNs * US,
    args: {
      id: ev.id,
      source: `${ev.source.path}:${ev.source.line + 1}`,
      // Loops the tracer could not name keep their place (loop<k>, 1-based) instead of an empty name.
      loops: ev.loops.map((l, k) => `${l.variable || `loop${k + 1}`}=${l.iteration ?? '?'}`).join(' '),
      operands: ev.operands.map((o) => `${o.role} ${o.param}=${o.name}[${o.shape.map((d) => d ?? '?').join(',')}] ${o.dtype} ${o.buffer}`),
      stallNs: ev.stallNs,
      deps: ev.deps,
    },
  };
}

/** The trace as a JSON string (what a `.json` file for Perfetto should contain); large profiles: `chromeTraceChunks`. */
export function chromeTraceJson(profile: Profile, options?: ChromeTraceOptions): string {
  return JSON.stringify(toChromeTrace(profile, options));
}
