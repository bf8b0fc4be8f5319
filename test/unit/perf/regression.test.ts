import { strict as assert } from 'node:assert';
import { schedule } from '../../../simulator/src/perf/engine';
import { hardwareFor } from '../../../simulator/src/perf/hardware/index';
import { simulate } from '../../../simulator/src/perf/profile';
import { randomTrace } from './randomTrace';
import { REFERENCE } from './scheduleReference';

describe('the optimised scheduler', () => {
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
});
