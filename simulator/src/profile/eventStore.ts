/**
 * Column storage of a profile's events, materialised as `ProfileEvent` objects only on demand.
 *
 * Purpose: a profile of 10^5–10^6 events as objects (each with a `deps` array) is hundreds of MiB
 * of long-lived heap that the garbage collector must mark again and again, and the CLI never
 * needs the objects: it writes JSON. The model keeps the events here (typed arrays shared with the
 * schedule, plus one pointer per event to shared operand, stack and loop lists) and attaches them
 * to the `Profile` behind a lazy `events` property (`attachEvents`): readers that index
 * `profile.events` get real objects, built once on first access; `profile/json.ts` serialises
 * straight from the columns (`eventsJson`), with the JSON of every shared list computed once.
 * Invariant: `get(i)` deep-equals the event an eager builder would make, and the JSON text of
 * events [a, b) equals `JSON.stringify(events.slice(a, b))` without its brackets.
 */
import type { LoopLevel } from '../tracer/instruction';
import type { EventOperand, Profile, ProfileEvent, SourceLocation, TrackId } from './schema';

export interface EventColumns {
  count: number;
  start: Float64Array;
  end: Float64Array;
  stall: Float64Array;
  core: Int32Array;
  /** Track name per event (shared strings). */
  track: TrackId[];
  opcode: string[];
  kind: string[];
  operands: EventOperand[][];
  source: SourceLocation[];
  stack: SourceLocation[][];
  /** The tracer's loop levels of each event (converted to the schema's form when read). */
  loops: ReadonlyArray<readonly LoopLevel[]>;
  /** CSR dependency lists: deps of i are depList[depStart[i] .. depStart[i+1]). */
  depStart: Int32Array;
  depList: Int32Array;
}

const STORE = Symbol('nki-studio.eventStore');

export class EventStore {
  private cached: ProfileEvent[] | undefined;
  constructor(readonly cols: EventColumns) {}

  // Loop lists: consecutive events usually share the tracer's array, so one conversion serves them.
  private lastLoopsIn: readonly LoopLevel[] | undefined;
  private lastLoopsOut: ProfileEvent['loops'] = [];
  private lastLoopsJsonIn: readonly LoopLevel[] | undefined;
  private lastLoopsJson = '[]';

  private loopsOf(i: number): ProfileEvent['loops'] {
    const lin = this.cols.loops[i];
    if (lin !== this.lastLoopsIn) {
      if (!sameLoops(lin, this.lastLoopsOut)) this.lastLoopsOut = lin.map((l) => ({ variable: l.variable, iteration: l.iteration ?? null }));
      this.lastLoopsIn = lin;
    }
    return this.lastLoopsOut;
  }

  private loopsJson(i: number): string {
    const lin = this.cols.loops[i];
    if (lin !== this.lastLoopsJsonIn) {
      let s = '[';
      for (let k = 0; k < lin.length; k++) {
        const l = lin[k];
        s += `${k > 0 ? ',' : ''}{"variable":${JSON.stringify(l.variable)},"iteration":${l.iteration === undefined || l.iteration === null ? 'null' : num(l.iteration)}}`;
      }
      this.lastLoopsJson = `${s}]`;
      this.lastLoopsJsonIn = lin;
    }
    return this.lastLoopsJson;
  }

  get count(): number { return this.cols.count; }

  get(i: number): ProfileEvent {
    const c = this.cols;
    const d0 = c.depStart[i];
    const d1 = c.depStart[i + 1];
    const deps: number[] = new Array(d1 - d0);
    for (let k = d0; k < d1; k++) deps[k - d0] = c.depList[k];
    return {
      id: i, track: c.track[i], startNs: c.start[i], durNs: c.end[i] - c.start[i], opcode: c.opcode[i], kind: c.kind[i],
      operands: c.operands[i], source: c.source[i], stack: c.stack[i], loops: this.loopsOf(i), deps, stallNs: c.stall[i], core: c.core[i],
    };
  }

  /** Every event as an object (built once). */
  all(): ProfileEvent[] {
    if (!this.cached) {
      const out: ProfileEvent[] = new Array(this.count);
      for (let i = 0; i < this.count; i++) out[i] = this.get(i);
      this.cached = out;
    }
    return this.cached;
  }

  // JSON of shared values, by identity.
  private readonly jsonOf = new Map<unknown, string>();
  private json(v: unknown): string {
    let s = this.jsonOf.get(v);
    if (s === undefined) { s = JSON.stringify(v); this.jsonOf.set(v, s); }
    return s;
  }

  /** JSON text of events [from, to), comma-separated, no brackets. */
  eventsJson(from: number, to: number): string {
    const c = this.cols;
    const parts: string[] = [];
    const { start, end, stall, core, depStart, depList } = c;
    for (let i = from; i < to; i++) {
      const d0 = depStart[i];
      const d1 = depStart[i + 1];
      let deps = '[';
      for (let k = d0; k < d1; k++) deps += k === d0 ? String(depList[k]) : `,${depList[k]}`;
      deps += ']';
      parts.push(`{"id":${i},"track":${this.json(c.track[i])},"startNs":${num(start[i])},"durNs":${num(end[i] - start[i])},`
        + `"opcode":${this.json(c.opcode[i])},"kind":${this.json(c.kind[i])},"operands":${this.json(c.operands[i])},`
        + `"source":${this.json(c.source[i])},"stack":${this.json(c.stack[i])},"loops":${this.loopsJson(i)},`
        + `"deps":${deps},"stallNs":${num(stall[i])},"core":${core[i]}}`);
    }
    return parts.join(',');
  }
}

function sameLoops(a: readonly LoopLevel[], b: ProfileEvent['loops']): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    if (a[k].variable !== b[k].variable || (a[k].iteration ?? null) !== b[k].iteration) return false;
  }
  return true;
}

/** A number as JSON.stringify writes it. */
function num(x: number): string {
  return Number.isFinite(x) ? String(x) : 'null';
}

/**
 * Gives `profile` an enumerable `events` property backed by `store`: reading it builds the
 * objects once; assigning it replaces them (and detaches the store).
 */
export function attachEvents<P extends Omit<Profile, 'events'>>(profile: P, store: EventStore): P & { events: ProfileEvent[] } {
  let replaced: ProfileEvent[] | undefined;
  Object.defineProperty(profile, 'events', {
    enumerable: true,
    configurable: true,
    get: () => replaced ?? store.all(),
    set: (v: ProfileEvent[]) => {
      replaced = v;
      Object.defineProperty(profile, STORE, { value: undefined, enumerable: false, configurable: true });
    },
  });
  Object.defineProperty(profile, STORE, { value: store, enumerable: false, configurable: true });
  return profile as P & { events: ProfileEvent[] };
}

/** The column store behind a profile's events, if the model built it and nobody replaced them. */
export function eventStoreOf(profile: Profile): EventStore | undefined {
  return (profile as unknown as Record<symbol, EventStore | undefined>)[STORE];
}

/** Number of events without materialising them. */
export function eventCount(profile: Profile): number {
  return eventStoreOf(profile)?.count ?? profile.events.length;
}
