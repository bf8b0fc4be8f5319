"""Qwen3 RMSNorm (input, post-attention, q/k and final norms): out = x / sqrt(mean(x^2) + eps) * w.

Two versions of the same operation, as in Hugging Face's Qwen3RMSNorm (statistics in fp32, the
result cast back to the input dtype):

- rmsnorm_unfused is what a default lowering of the PyTorch graph does: pow/mean/rsqrt, the
  multiply by the per-row scale and the multiply by the weight are separate operations, so the
  per-row scale and the fp32 normalised rows make round trips through HBM.
- rmsnorm_fused keeps every row in SBUF from load to store and moves several 128-row tiles per
  DMA when rows are short (the q/k norms have 128-element rows).

Layout: x is [R, C] (one row per token, or per token and head for q_norm / k_norm), w is [1, C];
R is a multiple of 128.
"""
import nki
import nki.isa as nisa
import nki.language as nl


# nki-studio: shapes x=bfloat16[512,1024] w=bfloat16[1,1024]
@nki.jit
def rmsnorm_unfused(x, w, eps=1e-6):
    rows, cols = x.shape
    out = nl.ndarray((rows, cols), dtype=x.dtype, buffer=nl.shared_hbm)
    rstd_hbm = nl.ndarray((rows, 1), dtype=nl.float32, buffer=nl.hbm)
    normed_hbm = nl.ndarray((rows, cols), dtype=nl.float32, buffer=nl.hbm)

    # Pass 1: variance = mean(x^2); rstd = rsqrt(variance + eps), written to HBM.
    for i in range(rows // 128):
        tile = nl.ndarray((128, cols), dtype=x.dtype, buffer=nl.sbuf)
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
        nisa.dma_copy(dst=rstd_hbm[i * 128:(i + 1) * 128, :], src=rstd)

    # Pass 2: x * rstd in fp32, written to HBM.
    for i in range(rows // 128):
        tile = nl.ndarray((128, cols), dtype=x.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=tile, src=x[i * 128:(i + 1) * 128, :])
        rstd = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.dma_copy(dst=rstd, src=rstd_hbm[i * 128:(i + 1) * 128, :])
        normed = nl.ndarray((128, cols), dtype=nl.float32, buffer=nl.sbuf)
        nisa.tensor_scalar(dst=normed, data=tile, op0=nl.multiply, operand0=rstd)
        nisa.dma_copy(dst=normed_hbm[i * 128:(i + 1) * 128, :], src=normed)

    # Pass 3: weight * normed, cast to the input dtype.
    weight = nl.ndarray((128, cols), dtype=w.dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=weight, src=w.broadcast(0, 128))
    for i in range(rows // 128):
        normed = nl.ndarray((128, cols), dtype=nl.float32, buffer=nl.sbuf)
        nisa.dma_copy(dst=normed, src=normed_hbm[i * 128:(i + 1) * 128, :])
        result = nl.ndarray((128, cols), dtype=x.dtype, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=result, data1=normed, data2=weight, op=nl.multiply)
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, :], src=result)
    return out


# nki-studio: shapes x=bfloat16[512,1024] w=bfloat16[1,1024]
@nki.jit
def rmsnorm_fused(x, w, eps=1e-6):
    rows, cols = x.shape
    out = nl.ndarray((rows, cols), dtype=x.dtype, buffer=nl.shared_hbm)
    # Rows per partition per DMA: at least 4 KiB per partition per transfer when rows are short.
    group = 1
    while group * cols * 2 < 4096 and (rows // 128) % (group * 2) == 0:
        group = group * 2
    weight = nl.ndarray((128, cols), dtype=w.dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=weight, src=w.broadcast(0, 128))
    for i in range(rows // (128 * group)):
        base = i * 128 * group
        # Partition p holds rows base + p * group ... base + p * group + group - 1.
        tile = nl.ndarray((128, group, cols), dtype=x.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=tile, src=x[base:base + 128 * group, :])
        result = nl.ndarray((128, group, cols), dtype=x.dtype, buffer=nl.sbuf)
        for g in range(group):
            squares = nl.ndarray((128, cols), dtype=nl.float32, buffer=nl.sbuf)
            sum_sq = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.activation(dst=squares, op=nl.square, data=tile[:, g, :], reduce_op=nl.add,
                            reduce_res=sum_sq, reduce_cmd=nisa.reduce_cmd.reset_reduce)
            rstd = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.tensor_scalar(dst=rstd, data=sum_sq, op0=nl.multiply, operand0=1.0 / cols,
                               op1=nl.add, operand1=eps)
            nisa.activation(dst=rstd, op=nl.rsqrt, data=rstd)
            # (x * rstd) * w in one Vector Engine pass.
            nisa.scalar_tensor_tensor(dst=result[:, g, :], data=tile[:, g, :], op0=nl.multiply,
                                      operand0=rstd, op1=nl.multiply, operand1=weight)
        nisa.dma_copy(dst=out[base:base + 128 * group, :], src=result)
    return out
