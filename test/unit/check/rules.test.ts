/**
 * Data-driven rule tests: every fixture under test/fixtures/rules marks the lines where a rule
 * must fire with `# expect: NKI201[, NKI301]`. The analysis must report exactly those codes on
 * exactly those lines (no more, no fewer) — every rule has a failing kernel and the clean
 * kernels around it are its passing cases.
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../../simulator/src/check/analyzeFile';
import { RULES } from '../../../simulator/src/check/rules';
import { expectations, ruleFixtureDir as dir, ruleFixtures } from '../../helpers/ruleFixtures';

describe('NKI rules on fixture kernels', () => {
  const seen = new Set<string>();
  for (const name of ruleFixtures()) {
    it(`${name}: reports exactly the expected diagnostics`, async () => {
      const path = join(dir, name);
      const text = readFileSync(path, 'utf8');
      const report = await analyzeFile(path, text);
      assert.equal(report.internalError, undefined);
      const actual = report.diagnostics
        .filter((d) => d.severity !== 'hint')
        .map((d) => `${d.range.start.line + 1} ${d.code}`);
      const unique = [...new Set(actual)].sort();
      const detail = report.diagnostics.map((d) => `  ${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code} ${d.message}`).join('\n');
      assert.deepEqual(unique, expectations(text), `diagnostics were:\n${detail}`);
      for (const a of unique) seen.add(a.split(' ')[1]);
    });
  }

  it('messages name the limit and the actual value', async () => {
    const path = join(dir, 'shapes.py');
    const report = await analyzeFile(path, readFileSync(path, 'utf8'));
    const p = report.diagnostics.find((d) => d.code === 'NKI201')!;
    assert.match(p.message, /is 256, over the limit of 128/);
    const m = report.diagnostics.find((d) => d.code === 'NKI203')!;
    assert.match(m.message, /moving free size is 1024, over the limit of 512 on trn2/);
    const cap = (await analyzeFile(join(dir, 'capacity.py'), readFileSync(join(dir, 'capacity.py'), 'utf8'))).diagnostics.find((d) => d.code === 'NKI301')!;
    assert.match(cap.message, /256 KiB per partition live at once, more than the 208(\.0)? KiB usable on trn2/);
    assert.ok(cap.related.length >= 2, 'capacity lists the live allocations as related information');
  });

  it('placement findings point at the allocation as related information', async () => {
    const path = join(dir, 'placement.py');
    const report = await analyzeFile(path, readFileSync(path, 'utf8'));
    const d = report.diagnostics.find((x) => x.code === 'NKI102')!;
    assert.match(d.message, /'dst' must be in PSUM, but 'res' is in SBUF/);
    assert.equal(d.related[0].range.start.line, 24);
  });

  it('the same kernel checked on trn3 allows a 1024-wide moving tile', async () => {
    const path = join(dir, 'shapes.py');
    const report = await analyzeFile(path, readFileSync(path, 'utf8'), { target: 'trn3', kernel: 'moving_over_512' });
    assert.deepEqual(report.diagnostics.filter((d) => d.code === 'NKI203' || d.code === 'NKI202'), []);
  });

  after(() => {
    // Every rule is exercised by a fixture (NKI000 by the CLI and LSP tests).
    const untested = RULES.map((r) => r.code).filter((c) => !seen.has(c) && c !== 'NKI000');
    assert.deepEqual(untested, [], `rules without a fixture: ${untested.join(', ')}`);
  });
});
