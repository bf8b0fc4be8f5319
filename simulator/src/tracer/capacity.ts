/**
 * On-chip capacity after a trace: each SBUF/PSUM allocation is live from the instruction where
 * it was allocated to its last access (tiles allocated in a loop body are separate allocations
 * per iteration, so they are not summed over iterations). A sweep finds the peak of live bytes
 * per partition; over the target's capacity we report where the peak occurs and the largest
 * allocations live there, as the compiler's allocator would fail there.
 */
import type { Span } from '../frontend/ast';
import { formatBytes, formatShape } from './convert';
import type { Storage } from './instruction';
import type { Related, TraceSession } from './session';

interface Interval { storage: Storage; start: number; end: number; cost: number }

function spanOf(s: Storage): Span | undefined {
  if (!s.span) return undefined;
  return { start: { line: s.span.line, character: s.span.character }, end: { line: s.span.endLine, character: s.span.endCharacter }, startOffset: -1, endOffset: -1 };
}

/**
 * The peak of summed `cost` over live intervals, and the intervals live at that point. Interval
 * bounds are instruction indices, so a difference array over them gives the live total at every
 * index in linear time (a trace can hold hundreds of thousands of allocations). All changes at one
 * index apply together, so an allocation can reuse memory freed there.
 */
export function peakLive(intervals: Interval[]): { peak: number; at: number; live: Interval[] } {
  let last = -1;
  for (const iv of intervals) if (iv.end + 1 > last) last = iv.end + 1;
  const delta = new Float64Array(last + 1);
  for (const iv of intervals) {
    delta[iv.start] += iv.cost;
    delta[iv.end + 1] -= iv.cost;
  }
  let cur = 0; let peak = 0; let at = -1;
  for (let t = 0; t <= last; t++) {
    cur += delta[t];
    if (cur > peak) { peak = cur; at = t; }
  }
  const live = intervals.filter((iv) => iv.start <= at && iv.end >= at);
  return { peak, at, live };
}

/**
 * `peakLive` over one buffer's allocations, from columns rather than interval objects (a trace
 * can hold hundreds of thousands of storages); the live intervals are built only when asked for
 * (a diagnostic), in storage order as `peakLive` lists them.
 */
function livePeak(session: TraceSession, candidates: readonly Storage[], cost: (s: Storage) => number | undefined): { peak: number; at: number; live: () => Interval[] } {
  const storages = session.storages;
  const ids = new Int32Array(candidates.length);
  const starts = new Int32Array(candidates.length);
  const ends = new Int32Array(candidates.length);
  const costs = new Float64Array(candidates.length);
  let n = 0;
  let last = -1;
  for (const s of candidates) {
    const c = cost(s);
    if (c === undefined || c === 0) continue;
    const start = session.allocatedAt[s.id] ?? 0;
    const end = Math.max(start, session.lastUse[s.id] ?? start);
    ids[n] = s.id; starts[n] = start; ends[n] = end; costs[n] = c; n++;
    if (end + 1 > last) last = end + 1;
  }
  const delta = new Float64Array(last + 1);
  for (let i = 0; i < n; i++) {
    delta[starts[i]] += costs[i];
    delta[ends[i] + 1] -= costs[i];
  }
  let cur = 0; let peak = 0; let at = -1;
  for (let t = 0; t <= last; t++) {
    cur += delta[t];
    if (cur > peak) { peak = cur; at = t; }
  }
  const live = (): Interval[] => {
    const out: Interval[] = [];
    for (let i = 0; i < n; i++) {
      if (starts[i] <= at && ends[i] >= at) out.push({ storage: storages[ids[i]], start: starts[i], end: ends[i], cost: costs[i] });
    }
    return out;
  };
  return { peak, at, live };
}

/**
 * The bytes per partition (or, with `unit`, the `unit`-sized banks) covered by the union of the
 * explicitly placed ranges of one buffer, over the whole kernel: the kernel reserves those
 * addresses, and tensors at the same address share them. Only placed storages with a known
 * address and size count; `count` is their allocation sites, `last` the latest of them, to anchor a diagnostic.
 */
export function placedFootprint(storages: readonly Storage[], buffer: 'sbuf' | 'psum', unit = 0): { bytes: number; count: number; last: Storage | undefined } {
  const ranges: Array<[number, number]> = [];
  const sites = new Set<string>();
  let last: Storage | undefined;
  for (const s of storages) {
    if (s.buffer !== buffer || !s.address || s.elided) continue;
    const size = s.bytesPerPartition;
    if (size === undefined) continue;
    let lo = s.address.byte;
    let hi = lo + Math.max(1, size);
    if (unit > 0) { lo = Math.floor(lo / unit); hi = Math.ceil(hi / unit); }
    ranges.push([lo, hi]);
    sites.add(s.site);
    last = s;
  }
  ranges.sort((a, b) => a[0] - b[0]);
  let total = 0; let curLo = -1; let curHi = -1;
  for (const [lo, hi] of ranges) {
    if (lo > curHi) { total += curHi - curLo; curLo = lo; curHi = hi; } else if (hi > curHi) curHi = hi;
  }
  total += curHi - curLo;
  return { bytes: total, count: sites.size, last };
}

