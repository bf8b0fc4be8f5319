/**
 * Decoding Python literal tokens into values: integers (exact, as bigint), floats, imaginary
 * numbers and the escape sequences of string bodies. Pure functions over token text.
 *
 * Invariant: decoding never throws; text that is not a valid literal decodes to `undefined` (numbers)
 * or keeps its backslash (unknown escapes, as CPython does).
 */

/** `0xFF`, `0o17`, `0b1010`, `1_000`, `007` (Python 2 octal is rejected by tree-sitter anyway). */
export function decodeInt(text: string): bigint | undefined {
  let t = text.replace(/_/g, '');
  if (/[lL]$/.test(t)) t = t.slice(0, -1); // Python 2 long suffix, which tree-sitter still accepts
  if (/^0[xXoObB]/.test(t)) t = t[0] + t[1].toLowerCase() + t.slice(2);
  else if (/^0+$/.test(t)) return 0n;
  else if (!/^[0-9]+$/.test(t)) return undefined;
  try {
    return BigInt(t);
  } catch {
    return undefined;
  }
}

/** `1.5`, `.5`, `1.`, `1e-6`, `1_0.2_5E+3`. */
export function decodeFloat(text: string): number | undefined {
  const t = text.replace(/_/g, '');
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

/** Whether a numeric token is imaginary (`1j`, `1.5J`); its value is the number before the `j`. */
export function isImaginary(text: string): boolean {
  return /[jJ]$/.test(text);
}

/** The prefix letters of a string literal (`rb`, `f`, ...), lower-cased, from its opening token. */
export function stringPrefix(startToken: string): string {
  return startToken.replace(/['"]+$/, '').toLowerCase();
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** The few `\N{...}` names kernels plausibly use; others are kept verbatim. */
const UNICODE_NAMES: Readonly<Record<string, string>> = {
  'BULLET': '\u2022', 'DEGREE SIGN': '\u00b0', 'EM DASH': '\u2014', 'EN DASH': '\u2013',
  'HORIZONTAL ELLIPSIS': '\u2026', 'MULTIPLICATION SIGN': '\u00d7', 'NO-BREAK SPACE': '\u00a0',
  'RIGHTWARDS ARROW': '\u2192', 'GREEK SMALL LETTER MU': '\u03bc', 'MICRO SIGN': '\u00b5',
};

export interface BodyOptions {
  raw: boolean;
  bytes: boolean;
  /** f-string literal text: `{{` and `}}` stand for single braces. */
  fstring: boolean;
}

/**
 * Decodes the text between a string's quotes (or one literal stretch of an f-string).
 * Bytes are returned as a string of code units 0-255 (latin-1), one per byte.
 */
export function decodeStringBody(source: string, opts: BodyOptions): string {
  const body = normaliseNewlines(source);
  if (!body.includes('\\') && !(opts.fstring && /[{}]{2}/.test(body))) return body;
  let out = '';
  let i = 0;
  while (i < body.length) {
    const c = body[i];
    if (opts.fstring && (c === '{' || c === '}') && body[i + 1] === c) {
      out += c;
      i += 2;
      continue;
    }
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      i++;
      continue;
    }
    const n = body[i + 1];
    if (opts.raw) {
      // A raw string keeps every backslash; `\'` merely stops the quote from ending the string.
      out += c + n;
      i += 2;
      continue;
    }
    if (n === '\n') { i += 2; continue; } // line continuation inside the literal
    if (n in SIMPLE_ESCAPES) { out += SIMPLE_ESCAPES[n]; i += 2; continue; }
    if (n >= '0' && n <= '7') {
      const m = /^[0-7]{1,3}/.exec(body.slice(i + 1, i + 4))![0];
      out += String.fromCodePoint(parseInt(m, 8) & (opts.bytes ? 0xff : 0x1ff));
      i += 1 + m.length;
      continue;
    }
    const hexLength = n === 'x' ? 2 : !opts.bytes && n === 'u' ? 4 : !opts.bytes && n === 'U' ? 8 : 0;
    if (hexLength) {
      const hex = body.slice(i + 2, i + 2 + hexLength);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === hexLength ? parseInt(hex, 16) : NaN;
      if (code <= 0x10ffff) {
        out += String.fromCodePoint(code);
        i += 2 + hexLength;
        continue;
      }
    }
    if (n === 'N' && !opts.bytes && body[i + 2] === '{') {
      const close = body.indexOf('}', i + 3);
      const name = close > 0 ? body.slice(i + 3, close).toUpperCase() : '';
      if (name in UNICODE_NAMES) {
        out += UNICODE_NAMES[name];
        i = close + 1;
        continue;
      }
    }
    out += c; // unknown escape: Python keeps the backslash
    i++;
  }
  return out;
}

/** Python reads source with universal newlines, so a literal never holds a `\r` typed in the file. */
function normaliseNewlines(s: string): string {
  return s.includes('\r') ? s.replace(/\r\n?/g, '\n') : s;
}
