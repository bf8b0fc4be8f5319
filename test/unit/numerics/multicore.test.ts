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

describe('numerics: Beta 1 nl.all_reduce across SPMD programs', function () {
  this.timeout(30000);
  const file = join(root, 'test/fixtures/numerics/spmd_all_reduce.py');

  it('sums over the programs that differ only along program_axes', async () => {
    const r = await runKernel({ path: file, text: readFileSync(file, 'utf8'), kernel: 'spmd_all_reduce', grid: [2, 2], seed: 5 });
    assert.equal(r.instances, 4);
    const a = r.inputs.a.values;
    const out = r.outputs[0].values;
    const n = 128 * 64;
    for (let k = 0; k < 4; k++) {
      const j = k % 2;
      for (let e = 0; e < n; e++) {
        // Programs (0, j) and (1, j) hold slices j and 2 + j.
        assert.equal(out[k * n + e], Math.fround(a[j * n + e] + a[(2 + j) * n + e]), `slice ${k}, element ${e}`);
      }
    }
  });

  it('is the program\'s own tile in a single-program run', async () => {
    const r = await runKernel({ path: file, text: readFileSync(file, 'utf8'), kernel: 'spmd_all_reduce', seed: 5 });
    const a = r.inputs.a.values;
    for (let e = 0; e < 128 * 64; e++) assert.equal(r.outputs[0].values[e], a[e]);
  });
});
