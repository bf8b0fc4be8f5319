import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeFile } from '../../../simulator/src/check/analyzeFile';
import { initParser } from '../../../simulator/src/frontend';
import { parseShapeSpecList, type ShapeSpec } from '../../../simulator/src/kernel/shapeSpec';
import { simulate } from '../../../simulator/src/perf/profile';
import type { TargetName } from '../../../simulator/src/profile/schema';
import type { KernelTrace } from '../../../simulator/src/tracer/traceKernel';

/**
 * The matmul tutorial's optimisation steps, in our own words: (1) tiles loaded inside the K loop,
 * (2) loads hoisted out of the loops that reuse them (tiles kept in lists), (3) the free dimensions
 * blocked so each loaded tile serves several output tiles, (4) fewer, larger DMAs over whole blocks.
 * Each step moves fewer HBM bytes or pays fewer per-transfer fixed costs, so each must be faster.
 */
const STEPS_PY = `import nki
import nki.isa as nisa
import nki.language as nl

T_K = 128
T_M = 128
T_N = 512


@nki.jit
def step1_tiled(a_t, b):
    K, M = a_t.shape
    _, N = b.shape
    c = nl.ndarray((M, N), dtype=b.dtype, buffer=nl.shared_hbm)
    for i in nl.affine_range(M // T_M):
        for j in nl.affine_range(N // T_N):
            acc = nl.ndarray((T_M, T_N), dtype=nl.float32, buffer=nl.psum)
            for t in nl.affine_range(K // T_K):
                x = nl.ndarray((T_K, T_M), dtype=a_t.dtype, buffer=nl.sbuf)
                y = nl.ndarray((T_K, T_N), dtype=b.dtype, buffer=nl.sbuf)
                nisa.dma_copy(dst=x, src=a_t[t * T_K:(t + 1) * T_K, i * T_M:(i + 1) * T_M])
                nisa.dma_copy(dst=y, src=b[t * T_K:(t + 1) * T_K, j * T_N:(j + 1) * T_N])
                nisa.nc_matmul(dst=acc, stationary=x, moving=y)
            out = nl.ndarray((T_M, T_N), dtype=b.dtype, buffer=nl.sbuf)
            nisa.tensor_copy(dst=out, src=acc)
            nisa.dma_copy(dst=c[i * T_M:(i + 1) * T_M, j * T_N:(j + 1) * T_N], src=out)
    return c


@nki.jit
def step2_hoisted(a_t, b):
    K, M = a_t.shape
    _, N = b.shape
    c = nl.ndarray((M, N), dtype=b.dtype, buffer=nl.shared_hbm)
    for i in nl.affine_range(M // T_M):
        xs = []
        for t in nl.affine_range(K // T_K):
            x = nl.ndarray((T_K, T_M), dtype=a_t.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=x, src=a_t[t * T_K:(t + 1) * T_K, i * T_M:(i + 1) * T_M])
            xs.append(x)
        for j in nl.affine_range(N // T_N):
            ys = []
            for t in nl.affine_range(K // T_K):
                y = nl.ndarray((T_K, T_N), dtype=b.dtype, buffer=nl.sbuf)
                nisa.dma_copy(dst=y, src=b[t * T_K:(t + 1) * T_K, j * T_N:(j + 1) * T_N])
                ys.append(y)
            acc = nl.ndarray((T_M, T_N), dtype=nl.float32, buffer=nl.psum)
            for t in nl.affine_range(K // T_K):
                nisa.nc_matmul(dst=acc, stationary=xs[t], moving=ys[t])
            out = nl.ndarray((T_M, T_N), dtype=b.dtype, buffer=nl.sbuf)
            nisa.tensor_copy(dst=out, src=acc)
            nisa.dma_copy(dst=c[i * T_M:(i + 1) * T_M, j * T_N:(j + 1) * T_N], src=out)
    return c


@nki.jit
def step3_blocked(a_t, b):
    K, M = a_t.shape
    _, N = b.shape
    BM = 2
    BN = 2
    c = nl.ndarray((M, N), dtype=b.dtype, buffer=nl.shared_hbm)
    for i in nl.affine_range(M // (BM * T_M)):
        xs = []
        for u in nl.affine_range(BM):
            row = []
            for t in nl.affine_range(K // T_K):
                x = nl.ndarray((T_K, T_M), dtype=a_t.dtype, buffer=nl.sbuf)
                m0 = (i * BM + u) * T_M
                nisa.dma_copy(dst=x, src=a_t[t * T_K:(t + 1) * T_K, m0:m0 + T_M])
                row.append(x)
            xs.append(row)
        for j in nl.affine_range(N // (BN * T_N)):
            ys = []
            for v in nl.affine_range(BN):
                col = []
                for t in nl.affine_range(K // T_K):
                    y = nl.ndarray((T_K, T_N), dtype=b.dtype, buffer=nl.sbuf)
                    n0 = (j * BN + v) * T_N
                    nisa.dma_copy(dst=y, src=b[t * T_K:(t + 1) * T_K, n0:n0 + T_N])
                    col.append(y)
                ys.append(col)
            for u in nl.affine_range(BM):
                for v in nl.affine_range(BN):
                    acc = nl.ndarray((T_M, T_N), dtype=nl.float32, buffer=nl.psum)
                    for t in nl.affine_range(K // T_K):
                        nisa.nc_matmul(dst=acc, stationary=xs[u][t], moving=ys[v][t])
                    out = nl.ndarray((T_M, T_N), dtype=b.dtype, buffer=nl.sbuf)
                    nisa.tensor_copy(dst=out, src=acc)
                    m0 = (i * BM + u) * T_M
                    n0 = (j * BN + v) * T_N
                    nisa.dma_copy(dst=c[m0:m0 + T_M, n0:n0 + T_N], src=out)
    return c


@nki.jit
def step4_optimised(a_t, b):
    K, M = a_t.shape
    _, N = b.shape
    BM = 4
    BN = 2
    c = nl.ndarray((M, N), dtype=b.dtype, buffer=nl.shared_hbm)
    for i in nl.affine_range(M // (BM * T_M)):
        m0 = i * BM * T_M
        xs = []
        for t in nl.affine_range(K // T_K):
            x = nl.ndarray((T_K, BM * T_M), dtype=a_t.dtype, buffer=nl.sbuf)
            nisa.dma_copy(dst=x, src=a_t[t * T_K:(t + 1) * T_K, m0:m0 + BM * T_M])
            xs.append(x)
        for j in nl.affine_range(N // (BN * T_N)):
            n0 = j * BN * T_N
            ys = []
            for t in nl.affine_range(K // T_K):
                y = nl.ndarray((T_K, BN * T_N), dtype=b.dtype, buffer=nl.sbuf)
                nisa.dma_copy(dst=y, src=b[t * T_K:(t + 1) * T_K, n0:n0 + BN * T_N])
                ys.append(y)
            for u in nl.affine_range(BM):
                out = nl.ndarray((T_M, BN * T_N), dtype=b.dtype, buffer=nl.sbuf)
                for v in nl.affine_range(BN):
                    acc = nl.ndarray((T_M, T_N), dtype=nl.float32, buffer=nl.psum)
                    for t in nl.affine_range(K // T_K):
                        nisa.nc_matmul(dst=acc, stationary=xs[t][:, u * T_M:(u + 1) * T_M], moving=ys[t][:, v * T_N:(v + 1) * T_N])
                    nisa.tensor_copy(dst=out[:, v * T_N:(v + 1) * T_N], src=acc)
                nisa.dma_copy(dst=c[m0 + u * T_M:m0 + (u + 1) * T_M, n0:n0 + BN * T_N], src=out)
    return c
`;

