/**
 * Tensor memory for the numerics back end: one typed array per storage (kernel input, HBM
 * output, SBUF/PSUM tile) holding values already rounded to the storage dtype, plus a written
 * mask per element.
 *
 * Purpose: every operand read and write of the replay goes through `read`/`write` over a view,
 * so strides, offsets, partial writes and aliasing views of one storage behave as on the device.
 * Reads of never-written elements yield NaN (floats) or 4 (integers), like the official
 * simulator (nki-api.md §3.2 G7), and are reported once per tensor. Storages are allocated on
 * first use and released after their last use, and live bytes are charged against a budget.
 * Tensors explicitly placed at the same address, dtype and shape share one memory (`placedKey`).
 * Invariant: `data[i]` is meaningful only where `written[i] === 1`; a write always stores
 * `dtype.round(value)`; an access outside its storage is an error, never a silent wrap.
 */
import type { Access, Storage } from '../tracer/instruction';
import { numericDtype, type NumericDtype, type StorageArray } from './dtype';
import { layoutExtent, layoutOf, viewIndices, type Layout } from './view';
import { reinterpretRead, reinterpretWrite, ReinterpretError } from './reinterpret';

export class MemoryBudgetExceeded extends Error {}
export class AccessError extends Error {}

export interface TensorMemory {
  readonly storage: Storage;
  readonly dtype: NumericDtype;
  readonly size: number;
  readonly data: StorageArray;
  readonly written: Uint8Array;
  /** PSUM only: elements whose last write was a matmul (for `accumulate=None`). */
  matmulWritten?: Uint8Array;
}

export interface UninitialisedRead {
  storage: number;
  name: string;
  /** The first instruction that read it (sequence number). */
  seq: number;
  /** Unwritten elements read, over all reads (and instances of the allocation site). */
  elements: number;
  /** Reads that hit unwritten elements. */
  occurrences: number;
}

/** Default budget for tensor memory: 2 GiB of live storage. */
export const DEFAULT_MAX_MEMORY_BYTES = 2 * 1024 ** 3;

/**
 * Tensors several program instances (NeuronCores of an LNC/SPMD launch) share: kernel inputs and
 * shared HBM. `keyOf` names a storage's shared identity (undefined: private to the instance);
 * `tensors` holds one memory per key for every instance.
 */
export interface SharedTensors {
  keyOf(storage: Storage): string | undefined;
  tensors: Map<string, TensorMemory>;
  /** Bytes allocated in shared tensors (charged once, never released). */
  bytes: number;
}

export class Memory {
  private readonly tensors = new Map<number, TensorMemory>();
  private readonly byId = new Map<number, Storage>();
  /** Live memories of explicitly placed tensors by `placedKey`, with how many storages use each. */
  private readonly placed = new Map<string, { t: TensorMemory; users: number }>();
  readonly uninitialisedReads: UninitialisedRead[] = [];
  private readonly reported = new Map<string, UninitialisedRead>();
  liveBytes = 0;
  peakBytes = 0;
  /** Sequence number of the instruction being executed (for reports). */
  currentSeq = -1;

  constructor(storages: readonly Storage[], readonly maxBytes = DEFAULT_MAX_MEMORY_BYTES, private readonly shared?: SharedTensors) {
    for (const s of storages) this.byId.set(s.id, s);
  }

  storage(id: number): Storage {
    const s = this.byId.get(id);
    if (!s) throw new AccessError(`storage #${id} is not part of the trace`);
    return s;
  }

  has(id: number): boolean {
    return this.tensors.has(id);
  }

