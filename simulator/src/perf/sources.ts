/**
 * Source locations of an instruction stream, interned once per run.
 *
 * Purpose: a profile of 10^6 events must not build a location object, a `path:line` string or a
 * call-stack array per instruction. `SourceIndex` gives every instruction a location id (one
 * shared `SourceLocation` per distinct path/line/character) and a line id (one per distinct
 * path/line, the key of per-line totals and of the recommendations' per-line aggregation), and
 * shares one stack array per distinct (frames, own line). Tracers share `SourceSpan` objects
 * between the instructions of one source node, so lookups go by object identity first and by
 * content only for a span not seen before.
 * Invariant: `locs[loc[i]]` has instruction i's path, line and character; equal content gives the
 * same id and the same object; ids are dense, in order of first appearance.
 */
import type { SourceLocation } from '../profile/schema';
import type { Frame, Instruction, SourceSpan } from '../tracer/instruction';

const MAX_STACK_VARIANTS = 8;

export class SourceIndex {
  /** Per instruction: location id and line id. */
  readonly loc: Int32Array;
  readonly line: Int32Array;
  readonly locs: SourceLocation[] = [];
  /** Location id → line id. */
  readonly lineOfLoc: number[] = [];
  readonly linePath: string[] = [];
  readonly lineNo: number[] = [];
  private readonly spanIds = new Map<SourceSpan, number>();
  private readonly locByKey = new Map<string, number>();
  private readonly lineByKey = new Map<string, number>();
  private lastSpan: SourceSpan | undefined;
  private lastId = -1;
  /** Per location id: stacks seen with that own line, as frame location ids and the shared array. */
  private readonly stacks: Array<Array<{ ids: number[]; out: SourceLocation[] }> | undefined> = [];
  private readonly ownStacks: Array<SourceLocation[] | undefined> = [];
  private readonly scratchIds: number[] = [];

  constructor(instructions: readonly Instruction[]) {
    const n = instructions.length;
    this.loc = new Int32Array(n);
    this.line = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const id = this.idOf(instructions[i].span);
      this.loc[i] = id;
      this.line[i] = this.lineOfLoc[id];
    }
  }

  get lineCount(): number { return this.linePath.length; }

  /** Location id of a span (interning it on first sight). */
  idOf(s: SourceSpan): number {
    if (s === this.lastSpan) return this.lastId;
    let id = this.spanIds.get(s);
    if (id === undefined) {
      const key = `${s.path}\u0000${s.line}\u0000${s.character}`;
      id = this.locByKey.get(key);
      if (id === undefined) {
        id = this.locs.length;
        this.locs.push({ path: s.path, line: s.line, character: s.character });
        this.locByKey.set(key, id);
        const lkey = `${s.path}\u0000${s.line}`;
        let l = this.lineByKey.get(lkey);
        if (l === undefined) {
          l = this.linePath.length;
          this.linePath.push(s.path);
          this.lineNo.push(s.line);
          this.lineByKey.set(lkey, l);
        }
        this.lineOfLoc.push(l);
      }
      this.spanIds.set(s, id);
    }
    this.lastSpan = s;
    this.lastId = id;
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
