"""Tiled matrix multiplication: out[M, N] = lhsT[K, M].T @ rhs[K, N].

The contraction dimension K is split into 128-row tiles (the partition dimension the
Tensor Engine contracts over); partial products accumulate in one PSUM bank, then the
result is copied to SBUF and written back to HBM.
"""
import nki
import nki.isa as nisa
import nki.language as nl


# nki-studio: shapes lhsT=bfloat16[1024,128] rhs=bfloat16[1024,512]
@nki.jit
def matmul_tiled(lhsT, rhs):
    K, M = lhsT.shape
    _, N = rhs.shape
    out = nl.ndarray((M, N), dtype=rhs.dtype, buffer=nl.shared_hbm)
    acc = nl.ndarray((M, N), dtype=nl.float32, buffer=nl.psum)
    for k in range(K // 128):
        a = nl.ndarray((128, M), dtype=lhsT.dtype, buffer=nl.sbuf)
        b = nl.ndarray((128, N), dtype=rhs.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=a, src=lhsT[k * 128:(k + 1) * 128, :])
        nisa.dma_copy(dst=b, src=rhs[k * 128:(k + 1) * 128, :])
        nisa.nc_matmul(dst=acc, stationary=a, moving=b, accumulate=(k > 0))
    res = nl.ndarray((M, N), dtype=rhs.dtype, buffer=nl.sbuf)
    nisa.tensor_copy(dst=res, src=acc)
    nisa.dma_copy(dst=out, src=res)
    return out
