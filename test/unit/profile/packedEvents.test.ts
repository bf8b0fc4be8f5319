import { strict as assert } from 'node:assert';
import { tiledMatmulTrace } from '../../../simulator/src/perf/bench';
import { simulate } from '../../../simulator/src/perf/profile';
import { eventStoreOf } from '../../../simulator/src/profile/eventStore';
import { renderReportHtml } from '../../../simulator/src/profile/htmlReport';
import { PackedChunkReader, packedEventChunks } from '../../../simulator/src/profile/packedChunks';
import { packedEventsProblem, packEvents, packProfile, unpackEvents, unpackProfile, type PackedEvents } from '../../../simulator/src/profile/packedEvents';
import type { Profile } from '../../../simulator/src/profile/schema';
import { tiledMatmulProfile } from '../../fixtures/profiles/generate';
import { randomTrace } from '../perf/randomTrace';

/** Plain objects, as JSON would give them (the deep-equal baseline). */
function plain<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

function readChunks(chunks: Iterable<string>, count: number): PackedEvents {
  const reader = new PackedChunkReader(count);
  for (const c of chunks) reader.add(JSON.parse(c));
  return reader.finish();
}

describe('packed events (columns for the viewer)', () => {
  const model = (() => { const t = tiledMatmulTrace(2, 2, 4); return simulate(t.instructions, t.storages, 'trn2'); })();
  const twoCores = (() => { const b = randomTrace({ seed: 5, steps: 120, cores: 2 }); return simulate(b.instructions, b.storages, 'trn2'); })();

  it('unpacks to the events of a model profile, read from its column store', () => {
    assert.ok(eventStoreOf(model), 'the model keeps events in columns');
    const packed = packEvents(model);
    assert.equal(packed.count, model.events.length);
    assert.ok(model.events.some((e) => e.loops.length > 0) && model.events.some((e) => e.deps.length > 0), 'fixture has loops and deps');
    assert.deepEqual(plain(unpackEvents(packed)), plain(model.events));
    assert.deepEqual(plain(unpackEvents(packEvents(twoCores))), plain(twoCores.events));
    assert.ok(new Set(twoCores.events.map((e) => e.core)).size === 2);
  });

  it('stores each shared value once', () => {
    const packed = packEvents(model);
    assert.ok(packed.tables.source.length < 10 && packed.tables.track.length <= 9, `${packed.tables.source.length} sources`);
    assert.ok(packed.tables.operands.length < packed.count / 4, `${packed.tables.operands.length} operand lists for ${packed.count} events`);
  });

  it('packs plain (JSON-read) events too: null iterations, ids that are not indices, non-finite times', () => {
    const p = plain(tiledMatmulProfile({ m: 256, n: 512, k: 512, pipelined: true }));
    p.events[3]!.loops = [{ variable: 'i', iteration: null }, { variable: 'j', iteration: 2 }];
    p.events[5]!.id = 77;
    p.events[6]!.stallNs = NaN;
    p.events[7]!.startNs = 1234.5678901234567;
    p.events[9]!.durNs = Infinity;
    const chunks = [...packedEventChunks(packEvents(p), 4)];
    const times = chunks.slice(0, 3).map((c) => JSON.parse(c) as { start: unknown; dur: unknown });
    assert.ok(Array.isArray(times[0]!.start), 'whole nanoseconds: decimal');
    assert.equal(typeof times[1]!.start, 'string', 'a fractional time: base64');
    assert.equal(typeof times[2]!.dur, 'string', 'an infinite duration: base64');
    for (const back of [unpackEvents(packEvents(p)), unpackEvents(readChunks(chunks, p.events.length))]) {
      assert.equal(back[6]!.stallNs, NaN);
      back[6]!.stallNs = p.events[6]!.stallNs;
      assert.deepEqual(back, p.events);
    }
    const profile = unpackProfile(packProfile(p));
    assert.deepEqual({ ...profile, events: [] }, { ...p, events: [] });
  });

  it('writes chunks of at most N events, each table entry with the first chunk that uses it, and reads them back', () => {
    const packed = packEvents(model);
    const chunks = [...packedEventChunks(packed, 7)];
    assert.equal(chunks.length, Math.ceil(packed.count / 7));
    const parsed = chunks.map((c) => JSON.parse(c) as { count: number; start: unknown; tables: Record<string, unknown[]> });
    assert.ok(parsed.every((c) => c.count <= 7));
    assert.ok(parsed.some((c) => typeof c.start === 'string'), "the model's fractional times: base64");
    assert.ok(parsed.slice(1).some((c) => (c.tables.loopVars ?? c.tables.source ?? c.tables.operands) !== undefined), 'later chunks bring their own entries');
    const sources = parsed.reduce((n, c) => n + (c.tables.source?.length ?? 0), 0);
    assert.equal(sources, packed.tables.source.length, 'no entry written twice');
    assert.deepEqual(plain(unpackEvents(readChunks(chunks, packed.count))), plain(model.events));
    const empty = packEvents({ ...plain(model), events: [] });
    assert.deepEqual(unpackEvents(readChunks(packedEventChunks(empty), 0)), []);
  });

  it('says what is wrong with missing, reordered, truncated or edited chunks', () => {
    const packed = packEvents(model);
    assert.ok(packed.count > 30);
    const chunks = [...packedEventChunks(packed, 10)].map((c) => JSON.parse(c) as Record<string, unknown>);
    const attempt = (list: unknown[], count = packed.count) => { const r = new PackedChunkReader(count); for (const c of list) r.add(c); return r.finish(); };
    assert.throws(() => attempt([chunks[0], chunks[2]]), /expected the events from 10, found 20 \(chunks missing or out of order\)/);
    assert.throws(() => attempt(chunks.slice(0, 2)), new RegExp(`holds 20 of ${packed.count.toLocaleString('en-US')} events`));
    const badIndex = { ...chunks[0], source: (chunks[0]!.source as number[]).map((_, i) => (i === 3 ? 999 : 0)) };
    assert.throws(() => attempt([badIndex]), /event 3 has source 999, not in its table of \d+/);
    assert.throws(() => attempt([{ ...chunks[0], start: 'x' }]), /column start is not 10 base64 float64s/);
    assert.throws(() => attempt([{ ...chunks[0], tables: { ...(chunks[0]!.tables as object), stack: [[{ path: 1 }]] } }]), /table stack entry 0 is not a list of source locations/);
    assert.throws(() => attempt(['nope']), /events chunk at 0 is not an object/);
    assert.throws(() => new PackedChunkReader(-1), /not a whole number/);
  });

  it('checks untrusted packed events (as a webview message carries them)', () => {
    const good = packEvents(model);
    assert.equal(packedEventsProblem(good), undefined);
    assert.match(packedEventsProblem({ ...good, start: Array.from(good.start) })!, /column start is not a Float64Array/);
    assert.match(packedEventsProblem({ ...good, track: good.track.subarray(1) })!, /column track has \d+ values for \d+ events/);
    const kinds = good.kind.slice(); kinds[2] = 40;
    assert.match(packedEventsProblem({ ...good, kind: kinds })!, /event 2: kind 40 is not in its table/);
    const deps = good.depList.slice(); deps[0] = good.count + 5;
    assert.match(packedEventsProblem({ ...good, depList: deps })!, /dependency \d+ is not an event/);
    assert.match(packedEventsProblem({ ...good, loopIter: good.loopIter.subarray(1) })!, /loopIter has/);
    assert.match(packedEventsProblem(null)!, /not an object/);
  });

  it('inlines a report whose chunks cannot close their script element', () => {
    const p = plain(tiledMatmulProfile({ m: 256, n: 512, k: 512, pipelined: true }));
    p.events[0]!.operands = [{ ...p.events[0]!.operands[0]!, name: '</script><script>alert(1)</script>' }];
    const html = renderReportHtml(p as Profile, { script: '', css: '' }, { eventsPerChunk: 10 });
    const chunks = [...html.matchAll(/<script type="application\/json" class="nki-events" data-for="nki-profile">(.*?)<\/script>/g)].map((m) => m[1]!);
    assert.equal(chunks.length, Math.ceil(p.events.length / 10));
    assert.equal((html.match(/<\/script>/g) ?? []).length, chunks.length + 2, 'only the real elements close');
    assert.match(html, new RegExp(`id="nki-profile" data-events="${p.events.length}">`));
    assert.deepEqual(unpackEvents(readChunks(chunks, p.events.length)), p.events);
  });
});
