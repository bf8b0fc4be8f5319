import { strict as assert } from 'node:assert';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProfileStore } from '../../../client/src/profileStore';
import { PROFILE_SCHEMA } from '../../../simulator/src/profile/schema';

const profile = (totalNs: number) => JSON.stringify({ schema: PROFILE_SCHEMA, kernel: 'k', events: [], summary: { totalNs } });

describe('client: profiles kept per kernel', () => {
  it('keeps the latest and the previous run of each kernel apart', () => {
    const store = new ProfileStore(mkdtempSync(join(tmpdir(), 'nki-store-')));
    assert.equal(store.read('/a.py', 'k', 'latest'), undefined);
    writeFileSync(store.nextPath('/a.py', 'k'), profile(100));
    store.promote('/a.py', 'k');
    assert.equal(store.read('/a.py', 'k', 'latest')?.summary.totalNs, 100);
    assert.equal(store.path('/a.py', 'k', 'previous'), undefined);
    writeFileSync(store.nextPath('/a.py', 'k'), profile(80));
    store.promote('/a.py', 'k');
    assert.equal(store.read('/a.py', 'k', 'latest')?.summary.totalNs, 80);
    assert.equal(store.read('/a.py', 'k', 'previous')?.summary.totalNs, 100);
    assert.equal(store.read('/a.py', 'other', 'latest'), undefined);
    assert.equal(store.read('/b.py', 'k', 'latest'), undefined);
  });

  it('discards a failed run and ignores files that are not profiles', () => {
    const store = new ProfileStore(mkdtempSync(join(tmpdir(), 'nki-store-')));
    writeFileSync(store.nextPath('/a.py', 'k'), profile(1));
    store.discardNext('/a.py', 'k');
    assert.throws(() => store.promote('/a.py', 'k'));
    writeFileSync(store.nextPath('/a.py', 'k'), '{"schema": "something else"}');
    store.promote('/a.py', 'k');
    assert.equal(store.read('/a.py', 'k', 'latest'), undefined);
  });
});
