/**
 * Packed events (`packedEvents.ts`) as a sequence of small JSON documents, and their reassembly.
 *
 * Purpose: the HTML report inlines a profile of any size, but no single string may exceed V8's
 * limit (~512 MiB), neither when writing nor when the page reads it. Each chunk is one JSON
 * object holding events [from, from + count) column by column, plus the table entries those
 * events use first; `PackedChunkReader` parses chunk after chunk into preallocated typed arrays.
 * Chunk: {"from":0,"count":2,"start":[..] or "<base64>","dur":..,"stall":..,"core":[..],"track":[..],...,
 *   "loopIter":[..],"depCount":[..],"depList":[..],"ids":[..]?,"tables":{"track":[new entries],...}}
 * Times (start, dur, stall) are decimal numbers (null for NaN) or, where shorter, one base64
 * string of little-endian float64s; a null in loopIter is a null iteration.
 * Invariant: the reader accepts the chunks in order only and checks every index against the
 * tables known so far, so a truncated, reordered or edited report yields a message, never a crash.
 */
import { packedEventsProblem, REF_COLUMNS, tableEntriesProblem, type PackedEvents, type PackedTables } from './packedEvents';

const NUMBER_COLUMNS = ['start', 'dur', 'stall', 'core', ...REF_COLUMNS, 'depCount'] as const;
/**
 * Times are written as decimal numbers when they are whole and short (up to 10 digits), else as
 * base64 of little-endian float64s: the model's fractional nanoseconds take 17 digits in decimal
 * and under 11 characters in base64.
 */
const TIME_COLUMNS: ReadonlySet<string> = new Set(['start', 'dur', 'stall']);

const BASE64_CODES = Uint8Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c) => c.charCodeAt(0));
const PAD = 61; // '='
const ascii = new TextDecoder();

/** Base64 of bytes, encoded into a byte buffer and decoded once (no per-character strings). */
function base64(bytes: Uint8Array): string {
  const out = new Uint8Array(Math.ceil(bytes.length / 3) * 4);
  let o = 0;
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = BASE64_CODES[n >> 18]!; out[o++] = BASE64_CODES[(n >> 12) & 63]!; out[o++] = BASE64_CODES[(n >> 6) & 63]!; out[o++] = BASE64_CODES[n & 63]!;
  }
  if (i < bytes.length) {
    const two = i + 1 < bytes.length;
    const n = (bytes[i]! << 16) | (two ? bytes[i + 1]! << 8 : 0);
    out[o++] = BASE64_CODES[n >> 18]!; out[o++] = BASE64_CODES[(n >> 12) & 63]!; out[o++] = two ? BASE64_CODES[(n >> 6) & 63]! : PAD; out[o++] = PAD;
  }
  return ascii.decode(out);
}

function float64Base64(values: Float64Array): string {
  const view = new DataView(new ArrayBuffer(values.length * 8));
  for (let i = 0; i < values.length; i++) view.setFloat64(i * 8, values[i]!, true);
  return base64(new Uint8Array(view.buffer));
}

function timesJson(values: Float64Array): string {
  let whole = true;
  for (let i = 0; whole && i < values.length; i++) whole = Number.isInteger(values[i]) && Math.abs(values[i]!) < 1e10;
  return whole ? `[${values.join(',')}]` : `"${float64Base64(values)}"`;
}

/** The float64s of `float64Base64` text into `out` at `at`; false when it does not hold `count` of them. */
function readFloat64Base64(text: unknown, count: number, out: Float64Array, at: number): boolean {
  if (typeof text !== 'string') return false;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return false;
  }
  if (binary.length !== count * 8) return false;
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < count; i++) out[at + i] = view.getFloat64(i * 8, true);
  return true;
}

