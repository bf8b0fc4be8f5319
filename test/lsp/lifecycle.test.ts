import { strict as assert } from 'node:assert';
import { LspClient, fileUri } from '../helpers/lspClient';

describe('language server over stdio', () => {
  let client: LspClient;

  before(async () => {
    const started = await LspClient.start();
    client = started.client;
    assert.equal(started.init.serverInfo?.name, 'nki-studio');
    assert.ok(started.init.capabilities.textDocumentSync, 'declares text document sync');
  });

  after(async () => client?.stop());

  it('publishes no diagnostics for a clean kernel', async () => {
    const uri = fileUri('clean_add.py');
    const pending = client.waitForDiagnostics(uri);
    await client.open(uri, 'import nki\nimport nki.language as nl\n\n@nki.jit\ndef k(a):\n    return a\n');
    const p = await pending;
    assert.deepEqual(p.diagnostics, []);
  });

  it('reports a syntax error at its position, then clears it after the fix', async () => {
    const uri = fileUri('broken.py');
    const pending = client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    await client.open(uri, 'import nki\n\n@nki.jit\ndef k(a):\n    x = (a +\n    return a\n');
    const p = await pending;
    const d = p.diagnostics[0];
    assert.equal(d.source, 'nki');
    assert.equal(d.code, 'NKI000');
    assert.match(typeof d.message === 'string' ? d.message : d.message.value, /syntax error/i);
    assert.ok(d.range.start.line >= 4 && d.range.start.line <= 5, `error on line ${d.range.start.line}`);

    const fixed = client.waitForDiagnostics(uri, (q) => q.version === 2);
    await client.change(uri, 2, [{ text: 'import nki\n\n@nki.jit\ndef k(a):\n    x = (a + 1)\n    return a\n' }]);
    assert.deepEqual((await fixed).diagnostics, []);
  });

  it('debounces a burst of edits into one analysis of the latest version', async () => {
    const uri = fileUri('burst.py');
    await client.open(uri, 'import nki\n');
    await client.waitForDiagnostics(uri);
    const seen: number[] = [];
    const last = client.waitForDiagnostics(uri, (p) => { seen.push(p.version ?? -1); return p.version === 21; });
    for (let v = 2; v <= 21; v++) await client.change(uri, v, [{ text: `import nki\nx = ${v}\n` }]);
    await last;
    assert.ok(seen.length <= 3, `expected the burst to be coalesced, saw versions ${seen.join(',')}`);
  });

  it('stays alive and answers after a file closes', async () => {
    await client.close(fileUri('burst.py'));
    assert.ok(client.alive);
  });
});
