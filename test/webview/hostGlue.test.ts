/**
 * The extension-side glue of the profile viewer that runs without VS Code: view → host message
 * checks, restore keys read back from saved view state (the panel serializer's input), the panel
 * cache, profile documents (the custom editor's input), exports and editor-selection lines.
 * The vscode-facing classes (ProfilePanel, ProfileEditorProvider) are exercised by the e2e tier.
 */
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as Messages from '../../webviews/src/messages';
import type * as Files from '../../client/src/panels/profileFiles';
import type * as Exports from '../../client/src/panels/exports';
import type * as Links from '../../client/src/panels/editorLinks';
import type * as EventInfo from '../../webviews/src/viewer/panels/eventInfo';
import { syntheticProfile, tiledMatmulProfile } from '../fixtures/profiles/generate';
import { loadBrowserModule } from './browserModule';

const messages = loadBrowserModule<typeof Messages>('webviews/src/messages.ts');
const files = loadBrowserModule<typeof Files>('client/src/panels/profileFiles.ts');
const exportsMod = loadBrowserModule<typeof Exports>('client/src/panels/exports.ts');
const links = loadBrowserModule<typeof Links>('client/src/panels/editorLinks.ts');
const eventInfo = loadBrowserModule<typeof EventInfo>('webviews/src/viewer/panels/eventInfo.ts');

const tmp = () => mkdtempSync(join(tmpdir(), 'nki-host-glue-'));

