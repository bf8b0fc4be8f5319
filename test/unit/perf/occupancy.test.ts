import { strict as assert } from 'node:assert';
import { MAX_SAMPLES } from '../../../simulator/src/perf/memory';
import { simulate } from '../../../simulator/src/perf/profile';
import type { MemorySample, Profile } from '../../../simulator/src/profile/schema';
import type { Instruction, Storage } from '../../../simulator/src/tracer/instruction';
import { randomTrace } from './randomTrace';

/**
 * The occupancy curve, recomputed the plain way: each on-chip storage lives from the earliest
 * start to the latest end of the instructions touching it; its bytes are added and removed at
 * those times; the events are sorted and summed per distinct time. The core with the highest peak.
 */
function reference(p: Profile, instructions: readonly Instruction[], storages: readonly Storage[], buffer: 'sbuf' | 'psum'): { samples: MemorySample[]; peak: number } {
  const lives = new Map<number, { core: number; start: number; end: number; bytes: number }>();
  instructions.forEach((ins, i) => {
    const e = p.events[i];
    for (const o of ins.operands) {
      const st = storages[o.access.storage];
      if (!st || st.buffer !== buffer) continue;
      const l = lives.get(st.id);
      if (!l) lives.set(st.id, { core: e.core, start: e.startNs, end: e.startNs + e.durNs, bytes: st.bytesPerPartition ?? 0 });
      else { l.start = Math.min(l.start, e.startNs); l.end = Math.max(l.end, e.startNs + e.durNs); }
    }
  });
  let best = { samples: [] as MemorySample[], peak: 0 };
  for (const core of [...new Set([...lives.values()].map((l) => l.core))].sort((a, b) => a - b)) {
    const events: Array<[number, number]> = [];
    for (const l of lives.values()) if (l.core === core && l.bytes > 0) events.push([l.start, l.bytes], [l.end, -l.bytes]);
    events.sort((a, b) => a[0] - b[0]);
    const samples: MemorySample[] = [];
    let cur = 0;
    let peak = 0;
    for (let x = 0; x < events.length;) {
      const t = events[x][0];
      while (x < events.length && events[x][0] === t) cur += events[x++][1];
      peak = Math.max(peak, cur);
      if (samples.length === 0 || samples[samples.length - 1].bytesPerPartition !== cur) samples.push({ tNs: t, bytesPerPartition: cur });
    }
    if (peak > best.peak || best.samples.length === 0) best = { samples, peak };
  }
  return best;
}

describe('SBUF and PSUM occupancy', () => {
  for (const c of [{ seed: 1, steps: 400 }, { seed: 7, steps: 900 }, { seed: 11, steps: 600, cores: 2 }, { seed: 23, steps: 700, narrow: 0.3 }]) {
    it(`equals the sorted sweep of every storage's lifetime (seed ${c.seed}, ${c.steps} steps${c.cores ? `, ${c.cores} cores` : ''})`, () => {
      const b = randomTrace(c);
      const p = simulate(b.instructions, b.storages, 'trn2');
      for (const buffer of ['sbuf', 'psum'] as const) {
        const ref = reference(p, b.instructions, b.storages, buffer);
        assert.ok(ref.samples.length > 2 && ref.samples.length <= MAX_SAMPLES, `${buffer}: a curve of ${ref.samples.length} steps to compare whole`);
        assert.deepEqual(p.memory[buffer], ref.samples, buffer);
      }
    });
  }
});
