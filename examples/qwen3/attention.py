"""Qwen3 causal self-attention for one (batch, head) pair: out = softmax(q @ k.T * scale + mask) @ v.

Grouped-query attention runs this once per query head; heads of one group read the same k and
v. Layout: q_t and k_t are [D, S] (head dimension on the partitions, the contraction dimension
of q @ k.T), v is [S, D]; S is a multiple of 512, D at most 128.

- attention_naive is the eager graph (Hugging Face's eager_attention_forward) lowered operation by
  operation: the scaled scores plus the additive causal mask [S, S] go to HBM in fp32, softmax
  reads them back row block by row block and writes the bfloat16 probabilities to HBM, and the
  probabilities @ v reads those again. Masked (future) positions are computed like any other.
- flash_attention keeps k and v of the head in SBUF, visits only the keys at or before the
  diagonal in sections of up to 2048, masks the diagonal block on chip (affine_select) and runs
  an online softmax, so no score ever leaves SBUF/PSUM; the next section's scores are issued
  before the current section's softmax (software pipelining).
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


def _scores(q_t, keys, i, k0, width, end, scale):
    """Scaled scores of query block i against keys k0 ... k0 + width, diagonal block masked."""
    d = q_t.shape[0]
    queries = nl.ndarray((d, 128), dtype=q_t.dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=queries, src=q_t[:, i * 128:(i + 1) * 128])
    s_psum = nl.ndarray((128, width), dtype=nl.float32, buffer=nl.psum)
    for c in range((width + 511) // 512):
        c1 = min(width, (c + 1) * 512)
        nisa.nc_matmul(dst=s_psum[:, c * 512:c1], stationary=queries, moving=keys[:, k0 + c * 512:k0 + c1])
    s = nl.ndarray((128, width), dtype=nl.float32, buffer=nl.sbuf)
    nisa.activation(dst=s, op=nl.copy, data=s_psum, scale=scale)
    if k0 + width == end:
        # The diagonal 128 x 128 block: keep key i*128 + f for query i*128 + p when p - f >= 0.
        diag = s[:, width - 128:width]
        nisa.affine_select(dst=diag, pattern=[[-1, 128]], channel_multiplier=1, on_true_tile=diag,
                           on_false_value=-3.0e38, cmp_op=nl.greater_equal, offset=0)
    return s


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

    # Work items: (query block, section of up to 2048 keys ending at the diagonal). Later keys
    # are all masked, so they are never computed; large sections amortise the per-section
    # bookkeeping over many keys.
    items = []
    for i in range(seq // 128):
        end = (i + 1) * 128
        for k0 in range(0, end, 2048):
            items.append((i, k0, min(2048, end - k0), end))

    # Software pipeline: the next item's scores are issued before this item's softmax and p @ v,
    # so the Tensor Engine has matmuls to run while the softmax of this item is in flight.
    i, k0, width, end = items[0]
    pending = _scores(q_t, keys, i, k0, width, end, scale)
    for n in range(len(items)):
        i, k0, width, end = items[n]
        s = pending
        if n + 1 < len(items):
            ni, nk0, nwidth, nend = items[n + 1]
            pending = _scores(q_t, keys, ni, nk0, nwidth, nend, scale)
        if k0 == 0:
            # Running state per query row: -max (neg_m), sum of exp (l), unnormalised output (acc).
            neg_m = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.memset(dst=neg_m, value=3.0e38)
            l = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.memset(dst=l, value=0.0)
            acc = nl.ndarray((128, d), dtype=nl.float32, buffer=nl.sbuf)
            nisa.memset(dst=acc, value=0.0)

        # Online softmax: -max over the section, the new running -max, alpha = exp(m_old - m_new).
        neg_max = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.tensor_reduce(dst=neg_max, op=nl.maximum, data=s, axis=(1,), negate=True)
        neg_m_new = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=neg_m_new, data1=neg_m, data2=neg_max, op=nl.minimum)
        alpha = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.activation(dst=alpha, op=nl.exp, data=neg_m, scale=-1.0, bias=neg_m_new)
        p = nl.ndarray((128, width), dtype=v.dtype, buffer=nl.sbuf)
        p_sum = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.activation(dst=p, op=nl.exp, data=s, bias=neg_m_new, reduce_op=nl.add,
                        reduce_res=p_sum, reduce_cmd=nisa.reduce_cmd.reset_reduce)
        nisa.scalar_tensor_tensor(dst=l, data=l, op0=nl.multiply, operand0=alpha, op1=nl.add, operand1=p_sum)

        # acc = alpha * acc + p @ v for this section's keys, 128 keys per matmul. All blocks of p
        # are transposed first and copied out of PSUM in one instruction, so the Tensor Engine
        # does not wait on a copy between each transpose and its matmul.
        p_t_psum = nl.ndarray((128, width), dtype=v.dtype, buffer=nl.psum)
        for t in range(width // 128):
            nisa.nc_transpose(dst=p_t_psum[:, t * 128:(t + 1) * 128], data=p[:, t * 128:(t + 1) * 128])
        p_t = nl.ndarray((128, width), dtype=v.dtype, buffer=nl.sbuf)
        nisa.tensor_copy(dst=p_t, src=p_t_psum)
        pv = nl.ndarray((128, d), dtype=nl.float32, buffer=nl.psum)
        for t in range(width // 128):
            nisa.nc_matmul(dst=pv, stationary=p_t[:, t * 128:(t + 1) * 128], moving=values[:, k0 // 128 + t, :],
                           accumulate=(t > 0))
        nisa.scalar_tensor_tensor(dst=acc, data=acc, op0=nl.multiply, operand0=alpha, op1=nl.add, operand1=pv)
        neg_m = neg_m_new

        if k0 + width == end:
            inv = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
            nisa.reciprocal(dst=inv, data=l)
            o_tile = nl.ndarray((128, d), dtype=v.dtype, buffer=nl.sbuf)
            nisa.tensor_scalar(dst=o_tile, data=acc, op0=nl.multiply, operand0=inv)
            nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, :], src=o_tile)
    return out
