/**
 * A profile's events in columns, for moving them into the viewer (HTML report, webview messages).
 *
 * Purpose: a profile of 10^6 events is ~600 MB of JSON and ~15 million small objects; parsing or
 * structured-cloning that takes many seconds, and its JSON text exceeds V8's longest string.
 * Packed, each event is a row of numbers in typed arrays (copied by memcpy through postMessage);
 * the values events share (track, opcode, kind, operand list, source, stack, loop variables) are
 * stored once in tables and referenced by index, and loop iterations are a flat column. That is
 * ~60 bytes per event, and `unpackEvents` builds event objects that share the table values.
 * Invariants: `unpackEvents(packEvents(p))` deep-equals `p.events`; table entries are numbered in
 * order of first use, so events [0, k) reference only entries below (their largest index + 1)
 * (`packedChunks.ts` relies on it to write each entry with the first chunk that uses it).
 */
import { eventStoreOf } from './eventStore';
import type { EventOperand, Profile, ProfileEvent, SourceLocation, TrackId } from './schema';

/** Per-event columns that index a table of shared values. */
export const REF_COLUMNS = ['track', 'opcode', 'kind', 'operands', 'source', 'stack', 'loopVars'] as const;
export type RefColumn = typeof REF_COLUMNS[number];

export interface PackedTables {
  track: TrackId[];
  opcode: string[];
  kind: string[];
  operands: EventOperand[][];
  source: SourceLocation[];
  stack: SourceLocation[][];
  /** The loop variables of an event, outermost first; its iterations are in `loopIter`. */
  loopVars: string[][];
}

export interface PackedEvents {
  count: number;
  start: Float64Array;
  dur: Float64Array;
  stall: Float64Array;
  core: Int32Array;
  track: Uint32Array;
  opcode: Uint32Array;
  kind: Uint32Array;
  operands: Uint32Array;
  source: Uint32Array;
  stack: Uint32Array;
  loopVars: Uint32Array;
  /** Iterations of every event's loops in order (`loopVars[e].length` per event); NaN for null. */
  loopIter: Float64Array;
  /** Dependencies: event i waited for the next depCount[i] ids of depList. */
  depCount: Uint32Array;
  depList: Uint32Array;
  /** Event ids, present only when some id is not its index (profiles written by the model never). */
  ids?: Uint32Array;
  tables: PackedTables;
}

/** A profile with its events packed: `shell` is the profile without them (`events: []`). */
export interface PackedProfile { shell: Profile; events: PackedEvents }

/** Numbers values by first use; values may be keyed by identity first (shared objects) then content. */
class Interner<T> {
  readonly values: T[] = [];
  private readonly byIdentity = new Map<unknown, number>();
  private readonly byKey = new Map<string, number>();
  constructor(private readonly key: (v: T) => string) {}

  index(v: T): number {
    let i = this.byIdentity.get(v);
    if (i !== undefined) return i;
    const k = this.key(v);
    i = this.byKey.get(k);
    if (i === undefined) { i = this.values.length; this.values.push(v); this.byKey.set(k, i); }
    // Primitives and the model's shared objects repeat by identity; JSON-read profiles do not, so
    // remembering their identities would only grow the map.
    if (typeof v !== 'object' || this.byIdentity.size < 100_000) this.byIdentity.set(v, i);
    return i;
  }
}

/** Collects columns of a known number of events. */
class ColumnsBuilder {
  readonly start: Float64Array; readonly dur: Float64Array; readonly stall: Float64Array; readonly core: Int32Array;
  readonly refs: Record<RefColumn, Uint32Array>;
  readonly depCount: Uint32Array;
  private loopIter: number[] = [];
  private depList: number[] = [];
  private ids: Uint32Array | undefined;
  readonly track = new Interner<TrackId>(String);
  readonly opcode = new Interner<string>(String);
  readonly kind = new Interner<string>(String);
  readonly operands = new Interner<EventOperand[]>((v) => JSON.stringify(v));
  readonly source = new Interner<SourceLocation>((v) => JSON.stringify(v));
  readonly stack = new Interner<SourceLocation[]>((v) => JSON.stringify(v));
  readonly loopVars = new Interner<string[]>((v) => JSON.stringify(v));

  constructor(readonly count: number) {
    this.start = new Float64Array(count); this.dur = new Float64Array(count); this.stall = new Float64Array(count);
    this.core = new Int32Array(count); this.depCount = new Uint32Array(count);
    this.refs = Object.fromEntries(REF_COLUMNS.map((c) => [c, new Uint32Array(count)])) as Record<RefColumn, Uint32Array>;
  }

  setId(i: number, id: number): void {
    if (id === i && !this.ids) return;
    if (!this.ids) { this.ids = new Uint32Array(this.count); for (let k = 0; k < i; k++) this.ids[k] = k; }
    this.ids[i] = id;
  }

