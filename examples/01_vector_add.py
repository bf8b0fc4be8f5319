"""Element-wise addition of two HBM tensors, one 128-row tile at a time.

The smallest complete NKI kernel: load tiles from HBM into SBUF, add them on the
Vector Engine, store the sum back to HBM. Open this file in NKI Studio and use the
"Run & Profile" CodeLens above the kernel.
"""
import nki
import nki.isa as nisa
import nki.language as nl


# nki-studio: shapes a=float32[256,1024] b=float32[256,1024]
@nki.jit
def vector_add(a, b):
    rows, cols = a.shape
    out = nl.ndarray((rows, cols), dtype=a.dtype, buffer=nl.shared_hbm)
    for i in range(rows // 128):
        a_tile = nl.ndarray((128, cols), dtype=a.dtype, buffer=nl.sbuf)
        b_tile = nl.ndarray((128, cols), dtype=b.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=a_tile, src=a[i * 128:(i + 1) * 128, :])
        nisa.dma_copy(dst=b_tile, src=b[i * 128:(i + 1) * 128, :])
        total = nl.ndarray((128, cols), dtype=a.dtype, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=total, data1=a_tile, data2=b_tile, op=nl.add)
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, :], src=total)
    return out