const STEPS = ['step1_tiled', 'step2_hoisted', 'step3_blocked', 'step4_optimised'];


async function latency(path: string, text: string, kernel: string, specs: ShapeSpec[], target: TargetName, nkiVersion?: string): Promise<number> {
  let trace: KernelTrace | undefined;
  await analyzeFile(path, text, { kernel, shapes: specs, target, nkiVersion, budget: { timeoutMs: 60_000 }, onTrace: (t) => { trace = t; } });
  assert.ok(trace, `no trace of ${kernel}`);
  assert.equal(trace.status, 'complete', `${kernel}: ${trace.failure ?? trace.session.gaps[0]?.reason}`);
  return simulate(trace.session.instructions, trace.session.storages, target).summary.totalNs;
}

describe('the matmul tutorial steps rank as the tutorial explains', () => {
  before(async () => { await initParser(); });

  for (const target of ['trn1', 'trn2', 'trn3'] as const) {
    it(`tiled > hoisted loads > blocked free dims > fully optimised on ${target} (own fixture kernels)`, async function () {
      this.timeout(60_000);
      const specs = parseShapeSpecList('a_t=bfloat16[512,512] b=bfloat16[512,1024]');
      const t: number[] = [];
      for (const k of STEPS) t.push(await latency('matmul_steps.py', STEPS_PY, k, specs, target));
      for (let s = 1; s < t.length; s++) assert.ok(t[s] < t[s - 1], `${STEPS[s]} (${t[s]} ns) should beat ${STEPS[s - 1]} (${t[s - 1]} ns) on ${target}`);
    });
  }

  // The public tutorial itself, read from a local checkout (never copied into the repository).
  it('ranks the corpus tutorial kernels the same way when NKI_CORPUS_SAMPLES points at nki-samples', async function () {
    const root = process.env.NKI_CORPUS_SAMPLES;
    if (!root) {
      console.log('      (skipped: set NKI_CORPUS_SAMPLES to a checkout of aws-neuron/nki-samples to run this check)');
      this.skip();
    }
    this.timeout(300_000);
    const path = join(root, 'src/nki_samples/tutorials/matrix_multiplication/matrix_multiplication_nki_kernels.py');
    const text = readFileSync(path, 'utf8');
    const specs = parseShapeSpecList('lhsT=bfloat16[1024,4096] rhs=bfloat16[1024,2048]');
    const kernels = ['nki_matmul_tiled_', 'nki_matmul_hoist_load_', 'nki_matmul_block_free_dimension_', 'nki_matmul_fully_optimized_'];
    const t: number[] = [];
    for (const k of kernels) t.push(await latency(path, text, k, specs, 'trn2'));
    for (let s = 1; s < t.length; s++) assert.ok(t[s] < t[s - 1], `${kernels[s]} (${t[s]} ns) should beat ${kernels[s - 1]} (${t[s - 1]} ns)`);
  });
});
