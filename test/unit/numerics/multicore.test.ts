import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runKernel, RunError } from '../../../simulator/src/numerics/run';

const root = join(__dirname, '../../../..');
const path = join(root, 'test/fixtures/numerics/lnc_exchange.py');

describe('numerics: multi-core launches (LNC2 sendrecv, core_barrier, shared HBM)', function () {
  this.timeout(30000);

  it('exchanges tiles over sendrecv and sees the other core\'s shared-HBM writes after a barrier', async () => {
    const r = await runKernel({ path, text: readFileSync(path, 'utf8'), kernel: 'lnc_exchange', grid: [2], seed: 9 });
    assert.equal(r.instances, 2);
    const a = r.inputs.a.values;
    const out = r.outputs[0].values;
    const half = 128 * 64;
    for (let i = 0; i < half; i++) {
      // Rows 0-127: core 0 received core 1's doubled half.
      assert.equal(out[i], Math.fround(2 * a[half + i]), `row ${Math.floor(i / 64)}`);
      // Rows 128-255: core 1 received core 0's doubled half, plus core 0's raw half from shared HBM.
      assert.equal(out[half + i], Math.fround(a[i] + Math.fround(2 * a[i])), `row ${128 + Math.floor(i / 64)}`);
    }
    assert.deepEqual(r.uninitialisedReads, []);
  });

  it('refuses sendrecv in a single-core run and says to launch the grid', async () => {
    await assert.rejects(runKernel({ path, text: readFileSync(path, 'utf8'), kernel: 'lnc_exchange', seed: 9 }),
      (e: Error) => e instanceof RunError && /lnc_exchange\.py:\d+:\d+ \(nki\.isa\.sendrecv\): .*--grid 2/.test(e.message));
  });

  it('stops when the programs synchronise differently', async () => {
    const text = readFileSync(path, 'utf8').replace("    nisa.core_barrier(flag, (0, 1))\n", "    if rank == 0:\n        nisa.core_barrier(flag, (0, 1))\n");
    await assert.rejects(runKernel({ path, text, kernel: 'lnc_exchange', grid: [2], seed: 9 }),
      (e: Error) => e instanceof RunError && /program 0 waits at core_barrier but program 1 has finished/.test(e.message));
  });
});
