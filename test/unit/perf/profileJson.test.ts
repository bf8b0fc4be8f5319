import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../../simulator/src/check/analyzeFile';
import { tiledMatmulTrace } from '../../../simulator/src/perf/bench';
import { schedule, trackName } from '../../../simulator/src/perf/engine';
import { hardwareFor } from '../../../simulator/src/perf/hardware/index';
import { DEFAULT_MAX_DETAILED_EVENTS, sharesSite, simulate, type SimulateOptions } from '../../../simulator/src/perf/profile';
import { profileJsonChunks } from '../../../simulator/src/profile/json';
import { JsonBytes, NumText, putNum } from '../../../simulator/src/profile/jsonBytes';
import type { EventOperand, Profile, ProfileEvent, SourceLocation, TargetName } from '../../../simulator/src/profile/schema';
import type { Instruction, Storage } from '../../../simulator/src/tracer/instruction';
import type { KernelTrace } from '../../../simulator/src/tracer/traceKernel';
import { repoRoot } from '../../helpers/lspClient';
import { randomTrace } from './randomTrace';

/**
 * The events as the obvious eager builder makes them: one object per instruction, straight from
 * the instruction, its storages and the schedule, nothing shared or deferred.
 */
function eagerEvents(instructions: readonly Instruction[], storages: readonly Storage[], target: TargetName, options: SimulateOptions): ProfileEvent[] {
  const s = schedule(instructions, storages, hardwareFor(target), options);
  const byId = new Map(storages.map((st) => [st.id, st]));
  const detailed = options.maxDetailedEvents ?? DEFAULT_MAX_DETAILED_EVENTS;
  const loc = (sp: { path: string; line: number; character: number }): SourceLocation => ({ path: sp.path, line: sp.line, character: sp.character });
  return instructions.map((ins, i) => {
    const operands: EventOperand[] = ins.operands.map((o) => {
      const st = byId.get(o.access.storage);
      return {
        param: o.param, role: o.role, buffer: st?.buffer ?? 'sbuf', dtype: o.access.dtype, shape: o.access.shape.map((d) => d ?? null),
        bytes: o.access.bytes ?? null, name: st?.name ?? `storage${o.access.storage}`,
      };
    });
    const own = loc(ins.span);
    const stack = ins.stack.map((f) => loc(f.span));
    const last = stack[stack.length - 1];
    if (!last || last.path !== own.path || last.line !== own.line || last.character !== own.character) stack.push(own);
    const deps: number[] = [];
    for (let k = s.depStart[i]; k < s.depStart[i + 1]; k++) deps.push(s.depList[k]);
    const full = i < detailed;
    return {
      id: i, track: trackName(s.track[i]) as ProfileEvent['track'], startNs: s.start[i], durNs: s.end[i] - s.start[i], opcode: ins.opcode,
      kind: s.costs.rows.known[s.costs.row[i]] === 1 ? s.costs.kindOf(i) : 'unknown-cost', operands: full ? operands : [], source: own,
      stack: full ? stack : [own], loops: ins.loops.map((l) => ({ variable: l.variable, iteration: l.iteration ?? null })), deps, stallNs: s.stall[i], core: s.core[i],
    };
  });
}

/** The profile's JSON with `events` replaced by `events`, written by JSON.stringify in one piece. */
function stringified(p: Profile, events: ProfileEvent[]): string {
  const o: Record<string, unknown> = {};
  for (const k of Object.keys(p)) o[k] = k === 'events' ? events : (p as unknown as Record<string, unknown>)[k];
  return JSON.stringify(o);
}

/** Writes the profile's JSON in chunks (before anything reads `events`), then checks it against the eager construction. */
function checkJson(label: string, instructions: readonly Instruction[], storages: readonly Storage[], target: TargetName, options: SimulateOptions = {}): void {
  const eager = eagerEvents(instructions, storages, target, options);
  const p = simulate(instructions, storages, target, options);
  const chunks = [...profileJsonChunks(p)];
  const small = [...profileJsonChunks(simulate(instructions, storages, target, options), 3)];
  const expected = stringified(p, eager);
  assert.equal(chunks.join(''), expected, `${label}: chunked JSON`);
  assert.equal(small.join(''), expected, `${label}: JSON in chunks of 3 events`);
  // Reading the events afterwards gives the eager objects, and JSON.stringify of the profile the same text.
  assert.deepEqual(p.events, eager, `${label}: events`);
  assert.equal(JSON.stringify(p), expected, `${label}: JSON.stringify(profile)`);
}

