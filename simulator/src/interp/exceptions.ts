/**
 * The builtin exception hierarchy. Exceptions are ordinary instances of these classes (or of user
 * subclasses) with an `args` tuple attribute; `BaseException.construct` creates them, so a user
 * subclass with its own `__init__` works like any class.
 * Invariant: every class here is reachable by name through `exceptionClass`.
 */
import { makeClass, objectType } from './types';
import type { ClassValue, InstanceValue, Value } from './values';
import { mkTuple } from './values';

const byName = new Map<string, ClassValue>();

function exc(name: string, base: ClassValue | undefined, module = 'builtins'): ClassValue {
  const cls = makeClass(name, [base ?? objectType], { builtin: true, module });
  byName.set(name, cls);
  return cls;
}

export const BaseException = exc('BaseException', undefined);
BaseException.construct = (cls, args) => newException(cls, args);

export const Exception = exc('Exception', BaseException);
exc('KeyboardInterrupt', BaseException);
exc('SystemExit', BaseException);
exc('GeneratorExit', BaseException);
const ArithmeticError = exc('ArithmeticError', Exception);
exc('ZeroDivisionError', ArithmeticError);
exc('OverflowError', ArithmeticError);
exc('FloatingPointError', ArithmeticError);
exc('AssertionError', Exception);
const AttributeError = exc('AttributeError', Exception);
exc('FrozenInstanceError', AttributeError, 'dataclasses');
const LookupError = exc('LookupError', Exception);
exc('IndexError', LookupError);
exc('KeyError', LookupError);
const NameError = exc('NameError', Exception);
exc('UnboundLocalError', NameError);
const RuntimeError = exc('RuntimeError', Exception);
exc('NotImplementedError', RuntimeError);
exc('RecursionError', RuntimeError);
exc('TypeError', Exception);
const ValueError = exc('ValueError', Exception);
exc('UnicodeError', ValueError);
exc('StopIteration', Exception);
const ImportError = exc('ImportError', Exception);
exc('ModuleNotFoundError', ImportError);
exc('MemoryError', Exception);
exc('SyntaxError', Exception);
exc('OSError', Exception);
const Warning = exc('Warning', Exception);
exc('UserWarning', Warning);
exc('DeprecationWarning', Warning);
exc('RuntimeWarning', Warning);

export function exceptionClass(name: string): ClassValue {
  const c = byName.get(name);
  if (c === undefined) throw new Error(`no builtin exception ${name}`);
  return c;
}

export function allExceptionClasses(): ReadonlyMap<string, ClassValue> { return byName; }

export function isExceptionClass(cls: ClassValue): boolean {
  return cls === BaseException || cls.mro.includes(BaseException);
}

export function isExceptionInstance(v: Value): boolean {
  return v.kind === 'instance' && isExceptionClass(v.cls);
}

export function newException(cls: ClassValue, args: readonly Value[]): InstanceValue {
  const inst: InstanceValue = { kind: 'instance', cls, attrs: new Map() };
  inst.attrs.set('args', mkTuple([...args]));
  return inst;
}
