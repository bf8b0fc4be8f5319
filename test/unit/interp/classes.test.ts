import { strict as assert } from 'node:assert';
import { py, pyRaises, ready, run } from './helpers';

before(ready);

describe('interp: classes', () => {
  it('supports inheritance, super(), class attributes and methods', () => {
    const r = run(`
      class Shape:
          sides = 0
          def __init__(self, name):
              self.name = name
          def describe(self):
              return f"{self.name} with {self.sides} sides"
      class Square(Shape):
          sides = 4
          def __init__(self, size):
              super().__init__("square")
              self.size = size
          def describe(self):
              return super().describe() + f" of size {self.size}"
      s = Square(3)
      d = s.describe()
      is_shape = isinstance(s, Shape) and issubclass(Square, Shape)
      mro = [c.__name__ for c in Square.__mro__]
    `);
    assert.equal(r.get('d'), 'square with 4 sides of size 3');
    assert.equal(r.get('is_shape'), true);
    assert.deepEqual(r.get('mro'), ['Square', 'Shape', 'object']);
  });

  it('computes a C3 MRO for multiple inheritance', () => {
    assert.deepEqual(py('[c.__name__ for c in D.__mro__]', `
      class A: pass
      class B(A): pass
      class C(A): pass
      class D(B, C): pass
    `), ['D', 'B', 'C', 'A', 'object']);
  });

  it('supports properties, staticmethods and classmethods', () => {
    const r = run(`
      class Temp:
          scale = "C"
          def __init__(self):
              self._c = 0
          @property
          def c(self):
              return self._c
          @c.setter
          def c(self, v):
              self._c = v * 1
          @staticmethod
          def twice(x):
              return 2 * x
          @classmethod
          def make(cls):
              t = cls()
              t.c = 5
              return t
      t = Temp.make()
      out = (t.c, Temp.twice(4), t.twice(1), Temp.make().scale)
    `);
    assert.deepEqual(r.get('out'), [5, 8, 2, 'C']);
  });

  it('dispatches operators, __getitem__, __call__, __len__, __eq__/__hash__ and __repr__', () => {
    const r = run(`
      class V:
          def __init__(self, x, y):
              self.x, self.y = x, y
          def __add__(self, o):
              return V(self.x + o.x, self.y + o.y)
          def __mul__(self, k):
              return V(self.x * k, self.y * k)
          __rmul__ = __mul__
          def __eq__(self, o):
              return isinstance(o, V) and (self.x, self.y) == (o.x, o.y)
          def __hash__(self):
              return hash((self.x, self.y))
          def __getitem__(self, i):
              return (self.x, self.y)[i]
          def __len__(self):
              return 2
          def __call__(self, z):
              return self.x + z
          def __repr__(self):
              return f"V({self.x}, {self.y})"
      v = V(1, 2) + 2 * V(1, 1)
      out = (repr(v), v[1], len(v), v(10), V(1, 2) == V(1, 2), {V(1, 2): "hit"}[V(1, 2)], list(v), str(v))
    `);
    assert.deepEqual(r.get('out'), ['V(3, 4)', 4, 2, 13, true, 'hit', [3, 4], 'V(3, 4)']);
  });

  it('makes instances with __eq__ but no __hash__ unhashable', () => {
    assert.equal(pyRaises('class A:\n    def __eq__(self, o): return True\n{A()}').message, "TypeError: unhashable type: 'A'");
  });

  it('raises TypeError when a class without __init__ gets arguments', () => {
    assert.equal(pyRaises('class A: pass\nA(1)').message, 'TypeError: A() takes no arguments');
  });
});

