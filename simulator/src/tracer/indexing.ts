/**
 * NKI tensor indexing as pure shape arithmetic: `t[key]` over a tensor view yields a new view
 * (shape, strides, element offset) of the same storage. Follows the NKI 0.2+ rules
 * (nki-api.md §2.5):
 * - on-chip (SBUF/PSUM): an integer on the partition dim keeps it with size 1; an integer on a
 *   free dim drops it unless the result would have fewer than 2 dims (then the last free dim is
 *   kept with size 1);
 * - HBM: an integer drops the dim (the result keeps at least 1 dim);
 * - negative indices count from the end; slice steps must be >= 1; out-of-range access is an
 *   error that names the dimension, the index range and the size.
 * Unknown values (shape mode without shapes) are `undefined` and propagate: facts that depend on
 * them are unknown, never guessed.
 */

/** A dimension size or index that may be unknown in shape mode. */
export type Dim = number | undefined;

export interface View {
  shape: Dim[];
  /** Strides in elements; unknown when an earlier dim is unknown. */
  strides: Dim[];
  /** Offset of the first element in elements, from the start of the storage. */
  offset: Dim;
  /** Beta 1 leading block dims before the partition dim (`nl.par_dim`); they index like HBM dims. */
  blockDims?: number;
}

export type IndexKey =
  | { kind: 'int'; value: Dim }
  | { kind: 'slice'; start?: Dim; stop?: Dim; step?: Dim; startGiven: boolean; stopGiven: boolean }
  | { kind: 'ellipsis' };

export type IndexResult =
  | { ok: true; view: View }
  | { ok: false; error: IndexError };

export interface IndexError {
  kind: 'out-of-bounds' | 'too-many-indices' | 'bad-step' | 'multiple-ellipsis';
  dim?: number;
  message: string;
}

export function contiguousView(shape: Dim[]): View {
  const strides: Dim[] = new Array(shape.length);
  let acc: Dim = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc = acc === undefined || shape[i] === undefined ? undefined : acc * (shape[i] as number);
  }
  return { shape: [...shape], strides, offset: 0 };
}

export function elementCount(shape: readonly Dim[]): Dim {
  let n = 1;
  for (const d of shape) {
    if (d === undefined) return undefined;
    n *= d;
  }
  return n;
}

const add = (a: Dim, b: Dim): Dim => (a === undefined || b === undefined ? undefined : a + b);
const mul = (a: Dim, b: Dim): Dim => (a === undefined || b === undefined ? undefined : a * b);

/** Expands an ellipsis and pads missing trailing keys with full slices. */
function normaliseKeys(keys: IndexKey[], rank: number): IndexKey[] | IndexError {
  const ellipses = keys.filter((k) => k.kind === 'ellipsis').length;
  if (ellipses > 1) return { kind: 'multiple-ellipsis', message: "an index can only have a single ellipsis ('...')" };
  const explicit = keys.length - ellipses;
  if (explicit > rank) {
    return { kind: 'too-many-indices', message: `too many indices for a tensor of rank ${rank}: ${explicit} given` };
  }
  const full: IndexKey = { kind: 'slice', startGiven: false, stopGiven: false };
  const out: IndexKey[] = [];
  for (const k of keys) {
    if (k.kind === 'ellipsis') for (let i = 0; i < rank - explicit; i++) out.push(full);
    else out.push(k);
  }
  while (out.length < rank) out.push(full);
  return out;
}

/** Python's slice.indices for step >= 1, with unknowns propagated. */
function sliceBounds(size: Dim, key: Extract<IndexKey, { kind: 'slice' }>): { start: Dim; length: Dim; step: number } | 'bad-step' {
  const stepDim = key.step;
  if (stepDim !== undefined && stepDim < 1) return 'bad-step';
  const step = stepDim ?? 1;
  const resolve = (v: Dim, given: boolean, dflt: Dim): Dim => {
    if (!given) return dflt;
    if (v === undefined) return undefined;
    if (size === undefined) return v >= 0 ? v : undefined;
    return Math.max(0, Math.min(v < 0 ? v + size : v, size));
  };
  const start = resolve(key.start, key.startGiven, 0);
  const stop = resolve(key.stop, key.stopGiven, size);
  if (start === undefined || stop === undefined) return { start, length: undefined, step };
  const length = stop > start ? Math.ceil((stop - start) / step) : 0;
  return { start, length, step };
}

