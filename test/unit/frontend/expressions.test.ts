import { strict as assert } from 'node:assert';
import { expr, int, name, parseOk, ready, shape, stmt, textOf } from './helpers';

describe('Python front end: expressions', () => {
  before(ready);

  it('lowers attribute chains with the attribute name span', () => {
    const src = 'nl.language.float32';
    const e = expr(src);
    assert.deepEqual(shape(e), {
      kind: 'Attribute', attr: 'float32',
      value: { kind: 'Attribute', attr: 'language', value: name('nl') },
    });
    assert.equal(e.kind === 'Attribute' && textOf(src, e.attrSpan), 'float32');
  });

  it('lowers calls with positional, keyword, *args and **kwargs arguments', () => {
    const src = 'f(a, b=1, *c, **d)';
    const e = expr(src);
    assert.deepEqual(shape(e), {
      kind: 'Call', func: name('f'),
      args: [
        { kind: 'positional', value: name('a') },
        { kind: 'keyword', name: 'b', value: int(1) },
        { kind: 'star', value: name('c') },
        { kind: 'doubleStar', value: name('d') },
      ],
    });
    if (e.kind !== 'Call') throw new Error('not a call');
    assert.deepEqual(e.args.map((a) => textOf(src, a.span)), ['a', 'b=1', '*c', '**d']);
    const kw = e.args[1];
    assert.equal(kw.kind === 'keyword' && textOf(src, kw.nameSpan), 'b');
  });

  it('passes a bare generator argument as one positional GeneratorExp', () => {
    assert.deepEqual(shape(expr('sum(x for x in xs)')), {
      kind: 'Call', func: name('sum'),
      args: [{ kind: 'positional', value: { kind: 'GeneratorExp', elt: name('x'), generators: [{ target: name('x'), iter: name('xs'), ifs: [], isAsync: false }] } }],
    });
  });

  it('lowers subscripts with slices, tuples, None and the ellipsis', () => {
    const src = 'a[i, 1:2, ::2, ...]';
    const e = expr(src);
    assert.deepEqual(shape(e), {
      kind: 'Subscript', value: name('a'),
      index: {
        kind: 'Tuple',
        elts: [name('i'), { kind: 'Slice', lower: int(1), upper: int(2) }, { kind: 'Slice', step: int(2) }, { kind: 'Ellipsis' }],
      },
    });
    assert.equal(e.kind === 'Subscript' && textOf(src, e.index.span), 'i, 1:2, ::2, ...');
    assert.deepEqual(shape(expr('a[:, None]')), {
      kind: 'Subscript', value: name('a'), index: { kind: 'Tuple', elts: [{ kind: 'Slice' }, { kind: 'None' }] },
    });
    assert.deepEqual(shape(expr('a[i]')), { kind: 'Subscript', value: name('a'), index: name('i') });
    assert.deepEqual(shape(expr('a[i,]')), { kind: 'Subscript', value: name('a'), index: { kind: 'Tuple', elts: [name('i')] } });
  });

  it('applies operator precedence and keeps unary operators', () => {
    assert.deepEqual(shape(expr('-a + b * c ** 2 // ~d')), {
      kind: 'BinOp', op: '+',
      left: { kind: 'UnaryOp', op: '-', operand: name('a') },
      right: {
        kind: 'BinOp', op: '//',
        left: { kind: 'BinOp', op: '*', left: name('b'), right: { kind: 'BinOp', op: '**', left: name('c'), right: int(2) } },
        right: { kind: 'UnaryOp', op: '~', operand: name('d') },
      },
    });
  });

  it('flattens boolean chains and reads not', () => {
    assert.deepEqual(shape(expr('a and b and not c or d')), {
      kind: 'BoolOp', op: 'or',
      values: [{ kind: 'BoolOp', op: 'and', values: [name('a'), name('b'), { kind: 'UnaryOp', op: 'not', operand: name('c') }] }, name('d')],
    });
  });

  it('keeps chained comparisons including not in and is not', () => {
    assert.deepEqual(shape(expr('a < b <= c != d')), {
      kind: 'Compare', left: name('a'), ops: ['<', '<=', '!='], comparators: [name('b'), name('c'), name('d')],
    });
    assert.deepEqual(shape(expr('a not in b is not c')), {
      kind: 'Compare', left: name('a'), ops: ['not in', 'is not'], comparators: [name('b'), name('c')],
    });
  });

  it('lowers conditional expressions in body, test, orelse order', () => {
    assert.deepEqual(shape(expr('x if c else y')), { kind: 'IfExp', body: name('x'), test: name('c'), orelse: name('y') });
  });

  it('lowers lambdas with defaults and star parameters', () => {
    assert.deepEqual(shape(expr('lambda x, *ys, z=1, **kw: x')), {
      kind: 'Lambda',
      params: [
        { name: 'x', kind: 'normal' }, { name: 'ys', kind: 'varargs' },
        { name: 'z', kind: 'keywordOnly', default: int(1) }, { name: 'kw', kind: 'kwargs' },
      ],
      body: name('x'),
    });
  });

  it('lowers displays: tuple, list, set and dict with spreads', () => {
    assert.deepEqual(shape(expr('(1, *a)')), { kind: 'Tuple', elts: [int(1), { kind: 'Starred', value: name('a') }] });
    assert.deepEqual(shape(expr('[1, 2]')), { kind: 'List', elts: [int(1), int(2)] });
    assert.deepEqual(shape(expr('{1, 2}')), { kind: 'Set', elts: [int(1), int(2)] });
    assert.deepEqual(shape(expr('{"k": 1, **m}')), {
      kind: 'Dict', entries: [{ key: { kind: 'Str', value: 'k', isBytes: false }, value: int(1) }, { value: name('m') }],
    });
    assert.deepEqual(shape(expr('()')), { kind: 'Tuple', elts: [] });
  });

  it('lowers comprehensions with several for and if clauses', () => {
    assert.deepEqual(shape(expr('[x * y for x in a if x for y in b if y if x < y]')), {
      kind: 'ListComp',
      elt: { kind: 'BinOp', op: '*', left: name('x'), right: name('y') },
      generators: [
        { target: name('x'), iter: name('a'), ifs: [name('x')], isAsync: false },
        { target: name('y'), iter: name('b'), ifs: [name('y'), { kind: 'Compare', left: name('x'), ops: ['<'], comparators: [name('y')] }], isAsync: false },
      ],
    });
    assert.deepEqual(shape(expr('{k: v for k, v in d.items()}')), {
      kind: 'DictComp', key: name('k'), value: name('v'),
      generators: [{
        target: { kind: 'Tuple', elts: [name('k'), name('v')] },
        iter: { kind: 'Call', func: { kind: 'Attribute', value: name('d'), attr: 'items' }, args: [] },
        ifs: [], isAsync: false,
      }],
    });
    assert.equal((expr('{x for x in a}') as { kind: string }).kind, 'SetComp');
  });

  it('drops parentheses but keeps the inner span, and lowers walrus, await and yield', () => {
    const src = '(a + b)';
    const e = expr(src);
    assert.equal(textOf(src, e.span), 'a + b');
    assert.deepEqual(shape(expr('(n := 10)')), { kind: 'NamedExpr', target: name('n'), value: int(10) });
    const body = parseOk('async def f():\n    await g()\n    yield x\n    yield from y\n').body[0];
    if (body.kind !== 'FunctionDef') throw new Error('not a def');
    assert.deepEqual(shape(body.body.map((s) => (s.kind === 'ExprStmt' ? s.value : s))), [
      { kind: 'Await', value: { kind: 'Call', func: name('g'), args: [] } },
      { kind: 'Yield', value: name('x'), isFrom: false },
      { kind: 'Yield', value: name('y'), isFrom: true },
    ]);
  });

  it('lowers a bare tuple expression statement', () => {
    assert.deepEqual(shape(stmt('a, b')), { kind: 'ExprStmt', value: { kind: 'Tuple', elts: [name('a'), name('b')] } });
  });
});
