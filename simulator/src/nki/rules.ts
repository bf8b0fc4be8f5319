/**
 * Version-dependent language rules that are not tied to a single API entry.
 *
 * Purpose: the checker asks "in this release, is X allowed, a warning or an error?" instead of
 * comparing versions in its own code (e.g. Beta 1 block dimensions: fine → warned 2.23/2.24 →
 * error from 2.25).
 * Invariant: for each rule, the steps' ranges are disjoint and together cover the whole timeline
 * (2.20 … 2.33), so `ruleStatus` always finds exactly one step (checked by unit tests).
 * Source: nki-api.md §1.1–§1.8 and §3.2 (rule ids in `ref`).
 */
import type { Confidence } from './facts';
import { NEURON_RELEASES, inRange, type VersionRange, type VersionSelection } from './versions';

export type RuleStatus = 'allowed' | 'warning' | 'error' | 'not-applicable';

export interface RuleStep {
  readonly range: VersionRange;
  readonly status: RuleStatus;
  readonly message?: string;
  readonly confidence?: Confidence;
}

export interface LanguageRule {
  readonly id: RuleId;
  readonly description: string;
  readonly steps: readonly RuleStep[];
  readonly source: string;
  readonly fix?: string;
}

export type RuleId =
  | 'block-dimension'
  | 'unknown-keyword'
  | 'legacy-namespace-in-kernel'
  | 'mask-parameter'
  | 'tensor-arithmetic-operators'
  | 'isa-result-assignment'
  | 'nl-binary-broadcasting'
  | 'kernel-output-buffer-shared-hbm'
  | 'raw-int-enum-or-string-buffer'
  | 'program-axis-nonzero'
  | 'multi-dim-launch-grid'
  | 'register-while-loop'
  | 'is-operator-in-kernel'
  | 'keyword-only-kernel-params'
  | 'list-kernel-args'
  | 'jit-on-helper'
  | 'dma-reads-psum'
  | 'loop-body-traced-once'
  | 'affine-loop-carried-dependency';

