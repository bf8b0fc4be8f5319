/**
 * Kernel input shape specifications: `ARG=DTYPE[D0,D1,...]`, as given to the CLI's `--shape` and
 * in the `# nki-studio: shapes a=float32[256,1024] b=bfloat16[128]` directive above a kernel.
 * Syntax only: whether the dtype exists for the kernel's NKI version is checked by the caller
 * against the NKI model.
 */

export interface ShapeSpec {
  arg: string;
  dtype: string;
  shape: number[];
}

export type ShapeSpecResult = { ok: true; spec: ShapeSpec } | { ok: false; error: string };

/** Dimensions past this are refused outright: no real tensor has them, and they would overflow budgets. */
const MAX_DIM = 2 ** 40;

const SPEC = /^([A-Za-z_][A-Za-z0-9_]*)=([A-Za-z_][A-Za-z0-9_]*)\[([^\]]*)\]$/;

export function parseShapeSpec(text: string): ShapeSpecResult {
  const m = SPEC.exec(text.trim());
  if (!m) return { ok: false, error: `expected ARG=DTYPE[D0,D1,...], e.g. a=bfloat16[128,512]; got '${text}'` };
  const [, arg, dtype, dims] = m;
  const parts = dims.trim() === '' ? [] : dims.split(',').map((d) => d.trim());
  const shape: number[] = [];
  for (const d of parts) {
    if (!/^\d+$/.test(d)) return { ok: false, error: `dimension '${d}' of ${arg} is not a whole number` };
    const n = Number(d);
    if (n > MAX_DIM) return { ok: false, error: `dimension ${d} of ${arg} is too large` };
    shape.push(n);
  }
  return { ok: true, spec: { arg, dtype, shape } };
}

/** The directive's prefix, matched in a comment's text without the leading `#`. */
const DIRECTIVE = /^\s*nki-studio:\s*shapes\b(.*)$/;

/** Parses whitespace-separated specs (`a=float32[128,512] b=...`, as in manifests and scripts); throws on the first bad one. */
export function parseShapeSpecList(text: string): ShapeSpec[] {
  return text.trim().split(/\s+/).filter(Boolean).map((t) => {
    const r = parseShapeSpec(t);
    if (!r.ok) throw new Error(r.error);
    return r.spec;
  });
}

/** Parses a `# nki-studio: shapes ...` comment (text without `#`). Undefined when not a directive. */
export function parseShapesDirective(commentText: string): { specs: ShapeSpec[]; errors: string[] } | undefined {
  const m = DIRECTIVE.exec(commentText);
  if (!m) return undefined;
  const specs: ShapeSpec[] = [];
  const errors: string[] = [];
  for (const token of m[1].trim().split(/\s+(?=[A-Za-z_][A-Za-z0-9_]*=)/).filter(Boolean)) {
    const r = parseShapeSpec(token.replace(/\s+/g, ''));
    if (r.ok) specs.push(r.spec);
    else errors.push(r.error);
  }
  return { specs, errors };
}

export function formatShapeSpec(spec: ShapeSpec): string {
  return `${spec.arg}=${spec.dtype}[${spec.shape.join(',')}]`;
}
