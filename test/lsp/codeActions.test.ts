import { strict as assert } from 'node:assert';
import { CodeActionRequest, type CodeAction, type Command, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { LspClient } from '../helpers/lspClient';
import { applyEdits, lineOf, openFixture } from './support';

describe('quick fixes over LSP', () => {
  let client: LspClient;
  let uri: string;
  let text: string;
  let published: PublishDiagnosticsParams;
  let version = 1;

  before(async () => {
    client = (await LspClient.start()).client;
    ({ uri, text, diagnostics: published } = await openFixture(client, 'fixes.py'));
  });
  after(async () => client?.stop());

  const diagnostic = (code: string): Diagnostic => {
    const d = published.diagnostics.find((x) => x.code === code);
    assert.ok(d, `${code} published; got ${published.diagnostics.map((x) => x.code).join(', ')}`);
    return d;
  };

  async function actions(d: Diagnostic): Promise<CodeAction[]> {
    const r: Array<CodeAction | Command> | null = await client.connection.sendRequest(CodeActionRequest.type, {
      textDocument: { uri }, range: d.range, context: { diagnostics: [d] },
    });
    return (r ?? []).filter((a): a is CodeAction => 'edit' in a);
  }

  function apply(action: CodeAction | undefined): string {
    assert.ok(action, 'action offered');
    return applyEdits(text, action.edit!.changes![uri]);
  }

  /** Sends the fixed text to the server and returns the diagnostics it then publishes. */
  async function reanalyse(fixed: string): Promise<Diagnostic[]> {
    const v = ++version;
    const pending = client.waitForAnalysis(uri, v, 20_000);
    await client.change(uri, v, [{ text: fixed }]);
    const p = await pending;
    // Back to the original for the next test.
    const w = ++version;
    const restored = client.waitForAnalysis(uri, w, 20_000);
    await client.change(uri, w, [{ text }]);
    published = await restored;
    return p.diagnostics;
  }

  it('NKI402: replaces np.float32 with nl.float32', async () => {
    const d = diagnostic('NKI402');
    const fix = (await actions(d)).find((a) => a.title === 'Replace np.float32 with nl.float32');
    assert.equal(fix?.isPreferred, true);
    const fixed = apply(fix);
    const line = lineOf(text, 'dtype=np.float32');
    assert.equal(fixed.split('\n')[line], '    out = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.shared_hbm)');
    assert.ok(!(await reanalyse(fixed)).some((x) => x.code === 'NKI402'), 'the warning is gone');
  });

  it('NKI501: applies a mechanical rename from the tables (ncc.no_reorder → nl.no_reorder)', async () => {
    const d = diagnostic('NKI501');
    const fix = (await actions(d)).find((a) => /^Replace ncc\.no_reorder with nl\.no_reorder$/.test(a.title));
    const fixed = apply(fix);
    assert.equal(fixed.split('\n')[lineOf(text, 'ncc.no_reorder')], '    with nl.no_reorder():');
    assert.ok(!(await reanalyse(fixed)).some((x) => x.code === 'NKI501'));
  });

  it('NKI203: "Ignore NKI203 on this line" appends to an existing comment, then extends the list', async () => {
    const d = diagnostic('NKI203');
    const fix = (await actions(d)).find((a) => a.title === 'Ignore NKI203 on this line');
    const fixed = apply(fix);
    const line = d.range.start.line;
    assert.equal(fixed.split('\n')[line], '    nisa.nc_matmul(dst=acc, stationary=a, moving=b)  # keep this comment  # nki: ignore[NKI203]');
    const after = await reanalyse(fixed);
    assert.ok(!after.some((x) => x.code === 'NKI203'), 'NKI203 silenced');
    assert.ok(after.some((x) => x.code === 'NKI202' && x.range.start.line === line), 'other rules on the line still reported');

    // With the ignore comment in place, ignoring NKI202 too extends the bracket list.
    const v = ++version;
    const pending = client.waitForAnalysis(uri, v, 20_000);
    await client.change(uri, v, [{ text: fixed }]);
    const withIgnore = await pending;
    const d202 = withIgnore.diagnostics.find((x) => x.code === 'NKI202')!;
    const r: Array<CodeAction | Command> | null = await client.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: d202.range, context: { diagnostics: [d202] } });
    const extend = (r ?? []).find((a): a is CodeAction => a.title === 'Ignore NKI202 on this line');
    assert.ok(extend);
    const twice = applyEdits(fixed, extend.edit!.changes![uri]);
    assert.equal(twice.split('\n')[line], '    nisa.nc_matmul(dst=acc, stationary=a, moving=b)  # keep this comment  # nki: ignore[NKI203, NKI202]');
    const w = ++version;
    const restored = client.waitForAnalysis(uri, w, 20_000);
    await client.change(uri, w, [{ text }]);
    published = await restored;
  });

  it('NKI901: inserts a shapes directive above the decorator naming the inputs without shapes', async () => {
    const d = diagnostic('NKI901');
    const all = await actions(d);
    const fix = all.find((a) => a.title === 'Insert shapes directive for no_shapes (x, y)');
    assert.ok(fix, all.map((a) => a.title).join('; '));
    const fixed = apply(fix);
    const decorator = lineOf(text, 'def no_shapes') - 1;
    const lines = fixed.split('\n');
    assert.equal(lines[decorator], '# nki-studio: shapes x=float32[...] y=float32[...]');
    assert.equal(lines[decorator + 1], '@nki.jit');
    // The user fills in the dimensions; with them, the kernel is traced without gaps.
    const filled = fixed.replace('x=float32[...] y=float32[...]', 'x=float32[128,64] y=float32[128,64]');
    assert.ok(!(await reanalyse(filled)).some((x) => x.code === 'NKI901' || x.code === 'NKI900'));
  });

  it('never offers to ignore a syntax error, and offers nothing for diagnostics outside the range', async () => {
    const syntax: Diagnostic = { range: { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } }, message: 'x', code: 'NKI000', source: 'nki' };
    assert.deepEqual(await actions(syntax), []);
  });
});
