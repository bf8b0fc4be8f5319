"""NKI Studio walkthrough: out = a * scale + b, one 128-row tile at a time.

There is one mistake in this kernel: the `total` tile is placed in HBM, but the Vector
Engine reads and writes on-chip memory only. NKI Studio underlines it as you type.
Hover the squiggle, change `nl.hbm` to `nl.sbuf`, then click "Run & Profile" above the kernel.
"""
import nki
import nki.isa as nisa
import nki.language as nl


# nki-studio: shapes a=float32[512,1024] b=float32[512,1024]
@nki.jit
def scale_add(a, b):
    rows, cols = a.shape
    out = nl.ndarray((rows, cols), dtype=a.dtype, buffer=nl.shared_hbm)
    for i in range(rows // 128):
        a_tile = nl.ndarray((128, cols), dtype=a.dtype, buffer=nl.sbuf)
        b_tile = nl.ndarray((128, cols), dtype=b.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=a_tile, src=a[i * 128:(i + 1) * 128, :])
        nisa.dma_copy(dst=b_tile, src=b[i * 128:(i + 1) * 128, :])
        scaled = nl.ndarray((128, cols), dtype=a.dtype, buffer=nl.sbuf)
        nisa.tensor_scalar(dst=scaled, data=a_tile, op0=nl.multiply, operand0=2.0)
        total = nl.ndarray((128, cols), dtype=a.dtype, buffer=nl.hbm)
        nisa.tensor_tensor(dst=total, data1=scaled, data2=b_tile, op=nl.add)
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, :], src=total)
    return out
