/**
 * `--max-instructions` / `--max-memory-mb` on run and profile (the editor's
 * nkiStudio.simulator.* settings): parsed, validated, and they really stop a simulation.
 */
import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseCommandLine, UsageError } from '../../../simulator/src/cli/args';
import { main } from '../../../simulator/src/cli/main';
import { profileTraceBudget, PROFILE_TRACE_BUDGET } from '../../../simulator/src/cli/profile';

// A kernel whose Python loop takes a few thousand interpreter steps before two DMA copies.
const BUSY = `import nki
import nki.isa as nisa
import nki.language as nl


# nki-studio: shapes a=float32[128,64]
@nki.jit
def busy_copy(a):
    out = nl.ndarray((128, 64), dtype=a.dtype, buffer=nl.shared_hbm)
    total = 0
    for i in range(3000):
        total += i
    t = nl.ndarray((128, 64), dtype=a.dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=t, src=a)
    nisa.dma_copy(dst=out, src=t)
    return out
`;

async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  const err = new PassThrough();
  let stderr = '';
  err.on('data', (d) => { stderr += d; });
  const code = await main(args, { out: new PassThrough(), err });
  return { code, stderr };
}

describe('cli: simulation limits', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nki-limits-'));
  const file = join(dir, 'busy.py');
  writeFileSync(file, BUSY);

  it('parses --max-instructions and --max-memory-mb for run and profile, and refuses bad values', () => {
    const run = parseCommandLine(['run', file, '--kernel', 'busy_copy', '--out', dir, '--max-instructions', '5000', '--max-memory-mb', '64']);
    assert.ok(run.command === 'run');
    assert.deepEqual(run.limits, { maxInstructions: 5000, maxMemoryMB: 64 });
    const profile = parseCommandLine(['profile', file, '--kernel', 'busy_copy']);
    assert.ok(profile.command === 'profile');
    assert.deepEqual(profile.limits, { maxInstructions: undefined, maxMemoryMB: undefined });
    assert.throws(() => parseCommandLine(['profile', file, '--kernel', 'k', '--max-instructions', '10']), (e: unknown) => e instanceof UsageError && /at least 1000/.test(e.message));
    assert.throws(() => parseCommandLine(['run', file, '--kernel', 'k', '--out', dir, '--max-memory-mb', 'lots']), UsageError);
    assert.throws(() => parseCommandLine(['check', file, '--max-memory-mb', '64']), UsageError);
  });

  it('keeps the profile budget unless a limit is given', () => {
    assert.deepEqual(profileTraceBudget(undefined), PROFILE_TRACE_BUDGET);
    assert.deepEqual(profileTraceBudget({ maxInstructions: 5000, maxMemoryMB: 64 }), { ...PROFILE_TRACE_BUDGET, maxSteps: 5000, maxMemoryBytes: 64 * 1024 ** 2 });
  });

  it('stops run and profile at the step budget, and runs within a larger one', async function () {
    this.timeout(60_000);
    const run = await cli(['run', file, '--kernel', 'busy_copy', '--out', join(dir, 'a'), '--max-instructions', '1000']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /step budget of 1000 exceeded/);
    const profile = await cli(['profile', file, '--kernel', 'busy_copy', '--max-instructions', '1000']);
    assert.equal(profile.code, 1);
    assert.match(profile.stderr, /step budget of 1000 exceeded/);
    assert.equal((await cli(['run', file, '--kernel', 'busy_copy', '--out', join(dir, 'b'), '--max-instructions', '100000'])).code, 0);
  });

  it('stops a run whose tensors exceed --max-memory-mb', async function () {
    this.timeout(60_000);
    const r = await cli(['run', file, '--kernel', 'busy_copy', '--out', join(dir, 'c'), '--max-memory-mb', '16', '--shape', 'a=float32[4096,2048]']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /exceed the memory budget of 16\.0 MiB/);
  });
});
