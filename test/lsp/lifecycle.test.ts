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

  it('publishes no diagnostics for a clean kernel with input shapes', async () => {
    const uri = fileUri('clean_add.py');
    const pending = client.waitForDiagnostics(uri);
    await client.open(uri, [
      'import nki', 'import nki.isa as nisa', 'import nki.language as nl', '', '',
      '# nki-studio: shapes a=float32[128,512]', '@nki.jit', 'def k(a):',
      '    out = nl.ndarray(a.shape, dtype=a.dtype, buffer=nl.shared_hbm)',
      '    t = nl.ndarray((128, 512), dtype=a.dtype, buffer=nl.sbuf)',
      '    nisa.dma_copy(dst=t, src=a)', '    nisa.dma_copy(dst=out, src=t)', '    return out', '',
    ].join('\n'));
    const p = await pending;
    assert.deepEqual(p.diagnostics, []);
  });

  it('says once per kernel that analysis is partial when inputs have no shapes', async () => {
    const uri = fileUri('no_shapes.py');
    const pending = client.waitForDiagnostics(uri);
    await client.open(uri, 'import nki\nimport nki.language as nl\n\n@nki.jit\ndef k(a):\n    return a\n');
    const p = await pending;
    assert.equal(p.diagnostics.length, 1);
    assert.equal(p.diagnostics[0].code, 'NKI901');
    assert.equal(p.diagnostics[0].severity, 3 /* Information */);
    assert.deepEqual(p.diagnostics[0].range.start, { line: 4, character: 4 });
  });

  it('reports a syntax error at its position, then clears it after the fix', async () => {
    const uri = fileUri('broken.py');
    const pending = client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'NKI000'));
    await client.open(uri, 'import nki\n\n@nki.jit\ndef k(a):\n    x = (a +\n    return a\n');
    const p = await pending;
    const d = p.diagnostics.find((x) => x.code === 'NKI000')!;
    assert.equal(d.source, 'nki');
    assert.equal(d.code, 'NKI000');
    assert.match(typeof d.message === 'string' ? d.message : d.message.value, /syntax error/i);
    assert.ok(d.range.start.line >= 4 && d.range.start.line <= 5, `error on line ${d.range.start.line}`);

    const fixed = client.waitForDiagnostics(uri, (q) => q.version === 2);
    await client.change(uri, 2, [{ text: 'import nki\n\n@nki.jit\ndef k(a):\n    x = (a + 1)\n    return a\n' }]);
    assert.deepEqual((await fixed).diagnostics.filter((d) => d.code === 'NKI000'), []);
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
