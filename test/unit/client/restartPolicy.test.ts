import { strict as assert } from 'node:assert';
import { CrashWindow } from '../../../client/src/restartPolicy';

describe('client: language server restart policy', () => {
  it('restarts up to 4 crashes in 3 minutes, then stops', () => {
    const w = new CrashWindow();
    const t0 = 1_000_000;
    assert.deepEqual([0, 10, 20, 30].map((s) => w.recordCrash(t0 + s * 1000)), [true, true, true, true]);
    assert.equal(w.recordCrash(t0 + 40_000), false);
  });

  it('forgets crashes older than the window', () => {
    const w = new CrashWindow(4, 180_000);
    for (let i = 0; i < 4; i++) assert.ok(w.recordCrash(i * 60_000));
    // The first crash (t=0) is 3 minutes old at t=180 s: 4 crashes in the window, still allowed.
    assert.ok(w.recordCrash(180_000));
    assert.equal(w.recent, 4);
  });

  it('starts a fresh count after a manual restart', () => {
    const w = new CrashWindow(1, 1000);
    assert.ok(w.recordCrash(0));
    assert.equal(w.recordCrash(1), false);
    w.reset();
    assert.ok(w.recordCrash(2));
  });
});
