/**
 * Builds the `Profile` (profile/schema.ts) of a simulated instruction stream: the entry point of
 * the performance model.
 *
 * Purpose: `simulate(instructions, storages, target)` schedules the stream (engine.ts), then
 * writes the events (one per instruction, with operands, source, loop iterations, dependencies
 * and stall), the summary (summary.ts), recommendations (recommend.ts), SBUF/PSUM occupancy
 * (memory.ts) and per-line totals. Units as in the schema: ns, bytes, per second.
 * Invariant: `events[i]` is instruction i in program order (`id === i`); every event carries a
 * source location; instructions whose cost is unknown (shape unknown) get zero duration and one
 * `PERF001` diagnostic per source line, never a guessed time.
 */
import { PROFILE_SCHEMA, type EventOperand, type LineTotal, type Profile, type ProfileEvent, type SourceLocation, type TargetName, type TrackId } from '../profile/schema';
import type { Frame, Instruction, SourceSpan, Storage } from '../tracer/instruction';
import { schedule, trackName, type Schedule, type ScheduleOptions } from './engine';
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
}

export function simulate(instructions: readonly Instruction[], storages: readonly Storage[], target: TargetName, options: SimulateOptions = {}): Profile {
  const spec = options.spec ?? hardwareFor(target);
  const ordered = isInProgramOrder(instructions) ? instructions : [...instructions].sort((a, b) => a.seq - b.seq);
  const sched = schedule(ordered, storages, spec, options);
  return buildProfile(ordered, storages, sched, spec, options);
}

function isInProgramOrder(instructions: readonly Instruction[]): boolean {
  for (let i = 1; i < instructions.length; i++) if (instructions[i].seq < instructions[i - 1].seq) return false;
  return true;
}

export function buildProfile(instructions: readonly Instruction[], storages: readonly Storage[], sched: Schedule, spec: HardwareSpec,
  options: SimulateOptions = {}): Profile {
  const byId = new Map<number, Storage>();
  for (const s of storages) byId.set(s.id, s);
  const storageOf = (id: number) => byId.get(id);
  const locs = new SourceCache();
  const sourceOf = (i: number) => locs.span(instructions[i].span);

  const facts = runFacts(instructions, storageOf, sched, spec);
  const base = summarise(facts);
  const sites = new Map<string, number>();
  for (const s of storages) sites.set(s.site, (sites.get(s.site) ?? 0) + 1);
  const recommendations = recommend({
    instructions, storageOf, sched, spec, facts, sourceOf, attainableNs: base.roofline.attainableNs, siteCount: (site) => sites.get(site) ?? 0,
  });
  const mem = occupancy(instructions, storageOf, sched, sourceOf);

  const events: ProfileEvent[] = new Array(sched.count);
  const lines = new Map<string, LineTotal>();
  const lineOfLoc = new Map<SourceLocation, LineTotal>();
  const unknownByLine = new Map<string, { count: number; reason: string; source: SourceLocation }>();
  for (let i = 0; i < sched.count; i++) {
    const ins = instructions[i];
    const C = sched.costs;
    const known = C.known[i] === 1;
    const source = locs.span(ins.span);
    const dur = sched.end[i] - sched.start[i];
    const deps: number[] = [];
    for (let k = sched.depStart[i]; k < sched.depStart[i + 1]; k++) deps.push(sched.depList[k]);
    events[i] = {
      id: i,
      track: trackName(sched.track[i]) as TrackId,
      startNs: sched.start[i],
      durNs: dur,
      opcode: ins.opcode,
      kind: known ? C.kindOf(i) : 'unknown-cost',
      operands: ins.operands.map((o) => eventOperand(o, storageOf)),
      source,
      stack: locs.stack(ins.stack, source),
      loops: ins.loops.map((l) => ({ variable: l.variable, iteration: l.iteration ?? null })),
      deps,
      stallNs: sched.stall[i],
      core: ins.core,
    };
    // One LineTotal per (path, line), found through the shared SourceLocation object.
    let lt = lineOfLoc.get(source);
    if (!lt) {
      const key = `${source.path}\u0000${source.line}`;
      lt = lines.get(key);
      if (!lt) { lt = { path: source.path, line: source.line, timeNs: 0, instructions: 0, bytes: 0 }; lines.set(key, lt); }
      lineOfLoc.set(source, lt);
    }
    lt.timeNs += dur;
    lt.instructions++;
    lt.bytes += C.dmaBytes[i];
    if (!known) {
      const key = `${source.path}\u0000${source.line}`;
      const u = unknownByLine.get(key);
      if (u) u.count++; else unknownByLine.set(key, { count: 1, reason: C.unknownReason.get(i) ?? 'shape unknown', source });
    }
  }
  const diagnostics = [...(options.diagnostics ?? [])];
  for (const u of unknownByLine.values()) {
    diagnostics.push({
      code: 'PERF001', severity: 'information', source: u.source,
      message: `${u.count} instruction(s) here have no known cost (${u.reason}); they are drawn with zero duration, not estimated.`,
    });
  }
  return {
    schema: PROFILE_SCHEMA,
    generator: GENERATOR,
    target: spec.target,
    kernel: options.kernel ?? 'kernel',
    inputs: options.inputs ?? storages.filter((s) => s.origin === 'input').map((s) => ({
      name: s.name, dtype: s.dtype, shape: s.shape.map((d) => d ?? -1),
    })),
    mode: options.mode ?? 'timing-only',
    summary: { ...base, recommendations },
    events,
    memory: {
      sbuf: mem.sbuf,
      psum: mem.psum,
      capacity: { sbufBytesPerPartition: spec.sbufBytesPerPartition.value, psumBytesPerPartition: spec.psumBytesPerPartition.value },
      allocations: mem.allocations,
    },
    lines: [...lines.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line)),
    diagnostics,
  };
}

function eventOperand(o: Instruction['operands'][number], storageOf: (id: number) => Storage | undefined): EventOperand {
  const st = storageOf(o.access.storage);
  return {
    param: o.param,
    role: o.role,
    buffer: st?.buffer ?? 'sbuf',
    dtype: o.access.dtype,
    shape: o.access.shape.map((d) => d ?? null),
    bytes: o.access.bytes ?? null,
    name: st?.name ?? `storage${o.access.storage}`,
  };
}

/** Shares one SourceLocation object per distinct span/stack (profiles of 10^6 events stay small). */
class SourceCache {
  private readonly spans = new WeakMap<SourceSpan, SourceLocation>();
  private readonly byKey = new Map<string, SourceLocation>();
  private readonly stacks = new WeakMap<Frame[], SourceLocation[]>();

  span(s: SourceSpan): SourceLocation {
    let loc = this.spans.get(s);
    if (loc) return loc;
    const key = `${s.path}\u0000${s.line}\u0000${s.character}`;
    loc = this.byKey.get(key);
    if (!loc) { loc = { path: s.path, line: s.line, character: s.character }; this.byKey.set(key, loc); }
    this.spans.set(s, loc);
    return loc;
  }

  /** Frames outermost first, ending with the instruction's own line (appended if absent). */
  stack(frames: Frame[], own: SourceLocation): SourceLocation[] {
    let st = this.stacks.get(frames);
    if (!st) { st = frames.map((f) => this.span(f.span)); this.stacks.set(frames, st); }
    return st.length > 0 && st[st.length - 1] === own ? st : [...st, own];
  }
}
