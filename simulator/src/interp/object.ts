/**
 * The methods every object inherits from `object` (and exceptions from `BaseException`), as
 * natives installed on the shared builtin classes. The protocol code in ops.ts compares lookups
 * against these exact values to tell "user overrode it" from "default behaviour".
 */
import { BaseException } from './exceptions';
import type { Interp } from './interp';
import { native } from './native';
import { exceptionStr, isSame, repr } from './ops';
import { setAttrRaw } from './attrs';
import { objectType } from './types';
import type { Value } from './values';
import { NONE, NOT_IMPLEMENTED, mkStr, mkTuple, kindName } from './values';

export const OBJECT_INIT = native('__init__', 'self, *args, **kwargs', () => NONE);
export const OBJECT_EQ = native('__eq__', 'self, other, /', ([a, b]) => (isSame(a!, b!) ? { kind: 'bool', value: true } : NOT_IMPLEMENTED));
export const OBJECT_HASH = native('__hash__', 'self, /', ([self], it) => ({ kind: 'int', value: (it as Interp).idOf(self!) }));
export const OBJECT_REPR = native('__repr__', 'self, /', ([self], it) => mkStr(defaultRepr(it as Interp, self!)));
export const OBJECT_STR = native('__str__', 'self, /', ([self], it) => mkStr(repr(it as Interp, self!)));
/** `object.__setattr__(self, name, value)`: bypasses frozen dataclasses, as in CPython. */
export const OBJECT_SETATTR = native('__setattr__', 'self, name, value, /', ([self, name, value], it) => {
  if (name!.kind !== 'str') (it as Interp).raise('TypeError', `attribute name must be string, not '${kindName(name!)}'`);
  setAttrRaw(it as Interp, self!, (name as { value: string }).value, value!);
  return NONE;
});

function defaultRepr(it: Interp, v: Value): string {
  if (v.kind === 'instance') return `<${v.cls.module === '__main__' ? '' : v.cls.module + '.'}${v.cls.qualname} object>`;
  return repr(it, v);
}

for (const m of [OBJECT_INIT, OBJECT_EQ, OBJECT_HASH, OBJECT_REPR, OBJECT_STR, OBJECT_SETATTR]) objectType.attrs.set(m.name, m);

BaseException.attrs.set('__init__', native('__init__', 'self, *args', ([self, args]) => {
  if (self!.kind === 'instance') self.attrs.set('args', args!.kind === 'tuple' ? args : mkTuple([]));
  return NONE;
}));
BaseException.attrs.set('__str__', native('__str__', 'self, /', ([self], it) =>
  mkStr(self!.kind === 'instance' ? exceptionStr(it as Interp, self) : '')));
BaseException.attrs.set('with_traceback', native('with_traceback', 'self, tb, /', ([self]) => self!));
