/**
 * The complete API table: hand-declared entries plus entries generated from the dtype, buffer and
 * tile_size tables and from enum members, indexed by qualified name and alias.
 *
 * Purpose: one frozen index that model.ts and coverage.ts query; nothing else assembles entries.
 * Invariant: qualified names and aliases are unique across ALL_APIS (enforced at load: a duplicate
 * throws); generated entries copy ranges from their source tables, never restate them.
 * Source: see the individual tables.
 */
import { BUFFERS } from '../buffers';
import { DTYPES } from '../dtypes';
import { TILE_SIZE_ATTRS } from '../targets';
import { ISA_ENUMS } from './isaEnums';
import { ISA_INSTRUCTIONS } from './isa';
import { LANGUAGE_APIS } from './language';
import { TOP_APIS } from './top';
import type { ApiEntry, ApiVariant } from './types';

const constVariant = (range: ApiVariant['range'], type: 'dtype' | 'object' | 'int'): ApiVariant =>
  ({ range, callable: false, returns: { kind: 'value', type }, engine: { kind: 'none' } });

function dtypeEntries(): ApiEntry[] {
  return DTYPES.map((d) => ({
    name: `nki.language.${d.name}`, kind: 'dtype', module: 'nki.language', source: d.source,
    doc: `${d.doc} ${d.sizeBytes} byte${d.sizeBytes > 1 ? 's' : ''} per element${d.packedElements ? ` (container of ${d.packedElements})` : ''}.`,
    variants: [constVariant(d.range, 'dtype')],
    ...(d.nlAliases ? { aliases: d.nlAliases.map((a) => `nki.language.${a}`) } : {}),
    ...(d.confidence ? { confidence: d.confidence } : {}),
    ...(d.note ? { note: d.note } : {}),
  }));
}

function bufferEntries(): ApiEntry[] {
  return BUFFERS.map((b) => ({
    name: `nki.language.${b.name}`, kind: 'buffer', module: 'nki.language', source: b.source,
    doc: b.meaning, variants: [constVariant(b.range, 'object')],
  }));
}

function tileSizeEntries(): ApiEntry[] {
  return TILE_SIZE_ATTRS.map((a) => ({
    name: `nki.language.tile_size.${a.name}`, kind: 'constant', module: 'nki.language.tile_size', source: a.value.trn2.source,
    doc: a.doc, variants: [constVariant(a.range, 'int')],
    ...(a.deprecated ? { deprecations: [{ range: { since: a.deprecated.since }, message: `nl.tile_size.${a.name} is deprecated`, replacement: a.deprecated.replacement, mechanical: true }] } : {}),
    ...(a.value.trn2.confidence && a.value.trn2.confidence !== 'documented' ? { confidence: a.value.trn2.confidence } : {}),
  }));
}

function memberEntries(entries: readonly ApiEntry[]): ApiEntry[] {
  const out: ApiEntry[] = [];
  for (const e of entries) {
    if (!e.members) continue;
    for (const m of e.members) {
      out.push({
        name: `${e.name}.${m.name}`, kind: e.kind === 'enum' ? 'enum-member' : 'constant', module: e.name, source: e.source, doc: m.doc,
        variants: [constVariant(m.range ?? e.variants[0]?.range ?? {}, 'object')],
        ...(m.targets ? { targets: m.targets } : {}),
        ...(e.aliases ? { aliases: e.aliases.map((a) => `${a}.${m.name}`) } : {}),
        ...(e.deprecations ? { deprecations: e.deprecations } : {}),
        ...(e.absences ? { absences: e.absences } : {}),
      });
    }
  }
  return out;
}

const DECLARED: readonly ApiEntry[] = [...TOP_APIS, ...LANGUAGE_APIS, ...ISA_ENUMS, ...ISA_INSTRUCTIONS];

/** Every NKI name the tables know, declared once. */
export const ALL_APIS: readonly ApiEntry[] = Object.freeze([
  ...DECLARED,
  ...dtypeEntries(),
  ...bufferEntries(),
  ...tileSizeEntries(),
  ...memberEntries(DECLARED),
]);

function buildIndex(): ReadonlyMap<string, ApiEntry> {
  const idx = new Map<string, ApiEntry>();
  for (const e of ALL_APIS) {
    for (const n of [e.name, ...(e.aliases ?? [])]) {
      if (idx.has(n)) throw new Error(`NKI tables: duplicate name ${n}`);
      idx.set(n, e);
    }
  }
  return idx;
}
const INDEX = buildIndex();

/** Entry by fully qualified name or alias (no namespace normalisation; see model.ts). */
export function apiByName(name: string): ApiEntry | undefined {
  return INDEX.get(name);
}
/** All known qualified names and aliases. */
export function allApiNames(): readonly string[] {
  return [...INDEX.keys()];
}
