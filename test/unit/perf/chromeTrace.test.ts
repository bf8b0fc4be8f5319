import { strict as assert } from 'node:assert';
import { chromeTraceChunks, chromeTraceJson, type ChromeTraceEvent } from '../../../simulator/src/perf/chromeTrace';
import { simulate } from '../../../simulator/src/perf/profile';
import { TraceBuilder } from './builder';
import { wellPipelinedMatmul } from './kernels';

describe('the Chrome trace export', () => {
  const b = wellPipelinedMatmul(3);
  const profile = simulate(b.instructions, b.storages, 'trn2');
  const trace = JSON.parse(chromeTraceJson(profile)) as { traceEvents: ChromeTraceEvent[]; displayTimeUnit: string };
  const ev = trace.traceEvents;

  it('is valid JSON with one complete event per instruction, in microseconds', () => {
    const slices = ev.filter((e) => e.ph === 'X');
    assert.equal(slices.length, profile.events.length);
    const first = slices.find((e) => e.args!.id === 1)!;
    assert.ok(Math.abs(first.ts! - profile.events[1].startNs / 1000) < 1e-9);
    assert.ok(Math.abs(first.dur! - profile.events[1].durNs / 1000) < 1e-9);
    assert.equal(first.args!.source, 'kernel.py:6');
    assert.equal(first.args!.loops, 'n=0');
    assert.equal(trace.displayTimeUnit, 'ns');
  });

  it('names one track per engine and DMA queue used', () => {
    const names = ev.filter((e) => e.ph === 'M' && e.name === 'thread_name').map((e) => e.args!.name);
    assert.deepEqual(names, ['Tensor Engine (PE)', 'Vector Engine (DVE)', 'DMA queue 0', 'DMA queue 1', 'DMA queue 2']);
    assert.ok(ev.some((e) => e.ph === 'M' && e.name === 'process_name' && e.args!.name === 'NeuronCore 0 (trn2)'));
  });

  it('draws every dependency as a start/finish flow pair inside the two slices', () => {
    const starts = ev.filter((e) => e.ph === 's');
    const finishes = ev.filter((e) => e.ph === 'f');
    const deps = profile.events.reduce((n, e) => n + e.deps.length, 0);
    assert.equal(starts.length, deps);
    assert.equal(finishes.length, deps);
    assert.equal(new Set(starts.map((e) => e.id)).size, deps);
    const slices = ev.filter((e) => e.ph === 'X');
    const inside = (f: ChromeTraceEvent) => slices.some((s) => s.pid === f.pid && s.tid === f.tid && s.ts! <= f.ts! && f.ts! <= s.ts! + s.dur!);
    assert.ok([...starts, ...finishes].every(inside));
    assert.ok(finishes.every((f) => f.bp === 'e'));
  });

  it('puts each logical core of an LNC run in its own process', () => {
    const lnc = new TraceBuilder();
    for (const core of [0, 1]) {
      const t = lnc.sbuf(`t${core}`, [128, 512]);
      lnc.onCore(core).activation(lnc.view(t), lnc.view(t));
    }
    const t = JSON.parse(chromeTraceJson(simulate(lnc.instructions, lnc.storages, 'trn2'))) as { traceEvents: ChromeTraceEvent[] };
    assert.deepEqual(t.traceEvents.filter((e) => e.ph === 'X').map((e) => e.pid), [0, 1]);
  });

  it('is written in pieces that join to the same JSON, reading events one at a time', () => {
    const whole = chromeTraceJson(profile);
    for (const per of [1, 7, 20_000]) {
      const chunks = [...chromeTraceChunks(profile, {}, per)];
      assert.equal(chunks.join(''), whole, `${per} events per chunk`);
      if (per === 7) assert.ok(chunks.length > 3, 'several pieces');
    }
    assert.equal([...chromeTraceChunks(profile, { maxFlows: 2 }, 5)].join(''), chromeTraceJson(profile, { maxFlows: 2 }));
    // A profile whose events were replaced by plain objects (read back from JSON) too.
    const plain = JSON.parse(JSON.stringify(profile)) as typeof profile;
    assert.equal([...chromeTraceChunks(plain, {}, 3)].join(''), chromeTraceJson(plain));
    const empty = { ...plain, events: [] };
    assert.deepEqual(JSON.parse([...chromeTraceChunks(empty)].join('')), JSON.parse(chromeTraceJson(empty)));
  });
});
