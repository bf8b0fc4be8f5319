/**
 * Every rule over real LSP stdio: each fixture under test/fixtures/rules is opened in the server
 * and the published diagnostics must be exactly the `# expect:` markers (hints aside), with
 * messages that say what is wrong and related information pointing at the cause.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { RULES } from '../../simulator/src/check/rules';
import { LspClient } from '../helpers/lspClient';
import { expectations, ruleFixtureDir, ruleFixtures } from '../helpers/ruleFixtures';

const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

describe('NKI rules over LSP (test/fixtures/rules)', () => {
  let client: LspClient;
  const published = new Map<string, Diagnostic[]>();

  before(async () => {
    client = (await LspClient.start()).client;
  });
  after(async () => client?.stop());

  for (const name of ruleFixtures()) {
    it(`${name}: publishes exactly the expected diagnostics`, async function () {
      this.timeout(60_000);
      const path = join(ruleFixtureDir, name);
      const text = readFileSync(path, 'utf8');
      const uri = pathToFileURL(path).href;
      const pending = client.waitForDiagnostics(uri, undefined, 50_000);
      await client.open(uri, text);
      const { diagnostics } = await pending;
      published.set(name, diagnostics);
      const actual = [...new Set(diagnostics.filter((d) => d.severity !== DiagnosticSeverity.Hint).map((d) => `${d.range.start.line + 1} ${String(d.code)}`))].sort();
      const detail = diagnostics.map((d) => `  ${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)} ${messageOf(d)}`).join('\n');
      assert.deepEqual(actual, expectations(text), `diagnostics were:\n${detail}`);
      for (const d of diagnostics) {
        assert.equal(d.source, 'nki');
        assert.ok(messageOf(d).length > 20, `${String(d.code)} says what is wrong: ${messageOf(d)}`);
        for (const r of d.relatedInformation ?? []) assert.ok(r.location.uri.startsWith('file://') && r.message, 'related information has a place and a message');
      }
    });
  }

  const find = (file: string, code: string): Diagnostic => {
    const d = published.get(file)?.find((x) => x.code === code);
    assert.ok(d, `${code} in ${file}`);
    return d;
  };

  it('messages state the limit and the actual value, with related information', () => {
    assert.match(messageOf(find('shapes.py', 'NKI201')), /is 256, over the limit of 128/);
    assert.match(messageOf(find('shapes.py', 'NKI203')), /moving free size is 1024, over the limit of 512 on trn2/);
    const cap = find('capacity.py', 'NKI301');
    assert.match(messageOf(cap), /KiB per partition live at once, more than the 208(\.0)? KiB usable on trn2/);
    assert.ok((cap.relatedInformation ?? []).length >= 2, 'capacity lists the live allocations');
    assert.match(messageOf(find('placement.py', 'NKI102')), /'dst' must be in PSUM, but 'res' is in SBUF/);
    assert.match(messageOf(find('dtypes.py', 'NKI401')), /'predicate' has dtype float32, .*allowed: uint8, uint16, uint32/);
    assert.match(messageOf(find('directives.py', 'NKI900')), /has no parameter 'b'/);
    assert.match(messageOf(find('directives.py', 'NKI902')), /AssertionError: expects 64 rows/);
    assert.match(messageOf(find('mixed.py', 'NKI505')), /imports both Beta 1 .* and current/);
  });

  it('NKI503 names the carried value, what the version allows, and points at the loop and the definition', () => {
    const d = find('loops_beta1.py', 'NKI503');
    assert.match(messageOf(d), /every iteration writes the same elements of 'buf' \(the index does not use 'i'\).*only as an associative accumulation.*nl\.sequential_range/);
    const related = d.relatedInformation ?? [];
    assert.match(related[0].message, /affine_range loop over 'i'/);
    assert.equal(related[0].location.range.start.line, d.range.start.line - 1);
    assert.match(related[1].message, /'buf' is bound before the loop/);
    assert.equal(related[1].location.range.start.line, d.range.start.line - 3);
    const rebind = published.get('loops_beta1.py')!.filter((x) => x.code === 'NKI503').map(messageOf);
    assert.ok(rebind.some((m) => /'total' is computed from its value in the previous iteration/.test(m)), rebind.join('\n'));
  });

  it('every registered rule fired in some fixture (NKI000 is covered by the syntax tests)', () => {
    const seen = new Set([...published.values()].flat().map((d) => String(d.code)));
    assert.deepEqual(RULES.map((r) => r.code).filter((c) => c !== 'NKI000' && !seen.has(c)), []);
  });
});