/** The allocation that pushed usage over the limit: the last one made among those live. */
function latest(live: Interval[]): Interval {
  return [...live].sort((a, b) => b.start - a.start || b.storage.id - a.storage.id)[0];
}

function describe(iv: Interval, unit: (n: number) => string): string {
  const s = iv.storage;
  return `${s.name ? `'${s.name}'` : `#${s.id}`} ${s.dtype}${formatShape(s.shape)} (${unit(iv.cost)})`;
}

/** Reports NKI301 (SBUF) and NKI302 (PSUM banks) at the allocation that reaches the peak. */
/**
 * Bytes per partition an allocation needs live at once. A Beta 1 tensor with leading block dims
 * is a set of tiles the compiler allocates one block at a time (per-block lifetimes are not
 * tracked), so it counts as one block: an under-estimate rather than a false alarm.
 */
export function liveBytesPerPartition(s: Storage): number | undefined {
  if (s.bytesPerPartition === undefined) return undefined;
  if (!s.blockDims) return s.bytesPerPartition;
  let blocks = 1;
  for (const d of s.shape.slice(0, s.blockDims)) {
    if (d === undefined) return undefined;
    blocks *= d;
  }
  return blocks > 0 ? s.bytesPerPartition / blocks : undefined;
}

export function checkCapacity(session: TraceSession, report: (code: 'NKI301' | 'NKI302', message: string, span: Span | undefined, related: Related[]) => void): void {
  const limits = session.model.limits;
  // One pass over the storages (hundreds of thousands): the allocator's on-chip tensors by
  // buffer, and the explicitly placed ones, in storage order.
  const sbufLive: Storage[] = [];
  const psumLive: Storage[] = [];
  const placedAt: Storage[] = [];
  for (const s of session.storages) {
    if (s.address) placedAt.push(s);
    if (s.explicitlyPlaced || s.elided) continue;
    if (s.buffer === 'sbuf') sbufLive.push(s);
    else if (s.buffer === 'psum') psumLive.push(s);
  }
  const sbufPeak = livePeak(session, sbufLive, liveBytesPerPartition);
  const sbufCap = limits.sbufBytesPerPartitionUsable;
  // Explicitly placed tensors (address=) alias by design: they reserve the union of their ranges.
  const sbufPlaced = placedFootprint(placedAt, 'sbuf');
  if (sbufPeak.peak + sbufPlaced.bytes > sbufCap) {
    const sbuf = { peak: sbufPeak.peak, live: sbufPeak.live() };
    const largest = [...sbuf.live].sort((a, b) => b.cost - a.cost);
    const culprit = sbuf.live.length ? latest(sbuf.live).storage : sbufPlaced.last!;
    const placed = sbufPlaced.bytes > 0 ? `${sbuf.live.length ? ' plus' : ''} ${formatBytes(sbufPlaced.bytes)} reserved by ${sbufPlaced.count} explicit placement(s) (address=)` : '';
    const listing = largest.length ? ` Largest live: ${largest.slice(0, 3).map((iv) => describe(iv, formatBytes)).join(', ')}.` : '';
    report('NKI301',
      `SBUF over capacity: ${sbuf.live.length ? `${formatBytes(sbuf.peak)} per partition live at once` : ''}${placed}, more than the ${formatBytes(sbufCap)} usable on ${session.model.target}.${listing}`,
      spanOf(culprit),
      largest.slice(0, 3).flatMap((iv) => { const sp = spanOf(iv.storage); return sp && iv.storage.span ? [{ message: `live: ${describe(iv, formatBytes)}`, span: sp, path: iv.storage.span.path }] : []; }));
  }
  const bankBytes = limits.psumBankBytes;
  const psumPeak = livePeak(session, psumLive, (s) => { const b = liveBytesPerPartition(s); return b === undefined ? undefined : Math.max(1, Math.ceil(b / bankBytes)); });
  const psumPlaced = placedFootprint(placedAt, 'psum', bankBytes);
  if (psumPeak.peak + psumPlaced.bytes > limits.psumBanks) {
    const psum = { peak: psumPeak.peak, live: psumPeak.live() };
    const largest = [...psum.live].sort((a, b) => b.cost - a.cost);
    const culprit = psum.live.length ? latest(psum.live).storage : psumPlaced.last!;
    const banks = (n: number) => `${n} bank${n === 1 ? '' : 's'}`;
    const placed = psumPlaced.bytes > 0 ? `${psum.live.length ? ' plus' : ''} ${banks(psumPlaced.bytes)} used by ${psumPlaced.count} explicit placement(s) (address=)` : '';
    const listing = largest.length ? ` Live: ${largest.slice(0, 4).map((iv) => describe(iv, banks)).join(', ')}.` : '';
    report('NKI302',
      `PSUM over capacity: ${psum.live.length ? `${psum.peak} banks live at once` : ''}${placed}, more than the ${limits.psumBanks} banks (${formatBytes(bankBytes)} each per partition).${listing}`,
      spanOf(culprit),
      largest.slice(0, 4).flatMap((iv) => { const sp = spanOf(iv.storage); return sp && iv.storage.span ? [{ message: `live: ${describe(iv, banks)}`, span: sp, path: iv.storage.span.path }] : []; }));
  }
}
