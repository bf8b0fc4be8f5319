/**
 * Methods of `str` (and the few of `int`/`float` kernels use), installed on the shared builtin
 * type objects at start-up. `str.format` follows the format-string grammar: `{}`, `{0}`, `{name}`,
 * `{x.attr}`, `{x[0]}`, conversions `!r`/`!s` and nested specs `{x:{width}}`.
 */
import { getAttr } from './attrs';
import type { Interp } from './interp';
import * as I from './ints';
import { defineMethods, expectFloat, expectInt, expectSmallInt, expectStr, isNone } from './native';
import { formatValue, repr, str } from './ops';
import { getItem, toArray } from './sequences';
import { floatType, intType, strType } from './types';
import type { Value } from './values';
import { mkBool, mkFloat, mkInt, mkIntFrom, mkList, mkStr, mkTuple } from './values';

function self(v: Value | undefined): string { return (v as { value: string }).value; }

function optStr(it: Interp, v: Value | undefined, what: string): string | undefined {
  return isNone(v) ? undefined : expectStr(it, v!, what);
}

function stripChars(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  const set = chars ?? ' \t\n\r\x0b\x0c';
  let a = 0, b = s.length;
  if (left) while (a < b && set.includes(s[a]!)) a++;
  if (right) while (b > a && set.includes(s[b - 1]!)) b--;
  return s.slice(a, b);
}

/** The prefix/suffix argument of startswith/endswith: a str or a tuple of str. */
function affixes(it: Interp, v: Value): string[] {
  if (v.kind === 'tuple') return v.items.map((x) => expectStr(it, x, 'startswith/endswith first arg'));
  return [expectStr(it, v, 'startswith first arg')];
}

function splitWhitespace(s: string, maxsplit: number): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    if (maxsplit >= 0 && out.length === maxsplit) { out.push(s.slice(i).replace(/\s+$/, '')); break; }
    let j = i;
    while (j < s.length && !/\s/.test(s[j]!)) j++;
    out.push(s.slice(i, j));
    i = j;
  }
  return out;
}

function pyFind(s: string, sub: string, start: number | undefined, end: number | undefined, fromRight: boolean): number {
  const n = s.length;
  const norm = (x: number | undefined, d: number) => (x === undefined ? d : x < 0 ? Math.max(0, x + n) : Math.min(x, n));
  const a = norm(start, 0), b = norm(end, n);
  if (b - a < sub.length) return -1;
  const hay = s.slice(a, b);
  const i = fromRight ? hay.lastIndexOf(sub) : hay.indexOf(sub);
  return i < 0 ? -1 : i + a;
}

function optInt(it: Interp, v: Value | undefined): number | undefined {
  return isNone(v) ? undefined : expectSmallInt(it, v!, 'slice index');
}

