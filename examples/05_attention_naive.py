"""Naive attention: out = softmax(q @ k.T / sqrt(d)) @ v, with the full score matrix in HBM.

This is what a compiler's default lowering does: phase 1 writes every score S[i, j] to HBM,
phase 2 reads each row block back, applies softmax and multiplies by v. The score matrix costs
S*S*4 bytes of HBM traffic twice; 06_flash_attention.py keeps it on chip instead.

Layout: q_t and k_t are [d, S] (head dimension on partitions, the contraction dimension of
q @ k.T); v is [S, d]. S is a multiple of 128 and at most 512; d is at most 128.
"""
import math

import nki
import nki.isa as nisa
import nki.language as nl


# nki-studio: shapes q_t=float32[64,256] k_t=float32[64,256] v=float32[256,64]
@nki.jit
def attention_naive(q_t, k_t, v):
    d, seq = q_t.shape
    scale = 1.0 / math.sqrt(d)
    out = nl.ndarray((seq, d), dtype=v.dtype, buffer=nl.shared_hbm)
    scores = nl.ndarray((seq, seq), dtype=nl.float32, buffer=nl.hbm)

    keys = nl.ndarray((d, seq), dtype=k_t.dtype, buffer=nl.sbuf)
    nisa.dma_copy(dst=keys, src=k_t)
    # Phase 1: every score, scaled, written to HBM.
    for i in range(seq // 128):
        queries = nl.ndarray((d, 128), dtype=q_t.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=queries, src=q_t[:, i * 128:(i + 1) * 128])
        s_psum = nl.ndarray((128, seq), dtype=nl.float32, buffer=nl.psum)
        nisa.nc_matmul(dst=s_psum, stationary=queries, moving=keys)
        s_tile = nl.ndarray((128, seq), dtype=nl.float32, buffer=nl.sbuf)
        nisa.activation(dst=s_tile, op=nl.copy, data=s_psum, scale=scale)
        nisa.dma_copy(dst=scores[i * 128:(i + 1) * 128, :], src=s_tile)

    # Phase 2: softmax over each row block, then probabilities @ v.
    for i in range(seq // 128):
        row = nl.ndarray((128, seq), dtype=nl.float32, buffer=nl.sbuf)
        nisa.dma_copy(dst=row, src=scores[i * 128:(i + 1) * 128, :])
        neg_max = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.tensor_reduce(dst=neg_max, op=nl.maximum, data=row, axis=(1,), negate=True)
        probs = nl.ndarray((128, seq), dtype=nl.float32, buffer=nl.sbuf)
        sums = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.activation(dst=probs, op=nl.exp, data=row, bias=neg_max, reduce_op=nl.add,
                        reduce_res=sums, reduce_cmd=nisa.reduce_cmd.reset_reduce)
        inv = nl.ndarray((128, 1), dtype=nl.float32, buffer=nl.sbuf)
        nisa.reciprocal(dst=inv, data=sums)

        o_psum = nl.ndarray((128, d), dtype=nl.float32, buffer=nl.psum)
        for j in range(seq // 128):
            # probs[:, j-block] transposed, so the keys sit on partitions for the contraction.
            p_t_psum = nl.ndarray((128, 128), dtype=nl.float32, buffer=nl.psum)
            nisa.nc_transpose(dst=p_t_psum, data=probs[:, j * 128:(j + 1) * 128])
            p_t = nl.ndarray((128, 128), dtype=nl.float32, buffer=nl.sbuf)
            nisa.tensor_copy(dst=p_t, src=p_t_psum)
            values = nl.ndarray((128, d), dtype=v.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=values, src=v[j * 128:(j + 1) * 128, :])
            nisa.nc_matmul(dst=o_psum, stationary=p_t, moving=values, accumulate=(j > 0))
        o_tile = nl.ndarray((128, d), dtype=v.dtype, buffer=nl.sbuf)
        nisa.tensor_scalar(dst=o_tile, data=o_psum, op0=nl.multiply, operand0=inv)
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, :], src=o_tile)
    return out
