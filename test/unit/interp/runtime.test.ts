import { strict as assert } from 'node:assert';
import { parsePython } from '../../../simulator/src/frontend';
import type { Call, Expr } from '../../../simulator/src/frontend/ast';
import {
  BudgetExceeded, createInterpreter, defaultRegistry, fromJs, mkHost, mkInt, mkStr, native, NONE, toJs,
  type Ctx, type HostObject, type StackEntry, type Value,
} from '../../../simulator/src/interp';
import { dedent, pyRaises, ready, run } from './helpers';

before(ready);

function budgetError(src: string, budget: Parameters<typeof createInterpreter>[0] extends infer O ? O extends { budget?: infer B } ? B : never : never): BudgetExceeded {
  try {
    run(src, { budget });
  } catch (e) {
    if (e instanceof BudgetExceeded) return e;
    throw e;
  }
  throw new Error('expected the budget to be exceeded');
}

describe('interp: budgets', () => {
  it('stops an infinite loop at the step budget, naming the statement', () => {
    const e = budgetError('x = 0\nwhile True:\n    pass\n', { maxSteps: 10_000 });
    assert.equal(e.budget, 'steps');
    assert.equal(e.limit, 10_000);
    assert.ok(e.span && e.span.start.line >= 1);
    assert.match(e.format(), /step budget of 10000 exceeded/);
  });

  it('stops an infinite loop at the time budget', () => {
    const started = Date.now();
    const e = budgetError('while True:\n    x = 1\n', { maxSteps: 1e12, timeoutMs: 50, checkInterval: 256 });
    assert.equal(e.budget, 'time');
    assert.ok(Date.now() - started < 2000);
  });

  it('stops runaway recursion at the depth limit and keeps the call stack', () => {
    const e = budgetError('def f(n):\n    return f(n + 1)\nf(0)\n', { maxDepth: 50 });
    assert.equal(e.budget, 'depth');
    assert.equal(e.callStack.length, 51);
    assert.equal(e.callStack[50]!.functionName, 'f');
  });

  it('honours a cancellation token', () => {
    const token = { isCancellationRequested: false };
    let n = 0;
    // The token is checked periodically: a native flips it after 100 calls.
    const registry = defaultRegistry().define('ctl', () => ({
      tick: native('tick', '', () => { if (++n > 100) token.isCancellationRequested = true; return NONE; }),
    }));
    try {
      run('from ctl import tick\nwhile True:\n    tick()\n', { registry, budget: { cancellation: token, checkInterval: 16 } });
      assert.fail('expected cancellation');
    } catch (err) {
      assert.ok(err instanceof BudgetExceeded && err.budget === 'cancelled');
    }
  });

  it('charges host allocations against the memory budget', () => {
    const registry = defaultRegistry().define('mem', () => ({
      alloc: native('alloc', 'n, /', ([nb], ctx) => { ctx.allocate(Number((nb as { value: number }).value)); return NONE; }),
    }));
    try {
      run('from mem import alloc\nfor i in range(10):\n    alloc(1000)\n', { registry, budget: { maxMemoryBytes: 5000 } });
      assert.fail('expected memory budget');
    } catch (e) {
      assert.ok(e instanceof BudgetExceeded && e.budget === 'memory');
    }
  });

  it('is not catchable by Python except clauses', () => {
    const e = budgetError('try:\n    while True:\n        pass\nexcept BaseException:\n    pass\n', { maxSteps: 1000 });
    assert.equal(e.budget, 'steps');
  });
});

describe('interp: hooks', () => {
  it('reports each name binding with its target node and value', () => {
    const binds: Array<[string, string, unknown, number]> = [];
    run(`
      x = 1
      for i in range(2):
          x += i
      def f(): pass
      a, b = 3, 4
    `, { hooks: { onBind: (node, name, v) => binds.push([node.kind, name, toJs(v), node.span.start.line]) } });
    assert.deepEqual(binds.filter((b) => b[0] === 'Name'), [
      ['Name', 'x', 1, 0], ['Name', 'i', 0, 1], ['Name', 'x', 1, 2], ['Name', 'i', 1, 1], ['Name', 'x', 2, 2],
      ['Name', 'a', 3, 4], ['Name', 'b', 4, 4],
    ]);
    assert.ok(binds.some((b) => b[0] === 'FunctionDef' && b[1] === 'f'));
  });

  it('reports each call with its node, callee, arguments and result', () => {
    const calls: Array<[string, unknown[], unknown]> = [];
    run('def sq(v):\n    return v * v\ny = sq(3) + len([1])\n', {
      hooks: { onCall: (node: Call, callee: Value, args: readonly Value[], result: Value) => {
        calls.push([(node.func as Expr & { name?: string }).name ?? '?', args.map((a) => toJs(a)), toJs(result)]);
        void callee;
      } },
    });
    assert.deepEqual(calls, [['sq', [3], 9], ['len', [[1]], 1]]);
  });

  it('shows a host builtin the call stack through two helper functions and the loop path', () => {
    let stack: readonly StackEntry[] = [];
    let loops: Array<[number, unknown]> = [];
    const registry = defaultRegistry().define('nl', () => ({
      load: native('load', 'x, /', (_a, ctx: Ctx) => {
        stack = ctx.callStack;
        loops = ctx.loopPath.map((l) => [l.iteration, toJs(l.value!)]);
        return NONE;
      }),
    }));
    run(`
      import nl
      def inner(t):
          nl.load(t)
      def outer(t):
          inner(t)
      def kernel():
          for i in range(2):
              for j in range(3):
                  outer(i)
      kernel()
    `, { registry });
    assert.deepEqual(stack.map((s) => s.functionName), ['<module>', 'kernel', 'outer', 'inner']);
    assert.deepEqual(stack.map((s) => s.span!.start.line), [9, 8, 4, 2]);
    assert.equal(stack[3]!.span!.start.character, 4);
    assert.deepEqual(loops, [[1, 1], [2, 2]]);
  });
});