export const LANGUAGE_RULES: readonly LanguageRule[] = Object.freeze([
  { id: 'block-dimension', description: 'Leading "block" dimensions before the partition dimension of an SBUF/PSUM tensor (e.g. (4, nl.par_dim(128), 512)).',
    steps: [
      { range: { until: '2.23' }, status: 'allowed' },
      { range: { since: '2.23', until: '2.25' }, status: 'warning', message: 'block dimensions are deprecated (error from Neuron 2.25)' },
      { range: { since: '2.25' }, status: 'error', message: 'the partition dimension must be the first dimension (err_leading_dimension_of_tensor_must_be_partition)' },
    ], source: 'nki-api.md §1.1 (2.23–2.25); §3.2 C2', fix: 'move block dims after the partition dim or use a Python list of tiles' },
  { id: 'unknown-keyword', description: 'A keyword argument the API does not declare.',
    steps: [
      { range: { until: '2.28' }, status: 'allowed', message: 'ignored by this release', confidence: 'uncertain' },
      { range: { since: '2.28' }, status: 'error', message: "unexpected keyword argument '{name}'" },
    ], source: 'nki-api.md §1.1 (2.28); §3.2 A5' },
  { id: 'legacy-namespace-in-kernel', description: 'neuronxcc.nki.* used inside an nki.jit kernel.',
    steps: [
      { range: { until: '0.2' }, status: 'allowed' },
      { range: { since: '0.2', until: '0.4' }, status: 'warning', message: 'neuronxcc.nki is deprecated; import nki instead' },
      { range: { since: '0.4' }, status: 'error', message: 'neuronxcc.nki.* inside a kernel is a compile error from NKI 0.4' },
    ], source: 'nki-api.md §1.1 (2.29, 2.30); §3.2 A1', fix: 'import nki / nki.language / nki.isa' },
  { id: 'mask-parameter', description: 'mask= keyword on an nl/nisa call.',
    steps: [{ range: { until: '0.2' }, status: 'allowed' }, { range: { since: '0.2' }, status: 'error', message: 'mask parameter is not supported' }],
    source: 'nki-api.md §1.3 item 2; §3.2 A9', fix: 'slice ragged tiles with min()/slices instead of masks' },
  { id: 'tensor-arithmetic-operators', description: 'Python arithmetic operators on tensors (a + b, a * 2).',
    steps: [
      { range: { until: '0.2' }, status: 'allowed', message: 'no partition-dim broadcasting with operators' },
      { range: { since: '0.2' }, status: 'error', message: 'binary operators on tensors not supported. Use nki.isa directly.' },
    ], source: 'nki-api.md §1.2; §3.2 A12', fix: 'nl.add(a, b) (0.3+) or nisa.tensor_tensor(dst, a, b, op=nl.add)' },
  { id: 'isa-result-assignment', description: 'Using the result of an nki.isa call as a tensor (x = nisa.exp(...)).',
    steps: [
      { range: { until: '0.2' }, status: 'allowed' },
      { range: { since: '0.2' }, status: 'error', message: 'nki.isa calls write their dst argument and return no tensor' },
    ], source: 'nki-api.md §1.3 item 2; §3.2 A10', fix: 'allocate dst with nl.ndarray and pass it as the first argument' },
  { id: 'nl-binary-broadcasting', description: 'Implicit broadcasting in nl binary ops (tile[128,F] op tile[128,1]).',
    steps: [
      { range: { until: '0.2' }, status: 'allowed', message: 'free-dim broadcasting allowed; partition-dim only via nl functions' },
      { range: { since: '0.2', until: '0.3' }, status: 'not-applicable' },
      { range: { since: '0.3', until: '0.5' }, status: 'error', message: 'no broadcasting in binary nl ops: shapes must match' },
      { range: { since: '0.5' }, status: 'error', message: 'no broadcasting in binary nl ops (not stated as fixed after 0.4)', confidence: 'uncertain' },
    ], source: 'nki-api.md §1.2; §1.4 known issues; §3.2 C3', fix: 'nisa.tensor_scalar with a (P,1) operand or nl.broadcast_to' },
  { id: 'kernel-output-buffer-shared-hbm', description: 'Kernel return tensors not allocated with buffer=nl.shared_hbm.',
    steps: [
      { range: { until: '0.3' }, status: 'warning', message: 'outputs are normally created with buffer=nl.shared_hbm', confidence: 'uncertain' },
      { range: { since: '0.3' }, status: 'error', message: 'kernel outputs must be allocated with buffer=nl.shared_hbm' },
    ], source: 'nki-api.md §1.4; §3.2 B9' },
  { id: 'raw-int-enum-or-string-buffer', description: 'Raw ints for enum parameters (dge_mode=2) or strings for buffers (buffer="sbuf").',
    steps: [{ range: { until: '0.3' }, status: 'allowed' }, { range: { since: '0.3' }, status: 'error', message: 'use the enum member (nisa.dge_mode.hwdge) / buffer object (nl.sbuf)' }],
    source: 'nki-api.md §1.4; §3.2 A7' },
  { id: 'program-axis-nonzero', description: 'nl.program_id / nl.num_programs with an axis other than 0.',
    steps: [{ range: { until: '0.2' }, status: 'allowed' }, { range: { since: '0.2' }, status: 'error', message: 'invalid program axis {n} (must be zero)' }],
    source: 'nki-api.md §1.3 item 10; §3.2 E10' },
  { id: 'multi-dim-launch-grid', description: 'kernel[a, b] launch grids with more than one dimension.',
    steps: [{ range: { until: '0.2' }, status: 'allowed' }, { range: { since: '0.2' }, status: 'error', message: 'only a 1-D launch equal to the LNC degree is allowed (kernel[2](…))' }],
    source: 'nki-api.md §1.3 item 10; §2.1' },
  { id: 'register-while-loop', description: 'Bare `while reg:` loop on a VirtualRegister.',
    steps: [
      { range: { until: '0.2' }, status: 'not-applicable' },
      { range: { since: '0.2', until: '0.6' }, status: 'allowed' },
      { range: { since: '0.6', until: '0.7' }, status: 'warning', message: 'register while loops are deprecated; use nl.while_loop' },
      { range: { since: '0.7' }, status: 'error', message: 'register while loops were removed in NKI 0.7; use nl.while_loop' },
    ], source: 'nki-api.md §1.7; §1.8; §3.2 A8' },
  { id: 'is-operator-in-kernel', description: '`is` / `is not` inside a kernel.',
    steps: [
      { range: { until: '0.3' }, status: 'allowed' },
      { range: { since: '0.3', until: '0.7' }, status: 'warning', message: 'release notes say `is` is not supported (use ==); nki-library uses `is None` widely', confidence: 'uncertain' },
      { range: { since: '0.7' }, status: 'allowed', confidence: 'uncertain', message: 'tracing front-end runs ordinary Python' },
    ], source: 'nki-api.md §1.4; §3.2 A11; §6 item 4' },
  { id: 'keyword-only-kernel-params', description: 'A `*` keyword-only separator in the kernel signature.',
    steps: [
      { range: { until: '0.3' }, status: 'allowed', confidence: 'uncertain' },
      { range: { since: '0.3', until: '0.7' }, status: 'error', message: 'keyword-only parameters are not supported in kernel signatures' },
      { range: { since: '0.7' }, status: 'allowed', confidence: 'uncertain' },
    ], source: 'nki-api.md §1.4; §3.2 A11' },
  { id: 'list-kernel-args', description: 'Python lists passed as kernel arguments.',
    steps: [
      { range: { until: '0.3' }, status: 'allowed', confidence: 'uncertain' },
      { range: { since: '0.3', until: '0.7' }, status: 'error', message: 'list kernel arguments are rejected; use tuples' },
      { range: { since: '0.7' }, status: 'allowed', confidence: 'uncertain' },
    ], source: 'nki-api.md §1.4; §3.2 A11' },
  { id: 'jit-on-helper', description: '@nki.jit on a helper function called from a kernel.',
    steps: [
      { range: { until: '0.2' }, status: 'allowed' },
      { range: { since: '0.2' }, status: 'warning', message: '0.2 guide says helpers must not be decorated; nki-library 2.29+ decorates some', confidence: 'uncertain' },
    ], source: 'nki-api.md §1.3 item 1; §3.2 A4' },
  { id: 'dma-reads-psum', description: 'DMA (dma_copy, nl.store) reading a PSUM tile.',
    steps: [
      { range: { until: '0.2' }, status: 'allowed', message: 'nl.store accepted PSUM (2.26 inserts a copy)', confidence: 'uncertain' },
      { range: { since: '0.2', until: '0.3' }, status: 'warning', confidence: 'uncertain' },
      { range: { since: '0.3' }, status: 'error', message: 'DMA cannot read PSUM; copy to SBUF with nisa.tensor_copy first' },
    ], source: 'nki-api.md §1.4; §3.2 B7' },
  { id: 'loop-body-traced-once', description: 'Python side effects inside loops run once (Beta 1 traces the body once).',
    steps: [{ range: { until: '0.2' }, status: 'warning', message: 'the loop body is traced once; Python side effects do not repeat' }, { range: { since: '0.2' }, status: 'not-applicable' }],
    source: 'nki-api.md §1.2' },
  { id: 'affine-loop-carried-dependency', description: 'A tile carried from one iteration of an nl.affine_range loop to the next (other than an associative accumulation such as matmul into PSUM).',
    steps: [
      { range: { until: '0.2' }, status: 'error', message: 'affine_range iterations may run in parallel: a tile may carry a value between iterations only as an associative accumulation (`psum[...] += nl.matmul(...)`, `acc[...] += t`) or an nl.loop_reduce (err_unexpected_output_dependencies)' },
      { range: { since: '0.2' }, status: 'not-applicable', message: 'affine_range is an alias of range and is unrolled in order' },
    ], source: 'nki-api.md §2.7; §3.2 E1', fix: 'use nl.sequential_range, or index the destination with the loop variable' },
] satisfies readonly LanguageRule[]);

const byId: ReadonlyMap<RuleId, LanguageRule> = new Map(LANGUAGE_RULES.map((r) => [r.id, r]));

export function ruleById(id: RuleId): LanguageRule {
  return byId.get(id)!;
}

/** The step of a rule that applies at the selected release. */
export function ruleStatus(id: RuleId, sel: VersionSelection): RuleStep {
  const rule = ruleById(id);
  const step = rule.steps.find((s) => inRange(s.range, sel));
  if (!step) throw new Error(`rule ${id} has no step for ${sel.neuronRelease}`);
  return step;
}

/** For tests: every release matched by exactly one step. */
export function ruleCoverageProblems(): string[] {
  const out: string[] = [];
  for (const r of LANGUAGE_RULES) {
    for (const rel of NEURON_RELEASES) {
      const n = r.steps.filter((s) => inRange(s.range, rel.release)).length;
      if (n !== 1) out.push(`${r.id}: ${n} steps match ${rel.release}`);
    }
  }
  return out;
}
