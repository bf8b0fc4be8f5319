import { strict as assert } from 'node:assert';
import { createInterpreter, defaultRegistry, fromJs, mkStr, native, toJs, type Value } from '../../../simulator/src/interp';
import { memoryHost, ready, run } from './helpers';

before(ready);

describe('interp: imports', () => {
  const files = {
    'pkg.__init__': `
      from .util import double
      VERSION = "1"
    `,
    'pkg.util': `
      def double(x):
          return 2 * x
    `,
    'pkg.sub.__init__': '',
    'pkg.sub.kernels': `
      from ..util import double
      from .. import VERSION
      from . import helpers
      def kernel(x):
          return helpers.inc(double(x)), VERSION
    `,
    'pkg.sub.helpers': `
      def inc(x):
          return x + 1
    `,
    'cyc_a': `
      import cyc_b
      A = "a"
      def get_b():
          return cyc_b.B
    `,
    'cyc_b': `
      import cyc_a
      B = "b"
      def get_a():
          return cyc_a.A
    `,
  };

  it('imports user modules absolutely, with aliases and from-imports', () => {
    const r = run(`
      import pkg.util
      import pkg.util as u
      from pkg import double, VERSION
      out = (pkg.util.double(2), u.double(3), double(4), VERSION)
    `, { moduleHost: memoryHost(files) });
    assert.deepEqual(r.get('out'), [4, 6, 8, '1']);
  });

  it('resolves relative imports against the importing module\'s package', () => {
    const r = run(`
      from pkg.sub.kernels import kernel
      out = kernel(5)
    `, { moduleHost: memoryHost(files) });
    assert.deepEqual(r.get('out'), [11, '1']);
  });

  it('survives import cycles: a partially initialised module is visible', () => {
    const r = run(`
      import cyc_a
      import cyc_b
      out = (cyc_a.get_b(), cyc_b.get_a())
    `, { moduleHost: memoryHost(files) });
    assert.deepEqual(r.get('out'), ['b', 'a']);
  });

  it('binds unknown values (with a gap) for modules that cannot be found', () => {
    const r = run(`
      import torch
      from jax import numpy as jnp
      x = torch.zeros(3).shape
    `);
    assert.equal(r.value('torch').kind, 'unknown');
    assert.equal(r.value('jnp').kind, 'unknown');
    assert.equal(r.value('x').kind, 'unknown');
    assert.ok(r.gaps.some((g) => g.reason === "module 'torch' not found"));
    assert.ok(r.gaps.some((g) => g.reason === "module 'jax' not found"));
  });

  it('raises ImportError for a missing name in a module that exists', () => {
    assert.throws(() => run('from pkg import nothing_here', { moduleHost: memoryHost(files) }), /ImportError: cannot import name 'nothing_here' from 'pkg'/);
  });

  it('lets callers define native modules and submodules in the registry', () => {
    const registry = defaultRegistry().define('nki.language', () => ({
      tile_size: fromJs({ pmax: 128 }),
      shout: native('shout', 's, /', ([s]) => mkStr(`${(s as { value: string }).value}!`)),
    }));
    const r = run(`
      import nki.language as nl
      import nki
      out = (nl.shout("hi"), nki.language.tile_size["pmax"])
    `, { registry });
    assert.deepEqual(r.get('out'), ['hi!', 128]);
  });

  it('runs a module and calls its functions from outside', () => {
    const interp = createInterpreter();
    const r = run('def add(a, b=10):\n    return a + b\n');
    const add = r.value('add') as Value;
    assert.equal(toJs(r.interp.call(add, [fromJs(1)], { b: fromJs(2) })), 3);
    void interp;
  });
});
