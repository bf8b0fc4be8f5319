"""Qwen3 rotary position embedding on q or k (after q_norm / k_norm), as Hugging Face's
apply_rotary_pos_emb: out = x * cos + rotate_half(x) * sin, rotate_half(x) = cat(-x2, x1)
with x1, x2 the two halves of each head.

Layout: x is [T, H * D] (tokens on rows, heads side by side), cos and sin are [T, D] (the same
for every head); T is a multiple of 128.

- rope_unfused follows the eager graph's separate operations: x * cos, rotate_half(x) (a negate
  and a concatenation), its product with sin and the final add each read their inputs from HBM
  and write their result back.
- rope_fused loads each 128-token tile once, applies the rotation to all heads at once through
  [tokens, heads, D] views and stores the result.
"""
import nki
import nki.isa as nisa
import nki.language as nl


# nki-studio: shapes x=bfloat16[512,2048] cos=bfloat16[512,128] sin=bfloat16[512,128]
@nki.jit
def rope_unfused(x, cos, sin):
    rows, cols = x.shape
    d = cos.shape[1]
    heads = cols // d
    half = d // 2
    out = nl.ndarray((rows, cols), dtype=x.dtype, buffer=nl.shared_hbm)
    x_cos = nl.ndarray((rows, cols), dtype=x.dtype, buffer=nl.hbm)
    rotated = nl.ndarray((rows, cols), dtype=x.dtype, buffer=nl.hbm)
    rot_sin = nl.ndarray((rows, cols), dtype=x.dtype, buffer=nl.hbm)
    for i in range(rows // 128):
        r = slice(i * 128, (i + 1) * 128)
        # x * cos (cos broadcast over heads).
        xt = nl.ndarray((128, heads, d), dtype=x.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=xt, src=x[r, :])
        c = nl.ndarray((128, heads, d), dtype=cos.dtype, buffer=nl.sbuf)
        for h in range(heads):
            nisa.dma_copy(dst=c[:, h, :], src=cos[r, :])
        prod = nl.ndarray((128, heads, d), dtype=x.dtype, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=prod, data1=xt, data2=c, op=nl.multiply)
        nisa.dma_copy(dst=x_cos[r, :], src=prod)
    for i in range(rows // 128):
        r = slice(i * 128, (i + 1) * 128)
        # rotate_half(x) = cat(-x2, x1).
        xt = nl.ndarray((128, heads, d), dtype=x.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=xt, src=x[r, :])
        rot = nl.ndarray((128, heads, d), dtype=x.dtype, buffer=nl.sbuf)
        nisa.tensor_scalar(dst=rot[:, :, 0:half], data=xt[:, :, half:d], op0=nl.multiply, operand0=-1.0)
        nisa.tensor_copy(dst=rot[:, :, half:d], src=xt[:, :, 0:half])
        nisa.dma_copy(dst=rotated[r, :], src=rot)
    for i in range(rows // 128):
        r = slice(i * 128, (i + 1) * 128)
        rot = nl.ndarray((128, heads, d), dtype=x.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=rot, src=rotated[r, :])
        s = nl.ndarray((128, heads, d), dtype=sin.dtype, buffer=nl.sbuf)
        for h in range(heads):
            nisa.dma_copy(dst=s[:, h, :], src=sin[r, :])
        prod = nl.ndarray((128, heads, d), dtype=x.dtype, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=prod, data1=rot, data2=s, op=nl.multiply)
        nisa.dma_copy(dst=rot_sin[r, :], src=prod)
    for i in range(rows // 128):
        r = slice(i * 128, (i + 1) * 128)
        a = nl.ndarray((128, cols), dtype=x.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=a, src=x_cos[r, :])
        b = nl.ndarray((128, cols), dtype=x.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=b, src=rot_sin[r, :])
        total = nl.ndarray((128, cols), dtype=x.dtype, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=total, data1=a, data2=b, op=nl.add)
        nisa.dma_copy(dst=out[r, :], src=total)
    return out


# nki-studio: shapes x=bfloat16[512,2048] cos=bfloat16[512,128] sin=bfloat16[512,128]
@nki.jit
def rope_fused(x, cos, sin):
    rows, cols = x.shape
    d = cos.shape[1]
    heads = cols // d
    half = d // 2
    out = nl.ndarray((rows, cols), dtype=x.dtype, buffer=nl.shared_hbm)
    for i in range(rows // 128):
        r = slice(i * 128, (i + 1) * 128)
        xt = nl.ndarray((128, heads, d), dtype=x.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=xt, src=x[r, :])
        c = nl.ndarray((128, 1, d), dtype=nl.float32, buffer=nl.sbuf)
        nisa.dma_copy(dst=c[:, 0, :], src=cos[r, :])
        s = nl.ndarray((128, 1, d), dtype=nl.float32, buffer=nl.sbuf)
        nisa.dma_copy(dst=s[:, 0, :], src=sin[r, :])
        # out1 = x1 * cos1 - x2 * sin1; out2 = x2 * cos2 + x1 * sin2, for all heads per instruction.
        a = nl.ndarray((128, heads, d), dtype=nl.float32, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=a, data1=xt, data2=c.broadcast(1, heads), op=nl.multiply)
        b = nl.ndarray((128, heads, d), dtype=nl.float32, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=b[:, :, 0:half], data1=xt[:, :, half:d], data2=s[:, :, 0:half].broadcast(1, heads), op=nl.multiply)
        nisa.tensor_tensor(dst=b[:, :, half:d], data1=xt[:, :, 0:half], data2=s[:, :, half:d].broadcast(1, heads), op=nl.multiply)
        res = nl.ndarray((128, heads, d), dtype=x.dtype, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=res[:, :, 0:half], data1=a[:, :, 0:half], data2=b[:, :, 0:half], op=nl.subtract)
        nisa.tensor_tensor(dst=res[:, :, half:d], data1=a[:, :, half:d], data2=b[:, :, half:d], op=nl.add)
        nisa.dma_copy(dst=out[r, :], src=res)
    return out
