/**
 * The Qwen3 per-layer speedups report the viewer's Qwen3 tab reads. The schema and its validator
 * live with the CLI that writes them (simulator/src/qwen3/schema.ts), so the two stay in step.
 */
export * from '../../../simulator/src/qwen3/schema';
