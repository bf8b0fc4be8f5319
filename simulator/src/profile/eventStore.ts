/**
 * Column storage of a profile's events, materialised as `ProfileEvent` objects only on demand.
 *
 * Purpose: a profile of 10^5–10^6 events as objects (each with a `deps` array) is hundreds of MiB
 * of long-lived heap that the garbage collector must mark again and again, and the CLI never
 * needs the objects: it writes JSON. The model keeps the events here (typed arrays shared with the
 * schedule) and attaches them to the `Profile` behind a lazy `events` property (`attachEvents`):
 * readers that index `profile.events` get real objects, built once on first access;
 * `profile/json.ts` serialises straight from the columns (`eventsJson`).
 * What an event says about its instruction (opcode, kind, operands, source, stack: its "middle")
 * comes from an `EventDetails` source that reads the instruction stream in program order only
 * when events are first read or written (`advance`), so building a profile touches no
 * instruction object. Events share middles: the JSON of each distinct middle is encoded once.
 * Invariant: `get(i)` deep-equals the event an eager builder would make, and the JSON text of
 * events [a, b) equals `JSON.stringify(events.slice(a, b))` without its brackets.
 */
import type { LoopLevel } from '../tracer/instruction';
import { JsonBytes, NumText, putBytes as putBytesImport, putNum as putNumImport, putUint as putUintImport, utf8 } from './jsonBytes';
import type { EventOperand, Profile, ProfileEvent, SourceLocation, TrackId } from './schema';

/** The part of an event that repeats between the iterations of a loop: shared by those events. */
export interface EventMiddle {
  opcode: string;
  kind: string;
  operands: EventOperand[];
  source: SourceLocation;
  stack: SourceLocation[];
}

/** Per-event middles and loops, computed in program order on demand. */
export interface EventDetails {
  /** Makes `middle` and `loops` valid for events [0, upTo). */
  advance(upTo: number): void;
  /** Per event: index into `middles`. */
  readonly middle: Int32Array;
  readonly middles: readonly EventMiddle[];
  /** The tracer's loop levels of each event (converted to the schema's form when read). */
  readonly loops: ReadonlyArray<readonly LoopLevel[]>;
}

export interface EventColumns {
  count: number;
  start: Float64Array;
  end: Float64Array;
  stall: Float64Array;
  core: Int32Array;
  /** Track per event, an index into `trackNames`. */
  track: Int32Array;
  trackNames: readonly TrackId[];
  details: EventDetails;
  /** CSR dependency lists: deps of i are depList[depStart[i] .. depStart[i+1]). */
  depStart: Int32Array;
  depList: Int32Array;
}

const STORE = Symbol('nki-studio.eventStore');

// Local bindings: in an unbundled build every call through an import is a getter call.
const putBytes = putBytesImport;
const putNum = putNumImport;
const putUint = putUintImport;

// JSON pieces of an event, in order.
const OPEN_ID = utf8('{"id":');
const DUR = utf8(',"durNs":');
const DEPS = utf8(',"deps":[');
const STALL = utf8('],"stallNs":');
const ITERATION = utf8(',"iteration":');
const NULL = utf8('null');
const COMMA = 44;
const OPEN_LIST = 91;
const CLOSE_LIST = 93;
const CLOSE = 125;
/** Room for an event's fixed pieces and numbers (all but its middle, track, loops and dependencies). */
const EVENT_FIXED_BYTES = 256;

export class EventStore {
  private cached: ProfileEvent[] | undefined;
  constructor(readonly cols: EventColumns) {}

  // Loop lists: consecutive events usually share the tracer's array, so one conversion serves them.
  private lastLoopsIn: readonly LoopLevel[] | undefined;
  private lastLoopsOut: ProfileEvent['loops'] = [];

  private loopsOf(i: number): ProfileEvent['loops'] {
    const lin = this.cols.details.loops[i];
    if (lin !== this.lastLoopsIn) {
      if (!sameLoops(lin, this.lastLoopsOut)) this.lastLoopsOut = lin.map((l) => ({ variable: l.variable, iteration: l.iteration ?? null }));
      this.lastLoopsIn = lin;
    }
    return this.lastLoopsOut;
  }

  get count(): number { return this.cols.count; }

  get(i: number): ProfileEvent {
    const c = this.cols;
    c.details.advance(i + 1);
    const d0 = c.depStart[i];
    const d1 = c.depStart[i + 1];
    const deps: number[] = new Array(d1 - d0);
    for (let k = d0; k < d1; k++) deps[k - d0] = c.depList[k];
    const m = c.details.middles[c.details.middle[i]];
    return {
      id: i, track: c.trackNames[c.track[i]], startNs: c.start[i], durNs: c.end[i] - c.start[i], opcode: m.opcode, kind: m.kind,
      operands: m.operands, source: m.source, stack: m.stack, loops: this.loopsOf(i), deps, stallNs: c.stall[i], core: c.core[i],
    };
  }

  /** Every event as an object (built once). */
  all(): ProfileEvent[] {
    if (!this.cached) {
      const out: ProfileEvent[] = new Array(this.count);
      this.cols.details.advance(this.count);
      for (let i = 0; i < this.count; i++) out[i] = this.get(i);
      this.cached = out;
    }
    return this.cached;
  }

