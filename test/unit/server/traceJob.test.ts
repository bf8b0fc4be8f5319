import { strict as assert } from 'node:assert';
import { PythonDocument } from '../../../simulator/src/frontend';
import { singleChange } from '../../../server/src/analysis/traceJob';
import { prng } from '../../helpers/prng';
import { ready } from '../frontend/helpers';

describe('trace worker: one ranged change between two whole texts', () => {
  before(ready);

  it('turns the old text into the new one, for insertions, deletions and replacements across lines', () => {
    const cases: Array<[string, string]> = [
      ['', 'x = 1\n'], ['x = 1\n', ''], ['a\nb\nc\n', 'a\nB\nc\n'], ['a\nb\nc\n', 'a\nc\n'], ['aaaa', 'aa'], ['ab\n\ncd', 'ab\n\n\ncd'], ['é🙂\nx', 'é🙂🙂\nx'],
    ];
    for (const [before, after] of cases) {
      const doc = new PythonDocument(before);
      doc.applyChanges([singleChange(before, after)]);
      assert.equal(doc.text, after, JSON.stringify([before, after]));
      doc.dispose();
    }
  });

  it('matches random edits of a kernel-sized text', () => {
    const random = prng(7);
    let text = 'def f(x):\n    y = x + 1\n    return y\n'.repeat(20);
    const doc = new PythonDocument(text);
    for (let i = 0; i < 200; i++) {
      const start = Math.floor(random() * text.length);
      const end = Math.min(text.length, start + Math.floor(random() * 12));
      const next = text.slice(0, start) + ['', 'z', '\n', '  (', 'x * 2\n'][Math.floor(random() * 5)] + text.slice(end);
      doc.applyChanges([singleChange(text, next)]);
      assert.equal(doc.text, next);
      text = next;
    }
    doc.dispose();
  });
});
