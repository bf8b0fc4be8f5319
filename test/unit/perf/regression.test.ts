import { strict as assert } from 'node:assert';
import { BUF_PSUM, BUF_SBUF, DEP_RAW } from '../../../simulator/src/perf/deps';
import { schedule } from '../../../simulator/src/perf/engine';
import { hardwareFor } from '../../../simulator/src/perf/hardware/index';
import { simulate } from '../../../simulator/src/perf/profile';
import { profileJsonChunks } from '../../../simulator/src/profile/json';
import { randomTrace } from './randomTrace';
import { REFERENCE } from './scheduleReference';

describe('the optimised scheduler', () => {
  it('uses the dependency and buffer codes of deps.ts (engine.ts keeps local copies)', () => {
    assert.deepEqual([DEP_RAW, BUF_SBUF, BUF_PSUM], [0, 0, 1]);
  });

  for (const c of REFERENCE) {
    const label = `seed ${c.seed}, ${c.steps} steps, ${c.target}${c.cores ? `, ${c.cores} cores` : ''}${c.narrow ? ', narrow writes' : ''}${c.options ? `, ${JSON.stringify(c.options)}` : ''}`;
    it(`gives exactly the recorded start times of the reference implementation (${label})`, () => {
      const b = randomTrace(c);
      const p = simulate(b.instructions, b.storages, c.target, c.options ?? {});
      assert.equal(p.events.length, c.start.length);
      for (let i = 0; i < c.start.length; i++) assert.equal(p.events[i].startNs, c.start[i], `start of instruction ${i}`);
      assert.equal(p.summary.totalNs, c.totalNs);
      let depCount = 0;
      let depSum = 0;
      for (const e of p.events) for (const d of e.deps) { depSum += d * (e.id + 1); depCount++; }
      assert.equal(depCount, c.depCount);
      assert.equal(depSum, c.depSum);
      // The scheduler alone agrees with the profile.
      const s = schedule(b.instructions, b.storages, hardwareFor(c.target), c.options ?? {});
      assert.deepEqual(Array.from(s.start), c.start);
    });
  }

  it('drops operand lists and stacks past maxDetailedEvents, and says so, without changing any time', () => {
    const b = randomTrace({ seed: 7, steps: 40 });
    const full = simulate(b.instructions, b.storages, 'trn2');
    const capped = simulate(b.instructions, b.storages, 'trn2', { maxDetailedEvents: 10 });
    assert.equal(capped.events.length, full.events.length);
    for (let i = 0; i < full.events.length; i++) {
      const [f, c] = [full.events[i], capped.events[i]];
      assert.deepEqual({ ...c, operands: f.operands, stack: f.stack }, f);
      if (i < 10) assert.deepEqual([c.operands, c.stack], [f.operands, f.stack]);
      else assert.deepEqual([c.operands, c.stack], [[], [f.source]]);
    }
    assert.deepEqual(capped.summary, full.summary);
    assert.deepEqual(capped.diagnostics.slice(0, -1), full.diagnostics);
    const note = capped.diagnostics[capped.diagnostics.length - 1];
    assert.equal(note.code, 'PERF002');
    assert.match(note.message, /events after the first 10 omit their operand lists/);
  });

  it('serialises a profile in chunks that join to JSON.stringify of it', () => {
    const b = randomTrace({ seed: 8, steps: 60 });
    const p = simulate(b.instructions, b.storages, 'trn2');
    const chunks = [...profileJsonChunks(p, 7)];
    assert.ok(chunks.length > 5);
    assert.equal(chunks.join(''), JSON.stringify(p));
    const empty = { ...p, events: [] };
    assert.equal([...profileJsonChunks(empty)].join(''), JSON.stringify(empty));
  });

  it('does not depend on the order of the storage list (ids need not be indices)', () => {
    const b = randomTrace({ seed: 9, steps: 80 });
    const p = simulate(b.instructions, b.storages, 'trn2');
    const reversed = [...b.storages].reverse();
    assert.deepEqual({ ...simulate(b.instructions, reversed, 'trn2'), inputs: p.inputs }, p);
  });
});
