"""A Beta 1 (neuronxcc.nki, Neuron <= 2.26) kernel: out = a + 2 * b, tile by tile.

Beta 1 kernels index HBM tensors with nl.arange index tiles, load and store with
nl.load/nl.store, and use Python operators on tiles. The column count (300) is not a multiple
of the 128-column tile, so the last column tile is partial: the mask= on the load and store keeps
its accesses inside the tensor.
"""
import neuronxcc.nki as nki
import neuronxcc.nki.language as nl


# nki-studio: shapes a=float32[256,300] b=float32[256,300]
@nki.jit
def beta1_add(a, b):
    rows, cols = a.shape
    out = nl.ndarray((rows, cols), dtype=a.dtype, buffer=nl.shared_hbm)
    i_p = nl.arange(128)[:, None]
    i_f = nl.arange(128)[None, :]
    for r in nl.affine_range(rows // 128):
        for c in nl.affine_range((cols + 127) // 128):
            in_bounds = (c * 128 + i_f < cols)
            a_tile = nl.load(a[r * 128 + i_p, c * 128 + i_f], mask=in_bounds)
            b_tile = nl.load(b[r * 128 + i_p, c * 128 + i_f], mask=in_bounds)
            total = a_tile + b_tile * 2.0
            nl.store(out[r * 128 + i_p, c * 128 + i_f], value=total, mask=in_bounds)
    return out
