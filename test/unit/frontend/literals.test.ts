import { strict as assert } from 'node:assert';
import { expr, ready, shape } from './helpers';

describe('Python front end: literals', () => {
  before(ready);

  it('decodes integers exactly as bigint, in every base and with underscores', () => {
    const cases: Array<[string, bigint]> = [
      ['0', 0n], ['42', 42n], ['0xFF', 255n], ['0XfF', 255n], ['0o17', 15n], ['0b1010', 10n],
      ['1_000_000', 1000000n], ['0x_dead_beef', 0xdeadbeefn], ['123456789012345678901234567890', 123456789012345678901234567890n],
    ];
    for (const [src, value] of cases) assert.deepEqual(shape(expr(src)), { kind: 'Int', value }, src);
  });

  it('decodes floats including exponents, leading and trailing dots', () => {
    const cases: Array<[string, number]> = [['1.5', 1.5], ['.5', 0.5], ['1.', 1], ['1e-6', 1e-6], ['2.5E+3', 2500], ['1_0.2_5', 10.25]];
    for (const [src, value] of cases) assert.deepEqual(shape(expr(src)), { kind: 'Float', value }, src);
  });

  it('keeps imaginary literals as Imaginary nodes', () => {
    assert.deepEqual(shape(expr('2j')), { kind: 'Imaginary', value: 2 });
    assert.deepEqual(shape(expr('1.5J')), { kind: 'Imaginary', value: 1.5 });
  });

  it('reads True, False, None and the ellipsis', () => {
    assert.deepEqual(shape(expr('True')), { kind: 'Bool', value: true });
    assert.deepEqual(shape(expr('False')), { kind: 'Bool', value: false });
    assert.deepEqual(shape(expr('None')), { kind: 'None' });
    assert.deepEqual(shape(expr('...')), { kind: 'Ellipsis' });
  });

  it('decodes string escapes in single, double and triple quotes', () => {
    const str = (src: string): unknown => shape(expr(src));
    assert.deepEqual(str(String.raw`'a\tb\n'`), { kind: 'Str', value: 'a\tb\n', isBytes: false });
    assert.deepEqual(str(String.raw`"q\"uote\\"`), { kind: 'Str', value: 'q"uote\\', isBytes: false });
    assert.deepEqual(str(String.raw`'\x41\101\u00e9\U0001F600\N{BULLET}'`), { kind: 'Str', value: 'AAé😀•', isBytes: false });
    assert.deepEqual(str("'''line1\nline2'''"), { kind: 'Str', value: 'line1\nline2', isBytes: false });
    assert.deepEqual(str('"""a\\\nb"""'), { kind: 'Str', value: 'ab', isBytes: false }, 'backslash-newline joins lines');
    assert.deepEqual(str(String.raw`'\d'`), { kind: 'Str', value: '\\d', isBytes: false }, 'unknown escapes keep the backslash');
  });

  it('keeps backslashes in raw strings and decodes bytes as latin-1 code units', () => {
    assert.deepEqual(shape(expr(String.raw`r'\n\d'`)), { kind: 'Str', value: '\\n\\d', isBytes: false });
    assert.deepEqual(shape(expr(String.raw`b'\x00\xff\u1234'`)), { kind: 'Str', value: '\x00\xff\\u1234', isBytes: true });
    assert.deepEqual(shape(expr(String.raw`Rb'\x00'`)), { kind: 'Str', value: '\\x00', isBytes: true });
  });

  it('concatenates adjacent string literals into one Str spanning them all', () => {
    const e = expr(`'a' "b" '''c'''`);
    assert.deepEqual(shape(e), { kind: 'Str', value: 'abc', isBytes: false });
    assert.equal(e.span.endOffset, `'a' "b" '''c'''`.length);
  });

  it('lowers f-strings into literal parts and interpolations with conversions and format specs', () => {
    assert.deepEqual(shape(expr(`f"a{x!r:>{w}.3f} {{z}}\\n"`)), {
      kind: 'FString',
      parts: [
        'a',
        {
          expr: { kind: 'Name', name: 'x' }, conversion: 'r',
          formatSpec: { kind: 'FString', parts: ['>', { expr: { kind: 'Name', name: 'w' } }, '.3f'] },
        },
        ' {z}\n',
      ],
    });
  });

  it('records the self-documenting f-string form with its text', () => {
    assert.deepEqual(shape(expr(`f"{x + 1 = }"`)), {
      kind: 'FString',
      parts: [{ expr: { kind: 'BinOp', op: '+', left: { kind: 'Name', name: 'x' }, right: { kind: 'Int', value: 1n } }, selfDocumenting: 'x + 1 = ' }],
    });
  });

  it('merges f-strings concatenated with plain strings and nests f-strings', () => {
    assert.deepEqual(shape(expr(`f"{a}" "b" f"c{f'{d}'}"`)), {
      kind: 'FString',
      parts: [
        { expr: { kind: 'Name', name: 'a' } },
        'bc',
        { expr: { kind: 'FString', parts: [{ expr: { kind: 'Name', name: 'd' } }] } },
      ],
    });
  });
});