  // Encoded JSON pieces: `,"track":"<name>","startNs":` per track, `,"opcode":...,"loops":` per
  // middle, `{"variable":"<name>"` per loop variable, `,"core":<core>}` per core.
  private readonly trackJson: Uint8Array[] = [];
  private readonly middleJson: Uint8Array[] = [];
  private readonly variableJson = new Map<string, Uint8Array>();
  private readonly coreJson = new Map<number, Uint8Array>();
  private out: JsonBytes | undefined;
  private readonly numText = new NumText();
  /** Some encoded piece is not ASCII (then chunks are decoded as UTF-8). */
  private wide = false;

  private encode(s: string): Uint8Array {
    const b = utf8(s);
    if (b.length !== s.length) this.wide = true;
    return b;
  }

  private middleBytes(k: number): Uint8Array {
    let b = this.middleJson[k];
    if (b === undefined) {
      const m = this.cols.details.middles[k];
      b = this.encode(`,"opcode":${JSON.stringify(m.opcode)},"kind":${JSON.stringify(m.kind)},"operands":${JSON.stringify(m.operands)},`
        + `"source":${JSON.stringify(m.source)},"stack":${JSON.stringify(m.stack)},"loops":`);
      this.middleJson[k] = b;
    }
    return b;
  }

  private trackBytes(t: number): Uint8Array {
    let b = this.trackJson[t];
    if (b === undefined) {
      b = this.encode(`,"track":${JSON.stringify(this.cols.trackNames[t])},"startNs":`);
      this.trackJson[t] = b;
    }
    return b;
  }

  private variableBytes(v: string): Uint8Array {
    let b = this.variableJson.get(v);
    if (b === undefined) {
      b = this.encode(`{"variable":${JSON.stringify(v)}`);
      this.variableJson.set(v, b);
    }
    return b;
  }

  private coreBytes(c: number): Uint8Array {
    let b = this.coreJson.get(c);
    if (b === undefined) {
      b = this.encode(`,"core":${c}}`);
      this.coreJson.set(c, b);
    }
    return b;
  }

  /** JSON text of events [from, to), comma-separated, no brackets. */
  eventsJson(from: number, to: number): string {
    return this.eventsJsonPart(from, to, Infinity, false).text;
  }

  /**
   * JSON text of events [from, end), comma-separated, no brackets (a leading comma if `comma`),
   * where `end` <= `to` is the first event that starts at or past `maxBytes` bytes (at least one event).
   */
  eventsJsonPart(from: number, to: number, maxBytes: number, comma: boolean): { text: string; end: number } {
    const c = this.cols;
    const det = c.details;
    det.advance(to);
    const w = (this.out ??= new JsonBytes());
    const nums = this.numText;
    const { start, end, stall, core, track, depStart, depList } = c;
    const { middle, loops } = det;
    let buf = w.buf;
    let p = 0;
    // Where the previous event's loops text is, to copy it when the loop list is the same array.
    let prevLoops: readonly LoopLevel[] | undefined;
    let loopsAt = 0;
    let loopsEnd = 0;
    let lastCore = NaN;
    let coreJson = OPEN_ID;
    let i = from;
    for (; i < to && (i === from || p < maxBytes); i++) {
      const mid = this.middleBytes(middle[i]);
      const d0 = depStart[i];
      const d1 = depStart[i + 1];
      const lin = loops[i];
      const trk = this.trackBytes(track[i]);
      // Room for everything but the middle, the track and a new loop list; each loop level
      // checks for its own room plus this.
      const rest = EVENT_FIXED_BYTES + 12 * (d1 - d0);
      const need = rest + trk.length + mid.length + (lin === prevLoops ? loopsEnd - loopsAt : 0);
      if (p + need > buf.length) { w.pos = p; buf = w.reserve(need); }
      if (i > from || comma) buf[p++] = COMMA;
      p = putBytes(buf, p, OPEN_ID);
      p = putUint(buf, p, i);
      p = putBytes(buf, p, trk);
      const s = start[i];
      p = putNum(buf, p, s);
      p = putBytes(buf, p, DUR);
      p = nums.put(buf, p, end[i] - s);
      p = putBytes(buf, p, mid);
      if (lin === prevLoops) {
        for (let k = loopsAt; k < loopsEnd; k++) buf[p++] = buf[k];
      } else {
        loopsAt = p;
        buf[p++] = OPEN_LIST;
        for (let k = 0; k < lin.length; k++) {
          const l = lin[k];
          const v = this.variableBytes(l.variable);
          if (p + v.length + 64 + rest > buf.length) { w.pos = p; buf = w.reserve(v.length + 64 + rest); }
          if (k > 0) buf[p++] = COMMA;
          p = putBytes(buf, p, v);
          p = putBytes(buf, p, ITERATION);
          const it = l.iteration;
          p = it === undefined || it === null ? putBytes(buf, p, NULL) : putNum(buf, p, it);
          buf[p++] = CLOSE;
        }
        buf[p++] = CLOSE_LIST;
        loopsEnd = p;
        prevLoops = lin;
      }
      p = putBytes(buf, p, DEPS);
      for (let k = d0; k < d1; k++) {
        if (k > d0) buf[p++] = COMMA;
        p = putUint(buf, p, depList[k]);
      }
      p = putBytes(buf, p, STALL);
      p = nums.put(buf, p, stall[i]);
      const ci = core[i];
      if (ci !== lastCore) { coreJson = this.coreBytes(ci); lastCore = ci; }
      p = putBytes(buf, p, coreJson);
    }
    w.pos = p;
    return { text: w.take(!this.wide), end: i };
  }
}

function sameLoops(a: readonly LoopLevel[], b: ProfileEvent['loops']): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) {
    if (a[k].variable !== b[k].variable || (a[k].iteration ?? null) !== b[k].iteration) return false;
  }
  return true;
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
