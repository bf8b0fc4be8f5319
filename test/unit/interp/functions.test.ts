import { strict as assert } from 'node:assert';
import { py, pyRaises, ready, run } from './helpers';

before(ready);

describe('interp: functions and scoping', () => {
  it('binds defaults at definition time, *args, **kwargs and keyword-only parameters', () => {
    const r = run(`
      n = 1
      def f(a, b=n, *args, c, d=4, **kw):
          return [a, b, list(args), c, d, sorted(kw.items())]
      n = 99
      x = f(1, c=3)
      y = f(1, 2, 5, 6, c=3, e=7)
      z = f(*[1, 2], **{"c": 0, "z": 1})
    `);
    assert.deepEqual(r.get('x'), [1, 1, [], 3, 4, []]);
    assert.deepEqual(r.get('y'), [1, 2, [5, 6], 3, 4, [['e', 7]]]);
    assert.deepEqual(r.get('z'), [1, 2, [], 0, 4, [['z', 1]]]);
  });

  it('enforces positional-only parameters and reports binding errors like CPython', () => {
    assert.equal(pyRaises('def f(a, /, b): pass\nf(a=1, b=2)').typeName, 'TypeError');
    assert.equal(pyRaises('def f(a, b): pass\nf(1)').message, "TypeError: f() missing 1 required positional argument: 'b'");
    assert.equal(pyRaises('def f(a): pass\nf(1, 2)').message, 'TypeError: f() takes 1 positional argument but 2 were given');
    assert.equal(pyRaises('def f(a): pass\nf(1, a=2)').message, "TypeError: f() got multiple values for argument 'a'");
    assert.equal(pyRaises('def f(*, k): pass\nf()').message, "TypeError: f() missing 1 required keyword-only argument: 'k'");
    assert.equal(pyRaises('def f(a): pass\nf(b=1)').message, "TypeError: f() got an unexpected keyword argument 'b'");
  });

  it('supports closures that see later rebinding, and nonlocal/global', () => {
    const r = run(`
      def counter():
          count = 0
          def inc():
              nonlocal count
              count += 1
              return count
          return inc
      c = counter()
      c(); c()
      third = c()
      total = 0
      def add(v):
          global total
          total += v
      add(5); add(6)
      def late():
          def get(): return v
          v = "bound later"
          return get()
      lv = late()
    `);
    assert.equal(r.get('third'), 3);
    assert.equal(r.get('total'), 11);
    assert.equal(r.get('lv'), 'bound later');
  });

  it('recurses', () => {
    assert.equal(py('fib(20)', `
      def fib(n):
          return n if n < 2 else fib(n - 1) + fib(n - 2)
    `), 6765);
  });

  it('applies decorators bottom-up, with and without arguments', () => {
    const r = run(`
      log = []
      def tag(name):
          def deco(f):
              log.append(name)
              def wrapper(*a, **k):
                  return name + "(" + f(*a, **k) + ")"
              return wrapper
          return deco
      @tag("outer")
      @tag("inner")
      def g(x):
          return x
      out = g("v")
    `);
    assert.deepEqual(r.get('log'), ['inner', 'outer']);
    assert.equal(r.get('out'), 'outer(inner(v))');
  });

  it('gives comprehensions their own scope and lambdas their closures', () => {
    const r = run(`
      x = "outer"
      squares = [x * x for x in range(3)]
      fs = [lambda i=i: i * 10 for i in range(3)]
      vals = [f() for f in fs]
      late = [lambda: i for i in range(3)]
      lates = [f() for f in late]
      if (m := 5) > 3:
          walrus = m
    `);
    assert.equal(r.get('x'), 'outer');
    assert.deepEqual(r.get('squares'), [0, 1, 4]);
    assert.deepEqual(r.get('vals'), [0, 10, 20]);
    assert.deepEqual(r.get('lates'), [2, 2, 2]);
    assert.equal(r.get('walrus'), 5);
  });

  it('runs generators eagerly and supports yield from', () => {
    const r = run(`
      def gen(n):
          for i in range(n):
              yield i * 2
          yield from ["a", "b"]
      out = list(gen(3))
      it = iter([1, 2])
      first = next(it)
      second = next(it)
      dflt = next(it, "done")
    `);
    assert.deepEqual(r.get('out'), [0, 2, 4, 'a', 'b']);
    assert.deepEqual([r.get('first'), r.get('second'), r.get('dflt')], [1, 2, 'done']);
  });

  it('handles control flow: for/while with else, break and continue', () => {
    const r = run(`
      found = None
      for i in range(10):
          if i % 2 == 0:
              continue
          if i > 5:
              found = i
              break
      else:
          found = "none"
      n = 0
      while n < 3:
          n += 1
      else:
          n += 100
      def first_neg(xs):
          for x in xs:
              if x < 0:
                  return x
          return None
      neg = first_neg([3, -2, -5])
    `);
    assert.equal(r.get('found'), 7);
    assert.equal(r.get('n'), 103);
    assert.equal(r.get('neg'), -2);
  });

  it('captures print output through the hook, never stdout', () => {
    const r = run(`print("a", 1, sep="-", end="!")\nprint()`);
    assert.equal(r.output, 'a-1!\n');
  });
});

