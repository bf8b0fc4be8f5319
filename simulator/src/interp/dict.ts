/**
 * The hash table behind `dict`, `set` and `frozenset`: insertion-ordered, keyed by Python value.
 *
 * Each key is reduced to a JS Map key (a "token") such that two Python-equal hashable keys get
 * the same token: `1`, `1.0` and `True` all become the number 1; strings are themselves (those
 * starting with NUL are escaped so they cannot collide with the encodings below); tuples and
 * frozensets are encoded structurally into strings starting with NUL; objects without a custom
 * hash use their own identity. Keys with a user/host hash (`__hash__`, `HostObject.hash`) get a
 * token from the hash and are confirmed with `equals`, probing on collisions.
 * Known limit: deleting one of two colliding custom-hash keys can hide the other.
 */
import type { Value } from './values';

export type Token = string | number | bigint | object;

export interface Entry<V> { key: Value; value: V }

/** What the table needs from the interpreter: user-level hashing and equality. */
export interface KeyOps {
  /**
   * For keys whose hash is user-defined: the hash. Returns undefined for identity-hashed keys.
   * Throws TypeError for unhashable keys (lists, dicts, instances defining only `__eq__`).
   */
  customHash(key: Value): number | string | undefined;
  equals(a: Value, b: Value): boolean;
}

const ids = new WeakMap<object, number>();
let nextId = 1;
function identity(o: object): number {
  let id = ids.get(o);
  if (id === undefined) { id = nextId++; ids.set(o, id); }
  return id;
}

function numToken(x: number): number | bigint {
  // Integer-valued floats beyond 2^53 equal the corresponding bigint int.
  return Number.isInteger(x) && !Number.isSafeInteger(x) ? BigInt(x) : x;
}

/** Structural encoding of a key nested inside a tuple/frozenset. */
function encode(v: Value, ops: KeyOps): string {
  switch (v.kind) {
    case 'str': return `s${v.value.length}:${v.value}`;
    case 'int': return `i${v.value}`;
    case 'bool': return v.value ? 'i1' : 'i0';
    case 'float': { const t = numToken(v.value); return typeof t === 'bigint' || Number.isInteger(t) ? `i${t}` : `f${t}`; }
    case 'none': return 'N';
    case 'tuple': return `(${v.items.map((x) => encode(x, ops)).join(',')})`;
    case 'set':
      if (v.frozen) return `{${[...v.table.keys()].map((x) => encode(x, ops)).sort().join(',')}}`;
      break;
    default: break;
  }
  const h = ops.customHash(v);
  if (h !== undefined) return `h${h}`;
  return `#${identity(v.kind === 'host' ? v.obj : v)}`;
}

export function keyToken(v: Value, ops: KeyOps): Token {
  switch (v.kind) {
    case 'str': return v.value.charCodeAt(0) === 0 ? '\0s' + v.value : v.value;
    case 'int': return v.value;
    case 'bool': return v.value ? 1 : 0;
    case 'float': return numToken(v.value);
    case 'tuple': return '\0' + encode(v, ops);
    case 'set': if (v.frozen) return '\0' + encode(v, ops); break;
    default: break;
  }
  const h = ops.customHash(v);
  if (h !== undefined) return `\0h${h}`;
  return v.kind === 'host' ? v.obj : v;
}

export class PyDict<V> {
  private readonly map = new Map<Token, Entry<V>>();

  get size(): number { return this.map.size; }

  /** Finds the token under which `key` is (or would be) stored. */
  private locate(key: Value, ops: KeyOps): Token {
    const t = keyToken(key, ops);
    if (typeof t !== 'string' || !t.startsWith('\0h')) return t;
    // Custom hash: confirm equality, probing past collisions.
    for (let i = 0; ; i++) {
      const probe = i === 0 ? t : `${t}#${i}`;
      const e = this.map.get(probe);
      if (e === undefined || e.key === key || ops.equals(e.key, key)) return probe;
    }
  }

  get(key: Value, ops: KeyOps): V | undefined {
    return this.map.get(this.locate(key, ops))?.value;
  }

  has(key: Value, ops: KeyOps): boolean {
    return this.map.has(this.locate(key, ops));
  }

  /** Fast path for str keys (kwargs, instance-like dicts). */
  getStr(key: string): V | undefined {
    return this.map.get(key.charCodeAt(0) === 0 ? '\0s' + key : key)?.value;
  }

  set(key: Value, value: V, ops: KeyOps): void {
    const t = this.locate(key, ops);
    const e = this.map.get(t);
    // Python keeps the first-inserted key object and the original position.
    if (e !== undefined) e.value = value;
    else this.map.set(t, { key, value });
  }

  delete(key: Value, ops: KeyOps): boolean {
    return this.map.delete(this.locate(key, ops));
  }

  clear(): void { this.map.clear(); }

  entries(): IterableIterator<Entry<V>> { return this.map.values(); }

  keys(): Value[] {
    const out: Value[] = [];
    for (const e of this.map.values()) out.push(e.key);
    return out;
  }

  values(): V[] {
    const out: V[] = [];
    for (const e of this.map.values()) out.push(e.value);
    return out;
  }

  /** Removes and returns the last inserted entry. */
  popLast(): Entry<V> | undefined {
    let lastToken: Token | undefined;
    let last: Entry<V> | undefined;
    for (const [t, e] of this.map) { lastToken = t; last = e; }
    if (lastToken !== undefined) this.map.delete(lastToken);
    return last;
  }

  copy(): PyDict<V> {
    const d = new PyDict<V>();
    for (const [t, e] of this.map) d.map.set(t, { key: e.key, value: e.value });
    return d;
  }
}
