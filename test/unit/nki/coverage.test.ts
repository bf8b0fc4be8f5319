import { strict as assert } from 'node:assert';
import { apiCoverage, getNkiModel, importAliases, stripPythonCommentsAndStrings } from '../../../simulator/src/nki';

const src = (...lines: string[]) => lines.join('\n');

describe('apiCoverage', () => {
  it('reports nl/nisa names the tables do not know', () => {
    const r = apiCoverage([src('import nki.language as nl', 'import nki.isa as nisa', 'x = nl.made_up(1)', 'nisa.made_up_too(x)', 'nisa.tensor_copy(a, b)')]);
    assert.deepEqual(r.unknown.map((u) => u.name).sort(), ['nki.isa.made_up_too', 'nki.language.made_up']);
    assert.equal(r.unknown.find((u) => u.name === 'nki.language.made_up')?.example, 'nl.made_up');
  });

  it('ignores comments, docstrings and string literals', () => {
    const r = apiCoverage([src('import nki.language as nl', '"""uses nl.fake_in_doc"""', '# nl.fake_in_comment', "s = 'nl.fake_in_string'", 'nl.add')]);
    assert.deepEqual(r.unknown, []);
    assert.equal(stripPythonCommentsAndStrings("a = 'x' # c").trimEnd(), 'a =');
  });

  it('resolves Beta 1 aliases and from-imports', () => {
    const aliases = importAliases(src('import neuronxcc.nki.isa as ni', 'from neuronxcc import nki', 'from nki.isa import oob_mode, dge_mode as dm', 'import numpy as np'));
    assert.equal(aliases.get('ni'), 'neuronxcc.nki.isa');
    assert.equal(aliases.get('nki'), 'neuronxcc.nki');
    assert.equal(aliases.get('dm'), 'nki.isa.dge_mode');
    assert.equal(aliases.has('np'), false);
    const r = apiCoverage([src('import neuronxcc.nki.isa as ni', 'from nki.isa import oob_mode', 'ni.nc_matmul(a, b)', 'ni.nope(a)', 'oob_mode.skip', 'oob_mode.bogus')]);
    assert.deepEqual(r.unknown.map((u) => u.name).sort(), ['nki.isa.nope', 'nki.isa.oob_mode.bogus']);
  });

  it('walks enum members and tile_size attributes, but not attributes of values', () => {
    const r = apiCoverage([src('import nki.language as nl', 'import nki.isa as nisa', 'nl.tile_size.pmax', 'nl.tile_size.not_real', 'nisa.engine.vector', 'nl.sbuf.name')]);
    assert.deepEqual(r.unknown.map((u) => u.name), ['nki.language.tile_size.not_real']);
  });

  it('never reports names under opaque modules', () => {
    const r = apiCoverage([src('import nki', 'from nki.compiler.ncc_driver import CompiledKernel', 'nki.compiler.anything.at_all')]);
    assert.deepEqual(r.unknown, []);
  });

  it('lists names unavailable in a given version when a model is passed', () => {
    const r = apiCoverage([src('import nki.language as nl', 'nl.load(x)', 'nl.fori_loop(0, 4, f)')], getNkiModel('0.2', 'trn2'));
    assert.deepEqual(r.unavailable.map((u) => u.name).sort(), ['nki.language.fori_loop', 'nki.language.load']);
    assert.equal(r.unknown.length, 0);
  });
});
