import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isProfile } from '../../../simulator/src/profile/schema';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from '../../../simulator/src/cli/main';
import { repoRoot } from '../../helpers/lspClient';

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let outText = '';
  let errText = '';
  out.on('data', (d) => { outText += d; });
  err.on('data', (d) => { errText += d; });
  const code = await main(argv, { out, err });
  return { code, out: outText, err: errText };
}

describe('nki-studio CLI', () => {
  it('prints usage and exits 2 without a command', async () => {
    const r = await cli([]);
    assert.equal(r.code, 2);
    assert.match(r.err, /no command given/);
    assert.match(r.err, /Usage: nki-studio <command>/);
  });

  it('prints the command usage with a bad flag, never a stack trace', async () => {
    const r = await cli(['check', 'x.py', '--frobnicate']);
    assert.equal(r.code, 2);
    assert.match(r.err, /unknown option '--frobnicate'/);
    assert.match(r.err, /Usage: nki-studio check/);
    assert.doesNotMatch(r.err, /\n\s+at /);
  });

  it('prints help for a command and exits 0', async () => {
    const r = await cli(['help', 'profile']);
    assert.equal(r.code, 0);
    assert.match(r.out, /--timing-only/);
  });

  it('exits 2 and names a missing file', async () => {
    const r = await cli(['check', 'no/such/file.py']);
    assert.equal(r.code, 2);
    assert.match(r.err, /no such file or directory: no\/such\/file\.py/);
  });

  it('checks the examples folder clean and lists its kernels as JSON', async () => {
    const r = await cli(['check', join(repoRoot, 'examples'), '--format', 'json']);
    assert.equal(r.code, 0, r.out + r.err);
    const json = JSON.parse(r.out) as { files: Array<{ path: string; diagnostics: unknown[]; kernels: Array<{ name: string }> }> };
    const kernels = json.files.flatMap((f) => f.kernels.map((k) => k.name));
    assert.ok(kernels.includes('vector_add') && kernels.includes('matmul_tiled'), kernels.join(','));
    for (const f of json.files) assert.deepEqual(f.diagnostics, [], f.path);
  });

  it('reports a syntax error with a 1-based location in text and exits 1', async () => {
    const r = await cli(['check', join(repoRoot, 'test/fixtures/kernels/syntax_error.py')]);
    assert.equal(r.code, 1);
    assert.match(r.out, /syntax_error\.py:\d+:\d+: error NKI000: Python syntax error/);
    assert.match(r.out, /1 error\(s\)/);
  });

  it('runs as an executable with a shebang from dist/', () => {
    const r = spawnSync(join(repoRoot, 'dist/cli.js'), ['--version'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });

  it('profiles a kernel: text summary, profile JSON, Chrome trace and HTML report', async function () {
    this.timeout(20_000);
    const dir = mkdtempSync(join(tmpdir(), 'nki-profile-'));
    const r = await cli(['profile', join(repoRoot, 'examples/02_matmul_tiled.py'), '--kernel', 'matmul_tiled',
      '--out', join(dir, 'p.json'), '--trace', join(dir, 't.json'), '--html', join(dir, 'r.html')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^matmul_tiled on trn2: [\d.]+ µs \(26 instructions, timing-only estimate\)/);
    assert.match(r.out, /bottleneck: /);
    const profile = JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8'));
    assert.ok(isProfile(profile));
    assert.equal(profile.events.length, 26);
    assert.ok(profile.summary.totalNs > 0);
    const trace = JSON.parse(readFileSync(join(dir, 't.json'), 'utf8'));
    assert.ok(Array.isArray(trace.traceEvents) && trace.traceEvents.some((e: { ph: string }) => e.ph === 'X'));
    assert.match(readFileSync(join(dir, 'r.html'), 'utf8'), /<script type="application\/json" id="nki-profile"/);
  });

  it('refuses to profile without input shapes, naming the missing ones', async () => {
    const r = await cli(['profile', join(repoRoot, 'test/fixtures/rules/api.py'), '--kernel', 'no_shapes']);
    assert.equal(r.code, 1);
    assert.match(r.err, /input shapes are needed to profile no_shapes: give --shape for a/);
  });

  it('profiles with shapes from the command line, overriding the directive', async () => {
    const small = await cli(['profile', join(repoRoot, 'examples/01_vector_add.py'), '--kernel', 'vector_add', '--shape', 'a=float32[128,512]', '--shape', 'b=float32[128,512]', '--format', 'json']);
    assert.equal(small.code, 0, small.err);
    const big = await cli(['profile', join(repoRoot, 'examples/01_vector_add.py'), '--kernel', 'vector_add', '--format', 'json']);
    assert.ok(JSON.parse(big.out).summary.totalNs > JSON.parse(small.out).summary.totalNs);
  });
});

