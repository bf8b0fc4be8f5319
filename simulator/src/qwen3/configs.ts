/**
 * Built-in Qwen3 dense model configurations, from the `config.json` of each Hugging Face
 * checkpoint (https://huggingface.co/Qwen/Qwen3-0.6B/blob/main/config.json, and likewise
 * Qwen3-1.7B, -4B, -8B, -14B, -32B; model cards list layers and heads, e.g.
 * https://huggingface.co/Qwen/Qwen3-14B). Every Qwen3 dense model uses head_dim 128,
 * rms_norm_eps 1e-6, rope_theta 1,000,000, no attention bias, RMSNorm on q and k per head
 * (q_norm / k_norm over head_dim) and a SiLU-gated MLP.
 */

export const QWEN3_MODELS = ['0.6b', '1.7b', '4b', '8b', '14b', '32b'] as const;
export type Qwen3ModelName = (typeof QWEN3_MODELS)[number];

export interface Qwen3Config {
  name: Qwen3ModelName;
  /** Hugging Face repository id. */
  hfId: string;
  hiddenSize: number;
  layers: number;
  /** Query heads (num_attention_heads). */
  heads: number;
  /** Key/value heads (num_key_value_heads); heads / kvHeads query heads share each. */
  kvHeads: number;
  headDim: number;
  /** MLP width (intermediate_size). */
  intermediateSize: number;
  vocabSize: number;
  rmsNormEps: number;
  /** q_norm and k_norm: RMSNorm over head_dim on every query and key head. */
  qkNorm: boolean;
  ropeTheta: number;
  tieWordEmbeddings: boolean;
}

const common = { headDim: 128, vocabSize: 151936, rmsNormEps: 1e-6, qkNorm: true, ropeTheta: 1_000_000 } as const;

export const QWEN3_CONFIGS: Readonly<Record<Qwen3ModelName, Qwen3Config>> = {
  '0.6b': { name: '0.6b', hfId: 'Qwen/Qwen3-0.6B', hiddenSize: 1024, layers: 28, heads: 16, kvHeads: 8, intermediateSize: 3072, tieWordEmbeddings: true, ...common },
  '1.7b': { name: '1.7b', hfId: 'Qwen/Qwen3-1.7B', hiddenSize: 2048, layers: 28, heads: 16, kvHeads: 8, intermediateSize: 6144, tieWordEmbeddings: true, ...common },
  '4b': { name: '4b', hfId: 'Qwen/Qwen3-4B', hiddenSize: 2560, layers: 36, heads: 32, kvHeads: 8, intermediateSize: 9728, tieWordEmbeddings: true, ...common },
  '8b': { name: '8b', hfId: 'Qwen/Qwen3-8B', hiddenSize: 4096, layers: 36, heads: 32, kvHeads: 8, intermediateSize: 12288, tieWordEmbeddings: false, ...common },
  '14b': { name: '14b', hfId: 'Qwen/Qwen3-14B', hiddenSize: 5120, layers: 40, heads: 40, kvHeads: 8, intermediateSize: 17408, tieWordEmbeddings: false, ...common },
  '32b': { name: '32b', hfId: 'Qwen/Qwen3-32B', hiddenSize: 5120, layers: 64, heads: 64, kvHeads: 8, intermediateSize: 25600, tieWordEmbeddings: false, ...common },
};

export function qwen3Config(name: string): Qwen3Config | undefined {
  return (QWEN3_CONFIGS as Record<string, Qwen3Config>)[name];
}