describe('interp: exceptions', () => {
  it('runs try/except/else/finally in the right order', () => {
    const r = run(`
      log = []
      def f(x):
          try:
              log.append("try")
              if x:
                  raise ValueError("bad")
          except (KeyError, ValueError) as e:
              log.append("except " + str(e))
              return "handled"
          else:
              log.append("else")
          finally:
              log.append("finally")
          return "normal"
      a = f(True)
      b = f(False)
    `);
    assert.deepEqual(r.get('log'), ['try', 'except bad', 'finally', 'try', 'else', 'finally']);
    assert.equal(r.get('a'), 'handled');
    assert.equal(r.get('b'), 'normal');
  });

  it('keeps a pending return value across calls made in finally', () => {
    assert.equal(py('f()', `
      def helper():
          return "other"
      def f():
          try:
              return "kept"
          finally:
              helper()
    `), 'kept');
  });

  it('re-raises, chains with from, and matches user subclasses', () => {
    const r = run(`
      class MyError(ValueError):
          def __init__(self, code):
              super().__init__(f"code {code}")
              self.code = code
      try:
          try:
              raise MyError(7)
          except ValueError:
              raise
      except MyError as e:
          caught = (e.code, str(e), e.args)
      try:
          raise RuntimeError("outer") from KeyError("inner")
      except RuntimeError as e:
          cause = repr(e.__cause__)
    `);
    assert.deepEqual(r.get('caught'), [7, 'code 7', ['code 7']]);
    assert.equal(r.get('cause'), "KeyError('inner')");
  });

  it('formats assertion failures with their message and a traceback', () => {
    const e = pyRaises(`
      def check(x):
          assert x > 0, f"x must be positive, got {x}"
      check(-1)
    `);
    assert.equal(e.message, 'AssertionError: x must be positive, got -1');
    assert.deepEqual(e.traceback.map((t) => t.functionName), ['<module>', 'check']);
    assert.match(e.format(), /^test\.py:2:5: AssertionError: x must be positive, got -1\n {4}at check \(test\.py:2:5\)\n {4}at <module> \(test\.py:3:1\)$/);
  });

  it('reports NameError and unsupported operations with CPython wording', () => {
    assert.equal(pyRaises('y = undefined_name').message, "NameError: name 'undefined_name' is not defined");
    assert.equal(pyRaises('1 + "a"').message, "TypeError: unsupported operand type(s) for +: 'int' and 'str'");
    assert.equal(pyRaises('1 < "a"').message, "TypeError: '<' not supported between instances of 'int' and 'str'");
    assert.equal(pyRaises('None()').message, "TypeError: 'NoneType' object is not callable");
    assert.equal(pyRaises('(1).foo').message, "AttributeError: 'int' object has no attribute 'foo'");
  });

  it('supports context managers written as classes', () => {
    const r = run(`
      log = []
      class CM:
          def __enter__(self):
              log.append("enter")
              return "resource"
          def __exit__(self, t, v, tb):
              log.append("exit " + (t.__name__ if t else "ok"))
              return True
      with CM() as r:
          log.append(r)
      with CM():
          raise ValueError()
      log.append("after")
    `);
    assert.deepEqual(r.get('log'), ['enter', 'resource', 'exit ok', 'enter', 'exit ValueError', 'after']);
  });
});
