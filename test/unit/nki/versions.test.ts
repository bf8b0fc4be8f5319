import { strict as assert } from 'node:assert';
import {
  NEURON_RELEASES, NKI_VERSIONS, compareRefs, compareVersions, defaultRelease, describeRef, inRange, parseVersion, releasesOf, selection, versionOfRelease,
} from '../../../simulator/src/nki';

describe('NKI versions', () => {
  it('orders generations from Beta 1 to 0.7', () => {
    assert.deepEqual([...NKI_VERSIONS], ['beta1', '0.2', '0.3', '0.4', '0.5', '0.6', '0.7']);
    assert.ok(compareVersions('beta1', '0.2') < 0);
    assert.ok(compareVersions('0.7', '0.3') > 0);
    assert.equal(compareVersions('0.4', '0.4'), 0);
  });

  it('places every Neuron release on one timeline, each inside exactly one generation', () => {
    for (let i = 1; i < NEURON_RELEASES.length; i++) {
      assert.ok(compareRefs(NEURON_RELEASES[i - 1].release, NEURON_RELEASES[i].release) < 0);
      assert.ok(compareVersions(NEURON_RELEASES[i - 1].version, NEURON_RELEASES[i].version) <= 0);
    }
    for (const v of NKI_VERSIONS) assert.ok(releasesOf(v).length > 0, v);
    assert.deepEqual(releasesOf('beta1'), ['2.20', '2.20.1', '2.21', '2.22', '2.23', '2.24', '2.25', '2.26']);
    assert.deepEqual(releasesOf('0.2'), ['2.27', '2.28']);
    assert.equal(versionOfRelease('2.30'), '0.4');
  });

  it('defaults a generation to its newest Neuron release', () => {
    assert.equal(defaultRelease('beta1'), '2.26');
    assert.equal(defaultRelease('0.2'), '2.28');
    assert.equal(defaultRelease('0.7'), '2.33');
    assert.deepEqual(selection('0.3'), { version: '0.3', neuronRelease: '2.29' });
  });

  it('rejects a release that belongs to another generation', () => {
    assert.throws(() => selection('0.3', '2.24'), RangeError);
  });

  it('treats a version as its first release and ranges as half-open', () => {
    assert.equal(compareRefs('0.4', '2.30'), 0);
    assert.ok(inRange({ since: '0.3', until: '0.4' }, selection('0.3')));
    assert.ok(!inRange({ since: '0.3', until: '0.4' }, selection('0.4')));
    assert.ok(inRange({ since: '2.23', until: '2.25' }, selection('beta1', '2.24')));
    assert.ok(!inRange({ since: '2.23', until: '2.25' }, selection('beta1', '2.25')));
    assert.ok(inRange({}, '2.20'));
  });

  it('parses what users type', () => {
    assert.deepEqual(parseVersion('auto'), { ok: true, auto: true });
    assert.deepEqual(parseVersion(''), { ok: true, auto: true });
    const sel = (s: string) => { const r = parseVersion(s); assert.ok(r.ok && !r.auto, s); return r.selection; };
    assert.deepEqual(sel('beta1'), { version: 'beta1', neuronRelease: '2.26' });
    assert.deepEqual(sel('Beta 1'), { version: 'beta1', neuronRelease: '2.26' });
    assert.deepEqual(sel('0.3'), { version: '0.3', neuronRelease: '2.29' });
    assert.deepEqual(sel('0.3.0'), { version: '0.3', neuronRelease: '2.29' });
    assert.deepEqual(sel('v0.6'), { version: '0.6', neuronRelease: '2.32' });
    assert.deepEqual(sel('2.24'), { version: 'beta1', neuronRelease: '2.24' });
    assert.deepEqual(sel('2.27'), { version: '0.2', neuronRelease: '2.27' });
    assert.deepEqual(sel('beta1@2.23'), { version: 'beta1', neuronRelease: '2.23' });
    assert.deepEqual(sel('0.2:2.27'), { version: '0.2', neuronRelease: '2.27' });
    assert.deepEqual(sel('latest'), { version: '0.7', neuronRelease: '2.33' });
  });

  it('reports unknown or inconsistent version strings as errors', () => {
    assert.equal(parseVersion('0.9').ok, false);
    assert.equal(parseVersion('2.19').ok, false);
    const r = parseVersion('0.3@2.24');
    assert.ok(!r.ok && /2\.24/.test(r.error));
  });

  it('describes versions and releases for messages', () => {
    assert.equal(describeRef('0.4'), 'NKI 0.4 (Neuron 2.30)');
    assert.equal(describeRef('2.24'), 'Neuron 2.24 (NKI Beta 1)');
  });
});