/** `str.format(*args, **kwargs)`. */
export function strFormat(it: Interp, fmt: string, args: readonly Value[], kwargs: Map<string, Value>): string {
  let out = '';
  let auto = 0;
  let i = 0;
  while (i < fmt.length) {
    const ch = fmt[i]!;
    if (ch === '{' && fmt[i + 1] === '{') { out += '{'; i += 2; continue; }
    if (ch === '}' && fmt[i + 1] === '}') { out += '}'; i += 2; continue; }
    if (ch === '}') it.raise('ValueError', "Single '}' encountered in format string");
    if (ch !== '{') { out += ch; i++; continue; }
    // Find the matching close brace, allowing one level of nesting in the spec.
    let depth = 1, j = i + 1;
    while (j < fmt.length && depth > 0) { if (fmt[j] === '{') depth++; else if (fmt[j] === '}') depth--; j++; }
    if (depth > 0) it.raise('ValueError', "expected '}' before end of string");
    const field = fmt.slice(i + 1, j - 1);
    i = j;
    const m = /^([^.[!:]*)((?:\.[A-Za-z_]\w*|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/s.exec(field);
    if (!m) it.raise('ValueError', `invalid format field '${field}'`);
    const [, head, chain, conv, rawSpec] = m!;
    let v: Value;
    if (head === '') {
      v = args[auto++] ?? it.raise('IndexError', `Replacement index ${auto - 1} out of range for positional args tuple`);
    } else if (/^\d+$/.test(head!)) {
      v = args[Number(head)] ?? it.raise('IndexError', `Replacement index ${head} out of range for positional args tuple`);
    } else {
      v = kwargs.get(head!) ?? it.raiseArgs('KeyError', [mkStr(head!)]);
    }
    for (const part of chain!.match(/\.[A-Za-z_]\w*|\[[^\]]*\]/g) ?? []) {
      if (part.startsWith('.')) v = getAttr(it, v, part.slice(1));
      else {
        const key = part.slice(1, -1);
        v = getItem(it, v, /^\d+$/.test(key) ? mkInt(Number(key)) : mkStr(key));
      }
    }
    const spec = rawSpec ? strFormat(it, rawSpec, args, kwargs) : '';
    if (conv === 'r' || conv === 'a') v = mkStr(repr(it, v));
    else if (conv === 's') v = mkStr(str(it, v));
    out += formatValue(it, v, spec);
  }
  return out;
}

defineMethods(strType, {
  format: ['self, /, *args, **kwargs', ([s, args, kw], it) => {
    const kwargs = new Map<string, Value>();
    if (kw?.kind === 'dict') for (const e of kw.table.entries()) kwargs.set((e.key as { value: string }).value, e.value);
    return mkStr(strFormat(it, self(s), (args as { items: readonly Value[] }).items, kwargs));
  }],
  join: ['self, iterable, /', ([s, iterable], it) => {
    const parts = toArray(it, iterable!).map((v) => {
      if (v.kind !== 'str') it.raise('TypeError', `sequence item: expected str instance, ${v.kind} found`);
      return (v as { value: string }).value;
    });
    return mkStr(parts.join(self(s)));
  }],
  split: ['self, /, sep=None, maxsplit=-1', ([s, sep, max], it) => {
    const str0 = self(s);
    const maxsplit = expectSmallInt(it, max!, 'maxsplit');
    const sp = optStr(it, sep, 'sep');
    if (sp === undefined) return mkList(splitWhitespace(str0, maxsplit).map(mkStr));
    if (sp === '') it.raise('ValueError', 'empty separator');
    const parts = str0.split(sp);
    if (maxsplit >= 0 && parts.length > maxsplit + 1) parts.splice(maxsplit, parts.length - maxsplit, parts.slice(maxsplit).join(sp));
    return mkList(parts.map(mkStr));
  }],
  rsplit: ['self, /, sep=None, maxsplit=-1', ([s, sep, max], it) => {
    const maxsplit = expectSmallInt(it, max!, 'maxsplit');
    const sp = optStr(it, sep, 'sep');
    if (maxsplit < 0) return mkList((sp === undefined ? splitWhitespace(self(s), -1) : self(s).split(sp)).map(mkStr));
    const parts = (sp === undefined ? splitWhitespace(self(s), -1) : self(s).split(sp));
    const joiner = sp ?? ' ';
    const keep = parts.length - maxsplit;
    const out = keep > 1 ? [parts.slice(0, keep).join(joiner), ...parts.slice(keep)] : parts;
    return mkList(out.map(mkStr));
  }],
  splitlines: ['self, /, keepends=False', ([s]) => mkList(self(s).split(/\r?\n/).filter((x, i, a) => i < a.length - 1 || x !== '').map(mkStr))],
  startswith: ['self, prefix, start=None, end=None, /', ([s, p, a, b], it) => {
    const t = self(s).slice(optInt(it, a) ?? 0, optInt(it, b));
    return mkBool(affixes(it, p!).some((x) => t.startsWith(x)));
  }],
  endswith: ['self, suffix, start=None, end=None, /', ([s, p, a, b], it) => {
    const t = self(s).slice(optInt(it, a) ?? 0, optInt(it, b));
    return mkBool(affixes(it, p!).some((x) => t.endsWith(x)));
  }],
  upper: ['self, /', ([s]) => mkStr(self(s).toUpperCase())],
  lower: ['self, /', ([s]) => mkStr(self(s).toLowerCase())],
  capitalize: ['self, /', ([s]) => mkStr(self(s).charAt(0).toUpperCase() + self(s).slice(1).toLowerCase())],
  title: ['self, /', ([s]) => mkStr(self(s).toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase()))],
  swapcase: ['self, /', ([s]) => mkStr([...self(s)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''))],
  replace: ['self, old, new, count=-1, /', ([s, a, b, c], it) => {
    const old = expectStr(it, a!, 'replace() argument 1'), rep = expectStr(it, b!, 'replace() argument 2');
    let n = expectSmallInt(it, c!, 'count');
    if (n < 0) return mkStr(self(s).split(old).join(rep));
    let out = self(s);
    let from = 0;
    let result = '';
    while (n-- > 0) {
      const i = out.indexOf(old, from);
      if (i < 0) break;
      result += out.slice(from, i) + rep;
      from = i + old.length;
      if (old === '') { result += out[from] ?? ''; from++; }
    }
    out = result + out.slice(from);
    return mkStr(out);
  }],
  strip: ['self, chars=None, /', ([s, c], it) => mkStr(stripChars(self(s), optStr(it, c, 'strip arg'), true, true))],
  lstrip: ['self, chars=None, /', ([s, c], it) => mkStr(stripChars(self(s), optStr(it, c, 'strip arg'), true, false))],
  rstrip: ['self, chars=None, /', ([s, c], it) => mkStr(stripChars(self(s), optStr(it, c, 'strip arg'), false, true))],
  removeprefix: ['self, prefix, /', ([s, p], it) => { const x = expectStr(it, p!, 'prefix'); return mkStr(self(s).startsWith(x) ? self(s).slice(x.length) : self(s)); }],
  removesuffix: ['self, suffix, /', ([s, p], it) => { const x = expectStr(it, p!, 'suffix'); return mkStr(x && self(s).endsWith(x) ? self(s).slice(0, -x.length) : self(s)); }],
  find: ['self, sub, start=None, end=None, /', ([s, sub, a, b], it) => mkInt(pyFind(self(s), expectStr(it, sub!, 'sub'), optInt(it, a), optInt(it, b), false))],
  rfind: ['self, sub, start=None, end=None, /', ([s, sub, a, b], it) => mkInt(pyFind(self(s), expectStr(it, sub!, 'sub'), optInt(it, a), optInt(it, b), true))],
  index: ['self, sub, start=None, end=None, /', ([s, sub, a, b], it) => {
    const i = pyFind(self(s), expectStr(it, sub!, 'sub'), optInt(it, a), optInt(it, b), false);
    return i < 0 ? it.raise('ValueError', 'substring not found') : mkInt(i);
  }],
  rindex: ['self, sub, start=None, end=None, /', ([s, sub, a, b], it) => {
    const i = pyFind(self(s), expectStr(it, sub!, 'sub'), optInt(it, a), optInt(it, b), true);
    return i < 0 ? it.raise('ValueError', 'substring not found') : mkInt(i);
  }],
  count: ['self, sub, start=None, end=None, /', ([s, sub, a, b], it) => {
    const t = self(s).slice(optInt(it, a) ?? 0, optInt(it, b));
    const x = expectStr(it, sub!, 'sub');
    return mkInt(x === '' ? t.length + 1 : t.split(x).length - 1);
  }],
  isdigit: ['self, /', ([s]) => mkBool(/^\d+$/.test(self(s)))],
  isnumeric: ['self, /', ([s]) => mkBool(/^\d+$/.test(self(s)))],
  isdecimal: ['self, /', ([s]) => mkBool(/^\d+$/.test(self(s)))],
  isalpha: ['self, /', ([s]) => mkBool(/^[A-Za-z\u00C0-\uFFFF]+$/.test(self(s)))],
  isalnum: ['self, /', ([s]) => mkBool(/^[A-Za-z0-9\u00C0-\uFFFF]+$/.test(self(s)))],
  isspace: ['self, /', ([s]) => mkBool(/^\s+$/.test(self(s)))],
  isidentifier: ['self, /', ([s]) => mkBool(/^[A-Za-z_]\w*$/.test(self(s)))],
  isupper: ['self, /', ([s]) => mkBool(/[A-Z]/.test(self(s)) && self(s) === self(s).toUpperCase())],
  islower: ['self, /', ([s]) => mkBool(/[a-z]/.test(self(s)) && self(s) === self(s).toLowerCase())],
  zfill: ['self, width, /', ([s, w], it) => {
    const width = expectSmallInt(it, w!, 'width');
    const t = self(s);
    const sign = t[0] === '-' || t[0] === '+' ? t[0] : '';
    return mkStr(sign + t.slice(sign.length).padStart(width - sign.length, '0'));
  }],
  center: ['self, width, fillchar=" ", /', ([s, w, f], it) => {
    const width = expectSmallInt(it, w!, 'width'), t = self(s), fill = expectStr(it, f!, 'fillchar');
    const n = Math.max(0, width - t.length);
    const left = Math.floor(n / 2) + (n % 2 && width % 2 ? 1 : 0);
    return mkStr(fill.repeat(left) + t + fill.repeat(n - left));
  }],
  ljust: ['self, width, fillchar=" ", /', ([s, w, f], it) => mkStr(self(s).padEnd(expectSmallInt(it, w!, 'width'), expectStr(it, f!, 'fillchar')))],
  rjust: ['self, width, fillchar=" ", /', ([s, w, f], it) => mkStr(self(s).padStart(expectSmallInt(it, w!, 'width'), expectStr(it, f!, 'fillchar')))],
  partition: ['self, sep, /', ([s, sep], it) => {
    const x = expectStr(it, sep!, 'sep'), t = self(s), i = t.indexOf(x);
    return mkTuple(i < 0 ? [mkStr(t), mkStr(''), mkStr('')] : [mkStr(t.slice(0, i)), mkStr(x), mkStr(t.slice(i + x.length))]);
  }],
  rpartition: ['self, sep, /', ([s, sep], it) => {
    const x = expectStr(it, sep!, 'sep'), t = self(s), i = t.lastIndexOf(x);
    return mkTuple(i < 0 ? [mkStr(''), mkStr(''), mkStr(t)] : [mkStr(t.slice(0, i)), mkStr(x), mkStr(t.slice(i + x.length))]);
  }],
  encode: ['self, /, encoding="utf-8", errors="strict"', ([s]) => s!],
  __len__: ['self, /', ([s]) => mkInt(self(s).length)],
  __contains__: ['self, key, /', ([s, k], it) => mkBool(self(s).includes(expectStr(it, k!, "'in <string>' left operand")))],
});

defineMethods(intType, {
  bit_length: ['self, /', ([n], it) => {
    const v = I.intAbs(expectInt(it, n!, 'self'));
    return mkInt(v === 0 ? 0 : v.toString(2).length);
  }],
  bit_count: ['self, /', ([n], it) => mkInt([...I.intAbs(expectInt(it, n!, 'self')).toString(2)].filter((c) => c === '1').length)],
  to_bytes: ['self, /, length=1, byteorder="big", *, signed=False', ([, ,], it) => it.raise('NotImplementedError', 'int.to_bytes is not supported')],
  conjugate: ['self, /', ([n]) => n!],
  __index__: ['self, /', ([n]) => n!],
  __int__: ['self, /', ([n]) => n!],
  __float__: ['self, /', ([n], it) => mkFloat(expectFloat(it, n!, 'self'))],
});

defineMethods(floatType, {
  is_integer: ['self, /', ([x]) => mkBool(Number.isInteger((x as { value: number }).value))],
  as_integer_ratio: ['self, /', ([x], it) => {
    let f = (x as { value: number }).value;
    if (!Number.isFinite(f)) it.raise(Number.isNaN(f) ? 'ValueError' : 'OverflowError', 'cannot convert to integer ratio');
    let den = 1n;
    while (!Number.isInteger(f)) { f *= 2; den *= 2n; }
    return mkTuple([mkIntFrom(I.norm(BigInt(f))), mkIntFrom(I.norm(den))]);
  }],
  hex: ['self, /', ([x]) => mkStr((x as { value: number }).value.toString(16))],
  conjugate: ['self, /', ([x]) => x!],
  __float__: ['self, /', ([x]) => x!],
  __int__: ['self, /', ([x], it) => {
    const f = (x as { value: number }).value;
    if (!Number.isFinite(f)) it.raise('OverflowError', 'cannot convert float infinity to integer');
    return mkIntFrom(I.intFromFloat(f));
  }],
});
