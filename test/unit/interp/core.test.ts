import { strict as assert } from 'node:assert';
import { py, pyRaises, ready, run } from './helpers';

before(ready);

describe('interp: integers', () => {
  const cases: Array<[string, unknown]> = [
    ['-7 // 2', -4],
    ['-7 % 2', 1],
    ['7 // -2', -4],
    ['7 % -2', -1],
    ['2 ** 10', 1024],
    ['2 ** 100', 2n ** 100n],
    ['2 ** 100 // 2 ** 98', 4],
    ['(2 ** 64) % 1000', 616],
    ['9007199254740991 + 2', 9007199254740993n],
    ['-(2 ** 53) - 1', -(2n ** 53n) - 1n],
    ['3 * 4 + 1', 13],
    ['7 / 2', 3.5],
    ['1 << 70', 1n << 70n],
    ['(1 << 70) >> 69', 2],
    ['-9 >> 1', -5],
    ['~5', -6],
    ['6 & 3', 2],
    ['6 | 3', 7],
    ['6 ^ 3', 5],
    ['True + True', 2],
    ['divmod(-7, 2)', [-4, 1]],
    ['pow(3, 200, 7)', 2],
    ['int("ff", 16)', 255],
    ['int("-12")', -12],
    ['int(3.9)', 3],
    ['int(-3.9)', -3],
    ['abs(-2 ** 70)', 2n ** 70n],
    ['round(2.5)', 2],
    ['round(3.5)', 4],
    ['round(1234, -2)', 1200],
    ['2 ** -1', 0.5],
    ['10 ** 20 == 100000000000000000000', true],
    ['(2 ** 60) == 2.0 ** 60', true],
    ['hex(255)', '0xff'],
    ['bin(5)', '0b101'],
  ];
  for (const [expr, expected] of cases) {
    it(`evaluates ${expr} to ${String(expected)}`, () => assert.deepEqual(py(expr), expected));
  }
  it('raises ZeroDivisionError for division by zero', () => {
    assert.equal(pyRaises('1 // 0').typeName, 'ZeroDivisionError');
    assert.equal(pyRaises('1 % 0').typeName, 'ZeroDivisionError');
    assert.equal(pyRaises('1 / 0').message, 'ZeroDivisionError: division by zero');
    assert.equal(pyRaises('1.0 / 0').typeName, 'ZeroDivisionError');
  });
});

describe('interp: floats and strings', () => {
  const cases: Array<[string, unknown]> = [
    ['0.1 + 0.2', 0.1 + 0.2],
    ['repr(0.1 + 0.2)', '0.30000000000000004'],
    ['repr(1e16)', '1e+16'],
    ['repr(1.0)', '1.0'],
    ['repr(0.00001)', '1e-05'],
    ['str(1.5e-3)', '0.0015'],
    ['-7.5 // 2', -4],
    ['-7.5 % 2', 0.5],
    ['float("inf") > 10 ** 300', true],
    ['f"{3.14159:.3f}"', '3.142'],
    ['f"{42:>8}"', '      42'],
    ['f"{42:<6}|"', '42    |'],
    ['f"{\'hi\'!r}"', "'hi'"],
    ['f"{1234567:,}"', '1,234,567'],
    ['f"{255:#x} {255:08b}"', '0xff 11111111'],
    ['f"{0.25:.1%}"', '25.0%'],
    ['f"{1e-7:g} {123456789.0:e}"', '1e-07 1.234568e+08'],
    ['f"{x=}"', 'x=3'],
    ['f"{x:{w}d}"', '   3'],
    ['"%d items, %s, %.2f, %5s|%-4d|" % (3, "a", 1.005, "b", 7)', '3 items, a, 1.00,     b|7   |'],
    ['"%(n)s=%(v)d" % {"n": "k", "v": 2}', 'k=2'],
    ['"{} and {name} and {0}".format(1, name="n")', '1 and n and 1'],
    ['"{:>5}".format("ab")', '   ab'],
    ['", ".join(["a", "b"])', 'a, b'],
    ['"a,b,,c".split(",")', ['a', 'b', '', 'c']],
    ['"  a b  ".split()', ['a', 'b']],
    ['"a b c".split(" ", 1)', ['a', 'b c']],
    ['"hello".startswith(("x", "he"))', true],
    ['"hello".endswith("lo")', true],
    ['"Hello".upper() + "Hello".lower()', 'HELLOhello'],
    ['"a-b-c".replace("-", "+")', 'a+b+c'],
    ['"  x  ".strip() + "|" + "xxyxx".strip("x")', 'x|y'],
    ['"abc"[::-1]', 'cba'],
    ['"abcdef"[1:-1:2]', 'bd'],
    ['"ab" * 3', 'ababab'],
    ['"b" in "abc"', true],
    ['repr("it\'s")', '"it\'s"'],
    ['len("hello")', 5],
    ['"x".join("abc")', 'axbxc'],
    ['str(None) + str(True)', 'NoneTrue'],
  ];
  for (const [expr, expected] of cases) {
    it(`evaluates ${expr}`, () => assert.deepEqual(py(expr, 'x = 3\nw = 4'), expected));
  }
});

