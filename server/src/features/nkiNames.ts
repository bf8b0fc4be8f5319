/**
 * NKI names as the file writes them and as the tables know them: `nl.tile_size.pmax` in a file
 * with `import nki.language as nl` is `nki.language.tile_size.pmax`, and back. The file's import
 * aliases (`SyntaxSnapshot.nkiAliases`) are the only source of the mapping.
 */
import type { Expr } from '../../../simulator/src/frontend';

/** `a.b.c` for a Name/Attribute chain, else undefined. */
export function dottedName(expr: Expr): string | undefined {
  if (expr.kind === 'Name') return expr.name;
  if (expr.kind === 'Attribute') {
    const base = dottedName(expr.value);
    return base === undefined ? undefined : `${base}.${expr.attr}`;
  }
  return undefined;
}

/** The qualified NKI name of a dotted spelling, if its root is bound by an NKI import. */
export function qualify(dotted: string, aliases: ReadonlyMap<string, string>): string | undefined {
  const dot = dotted.indexOf('.');
  const root = dot < 0 ? dotted : dotted.slice(0, dot);
  const bound = aliases.get(root);
  if (bound === undefined) return undefined;
  return dot < 0 ? bound : `${bound}${dotted.slice(dot)}`;
}

/**
 * How the file would write a qualified name: through the alias whose target is the longest
 * prefix (`nki.isa.engine.vector` → `nisa.engine.vector`). Undefined when no import covers it.
 */
export function spellInFile(qualified: string, aliases: ReadonlyMap<string, string>): string | undefined {
  let best: { alias: string; target: string } | undefined;
  for (const [alias, target] of aliases) {
    const normalised = target.replace(/^neuronxcc\./, '');
    if ((qualified === normalised || qualified.startsWith(`${normalised}.`)) && (!best || normalised.length > best.target.length)) {
      best = { alias, target: normalised };
    }
  }
  return best ? best.alias + qualified.slice(best.target.length) : undefined;
}

const SHORT_PREFIXES: ReadonlyArray<[string, string]> = [['nki.language.', 'nl.'], ['nki.isa.', 'nisa.'], ['nki.typing.', 'nt.']];

/** The conventional short spelling used in docs and messages (`nl.load`, `nisa.nc_matmul`). */
export function displayName(qualified: string): string {
  for (const [long, short] of SHORT_PREFIXES) if (qualified.startsWith(long)) return short + qualified.slice(long.length);
  return qualified;
}

/** The inverse of `displayName` for table text such as a deprecation's `nisa.engine.vector`. */
export function fromDisplayName(name: string): string {
  for (const [long, short] of SHORT_PREFIXES) if (name.startsWith(short)) return long + name.slice(short.length);
  return name;
}
