/**
 * Text renderings of values that need the interpreter: `repr`, `str`, `format(value, spec)` and
 * `str % args`. User `__repr__`/`__str__`/`__format__` and host `repr()`/`str()` take precedence;
 * self-containing containers print `[...]` as in CPython.
 */
import { callMethod } from './calls';
import { isExceptionInstance } from './exceptions';
import {
  floatRepr, parseFormatSpec, formatFloat, formatInt, formatStr, percentFormat, strRepr, type PercentArg,
} from './formatting';
import type { Interp } from './interp';
import * as I from './ints';
import { expectFloat, expectInt } from './native';
import { lookupMro } from './types';
import { OBJECT_REPR, OBJECT_STR } from './object';
import type { Value } from './values';
import { kindName, mkInt, mkIntFrom, mkStr, mkTuple } from './values';

import { indexValue } from './ops';

// ---------------------------------------------------------------------------------------------
// repr / str / format

const reprGuard = new Set<Value>();

export function repr(it: Interp, v: Value): string {
  switch (v.kind) {
    case 'none': return 'None';
    case 'bool': return v.value ? 'True' : 'False';
    case 'int': return v.value.toString();
    case 'float': return floatRepr(v.value);
    case 'str': return strRepr(v.value);
    case 'ellipsis': return 'Ellipsis';
    case 'notimplemented': return 'NotImplemented';
    case 'tuple':
      return guarded(v, '(...)', () => v.items.length === 1 ? `(${repr(it, v.items[0]!)},)` : `(${v.items.map((x) => repr(it, x)).join(', ')})`);
    case 'list': return guarded(v, '[...]', () => `[${v.items.map((x) => repr(it, x)).join(', ')}]`);
    case 'dict':
      return guarded(v, '{...}', () => `{${[...v.table.entries()].map((e) => `${repr(it, e.key)}: ${repr(it, e.value)}`).join(', ')}}`);
    case 'set': {
      const items = v.table.keys().map((x) => repr(it, x)).join(', ');
      if (v.frozen) return `frozenset(${items ? `{${items}}` : ''})`;
      return items ? `{${items}}` : 'set()';
    }
    case 'range': return v.step === 1 ? `range(${v.start}, ${v.stop})` : `range(${v.start}, ${v.stop}, ${v.step})`;
    case 'slice': return `slice(${repr(it, v.start)}, ${repr(it, v.stop)}, ${repr(it, v.step)})`;
    case 'function': return `<function ${v.qualname}>`;
    case 'builtin': return `<built-in function ${v.name}>`;
    case 'boundMethod': {
      const f = v.func;
      const name = f.kind === 'function' ? f.qualname : f.kind === 'builtin' ? f.name : repr(it, f);
      return `<bound method ${name} of ${repr(it, v.self)}>`;
    }
    case 'class': return v.module === 'builtins' ? `<class '${v.qualname}'>` : `<class '${v.module}.${v.qualname}'>`;
    case 'module': return `<module '${v.name}'>`;
    case 'iterator': return `<${v.typeName} object>`;
    case 'property': return '<property object>';
    case 'staticmethod': return `<staticmethod(${repr(it, v.func)})>`;
    case 'classmethod': return `<classmethod(${repr(it, v.func)})>`;
    case 'super': return `<super: <class '${v.cls.name}'>, <${kindName(v.self)} object>>`;
    case 'unknown': return `<unknown: ${v.reason}>`;
    case 'host': return v.obj.repr?.() ?? `<${v.obj.typeName} object>`;
    case 'instance': {
      const r = lookupMro(v.cls, '__repr__');
      if (r !== undefined && r !== OBJECT_REPR) return guarded(v, '...', () => strResult(it, callMethod(it, r, v, []), '__repr__'));
      if (isExceptionInstance(v)) return exceptionRepr(it, v);
      return `<${v.cls.module === '__main__' || v.cls.module === 'builtins' ? '' : v.cls.module + '.'}${v.cls.qualname} object>`;
    }
  }
}

function guarded(v: Value, placeholder: string, f: () => string): string {
  if (reprGuard.has(v)) return placeholder;
  reprGuard.add(v);
  try { return f(); } finally { reprGuard.delete(v); }
}

