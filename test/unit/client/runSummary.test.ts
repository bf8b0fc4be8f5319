import { strict as assert } from 'node:assert';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describeOutput, needsAttention, parseRunSummary, runSummaryMarkdown, type RunSummary } from '../../../client/src/runSummary';
import { main } from '../../../simulator/src/cli/main';
import { repoRoot } from '../../helpers/lspClient';

async function run(args: string[]): Promise<{ code: number; stdout: string }> {
  const out = new PassThrough();
  let stdout = '';
  out.on('data', (d) => { stdout += d; });
  const code = await main(['run', join(repoRoot, 'examples/01_vector_add.py'), '--kernel', 'vector_add', '--format', 'json', ...args], { out, err: new PassThrough() });
  return { code, stdout };
}

function summary(stdout: string): RunSummary {
  const s = parseRunSummary(stdout);
  assert.ok(typeof s !== 'string', `${s as string}: ${stdout.slice(0, 500)}`);
  return s;
}

describe('client: run summary', () => {
  it('refuses what is not the run command\'s JSON summary, saying why', () => {
    assert.equal(parseRunSummary('vector_add: ran 8 instruction(s)'), 'not JSON');
    assert.equal(parseRunSummary('{"ok":true}'), 'needs ok and kernel');
    assert.match(String(parseRunSummary('{"ok":true,"kernel":"k","outputs":[{"name":"output","dtype":"float32","shape":[2],"min":0}],"warnings":[]}')), /^outputs\[0\] needs min/);
  });

  it('reads and shows what the real run command prints, and its comparison with a reference', async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(join(tmpdir(), 'nki-run-'));
    const first = await run(['--out', join(dir, 'a')]);
    assert.equal(first.code, 0, first.stdout);
    const s = summary(first.stdout);
    assert.equal(s.outputs.length, 1);
    const o = s.outputs[0];
    assert.deepEqual([o.name, o.dtype, o.shape, o.nan, o.inf], ['output', 'float32', [256, 1024], 0, 0]);
    assert.ok(o.min! <= o.mean! && o.mean! <= o.max!);
    assert.equal(o.comparison, undefined);
    assert.equal(needsAttention(s), false);
    assert.match(describeOutput(o), /^output: float32\[256, 1024\] min -?\d.* max \d.* mean /);

    // Against its own output: matches. Against another seed's output: differs, still a summary (exit 1).
    const same = await run(['--out', join(dir, 'b'), '--compare', `output=${o.file}`]);
    assert.equal(same.code, 0);
    const c = summary(same.stdout).outputs[0].comparison!;
    assert.deepEqual([c.allclose, c.mismatches, c.maxAbsError, c.reference], [true, 0, 0, o.file]);
    const other = await run(['--out', join(dir, 'c'), '--seed', '7', '--compare', `output=${o.file}`]);
    assert.equal(other.code, 1);
    const d = summary(other.stdout);
    assert.equal(d.ok, false);
    assert.equal(d.outputs[0].comparison!.allclose, false);
    assert.ok(needsAttention(d));
    assert.match(describeOutput(d.outputs[0]), /DIFFERS from the reference in \d+ of 262144$/);
    const md = runSummaryMarkdown(d, 'examples/01_vector_add.py');
    assert.match(md, /^# vector_add: run results/);
    assert.match(md, /\| Output \| Shape \| Dtype \| Min \| Max \| Mean \| NaN \| Inf \| Max abs err \| Max rel err \| allclose \|/);
    assert.match(md, /\| output \| \[256, 1024\] \| float32 \| .* \| 0 \| 0 \| .* \| \*\*NO\*\* \(\d+ of 262144\) \|/);
    assert.match(md, /first mismatch at flat index \d+/);
  });

  it('reads NaN statistics, which JSON carries as null', () => {
    const s = summary(JSON.stringify({ ok: true, kernel: 'k', instances: 1, instructions: 3, ms: 1, traceMs: 2, warnings: ['read of uninitialised t'],
      outputs: [{ name: 'output', shape: [4], dtype: 'bfloat16', storedAs: 'float32', file: '/o/output.npy', min: null, max: null, mean: null, nan: 4, inf: 0 }] }));
    assert.equal(describeOutput(s.outputs[0]), 'output: bfloat16[4] min n/a max n/a mean n/a (4 NaN)');
    assert.ok(needsAttention(s));
    assert.match(runSummaryMarkdown(s, 'k.py'), /\| output \| \[4\] \| bfloat16 \(as float32\) \| n\/a \| n\/a \| n\/a \| 4 \| 0 \|[\s\S]*## Warnings\n\n- read of uninitialised t/);
  });
});