  /** The storage's memory, allocated (unwritten) on first use. */
  tensor(id: number): TensorMemory {
    const hit = this.tensors.get(id);
    if (hit) return hit;
    const storage = this.storage(id);
    const dtype = numericDtype(storage.dtype);
    if (storage.shape.some((d) => d === undefined)) throw new AccessError(`tensor ${label(storage)} has an unknown shape`);
    const size = (storage.shape as number[]).reduce((a, b) => a * b, 1);
    const key = this.shared?.keyOf(storage);
    const other = key === undefined ? undefined : this.shared!.tensors.get(key);
    if (other) {
      if (other.size !== size || other.storage.dtype !== storage.dtype) {
        throw new AccessError(`shared tensor ${label(storage)} is ${storage.dtype}[${storage.shape.join(', ')}] in one program instance and ${other.storage.dtype}[${other.storage.shape.join(', ')}] in another`);
      }
      const t: TensorMemory = { ...other, storage };
      // Same arrays: every instance reads and writes one memory.
      this.tensors.set(id, t);
      return t;
    }
    const alias = placedKey(storage);
    const placed = alias === undefined ? undefined : this.placed.get(alias);
    if (placed) {
      // Same address, dtype and shape (hand-rotated buffer): one memory, visible through both.
      placed.users++;
      const t: TensorMemory = { ...placed.t, storage };
      this.tensors.set(id, t);
      return t;
    }
    const bytes = hostBytes(dtype, size);
    if (this.liveBytes + bytes > this.maxBytes) {
      throw new MemoryBudgetExceeded(`allocating ${label(storage)} (${storage.dtype}[${storage.shape.join(', ')}], ${formatMiB(bytes)}) would exceed the memory budget of ${formatMiB(this.maxBytes)} (${formatMiB(this.liveBytes)} live); run with smaller shapes or raise maxMemoryBytes`);
    }
    const t: TensorMemory = { storage, dtype, size, data: dtype.alloc(size), written: new Uint8Array(size) };
    if (alias !== undefined) {
      // Aliases copy the record, so the PSUM flags must exist before they are shared.
      if (storage.buffer === 'psum') t.matmulWritten = new Uint8Array(size);
      this.placed.set(alias, { t, users: 1 });
    }
    this.tensors.set(id, t);
    if (key !== undefined) {
      // PSUM flags never apply to HBM, so sharing the arrays is sharing the tensor.
      this.shared!.tensors.set(key, t);
      this.shared!.bytes += bytes;
    }
    this.liveBytes += bytes;
    this.peakBytes = Math.max(this.peakBytes, this.liveBytes);
    return t;
  }

  /** Frees a storage's memory (after its last use). */
  release(id: number): void {
    const t = this.tensors.get(id);
    if (!t) return;
    if (this.shared?.keyOf(t.storage) !== undefined) return;
    const alias = placedKey(t.storage);
    const placed = alias === undefined ? undefined : this.placed.get(alias);
    this.tensors.delete(id);
    if (placed && --placed.users > 0) return;
    if (alias !== undefined) this.placed.delete(alias);
    this.liveBytes -= hostBytes(t.dtype, t.size);
  }

  /** Fills a whole storage from values (kernel inputs), rounding to its dtype. */
  fill(id: number, values: ArrayLike<number>): void {
    const t = this.tensor(id);
    if (values.length !== t.size) throw new AccessError(`input ${label(t.storage)} needs ${t.size} values, got ${values.length}`);
    const r = t.dtype.round;
    for (let i = 0; i < t.size; i++) t.data[i] = r(values[i]);
    t.written.fill(1);
  }

  /** Element indices of a view, checked against the storage bounds. */
  indices(access: Access, layout?: Layout, what = 'an operand'): { t: TensorMemory; idx: Int32Array | Float64Array } {
    const t = this.tensor(access.storage);
    const l = layout ?? layoutOf(access, what);
    const [lo, hi] = layoutExtent(l);
    if (hi >= lo && (lo < 0 || hi >= t.size)) {
      throw new AccessError(`${what} reaches elements [${lo}, ${hi}] of ${label(t.storage)}, which has ${t.size} (${t.storage.dtype}[${t.storage.shape.join(', ')}]): out of bounds`);
    }
    if (access.dtype !== t.storage.dtype) {
      throw new AccessError(`${what} views ${label(t.storage)} (${t.storage.dtype}) as ${access.dtype} (.view(dtype), .astype or ap(dtype=)): reinterpreting views are not supported by the numerics yet`);
    }
    return { t, idx: viewIndices(l) };
  }

