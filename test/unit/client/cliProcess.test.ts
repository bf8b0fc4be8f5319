import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliError, runCli } from '../../../client/src/cliProcess';

function script(body: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'nki-cli-')), 'cli.js');
  writeFileSync(file, body);
  return file;
}

describe('client: CLI child process', () => {
  it('captures output and exit code', async () => {
    const r = await runCli(script('console.log(process.argv.slice(2).join("|")); process.stderr.write("nki-studio profile: bad shape\\n"); process.exit(1);'), ['a', 'b c']);
    assert.equal(r.code, 1);
    assert.equal(r.stdout.trim(), 'a|b c');
    assert.equal(cliError(r, 'profile'), 'bad shape');
    assert.equal(r.cancelled, false);
  });

  it('kills the child when cancelled', async () => {
    let cancel: () => void = () => undefined;
    const token = { isCancellationRequested: false, onCancellationRequested: (l: () => void) => { cancel = l; } };
    const started = Date.now();
    const pending = runCli(script('setTimeout(() => {}, 60000);'), [], token);
    setTimeout(() => cancel(), 200);
    const r = await pending;
    assert.equal(r.cancelled, true);
    assert.ok(Date.now() - started < 10_000);
  });

  it('stops a child that runs past the timeout and says which setting applies', async () => {
    const r = await runCli(script('setTimeout(() => {}, 60000);'), [], undefined, 300);
    assert.equal(r.timedOut, true);
    assert.match(cliError(r, 'profile'), /nkiStudio\.simulator\.timeoutSeconds/);
  });

  it('keeps the error, not the progress lines printed before it', () => {
    const stderr = '  q_proj: linear_naive xT[1024,512] -> 164.9 us\n  attention: my_attn -> ...\nnki-studio qwen3: my_attn (/w/a.py): cannot bind parameter \'x\'\n';
    assert.equal(cliError({ code: 1, stdout: '', stderr, cancelled: false }, 'qwen3'), "my_attn (/w/a.py): cannot bind parameter 'x'");
  });

  it('drops the usage text from a usage error', () => {
    assert.equal(cliError({ code: 2, stdout: '', stderr: "nki-studio: unknown option '--x'\n\nUsage: nki-studio ...", cancelled: false }, 'qwen3'), "unknown option '--x'");
  });
});
