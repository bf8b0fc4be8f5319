import { strict as assert } from 'node:assert';
import { functionDefs, nodeAt, nodePathAt, statementAt, walk } from '../../../simulator/src/frontend';
import { parseOk, ready, shape } from './helpers';

describe('Python front end: AST traversal', () => {
  before(ready);

  const src = [
    '@nki.jit',
    'def outer(a):',
    '    def inner(b=lambda: 0):',
    '        return b',
    '    t = nl.load(a[0:128, i])',
    '    return [x for x in f"{t}"]',
    'class K:',
    '    def method(self):',
    '        pass',
  ].join('\n');

  it('finds the innermost expression at a position', () => {
    const module = parseOk(src);
    assert.deepEqual(shape(nodeAt(module, { line: 4, character: 25 })), { kind: 'Name', name: 'i' });
    assert.deepEqual(shape(nodeAt(module, { line: 4, character: 9 })), { kind: 'Name', name: 'nl' });
    const attr = nodeAt(module, { line: 4, character: 11 });
    assert.equal(attr?.kind, 'Attribute');
    assert.equal(nodeAt(module, { line: 8, character: 9 }), undefined, 'pass holds no expression');
  });

  it('treats the end of a node as inside it only when asked', () => {
    const module = parseOk('x = nl\n');
    assert.equal(nodeAt(module, { line: 0, character: 6 }), undefined);
    assert.deepEqual(shape(nodeAt(module, { line: 0, character: 6 }, { endInclusive: true })), { kind: 'Name', name: 'nl' });
  });

  it('returns the path of enclosing nodes and the innermost statement', () => {
    const module = parseOk(src);
    const path = nodePathAt(module, { line: 3, character: 15 });
    assert.deepEqual(path.map((n) => n.kind), ['Module', 'FunctionDef', 'FunctionDef', 'Return', 'Name']);
    assert.equal(statementAt(module, { line: 3, character: 15 })?.kind, 'Return');
  });

  it('enumerates every function definition, nested and methods included, with decorators', () => {
    const defs = functionDefs(parseOk(src));
    assert.deepEqual(defs.map((d) => d.name), ['outer', 'inner', 'method']);
    assert.deepEqual(shape(defs[0].decorators), [{ kind: 'Attribute', value: { kind: 'Name', name: 'nki' }, attr: 'jit' }]);
  });

  it('visits every node once and can skip subtrees', () => {
    const module = parseOk(src);
    const seen = new Set<number>();
    walk(module, (node) => {
      if (node.kind !== 'Module') {
        assert.ok(!seen.has(node.id), `node ${node.id} visited twice`);
        seen.add(node.id);
      }
    });
    assert.equal(seen.size, module.nodeCount, 'the walk reaches every id');
    let visited = 0;
    walk(module, (node) => {
      visited++;
      return node.kind === 'Module';
    });
    assert.equal(visited, 1 + module.body.length);
  });
});
