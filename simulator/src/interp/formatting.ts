/**
 * Python's text renderings that do not depend on the interpreter: float repr, string repr
 * (quoting and escapes), the format-spec mini-language (`format(x, '>8.3f')`, f-string specs)
 * and printf-style `%` formatting. Values are passed in already classified, so this module has
 * no dependency on interpreter state.
 */
import type { IntRepr } from './ints';

export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sci = x.toExponential(); // shortest round-trip digits, like Python's repr
  const [mant, e] = sci.split('e') as [string, string];
  const realExp = Number(e);
  if (realExp >= -4 && realExp < 16) {
    // JS renders this range in fixed notation already, with the same shortest digits.
    const s = fixedFromSci(mant, realExp);
    return s.includes('.') ? s : s + '.0';
  }
  return `${mant}e${realExp < 0 ? '-' : '+'}${String(Math.abs(realExp)).padStart(2, '0')}`;
}

/** Expands `d.ddd` × 10^exp into fixed notation without rounding. */
function fixedFromSci(mant: string, exp: number): string {
  const neg = mant.startsWith('-');
  const digits = mant.replace('-', '').replace('.', '');
  let s: string;
  if (exp >= 0) {
    if (digits.length <= exp + 1) s = digits + '0'.repeat(exp + 1 - digits.length);
    else s = digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  } else {
    s = '0.' + '0'.repeat(-exp - 1) + digits;
  }
  return (neg ? '-' : '') + s;
}

export function strRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    const c = ch.charCodeAt(0);
    if (ch === quote || ch === '\\') out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + quote;
}

// ---------------------------------------------------------------------------------------------
// Format-spec mini-language: [[fill]align][sign][z][#][0][width][grouping][.precision][type]

export interface FormatSpec {
  fill: string;
  align: '<' | '>' | '=' | '^' | undefined;
  sign: '+' | '-' | ' ';
  alternate: boolean;
  zero: boolean;
  width: number;
  grouping: ',' | '_' | undefined;
  precision: number | undefined;
  type: string | undefined;
}

const SPEC_RE = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/s;

export function parseFormatSpec(spec: string): FormatSpec | undefined {
  const m = SPEC_RE.exec(spec);
  if (!m) return undefined;
  return {
    fill: m[1] ?? (m[6] && !m[2] ? '0' : ' '),
    align: (m[2] as FormatSpec['align']) ?? (m[6] && !m[2] ? '=' : undefined),
    sign: (m[3] as FormatSpec['sign']) ?? '-',
    alternate: m[5] !== undefined,
    zero: m[6] !== undefined,
    width: m[7] ? Number(m[7]) : 0,
    grouping: m[8] as FormatSpec['grouping'],
    precision: m[9] !== undefined ? Number(m[9]) : undefined,
    type: m[10],
  };
}

function group(intPart: string, sep: string, every = 3): string {
  let out = '';
  for (let i = 0; i < intPart.length; i++) {
    if (i > 0 && (intPart.length - i) % every === 0) out += sep;
    out += intPart[i];
  }
  return out;
}

/** Pads `body` (with its sign split off) to the spec's width and alignment. */
function pad(sign: string, body: string, spec: FormatSpec, defaultAlign: '<' | '>'): string {
  const align = spec.align ?? defaultAlign;
  const len = sign.length + body.length;
  if (len >= spec.width) return sign + body;
  const n = spec.width - len;
  const fill = spec.fill;
  switch (align) {
    case '<': return sign + body + fill.repeat(n);
    case '>': return fill.repeat(n) + sign + body;
    case '^': return fill.repeat(Math.floor(n / 2)) + sign + body + fill.repeat(n - Math.floor(n / 2));
    case '=': return sign + fill.repeat(n) + body;
  }
}

function signOf(neg: boolean, spec: FormatSpec): string {
  return neg ? '-' : spec.sign === '+' ? '+' : spec.sign === ' ' ? ' ' : '';
}

export function formatStr(s: string, spec: FormatSpec): string {
  if (spec.precision !== undefined) s = s.slice(0, spec.precision);
  return pad('', s, spec, '<');
}

export function formatInt(v: IntRepr, spec: FormatSpec): string {
  const neg = typeof v === 'bigint' ? v < 0n : v < 0;
  const mag = typeof v === 'bigint' ? (neg ? -v : v) : Math.abs(v);
  let body: string;
  let prefix = '';
  switch (spec.type) {
    case 'b': body = mag.toString(2); prefix = '0b'; break;
    case 'o': body = mag.toString(8); prefix = '0o'; break;
    case 'x': body = mag.toString(16); prefix = '0x'; break;
    case 'X': body = mag.toString(16).toUpperCase(); prefix = '0X'; break;
    case 'c': return pad('', String.fromCodePoint(Number(v)), spec, '<');
    default: body = mag.toString(10);
  }
  if (spec.grouping) body = group(body, spec.grouping, spec.type && 'boxX'.includes(spec.type) ? 4 : 3);
  if (!spec.alternate) prefix = '';
  return pad(signOf(neg, spec) + prefix, body, spec, '>');
}