  loops(i: number, vars: string[], iterations: ArrayLike<number | null | undefined>): void {
    this.refs.loopVars[i] = this.loopVars.index(vars);
    for (let k = 0; k < iterations.length; k++) this.loopIter.push(iterations[k] ?? NaN);
  }

  deps(i: number, ids: ArrayLike<number>): void {
    this.depCount[i] = ids.length;
    for (let k = 0; k < ids.length; k++) this.depList.push(ids[k]!);
  }

  finish(): PackedEvents {
    const r = this.refs;
    return {
      count: this.count, start: this.start, dur: this.dur, stall: this.stall, core: this.core,
      track: r.track, opcode: r.opcode, kind: r.kind, operands: r.operands, source: r.source, stack: r.stack, loopVars: r.loopVars,
      loopIter: Float64Array.from(this.loopIter), depCount: this.depCount, depList: Uint32Array.from(this.depList),
      ...(this.ids ? { ids: this.ids } : {}),
      tables: {
        track: this.track.values, opcode: this.opcode.values, kind: this.kind.values, operands: this.operands.values,
        source: this.source.values, stack: this.stack.values, loopVars: this.loopVars.values,
      },
    };
  }
}

/** Packs a profile's events; reads the model's column store directly when the profile has one. */
export function packEvents(profile: Profile): PackedEvents {
  const store = eventStoreOf(profile);
  if (store) {
    const c = store.cols;
    const d = c.details;
    d.advance(c.count);
    const b = new ColumnsBuilder(c.count);
    let lastLoops: unknown;
    let lastVars: string[] = [];
    for (let i = 0; i < c.count; i++) {
      const m = d.middles[d.middle[i]!]!;
      b.start[i] = c.start[i]!; b.dur[i] = c.end[i]! - c.start[i]!; b.stall[i] = c.stall[i]!; b.core[i] = c.core[i]!;
      b.refs.track[i] = b.track.index(c.trackNames[c.track[i]!]!); b.refs.opcode[i] = b.opcode.index(m.opcode); b.refs.kind[i] = b.kind.index(m.kind);
      b.refs.operands[i] = b.operands.index(m.operands); b.refs.source[i] = b.source.index(m.source); b.refs.stack[i] = b.stack.index(m.stack);
      const levels = d.loops[i]!;
      if (levels !== lastLoops) { lastLoops = levels; lastVars = levels.map((l) => l.variable); }
      b.loops(i, lastVars, levels.map((l) => l.iteration));
      b.deps(i, c.depList.subarray(c.depStart[i]!, c.depStart[i + 1]!));
    }
    return b.finish();
  }
  const events = profile.events;
  const b = new ColumnsBuilder(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    b.setId(i, e.id);
    b.start[i] = e.startNs; b.dur[i] = e.durNs; b.stall[i] = e.stallNs; b.core[i] = e.core;
    b.refs.track[i] = b.track.index(e.track); b.refs.opcode[i] = b.opcode.index(e.opcode); b.refs.kind[i] = b.kind.index(e.kind);
    b.refs.operands[i] = b.operands.index(e.operands); b.refs.source[i] = b.source.index(e.source); b.refs.stack[i] = b.stack.index(e.stack);
    b.loops(i, e.loops.map((l) => l.variable), e.loops.map((l) => l.iteration));
    b.deps(i, e.deps);
  }
  return b.finish();
}

/** The profile without its events (read without materialising a column-backed `events`). */
export function profileShell(profile: Profile): Profile {
  const shell: Record<string, unknown> = {};
  for (const key of Object.keys(profile)) shell[key] = key === 'events' ? [] : (profile as unknown as Record<string, unknown>)[key];
  return shell as unknown as Profile;
}

export function packProfile(profile: Profile): PackedProfile {
  return { shell: profileShell(profile), events: packEvents(profile) };
}

/** Event objects from packed columns (they share the table values: treat them as read-only). */
export function unpackEvents(p: PackedEvents): ProfileEvent[] {
  const t = p.tables;
  const out: ProfileEvent[] = new Array(p.count);
  let d = 0;
  let li = 0;
  // Consecutive events usually sit in the same loop iteration: share their loop lists.
  let lastLoops: ProfileEvent['loops'] = [];
  let lastVars = -1;
  for (let i = 0; i < p.count; i++) {
    const n = p.depCount[i]!;
    const deps: number[] = new Array(n);
    for (let k = 0; k < n; k++) deps[k] = p.depList[d + k]!;
    d += n;
    const varsIndex = p.loopVars[i]!;
    const vars = t.loopVars[varsIndex]!;
    let same = varsIndex === lastVars;
    for (let k = 0; same && k < vars.length; k++) same = lastLoops[k]!.iteration === iterationOf(p.loopIter[li + k]!);
    if (!same) {
      lastLoops = vars.map((variable, k) => ({ variable, iteration: iterationOf(p.loopIter[li + k]!) }));
      lastVars = varsIndex;
    }
    li += vars.length;
    out[i] = {
      id: p.ids ? p.ids[i]! : i, track: t.track[p.track[i]!]!, startNs: p.start[i]!, durNs: p.dur[i]!,
      opcode: t.opcode[p.opcode[i]!]!, kind: t.kind[p.kind[i]!]!, operands: t.operands[p.operands[i]!]!,
      source: t.source[p.source[i]!]!, stack: t.stack[p.stack[i]!]!, loops: lastLoops, deps, stallNs: p.stall[i]!, core: p.core[i]!,
    };
  }
  return out;
}