  /**
   * Values of a view in C order of `layout` (default: the access's own layout). Elements whose
   * `skip` entry is 1 are not read (masked off) and come back as NaN.
   */
  read(access: Access, layout?: Layout, what?: string, skip?: Uint8Array): Float64Array {
    if (!skip) {
      const run = this.contiguous(access, layout, what);
      if (run) {
        // Fast path: one contiguous run of elements, no index array.
        const { t, start, n } = run;
        const { data, written } = t;
        const out = new Float64Array(n);
        let unwritten = 0;
        for (let i = 0, j = start; i < n; i++, j++) {
          if (written[j]) out[i] = data[j];
          else { out[i] = t.dtype.uninitialised; unwritten++; }
        }
        if (unwritten > 0) this.reportUnwritten(t.storage, unwritten);
        return out;
      }
    }
    const re = this.reinterpreting(access, layout, what, skip);
    if (re) {
      const { values, unwritten } = this.guardReinterpret(() => reinterpretRead(re.t, access.dtype, re.idx, what ?? 'an operand'));
      if (unwritten > 0) this.reportUnwritten(re.t.storage, unwritten);
      return values;
    }
    const { t, idx } = skip ? this.maskedIndices(access, layout, what, skip) : this.indices(access, layout, what);
    const out = new Float64Array(idx.length);
    const { data, written } = t;
    let unwritten = 0;
    for (let i = 0; i < idx.length; i++) {
      const j = idx[i];
      if (j < 0) { out[i] = NaN; continue; }
      if (written[j]) out[i] = data[j];
      else { out[i] = t.dtype.uninitialised; unwritten++; }
    }
    if (unwritten > 0) this.reportUnwritten(t.storage, unwritten);
    return out;
  }

  /** One report per tensor: per allocation site, so a tile allocated in a loop is reported once. */
  private reportUnwritten(storage: Storage, elements: number): void {
    const hit = this.reported.get(storage.site);
    if (hit) { hit.elements += elements; hit.occurrences++; return; }
    const r: UninitialisedRead = { storage: storage.id, name: label(storage), seq: this.currentSeq, elements, occurrences: 1 };
    this.reported.set(storage.site, r);
    this.uninitialisedReads.push(r);
  }

  /** Writes `values` (C order of `layout`) into a view, rounding to the storage dtype. */
  write(access: Access, values: ArrayLike<number>, layout?: Layout, what?: string, skip?: Uint8Array, options: { matmul?: boolean } = {}): void {
    if (!skip) {
      const run = this.contiguous(access, layout, what);
      if (run) {
        const { t, start, n } = run;
        if (values.length !== n) throw new AccessError(`internal: writing ${values.length} values into a view of ${n} elements of ${label(t.storage)}`);
        const { data, written } = t;
        const r = t.dtype.round;
        for (let i = 0, j = start; i < n; i++, j++) data[j] = r(values[i]);
        written.fill(1, start, start + n);
        if (t.storage.buffer === 'psum') {
          if (options.matmul) (t.matmulWritten ??= new Uint8Array(t.size)).fill(1, start, start + n);
          else t.matmulWritten?.fill(0, start, start + n);
        }
        return;
      }
    }
    const re = this.reinterpreting(access, layout, what, skip);
    if (re) {
      if (values.length !== re.idx.length) throw new AccessError(`internal: writing ${values.length} values into a view of ${re.idx.length} elements of ${label(re.t.storage)}`);
      this.guardReinterpret(() => reinterpretWrite(re.t, access.dtype, re.idx, values, what ?? 'an operand'));
      return;
    }
    const { t, idx } = skip ? this.maskedIndices(access, layout, what, skip) : this.indices(access, layout, what);
    if (values.length !== idx.length) throw new AccessError(`internal: writing ${values.length} values into a view of ${idx.length} elements of ${label(t.storage)}`);
    const { data, written } = t;
    const r = t.dtype.round;
    for (let i = 0; i < idx.length; i++) {
      const j = idx[i];
      if (j < 0) continue;
      data[j] = r(values[i]);
      written[j] = 1;
    }
    if (t.storage.buffer === 'psum') {
      if (options.matmul) {
        const flags = (t.matmulWritten ??= new Uint8Array(t.size));
        for (let i = 0; i < idx.length; i++) if (idx[i] >= 0) flags[idx[i]] = 1;
      } else if (t.matmulWritten) {
        for (let i = 0; i < idx.length; i++) if (idx[i] >= 0) t.matmulWritten[idx[i]] = 0;
      }
    }
  }

