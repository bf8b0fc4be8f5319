/**
 * One slow file never blocks another: while a kernel whose trace takes seconds is re-traced, a
 * small file's edit is analysed and published, and hover on it is answered, long before the slow
 * trace finishes (the traces run off the server's event loop, see analysis/tracePool.ts).
 */
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { HoverRequest, type Hover } from 'vscode-languageserver/node';
import { LspClient } from '../helpers/lspClient';
import { fixtureUri, openFixture, positionOf } from './support';

describe('isolation between documents over LSP', () => {
  let client: LspClient;
  after(async () => client?.stop());

  it('publishes and answers hover for a fast file while a slow file traces', async function () {
    this.timeout(60_000);
    client = (await LspClient.start()).client;
    const slow = await openFixture(client, 'slow_trace.py');
    const fast = await openFixture(client, 'tensors.py');
    await client.waitForAnalysis(slow.uri, 1, 30_000);
    await client.waitForAnalysis(fast.uri, 1, 30_000);

    // Edit the slow kernel first (its trace starts first), then the fast one.
    const slowAt = positionOf(slow.text, 'step = 0', 'step = '.length);
    const fastAt = positionOf(fast.text, 'return x * 2', 'return x * '.length);
    const started = performance.now();
    const slowDone = client.waitForAnalysis(slow.uri, 2, 30_000).then(() => performance.now() - started);
    await client.change(slow.uri, 2, [{ range: { start: slowAt, end: { ...slowAt, character: slowAt.character + 1 } }, text: '1' }]);
    await client.change(fast.uri, 2, [{ range: { start: fastAt, end: { ...fastAt, character: fastAt.character + 1 } }, text: '3' }]);
    const fastDiagnostics = await client.waitForAnalysis(fast.uri, 2, 30_000);
    const fastMs = performance.now() - started;
    const hover: Hover | null = await client.connection.sendRequest(HoverRequest.type, {
      textDocument: { uri: fixtureUri('tensors.py') }, position: positionOf(fast.text, 'dst=acc', 'dst='.length),
    });
    const hoverMs = performance.now() - started;
    const slowMs = await slowDone;

    console.log(`      fast file published at ${fastMs.toFixed(0)} ms, hover at ${hoverMs.toFixed(0)} ms, slow file at ${slowMs.toFixed(0)} ms`);
    assert.equal(fastDiagnostics.version, 2);
    assert.ok(hover && JSON.stringify(hover.contents).includes('psum'), `hover: ${JSON.stringify(hover)}`);
    // The slow trace takes seconds; the fast file must not wait for it.
    assert.ok(slowMs > 1000, `the slow fixture traced in ${slowMs.toFixed(0)} ms: too fast to show anything`);
    assert.ok(hoverMs < slowMs / 2, `fast file published at ${fastMs.toFixed(0)} ms, hover at ${hoverMs.toFixed(0)} ms, slow file at ${slowMs.toFixed(0)} ms`);
  });
});