/** A JSON list of numbers (null for a non-finite one, as JSON.stringify writes it). */
function numbersJson(values: Float64Array | Int32Array | Uint32Array): string {
  let finite = true;
  for (let i = 0; finite && i < values.length; i++) finite = Number.isFinite(values[i]);
  if (finite) return `[${values.join(',')}]`;
  return `[${Array.from(values, (v) => (Number.isFinite(v) ? String(v) : 'null')).join(',')}]`;
}

/** JSON text of each chunk of at most `eventsPerChunk` events (one chunk when there are none). */
export function* packedEventChunks(p: PackedEvents, eventsPerChunk = 20_000): Generator<string> {
  const step = Math.max(1, Math.floor(eventsPerChunk));
  const written: Record<string, number> = Object.fromEntries(REF_COLUMNS.map((c) => [c, 0]));
  let dep = 0;
  let iter = 0;
  for (let from = 0; from === 0 || from < p.count; from += step) {
    const to = Math.min(p.count, from + step);
    let deps = 0;
    let iters = 0;
    for (let i = from; i < to; i++) { deps += p.depCount[i]!; iters += p.tables.loopVars[p.loopVars[i]!]!.length; }
    const parts = [`"from":${from}`, `"count":${to - from}`];
    for (const c of NUMBER_COLUMNS) parts.push(`"${c}":${TIME_COLUMNS.has(c) ? timesJson(p[c].subarray(from, to) as Float64Array) : numbersJson(p[c].subarray(from, to))}`);
    parts.push(`"loopIter":${numbersJson(p.loopIter.subarray(iter, iter + iters))}`, `"depList":${numbersJson(p.depList.subarray(dep, dep + deps))}`);
    if (p.ids) parts.push(`"ids":${numbersJson(p.ids.subarray(from, to))}`);
    // Entries are numbered by first use, so the entries new in this chunk end at its largest index.
    const tables: string[] = [];
    for (const c of REF_COLUMNS) {
      let end = written[c]!;
      const col = p[c];
      for (let i = from; i < to; i++) if (col[i]! + 1 > end) end = col[i]! + 1;
      if (end > written[c]!) tables.push(`"${c}":${JSON.stringify(p.tables[c].slice(written[c], end))}`);
      written[c] = end;
    }
    parts.push(`"tables":{${tables.join(',')}}`);
    dep += deps;
    iter += iters;
    yield `{${parts.join(',')}}`;
    if (to === p.count) break;
  }
}

/** Reassembles packed events of `count` events from parsed chunks; throws an Error saying what is wrong. */
export class PackedChunkReader {
  private readonly cols: Record<typeof NUMBER_COLUMNS[number], Float64Array | Int32Array | Uint32Array>;
  private readonly loopIter: number[][] = [];
  private readonly depList: number[][] = [];
  private ids: Uint32Array | undefined;
  private readonly tables: PackedTables = { track: [], opcode: [], kind: [], operands: [], source: [], stack: [], loopVars: [] };
  private next = 0;

  constructor(readonly count: number) {
    if (!Number.isInteger(count) || count < 0) throw new Error(`the event count ${count} is not a whole number`);
    const make = (c: string) => (c === 'core' ? new Int32Array(count) : c === 'start' || c === 'dur' || c === 'stall' ? new Float64Array(count) : new Uint32Array(count));
    this.cols = Object.fromEntries(NUMBER_COLUMNS.map((c) => [c, make(c)])) as PackedChunkReader['cols'];
  }

