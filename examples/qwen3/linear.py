"""Qwen3 linear projections (q/k/v/o, gate/up/down; no bias): out[T, N] = x[T, K] @ w[K, N].

The activations come in transposed, xT = x.T of shape [K, T], so the contraction dimension K
sits on the partitions as the Tensor Engine needs for both operands; w is [K, N] (the
nn.Linear weight, transposed). T and K are multiples of 128, N a multiple of 512.

- linear_naive is the textbook tiling: for every 128-token by 512-column output tile it streams
  both operands through 128-deep slices of K, reloading the weights for every token tile and
  the activations for every column tile (the tiled matmul of examples/02, unblocked).
- linear_tiled holds a block of weight columns in SBUF and streams 512-token blocks of xT past
  it with large DMAs, so each weight is read once per block and each activation once per
  column block; when K is too long for that (the larger models' down projection), K streams
  through in chunks into PSUM accumulators instead.
"""
import nki
import nki.isa as nisa
import nki.language as nl


# nki-studio: shapes xT=bfloat16[1024,512] w=bfloat16[1024,1024]
@nki.jit
def linear_naive(xT, w):
    K, T = xT.shape
    _, N = w.shape
    out = nl.ndarray((T, N), dtype=w.dtype, buffer=nl.shared_hbm)
    for m in range(T // 128):
        for n in range(N // 512):
            acc = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.psum)
            for k in range(K // 128):
                a = nl.ndarray((128, 128), dtype=xT.dtype, buffer=nl.sbuf)
                nisa.dma_copy(dst=a, src=xT[k * 128:(k + 1) * 128, m * 128:(m + 1) * 128])
                b = nl.ndarray((128, 512), dtype=w.dtype, buffer=nl.sbuf)
                nisa.dma_copy(dst=b, src=w[k * 128:(k + 1) * 128, n * 512:(n + 1) * 512])
                nisa.nc_matmul(dst=acc, stationary=a, moving=b, accumulate=(k > 0))
            res = nl.ndarray((128, 512), dtype=w.dtype, buffer=nl.sbuf)
            nisa.tensor_copy(dst=res, src=acc)
            nisa.dma_copy(dst=out[m * 128:(m + 1) * 128, n * 512:(n + 1) * 512], src=res)
    return out


# nki-studio: shapes xT=bfloat16[1024,512] w=bfloat16[1024,1024]
@nki.jit
def linear_tiled(xT, w):
    K, T = xT.shape
    _, N = w.shape
    kt = K // 128
    out = nl.ndarray((T, N), dtype=w.dtype, buffer=nl.shared_hbm)
    tb = 512 if T % 512 == 0 else 128
    # K in chunks of kc 128-row tiles so that a weight chunk and an activation chunk (512 wide
    # each) fit in 96 KiB per partition; the MLP's down projection of the larger models needs it.
    kc = kt
    while kc * 512 * 2 * 2 > 98304 or kt % kc != 0:
        kc = kc - 1
    if kc == kt:
        # The whole K fits: a block of weight columns stays in SBUF while every token block
        # streams past it (as many 512-column tiles as fit in 64 KiB per partition).
        nb = 512
        while N % (nb * 2) == 0 and kt * nb * 2 * 2 <= 65536:
            nb = nb * 2
        for n0 in range(N // nb):
            weights = nl.ndarray((128, kt, nb), dtype=w.dtype, buffer=nl.sbuf)
            for k in range(kt):
                nisa.dma_copy(dst=weights[:, k, :], src=w[k * 128:(k + 1) * 128, n0 * nb:(n0 + 1) * nb])
            for t0 in range(T // tb):
                acts = nl.ndarray((128, kt, tb), dtype=xT.dtype, buffer=nl.sbuf)
                for k in range(kt):
                    nisa.dma_copy(dst=acts[:, k, :], src=xT[k * 128:(k + 1) * 128, t0 * tb:(t0 + 1) * tb])
                for m in range(tb // 128):
                    res = nl.ndarray((128, nb), dtype=w.dtype, buffer=nl.sbuf)
                    for n in range(nb // 512):
                        acc = nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.psum)
                        for k in range(kt):
                            nisa.nc_matmul(dst=acc, stationary=acts[:, k, m * 128:(m + 1) * 128],
                                           moving=weights[:, k, n * 512:(n + 1) * 512], accumulate=(k > 0))
                        nisa.tensor_copy(dst=res[:, n * 512:(n + 1) * 512], src=acc)
                    row = t0 * tb + m * 128
                    nisa.dma_copy(dst=out[row:row + 128, n0 * nb:(n0 + 1) * nb], src=res)
    else:
        # Long K: per 512-column tile and token block, K streams through in chunks while one PSUM
        # accumulator per 128 tokens collects the sum.
        for n0 in range(N // 512):
            for t0 in range(T // tb):
                accs = []
                for m in range(tb // 128):
                    accs.append(nl.ndarray((128, 512), dtype=nl.float32, buffer=nl.psum))
                for c in range(kt // kc):
                    weights = nl.ndarray((128, kc, 512), dtype=w.dtype, buffer=nl.sbuf)
                    acts = nl.ndarray((128, kc, tb), dtype=xT.dtype, buffer=nl.sbuf)
                    for k in range(kc):
                        row = (c * kc + k) * 128
                        nisa.dma_copy(dst=weights[:, k, :], src=w[row:row + 128, n0 * 512:(n0 + 1) * 512])
                        nisa.dma_copy(dst=acts[:, k, :], src=xT[row:row + 128, t0 * tb:(t0 + 1) * tb])
                    for m in range(tb // 128):
                        for k in range(kc):
                            nisa.nc_matmul(dst=accs[m], stationary=acts[:, k, m * 128:(m + 1) * 128],
                                           moving=weights[:, k, :], accumulate=(c + k > 0))
                for m in range(tb // 128):
                    res = nl.ndarray((128, 512), dtype=w.dtype, buffer=nl.sbuf)
                    nisa.tensor_copy(dst=res, src=accs[m])
                    row = t0 * tb + m * 128
                    nisa.dma_copy(dst=out[row:row + 128, n0 * 512:(n0 + 1) * 512], src=res)
    return out
