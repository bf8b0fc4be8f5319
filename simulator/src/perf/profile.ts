/**
 * Builds the `Profile` (profile/schema.ts) of a simulated instruction stream: the entry point of
 * the performance model.
 *
 * Purpose: `simulate(instructions, storages, target)` schedules the stream (engine.ts), then
 * writes the events (one per instruction, with operands, source, loop iterations, dependencies
 * and stall), the summary (summary.ts), recommendations (recommend.ts), SBUF/PSUM occupancy
 * (memory.ts) and per-line totals. Units as in the schema: ns, bytes, per second.
 * Cost: building the profile reads the schedule's columns only: one pass for the summary and
 * per-line totals (summary.ts `runFacts`), one for every recommendation rule (recommend.ts), and
 * the occupancy's (memory.ts); the rules then look at a handful of instructions. Events are kept in columns
 * (profile/eventStore.ts: the schedule's typed arrays) and become objects only when
 * `profile.events` is read; JSON is written from the columns. What events take from their
 * instruction objects (opcode, operands, stack, loops) is read in one program-order pass when the
 * events are first read or written (eventDetails.ts), not here.
 * Events share what repeats: one location object per source position and one stack array per
 * distinct stack (sources.ts), one operand list per distinct content per source line, the
 * tracer's loop list. Past `maxDetailedEvents` events omit operands and stacks (see `SimulateOptions`).
 * Invariant: `events[i]` is instruction i in program order (`id === i`); every event carries a
 * source location; instructions whose cost is unknown (shape unknown) get zero duration and one
 * `PERF001` diagnostic per source line, never a guessed time.
 */
import { attachEvents, EventStore } from '../profile/eventStore';
import { PROFILE_SCHEMA, type LineTotal, type Profile, type TargetName, type TrackId } from '../profile/schema';
import type { Instruction, Storage } from '../tracer/instruction';
import { schedule, trackName, type Schedule, type ScheduleOptions } from './engine';
import { LazyEventDetails } from './eventDetails';
import { hardwareFor } from './hardware/index';
import type { HardwareSpec } from './hardware/spec';
import { occupancy } from './memory';
import { recommend } from './recommend';
import { runFacts, summarise } from './summary';

export const GENERATOR = 'nki-studio perf model 1';

export interface SimulateOptions extends ScheduleOptions {
  kernel?: string;
  inputs?: Profile['inputs'];
  mode?: Profile['mode'];
  diagnostics?: Profile['diagnostics'];
  /** Use this hardware table instead of the target's (tests, what-if studies). */
  spec?: HardwareSpec;
  /**
   * Events that carry their operand list and full call stack: the first `maxDetailedEvents`
   * (default `DEFAULT_MAX_DETAILED_EVENTS`). Later events keep everything else (timing, track,
   * dependencies, source, loops) but have `operands: []` and the one-frame stack of their own
   * line, and a `PERF002` diagnostic says so: the operand lists are most of an event's JSON, and a
   * profile of 10^6 fully detailed events would not fit in one JavaScript string (V8 caps strings
   * at 2^29 characters) nor comfortably in memory. `Infinity` keeps every event detailed. Even so,
   * write profiles of more than ~500,000 events with `profile/json.ts` `profileJsonChunks`.
   */
  maxDetailedEvents?: number;
}

/** See `SimulateOptions.maxDetailedEvents`. */
export const DEFAULT_MAX_DETAILED_EVENTS = 100_000;

export function simulate(instructions: readonly Instruction[], storages: readonly Storage[], target: TargetName, options: SimulateOptions = {}): Profile {
  const spec = options.spec ?? hardwareFor(target);
  // A stream encoded by the tracer is in its (program) order; otherwise order by `seq`.
  const ordered = options.stream || isInProgramOrder(instructions) ? instructions : [...instructions].sort((a, b) => a.seq - b.seq);
  const sched = schedule(ordered, storages, spec, options);
  return buildProfile(ordered, storages, sched, spec, options);
}

function isInProgramOrder(instructions: readonly Instruction[]): boolean {
  for (let i = 1; i < instructions.length; i++) if (instructions[i].seq < instructions[i - 1].seq) return false;
  return true;
}

