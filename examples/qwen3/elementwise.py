"""Qwen3 elementwise operations: the residual adds and the MLP's act_fn(gate) * up.

Layout: every tensor is [T, C] with T a multiple of 128.

- residual_add: out = a + b, one 128-row tile per DMA (the same kernel serves as baseline and
  NKI version: a lowering has nothing to fuse in a lone add).
- silu_mul_unfused is the eager graph's two operations: SiLU(gate) is written to HBM, then
  read back and multiplied by up.
- silu_mul_fused applies SiLU on the Scalar Engine and multiplies on the Vector Engine while
  the tile is in SBUF.
"""
import nki
import nki.isa as nisa
import nki.language as nl


# nki-studio: shapes a=bfloat16[512,1024] b=bfloat16[512,1024]
@nki.jit
def residual_add(a, b):
    rows, cols = a.shape
    out = nl.ndarray((rows, cols), dtype=a.dtype, buffer=nl.shared_hbm)
    for i in range(rows // 128):
        x = nl.ndarray((128, cols), dtype=a.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=x, src=a[i * 128:(i + 1) * 128, :])
        y = nl.ndarray((128, cols), dtype=b.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=y, src=b[i * 128:(i + 1) * 128, :])
        total = nl.ndarray((128, cols), dtype=a.dtype, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=total, data1=x, data2=y, op=nl.add)
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, :], src=total)
    return out


# nki-studio: shapes gate=bfloat16[512,3072] up=bfloat16[512,3072]
@nki.jit
def silu_mul_unfused(gate, up):
    rows, cols = gate.shape
    out = nl.ndarray((rows, cols), dtype=gate.dtype, buffer=nl.shared_hbm)
    act = nl.ndarray((rows, cols), dtype=gate.dtype, buffer=nl.hbm)
    for i in range(rows // 128):
        g = nl.ndarray((128, cols), dtype=gate.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=g, src=gate[i * 128:(i + 1) * 128, :])
        s = nl.ndarray((128, cols), dtype=gate.dtype, buffer=nl.sbuf)
        nisa.activation(dst=s, op=nl.silu, data=g)
        nisa.dma_copy(dst=act[i * 128:(i + 1) * 128, :], src=s)
    for i in range(rows // 128):
        s = nl.ndarray((128, cols), dtype=gate.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=s, src=act[i * 128:(i + 1) * 128, :])
        u = nl.ndarray((128, cols), dtype=up.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=u, src=up[i * 128:(i + 1) * 128, :])
        prod = nl.ndarray((128, cols), dtype=gate.dtype, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=prod, data1=s, data2=u, op=nl.multiply)
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, :], src=prod)
    return out


# nki-studio: shapes gate=bfloat16[512,3072] up=bfloat16[512,3072]
@nki.jit
def silu_mul_fused(gate, up):
    rows, cols = gate.shape
    out = nl.ndarray((rows, cols), dtype=gate.dtype, buffer=nl.shared_hbm)
    for i in range(rows // 128):
        g = nl.ndarray((128, cols), dtype=gate.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=g, src=gate[i * 128:(i + 1) * 128, :])
        u = nl.ndarray((128, cols), dtype=up.dtype, buffer=nl.sbuf)
        nisa.dma_copy(dst=u, src=up[i * 128:(i + 1) * 128, :])
        s = nl.ndarray((128, cols), dtype=nl.float32, buffer=nl.sbuf)
        nisa.activation(dst=s, op=nl.silu, data=g)
        prod = nl.ndarray((128, cols), dtype=gate.dtype, buffer=nl.sbuf)
        nisa.tensor_tensor(dst=prod, data1=s, data2=u, op=nl.multiply)
        nisa.dma_copy(dst=out[i * 128:(i + 1) * 128, :], src=prod)
    return out