  /** Adds the next chunk (a parsed JSON value). */
  add(value: unknown): void {
    const where = `events chunk at ${this.next}`;
    if (typeof value !== 'object' || value === null) throw new Error(`${where} is not an object`);
    const c = value as Record<string, unknown>;
    if (c.from !== this.next) throw new Error(`${where}: expected the events from ${this.next}, found ${String(c.from)} (chunks missing or out of order)`);
    const n = c.count;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || this.next + n > this.count) throw new Error(`${where}: count ${String(n)} does not fit ${this.count} events`);
    const tables = c.tables as Record<string, unknown> | undefined;
    if (typeof tables !== 'object' || tables === null) throw new Error(`${where}: tables are missing`);
    for (const name of REF_COLUMNS) {
      if (tables[name] === undefined) continue;
      const problem = tableEntriesProblem(name, tables[name], this.tables[name].length);
      if (problem) throw new Error(`${where}: ${problem}`);
      for (const entry of tables[name] as never[]) (this.tables[name] as unknown[]).push(entry);
    }
    for (const name of NUMBER_COLUMNS) {
      const values = c[name];
      if (TIME_COLUMNS.has(name) && typeof values === 'string') {
        if (!readFloat64Base64(values, n, this.cols[name] as Float64Array, this.next)) throw new Error(`${where}: column ${name} is not ${n} base64 float64s`);
      } else if (TIME_COLUMNS.has(name)) {
        // Decimal times: a null is a NaN (JSON has no NaN).
        if (!isNumberList(values, n, true)) throw new Error(`${where}: column ${name} is not ${n} numbers`);
        for (let i = 0; i < n; i++) this.cols[name][this.next + i] = values[i] ?? NaN;
      } else {
        if (!isNumberList(values, n)) throw new Error(`${where}: column ${name} is not ${n} numbers`);
        this.cols[name].set(values, this.next);
      }
    }
    // Indices must name entries already known (written with this chunk or an earlier one).
    for (const name of REF_COLUMNS) {
      const col = this.cols[name];
      const size = this.tables[name].length;
      for (let i = this.next; i < this.next + n; i++) {
        if (col[i]! >= size || !Number.isInteger(col[i])) throw new Error(`${where}: event ${i} has ${name} ${col[i]}, not in its table of ${size}`);
      }
    }
    const iters = c.loopIter;
    if (!Array.isArray(iters) || !iters.every((x) => x === null || typeof x === 'number')) throw new Error(`${where}: loopIter is not a list of numbers and nulls`);
    this.loopIter.push((iters as Array<number | null>).map((x) => x ?? NaN));
    if (!isNumberList(c.depList)) throw new Error(`${where}: depList is not a list of numbers`);
    this.depList.push(c.depList);
    if (c.ids !== undefined || this.ids) {
      if (!isNumberList(c.ids, n)) throw new Error(`${where}: ids is not ${n} numbers`);
      if (!this.ids) { this.ids = new Uint32Array(this.count); for (let i = 0; i < this.next; i++) this.ids[i] = i; }
      this.ids.set(c.ids, this.next);
    }
    this.next += n;
  }

  /** The events, once every chunk was added; checked as a whole (dependency ids, lengths). */
  finish(): PackedEvents {
    if (this.next !== this.count) throw new Error(`the report holds ${this.next.toLocaleString('en-US')} of ${this.count.toLocaleString('en-US')} events (truncated?)`);
    const k = this.cols;
    const events: PackedEvents = {
      count: this.count, start: k.start as Float64Array, dur: k.dur as Float64Array, stall: k.stall as Float64Array, core: k.core as Int32Array,
      track: k.track as Uint32Array, opcode: k.opcode as Uint32Array, kind: k.kind as Uint32Array, operands: k.operands as Uint32Array,
      source: k.source as Uint32Array, stack: k.stack as Uint32Array, loopVars: k.loopVars as Uint32Array,
      loopIter: concat(Float64Array, this.loopIter), depCount: k.depCount as Uint32Array, depList: concat(Uint32Array, this.depList),
      ...(this.ids ? { ids: this.ids } : {}), tables: this.tables,
    };
    const problem = packedEventsProblem(events);
    if (problem) throw new Error(problem);
    return events;
  }
}

function isNumberList(v: unknown, length?: number, nulls = false): v is number[] {
  if (!Array.isArray(v) || (length !== undefined && v.length !== length)) return false;
  for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'number' && !(nulls && v[i] === null)) return false;
  return true;
}

function concat<T extends Float64Array | Uint32Array>(ctor: { new (n: number): T }, parts: number[][]): T {
  const out = new ctor(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}
