/**
 * Everything the editor says about one NKI name for the file's version and target: signature,
 * doc text, the engine that runs it, the limits that apply on the target, and availability,
 * deprecation and target notes. Shared by hover and completion documentation.
 * Pure: (model, qualified name) in, an `ApiInfo` model out; no LSP or Markdown here.
 */
import {
  describeRef, type ApiEntry, type ApiVariant, type EngineBinding, type LookupResult, type NkiModel, type VersionRange,
} from '../../../simulator/src/nki';
import { formatBytes } from '../../../simulator/src/tracer/convert';
import { displayName } from './nkiNames';
import { signatureOf } from './signatures';

export interface ApiInfo {
  qualified: string;
  display: string;
  kind: ApiEntry['kind'];
  /** Present for callables. */
  signature?: string;
  doc: string;
  /** Engine that executes it (instructions) or how it is evaluated. */
  engine?: string;
  /** Shape and capacity limits on the model's target. */
  limits: string[];
  /** Availability, deprecation, target gating, uncertainty. */
  notes: string[];
  /** 'NKI 0.7 (Neuron 2.33) on trn2'. */
  modelLabel: string;
}

function engineText(model: NkiModel, binding: EngineBinding): string | undefined {
  const name = (id: Parameters<NkiModel['engine']>[0]): string => {
    const e = model.engine(id);
    return `${e.displayName} (${e.hwName})`;
  };
  switch (binding.kind) {
    case 'fixed': return name(binding.engine);
    case 'select': return `chosen by \`${binding.param}=\`: ${binding.allowed.map(name).join(', ')}${binding.default ? `; default ${name(binding.default)}` : ''}${binding.note ? ` (${binding.note})` : ''}`;
    case 'lowered': return `lowered by the compiler to ${binding.engines.map(name).join(', ')}`;
    case 'none': return undefined;
  }
}

function rangeText(range: VersionRange): string {
  const parts = [range.since ? `from ${describeRef(range.since)}` : '', range.until ? `before ${describeRef(range.until)}` : ''].filter(Boolean);
  return parts.length ? parts.join(' ') : 'in every version';
}

function variantLimits(model: NkiModel, variant: ApiVariant): string[] {
  return (variant.limits ?? [])
    .filter((l) => !l.targets || l.targets.includes(model.target))
    .map((l) => `${l.message}${l.when ? ` (when ${l.when})` : ''}`);
}

/** Capacities that give a buffer, dtype or tile-size constant its meaning on the target. */
function valueLimits(model: NkiModel, entry: ApiEntry): string[] {
  const short = entry.name.slice(entry.name.lastIndexOf('.') + 1);
  const L = model.limits;
  if (entry.kind === 'buffer' && short === 'sbuf') {
    return [`${L.partitions} partitions × ${formatBytes(L.sbufBytesPerPartitionUsable)} usable per partition on ${model.target} (${formatBytes(L.sbufBytesPerPartitionRaw)} raw)`];
  }
  if (entry.kind === 'buffer' && short === 'psum') {
    return [`${L.partitions} partitions × ${formatBytes(L.psumBytesPerPartition)} per partition on ${model.target}: ${L.psumBanks} banks of ${formatBytes(L.psumBankBytes)} (${L.psumBankFp32Elems} fp32 elements)`];
  }
  if (entry.module.endsWith('.tile_size') && short in model.tileSize) return [`${displayName(entry.name)} = ${model.tileSize[short]} on ${model.target}`];
  if (entry.kind === 'dtype') {
    const d = model.dtype(short);
    if (d) return [`${d.sizeBytes} byte${d.sizeBytes === 1 ? '' : 's'} per element${d.packedElements ? ` (${d.packedElements} packed elements)` : ''}`];
  }
  return [];
}

function notesOf(found: LookupResult): string[] {
  const notes: string[] = [];
  if (found.status === 'available') {
    if (found.deprecation) notes.push(`Deprecated: ${found.deprecation.message}${found.deprecation.replacement ? `; use ${found.deprecation.replacement}` : ''}.`);
    if (!found.targetSupported && found.targetMessage) notes.push(`Not on this target: ${found.targetMessage}.`);
    if (found.variant.doc) notes.push(found.variant.doc);
    if (found.variant.confidence === 'uncertain' && found.variant.note) notes.push(`Uncertain: ${found.variant.note}.`);
    if (found.entry.variants.length > 0 && found.entry.variants.some((v) => v.range.since || v.range.until)) {
      notes.push(`Available ${found.entry.variants.map((v) => rangeText(v.range)).join('; ')}.`);
    }
  } else if (found.status === 'unavailable') {
    notes.push(`${found.message}. ${found.replacement}`.replace(/\.\s*\./, '.'));
  }
  return notes;
}

/** Undefined for names the tables do not know. */
export function apiInfo(model: NkiModel, qualified: string): ApiInfo | undefined {
  const found = model.lookup(qualified);
  if (found.status === 'unknown' || found.status === 'unmodelled') return undefined;
  const entry = found.entry;
  const variant = found.status === 'available' ? found.variant : entry.variants[entry.variants.length - 1];
  const engine = variant ? engineText(model, variant.engine) : undefined;
  return {
    qualified: entry.name,
    display: displayName(entry.name),
    kind: entry.kind,
    signature: variant?.callable ? signatureOf(entry.name, variant).label : undefined,
    doc: entry.doc,
    engine,
    limits: [...(variant ? variantLimits(model, variant) : []), ...valueLimits(model, entry)],
    notes: notesOf(found),
    modelLabel: model.label,
  };
}
