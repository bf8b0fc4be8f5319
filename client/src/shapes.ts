/**
 * Kernel input shapes as the user types them (`a=bfloat16[128,512] b=bfloat16[512]`): validation
 * for the input box, the directive line, and the names the simulator says it is missing. The
 * syntax rules are the simulator's (`shapeSpec.ts`), so the CLI and the editor agree.
 */
import { formatShapeSpec, parseShapeSpec, parseShapesDirective, type ShapeSpec } from '../../simulator/src/kernel/shapeSpec';

export type ShapesInput = { ok: true; specs: ShapeSpec[] } | { ok: false; error: string };

/** Parses the input box's text; every name in `required` must be given, each name at most once. */
export function parseShapesInput(text: string, required: readonly string[] = []): ShapesInput {
  const tokens = text.trim().split(/\s+(?=[A-Za-z_][A-Za-z0-9_]*\s*=)/).map((t) => t.replace(/\s+/g, '')).filter(Boolean);
  if (tokens.length === 0) return { ok: false, error: 'Give at least one input, e.g. a=bfloat16[128,512]' };
  const specs: ShapeSpec[] = [];
  for (const token of tokens) {
    const r = parseShapeSpec(token);
    if (!r.ok) return { ok: false, error: r.error };
    if (specs.some((s) => s.arg === r.spec.arg)) return { ok: false, error: `${r.spec.arg} is given twice` };
    specs.push(r.spec);
  }
  const missing = required.filter((name) => !specs.some((s) => s.arg === name));
  if (missing.length) return { ok: false, error: `Also give ${missing.join(', ')}` };
  return { ok: true, specs };
}

export function formatShapes(specs: readonly ShapeSpec[]): string {
  return specs.map(formatShapeSpec).join(' ');
}

/** The comment the CLI and the language server read above a kernel's decorators. */
export function directiveLine(specs: readonly ShapeSpec[], indent = ''): string {
  return `${indent}# nki-studio: shapes ${formatShapes(specs)}`;
}

/** The specs of a `# nki-studio: shapes` line, or undefined when the line is not one. */
export function directiveOf(lineText: string): ShapeSpec[] | undefined {
  const m = /^\s*#(.*)$/.exec(lineText);
  return m ? parseShapesDirective(m[1])?.specs : undefined;
}

/**
 * The inputs the simulator could not give a shape to, from its error message
 * (profile: "... give --shape for a, b (e.g. ...)", run: "inputs without shapes: a, b (...)");
 * empty when the failure is about something else.
 */
export function missingInputs(message: string): string[] {
  const m = /(?:give --shape for|inputs without shapes:) ([A-Za-z_]\w*(?:, [A-Za-z_]\w*)*)/.exec(message);
  return m ? m[1].split(', ') : [];
}

/** A starting value for the input box: remembered specs, then an example for each missing name. */
export function suggestShapes(known: readonly ShapeSpec[], missing: readonly string[]): string {
  const parts = known.map(formatShapeSpec);
  for (const name of missing) if (!known.some((s) => s.arg === name)) parts.push(`${name}=bfloat16[128,512]`);
  return parts.join(' ');
}
