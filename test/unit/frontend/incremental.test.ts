import { strict as assert } from 'node:assert';
import { prng } from '../../helpers/prng';
import type { Position } from '../../../simulator/src/frontend';
import { PythonDocument, parsePython } from '../../../simulator/src/frontend';
import { ready } from './helpers';


/** A kernel-shaped Python file of `functions` functions, generated from `random`. */
function generateProgram(random: () => number, functions: number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];
  const exprs = ['a', 'b[i]', 'nl.load(a[i, :])', 'x + 1', 'f"{x!r}"', '(1, 2)', '[y for y in r if y]', 'c.d.e', '"é😀"', '0x1F', '1e-6'];
  const stmts = (indent: string, depth: number): string[] => {
    const out: string[] = [];
    const n = 1 + Math.floor(random() * 4);
    for (let i = 0; i < n; i++) {
      const r = random();
      if (depth < 2 && r < 0.15) out.push(`${indent}for i in range(${pick(exprs)}):`, ...stmts(indent + '    ', depth + 1));
      else if (depth < 2 && r < 0.25) out.push(`${indent}if ${pick(exprs)}:`, ...stmts(indent + '    ', depth + 1), `${indent}else:`, ...stmts(indent + '    ', depth + 1));
      else if (r < 0.35) out.push(`${indent}# comment ${i}`);
      else out.push(`${indent}v${i} = ${pick(exprs)}`);
    }
    return out;
  };
  const lines = ['import nki.language as nl', ''];
  for (let f = 0; f < functions; f++) lines.push('@nki.jit', `def kernel_${f}(a, b, *, c=None):`, ...stmts('    ', 0), '    return a', '');
  return lines.join('\n');
}

function positionAt(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

const SNIPPETS = ['x', ' ', '\n', '(', ')', '[', ']', 'nl.', 'foo(a, b)', '\n    ', '\t', 'é', '😀', ':', '"', "'''", 'def g():\n    pass\n', '# c\n', 'if x:\n', '+', ''];

/** Bigints and all: JSON with bigint support, for an exact comparison of whole modules. */
function serialise(value: unknown): string {
  return JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

describe('Python front end: incremental re-parse', () => {
  before(ready);

  it('matches a full parse after each of 300 seeded random edits', function () {
    this.timeout(60000);
    const random = prng(20240611);
    let text = generateProgram(random, 6);
    const doc = new PythonDocument(text);
    try {
      for (let step = 0; step < 300; step++) {
        // Every 50 steps start again from clean generated code, so edits also hit valid files.
        if (step % 50 === 0 && step > 0) {
          text = generateProgram(random, 6);
          doc.applyChanges([{ text }]);
        }
        const batch = random() < 0.2 ? 2 : 1;
        const changes = [];
        for (let b = 0; b < batch; b++) {
          const start = Math.floor(random() * (text.length + 1));
          const end = Math.min(text.length, start + (random() < 0.5 ? 0 : Math.floor(random() * 12)));
          // Do not split a surrogate pair: an LSP client never does.
          if (/[\uDC00-\uDFFF]/.test(text[start] ?? '') || /[\uDC00-\uDFFF]/.test(text[end] ?? '')) continue;
          const insert = SNIPPETS[Math.floor(random() * SNIPPETS.length)];
          changes.push({ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert });
          text = text.slice(0, start) + insert + text.slice(end);
        }
        doc.applyChanges(changes);
        assert.equal(doc.text, text, `text after step ${step}`);
        const incremental = serialise(doc.module);
        const full = serialise(parsePython(text));
        assert.equal(incremental, full, `AST after step ${step}`);
      }
    } finally {
      doc.dispose();
    }
  });

  it('reuses unchanged top-level statements and still matches a full parse (ids included) after 300 edits', function () {
    this.timeout(60000);
    // Top-level variety: comment runs and directives above defs, `;`-joined statements, classes,
    // module-level ifs, decorators, one-line defs, docstrings.
    const random = prng(99);
    const generate = (): string => {
      const parts = ['"""Module docstring."""', 'import nki', 'import nki.language as nl', 'X = 1; Y = 2'];
      for (let i = 0; i < 12; i++) {
        const r = random();
        if (r < 0.3) parts.push('', `# about f${i}`, '# nki-studio: shapes a=float32[128,512]', '@nki.jit', `def f${i}(a):`, '    """Doc."""', `    t = nl.load(a[0:128, ${i}])`, '    return t');
        else if (r < 0.45) parts.push('', `class C${i}:`, '    k = 1', '    def m(self, x=X):', '        return x + self.k');
        else if (r < 0.6) parts.push('', `if X > ${i}:`, `    Z${i} = [y for y in range(${i})]`, 'else:', '    pass');
        else if (r < 0.75) parts.push('', `def g${i}(x): return x * ${i}`);
        else parts.push('', `v${i} = (1,`, '      2)  # trailing');
      }
      return parts.join('\n') + '\n';
    };
    let text = generate();
    const doc = new PythonDocument(text);
    try {
      for (let step = 0; step < 300; step++) {
        if (step % 100 === 0 && step > 0) {
          text = generate();
          doc.applyChanges([{ text }]);
        }
        const start = Math.floor(random() * (text.length + 1));
        const end = Math.min(text.length, start + (random() < 0.6 ? 0 : Math.floor(random() * 6)));
        const insert = SNIPPETS[Math.floor(random() * SNIPPETS.length)];
        if (/[\uDC00-\uDFFF]/.test(text[start] ?? '') || /[\uDC00-\uDFFF]/.test(text[end] ?? '')) continue;
        doc.applyChanges([{ range: { start: positionAt(text, start), end: positionAt(text, end) }, text: insert }]);
        text = text.slice(0, start) + insert + text.slice(end);
        assert.equal(serialise(doc.module), serialise(parsePython(text)), `AST after step ${step}`);
      }
    } finally {
      doc.dispose();
    }
  });

  it('re-parses a one-line edit of a large file much faster than a full parse', () => {
    const random = prng(7);
    const text = generateProgram(random, 150);
    const doc = new PythonDocument(text);
    try {
      const line = Math.floor(text.split('\n').length / 2);
      const time = (f: () => void): number => {
        const t0 = performance.now();
        f();
        return performance.now() - t0;
      };
      const incremental: number[] = [];
      const full: number[] = [];
      for (let i = 0; i < 5; i++) {
        incremental.push(time(() => doc.applyChanges([{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: '# edit\n' }])));
        full.push(time(() => new PythonDocument(doc.text).dispose()));
      }
      incremental.sort((a, b) => a - b);
      full.sort((a, b) => a - b);
      assert.ok(incremental[2] < full[2], `incremental ${incremental[2].toFixed(1)} ms vs full ${full[2].toFixed(1)} ms`);
    } finally {
      doc.dispose();
    }
  });

  it('applies LSP changes in order, clamping positions past the end of a line', () => {
    const doc = new PythonDocument('x = 1\ny = 2\n');
    try {
      doc.applyChanges([
        { range: { start: { line: 0, character: 99 }, end: { line: 0, character: 99 } }, text: '0' },
        { range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, text: 'z' },
      ]);
      assert.equal(doc.text, 'x = 10\nz = 2\n');
      assert.deepEqual(doc.module.body.map((s) => s.kind === 'Assign' && s.targets[0].kind === 'Name' && s.targets[0].name), ['x', 'z']);
    } finally {
      doc.dispose();
    }
  });
});
