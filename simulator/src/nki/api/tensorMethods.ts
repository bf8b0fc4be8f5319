/**
 * Methods and attributes of NKI tensor objects (`t.reshape(...)`, `t.ap(...)`, `t.indirect(...)`).
 *
 * Purpose: what may follow a tensor value, per version — view methods of NkiTensor (0.2+, most in
 * 0.5) and the Beta 1 tile methods — for attribute checks, hover and completion on tensors.
 * Invariant: names are 'NkiTensor.<member>'; they are not importable module names, so they live in
 * their own table (not in ALL_APIS) and are reached through NkiModel.tensorMember().
 * Source: nki-api.md §2.5 (views and indexing), §1.6 (0.5 view methods, indirection), §1.2 (Beta 1).
 */
import { NONE, SB, int, opt, present, req, variant, META } from './build';
import type { ApiEntry, ApiVariant } from './types';

const S = 'nki-api.md §2.5';
const view = { returns: { kind: 'value' as const, type: 'view' as const }, engine: META };

function method(name: string, doc: string, variants: readonly ApiVariant[], extra: Partial<ApiEntry> = {}): ApiEntry {
  return { name: `NkiTensor.${name}`, kind: 'function', module: 'NkiTensor', doc, source: extra.source ?? S, variants, ...extra };
}
const attr = (name: string, doc: string): ApiEntry =>
  ({ name: `NkiTensor.${name}`, kind: 'constant', module: 'NkiTensor', doc, source: S, variants: [present({}, { returns: { kind: 'value', type: 'object' } })] });

export const TENSOR_MEMBERS: readonly ApiEntry[] = [
  attr('shape', 'Tuple of dimension sizes (dim 0 is the partition dim on chip).'),
  attr('dtype', 'Element data type.'),
  attr('buffer', 'Memory buffer holding the tensor.'),
  attr('ndim', 'Number of dimensions.'),
  attr('size', 'Total number of elements.'),
  attr('strides', 'Element strides per dimension (0.2+).'),
  attr('offset', 'Element offset of the view into its storage (0.2+).'),
  attr('name', 'Tensor name.'),
  method('reshape', 'View with a new shape; element count preserved (asserted from 0.5); on chip shape[0] unchanged.', [
    variant({}, [req('shape', 'shape')], view)]),
  method('view', 'Reinterprets the bits as another dtype (last dim rescaled by the size ratio).', [
    variant({}, [req('dtype', 'dtype')], view)]),
  method('reinterpret_cast', 'Same as view(dtype).', [variant({ since: '0.2' }, [req('dtype', 'dtype')], view)], { confidence: 'uncertain', note: 'named in §2.5 as an alias of view' }),
  method('ap', 'Raw access pattern [[stride, count], …] over the storage with optional scalar_offset (register or 1×1 tile) or vector_offset ((P,1) SBUF indices, HBM side).', [
    variant({ since: '0.2' }, [req('pattern', 'index'), opt('offset', NONE, 'index'), opt('scalar_offset', NONE, 'operand', { buffers: SB }),
      opt('vector_offset', NONE, 'operand', { buffers: SB }), opt('indirect_dim', int(0), 'index'), opt('dtype', NONE, 'dtype')], view)]),
  method('get_pattern', 'Returns the access pattern of the view.', [variant({ since: '0.2' }, [], { returns: { kind: 'value', type: 'object' }, engine: META })]),
  method('permute', 'Reorders dims (on chip dims[0] must be 0).', [variant({ since: '0.5' }, [req('dims', 'index')], view)]),
  method('broadcast', 'Broadcasts a size-1 dim to size (not dim 0 on chip).', [variant({ since: '0.5' }, [req('dim', 'index'), req('size', 'shape')], view)]),
  method('expand_dim', 'Inserts a size-1 dim (not dim 0 on chip).', [variant({ since: '0.5' }, [req('dim', 'index')], view)]),
  method('squeeze_dim', 'Removes a size-1 dim (not dim 0 on chip).', [variant({ since: '0.5' }, [req('dim', 'index')], view)]),
  method('reshape_dim', 'Splits one dim into shape (one -1 allowed).', [variant({ since: '0.5' }, [req('dim', 'index'), req('shape', 'shape')], view)]),
  method('flatten_dims', 'Merges contiguous dims start..end (on chip start > 0).', [variant({ since: '0.5' }, [req('start', 'index'), req('end', 'index')], view)]),
  method('rearrange', 'einops-style rearrangement.', [variant({ since: '0.5' }, [req('src_pattern', 'other'), req('dst_pattern', 'other'), opt('fixed_sizes', NONE, 'other')], view)]),
  method('slice', 'Slice of one dim: 0 ≤ start < end ≤ shape[dim], step ≥ 1.', [variant({ since: '0.5' }, [req('dim', 'index'), req('start', 'index'), req('end', 'index'), opt('step', int(1), 'index')], view)]),
  method('select', 'Selects one index of a dim: a static int or a 1×1 SBUF tensor (dynamic).', [variant({ since: '0.5' }, [req('dim', 'index'), req('index', 'index')], view)]),
  method('vector_select', 'Per-partition dynamic offsets on dim 0 of an HBM tensor ((P,1) SBUF offsets).', [variant({ since: '0.5' }, [req('dim', 'index'), req('vector_offset', 'operand', { buffers: SB })], view)]),
  method('indirect', 'NC-v4 tensor indirection for compute instructions: index (P, K) SBUF tile with P equal to the tensor\'s P.', [
    variant({ since: '0.5' }, [req('index', 'operand', { buffers: SB }), opt('num_elem', NONE, 'scalar')], view)], { targets: ['trn3'], source: `${S}; §1.6` }),
  method('is_contiguous', 'True when the view is contiguous.', [variant({ since: '0.5' }, [], { returns: { kind: 'value', type: 'bool' }, engine: META })]),
  method('is_indirect', 'True when the view uses indirection.', [variant({ since: '0.5' }, [], { returns: { kind: 'value', type: 'bool' }, engine: META })]),
  // Beta 1 tile methods
  method('broadcast_to', 'Beta 1: broadcast the tile to shape.', [variant({ until: '0.2' }, [req('shape', 'shape')], view)], { source: `${S} (Beta 1 differences)` }),
  method('astype', 'Beta 1: converted copy with another dtype.', [variant({ until: '0.2' }, [req('dtype', 'dtype')], { returns: { kind: 'tile', buffer: 'sbuf' }, engine: META })], { source: `${S} (Beta 1 differences)` }),
  method('expand_dims', 'Beta 1: insert a size-1 axis.', [variant({ until: '0.2' }, [req('axis', 'index')], view)], { source: `${S} (Beta 1 differences)` }),
];

