/**
 * The rule registry: the only place an NKI rule is declared. Each rule has a stable public code,
 * a slug, a default severity and a one-line title; checks report by code, and severity overrides
 * (`nkiStudio.diagnostics.severity`, `# nki: ignore[...]`) are resolved against this table.
 * Messages themselves are built where the check runs, from the facts it found (limit and actual
 * value), since each needs different numbers.
 */
import type { Severity } from './diagnostic';

export interface RuleSpec {
  code: string;
  slug: string;
  defaultSeverity: Severity;
  title: string;
}

export const RULES = [
  { code: 'NKI000', slug: 'syntax-error', defaultSeverity: 'error', title: 'Python syntax error: analysis of this region is skipped' },
  // Placement
  { code: 'NKI101', slug: 'compute-operand-in-hbm', defaultSeverity: 'error', title: 'Compute instruction operand in the wrong buffer (engines read and write SBUF/PSUM only)' },
  { code: 'NKI102', slug: 'matmul-placement', defaultSeverity: 'error', title: 'Matmul operands must be in SBUF and the result in PSUM' },
  { code: 'NKI103', slug: 'illegal-dma-endpoint', defaultSeverity: 'error', title: 'Illegal DMA source or destination for this NKI version' },
  { code: 'NKI104', slug: 'gpsimd-psum-access', defaultSeverity: 'error', title: 'GpSimd instruction touching PSUM' },
  { code: 'NKI105', slug: 'kernel-result-not-shared-hbm', defaultSeverity: 'error', title: 'Kernel result not in shared HBM' },
  { code: 'NKI106', slug: 'read-before-write', defaultSeverity: 'warning', title: 'Read of on-chip memory that was never written' },
  // Shapes
  { code: 'NKI201', slug: 'partition-dim-over-128', defaultSeverity: 'error', title: 'Partition dimension over 128' },
  { code: 'NKI202', slug: 'psum-tile-over-bank', defaultSeverity: 'error', title: 'PSUM tile larger than one bank (2 KiB per partition)' },
  { code: 'NKI203', slug: 'matmul-free-size', defaultSeverity: 'error', title: 'Matmul free-size limit exceeded (stationary or moving)' },
  { code: 'NKI204', slug: 'matmul-shape-mismatch', defaultSeverity: 'error', title: 'Matmul contraction or result shape mismatch' },
  { code: 'NKI205', slug: 'operand-shape-mismatch', defaultSeverity: 'error', title: 'Operand shapes do not match' },
  { code: 'NKI206', slug: 'index-out-of-bounds', defaultSeverity: 'error', title: 'Index or slice out of bounds' },
  { code: 'NKI207', slug: 'instruction-size-limit', defaultSeverity: 'error', title: 'Instruction-specific size limit exceeded' },
  // Capacity
  { code: 'NKI301', slug: 'sbuf-over-capacity', defaultSeverity: 'error', title: 'SBUF over capacity per partition' },
  { code: 'NKI302', slug: 'psum-over-capacity', defaultSeverity: 'error', title: 'PSUM over capacity (more than 8 banks live)' },
  { code: 'NKI303', slug: 'explicit-address-alignment', defaultSeverity: 'error', title: 'Explicit address (nl.ndarray address=) misaligned: PSUM off a bank boundary, start partition off a quadrant' },
  // Dtypes
  { code: 'NKI401', slug: 'unsupported-dtype', defaultSeverity: 'error', title: 'Dtype not supported by the instruction, engine or target' },
  { code: 'NKI402', slug: 'foreign-dtype-in-kernel', defaultSeverity: 'warning', title: 'NumPy/torch dtype used inside a kernel (use the nl. dtype)' },
  // Language and API
  { code: 'NKI501', slug: 'api-not-available', defaultSeverity: 'error', title: 'API not available in this NKI version' },
  { code: 'NKI502', slug: 'unsupported-construct', defaultSeverity: 'error', title: 'Python construct not supported inside a kernel in this version' },
  { code: 'NKI503', slug: 'affine-loop-carried-dependency', defaultSeverity: 'error', title: 'Loop-carried dependency inside an affine_range loop' },
  { code: 'NKI504', slug: 'bad-arguments', defaultSeverity: 'error', title: 'Wrong arguments to an NKI API' },
  { code: 'NKI505', slug: 'mixed-api-generations', defaultSeverity: 'warning', title: 'NKI API generations mixed in one kernel' },
  // Information
  { code: 'NKI900', slug: 'bad-directive', defaultSeverity: 'warning', title: 'A `# nki-studio:` directive could not be read' },
  { code: 'NKI901', slug: 'analysis-gap', defaultSeverity: 'information', title: 'Analysis gap: some checks were skipped' },
  { code: 'NKI902', slug: 'kernel-trace-failed', defaultSeverity: 'warning', title: 'The kernel could not be traced to the end' },
] as const satisfies readonly RuleSpec[];

export type RuleCode = (typeof RULES)[number]['code'];

const BY_CODE: ReadonlyMap<string, RuleSpec> = new Map(RULES.map((r) => [r.code, r]));

export function ruleSpec(code: RuleCode): RuleSpec {
  return BY_CODE.get(code)!;
}

export function isRuleCode(code: string): code is RuleCode {
  return BY_CODE.has(code);
}
