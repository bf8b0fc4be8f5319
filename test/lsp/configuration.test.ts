import { strict as assert } from 'node:assert';
import { DidChangeConfigurationNotification, InlayHintRequest } from 'vscode-languageserver/node';
import { LspClient } from '../helpers/lspClient';
import { NkiStatusNotification, type NkiStatusParams } from '../../server/src/protocol';
import { fixturePath, fixtureUri, openFixture } from './support';
import { readFileSync } from 'node:fs';

describe('settings, status and dependent re-analysis over LSP', () => {
  let client: LspClient;
  const statuses: NkiStatusParams[] = [];
  const waiters: Array<(s: NkiStatusParams) => void> = [];
  /** The first status (already received or coming) that satisfies `accept`. */
  const waitForStatus = (accept: (s: NkiStatusParams) => boolean): Promise<NkiStatusParams> => new Promise((resolve, reject) => {
    const found = statuses.find(accept);
    if (found) return resolve(found);
    const timer = setTimeout(() => reject(new Error(`no matching nki/status; saw ${JSON.stringify(statuses.map((s) => [s.uri, s.target]))}`)), 10_000);
    waiters.push((s) => {
      if (accept(s)) { clearTimeout(timer); resolve(s); }
    });
  });

  before(async () => {
    client = (await LspClient.start({ initializationOptions: { target: 'trn2', nkiVersion: 'auto' } })).client;
    client.connection.onNotification(NkiStatusNotification.type, (s) => {
      statuses.push(s);
      for (const w of waiters) w(s);
    });
  });
  after(async () => client?.stop());

  const configure = (settings: unknown): Promise<void> => client.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { nkiStudio: settings } });

  it('reports the detected NKI version and target in nki/status', async () => {
    const { uri, diagnostics } = await openFixture(client, 'fixes.py');
    assert.ok(diagnostics.diagnostics.some((d) => d.code === 'NKI203'), 'moving 1024 is over the trn2 limit');
    const status = await waitForStatus((s) => s.uri === uri);
    assert.deepEqual({ ...status, kernels: status.kernels.length }, {
      uri, version: 1, nkiVersion: '0.7', neuronRelease: '2.33', target: 'trn2', label: 'NKI 0.7 (Neuron 2.33) on trn2',
      detected: true, mixedGenerations: false, kernels: 4,
    });
  });

  it('re-analyses open documents when the target changes (trn3 accepts moving 1024)', async () => {
    const uri = fixtureUri('fixes.py');
    const pending = client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'NKI203'));
    await configure({ target: 'trn3' });
    const p = await pending;
    assert.ok(p.diagnostics.some((d) => d.code === 'NKI402'), 'other rules still reported');
    await waitForStatus((s) => s.uri === uri && s.target === 'trn3');
  });

  it('applies severity overrides and turns rules off', async () => {
    const uri = fixtureUri('fixes.py');
    const pending = client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'NKI203'));
    await configure({ target: 'trn2', diagnostics: { severity: { NKI203: 'warning', NKI402: 'off', NKI999: 'error', NKI202: 'bogus' } } });
    const p = await pending;
    assert.equal(p.diagnostics.find((d) => d.code === 'NKI203')?.severity, 2);
    assert.equal(p.diagnostics.find((d) => d.code === 'NKI202')?.severity, 1, 'an invalid override is ignored');
    assert.ok(!p.diagnostics.some((d) => d.code === 'NKI402'));
  });

  it('turns allocation inlay hints off and on', async () => {
    const uri = fixtureUri('fixes.py');
    const range = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };
    assert.ok(((await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range })) ?? []).length > 0);
    await configure({ inlayHints: { allocations: false } });
    assert.deepEqual(await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range }), []);
    await configure({ inlayHints: { allocations: true } });
    assert.ok(((await client.connection.sendRequest(InlayHintRequest.type, { textDocument: { uri }, range })) ?? []).length > 0);
  });

  it('re-analyses a kernel when an open helper module it imports changes, without saving', async () => {
    const { uri } = await openFixture(client, 'tensors.py');
    const helperUri = fixtureUri('lsp_helpers.py');
    const helperText = readFileSync(fixturePath('lsp_helpers.py'), 'utf8');
    await openFixture(client, 'lsp_helpers.py');
    // Twice as many iterations: the K slices run past the end of lhsT.
    const broken = client.waitForDiagnostics(uri, (p) => p.diagnostics.some((d) => d.code === 'NKI206'));
    await client.change(helperUri, 2, [{ text: helperText.replace('k // 128', 'k // 64') }]);
    await broken;
    const fixed = client.waitForDiagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'NKI206'));
    await client.change(helperUri, 3, [{ text: helperText }]);
    await fixed;
  });

  it('takes flat initializationOptions from the client', async () => {
    const other = (await LspClient.start({ initializationOptions: { target: 'trn3', nkiVersion: '0.3' } })).client;
    try {
      const statusSeen = new Promise<NkiStatusParams>((resolve) => other.connection.onNotification(NkiStatusNotification.type, resolve));
      const { diagnostics } = await openFixture(other, 'fixes.py');
      assert.ok(!diagnostics.diagnostics.some((d) => d.code === 'NKI203'));
      const status = await statusSeen;
      assert.equal(status.nkiVersion, '0.3');
      assert.equal(status.target, 'trn3');
      assert.equal(status.detected, false);
    } finally {
      await other.stop();
    }
  });
});
