/**
 * Source locations of an instruction stream, interned once per run.
 *
 * Purpose: a profile of 10^6 events must not build a location object, a `path:line` string or a
 * call-stack array per instruction. `SourceIndex` gives every instruction a location id (one
 * shared `SourceLocation` per distinct path/line/character) and a line id (one per distinct
 * path/line, the key of per-line totals and of the recommendations' per-line aggregation), and
 * shares one stack array per distinct (frames, own line). Lookups go by content (a map per path
 * string, then a numeric line/character key: no string built per lookup), since a tracer may
 * make a span object per instruction; a span equal by identity to the previous one is free.
 * Invariant: `locs[loc[i]]` has instruction i's path, line and character; equal content gives the
 * same id and the same object; ids are dense, in order of first appearance.
 */
import type { SourceLocation } from '../profile/schema';
import type { Frame, Instruction, SourceSpan } from '../tracer/instruction';

const MAX_STACK_VARIANTS = 8;
/** Location key = line * POS_STRIDE + character (a string key past that column). */
const POS_STRIDE = 1 << 20;

export class SourceIndex {
  /** Per instruction: location id and line id (the first `count` entries). */
  loc: Int32Array;
  line: Int32Array;
  count = 0;
  readonly locs: SourceLocation[] = [];
  /** Location id → line id. */
  readonly lineOfLoc: number[] = [];
  readonly linePath: string[] = [];
  readonly lineNo: number[] = [];
  private readonly byPath = new Map<string, Map<number | string, number>>();
  private lastPath: string | undefined;
  private lastPathMap: Map<number | string, number> | undefined;
  private readonly lineByKey = new Map<string, number>();
  private lastSpan: SourceSpan | undefined;
  private lastId = -1;
  /** Per location id: stacks seen with that own line, as frame location ids and the shared array. */
  private readonly stacks: Array<Array<{ ids: number[]; out: SourceLocation[] }> | undefined> = [];
  private readonly ownStacks: Array<SourceLocation[] | undefined> = [];
  private readonly scratchIds: number[] = [];

  /** Indexes `instructions`, or starts empty with room for `capacity` (then `add` them in order). */
  constructor(instructions: readonly Instruction[] | number) {
    const n = typeof instructions === 'number' ? instructions : instructions.length;
    this.loc = new Int32Array(Math.max(16, n));
    this.line = new Int32Array(this.loc.length);
    if (typeof instructions !== 'number') for (let i = 0; i < n; i++) this.add(instructions[i].span);
  }

  /** Appends the next instruction's location; returns its location id. */
  add(span: SourceSpan): number {
    const i = this.count++;
    if (i === this.loc.length) {
      const loc = new Int32Array(i * 2); loc.set(this.loc); this.loc = loc;
      const line = new Int32Array(i * 2); line.set(this.line); this.line = line;
    }
    const id = this.idOf(span);
    this.loc[i] = id;
    this.line[i] = this.lineOfLoc[id];
    return id;
  }

  get lineCount(): number { return this.linePath.length; }

  /** Location id of a span (interning it on first sight). */
  idOf(s: SourceSpan): number {
    if (s === this.lastSpan) return this.lastId;
    // By content, not by object: a tracer may make a span object per instruction.
    const id = this.idByContent(s.path, s.line, s.character);
    this.lastSpan = s;
    this.lastId = id;
    return id;
  }

  /** By content: a map per path (strings hash once), then a numeric key of line and character. */
  private idByContent(path: string, line: number, character: number): number {
    let byPos = path === this.lastPath ? this.lastPathMap! : this.byPath.get(path);
    if (!byPos) { byPos = new Map(); this.byPath.set(path, byPos); }
    this.lastPath = path;
    this.lastPathMap = byPos;
    const key = character >= 0 && character < POS_STRIDE ? line * POS_STRIDE + character : `${line}:${character}`;
    let id = byPos.get(key);
    if (id === undefined) {
      id = this.locs.length;
      this.locs.push({ path, line, character });
      byPos.set(key, id);
      const lkey = `${path}\u0000${line}`;
      let l = this.lineByKey.get(lkey);
      if (l === undefined) {
        l = this.linePath.length;
        this.linePath.push(path);
        this.lineNo.push(line);
        this.lineByKey.set(lkey, l);
      }
      this.lineOfLoc.push(l);
    }
    return id;
  }

  span(s: SourceSpan): SourceLocation { return this.locs[this.idOf(s)]; }

  /** Frames outermost first, ending with the instruction's own line (appended if absent); shared. */
  stack(frames: readonly Frame[], own: number): SourceLocation[] {
    const ids = this.scratchIds;
    ids.length = 0;
    for (let k = 0; k < frames.length; k++) ids.push(this.idOf(frames[k].span));
    let variants = this.stacks[own];
    if (variants) {
      for (let v = 0; v < variants.length; v++) {
        const c = variants[v].ids;
        if (c.length !== ids.length) continue;
        let same = true;
        for (let k = 0; k < c.length; k++) if (c[k] !== ids[k]) { same = false; break; }
        if (same) return variants[v].out;
      }
    } else {
      variants = [];
      this.stacks[own] = variants;
    }
    const out: SourceLocation[] = ids.map((id) => this.locs[id]);
    if (!(out.length > 0 && ids[ids.length - 1] === own)) out.push(this.locs[own]);
    const entry = { ids: ids.slice(), out };
    if (variants.length < MAX_STACK_VARIANTS) variants.push(entry); else variants[variants.length - 1] = entry;
    return out;
  }

  /** The one-frame stack `[own]` (shared). */
  ownStack(own: number): SourceLocation[] {
    let s = this.ownStacks[own];
    if (!s) { s = [this.locs[own]]; this.ownStacks[own] = s; }
    return s;
  }
}