describe('interp: containers', () => {
  const cases: Array<[string, unknown]> = [
    ['[1, 2, 3][-1]', 3],
    ['[0, 1, 2, 3, 4, 5][::2]', [0, 2, 4]],
    ['[0, 1, 2, 3, 4, 5][-2::-2]', [4, 2, 0]],
    ['[0, 1, 2, 3, 4, 5][10:]', []],
    ['(1, 2) + (3,)', [1, 2, 3]],
    ['[1] * 3', [1, 1, 1]],
    ['sorted([3, 1, 2], reverse=True)', [3, 2, 1]],
    ['sorted(["bb", "a", "ccc"], key=len)', ['a', 'bb', 'ccc']],
    ['list(reversed(range(4)))', [3, 2, 1, 0]],
    ['list(range(10, 0, -3))', [10, 7, 4, 1]],
    ['range(0, 10, 2)[-1]', 8],
    ['len(range(1, 10, 3))', 3],
    ['list(enumerate("ab", 1))', [[1, 'a'], [2, 'b']]],
    ['list(zip([1, 2, 3], "ab"))', [[1, 'a'], [2, 'b']]],
    ['dict(zip("ab", [1, 2]))', { a: 1, b: 2 }],
    ['min(3, 1, 2)', 1],
    ['max([3, 1, 2])', 3],
    ['max([], default=7)', 7],
    ['min(["aa", "b"], key=len)', 'b'],
    ['sum([1, 2, 3])', 6],
    ['sum([[1], [2]], [])', [1, 2]],
    ['any([0, 0, 1]), all([1, 1, 0])', [true, false]],
    ['list(map(lambda x: x * 2, [1, 2]))', [2, 4]],
    ['list(filter(None, [0, 1, 2]))', [1, 2]],
    ['{"a": 1, **{"b": 2}}', { a: 1, b: 2 }],
    ['{1: "x"}.get(2, "d")', 'd'],
    ['list({"a": 1, "b": 2}.items())', [['a', 1], ['b', 2]]],
    ['{(1, 2): "t"}[(1, 2)]', 't'],
    ['{1: "a", 1.0: "b", True: "c"}', new Map([[1, 'c']])],
    ['sorted({3, 1, 2} | {4})', [1, 2, 3, 4]],
    ['sorted({1, 2, 3} & {2, 3, 4})', [2, 3]],
    ['sorted({1, 2, 3} - {2})', [1, 3]],
    ['frozenset([1]) in {frozenset([1]): 1}', true],
    ['[x * x for x in range(5) if x % 2 == 0]', [0, 4, 16]],
    ['{k: v for k, v in [("a", 1)]}', { a: 1 }],
    ['sorted({x % 3 for x in range(10)})', [0, 1, 2]],
    ['[(i, j) for i in range(2) for j in range(i)]', [[1, 0]]],
    ['sum(x for x in range(4))', 6],
    ['[1, 2, 3].index(2)', 1],
    ['(1, 2, 2).count(2)', 2],
    ['[1, 2] == [1, 2] and (1, 2) < (1, 3) and [1] != [2]', true],
    ['1 < 2 < 3 > 2', true],
    ['1 < 2 > 3', false],
    ['isinstance(True, int) and isinstance(1, (str, int))', true],
    ['type(1) is int and type("") is str', true],
    ['3 in range(0, 10, 3)', true],
  ];
  for (const [expr, expected] of cases) {
    it(`evaluates ${expr}`, () => assert.deepEqual(py(expr), expected));
  }
  it('mutates lists and dicts in place through methods', () => {
    const r = run(`
      a = [3, 1]
      a.append(2); a.extend([5]); a.insert(0, 9); a.sort(); last = a.pop(); a.reverse()
      b = a
      b += [7]
      d = {}
      d.setdefault("k", []).append(1)
      d.update({"z": 0}, y=2)
      popped = d.pop("z")
      s = set(); s.add(1); s.add(1); s.discard(5)
      grid = [[0] * 2 for _ in range(2)]
      grid[1][0] += 5
    `);
    assert.deepEqual(r.get('a'), [5, 3, 2, 1, 7]);
    assert.equal(r.get('last'), 9);
    assert.deepEqual(r.get('d'), { k: [1], y: 2 });
    assert.equal(r.get('popped'), 0);
    assert.deepEqual(r.get('grid'), [[0, 0], [5, 0]]);
    assert.deepEqual([...(r.get('s') as Set<unknown>)], [1]);
  });
  it('assigns, deletes and replaces slices', () => {
    const r = run(`
      a = list(range(6))
      a[1:3] = ["x"]
      del a[-1]
      b = list(range(6))
      b[::2] = [0, 0, 0]
      del b[1::2]
    `);
    assert.deepEqual(r.get('a'), [0, 'x', 3, 4]);
    assert.deepEqual(r.get('b'), [0, 0, 0]);
  });
  it('unpacks with starred targets', () => {
    const r = run(`
      a, *b, c = range(5)
      (x, y), z = (1, 2), 3
      first, *rest = "abc"
    `);
    assert.deepEqual([r.get('a'), r.get('b'), r.get('c')], [0, [1, 2, 3], 4]);
    assert.deepEqual([r.get('x'), r.get('y'), r.get('z')], [1, 2, 3]);
    assert.deepEqual(r.get('rest'), ['b', 'c']);
    assert.equal(pyRaises('a, b = [1, 2, 3]').message, 'ValueError: too many values to unpack (expected 2)');
    assert.equal(pyRaises('a, b, c = [1, 2]').message, 'ValueError: not enough values to unpack (expected 3, got 2)');
  });
  it('raises IndexError and KeyError like CPython', () => {
    assert.equal(pyRaises('[1][3]').message, 'IndexError: list index out of range');
    assert.equal(pyRaises('{}["k"]').message, "KeyError: 'k'");
    assert.equal(pyRaises('hash([])').message, "TypeError: unhashable type: 'list'");
  });
});
