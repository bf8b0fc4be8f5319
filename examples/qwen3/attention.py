"""Qwen3 causal self-attention for one (batch, head) pair: out = softmax(q @ k.T * scale + mask) @ v.

Grouped-query attention runs this once per query head; heads of one group read the same k and
v. Layout: q_t and k_t are [D, S] (head dimension on the partitions, the contraction dimension
of q @ k.T), v is [S, D]; S is a multiple of 512, D at most 128.

- attention_naive is the eager graph (Hugging Face's eager_attention_forward) lowered operation by
  operation: the scaled scores plus the additive causal mask [S, S] go to HBM in fp32, softmax
  reads them back row block by row block and writes the bfloat16 probabilities to HBM, and the
  probabilities @ v reads those again. Masked (future) positions are computed like any other.
- flash_attention keeps k and v of the head in SBUF, visits only the key tiles at or before the
  diagonal, masks the diagonal tile on chip (affine_select) and runs an online softmax, so no
  score ever leaves SBUF/PSUM.
"""
import math

import nki
import nki.isa as nisa
import nki.language as nl


# nki-studio: shapes q_t=bfloat16[128,1024] k_t=bfloat16[128,1024] v=bfloat16[1024,128] mask=bfloat16[1024,1024]
@nki.jit
def attention_naive(q_t, k_t, v, mask):
    d, seq = q_t.shape
    scale = 1.0 / math.sqrt(d)
    out = nl.ndarray((seq, d), dtype=v.dtype, buffer=nl.shared_hbm)
    scores = nl.ndarray((seq, seq), dtype=nl.float32, buffer=nl.hbm)
    probs = nl.ndarray((seq, seq), dtype=v.dtype, buffer=nl.hbm)

    # Phase 1: scores = q @ k.T * scale + mask, every tile to HBM.
    for i in range(seq // 128):
        queries = nl.ndarray((d, 128), dtype=q_t.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=queries, src=q_t[:, i * 128:(i + 1) * 128])
        for j in range(seq // 512):
            keys = nl.ndarray((d, 512), dtype=k_t.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=keys, src=k_t[:, j * 512:(j + 1) * 512])
            s_psum = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.psum)
            nisa.nc_matmul(dst=s_psum, stationary=queries, moving=keys)
            m = nl.ndarray((128, 512), dtype=mask.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=m, src=mask[i * 128:(i + 1) * 128, j * 512:(j + 1) * 512])
            s = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.sbuf)
            nisa.scalar_tensor_tensor(dst=s, data=s_psum, op0=nl.multiply, operand0=scale, op1=nl.add, operand1=m)
            nisa.dma_copy(dst=scores[i * 128:(i + 1) * 128, j * 512:(j + 1) * 512], src=s)

    # Phase 2: softmax over each row block in fp32, probabilities to HBM in the input dtype.
    for i in range(seq // 128):
        row = nl.ndarray((128, seq), dtype=nl.float32, buffer=nl.sbuf)
        nisa.dma_copy(dst=row, src=scores[i * 128:(i + 1) * 128, :])
        neg_max = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.tensor_reduce(dst=neg_max, op=nl.maximum, data=row, axis=(1,), negate=True)
        sums = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.activation(dst=row, op=nl.exp, data=row, bias=neg_max, reduce_op=nl.add,
                        reduce_res=sums, reduce_cmd=nisa.reduce_cmd.reset_reduce)
        inv = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.reciprocal(dst=inv, data=sums)
        p = nl.ndarray((128, seq), dtype=v.dtype, buffer=nl.sbuf)
        nisa.tensor_scalar(dst=p, data=row, op0=nl.multiply, operand0=inv)
        nisa.dma_copy(dst=probs[i * 128:(i + 1) * 128, :], src=p)

    # Phase 3: out = probs @ v, 128 keys per matmul (keys on the partitions after a transpose).
    for i in range(seq // 128):
        o_psum = nl.ndarray((128, d), dtype=nl.float32, buffer=nl.psum)
        for j in range(seq // 512):
            p = nl.ndarray((128, 512), dtype=v.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=p, src=probs[i * 128:(i + 1) * 128, j * 512:(j + 1) * 512])
            for t in range(4):
                p_t_psum = nl.ndarray((128, 128), dtype=v.dtype, buffer=nl.psum)
                nisa.nc_transpose(dst=p_t_psum, data=p[:, t * 128:(t + 1) * 128])
                p_t = nl.ndarray((128, 128), dtype=v.dtype, buffer=nl.sbuf)
                nisa.tensor_copy(dst=p_t, src=p_t_psum)
                values = nl.ndarray((128, d), dtype=v.dtype, buffer=nl.sbuf)
                key = j * 512 + t * 128
                nisa.dma_copy(dst=values, src=v[key:key + 128, :])
                nisa.nc_matmul(dst=o_psum, stationary=p_t, moving=values, accumulate=(j + t > 0))
        o_tile = nl.ndarray((128, d), dtype=v.dtype, buffer=nl.sbuf)
        nisa.tensor_copy(dst=o_tile, src=o_psum)
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, :], src=o_tile)
    return out


# nki-studio: shapes q_t=bfloat16[128,1024] k_t=bfloat16[128,1024] v=bfloat16[1024,128]
@nki.jit
def flash_attention(q_t, k_t, v):
    d, seq = q_t.shape
    scale = 1.0 / math.sqrt(d)
    out = nl.ndarray((seq, d), dtype=v.dtype, buffer=nl.shared_hbm)
    # The head's keys and values stay in SBUF: one large DMA for k, one per 128 rows of v.
    keys = nl.ndarray((d, seq), dtype=k_t.dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=keys, src=k_t)
    values = nl.ndarray((128, seq // 128, d), dtype=v.dtype, buffer=nl.sbuf)
    for b in range(seq // 128):
        nisa.dma_copy(dst=values[:, b, :], src=v[b * 128:(b + 1) * 128, :])

    for i in range(seq // 128):
        queries = nl.ndarray((d, 128), dtype=q_t.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=queries, src=q_t[:, i * 128:(i + 1) * 128])
        m = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.memset(dst=m, value=-3.0e38)
        l = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.memset(dst=l, value=0.0)
        acc = nl.ndarray((128, d), dtype=nl.float32, buffer=nl.sbuf)
        nisa.memset(dst=acc, value=0.0)

        # Key tiles of up to 512 columns, ending at the diagonal: later keys are all masked.
        end = (i + 1) * 128
        for j in range((end + 511) // 512):
            k0 = j * 512
            width = min(512, end - k0)
            s_psum = nl.ndarray((128, width), dtype=nl.float32, buffer=nl.psum)
            nisa.nc_matmul(dst=s_psum, stationary=queries, moving=keys[:, k0:k0 + width])
            s = nl.ndarray((128, width), dtype=nl.float32, buffer=nl.sbuf)
            nisa.activation(dst=s, op=nl.copy, data=s_psum, scale=scale)
            if k0 + width == end:
                # Diagonal tile: keep key k0 + f for query i * 128 + p when i * 128 + p - k0 - f >= 0.
                nisa.affine_select(dst=s, pattern=[[-1, width]], channel_multiplier=1, on_true_tile=s,
                                   on_false_value=-3.0e38, cmp_op=nl.greater_equal, offset=i * 128 - k0)

            # Online softmax: new running max, the correction alpha for the old state, this tile's terms.
            block_max = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.tensor_reduce(dst=block_max, op=nl.maximum, data=s, axis=(1,))
            m_new = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.tensor_tensor(dst=m_new, data1=m, data2=block_max, op=nl.maximum)
            neg_m_new = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.tensor_scalar(dst=neg_m_new, data=m_new, op0=nl.multiply, operand0=-1.0)
            alpha = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.activation(dst=alpha, op=nl.exp, data=m, bias=neg_m_new)
            p = nl.ndarray((128, width), dtype=v.dtype, buffer=nl.sbuf)
            p_sum = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.activation(dst=p, op=nl.exp, data=s, bias=neg_m_new, reduce_op=nl.add,
                            reduce_res=p_sum, reduce_cmd=nisa.reduce_cmd.reset_reduce)
            nisa.scalar_tensor_tensor(dst=l, data=l, op0=nl.multiply, operand0=alpha, op1=nl.add, operand1=p_sum)

            # acc = alpha * acc + p @ v for this tile's keys.
            pv = nl.ndarray((128, d), dtype=nl.float32, buffer=nl.psum)
            for t in range(width // 128):
                p_t_psum = nl.ndarray((128, 128), dtype=v.dtype, buffer=nl.psum)
                nisa.nc_transpose(dst=p_t_psum, data=p[:, t * 128:(t + 1) * 128])
                p_t = nl.ndarray((128, 128), dtype=v.dtype, buffer=nl.sbuf)
                nisa.tensor_copy(dst=p_t, src=p_t_psum)
                nisa.nc_matmul(dst=pv, stationary=p_t, moving=values[:, k0 // 128 + t, :], accumulate=(t > 0))
            nisa.scalar_tensor_tensor(dst=acc, data=acc, op0=nl.multiply, operand0=alpha, op1=nl.add, operand1=pv)
            nisa.tensor_copy(dst=m, src=m_new)

        inv = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.reciprocal(dst=inv, data=l)
        o_tile = nl.ndarray((128, d), dtype=v.dtype, buffer=nl.sbuf)
        nisa.tensor_scalar(dst=o_tile, data=acc, op0=nl.multiply, operand0=inv)
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, :], src=o_tile)
    return out
