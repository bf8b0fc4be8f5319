import { strict as assert } from 'node:assert';
import type { FunctionDef, Module } from '../../../simulator/src/frontend';
import { parsePython } from '../../../simulator/src/frontend';
import { ready, shape, textOf, where } from './helpers';

/** `message @ range` of every error, for compact assertions. */
function errorsOf(module: Module): string[] {
  return module.errors.map((e) => `${e.message} @ ${where(e.span)}`);
}

function kinds(stmts: Module['body']): string[] {
  return stmts.map((s) => s.kind);
}

describe('Python front end: broken code', () => {
  before(ready);

  it('reports an unclosed paren at the paren and keeps the statements after it', () => {
    const src = 'def f(x):\n    a = 1\n    b = g(a, \n    c = 2\n    return c\n\ndef h():\n    pass\n';
    const module = parsePython(src);
    assert.deepEqual(errorsOf(module), ["'(' was never closed @ 2:9-2:10"]);
    assert.deepEqual(kinds(module.body), ['FunctionDef', 'FunctionDef']);
    const f = module.body[0] as FunctionDef;
    assert.deepEqual(kinds(f.body), ['Assign', 'ErrorStmt', 'Assign', 'Return']);
    assert.equal(f.body[1].kind === 'ErrorStmt' && f.body[1].text, 'b = g(a, ');
    assert.equal(textOf(src, f.body[1].span), 'b = g(a, ');
  });

  it('reports an unclosed paren at the end of the file', () => {
    const module = parsePython('x = 1\ny = foo(');
    assert.deepEqual(errorsOf(module), ["'(' was never closed @ 1:7-1:8"]);
    assert.deepEqual(kinds(module.body), ['Assign', 'ErrorStmt']);
  });

  it('reports a stray closing bracket and keeps the next line', () => {
    const module = parsePython('x = a[1]]\ny = 2\n');
    assert.deepEqual(errorsOf(module), ["unmatched ']' @ 0:8-0:9"]);
    assert.deepEqual(shape(module.body[1]), { kind: 'Assign', targets: [{ kind: 'Name', name: 'y' }], value: { kind: 'Int', value: 2n } });
  });

  it('keeps a function whose last line is a half-typed attribute', () => {
    const module = parsePython('def f(x):\n    a = 1\n    b = a + x\n    x = nl.');
    assert.deepEqual(errorsOf(module), ["expected a name after '.' @ 3:10-3:11"]);
    const f = module.body[0] as FunctionDef;
    assert.deepEqual(kinds(f.body), ['Assign', 'Assign', 'ErrorStmt']);
  });

  it('does not glue a half-typed line to the statement after it', () => {
    const module = parsePython('def f(x):\n    x = nl.\n    return x\n');
    assert.deepEqual(errorsOf(module), ["expected a name after '.' @ 1:10-1:11"]);
    assert.deepEqual(kinds((module.body[0] as FunctionDef).body), ['ErrorStmt', 'Return']);
    const dangling = parsePython('y = a +\nz = 3\n');
    assert.deepEqual(errorsOf(dangling), ["expected an expression after '+' @ 0:6-0:7"]);
    assert.deepEqual(kinds(dangling.body), ['ErrorStmt', 'Assign']);
  });

  it('reports a truncated def header and an empty body', () => {
    const header = parsePython('x = 1\ndef f(a, b\n');
    assert.deepEqual(errorsOf(header), ["'(' was never closed @ 1:5-1:6"]);
    assert.deepEqual(kinds(header.body), ['Assign', 'ErrorStmt']);
    const body = parsePython('def f():\n');
    assert.deepEqual(errorsOf(body), ['expected an indented block @ 0:7-0:8']);
    assert.equal(body.body[0].kind, 'FunctionDef');
  });

  it('reports a missing closing paren in a def with a body', () => {
    const module = parsePython('def f(x):\n    return x\ndef g(:\n    pass\n');
    assert.equal(module.errors.length, 1);
    assert.equal(module.errors[0].span.start.line, 2);
    assert.deepEqual(kinds(module.body), ['FunctionDef', 'FunctionDef']);
  });

  it('keeps the rest of a function after lines were deleted mid-function', () => {
    const src = 'def f(a):\n    for i in range(4):\n        t = a[i]\n    u = t +\n    v = (u\n    return v\n';
    const module = parsePython(src);
    assert.deepEqual(errorsOf(module), ["expected an expression after '+' @ 3:10-3:11", "'(' was never closed @ 4:8-4:9"]);
    assert.deepEqual(kinds((module.body[0] as FunctionDef).body), ['For', 'ErrorStmt', 'ErrorStmt', 'Return']);
  });

  it('reports unexpected indents and unindents that tree-sitter accepts', () => {
    const module = parsePython('def f():\n    a = 1\n  b = 2\n    c = 3\n');
    assert.deepEqual(errorsOf(module), [
      'unindent does not match any outer indentation level @ 2:2-2:7',
      'unexpected indent @ 3:4-3:9',
    ]);
    assert.deepEqual(kinds(module.body), ['FunctionDef', 'Assign', 'Assign']);
  });

  it('reports tabs and spaces mixed inconsistently', () => {
    const module = parsePython('if x:\n\ty = 1\n        z = 2\n');
    assert.deepEqual(errorsOf(module), ['inconsistent use of tabs and spaces in indentation @ 2:8-2:13']);
    const consistent = parsePython('if x:\n\ty = 1\n\tz = 2\n');
    assert.deepEqual(consistent.errors, []);
  });

  it('reports an unterminated string and keeps the next line', () => {
    const module = parsePython('x = "abc\ny = 2\n');
    assert.deepEqual(errorsOf(module), ['unterminated string literal @ 0:4-0:8']);
    assert.equal(module.body[1].kind, 'Assign');
  });

  it('quotes unexpected text briefly', () => {
    const module = parsePython('x = 1\nfoo bar baz\n');
    assert.equal(module.errors.length, 1);
    assert.match(module.errors[0].message, /^unexpected text '.+'$/);
    assert.equal(module.errors[0].span.start.line, 1);
  });

  it('reports Python 2 print statements', () => {
    const module = parsePython('print "hi"\n');
    assert.match(module.errors[0].message, /Missing parentheses in call to 'print'/);
    assert.equal(module.body[0].kind, 'ErrorStmt');
  });

  it('never throws on prefixes of a real-looking kernel', () => {
    const src = [
      'import nki.language as nl',
      '@nki.jit',
      'def add(a, b):',
      '    out = nl.ndarray((128, 512), dtype=a.dtype, buffer=nl.shared_hbm)',
      '    for i in nl.affine_range(4):',
      '        t = nl.load(a[i * 128:(i + 1) * 128, :])',
      '        u = nl.add(t, f"{i!r:>4}", **{"x": [1, 2]})',
      '        nl.store(out[i], value=u)',
      '    return out',
    ].join('\n');
    for (let i = 0; i <= src.length; i++) {
      const module = parsePython(src.slice(0, i));
      assert.ok(Array.isArray(module.body), `prefix ${i}`);
      assert.ok(!module.errors.some((e) => e.message.startsWith('internal')), `internal error at prefix ${i}: ${JSON.stringify(module.errors)}`);
    }
  });
});