describe('profile JSON and events against an eager construction', () => {
  it('match for every example kernel (with its shape comment), trn2', async function () {
    this.timeout(120_000);
    const dir = join(repoRoot, 'examples');
    const files = readdirSync(dir).filter((f) => f.endsWith('.py')).sort();
    let checked = 0;
    for (const f of files) {
      const path = join(dir, f);
      const traces: KernelTrace[] = [];
      await analyzeFile(path, readFileSync(path, 'utf8'), { target: 'trn2', onTrace: (t) => traces.push(t) });
      for (const t of traces) {
        if (t.session.instructions.length === 0) continue;
        checkJson(f, t.session.instructions, t.session.storages, 'trn2', { kernel: f });
        checked++;
      }
    }
    assert.ok(checked >= 5, `only ${checked} example kernels traced`);
  });

  it('match for the synthetic bench trace, with and without the detailed-event cap', () => {
    const t = tiledMatmulTrace(4, 4, 8); // 416 events: several 100 KB chunks
    checkJson('tiled matmul', t.instructions, t.storages, 'trn2');
    checkJson('tiled matmul, 10 detailed', t.instructions, t.storages, 'trn1', { maxDetailedEvents: 10 });
  });

  it('match for random traces (unknown shapes, two cores) and non-ASCII names and paths', () => {
    for (const [seed, cores] of [[3, 1], [5, 2]]) {
      const b = randomTrace({ seed, steps: 120, cores });
      checkJson(`random ${seed}`, b.instructions, b.storages, 'trn2');
    }
    const b = randomTrace({ seed: 11, steps: 60 });
    for (const st of b.storages) st.name = `${st.name}_ä€`;
    const moved = b.instructions.map((ins) => ({ ...ins, span: { ...ins.span, path: 'kernels/ünïcode 😀.py' } }));
    checkJson('non-ASCII', moved, b.storages, 'trn3');
  });
});

describe('JSON bytes', () => {
  const values = [0, -0, 1, -1, 7, 9, 10, 99, 100, 12345, 2147483647, 2147483648, -2147483649, 4294967296, 2 ** 53 - 1, 2 ** 53, -(2 ** 53), 1e21, 1e-7,
    0.1, 1 / 3, -2.5, 173633.4005774943, 53.333333333343035, 5e-324, Number.MAX_VALUE, NaN, Infinity, -Infinity, 123456789012.5];

  it('writes every number as JSON.stringify does, cached or not', () => {
    const w = new JsonBytes(4);
    const nums = new NumText();
    for (const x of [...values, ...values]) {
      let buf = w.reserve(64);
      w.pos = putNum(buf, w.pos, x);
      buf = w.reserve(64);
      buf[w.pos++] = 32;
      w.pos = nums.put(buf, w.pos, x);
      buf[w.pos++] = 32;
    }
    const expected = [...values, ...values].map((x) => `${JSON.stringify(x)} ${JSON.stringify(x)} `).join('');
    assert.equal(w.take(true), expected);
    assert.equal(w.pos, 0);
  });
});

describe('sharesSite (rotating allocation sites for the recommendations)', () => {
  const st = (id: number, site: string): Storage => ({ id, site, name: `t${id}`, buffer: 'sbuf', dtype: 'float32', bytesPerElement: 4, shape: [128, 4], origin: 'local' });

  it('is true when any other storage, near or far, was allocated at the site, and false otherwise', () => {
    const list = Array.from({ length: 50 }, (_, i) => st(i, `s${i}`));
    list[7] = st(7, 'loop');
    list[44] = st(44, 'loop');
    assert.equal(sharesSite(list, list[7]), true);
    assert.equal(sharesSite(list, list[44]), true);
    assert.equal(sharesSite(list, list[0]), false);
    assert.equal(sharesSite(list, list[49]), false);
    assert.equal(sharesSite([list[3]], list[3]), false);
  });

  it('finds the storage when ids are not indices, and counts a storage missing from the list as none of them', () => {
    const list = [st(10, 'a'), st(3, 'b'), st(5, 'a')];
    assert.equal(sharesSite(list, list[0]), true);
    assert.equal(sharesSite(list, list[1]), false);
    assert.equal(sharesSite(list, st(99, 'a')), true);
    assert.equal(sharesSite(list, st(99, 'b')), false);
  });
});