function iterationOf(x: number): number | null {
  return Number.isNaN(x) ? null : x;
}

export function unpackProfile(p: PackedProfile): Profile {
  return { ...p.shell, events: unpackEvents(p.events) };
}

// ---- Checking untrusted packed events (webview messages, report files) -------------------------

const COLUMN_TYPES: Array<[keyof PackedEvents, string, new (n: number) => ArrayLike<number>]> = [
  ['start', 'Float64Array', Float64Array], ['dur', 'Float64Array', Float64Array], ['stall', 'Float64Array', Float64Array],
  ['core', 'Int32Array', Int32Array], ...REF_COLUMNS.map((c): [keyof PackedEvents, string, new (n: number) => ArrayLike<number>] => [c, 'Uint32Array', Uint32Array]),
  ['depCount', 'Uint32Array', Uint32Array],
];

function isSource(v: unknown): v is SourceLocation {
  const s = v as Partial<SourceLocation> | null;
  return typeof s === 'object' && s !== null && typeof s.path === 'string' && typeof s.line === 'number' && typeof s.character === 'number';
}

function isOperand(v: unknown): v is EventOperand {
  const o = v as Partial<EventOperand> | null;
  return typeof o === 'object' && o !== null && typeof o.param === 'string' && typeof o.name === 'string' && typeof o.dtype === 'string'
    && typeof o.role === 'string' && typeof o.buffer === 'string' && Array.isArray(o.shape);
}

const TABLE_CHECKS: Record<RefColumn, [string, (v: unknown) => boolean]> = {
  track: ['a string', (v) => typeof v === 'string'],
  opcode: ['a string', (v) => typeof v === 'string'],
  kind: ['a string', (v) => typeof v === 'string'],
  operands: ['a list of operands', (v) => Array.isArray(v) && v.every(isOperand)],
  source: ['a source location', isSource],
  stack: ['a list of source locations', (v) => Array.isArray(v) && v.every(isSource)],
  loopVars: ['a list of names', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string')],
};

/** Checks table entries [from, to) of one table; returns what is wrong, or undefined. */
export function tableEntriesProblem(name: RefColumn, entries: unknown, from = 0): string | undefined {
  if (!Array.isArray(entries)) return `table ${name} is not a list`;
  const [what, ok] = TABLE_CHECKS[name];
  for (let i = 0; i < entries.length; i++) if (!ok(entries[i])) return `table ${name} entry ${from + i} is not ${what}`;
  return undefined;
}

/** What is wrong with untrusted packed events (wrong types, lengths, indices out of range), or undefined. */
export function packedEventsProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return 'events are not an object';
  const p = value as Partial<PackedEvents>;
  const n = p.count;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) return 'event count is not a whole number';
  for (const [key, typeName, ctor] of COLUMN_TYPES) {
    const col = p[key];
    if (!(col instanceof ctor)) return `column ${key} is not a ${typeName}`;
    if ((col as ArrayLike<number>).length !== n) return `column ${key} has ${(col as ArrayLike<number>).length} values for ${n} events`;
  }
  if (!(p.loopIter instanceof Float64Array)) return 'column loopIter is not a Float64Array';
  if (!(p.depList instanceof Uint32Array)) return 'column depList is not a Uint32Array';
  if (p.ids !== undefined && !(p.ids instanceof Uint32Array && p.ids.length === n)) return `column ids is not a Uint32Array of ${n} values`;
  if (typeof p.tables !== 'object' || p.tables === null) return 'tables are missing';
  for (const name of REF_COLUMNS) {
    const problem = tableEntriesProblem(name, p.tables[name]);
    if (problem) return problem;
    const size = p.tables[name].length;
    const col = p[name]!;
    for (let i = 0; i < n; i++) if (col[i]! >= size) return `event ${i}: ${name} ${col[i]} is not in its table of ${size}`;
  }
  let deps = 0;
  let iters = 0;
  for (let i = 0; i < n; i++) { deps += p.depCount![i]!; iters += p.tables.loopVars[p.loopVars![i]!]!.length; }
  if (p.depList.length !== deps) return `depList has ${p.depList.length} ids; depCount adds up to ${deps}`;
  if (p.loopIter.length !== iters) return `loopIter has ${p.loopIter.length} values; the events' loops need ${iters}`;
  for (let k = 0; k < deps; k++) if (p.depList[k]! >= n) return `dependency ${p.depList[k]} is not an event`;
  return undefined;
}
