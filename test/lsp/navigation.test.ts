import { strict as assert } from 'node:assert';
import {
  CodeLensRequest, DefinitionRequest, DocumentSymbolRequest, SemanticTokensRequest, type CodeLens, type DocumentSymbol,
  type InitializeResult, type Location, type SemanticTokensLegend,
} from 'vscode-languageserver/node';
import { LspClient } from '../helpers/lspClient';
import { decodeTokens, fixtureUri, lineOf, openFixture, positionOf } from './support';

describe('semantic tokens, CodeLens, symbols and definitions over LSP', () => {
  let client: LspClient;
  let init: InitializeResult;
  let uri: string;
  let text: string;

  before(async () => {
    ({ client, init } = await LspClient.start());
    ({ uri, text } = await openFixture(client, 'tensors.py'));
  });
  after(async () => client?.stop());

  it('marks tensor names with their buffer as semantic token modifiers', async () => {
    const legend = init.capabilities.semanticTokensProvider?.legend as SemanticTokensLegend;
    assert.deepEqual(legend.tokenModifiers, ['hbm', 'sbuf', 'psum']);
    const r = await client.connection.sendRequest(SemanticTokensRequest.type, { textDocument: { uri } });
    const tokens = decodeTokens(r?.data ?? [], legend);
    const at = (needle: string, delta = 0, nth = 0) => {
      const p = positionOf(text, needle, delta, nth);
      return tokens.find((t) => t.line === p.line && t.character === p.character);
    };
    assert.deepEqual(at('moving=b', 'moving='.length), { ...positionOf(text, 'moving=b', 'moving='.length), length: 1, type: 'variable', modifiers: ['sbuf'] });
    assert.deepEqual(at('dst=acc', 'dst='.length)?.modifiers, ['psum']);
    assert.deepEqual(at('return out', 'return '.length)?.modifiers, ['hbm']);
    assert.deepEqual(at('lhsT[k', 0)?.modifiers, ['hbm'], 'kernel inputs are HBM tensors');
    assert.equal(at('K, M = ', 0), undefined, 'ints are not tensors');
    assert.equal(at('nisa.nc_matmul'), undefined, 'modules are not tensors');
  });

  it('puts Run & Profile and Shapes… lenses above each kernel', async () => {
    const lenses: CodeLens[] | null = await client.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
    const decorator = lineOf(text, '@nki.jit');
    assert.deepEqual(lenses?.map((l) => [l.range.start.line, l.command?.title, l.command?.command, l.command?.arguments]), [
      [decorator, 'Run & Profile', 'nkiStudio.runAndProfile', [{ uri, kernel: 'matmul_kernel' }]],
      [decorator, 'Shapes…', 'nkiStudio.editShapes', [{ uri, kernel: 'matmul_kernel' }]],
    ]);
  });

  it('lists kernels and helper functions as document symbols', async () => {
    const symbols = await client.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } }) as DocumentSymbol[];
    assert.deepEqual(symbols.map((s) => [s.name, s.detail]), [['double', '(x)'], ['matmul_kernel', 'NKI kernel (lhsT, rhs)']]);
    assert.equal(symbols[1].selectionRange.start.line, lineOf(text, 'def matmul_kernel'));
  });

  const definition = async (position: ReturnType<typeof positionOf>, docUri = uri): Promise<Location[]> => {
    const r = await client.connection.sendRequest(DefinitionRequest.type, { textDocument: { uri: docUri }, position });
    return (Array.isArray(r) ? r : r ? [r] : []) as Location[];
  };

  it('goes to helper functions in an imported user module', async () => {
    const locs = await definition(positionOf(text, 'tile_rows(K)', 2));
    assert.deepEqual(locs.map((l) => [l.uri, l.range.start]), [[fixtureUri('lsp_helpers.py'), { line: 3, character: 4 }]]);
    const fromImport = await definition(positionOf(text, 'import tile_rows', 'import '.length));
    assert.equal(fromImport[0]?.uri, fixtureUri('lsp_helpers.py'));
    const moduleName = await definition(positionOf(text, 'from lsp_helpers', 'from '.length + 1));
    assert.deepEqual(moduleName.map((l) => [l.uri, l.range.start.line]), [[fixtureUri('lsp_helpers.py'), 0]], 'the module of a from-import');
  });

  it('goes to functions in the same file, and to modules through import aliases', async () => {
    const scratch = fixtureUri('definition_scratch.py');
    const body = 'import lsp_helpers as h\n\n\ndef local(x):\n    return x\n\n\ny = local(1) + h.tile_rows(256)\nz = h\n';
    const pending = client.waitForDiagnostics(scratch);
    await client.open(scratch, body);
    await pending;
    assert.deepEqual((await definition(positionOf(body, 'local(1)'), scratch)).map((l) => [l.uri, l.range.start.line]), [[scratch, 3]]);
    assert.deepEqual((await definition(positionOf(body, 'tile_rows(256)', 3), scratch)).map((l) => [l.uri, l.range.start.line]), [[fixtureUri('lsp_helpers.py'), 3]]);
    assert.deepEqual((await definition(positionOf(body, 'z = h', 4), scratch)).map((l) => [l.uri, l.range.start.line]), [[fixtureUri('lsp_helpers.py'), 0]]);
    assert.deepEqual(await definition(positionOf(text, 'nl.ndarray', 4)), [], 'NKI modules are not workspace files');
  });
});