  /**
   * The view as one run of consecutive elements [start, start + n) in C order (every dim of size
   * above 1 has the row-major stride of the dims after it), bounds- and dtype-checked; undefined
   * for any other view.
   */
  private contiguous(access: Access, layout: Layout | undefined, what = 'an operand'): { t: TensorMemory; start: number; n: number } | undefined {
    const l = layout ?? layoutOf(access, what);
    let expect = 1;
    for (let d = l.shape.length - 1; d >= 0; d--) {
      if (l.shape[d] !== 1 && l.strides[d] !== expect) return undefined;
      expect *= l.shape[d];
    }
    if (expect === 0) return undefined;
    const t = this.tensor(access.storage);
    if (l.offset < 0 || l.offset + expect > t.size) return undefined;
    if (access.dtype !== t.storage.dtype) return undefined;
    return { t, start: l.offset, n: expect };
  }

  /** A view whose dtype differs from its storage's (`.view(dtype)`): its element indices in view units. */
  private reinterpreting(access: Access, layout: Layout | undefined, what: string | undefined, skip: Uint8Array | undefined): { t: TensorMemory; idx: Int32Array | Float64Array } | undefined {
    const t = this.tensor(access.storage);
    if (access.dtype === t.storage.dtype) return undefined;
    if (skip) throw new AccessError(`${what ?? 'an operand'} views ${label(t.storage)} (${t.storage.dtype}) as ${access.dtype} under a mask=: masked reinterpreting views are not supported by the numerics`);
    return { t, idx: viewIndices(layout ?? layoutOf(access, what ?? 'an operand')) };
  }

  private guardReinterpret<T>(f: () => T): T {
    try {
      return f();
    } catch (e) {
      if (e instanceof ReinterpretError) throw new AccessError(e.message);
      throw e;
    }
  }

  /** Indices with masked-off elements replaced by -1 (and not bounds-checked). */
  private maskedIndices(access: Access, layout: Layout | undefined, what: string | undefined, skip: Uint8Array): { t: TensorMemory; idx: Int32Array | Float64Array } {
    const t = this.tensor(access.storage);
    const l = layout ?? layoutOf(access, what ?? 'an operand');
    const idx = Float64Array.from(viewIndices(l));
    if (idx.length !== skip.length) throw new AccessError(`internal: mask of ${skip.length} elements for a view of ${idx.length}`);
    for (let i = 0; i < idx.length; i++) {
      if (skip[i]) { idx[i] = -1; continue; }
      if (idx[i] < 0 || idx[i] >= t.size) {
        throw new AccessError(`${what ?? 'an operand'} reaches element ${idx[i]} of ${label(t.storage)}, which has ${t.size}, where the mask is true: out of bounds`);
      }
    }
    return { t, idx };
  }
}

/** Host bytes a storage really takes here: its typed array plus the written mask. */
function hostBytes(d: NumericDtype, size: number): number {
  return size * (d.alloc(0).BYTES_PER_ELEMENT + 1);
}

function formatMiB(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

export function label(s: Storage): string {
  return s.name ? `'${s.name}'` : `#${s.id}`;
}

/**
 * Identity of an explicitly placed on-chip tensor (`nl.ndarray(address=)`): tensors with the same
 * address, dtype and shape share one memory while any of them is live, so writes through one are
 * read through the other. Partially overlapping or differently typed placements are not aliased.
 */
function placedKey(s: Storage): string | undefined {
  if (!s.address || (s.buffer !== 'sbuf' && s.buffer !== 'psum')) return undefined;
  return `${s.buffer}:${s.address.partition}:${s.address.byte}:${s.dtype}:${s.shape.join(',')}`;
}
