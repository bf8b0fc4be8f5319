"""RMSNorm: out[i, :] = x[i, :] / sqrt(mean(x[i, :]^2) + eps) * w.

The sum of squares comes out of one Scalar Engine instruction (square, with a running add over
the row); a Vector Engine tensor_scalar turns it into mean + eps; rsqrt gives the per-row scale.
The weight row is broadcast across the 128 partitions by the DMA that loads it.
"""
import nki
import nki.isa as nisa
import nki.language as nl


# nki-studio: shapes x=float32[256,512] w=float32[1,512]
@nki.jit
def rmsnorm(x, w, eps=1e-6):
    rows, cols = x.shape
    out = nl.ndarray((rows, cols), dtype=x.dtype, buffer=nl.shared_hbm)
    weight = nl.ndarray((128, cols), dtype=nl.float32, buffer=nl.sbuf)
    nisa.dma_copy(dst=weight, src=w.broadcast(0, 128))
    for i in range(rows // 128):
        tile = nl.ndarray((128, cols), dtype=nl.float32, buffer=nl.sbuf)
        nisa.dma_copy(dst=tile, src=x[i * 128:(i + 1) * 128, :])

        squares = nl.ndarray((128, cols), dtype=nl.float32, buffer=nl.sbuf)
        sum_sq = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.activation(dst=squares, op=nl.square, data=tile, reduce_op=nl.add,
                        reduce_res=sum_sq, reduce_cmd=nisa.reduce_cmd.reset_reduce)

        mean_sq = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.tensor_scalar(dst=mean_sq, data=sum_sq, op0=nl.multiply, operand0=1.0 / cols,
                           op1=nl.add, operand1=eps)
        rstd = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.activation(dst=rstd, op=nl.rsqrt, data=mean_sq)

        normed = nl.ndarray((128, cols), dtype=nl.float32, buffer=nl.sbuf)
        nisa.tensor_scalar(dst=normed, data=tile, op0=nl.multiply, operand0=rstd)
        result = nl.ndarray((128, cols), dtype=x.dtype, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=result, data1=normed, data2=weight, op=nl.multiply)
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, :], src=result)
    return out
