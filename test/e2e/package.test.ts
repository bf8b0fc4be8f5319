import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers/lspClient';
import { ensureVsix } from './provision';

/** What a Marketplace user downloads: bundles, grammars, the icon, the walkthrough and the docs, nothing else. */
describe('e2e: the packaged .vsix', () => {
  let vsix: string;
  before(async function () {
    this.timeout(180_000);
    vsix = await ensureVsix();
  });

  it('is under 5 MB', () => {
    const mb = statSync(vsix).size / (1024 * 1024);
    console.log(`    ${vsix.split('/').pop()}: ${mb.toFixed(2)} MB`);
    assert.ok(mb < 5, `${mb.toFixed(2)} MB`);
  });

  it('ships only dist/ (with the qwen3 kernels), syntaxes/, the icon, the walkthrough, README, CHANGELOG and LICENSE', () => {
    // The archive lists its entries under extension/; unzip is not on every machine, so read the
    // listing vsce computes from the same manifest.
    const listing = execFileSync(join(repoRoot, 'node_modules/.bin/vsce'), ['ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' })
      .split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('npm warn'));
    const allowed = /^(dist\/.+\.(js|wasm|css)|dist\/qwen3\/\w+\.py|syntaxes\/.+\.json|media\/icon\.png|media\/walkthrough\/[\w-]+\.(md|png|py)|README\.md|CHANGELOG\.md|LICENSE|package\.json)$/;
    assert.deepEqual(listing.filter((f) => !allowed.test(f)), []);
    for (const needed of ['media/walkthrough/scale_add.py', 'dist/client.js', 'dist/server.js', 'dist/analysisWorker.js', 'dist/cli.js', 'dist/webview/viewer.js', 'dist/tree-sitter-python.wasm', 'dist/web-tree-sitter.wasm']) {
      assert.ok(listing.includes(needed), needed);
    }
  });
});