function strResult(it: Interp, r: Value, what: string): string {
  if (r.kind !== 'str') it.raise('TypeError', `${what} returned non-string (type ${kindName(r)})`);
  return (r as { value: string }).value;
}

function exceptionArgs(v: Value): readonly Value[] {
  if (v.kind !== 'instance') return [];
  const a = v.attrs.get('args');
  return a?.kind === 'tuple' ? a.items : [];
}

function exceptionRepr(it: Interp, v: Value & { kind: 'instance' }): string {
  const args = exceptionArgs(v);
  return `${v.cls.name}(${args.map((a) => repr(it, a)).join(', ')})`;
}

export function exceptionStr(it: Interp, v: Value & { kind: 'instance' }): string {
  const args = exceptionArgs(v);
  if (args.length === 0) return '';
  if (args.length === 1) return v.cls.name === 'KeyError' ? repr(it, args[0]!) : str(it, args[0]!);
  return repr(it, mkTuple(args));
}

export function str(it: Interp, v: Value): string {
  switch (v.kind) {
    case 'str': return v.value;
    case 'instance': {
      const s = lookupMro(v.cls, '__str__');
      if (s !== undefined && s !== OBJECT_STR) return strResult(it, callMethod(it, s, v, []), '__str__');
      if (isExceptionInstance(v)) return exceptionStr(it, v);
      return repr(it, v);
    }
    case 'host': return v.obj.str?.() ?? repr(it, v);
    default: return repr(it, v);
  }
}

/** `format(value, spec)`: the f-string `{x:spec}` machinery. */
export function formatValue(it: Interp, v: Value, spec: string): string {
  if (v.kind === 'instance') {
    const f = lookupMro(v.cls, '__format__');
    if (f !== undefined) return strResult(it, callMethod(it, f, v, [mkStr(spec)]), '__format__');
    if (spec === '') return str(it, v);
    const intLike = indexValue(it, v);
    if (intLike !== undefined) return formatValue(it, mkIntFrom(intLike), spec);
  }
  if (spec === '') return str(it, v);
  const parsed = parseFormatSpec(spec);
  if (parsed === undefined) it.raise('ValueError', `Invalid format specifier '${spec}' for object of type '${kindName(v)}'`);
  const p = parsed!;
  switch (v.kind) {
    case 'str':
      if (p.type !== undefined && p.type !== 's') break;
      return formatStr(v.value, p);
    case 'bool':
      if (p.type === undefined) return formatStr(v.value ? 'True' : 'False', p);
      return formatValue(it, mkInt(v.value ? 1 : 0), spec);
    case 'int':
      if (p.type !== undefined && 'eEfFgG%'.includes(p.type)) return formatFloat(expectFloat(it, v, 'format'), p);
      if (p.type === 's') break;
      return formatInt(v.value, p);
    case 'float':
      if (p.type !== undefined && 'bcdoxXs'.includes(p.type)) break;
      return formatFloat(v.value, p);
    case 'unknown': return '<unknown>';
    default:
      if (p.type === undefined || p.type === 's') return formatStr(str(it, v), p);
  }
  return it.raise('ValueError', `Unknown format code '${p.type}' for object of type '${kindName(v)}'`);
}

/** `fmt % args` for strings. */
export function percent(it: Interp, fmt: string, args: Value): Value {
  const toArg = (v: Value): PercentArg => ({
    asInt: () => (v.kind === 'float' ? I.intFromFloat(v.value) : expectInt(it, v, '%d format: a real number is required, not')),
    asFloat: () => expectFloat(it, v, 'must be real number, not'),
    str: () => str(it, v),
    repr: () => repr(it, v),
  });
  if (args.kind === 'unknown') return args;
  const list = args.kind === 'tuple' ? args.items.map(toArg) : [toArg(args)];
  const byName = args.kind === 'dict'
    ? (name: string) => {
      const v = args.table.getStr(name);
      if (v === undefined) it.raiseArgs('KeyError', [mkStr(name)]);
      return toArg(v!);
    }
    : undefined;
  const r = percentFormat(fmt, list, byName);
  if ('error' in r) return it.raise('TypeError', r.error);
  return mkStr(r.ok);
}
