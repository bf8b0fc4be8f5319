import { strict as assert } from 'node:assert';
import {
  CompletionRequest, DidChangeConfigurationNotification, SignatureHelpRequest, type CompletionItem, type CompletionList, type SignatureHelp,
} from 'vscode-languageserver/node';
import { LspClient } from '../helpers/lspClient';
import { fixtureUri, markdownOf, positionOf } from './support';

const HEADER = 'import nki\nimport nki.isa as nisa\nimport nki.language as nl\n\n';

describe('completion and signature help over LSP', () => {
  let client: LspClient;
  let version = 1;
  const uri = fixtureUri('completion_scratch.py');

  before(async () => {
    client = (await LspClient.start()).client;
    const first = client.waitForDiagnostics(uri);
    await client.open(uri, HEADER);
    await first;
  });
  after(async () => client?.stop());

  /** Replaces the document with `body` and completes at the end of `needle` (or of the text). */
  async function complete(body: string, needle?: string): Promise<CompletionItem[]> {
    const text = HEADER + body;
    await client.change(uri, ++version, [{ text }]);
    const position = needle ? positionOf(text, needle, needle.length) : positionOf(text, body, body.length);
    const r: CompletionItem[] | CompletionList | null = await client.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position });
    return Array.isArray(r) ? r : r?.items ?? [];
  }

  async function setVersion(nkiVersion: string): Promise<void> {
    await client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { nkiStudio: { nkiVersion } } });
  }

  const labels = (items: CompletionItem[]): string[] => items.map((i) => i.label);

  it('offers nl members with signatures and docs, resolving the alias from the imports', async () => {
    await setVersion('0.7');
    const items = await complete('x = nl.');
    const load = items.find((i) => i.label === 'load');
    assert.ok(load, 'nl.load in 0.7');
    assert.match(load.detail ?? '', /^nl\.load\(src/);
    assert.match(markdownOf(load.documentation), /Loads an HBM tensor/);
    assert.ok(labels(items).includes('ndarray'));
    assert.ok(labels(items).includes('sbuf'));
    assert.ok(labels(items).includes('bfloat16'));
  });

  it('follows the file version: nl.load from 0.3, not in 0.2; nl.fori_loop only from 0.6', async () => {
    await setVersion('0.2');
    let items = await complete('x = nl.');
    assert.ok(!labels(items).includes('load'), 'no nl.load in 0.2');
    assert.ok(!labels(items).includes('fori_loop'));
    await setVersion('0.3');
    items = await complete('x = nl.');
    assert.ok(labels(items).includes('load'), 'nl.load in 0.3');
    assert.ok(!labels(items).includes('fori_loop'), 'no fori_loop in 0.3');
    await setVersion('0.5');
    assert.ok(!labels(await complete('x = nl.')).includes('fori_loop'), 'no fori_loop in 0.5');
    await setVersion('0.6');
    assert.ok(labels(await complete('x = nl.')).includes('fori_loop'), 'fori_loop in 0.6');
    await setVersion('auto');
  });

  it('completes nested namespaces: nl.tile_size. and nisa.engine.', async () => {
    const tile = labels(await complete('x = nl.tile_size.'));
    assert.ok(tile.includes('pmax') && tile.includes('gemm_moving_fmax'), tile.join(','));
    const engines = labels(await complete('x = nisa.engine.'));
    assert.deepEqual([...engines].sort(), ['dma', 'gpsimd', 'scalar', 'sync', 'tensor', 'unknown', 'vector']);
  });

  it('resolves other aliases, and offers nothing for modules that are not NKI', async () => {
    const items = await complete('import nki.isa as I\nx = I.');
    assert.ok(labels(items).includes('nc_matmul'));
    assert.deepEqual(await complete('import os\nx = os.'), []);
  });

  it('offers dtypes after dtype= and buffers after buffer=', async () => {
    const dtypes = labels(await complete('t = nl.ndarray((128, 512), dtype='));
    assert.ok(dtypes.includes('nl.bfloat16') && dtypes.includes('nl.float32'), dtypes.join(','));
    assert.ok(!dtypes.includes('nl.sbuf'));
    const buffers = labels(await complete('t = nl.ndarray((128, 512), dtype=nl.float32, buffer='));
    assert.deepEqual([...buffers].sort(), ['nl.hbm', 'nl.private_hbm', 'nl.psum', 'nl.sbuf', 'nl.shared_hbm']);
  });

  async function signature(body: string): Promise<SignatureHelp | null> {
    const text = HEADER + body;
    await client.change(uri, ++version, [{ text }]);
    return client.connection.sendRequest(SignatureHelpRequest.type, { textDocument: { uri }, position: positionOf(text, body, body.length) });
  }

  it('gives signature help for NKI calls with the active parameter', async () => {
    let help = await signature('nisa.nc_matmul(acc, a, ');
    assert.ok(help);
    assert.match(help.signatures[0].label, /^nisa\.nc_matmul\(dst, stationary, moving/);
    assert.equal(help.activeParameter, 2, 'third positional argument is moving');
    help = await signature('nisa.nc_matmul(dst=acc, stationary=a, moving=b, accumulate=');
    const params = help!.signatures[0].parameters!;
    assert.equal(params[help!.activeParameter!].label, 'accumulate=None');
    help = await signature('nisa.nc_matmul(acc, (a, b), nl.ndarray((1, 2), ');
    assert.match(help!.signatures[0].label, /^nl\.ndarray\(/, 'innermost open call wins');
    assert.equal(help!.activeParameter, 1);
    assert.equal(await signature('print(1, '), null, 'no help for non-NKI calls');
  });

  it('gives the signature of the selected version: nl.load only from 0.3, nc_matmul with Beta 1 keywords before 0.2', async () => {
    await setVersion('0.2');
    assert.equal(await signature('t = nl.load('), null, 'no nl.load in 0.2');
    await setVersion('0.3');
    const load = await signature('t = nl.load(');
    assert.match(load!.signatures[0].label, /^nl\.load\(src/);
    await setVersion('beta1');
    const beta1 = await signature('nisa.nc_matmul(');
    assert.ok(beta1, 'nc_matmul exists in Beta 1');
    assert.ok(!/^nisa\.nc_matmul\(dst,/.test(beta1.signatures[0].label), `Beta 1 returns its result instead of taking dst: ${beta1.signatures[0].label}`);
    await setVersion('0.7');
  });
});