export function buildProfile(instructions: readonly Instruction[], storages: readonly Storage[], sched: Schedule, spec: HardwareSpec,
  options: SimulateOptions = {}): Profile {
  // Storages by id: tracers number them 0.. in order, so storages[id] is normally the one (a pass
  // over every storage object costs a cache miss each); otherwise a map, built once.
  let byId: Map<number, Storage> | undefined;
  const storageOf = (id: number): Storage | undefined => {
    const s = storages[id];
    if (s !== undefined && s.id === id) return s;
    if (!byId) { byId = new Map(); for (const t of storages) byId.set(t.id, t); }
    return byId.get(id);
  };
  const src = sched.sources;
  const sourceOf = (i: number) => src.locs[src.loc[i]];

  const facts = runFacts(sched, spec);
  const base = summarise(facts);
  const rotates = (st: Storage): boolean => sharesSite(storages, st);
  const recommendations = recommend({
    instructions, storageOf, sched, spec, facts, sourceOf, attainableNs: base.roofline.attainableNs, rotates, lines: src,
  });
  // The kernel inputs, unless given: one pass over the storage objects (a cache miss each).
  const inputs: Storage[] = [];
  if (options.inputs === undefined) {
    for (let x = 0; x < storages.length; x++) if (storages[x].origin === 'input') inputs.push(storages[x]);
  }
  const mem = occupancy(storageOf, sched, sourceOf);

  const n = sched.count;
  const C = sched.costs;
  const detailed = Math.max(0, options.maxDetailedEvents ?? DEFAULT_MAX_DETAILED_EVENTS);
  // Per-line totals and unknown-cost lines: summed by `runFacts` in its pass.
  const { order: lineOrder, ns: lineNs, instructions: lineIns, bytes: lineBytes, unknown: unknownLine, unknownOrder, unknownFirst } = facts.lines;
  const diagnostics = [...(options.diagnostics ?? [])];
  for (let u = 0; u < unknownOrder.length; u++) {
    const i = unknownFirst[u];
    diagnostics.push({
      code: 'PERF001', severity: 'information', source: sourceOf(i),
      message: `${unknownLine[unknownOrder[u]]} instruction(s) here have no known cost (${C.unknownReason.get(i) ?? 'shape unknown'}); they are drawn with zero duration, not estimated.`,
    });
  }
  if (n > detailed) {
    diagnostics.push({
      code: 'PERF002', severity: 'information', source: sourceOf(detailed),
      message: `This run has ${n.toLocaleString('en-US')} instructions: events after the first ${detailed.toLocaleString('en-US')} omit their operand lists and call stacks `
        + '(operands [], stack of their own line) to keep the profile within memory and JSON size limits. Timing, dependencies, loops and sources are complete.',
    });
  }
  const lines: LineTotal[] = lineOrder.map((l) => ({ path: src.linePath[l], line: src.lineNo[l], timeNs: lineNs[l], instructions: lineIns[l], bytes: lineBytes[l] }));
  const shell = {
    schema: PROFILE_SCHEMA,
    generator: GENERATOR,
    target: spec.target,
    kernel: options.kernel ?? 'kernel',
    inputs: options.inputs ?? inputs.map((s) => ({
      name: s.name, dtype: s.dtype, shape: s.shape.map((d) => d ?? -1),
    })),
    mode: options.mode ?? 'timing-only',
    summary: { ...base, recommendations },
    memory: {
      sbuf: mem.sbuf,
      psum: mem.psum,
      capacity: { sbufBytesPerPartition: spec.sbufBytesPerPartition.value, psumBytesPerPartition: spec.psumBytesPerPartition.value },
      allocations: mem.allocations,
    },
    lines: lines.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line)),
    diagnostics,
  };
  const trackNames: TrackId[] = [];
  for (let t = 0; t < facts.tracks; t++) trackNames.push(trackName(t) as TrackId);
  const store = new EventStore({
    count: n, start: sched.start, end: sched.end, stall: sched.stall, core: sched.core, track: sched.track, trackNames,
    details: new LazyEventDetails(instructions, storageOf, src, C, detailed), depStart: sched.depStart, depList: sched.depList,
  });
  // Same key order as the schema (events after summary), so JSON output keeps its layout.
  const { memory, lines: lineTotals, diagnostics: diags, ...head } = shell;
  const profile = attachEvents(head as Omit<Profile, 'events'>, store);
  profile.memory = memory;
  profile.lines = lineTotals;
  profile.diagnostics = diags;
  return profile;
}

/**
 * Whether another storage of `storages` was allocated at the same site as `st` (the site is in a
 * loop and rotates): searched outwards from `st`'s own slot, since a loop allocates its next tile
 * soon after (a pass over every storage object costs a cache miss each).
 */
export function sharesSite(storages: readonly Storage[], st: Storage): boolean {
  const at = storages[st.id] === st ? st.id : storages.indexOf(st);
  if (at < 0) return storages.filter((s) => s.site === st.site).length > 1;
  for (let d = 1; at - d >= 0 || at + d < storages.length; d++) {
    if (at - d >= 0 && storages[at - d].site === st.site) return true;
    if (at + d < storages.length && storages[at + d].site === st.site) return true;
  }
  return false;
}
