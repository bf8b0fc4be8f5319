/**
 * Helpers for writing native (TypeScript) functions: declaring them with a signature string,
 * and converting their arguments with Python-accurate TypeErrors.
 * Invariant: every conversion either returns a JS value or raises a Python exception; an
 * `unknown` argument throws `UnknownSignal`, which the call boundary turns into an unknown result.
 */
import type { Interp } from './interp';
import type { IntRepr } from './ints';
import { parseSignature } from './signature';
import type { BuiltinValue, ClassValue, Value } from './values';
import { kindName } from './values';

export type NativeImpl = (args: Value[], it: Interp) => Value;

/** Declares a native function; see signature.ts for the signature syntax. */
export function native(name: string, sig: string, impl: NativeImpl, doc?: string): BuiltinValue {
  return { kind: 'builtin', name, sig: parseSignature(sig), doc, impl: impl as BuiltinValue['impl'] };
}

/** Adds native methods to a class; each signature starts with `self`. */
export function defineMethods(cls: ClassValue, methods: Record<string, [sig: string, impl: NativeImpl]>): void {
  for (const [name, [sig, impl]] of Object.entries(methods)) cls.attrs.set(name, native(name, sig, impl));
}

/**
 * Thrown by natives that need a concrete value but got `unknown`; the call boundary catches it
 * and the call evaluates to `unknown` (shape mode's "we cannot know").
 */
export class UnknownSignal extends Error {
  constructor(readonly reason: string) { super(reason); }
}

export function concrete(v: Value): Value {
  if (v.kind === 'unknown') throw new UnknownSignal(v.reason);
  return v;
}

export function expectInt(it: Interp, v: Value, what: string): IntRepr {
  switch (v.kind) {
    case 'int': return v.value;
    case 'bool': return v.value ? 1 : 0;
    case 'unknown': throw new UnknownSignal(v.reason);
    default: {
      const idx = it.indexOf(v);
      if (idx !== undefined) return idx;
      return it.raise('TypeError', `${what} must be an integer, not '${kindName(v)}'`);
    }
  }
}

/** A safe JS integer (sizes, counts, indices): bigints raise OverflowError. */
export function expectSmallInt(it: Interp, v: Value, what: string): number {
  const n = expectInt(it, v, what);
  if (typeof n === 'bigint') it.raise('OverflowError', `${what} is too large`);
  return n as number;
}

export function expectFloat(it: Interp, v: Value, what: string): number {
  switch (v.kind) {
    case 'float': return v.value;
    case 'int': {
      const f = typeof v.value === 'number' ? v.value : Number(v.value);
      if (!Number.isFinite(f)) it.raise('OverflowError', 'int too large to convert to float');
      return f;
    }
    case 'bool': return v.value ? 1 : 0;
    case 'unknown': throw new UnknownSignal(v.reason);
    default: {
      const f = it.floatOf(v);
      if (f !== undefined) return f;
      return it.raise('TypeError', `${what} must be a real number, not '${kindName(v)}'`);
    }
  }
}

export function expectStr(it: Interp, v: Value, what: string): string {
  if (v.kind === 'str') return v.value;
  if (v.kind === 'unknown') throw new UnknownSignal(v.reason);
  return it.raise('TypeError', `${what} must be str, not '${kindName(v)}'`);
}

export function isNone(v: Value | undefined): boolean {
  return v === undefined || v.kind === 'none';
}
