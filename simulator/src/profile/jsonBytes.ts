/**
 * Writing JSON text as UTF-8 bytes, without building a string per piece.
 *
 * Purpose: the events of a large profile are ~10^8 characters of JSON; writing them as template
 * strings made a dozen short-lived string pieces per event (most of the serialisation time was
 * the garbage collector's). Here the repeated pieces are encoded once (`utf8`), numbers are
 * written digit by digit into a growable buffer (`JsonBytes`, the `put*` functions: each takes
 * the buffer and a position with room reserved, returns the new position), and a chunk becomes
 * one string at the end (`take`). Browser-safe (TextEncoder/TextDecoder when there is no Buffer):
 * the webview downloads profiles with the same code.
 * Invariant: `putNum(x)` writes exactly `JSON.stringify(x)` for every number `x`.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The UTF-8 bytes of a string. */
export function utf8(s: string): Uint8Array { return encoder.encode(s); }

/** Room a number's text can take (`-1.2345678901234567e-308`). */
export const MAX_NUMBER_BYTES = 25;

export class JsonBytes {
  buf: Uint8Array;
  pos = 0;

  constructor(capacity = 1 << 16) { this.buf = new Uint8Array(capacity); }

  /** Room for `extra` more bytes after `pos`; returns the (possibly new) buffer. */
  reserve(extra: number): Uint8Array {
    if (this.pos + extra > this.buf.length) {
      const grown = new Uint8Array(Math.max(this.buf.length * 2, this.pos + extra));
      grown.set(this.buf.subarray(0, this.pos));
      this.buf = grown;
    }
    return this.buf;
  }

  /**
   * The text written so far (`pos` bytes); empties the buffer. `ascii`: every byte is below 0x80
   * (then Node copies the bytes into a one-byte string instead of decoding UTF-8).
   */
  take(ascii = false): string {
    const n = this.pos;
    this.pos = 0;
    const B = nodeBuffer;
    if (B) return B.from(this.buf.buffer, this.buf.byteOffset, n).toString(ascii ? 'latin1' : 'utf8');
    return decoder.decode(this.buf.subarray(0, n));
  }
}

/** Node's Buffer, when present (not in a browser). */
interface NodeBufferLike { toString(encoding: 'latin1' | 'utf8'): string }
const nodeBuffer = (globalThis as unknown as { Buffer?: { from(a: ArrayBufferLike, offset: number, length: number): NodeBufferLike } }).Buffer;

export function putBytes(buf: Uint8Array, p: number, b: Uint8Array): number {
  const n = b.length;
  if (n < 40) { for (let k = 0; k < n; k++) buf[p + k] = b[k]; } else buf.set(b, p);
  return p + n;
}

/** A string known to be ASCII (number text). */
export function putAscii(buf: Uint8Array, p: number, s: string): number {
  const n = s.length;
  for (let k = 0; k < n; k++) buf[p + k] = s.charCodeAt(k);
  return p + n;
}

/** A non-negative integer below 2^53. */
export function putUint(buf: Uint8Array, p: number, x: number): number {
  if (x < 10) { buf[p] = 48 + x; return p + 1; }
  if (x >= 2147483648) return putAscii(buf, p, String(x));
  let digits = 2;
  for (let t = 100; t <= x && digits < 10; t *= 10) digits++;
  let q = p + digits;
  let t = x | 0;
  while (t >= 10) {
    const d = (t / 10) | 0;
    buf[--q] = 48 + t - d * 10;
    t = d;
  }
  buf[--q] = 48 + t;
  return p + digits;
}

/** A number as JSON.stringify writes it (non-finite: null). */
export function putNum(buf: Uint8Array, p: number, x: number): number {
  if (Number.isInteger(x) && x < 9007199254740992 && x > -9007199254740992) {
    if (x >= 0) return putUint(buf, p, x); // -0 is written 0, as JSON does
    buf[p] = 45;
    return putUint(buf, p + 1, -x);
  }
  return putAscii(buf, p, Number.isFinite(x) ? String(x) : 'null');
}

const NUM_CACHE_BITS = 12;
const NUM_CACHE = 1 << NUM_CACHE_BITS;
const bits = new Float64Array(1);
const bitWords = new Int32Array(bits.buffer);

/**
 * `putNum` for values likely to repeat (durations and stalls: one per distinct instruction
 * cost): the text of recent fractional values, direct-mapped by their bits, since String(x) of
 * a double is the slowest step of writing an event.
 */
export class NumText {
  private readonly key = new Float64Array(NUM_CACHE).fill(NaN);
  private readonly text: string[] = new Array<string>(NUM_CACHE).fill('');

  put(buf: Uint8Array, p: number, x: number): number {
    if (Number.isInteger(x) || !Number.isFinite(x)) return putNum(buf, p, x);
    bits[0] = x;
    const h = Math.imul(bitWords[0] ^ bitWords[1], 0x9e3779b1) >>> (32 - NUM_CACHE_BITS);
    let s: string;
    if (this.key[h] === x) s = this.text[h];
    else { s = String(x); this.key[h] = x; this.text[h] = s; }
    return putAscii(buf, p, s);
  }
}
