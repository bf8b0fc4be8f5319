import { strict as assert } from 'node:assert';
import { nodeAt } from '../../../simulator/src/frontend';
import { parseOk, ready, shape, textOf, where } from './helpers';

describe('Python front end: positions', () => {
  before(ready);

  it('reports columns in UTF-16 code units after non-ASCII text and emoji', () => {
    const src = 's = "é😀"; y = café + 1\nz = "😀😀" + w\n';
    const module = parseOk(src);
    const y = module.body[1];
    assert.equal(y.kind, 'Assign');
    if (y.kind !== 'Assign' || y.value.kind !== 'BinOp') throw new Error('unexpected shape');
    // `s = "é😀"; ` is 11 UTF-16 units: the emoji counts twice.
    assert.equal(where(y.targets[0].span), '0:11-0:12');
    assert.equal(where(y.value.left.span), '0:15-0:19');
    assert.equal(textOf(src, y.value.left.span), 'café');
    const z = module.body[2];
    if (z.kind !== 'Assign' || z.value.kind !== 'BinOp') throw new Error('unexpected shape');
    assert.equal(where(z.value.right.span), '1:13-1:14');
    assert.equal(textOf(src, z.value.right.span), 'w');
    assert.deepEqual(shape(nodeAt(module, { line: 1, character: 13 })), { kind: 'Name', name: 'w' });
  });

  it('gives spans whose offsets match their line and character', () => {
    const src = 'def f(a):\n    return a.b[1:2]\n';
    const module = parseOk(src);
    const lineStarts = [0, src.indexOf('\n') + 1];
    const check = (span: { start: { line: number; character: number }; startOffset: number }): void => {
      assert.equal(lineStarts[span.start.line] + span.start.character, span.startOffset);
    };
    check(module.body[0].span);
    const def = module.body[0];
    if (def.kind !== 'FunctionDef' || def.body[0].kind !== 'Return' || !def.body[0].value) throw new Error('unexpected shape');
    const ret = def.body[0];
    check(ret.span);
    check(def.body[0].value.span);
    assert.equal(textOf(src, def.body[0].value.span), 'a.b[1:2]');
  });

  it('spans the whole text with the module', () => {
    const module = parseOk('x = 1\n\n');
    assert.equal(where(module.span), '0:0-2:0');
  });

  it('handles CRLF line endings', () => {
    const src = 'x = 1\r\nif x:\r\n    y = "a\\\r\nb"\r\n';
    const module = parseOk(src);
    const stmt = module.body[1];
    if (stmt.kind !== 'If') throw new Error('not an if');
    assert.equal(where(stmt.body[0].span), '2:4-3:2');
    assert.deepEqual(shape(stmt.body[0]), { kind: 'Assign', targets: [{ kind: 'Name', name: 'y' }], value: { kind: 'Str', value: 'ab', isBytes: false } });
  });
});
