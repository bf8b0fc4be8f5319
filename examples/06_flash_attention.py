"""Flash attention: out = softmax(q @ k.T / sqrt(d)) @ v without materialising the scores.

For each 128-query block the keys and values stream through in 128-row blocks. An online
softmax keeps, per query row, the running maximum m, the running sum l of exp(s - m) and the
unnormalised output acc; a new block rescales them by exp(m_old - m_new) before adding its own
contribution. Scores never leave SBUF/PSUM (compare 05_attention_naive.py).

Layout: q_t and k_t are [d, S] (head dimension on partitions), v is [S, d]; S a multiple of 128.
"""
import math

import nki
import nki.isa as nisa
import nki.language as nl


# nki-studio: shapes q_t=float32[64,256] k_t=float32[64,256] v=float32[256,64]
@nki.jit
def flash_attention(q_t, k_t, v):
    d, seq = q_t.shape
    scale = 1.0 / math.sqrt(d)
    out = nl.ndarray((seq, d), dtype=v.dtype, buffer=nl.shared_hbm)
    for i in range(seq // 128):
        queries = nl.ndarray((d, 128), dtype=q_t.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=queries, src=q_t[:, i * 128:(i + 1) * 128])
        m = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.memset(dst=m, value=-3.0e38)
        l = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.memset(dst=l, value=0.0)
        acc = nl.ndarray((128, d), dtype=nl.float32, buffer=nl.sbuf)
        nisa.memset(dst=acc, value=0.0)

        for j in range(seq // 128):
            keys = nl.ndarray((d, 128), dtype=k_t.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=keys, src=k_t[:, j * 128:(j + 1) * 128])
            s_psum = nl.ndarray((128, 128), dtype=nl.float32, buffer=nl.psum)
            nisa.nc_matmul(dst=s_psum, stationary=queries, moving=keys)
            s = nl.ndarray((128, 128), dtype=nl.float32, buffer=nl.sbuf)
            nisa.activation(dst=s, op=nl.copy, data=s_psum, scale=scale)

            # Online softmax: new running max, the correction for the old state, this block's terms.
            block_max = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.tensor_reduce(dst=block_max, op=nl.maximum, data=s, axis=(1,))
            m_new = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.tensor_tensor(dst=m_new, data1=m, data2=block_max, op=nl.maximum)
            neg_m_new = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.tensor_scalar(dst=neg_m_new, data=m_new, op0=nl.multiply, operand0=-1.0)
            alpha = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.activation(dst=alpha, op=nl.exp, data=m, bias=neg_m_new)
            p = nl.ndarray((128, 128), dtype=nl.float32, buffer=nl.sbuf)
            p_sum = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.activation(dst=p, op=nl.exp, data=s, bias=neg_m_new, reduce_op=nl.add,
                            reduce_res=p_sum, reduce_cmd=nisa.reduce_cmd.reset_reduce)

            # l = alpha * l + rowsum(p); acc = alpha * acc + p @ v_j.
            nisa.scalar_tensor_tensor(dst=l, data=l, op0=nl.multiply, operand0=alpha, op1=nl.add, operand1=p_sum)
            p_t_psum = nl.ndarray((128, 128), dtype=nl.float32, buffer=nl.psum)
            nisa.nc_transpose(dst=p_t_psum, data=p)
            p_t = nl.ndarray((128, 128), dtype=nl.float32, buffer=nl.sbuf)
            nisa.tensor_copy(dst=p_t, src=p_t_psum)
            values = nl.ndarray((128, d), dtype=v.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=values, src=v[j * 128:(j + 1) * 128, :])
            pv = nl.ndarray((128, d), dtype=nl.float32, buffer=nl.psum)
            nisa.nc_matmul(dst=pv, stationary=p_t, moving=values)
            nisa.scalar_tensor_tensor(dst=acc, data=acc, op0=nl.multiply, operand0=alpha, op1=nl.add, operand1=pv)
            nisa.tensor_copy(dst=m, src=m_new)

        inv = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.reciprocal(dst=inv, data=l)
        o_tile = nl.ndarray((128, d), dtype=v.dtype, buffer=nl.sbuf)
        nisa.tensor_scalar(dst=o_tile, data=acc, op0=nl.multiply, operand0=inv)
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, :], src=o_tile)
    return out
