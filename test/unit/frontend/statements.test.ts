import { strict as assert } from 'node:assert';
import type { FunctionDef } from '../../../simulator/src/frontend';
import { int, name, parseOk, ready, shape, stmt, textOf } from './helpers';

describe('Python front end: statements', () => {
  before(ready);

  it('lowers chained, unpacking, starred, annotated and augmented assignments', () => {
    assert.deepEqual(shape(stmt('a = b = 1')), { kind: 'Assign', targets: [name('a'), name('b')], value: int(1) });
    assert.deepEqual(shape(stmt('a, *b = c')), {
      kind: 'Assign', targets: [{ kind: 'Tuple', elts: [name('a'), { kind: 'Starred', value: name('b') }] }], value: name('c'),
    });
    assert.deepEqual(shape(stmt('[p, (q, r)] = s')), {
      kind: 'Assign',
      targets: [{ kind: 'List', elts: [name('p'), { kind: 'Tuple', elts: [name('q'), name('r')] }] }],
      value: name('s'),
    });
    assert.deepEqual(shape(stmt('x: int = 1')), { kind: 'AnnAssign', target: name('x'), annotation: name('int'), value: int(1) });
    assert.deepEqual(shape(stmt('x: int')), { kind: 'AnnAssign', target: name('x'), annotation: name('int') });
    assert.deepEqual(shape(stmt('a.b[i] //= 2')), {
      kind: 'AugAssign', op: '//', value: int(2),
      target: { kind: 'Subscript', value: { kind: 'Attribute', value: name('a'), attr: 'b' }, index: name('i') },
    });
    assert.deepEqual(shape(stmt('a = 1, 2')), { kind: 'Assign', targets: [name('a')], value: { kind: 'Tuple', elts: [int(1), int(2)] } });
  });

  it('nests elif chains in orelse', () => {
    assert.deepEqual(shape(stmt('if a:\n    x\nelif b:\n    y\nelse:\n    z\n')), {
      kind: 'If', test: name('a'), body: [{ kind: 'ExprStmt', value: name('x') }],
      orelse: [{
        kind: 'If', test: name('b'), body: [{ kind: 'ExprStmt', value: name('y') }],
        orelse: [{ kind: 'ExprStmt', value: name('z') }],
      }],
    });
  });

  it('lowers for and while loops with else, break and continue', () => {
    assert.deepEqual(shape(stmt('for i, j in pairs:\n    break\nelse:\n    continue\n')), {
      kind: 'For', target: { kind: 'Tuple', elts: [name('i'), name('j')] }, iter: name('pairs'),
      body: [{ kind: 'Break' }], orelse: [{ kind: 'Continue' }], isAsync: false,
    });
    assert.deepEqual(shape(stmt('while n > 0:\n    n -= 1\nelse:\n    pass\n')), {
      kind: 'While', test: { kind: 'Compare', left: name('n'), ops: ['>'], comparators: [int(0)] },
      body: [{ kind: 'AugAssign', target: name('n'), op: '-', value: int(1) }], orelse: [{ kind: 'Pass' }],
    });
  });

  it('lowers try with typed handlers, else and finally', () => {
    assert.deepEqual(shape(stmt('try:\n    a\nexcept (A, B) as e:\n    b\nexcept C:\n    c\nexcept:\n    d\nelse:\n    e2\nfinally:\n    f\n')), {
      kind: 'Try', body: [{ kind: 'ExprStmt', value: name('a') }],
      handlers: [
        { type: { kind: 'Tuple', elts: [name('A'), name('B')] }, name: 'e', body: [{ kind: 'ExprStmt', value: name('b') }] },
        { type: name('C'), body: [{ kind: 'ExprStmt', value: name('c') }] },
        { body: [{ kind: 'ExprStmt', value: name('d') }] },
      ],
      orelse: [{ kind: 'ExprStmt', value: name('e2') }], finalbody: [{ kind: 'ExprStmt', value: name('f') }],
    });
  });

  it('lowers with statements with several and parenthesised items', () => {
    assert.deepEqual(shape(stmt('with (open(p) as f, lock, g() as (a, b)):\n    pass\n')), {
      kind: 'With', isAsync: false, body: [{ kind: 'Pass' }],
      items: [
        { contextExpr: { kind: 'Call', func: name('open'), args: [{ kind: 'positional', value: name('p') }] }, optionalVars: name('f') },
        { contextExpr: name('lock') },
        { contextExpr: { kind: 'Call', func: name('g'), args: [] }, optionalVars: { kind: 'Tuple', elts: [name('a'), name('b')] } },
      ],
    });
    assert.equal((stmt('async def f():\n    async with a as b:\n        pass\n') as FunctionDef).body[0].kind, 'With');
  });

  it('lowers assert, raise from, del, return, global and nonlocal', () => {
    assert.deepEqual(shape(stmt('assert x, "msg"')), { kind: 'Assert', test: name('x'), msg: { kind: 'Str', value: 'msg', isBytes: false } });
    assert.deepEqual(shape(stmt('raise E("x") from err')), {
      kind: 'Raise', exc: { kind: 'Call', func: name('E'), args: [{ kind: 'positional', value: { kind: 'Str', value: 'x', isBytes: false } }] }, cause: name('err'),
    });
    assert.deepEqual(shape(stmt('raise')), { kind: 'Raise' });
    assert.deepEqual(shape(stmt('del a[0], b')), { kind: 'Delete', targets: [{ kind: 'Subscript', value: name('a'), index: int(0) }, name('b')] });
    assert.deepEqual(shape((stmt('def f():\n    return a, b\n') as FunctionDef).body[0]), { kind: 'Return', value: { kind: 'Tuple', elts: [name('a'), name('b')] } });
    assert.deepEqual(shape(stmt('global a, b')), { kind: 'Global', names: ['a', 'b'] });
    assert.deepEqual(shape((stmt('def f():\n    nonlocal x\n') as FunctionDef).body[0]), { kind: 'Nonlocal', names: ['x'] });
  });

  it('lowers imports with aliases, relative levels and stars', () => {
    assert.deepEqual(shape(stmt('import a.b as c, d')), { kind: 'Import', names: [{ name: 'a.b', asname: 'c' }, { name: 'd' }] });
    assert.deepEqual(shape(stmt('from ..pkg.mod import (x as y, z)')), {
      kind: 'ImportFrom', module: 'pkg.mod', level: 2, names: [{ name: 'x', asname: 'y' }, { name: 'z' }],
    });
    assert.deepEqual(shape(stmt('from . import x')), { kind: 'ImportFrom', module: '', level: 1, names: [{ name: 'x' }] });
    assert.deepEqual(shape(stmt('from nki.language import *')), { kind: 'ImportFrom', module: 'nki.language', level: 0, names: '*' });
    assert.deepEqual(shape(stmt('from __future__ import annotations')), { kind: 'ImportFrom', module: '__future__', level: 0, names: [{ name: 'annotations' }] });
  });

  it('lowers every parameter kind with defaults and annotations', () => {
    const def = stmt('def f(a, /, b: int = 1, *args: int, c, d=2, **kw) -> int:\n    pass\n') as FunctionDef;
    assert.deepEqual(shape(def.params), [
      { name: 'a', kind: 'positionalOnly' },
      { name: 'b', kind: 'normal', default: int(1), annotation: name('int') },
      { name: 'args', kind: 'varargs', annotation: name('int') },
      { name: 'c', kind: 'keywordOnly' },
      { name: 'd', kind: 'keywordOnly', default: int(2) },
      { name: 'kw', kind: 'kwargs' },
    ]);
    assert.deepEqual(shape(def.returns), name('int'));
    const bare = stmt('def g(a, *, b):\n    pass\n') as FunctionDef;
    assert.deepEqual(bare.params.map((p) => p.kind), ['normal', 'keywordOnly']);
  });

  it('lowers decorated async functions with docstrings and leading comments', () => {
    const src = [
      'x = 1',
      '',
      '# unrelated, separated by a blank line',
      '',
      '# nki-studio: shapes a=float32[256,1024]',
      '#   second line',
      '@nki.jit(mode="simulation")',
      '@other',
      'async def kernel(a):',
      '    """Adds one."""',
      '    return a',
    ].join('\n');
    const def = parseOk(src).body[1] as FunctionDef;
    assert.equal(def.kind, 'FunctionDef');
    assert.equal(def.name, 'kernel');
    assert.equal(textOf(src, def.nameSpan), 'kernel');
    assert.equal(def.isAsync, true);
    assert.equal(def.docstring, 'Adds one.');
    assert.equal(def.body.length, 2, 'the docstring stays in the body');
    assert.deepEqual(shape(def.decorators), [
      { kind: 'Call', func: { kind: 'Attribute', value: name('nki'), attr: 'jit' }, args: [{ kind: 'keyword', name: 'mode', value: { kind: 'Str', value: 'simulation', isBytes: false } }] },
      name('other'),
    ]);
    assert.deepEqual(def.leadingComments.map((c) => c.text), ['nki-studio: shapes a=float32[256,1024]', 'second line']);
    assert.equal(def.leadingComments[0].span.start.line, 4);
    assert.equal(def.span.start.line, 6, 'a decorated def starts at its first decorator');
  });

  it('lowers classes with bases, keywords, decorators and a docstring', () => {
    const cls = stmt('@dataclass\nclass A(B, metaclass=M):\n    """Doc."""\n    x: int = 1\n');
    assert.deepEqual(shape(cls), {
      kind: 'ClassDef', name: 'A', decorators: [name('dataclass')], docstring: 'Doc.',
      bases: [{ kind: 'positional', value: name('B') }, { kind: 'keyword', name: 'metaclass', value: name('M') }],
      body: [
        { kind: 'ExprStmt', value: { kind: 'Str', value: 'Doc.', isBytes: false } },
        { kind: 'AnnAssign', target: name('x'), annotation: name('int'), value: int(1) },
      ],
    });
  });

  it('marks match statements as Unsupported and keeps going', () => {
    const module = parseOk('match x:\n    case 1:\n        pass\ny = 2\n');
    assert.deepEqual(shape(module.body), [{ kind: 'Unsupported', what: 'match statement' }, { kind: 'Assign', targets: [name('y')], value: int(2) }]);
  });

  it('collects every comment into Module.comments', () => {
    const module = parseOk('# top\nx = 1  # trailing\ndef f():\n    # inside\n    pass\n');
    assert.deepEqual(module.comments.map((c) => [c.text, c.span.start.line, c.span.start.character]), [['top', 0, 0], ['trailing', 1, 7], ['inside', 3, 4]]);
  });

  it('gives every node a module-unique id below nodeCount', () => {
    const module = parseOk('@d\ndef f(a=1, *b):\n    return [x for x in a if f"{x!r}"]\nclass C(B):\n    y = {1: (2, 3)}\n');
    const ids: number[] = [];
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (typeof o.id === 'number' && typeof o.kind === 'string') ids.push(o.id);
        for (const [k, child] of Object.entries(o)) if (k !== 'span') visit(child);
      }
    };
    visit(module.body);
    assert.equal(new Set(ids).size, ids.length, 'ids are unique');
    assert.ok(ids.every((id) => id >= 0 && id < module.nodeCount));
  });
});
