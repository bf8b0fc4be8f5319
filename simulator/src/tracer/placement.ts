/**
 * Explicit placement: `nl.ndarray(shape, dtype, buffer=nl.sbuf|nl.psum, address=(p, f))` puts an
 * on-chip tensor at start partition `p` and byte offset `f` within each partition (nki-api.md
 * §2.6 item 9: the free offset is in bytes). The storage records the address, so capacity counts
 * the placed byte ranges instead of adding the tensor to the allocator's live sum, and the
 * performance model makes tensors at overlapping addresses depend on each other (that is how
 * kernels rotate buffers by hand). Checked here, at the allocation (C13): the range fits the
 * buffer (partitions, bytes per partition), a PSUM address starts on a bank boundary, and the
 * start partition is a quadrant start (KLR rule; a warning, production enforcement unconfirmed).
 * Limits come from the target table (`session.model.limits`).
 */
import type { Ctx, Value } from '../interp';
import { formatBytes } from './convert';
import type { Storage } from './instruction';
import type { TraceSession } from './session';

function intOf(v: Value): number | undefined {
  if (v.kind === 'int') return Number(v.value);
  if (v.kind === 'bool') return v.value ? 1 : 0;
  return undefined;
}

/**
 * Applies `address=` to a fresh storage: marks it explicitly placed and, when both offsets are
 * known, records and validates them. Returns nothing; findings are reported on the session.
 */
export function placeAt(session: TraceSession, ctx: Ctx, storage: Storage, address: Value | undefined): void {
  if (!address || address.kind === 'none') return;
  if (storage.buffer !== 'sbuf' && storage.buffer !== 'psum') {
    session.report('NKI504', `address= places a tensor in SBUF or PSUM; this tensor is in ${storage.buffer.toUpperCase()}.`, ctx);
    return;
  }
  const items = address.kind === 'tuple' || address.kind === 'list' ? address.items : undefined;
  if (!items || items.length !== 2) {
    session.report('NKI504', 'address= takes (partition_offset, free_offset): a pair of integers.', ctx);
    return;
  }
  // Placed by the kernel: not the automatic allocator's to fit, even if the offsets are unknown.
  storage.explicitlyPlaced = true;
  const partition = intOf(items[0]);
  const byte = intOf(items[1]);
  if (partition === undefined || byte === undefined) {
    if (items.every((v) => v.kind === 'int' || v.kind === 'bool' || v.kind === 'unknown')) {
      ctx.gap('address= offsets are unknown: the placement is not checked and the performance model treats the tensor as separately allocated');
    } else {
      session.report('NKI504', 'address= takes (partition_offset, free_offset): a pair of integers.', ctx);
    }
    return;
  }
  const limits = session.model.limits;
  const psum = storage.buffer === 'psum';
  const name = storage.name ? `'${storage.name}'` : 'the tensor';
  if (partition < 0 || byte < 0) {
    session.report('NKI504', `address=(${partition}, ${byte}): offsets must be non-negative.`, ctx);
    return;
  }
  storage.address = { partition, byte };
  const parts = storage.partitions;
  if (parts !== undefined && partition + parts > limits.partitions) {
    session.report('NKI201', `${name} at start partition ${partition} spans ${parts} partitions, past the ${limits.partitions} partitions of ${psum ? 'PSUM' : 'SBUF'} (partition size is too large for memory region).`, ctx);
  }
  const capacity = psum ? limits.psumBytesPerPartition : limits.sbufBytesPerPartitionUsable;
  const bpp = storage.bytesPerPartition;
  if (bpp !== undefined && byte + bpp > capacity) {
    session.report(psum ? 'NKI302' : 'NKI301',
      `${name} placed at byte ${byte} with ${formatBytes(bpp)} per partition ends at byte ${byte + bpp}, past the ${formatBytes(capacity)} per partition ${psum ? 'of PSUM' : `usable in SBUF on ${session.model.target}`}.`, ctx);
  }
  if (psum && byte % limits.psumBankBytes !== 0) {
    const bank = Math.floor(byte / limits.psumBankBytes);
    session.report('NKI303', `PSUM address ${byte} is not on a bank boundary: PSUM tensors must start at a multiple of ${limits.psumBankBytes} bytes (bank ${bank} starts at ${bank * limits.psumBankBytes}).`, ctx);
  } else if (!psum && byte % limits.sbufMinAlignBytes !== 0) {
    session.report('NKI303', `SBUF address ${byte} is not a multiple of the ${limits.sbufMinAlignBytes}-byte minimum alignment.`, ctx);
  }
  const quadrant = limits.partitionQuadrantPartitions;
  if (partition % quadrant !== 0) {
    const starts = Array.from({ length: Math.ceil(limits.partitions / quadrant) }, (_, i) => i * quadrant).join(', ');
    session.report('NKI303', `start partition ${partition} is not a quadrant start (${starts}): the compiler front end rejects such access patterns.`, ctx, { severity: 'warning' });
  }
}
