/**
 * API signatures as text, from the versioned tables: `nisa.nc_matmul(dst, stationary, moving,
 * is_stationary_onezero=False, …)` with each parameter's label and doc, for hover, completion
 * details and signature help. Pure: tables in, strings out.
 */
import type { ApiVariant, LiteralValue, ParamSpec } from '../../../simulator/src/nki';
import { displayName } from './nkiNames';

export interface SignatureParam {
  label: string;
  name: string;
  doc: string;
  kind: ParamSpec['kind'];
}

export interface SignatureModel {
  label: string;
  params: SignatureParam[];
}

export function formatLiteral(v: LiteralValue): string {
  switch (v.t) {
    case 'none': return 'None';
    case 'bool': return v.v ? 'True' : 'False';
    case 'int': return String(v.v);
    case 'float': return Number.isInteger(v.v) ? v.v.toFixed(1) : String(v.v);
    case 'str': return JSON.stringify(v.v);
    case 'tuple': return v.items.length === 1 ? `(${formatLiteral(v.items[0])},)` : `(${v.items.map(formatLiteral).join(', ')})`;
    case 'list': return `[${v.items.map(formatLiteral).join(', ')}]`;
    case 'ref': return displayName(v.name);
  }
}

function paramLabel(p: ParamSpec): string {
  if (p.kind === 'varargs') return `*${p.name}`;
  if (p.kind === 'kwargs') return `**${p.name}`;
  return p.default ? `${p.name}=${formatLiteral(p.default)}` : p.name;
}

/** Python's `/` and `*` markers are implied by the labels' order; kept out for readability. */
export function signatureOf(qualified: string, variant: ApiVariant): SignatureModel {
  const params = (variant.params ?? []).map((p) => ({ label: paramLabel(p), name: p.name, doc: p.doc, kind: p.kind }));
  return { label: `${displayName(qualified)}(${params.map((p) => p.label).join(', ')})`, params };
}