describe('profile viewer host glue (client/src/panels, without VS Code)', () => {
  const profile = tiledMatmulProfile({ m: 256, n: 512, k: 512, pipelined: true });

  it('accepts the view messages the host acts on, and rejects malformed ones with a reason', () => {
    const source = { path: '/ws/k.py', line: 3, character: 4 };
    assert.deepEqual(messages.parseViewMessage({ type: 'reveal', version: 1, source }), { ok: true, message: { type: 'reveal', version: 1, source } });
    assert.deepEqual(messages.parseViewMessage({ type: 'export', version: 1, format: 'chrome-trace' }), { ok: true, message: { type: 'export', version: 1, format: 'chrome-trace' } });
    assert.equal(messages.parseViewMessage({ type: 'export', version: 1, format: 'png', dataUrl: 'data:image/png;base64,iVBO' }).ok, true);
    const cases: Array<[unknown, RegExp]> = [
      [{ type: 'ready' }, /protocol version undefined/],
      [{ type: 'reveal', version: 1, source: { path: 'k.py', line: -1 } }, /source is not/],
      [{ type: 'reveal', version: 1, source: { path: '', line: 1 } }, /source is not/],
      [{ type: 'export', version: 1, format: 'svg' }, /format is not one of chrome-trace, profile-json, png/],
      [{ type: 'export', version: 1, format: 'png', dataUrl: 'https://example.com/x.png' }, /data:image\/png/],
      [{ type: 'openFile', version: 1 }, /unknown message type 'openFile'/],
      ['ready', /not an object/],
    ];
    for (const [input, reason] of cases) {
      const r = messages.parseViewMessage(input);
      assert.equal(r.ok, false, JSON.stringify(input));
      if (!r.ok) assert.match(r.reason, reason);
    }
  });

  it('reads restore keys from saved view state, ignoring anything that could name another file', () => {
    assert.deepEqual(messages.restoreKeysOf({ v: 1, restore: { profile: 'mm-1.nkiprofile.json', baseline: 'mm-0.nkiprofile.json' } }),
      { profile: 'mm-1.nkiprofile.json', baseline: 'mm-0.nkiprofile.json' });
    for (const bad of [undefined, null, 'x', { restore: null }, { restore: { profile: '../../etc/passwd' } }, { restore: { profile: '/abs.json' } }, { restore: { profile: '.hidden' } }, { restore: { profile: 7 } }]) {
      assert.deepEqual(messages.restoreKeysOf(bad), {}, JSON.stringify(bad));
    }
    assert.equal(messages.parseHostMessage({ type: 'restoreKeys', profile: 'a/b' }).ok, false);
    assert.deepEqual(messages.parseHostMessage({ type: 'restoreKeys', version: 1, profile: 'a.json' }), { ok: true, message: { type: 'restoreKeys', profile: 'a.json' } });
  });

  it('caches profiles for restoring panels, loads them back by key, and keeps only the newest', async () => {
    const dir = join(tmp(), 'profiles');
    const cache = new files.ProfileCache(dir, 3);
    const key = await cache.save(profile);
    assert.match(key, /^tiled_matmul-[a-z0-9]+-[0-9a-f]{8}\.nkiprofile\.json$/);
    assert.ok(messages.isRestoreKey(key));
    const back = await cache.load(key);
    assert.ok(back.ok);
    if (back.ok) assert.deepEqual(back.profile, profile);
    const traversal = await cache.load('../outside.json');
    assert.equal(traversal.ok, false);
    const missing = await cache.load('gone.nkiprofile.json');
    assert.ok(!missing.ok && /could not be read/.test(missing.message));
    const keys = [key];
    for (let i = 0; i < 4; i++) {
      // Distinct modification times so "newest" is well defined.
      for (const [j, k] of keys.entries()) if (existsSync(join(dir, k))) utimesSync(join(dir, k), new Date(), new Date(Date.now() - (keys.length - j) * 60_000));
      keys.push(await cache.save(syntheticProfile(10 + i)));
    }
    assert.deepEqual(readdirSync(dir).sort(), keys.slice(-3).sort());
  });

  it('reads profile documents with clear messages for files that are not profiles', async () => {
    const dir = tmp();
    const good = join(dir, 'mm.nkiprofile.json');
    writeFileSync(good, JSON.stringify(profile));
    const read = await files.readProfileFile(good, 'mm.nkiprofile.json');
    assert.ok(read.ok && read.profile.kernel === 'tiled_matmul');
    const bad: Array<[string, RegExp]> = [
      ['', /is empty/],
      ['{"schema": "nki-studio.profile/1", "kernel": ', /is not valid JSON/],
      ['{"schema": "chrome-trace"}', /not an NKI Studio profile \(expected "schema": "nki-studio.profile\/1", found "chrome-trace"\)/],
      ['[1, 2]', /not an NKI Studio profile/],
    ];
    for (const [text, reason] of bad) {
      const r = files.parseProfileBytes(Buffer.from(text), 'x.nkiprofile.json');
      assert.ok(!r.ok, text);
      if (!r.ok) assert.match(r.message, reason);
    }
    const none = await files.readProfileFile(join(dir, 'nope.json'), 'nope.json');
    assert.ok(!none.ok && /nope\.json could not be read/.test(none.message));
  });

  it('writes exports: Chrome trace and profile JSON in pieces that parse back, PNG bytes from the data URL', async () => {
    const dir = tmp();
    const trace = exportsMod.planExport('chrome-trace', profile);
    assert.equal(trace.fileName, 'tiled_matmul.trace.json');
    await files.writeChunks(join(dir, trace.fileName), trace.chunks());
    const parsed = JSON.parse(readFileSync(join(dir, trace.fileName), 'utf8')) as { traceEvents: Array<{ ph: string }>; displayTimeUnit: string; metadata: { kernel: string } };
    assert.equal(parsed.traceEvents.filter((e) => e.ph === 'X').length, profile.events.length);
    assert.equal(parsed.displayTimeUnit, 'ns');
    assert.equal(parsed.metadata.kernel, 'tiled_matmul');
    // Dependencies are drawn as flows, as in the CLI's --trace (one exporter for both).
    assert.ok(parsed.traceEvents.some((e) => e.ph === 's') && parsed.traceEvents.some((e) => e.ph === 'f'));
    // Loops the tracer could not name keep their place instead of colliding on an empty key.
    const unnamed = { ...profile, events: profile.events.map((e) => ({ ...e, loops: [{ variable: '', iteration: 2 }, { variable: 'k', iteration: 5 }] })) };
    const traced = JSON.parse([...exportsMod.planExport('chrome-trace', unnamed).chunks()].join('')) as { traceEvents: Array<{ ph: string; args?: { loops?: unknown } }> };
    assert.equal(traced.traceEvents.find((e) => e.ph === 'X')?.args?.loops, 'loop1=2 k=5');
    assert.equal(eventInfo.loopsText(unnamed.events[0]!), 'loop 1: 2, k=5');
    const json = exportsMod.planExport('profile-json', profile);
    assert.equal(json.fileName, 'tiled_matmul.nkiprofile.json', 'reopens in the viewer');
    await files.writeChunks(join(dir, json.fileName), json.chunks());
    assert.deepEqual(JSON.parse(readFileSync(join(dir, json.fileName), 'utf8')), profile);
    const pngBytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const png = exportsMod.planExport('png', profile, `data:image/png;base64,${pngBytes.toString('base64')}`);
    assert.equal(png.fileName, 'tiled_matmul.timeline.png');
    assert.deepEqual(Buffer.concat([...png.chunks()].map((c) => Buffer.from(c))), pngBytes);
  });

  it('turns editor selections into 0-based lines and matches the profiled file', () => {
    const sel = (sl: number, el: number, ec: number, isEmpty = false) => ({ start: { line: sl }, end: { line: el, character: ec }, isEmpty });
    assert.deepEqual(links.selectedLines([sel(4, 4, 0, true)]), [], 'a bare cursor selects nothing');
    assert.deepEqual(links.selectedLines([sel(16, 17, 12)]), [16, 17]);
    assert.deepEqual(links.selectedLines([sel(16, 18, 0)]), [16, 17], 'ending at column 0 stops at the line before');
    assert.deepEqual(links.selectedLines([sel(20, 20, 5), sel(3, 4, 2)]), [3, 4, 20]);
    const paths = links.sourcePaths(profile);
    assert.deepEqual(paths, ['examples/03_tiled_matmul.py']);
    assert.equal(links.profilePathFor(paths, '/home/me/ws/examples/03_tiled_matmul.py'), 'examples/03_tiled_matmul.py');
    assert.equal(links.profilePathFor(paths, '/home/me/ws/examples/other.py'), undefined);
    const ws = tmp();
    writeFileSync(join(ws, 'k.py'), '');
    assert.equal(links.resolveSourcePath('k.py', ['/nonexistent', ws]), join(ws, 'k.py'));
    assert.equal(links.resolveSourcePath(join(ws, 'k.py'), []), join(ws, 'k.py'));
    assert.equal(links.resolveSourcePath('missing.py', [ws]), undefined);
    assert.equal(links.resolveSourcePath('examples/k.py', [ws]), join(ws, 'k.py'), 'run from the parent folder, workspace is the child');
    assert.equal(links.resolveSourcePath('../k.py', ['/nonexistent']), undefined);
  });
});