function trimZeros(s: string): string {
  if (!s.includes('.')) return s;
  return s.replace(/0+$/, '').replace(/\.$/, '');
}

function sciBody(x: number, digits: number, upper: boolean): string {
  const [m, e] = x.toExponential(digits).split('e') as [string, string];
  const n = Number(e);
  const s = `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
  return upper ? s.toUpperCase() : s;
}

export function formatFloat(x: number, spec: FormatSpec): string {
  const neg = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let body: string;
  const type = spec.type;
  if (!Number.isFinite(a)) {
    body = Number.isNaN(a) ? 'nan' : 'inf';
    if (type && type === type.toUpperCase() && type !== '%') body = body.toUpperCase();
    return pad(signOf(neg && !Number.isNaN(a), spec), body, spec, '>');
  }
  switch (type) {
    case 'f': case 'F': body = a.toFixed(spec.precision ?? 6); break;
    case 'e': case 'E': body = sciBody(a, spec.precision ?? 6, type === 'E'); break;
    case '%': body = (a * 100).toFixed(spec.precision ?? 6) + '%'; break;
    case 'g': case 'G': case 'n': case undefined: {
      if (type === undefined && spec.precision === undefined) { body = floatRepr(a); break; }
      const p = Math.max(1, spec.precision ?? 6);
      const exp = a === 0 ? 0 : Number(a.toExponential(p - 1).split('e')[1]);
      if (exp >= -4 && exp < p) {
        body = a.toFixed(Math.max(0, p - 1 - exp));
        if (!spec.alternate) body = trimZeros(body);
        if (type === undefined && !body.includes('.')) body += '.0';
      } else {
        const [m, e] = sciBody(a, p - 1, type === 'G').split(/(?=[eE])/) as [string, string];
        body = (spec.alternate ? m : trimZeros(m)) + e;
      }
      break;
    }
    default: body = floatRepr(a);
  }
  if (spec.grouping) {
    const dot = body.search(/[.eE%]/);
    const intPart = dot < 0 ? body : body.slice(0, dot);
    body = group(intPart, spec.grouping) + (dot < 0 ? '' : body.slice(dot));
  }
  return pad(signOf(neg, spec), body, spec, '>');
}

// ---------------------------------------------------------------------------------------------
// printf-style formatting: '%d items, %-8s, %.3f, %(name)s, %%'

export interface PercentArg {
  /** The argument classified for the conversion: numbers as JS values, text via callbacks. */
  asInt(): IntRepr;
  asFloat(): number;
  str(): string;
  repr(): string;
}

export type PercentResult = { ok: string } | { error: string };

const PCT_RE = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])/g;

export function percentFormat(fmt: string, args: PercentArg[], byName?: (name: string) => PercentArg): PercentResult {
  let i = 0;
  let error: string | undefined;
  const next = (): PercentArg | undefined => args[i++];
  const out = fmt.replace(PCT_RE, (_m, name: string | undefined, flags: string, width: string | undefined, prec: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    const arg = name !== undefined && byName ? byName(name) : next();
    if (arg === undefined) { error ??= 'not enough arguments for format string'; return ''; }
    const spec: FormatSpec = {
      fill: flags.includes('0') && !flags.includes('-') ? '0' : ' ',
      align: flags.includes('-') ? '<' : flags.includes('0') ? '=' : '>',
      sign: flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '-',
      alternate: flags.includes('#'), zero: flags.includes('0'),
      width: width && width !== '*' ? Number(width) : 0,
      grouping: undefined,
      precision: prec !== undefined && prec !== '*' ? Number(prec) : undefined,
      type: undefined,
    };
    switch (conv) {
      case 'd': case 'i': case 'u': return formatInt(arg.asInt(), { ...spec, precision: undefined });
      case 'o': case 'x': case 'X': return formatInt(arg.asInt(), { ...spec, type: conv });
      case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
        return formatFloat(arg.asFloat(), { ...spec, type: conv });
      case 'c': return formatStr(String.fromCodePoint(Number(arg.asInt())), spec);
      case 'r': case 'a': return formatStr(arg.repr(), { ...spec, align: spec.align === '=' ? '>' : spec.align });
      default: return formatStr(arg.str(), { ...spec, align: flags.includes('-') ? '<' : '>', fill: ' ' });
    }
  });
  if (error !== undefined) return { error };
  if (byName === undefined && i < args.length) return { error: 'not all arguments converted during string formatting' };
  return { ok: out };
}
