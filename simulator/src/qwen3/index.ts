/** Qwen3 prefill latency from simulated NKI kernels: configurations, decomposition, timing, report. */
export { QWEN3_MODELS, QWEN3_CONFIGS, qwen3Config, type Qwen3Config, type Qwen3ModelName } from './configs';
export { decoderLayerOps, finalOps, shapeProblem, type LayerOp, type OpCall, type OpKind } from './decompose';
export { BUNDLED, bundledKernel, bundledKernelDir, bundledInputs, attentionBinding, type KernelRef, type KernelInputs } from './kernels';
export { timeKernel, TimingCache, cacheKey, type KernelTiming, type TimingOptions } from './timing';
export { runQwen3, assembleReport, type Qwen3RunOptions, type AttentionChoice } from './model';
export { formatQwen3Text } from './text';
export * from './schema';