/**
 * Applies `keys` to `view`. Slices clamp like Python (NKI reports out-of-range slice bounds:
 * we report a stop beyond the size as out-of-bounds, as the compiler does for static accesses).
 */
export function applyIndex(view: View, keys: IndexKey[], onChip: boolean): IndexResult {
  const rank = view.shape.length;
  const norm = normaliseKeys(keys, rank);
  if (!Array.isArray(norm)) return { ok: false, error: norm };
  const shape: Dim[] = [];
  const strides: Dim[] = [];
  let offset = view.offset;
  const dropped: number[] = [];
  /** Integer-indexed block dims: always dropped, never kept to satisfy the minimum rank. */
  const droppedBlocks = new Set<number>();
  const blockDims = view.blockDims ?? 0;
  let keptBlocks = 0;
  for (let d = 0; d < rank; d++) {
    const key = norm[d];
    const size = view.shape[d];
    const stride = view.strides[d];
    if (key.kind === 'int') {
      let i = key.value;
      if (i !== undefined && size !== undefined) {
        if (i < -size || i >= size) {
          return { ok: false, error: { kind: 'out-of-bounds', dim: d, message: `index ${i} is out of bounds for dimension ${d} of size ${size}` } };
        }
        if (i < 0) i += size;
      } else if (i !== undefined && i < 0) i = undefined;
      offset = add(offset, mul(i, stride));
      if (d < blockDims) { droppedBlocks.add(shape.length); shape.push(1); strides.push(stride); }
      else if (onChip && d === blockDims) { shape.push(1); strides.push(stride); }
      else dropped.push(shape.length), shape.push(1), strides.push(stride);
      continue;
    }
    if (d < blockDims) keptBlocks++;
    if (key.kind === 'ellipsis') continue;
    if (key.stopGiven && key.stop !== undefined && size !== undefined && key.stop > size) {
      const lo = key.startGiven ? key.start : 0;
      return {
        ok: false,
        error: { kind: 'out-of-bounds', dim: d, message: `slice [${lo ?? '?'}:${key.stop}] is out of bounds for dimension ${d} of size ${size}` },
      };
    }
    if (key.startGiven && key.start !== undefined && size !== undefined && key.start > size) {
      return { ok: false, error: { kind: 'out-of-bounds', dim: d, message: `slice start ${key.start} is out of bounds for dimension ${d} of size ${size}` } };
    }
    const b = sliceBounds(size, key);
    if (b === 'bad-step') return { ok: false, error: { kind: 'bad-step', dim: d, message: 'slice step cannot be zero or negative' } };
    offset = add(offset, mul(b.start, stride));
    shape.push(b.length);
    strides.push(mul(stride, b.step));
  }
  // Integer indices drop their dim, but on-chip tensors stay at least 2-D and HBM at least 1-D.
  const minRank = onChip ? 2 : 1;
  let keep = new Set<number>();
  const remaining = shape.length - dropped.length - droppedBlocks.size - keptBlocks;
  if (remaining < minRank) keep = new Set(dropped.slice(dropped.length - (minRank - remaining)));
  const outShape: Dim[] = [];
  const outStrides: Dim[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (droppedBlocks.has(i) || (dropped.includes(i) && !keep.has(i))) continue;
    outShape.push(shape[i]);
    outStrides.push(strides[i]);
  }
  return { ok: true, view: { shape: outShape, strides: outStrides, offset, ...(keptBlocks ? { blockDims: keptBlocks } : {}) } };
}

/**
 * The element offsets a view touches, as [first, last] (inclusive), or undefined when unknown.
 * Used for dependency and bounds checks; exact per-element sets are the simulator's business.
 */
export function elementExtent(view: View): [number, number] | undefined {
  if (view.offset === undefined) return undefined;
  let lo = view.offset;
  let hi = view.offset;
  for (let i = 0; i < view.shape.length; i++) {
    const n = view.shape[i];
    const s = view.strides[i];
    if (n === undefined || s === undefined) return undefined;
    if (n === 0) return undefined;
    const span = (n - 1) * s;
    if (span >= 0) hi += span;
    else lo += span;
  }
  return [lo, hi];
}