describe('interp: host objects', () => {
  /** A toy tensor: shape-only, supports +, indexing, attributes and in-place add. */
  class Tile implements HostObject {
    readonly typeName = 'Tile';
    inplaceAdds = 0;
    constructor(readonly shape: number[]) {}
    getAttr(name: string): Value | undefined {
      if (name === 'shape') return fromJs({ tuple: this.shape });
      return undefined;
    }
    binaryOp(op: string, other: Value): Value | undefined {
      if (op !== '+') return undefined;
      if (other.kind === 'host' || other.kind === 'int' || other.kind === 'unknown') return mkHost(new Tile(this.shape));
      return undefined;
    }
    inplaceOp(op: string): Value | undefined {
      if (op !== '+') return undefined;
      this.inplaceAdds++;
      return mkHost(this);
    }
    getItem(key: Value): Value { return mkHost(new Tile(key.kind === 'tuple' ? [1] : this.shape.slice(1))); }
    setItem(): void { /* accepted */ }
    repr(): string { return `Tile(${this.shape.join('x')})`; }
  }

  it('routes attribute access, operators, subscripts and repr to the host object', () => {
    const t = new Tile([128, 512]);
    const registry = defaultRegistry().define('tiles', () => ({ t: mkHost(t) }));
    const r = run(`
      from tiles import t
      s = t.shape
      u = t + 1
      v = 1 + t
      w = t[0]
      t += t
      d = {t: 1}
      text = f"{t!r}"
    `, { registry });
    assert.deepEqual(r.get('s'), [128, 512]);
    assert.equal(r.value('u').kind, 'host');
    assert.equal(r.value('v').kind, 'host');
    assert.equal(r.get('text'), 'Tile(128x512)');
    assert.equal(t.inplaceAdds, 1);
  });

  it('raises the TypeError CPython would for unsupported host operations', () => {
    const registry = defaultRegistry().define('tiles', () => ({ t: mkHost(new Tile([2])) }));
    assert.throws(() => run('from tiles import t\nt * 2', { registry }), /TypeError: unsupported operand type\(s\) for \*: 'Tile' and 'int'/);
    assert.throws(() => run('from tiles import t\nt()', { registry }), /TypeError: 'Tile' object is not callable/);
    assert.throws(() => run('from tiles import t\nt.nope', { registry }), /AttributeError: 'Tile' object has no attribute 'nope'/);
    assert.throws(() => run('from tiles import t\nlen(t)', { registry }), /TypeError: object of type 'Tile' has no len\(\)/);
  });

  it('accepts host callables as decorators', () => {
    let decorated = '';
    const jit: HostObject = {
      typeName: 'jit',
      call: (args) => { decorated = (args[0] as { name: string }).name; return args[0]!; },
    };
    const registry = defaultRegistry().define('nki', () => ({ jit: mkHost(jit) }));
    const r = run('import nki\n@nki.jit\ndef kernel(a):\n    return a + 1\nout = kernel(1)\n', { registry });
    assert.equal(decorated, 'kernel');
    assert.equal(r.get('out'), 2);
  });

  it('sees errors raised by natives through ctx.raise as catchable Python exceptions', () => {
    const registry = defaultRegistry().define('chk', () => ({
      check: native('check', 'x, /', ([x], ctx) => (x!.kind === 'int' ? mkInt(1) : ctx.raise('ValueError', 'need an int'))),
    }));
    const r = run('from chk import check\ntry:\n    check("s")\nexcept ValueError as e:\n    msg = str(e)\n', { registry });
    assert.equal(r.get('msg'), 'need an int');
    void mkStr; void dedent; void parsePython; void pyRaises;
  });
});