describe('interp: dataclasses and enums', () => {
  it('generates __init__, __repr__ and __eq__ for dataclasses, with field defaults and factories', () => {
    const r = run(`
      from dataclasses import dataclass, field
      @dataclass
      class Tile:
          rows: int
          cols: int = 128
          tags: list = field(default_factory=list)
          def size(self):
              return self.rows * self.cols
      t = Tile(2)
      t.tags.append("x")
      out = (t.size(), repr(Tile(1, 2)), Tile(1, 2) == Tile(1, 2), Tile(1, 2) == Tile(1, 3), t.tags, Tile(1).tags)
    `);
    assert.deepEqual(r.get('out'), [256, 'Tile(rows=1, cols=2, tags=[])', true, false, ['x'], []]);
  });

  it('makes frozen dataclasses immutable and hashable, and supports __post_init__', () => {
    const r = run(`
      from dataclasses import dataclass
      @dataclass(frozen=True)
      class Shape:
          p: int
          f: int
          def __post_init__(self):
              object.__setattr__(self, "area", self.p * self.f)
      s = Shape(2, 3)
      d = {s: "ok"}
      out = (s.area, d[Shape(2, 3)])
    `);
    assert.deepEqual(r.get('out'), [6, 'ok']);
    const e = pyRaises(`
      from dataclasses import dataclass
      @dataclass(frozen=True)
      class P:
          x: int
      P(1).x = 2
    `);
    assert.equal(e.typeName, 'FrozenInstanceError');
  });

  it('turns Enum subclasses into members with name, value, iteration, lookup and auto()', () => {
    const r = run(`
      from enum import Enum, IntEnum, auto
      class Engine(Enum):
          PE = auto()
          ACT = auto()
          DVE = 10
          def short(self):
              return self.name.lower()
      class Buf(IntEnum):
          SBUF = 1
          PSUM = 2
      out = (
          Engine.PE.value, Engine.ACT.value, Engine.DVE.name, [e.name for e in Engine], Engine(10) is Engine.DVE,
          Engine["ACT"] is Engine.ACT, Engine.PE == Engine.PE, Engine.PE != Engine.ACT, Engine.ACT.short(),
          str(Engine.PE), repr(Engine.DVE), Buf.PSUM + 1, Buf.SBUF == 1, [10, 20, 30][Buf.PSUM], len(Engine),
          isinstance(Engine.PE, Engine), Engine.PE in Engine,
      )
    `);
    assert.deepEqual(r.get('out'), [1, 2, 'DVE', ['PE', 'ACT', 'DVE'], true, true, true, true, 'act', 'Engine.PE', '<Engine.DVE: 10>', 3, true, 30, 3, true, true]);
  });
});

describe('interp: standard modules', () => {
  const cases: Array<[string, string, unknown]> = [
    ['import math', 'math.ceil(7 / 2) + math.floor(-0.5)', 3],
    ['import math', 'math.sqrt(16.0)', 4],
    ['import math', 'math.log2(1024)', 10],
    ['import math', 'math.prod([2, 3, 4])', 24],
    ['import math', 'math.gcd(12, 18)', 6],
    ['import math', 'math.isclose(0.1 + 0.2, 0.3)', true],
    ['import math', 'math.inf > 1e308 and math.isnan(math.nan)', true],
    ['from functools import reduce', 'reduce(lambda a, b: a * b, [1, 2, 3, 4])', 24],
    ['from functools import partial', 'partial(int, base=2)("101")', 5],
    ['import functools\n@functools.lru_cache(maxsize=None)\ndef f(x): return x + 1', 'f(1)', 2],
    ['from functools import cache\n@cache\ndef f(x): return x + 1', 'f(1)', 2],
    ['import itertools', 'list(itertools.product(range(2), "ab"))', [[0, 'a'], [0, 'b'], [1, 'a'], [1, 'b']]],
    ['import itertools', 'list(itertools.chain([1], (2, 3)))', [1, 2, 3]],
    ['import itertools', 'list(itertools.chain.from_iterable([[1], [2]]))', [1, 2]],
    ['import itertools', 'list(itertools.accumulate([1, 2, 3]))', [1, 3, 6]],
    ['import itertools', 'list(itertools.islice(itertools.count(5), 3))', [5, 6, 7]],
    ['import operator', 'operator.mul(6, 7)', 42],
    ['import operator', 'sorted([(1, "b"), (0, "a")], key=operator.itemgetter(1))', [[0, 'a'], [1, 'b']]],
    ['from typing import Optional, List, TYPE_CHECKING', 'TYPE_CHECKING', false],
    ['from typing import Optional, List\ndef f(x: Optional[List[int]] = None) -> int: return 1', 'f()', 1],
  ];
  for (const [setup, expr, expected] of cases) {
    it(`evaluates ${expr} after ${setup.split('\n')[0]}`, () => assert.deepEqual(py(expr, setup), expected));
  }
});
