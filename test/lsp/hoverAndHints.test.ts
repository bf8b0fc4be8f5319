import { strict as assert } from 'node:assert';
import { HoverRequest, InlayHintRequest, type Hover, type InlayHint } from 'vscode-languageserver/node';
import { LspClient } from '../helpers/lspClient';
import { lineOf, markdownOf, openFixture, positionOf } from './support';

describe('hover and inlay hints over LSP', () => {
  let client: LspClient;
  let uri: string;
  let text: string;

  before(async () => {
    client = (await LspClient.start()).client;
    ({ uri, text } = await openFixture(client, 'tensors.py'));
  });
  after(async () => client?.stop());

  const hover = async (needle: string, delta = 0, nth = 0): Promise<string> => {
    const h: Hover | null = await client.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: positionOf(text, needle, delta, nth) });
    return h ? markdownOf(h.contents) : '';
  };

  it('describes an SBUF tile at its use: buffer, dtype, shape, partitions, bytes and allocation line', async () => {
    const md = await hover('moving=b', 'moving='.length);
    assert.match(md, /`b`: tensor/);
    assert.match(md, /\*\*sbuf\*\* `bfloat16\[128, 512\]`/);
    assert.match(md, /partition dim: 128/);
    assert.match(md, /1 KiB per partition/);
    assert.match(md, /128 KiB in total/);
    assert.match(md, new RegExp(`allocated at line ${lineOf(text, 'b = nl.ndarray') + 1}`));
  });

  it('describes a PSUM accumulator and an HBM output', async () => {
    assert.match(await hover('dst=acc', 'dst='.length), /\*\*psum\*\* `float32\[128, 512\]` · partition dim: 128 · 2 KiB per partition/);
    const out = await hover('return out', 'return '.length);
    assert.match(out, /\*\*shared_hbm\*\* `bfloat16\[128, 512\]`/);
    assert.match(out, /128 KiB in total/);
  });

  it('describes a kernel input with its shape from the directive', async () => {
    assert.match(await hover('lhsT.shape'), /\*\*hbm\*\* `bfloat16\[256, 128\]`.*kernel input/);
  });

  it('shows the signature, doc, engine and target limits of an ISA call', async () => {
    const md = await hover('nisa.nc_matmul', 'nisa.'.length + 2);
    assert.match(md, /nisa\.nc_matmul\(dst, stationary, moving, is_stationary_onezero=False/);
    assert.match(md, /Matrix multiply on the Tensor Engine/);
    assert.match(md, /\*\*Engine:\*\* Tensor Engine \(PE\)/);
    assert.match(md, /moving free size must be ≤ 512 on NC-v2\/v3/);
    assert.match(md, /NKI 0\.7 \(Neuron 2\.33\) on trn2/);
  });

  it('shows buffer capacities and tile-size values for the target', async () => {
    assert.match(await hover('nl.psum', 'nl.'.length), /128 partitions × 16 KiB per partition on trn2: 8 banks of 2 KiB/);
    const md = await hover('nl.sbuf', 'nl.'.length);
    assert.match(md, /State buffer/);
    assert.match(md, /usable per partition on trn2/);
  });

  it('puts an allocation hint after each allocating assignment, and none after plain statements', async () => {
    const hints: InlayHint[] | null = await client.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } },
    });
    assert.ok(hints);
    const byLine = new Map(hints.map((h) => [h.position.line, h]));
    const expect = (needle: string, label: string): void => {
      const line = lineOf(text, needle);
      const h = byLine.get(line);
      assert.ok(h, `hint on line ${line + 1} (${needle})`);
      assert.equal(h.label, label);
      const lineText = text.split('\n')[line];
      assert.equal(h.position.character, lineText.length, 'hint sits at the end of the statement');
    };
    expect('b = nl.ndarray', 'sbuf bf16[128, 512] · 1 KiB/partition');
    expect('a = nl.ndarray', 'sbuf bf16[128, 128] · 256 B/partition');
    expect('acc = nl.ndarray', 'psum fp32[128, 512] · 2 KiB/partition');
    expect('out = nl.ndarray', 'shared_hbm bf16[128, 512] · 128 KiB');
    expect('res = nl.ndarray', 'sbuf bf16[128, 512] · 1 KiB/partition');
    assert.equal(hints.length, 5, `only allocations get hints: ${hints.map((h) => `${h.position.line + 1}:${String(h.label)}`).join(', ')}`);
  });

  it('only returns hints inside the requested range', async () => {
    const line = lineOf(text, 'acc = nl.ndarray');
    const hints: InlayHint[] | null = await client.connection.sendRequest(InlayHintRequest.type, {
      textDocument: { uri }, range: { start: { line, character: 0 }, end: { line, character: 80 } },
    });
    assert.deepEqual(hints?.map((h) => h.label), ['psum fp32[128, 512] · 2 KiB/partition']);
  });
});
