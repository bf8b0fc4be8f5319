/**
 * Two-phase diagnostics over LSP: after an edit the server first publishes the new version's
 * syntax errors plus the previous diagnostics moved with the text, then the full analysis.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { LspClient } from '../helpers/lspClient';
import { ruleFixtureDir } from '../helpers/ruleFixtures';
import { fixtureUri } from './support';
import { lineMapper } from '../../server/src/analysis/provisional';

const strip = (ds: Diagnostic[]) => ds.map((d) => ({ code: d.code, range: d.range, message: d.message }));

describe('provisional diagnostics (published before the re-trace)', () => {
  let client: LspClient;
  const uri = fixtureUri('provisional_scratch.py');
  const text = readFileSync(join(ruleFixtureDir, 'shapes.py'), 'utf8');

  before(async () => {
    client = (await LspClient.start()).client;
    const first = client.waitForAnalysis(uri, 1, 30_000);
    await client.open(uri, text);
    await first;
  });
  after(async () => client?.stop());

  /** The first publish for `version` and the full analysis of it. */
  async function edit(version: number, change: { range: Diagnostic['range']; text: string }): Promise<{ first: PublishDiagnosticsParams; full: PublishDiagnosticsParams }> {
    const first = client.waitForDiagnostics(uri, (p) => p.version === version, 30_000);
    const full = client.waitForAnalysis(uri, version, 30_000);
    await client.change(uri, version, [change]);
    return { first: await first, full: await full };
  }

  it('moves the previous diagnostics with inserted lines, and the full analysis agrees', async () => {
    const { first, full } = await edit(2, { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a new first line\n# and another\n' });
    assert.ok(full.diagnostics.length > 3, 'the fixture has findings');
    assert.deepEqual(strip(first.diagnostics), strip(full.diagnostics));
  });

  it('reports a fresh syntax error at once, keeping the findings elsewhere', async () => {
    const lines = text.split('\n');
    const line = lines.findIndex((l) => l.startsWith('def ')) + 2 + 2;
    const { first, full } = await edit(3, { range: { start: { line, character: 4 }, end: { line, character: 4 } }, text: '(' });
    assert.ok(first.diagnostics.some((d) => d.code === 'NKI000'), 'the syntax error is in the first publish');
    assert.ok(first.diagnostics.some((d) => d.code === 'NKI201'), 'findings of untouched kernels stay');
    assert.ok(full.diagnostics.some((d) => d.code === 'NKI000'));
  });

  it('maps positions through a one-line edit and drops those inside the replaced text', () => {
    const map = lineMapper('a = 1\nb = foo(x)\nc = 3\n', 'a = 1\nb = barbaz(x)\nc = 3\n');
    assert.deepEqual(map({ line: 0, character: 2 }), { line: 0, character: 2 });
    assert.deepEqual(map({ line: 1, character: 2 }), { line: 1, character: 2 }, 'before the edit on its line');
    assert.deepEqual(map({ line: 1, character: 8 }), { line: 1, character: 11 }, 'after it, shifted by its length');
    assert.equal(map({ line: 1, character: 5 }), undefined, 'inside the replaced text');
    assert.deepEqual(map({ line: 2, character: 1 }), { line: 2, character: 1 });
    const lines = lineMapper('x\ny\nz\n', 'x\nnew\nlines\ny\nz\n');
    assert.deepEqual(lines({ line: 2, character: 0 }), { line: 4, character: 0 }, 'below inserted lines');
  });
});
